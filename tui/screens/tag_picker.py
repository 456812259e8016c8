"""The tag picker: filter principles and recommendations as you type, Space toggles, Enter applies."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, SelectionList
from textual.widgets.selection_list import Selection

from annotations.display import display_safe
from annotations.model import AnnotationFile


@dataclass(frozen=True)
class TagChoice:
    """The tags chosen in the picker."""

    principles: tuple[str, ...]
    recommendations: tuple[str, ...]


class TagFilter(Input):
    """The picker's filter box: Space toggles the highlighted tag instead of typing a space."""

    def check_consume_key(self, key: str, character: str | None = None) -> bool:
        """Leave Space to the picker's binding."""
        return key != "space" and super().check_consume_key(key, character)


class TagPicker(ModalScreen[TagChoice | None]):
    """Pick the principles and recommendations of a passage."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="picker.cancel", priority=True),
        Binding("enter", "apply", "Apply", id="picker.apply", priority=True),
        Binding("space", "toggle_highlighted", "Toggle", id="picker.toggle", priority=True),
        Binding("down", "cursor(1)", "Down", id="picker.down", show=False, priority=True),
        Binding("up", "cursor(-1)", "Up", id="picker.up", show=False, priority=True),
    ]

    def __init__(
        self, model: AnnotationFile, principles: set[str], recommendations: set[str], passage: str
    ) -> None:
        super().__init__()
        self.model = model
        self.chosen: dict[str, bool] = {
            f"p:{p.id}": p.id in principles for p in model.taxonomy.principles
        }
        self.chosen.update(
            {f"r:{r.id}": r.id in recommendations for r in model.taxonomy.recommendations}
        )
        self.passage = passage

    def compose(self) -> ComposeResult:
        """A filter box above the list of tags."""
        with Vertical(id="picker-dialog"):
            yield Label(
                Text(
                    "Tag: " + display_safe(self.passage, keep_newlines=False),
                    no_wrap=True,
                    overflow="ellipsis",
                ),
                id="picker-title",
            )
            yield TagFilter(
                placeholder="Type to filter; Space toggles, Enter applies, Esc cancels",
                id="picker-filter",
            )
            yield SelectionList[str](id="picker-list")

    def on_mount(self) -> None:
        """Fill the list and focus the filter."""
        self._fill("")
        self.query_one("#picker-filter", Input).focus()

    def _options(self) -> list[tuple[str, str]]:
        options = []
        for number, principle in enumerate(self.model.taxonomy.principles, start=1):
            options.append((f"p:{principle.id}", f"{number}. {principle.label}  (principle)"))
        for recommendation in self.model.taxonomy.recommendations:
            options.append(
                (f"r:{recommendation.id}", f"{recommendation.id}: {recommendation.title}")
            )
        return options

    def _fill(self, query: str) -> None:
        selection_list = self.query_one("#picker-list", SelectionList)
        selection_list.clear_options()
        words = query.lower().split()
        items = []
        for value, label in self._options():
            if all(word in label.lower() or word in value.lower() for word in words):
                prompt = Text(
                    display_safe(label, keep_newlines=False), no_wrap=True, overflow="ellipsis"
                )
                items.append(Selection(prompt, value, self.chosen[value]))
        selection_list.add_options(items)
        if items:
            selection_list.highlighted = 0

    def on_input_changed(self, event: Input.Changed) -> None:
        """Filter as the user types."""
        self._fill(event.value)

    def on_selection_list_selection_toggled(
        self, event: SelectionList.SelectionToggled[str]
    ) -> None:
        """Keep the chosen set in step with clicks on the list."""
        value = event.selection.value
        self.chosen[value] = value in event.selection_list.selected

    def action_cursor(self, delta: int) -> None:
        """Move the highlight in the list while typing in the filter."""
        selection_list = self.query_one("#picker-list", SelectionList)
        if selection_list.option_count:
            current = selection_list.highlighted if selection_list.highlighted is not None else -1
            selection_list.highlighted = min(
                max(current + delta, 0), selection_list.option_count - 1
            )

    def action_toggle_highlighted(self) -> None:
        """Toggle the highlighted tag."""
        selection_list = self.query_one("#picker-list", SelectionList)
        if selection_list.highlighted is None:
            return
        option = selection_list.get_option_at_index(selection_list.highlighted)
        value = str(option.value)
        self.chosen[value] = not self.chosen[value]
        selection_list.toggle(value)

    def action_apply(self) -> None:
        """Close, applying the chosen tags."""
        principles = tuple(v[2:] for v, on in self.chosen.items() if on and v.startswith("p:"))
        recommendations = tuple(v[2:] for v, on in self.chosen.items() if on and v.startswith("r:"))
        self.dismiss(TagChoice(principles, recommendations))

    def action_cancel(self) -> None:
        """Close without changing anything."""
        self.dismiss(None)
