"""Detected recommendations: choose which of the items found in the document join the taxonomy."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, SelectionList
from textual.widgets.selection_list import Selection

from annotations.documents.display import display_safe
from annotations.text_plural import count_of

if TYPE_CHECKING:
    from annotations.documents.detection import DetectedRecommendation
    from annotations.format.model import Recommendation

TITLE_EXCERPT = 100


def not_in_taxonomy(
    detected: Sequence[DetectedRecommendation], taxonomy: Sequence[Recommendation]
) -> list[DetectedRecommendation]:
    """The detected items that are new: no recommendation has the same id or the same span."""
    ids = {r.id for r in taxonomy}
    spans = {(r.start, r.end) for r in taxonomy if r.start is not None and r.end is not None}
    return [d for d in detected if d.id not in ids and (d.start, d.end) not in spans]


class DetectedPicker(ModalScreen["list[DetectedRecommendation] | None"]):
    """The detected recommendations not yet in the taxonomy; returns those chosen (None: cancel)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="detected.cancel", priority=True),
        Binding("enter", "add", "Add chosen", id="detected.add", priority=True),
        Binding("space", "toggle_highlighted", "Toggle", id="detected.toggle", priority=True),
        Binding("a", "all", "All / none", id="detected.all"),
    ]

    def __init__(self, found: Sequence[DetectedRecommendation]) -> None:
        super().__init__()
        self.found = list(found)

    def compose(self) -> ComposeResult:
        """A title, a hint and the list of items found."""
        count = len(self.found)
        with Vertical(id="detected-dialog"):
            yield Label(
                f"Detected {count_of(count, 'recommendation')} not in the taxonomy",
                id="detected-title",
            )
            yield Label(
                "Space toggles, a chooses all (or none), Enter adds the chosen ones, Esc cancels",
                id="detected-hint",
            )
            yield SelectionList[int](
                *(Selection(self._prompt(item), index) for index, item in enumerate(self.found)),
                id="detected-list",
            )

    @staticmethod
    def _prompt(item: DetectedRecommendation) -> Text:
        title = " ".join(display_safe(item.title, keep_newlines=False).split())
        if len(title) > TITLE_EXCERPT:
            title = title[: TITLE_EXCERPT - 1] + "…"
        prompt = Text(no_wrap=True, overflow="ellipsis")
        prompt.append(f"{display_safe(item.id, keep_newlines=False):<6}", style="bold")
        prompt.append(display_safe(item.label, keep_newlines=False), style="dim")
        prompt.append("  " + title)
        return prompt

    def on_mount(self) -> None:
        """Focus the list."""
        selection_list = self.query_one("#detected-list", SelectionList)
        selection_list.focus()
        if self.found:
            selection_list.highlighted = 0

    @property
    def _list(self) -> SelectionList[int]:
        return self.query_one("#detected-list", SelectionList)

    def action_toggle_highlighted(self) -> None:
        """Choose (or unchoose) the highlighted item."""
        selection_list = self._list
        if selection_list.highlighted is not None:
            selection_list.toggle(selection_list.get_option_at_index(selection_list.highlighted))

    def action_all(self) -> None:
        """Choose every item (or none, when all are chosen already)."""
        selection_list = self._list
        if len(selection_list.selected) == len(self.found):
            selection_list.deselect_all()
        else:
            selection_list.select_all()

    def action_add(self) -> None:
        """Close, adding the chosen items."""
        chosen = sorted(self._list.selected)
        self.dismiss([self.found[index] for index in chosen])

    def action_cancel(self) -> None:
        """Close without adding anything."""
        self.dismiss(None)
