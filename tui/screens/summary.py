"""The summary screen: coverage of principles and recommendations, from the live annotations."""

from __future__ import annotations

from typing import ClassVar

from rich.console import Group
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from annotations.documents.document import Document
from annotations.session.editing import AnnotationSet
from annotations.summaries.render import renderables
from annotations.summaries.summary import build_summary


class SummaryScreen(Screen[None]):
    """A full-screen summary, rebuilt from the annotations each time it is shown."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,S,f2,q", "close", "Back to the document", id="summary.close"),
        Binding("j,down", "scroll('down')", "Scroll down", id="summary.down", show=False),
        Binding("k,up", "scroll('up')", "Scroll up", id="summary.up", show=False),
    ]

    def __init__(self, annotations: AnnotationSet, document: Document, file_name: str) -> None:
        super().__init__()
        self.annotations = annotations
        self.document = document
        self.file_name = file_name

    def compose(self) -> ComposeResult:
        """The summary in a scrolling view."""
        with VerticalScroll(id="summary-scroll"):
            yield Static(id="summary-body")
        yield Footer(compact=True)

    def on_screen_resume(self) -> None:
        """Rebuild from the current annotations whenever the screen is shown."""
        model = self.annotations.sync_model()
        summary = build_summary([model], self.document, [self.file_name])
        self.query_one("#summary-body", Static).update(Group(*renderables(summary)))
        self.query_one("#summary-scroll").focus()

    def action_scroll(self, direction: str) -> None:
        """Scroll the summary."""
        scroll = self.query_one("#summary-scroll", VerticalScroll)
        if direction == "down":
            scroll.scroll_down(animate=False)
        else:
            scroll.scroll_up(animate=False)

    def action_close(self) -> None:
        """Back to the main screen."""
        self.app.pop_screen()
