"""The tag picker: filter principles and recommendations as you type, Tab toggles, Enter applies.

Space toggles too while the filter is empty (browsing the list with the arrows); once the filter
has text, Space types a space, as recommendation titles are phrases ("digital leadership").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.strip import Strip
from textual.widgets import Input, Label, OptionList, SelectionList
from textual.widgets.option_list import OptionDoesNotExist
from textual.widgets.selection_list import Selection

from annotations.documents.display import display_safe
from annotations.format.model import AnnotationFile


@dataclass(frozen=True)
class TagChoice:
    """The tags chosen in the picker."""

    principles: tuple[str, ...]
    recommendations: tuple[str, ...]


def tag_options(model: AnnotationFile) -> list[tuple[str, str]]:
    """Every tag of the file as (value, label): ``p:ID`` for a principle, ``r:ID`` for a
    recommendation, principles first (numbered as their keys 1, 2, 3)."""
    options = []
    for number, principle in enumerate(model.taxonomy.principles, start=1):
        options.append((f"p:{principle.id}", f"{number}. {principle.label}  (principle)"))
    for recommendation in model.taxonomy.recommendations:
        options.append((f"r:{recommendation.id}", f"{recommendation.id}: {recommendation.title}"))
    return options


def matching_tags(model: AnnotationFile, query: str) -> list[tuple[str, str]]:
    """The tags whose label or value holds every word of ``query`` (in any order)."""
    words = query.lower().split()
    return [
        (value, label)
        for value, label in tag_options(model)
        if all(word in label.lower() or word in value.lower() for word in words)
    ]


TOGGLE = Binding("tab,space", "toggle_highlighted", "Toggle", id="picker.toggle", priority=True)
"""Toggle the highlighted tag (Space reaches the filter first, which decides: TagFilter)."""

HINT = "Tab toggles · Space toggles, or types a space after text · Enter applies · Esc cancels"
PASSAGE_HINT = " · Ctrl+O its passage in the review"
"""Added to the hint in a project (``show_passage``)."""


class TagFilter(Input):
    """The picker's filter box: Space on an empty filter toggles the highlighted tag instead.

    The Input takes Space (a printable key) and decides here, in its own queue, so the decision
    sees every character typed before it, even when keys arrive in a burst (a binding would be
    checked before the characters ahead of it reached the filter).
    """

    class ToggleRequested(Message):
        """Space on the empty filter: toggle the highlighted tag (after the filtering so far)."""

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "space" and not self.value and self._space_toggles():
            event.stop()
            event.prevent_default()
            self.post_message(self.ToggleRequested())
            return
        await super()._on_key(event)

    def _space_toggles(self) -> bool:
        """Whether Space is a key of ``picker.toggle`` (keys.toml may have remapped it).

        Read from the binding and the user's key map: ``screen.active_bindings`` leaves out the
        keys the focused filter types, Space among them.
        """
        from tui.app import PolicyAnnotateApp

        app = self.app
        keymap = app.user_keymap if isinstance(app, PolicyAnnotateApp) else {}
        keys = keymap.get(str(TOGGLE.id), TOGGLE.key)
        return "space" in keys.split(",")


TICKED = "[x] "
UNTICKED = "[ ] "


def _highlight(selection_list: SelectionList[str], index: int) -> None:
    """Highlight the option at ``index``, telling no one: SelectionList turns the message into
    one naming the option by its index, and a key typed meanwhile may have emptied the list (a
    crash). Nothing here listens to it; the picker reads ``highlighted`` when it needs it."""
    with selection_list.prevent(OptionList.OptionHighlighted):
        selection_list.highlighted = index


class TickList(SelectionList[str]):
    """The picker's list of tags: a ticked tag reads ``[x]``, an unticked one ``[ ]``, in the
    row's own colours (SelectionList's button differs by colour alone, a green or a grey X)."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"tick-list--mark"}

    def render_line(self, y: int) -> Strip:
        """A row: its mark, then the tag (laid out by OptionList, in the room SelectionList
        leaves for its button, which has the mark's width)."""
        line = OptionList.render_line(self, y)
        index = self.scroll_offset.y + y
        try:
            selection = self.get_option_at_index(index)
        except OptionDoesNotExist:
            return line
        parts = ["option-list--option", "tick-list--mark"]
        if index == self.highlighted:  # the mark is part of the highlighted row
            parts.insert(1, "option-list--option-highlighted")
        style = self.rich_style + self.get_visual_style(*parts).rich_style
        mark = TICKED if selection.value in self.selected else UNTICKED
        return Strip([Segment(mark, style + Style(meta={"option": index})), *line])


class TagPicker(ModalScreen[TagChoice | None]):
    """Pick the principles and recommendations of a passage."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="picker.cancel", priority=True),
        Binding("enter", "apply", "Apply", id="picker.apply", priority=True),
        # Space goes to the filter, which toggles with it only while it is empty (TagFilter)
        TOGGLE,
        Binding("down", "cursor(1)", "Down", id="picker.down", show=False, priority=True),
        Binding("up", "cursor(-1)", "Up", id="picker.up", show=False, priority=True),
        # In a project (check_action): the highlighted recommendation's passage in the review
        Binding("ctrl+o", "passage", "Passage", id="picker.passage", show=False, priority=True),
    ]

    def __init__(
        self,
        model: AnnotationFile,
        principles: set[str],
        recommendations: set[str],
        passage: str,
        show_passage: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__()
        self.model = model
        self.show_passage = show_passage
        """Shows a recommendation's passage in the review (in a project), by its id."""
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
            yield TagFilter(placeholder="Type to filter (words in any order)", id="picker-filter")
            yield TickList(id="picker-list")
            yield Label(HINT + (PASSAGE_HINT if self.show_passage else ""), id="picker-hint")

    def on_mount(self) -> None:
        """Fill the list and focus the filter."""
        self._fill("")
        # at once (Widget.focus waits its turn): the keys typed right after t are the filter
        self.set_focus(self.query_one("#picker-filter", Input))

    def _fill(self, query: str) -> None:
        selection_list = self.query_one("#picker-list", SelectionList)
        selection_list.clear_options()
        items = []
        for value, label in matching_tags(self.model, query):
            prompt = Text(
                display_safe(label, keep_newlines=False), no_wrap=True, overflow="ellipsis"
            )
            items.append(Selection(prompt, value, self.chosen[value]))
        selection_list.add_options(items)
        if items:
            _highlight(selection_list, 0)

    def on_tag_filter_toggle_requested(self, _event: TagFilter.ToggleRequested) -> None:
        """Space on the empty filter."""
        self.action_toggle_highlighted()

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
            _highlight(
                selection_list, min(max(current + delta, 0), selection_list.option_count - 1)
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

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Ctrl+O only in a project."""
        if action == "passage":
            return self.show_passage is not None
        return True

    def action_passage(self) -> None:
        """Show the highlighted recommendation's passage in the review (Esc comes back here)."""
        selection_list = self.query_one("#picker-list", SelectionList)
        if self.show_passage is None or selection_list.highlighted is None:
            return
        value = str(selection_list.get_option_at_index(selection_list.highlighted).value)
        if value.startswith("r:"):
            self.show_passage(value[2:])
        else:
            self.notify("A principle has no passage in the review.", severity="warning")

    def choice(self) -> TagChoice:
        """The tags ticked now."""
        principles = tuple(v[2:] for v, on in self.chosen.items() if on and v.startswith("p:"))
        recommendations = tuple(v[2:] for v, on in self.chosen.items() if on and v.startswith("r:"))
        return TagChoice(principles, recommendations)

    def action_apply(self) -> None:
        """Close, applying the chosen tags."""
        self.dismiss(self.choice())

    def action_cancel(self) -> None:
        """Close without changing anything."""
        self.dismiss(None)
