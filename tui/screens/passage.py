"""The review at a recommendation's passage, read-only; Esc goes back to the document.

Pushed over the annotator (``CodebookFlow.open_passage``), which stays as it was underneath:
going back pops this screen, and the document is where it was left, cursor and all.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Label

from annotations.documents.display import display_safe
from annotations.documents.document import Document
from tui.widgets.document_view import DocumentView


class PassageScreen(Screen[None]):
    """A recommendation's passage in the review it comes from."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape,backspace",
            "back",
            "Back",
            id="passage.back",
            tooltip="Back to the document you were reading, where you were",
        ),
        Binding("question_mark,f1", "help", "Help", id="passage.help"),
    ]

    def __init__(
        self, review: Document, span: tuple[int, int] | None, title: str, note: str = ""
    ) -> None:
        super().__init__()
        self.review = review
        self.span = span
        self.title_text = title
        self.note = note

    def compose(self) -> ComposeResult:
        """Which recommendation, in which document; the review; the footer."""
        where = f"{self.review.title or self.review.name}{self.note} · Esc back"
        yield Label(
            Text(
                display_safe(self.title_text, keep_newlines=False),
                no_wrap=True,
                overflow="ellipsis",
            ),
            id="passage-title",
        )
        yield Label(Text(display_safe(where, keep_newlines=False)), id="passage-where")
        yield DocumentView(self.review, id="passage-document")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """The passage under the cursor, in view."""
        view = self.query_one(DocumentView)
        view.focus()
        if self.span is not None:
            view.set_cursor(self.span, anchor=None)
            self.call_after_refresh(view.set_cursor, self.span, anchor=None, center=True)

    def action_back(self) -> None:
        """Back to the document underneath."""
        self.dismiss(None)

    def action_help(self) -> None:
        """Show the keys."""
        from tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self.app.active_bindings, self.focused))
