"""The tag chooser: one principle or recommendation, picked by filtering as you type.

The tag picker's pattern (a filter box over the list, the arrows move in the list while typing,
words match in any order), for one tag: Enter picks the highlighted one, Esc cancels. The
suggestion queue asks with it when the annotation at the cursor does not have a single tag.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from annotations.documents.display import display_safe
from annotations.format.model import AnnotationFile
from tui.screens.tag_picker import matching_tags

HINT = "Type to filter · ↑/↓ move · Enter picks · Esc cancels"


class TagChooser(ModalScreen[str | None]):
    """Pick one tag; returns its id (None: cancelled)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="chooser.cancel", priority=True),
        # Not a priority binding: in the filter, Enter submits it after the characters typed
        # before it (a terminal sends "R4⏎" at once), and on_input_submitted chooses.
        Binding("enter", "choose", "Choose", id="chooser.choose"),
        Binding("down", "cursor(1)", "Down", id="chooser.down", show=False, priority=True),
        Binding("up", "cursor(-1)", "Up", id="chooser.up", show=False, priority=True),
    ]

    def __init__(self, model: AnnotationFile, title: str) -> None:
        super().__init__()
        self.model = model
        self.title_text = title
        self._filled_for = ""
        """The filter the list was last filled for."""

    def compose(self) -> ComposeResult:
        """A title, the filter box, the list of tags and the hint."""
        with Vertical(id="picker-dialog"):
            yield Label(
                Text(display_safe(self.title_text, keep_newlines=False), no_wrap=True),
                id="picker-title",
            )
            yield Input(placeholder="Type to filter (words in any order)", id="chooser-filter")
            yield OptionList(id="picker-list")
            yield Label(HINT, id="picker-hint")

    def on_mount(self) -> None:
        """Fill the list and focus the filter."""
        self._fill("")
        self.query_one("#chooser-filter", Input).focus()

    def _fill(self, query: str) -> None:
        self._filled_for = query
        options = self.query_one("#picker-list", OptionList)
        options.clear_options()
        options.add_options(
            Option(
                Text(display_safe(label, keep_newlines=False), no_wrap=True, overflow="ellipsis"),
                id=value,
            )
            for value, label in matching_tags(self.model, query)
        )
        if options.option_count:
            options.highlighted = 0

    def on_input_changed(self, event: Input.Changed) -> None:
        """Filter as the user types."""
        self._fill(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the filter picks the highlighted tag."""
        event.stop()
        self.action_choose()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """A click (or Enter in the list) picks the tag."""
        event.stop()
        self.dismiss(str(event.option.id)[2:])

    def action_cursor(self, delta: int) -> None:
        """Move the highlight in the list while typing in the filter."""
        options = self.query_one("#picker-list", OptionList)
        if options.option_count:
            current = options.highlighted if options.highlighted is not None else -1
            options.highlighted = min(max(current + delta, 0), options.option_count - 1)

    def action_choose(self) -> None:
        """Pick the highlighted tag (nothing when the filter matches none).

        Keys typed in a burst ("R4" then Enter) can reach this before the filter's Changed
        messages: the list is filled for the filter as it is first."""
        query = self.query_one("#chooser-filter", Input).value
        if query != self._filled_for:
            self._fill(query)
        options = self.query_one("#picker-list", OptionList)
        if options.highlighted is not None:
            self.dismiss(str(options.get_option_at_index(options.highlighted).id)[2:])

    def action_cancel(self) -> None:
        """Close without choosing."""
        self.dismiss(None)
