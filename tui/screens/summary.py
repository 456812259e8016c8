"""The summary screen: coverage of principles and recommendations, from the live annotations.

``]``/``[`` move a mark over the quotes of the recommendations; ``Enter`` closes the summary with
the marked quote's annotation id, and the main screen puts the cursor on its passage.
"""

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
from annotations.summaries.render import MARKED_QUOTE, quote_positions, renderables
from annotations.summaries.summary import Summary, build_summary


class SummaryScreen(Screen[str | None]):
    """A full-screen summary, rebuilt from the annotations each time it is shown; dismissed
    with the id of the annotation whose quote was opened (None: back where the user was)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,S,f2,q", "close", "Back to the document", id="summary.close"),
        Binding("right_square_bracket", "step_quote(1)", "Next quote", id="summary.next_quote"),
        Binding(
            "left_square_bracket",
            "step_quote(-1)",
            "Previous quote",
            id="summary.previous_quote",
            show=False,
        ),
        Binding("enter", "open_quote", "Open passage", id="summary.open_quote"),
        Binding("g,home", "scroll('top')", "Top", id="summary.top"),
        Binding("G,end", "scroll('end')", "End", id="summary.end"),
        Binding("j,down", "scroll('down')", "Scroll down", id="summary.down", show=False),
        Binding("k,up", "scroll('up')", "Scroll up", id="summary.up", show=False),
    ]

    def __init__(self, annotations: AnnotationSet, document: Document, file_name: str) -> None:
        super().__init__()
        self.annotations = annotations
        self.document = document
        self.file_name = file_name
        self.quotes: list[tuple[str, str]] = []
        """The quotes shown, in order: (recommendation id, annotation id)."""
        self.marked: int | None = None
        """The index in ``quotes`` of the quote marked ▶ (Enter opens it)."""
        self._summary: Summary | None = None

    def compose(self) -> ComposeResult:
        """The summary in a scrolling view; the footer has the summary's own keys."""
        with VerticalScroll(id="summary-scroll"):
            yield Static(id="summary-body")
        # the palette's commands act on the main screen: its key would only take room here
        yield Footer(compact=True, show_command_palette=False)

    def on_screen_resume(self) -> None:
        """Rebuild from the current annotations whenever the screen is shown."""
        model = self.annotations.sync_model()
        self._summary = build_summary([model], self.document, [self.file_name])
        self.quotes = quote_positions(self._summary)
        self.marked = None
        self._show()
        self.query_one("#summary-scroll").focus()

    def _show(self) -> None:
        """Draw the summary, with the marked quote (if any)."""
        assert self._summary is not None
        marked = self.quotes[self.marked] if self.marked is not None else None
        self.query_one("#summary-body", Static).update(
            Group(*renderables(self._summary, marked=marked))
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Enter is greyed out until a quote is marked; ]/[ when there is none to mark."""
        if action == "open_quote":
            return self.marked is not None or None
        if action == "step_quote":
            return bool(self.quotes) or None
        return True

    def action_step_quote(self, delta: int) -> None:
        """Mark the next (or previous) quote and scroll to it."""
        if not self.quotes:
            return
        if self.marked is None:
            self.marked = 0 if delta > 0 else len(self.quotes) - 1
        else:
            self.marked = (self.marked + delta) % len(self.quotes)
        self._show()
        self.refresh_bindings()
        self.call_after_refresh(self._scroll_to_mark)

    def _scroll_to_mark(self) -> None:
        """Bring the marked quote's line to a third of the view's height."""
        body = self.query_one("#summary-body", Static)
        scroll = self.query_one("#summary-scroll", VerticalScroll)
        console = self.app.console
        width = body.content_region.width or body.size.width
        assert self._summary is not None
        marked = self.quotes[self.marked] if self.marked is not None else None
        lines = console.render_lines(
            Group(*renderables(self._summary, marked=marked)),
            console.options.update_width(width),
            pad=False,
        )
        mark = MARKED_QUOTE.strip()
        row = next((y for y, line in enumerate(lines) if any(mark in s.text for s in line)), 0)
        top = body.virtual_region.y  # the body's place in the scrolled content
        scroll.scroll_to(
            y=max(0, top + row - scroll.size.height // 3), animate=False, immediate=True
        )

    def action_open_quote(self) -> None:
        """Close the summary; the main screen puts the cursor on the marked quote's passage."""
        if self.marked is not None:
            self.dismiss(self.quotes[self.marked][1])

    def action_scroll(self, where: str) -> None:
        """Scroll the summary a line, or to its top or end."""
        scroll = self.query_one("#summary-scroll", VerticalScroll)
        if where == "down":
            scroll.scroll_down(animate=False)
        elif where == "up":
            scroll.scroll_up(animate=False)
        elif where == "top":
            scroll.scroll_home(animate=False)
        else:
            scroll.scroll_end(animate=False)

    def action_close(self) -> None:
        """Back to the main screen, where the user was."""
        self.dismiss(None)
