"""The note editor: a multi-line editor for the note of an annotation."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, TextArea

from annotations.documents.display import display_safe
from tui.widgets.safe_text_area import SafeTextArea


class NoteEditor(ModalScreen[str | None]):
    """Edit a note; Ctrl+S keeps it, Esc cancels (Ctrl+Q keeps it too, then quits: MainScreen)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "keep", "Keep note", id="note.keep", priority=True),
        Binding("escape", "cancel", "Cancel", id="note.cancel", priority=True),
    ]

    def __init__(self, note: str, passage: str) -> None:
        super().__init__()
        self.note = note
        self.passage = passage

    def compose(self) -> ComposeResult:
        """The passage, the editor and a hint."""
        with Vertical(id="note-dialog"):
            yield Label(
                Text(
                    "Note on: " + display_safe(self.passage, keep_newlines=False),
                    no_wrap=True,
                    overflow="ellipsis",
                ),
                id="note-title",
            )
            yield SafeTextArea(self.note, id="note-text", soft_wrap=True, show_line_numbers=False)
            yield Label("Ctrl+S keep · Esc cancel", id="note-hint")

    def on_mount(self) -> None:
        """Put the cursor at the end of the note."""
        editor = self.query_one("#note-text", TextArea)
        self.set_focus(editor)  # at once: the keys typed right after e are the note
        editor.move_cursor(editor.document.end)

    @property
    def text(self) -> str:
        """The note as typed so far."""
        return self.query_one("#note-text", TextArea).text

    def action_keep(self) -> None:
        """Close, keeping the edited note."""
        self.dismiss(self.text)

    def action_cancel(self) -> None:
        """Close without changing the note."""
        self.dismiss(None)
