"""The project summary: the cross-document summary of ``summary DIR``, scrollable; Enter on a
quote opens its passage, on a row of the document × recommendation matrix its document.

A switchboard: the summary is the core's (``ProjectRequest.summary``, the same call as the
command line), its lines and what each opens ``annotations.projects.corpus_text``'s.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Label

from annotations.projects.corpus_text import CorpusLine, corpus_lines
from annotations.text_plural import count_of
from tui.widgets.line_list import LineList

if TYPE_CHECKING:
    from textual.events import Resize

    from annotations.projects.corpus import CorpusSummary
    from annotations.projects.project import Project

MIN_WIDTH = 40
"""The summary is wrapped to the screen's width, but never narrower than this."""
SCROLLBAR = 2
"""Cells taken by the vertical scrollbar (the summary is longer than a screen)."""


class SummaryLines:
    """The summary's lines, styled by kind."""

    def __init__(self, style: Callable[[str], Style | str]) -> None:
        self.lines: list[CorpusLine] = []
        self.style = style

    def __len__(self) -> int:
        return len(self.lines)

    def line(self, index: int, width: int) -> Text:
        """The line ``index`` (already wrapped to the screen)."""
        line = self.lines[index]
        return Text(" " + line.text, style=self.style(line.kind) if line.kind else "")


class ProjectSummaryScreen(Screen[None]):
    """The project's summary, read in a worker; Esc goes back to the board."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,S,q", "close", "Board", id="projectsummary.close"),
        Binding(
            "enter",
            "open",
            "Open",
            id="projectsummary.open",
            tooltip="Open the quote's passage, or the document of a matrix row",
        ),
        Binding(
            "right_square_bracket",
            "step(1)",
            "Next quote or row",
            id="projectsummary.next",
            tooltip="The next line Enter opens",
        ),
        Binding(
            "left_square_bracket",
            "step(-1)",
            "Previous quote or row",
            id="projectsummary.previous",
            show=False,
        ),
        Binding("g,home", "go('top')", "Top", id="projectsummary.top"),
        Binding("G,end", "go('end')", "End", id="projectsummary.end"),
        Binding("j,down", "move(1)", "Down", id="projectsummary.down", show=False),
        Binding("k,up", "move(-1)", "Up", id="projectsummary.up", show=False),
        Binding("pagedown", "page(1)", "Page down", id="projectsummary.page_down", show=False),
        Binding("pageup", "page(-1)", "Page up", id="projectsummary.page_up", show=False),
    ]

    def __init__(self, project: Project, open_at: Callable[[str, int | None], None]) -> None:
        super().__init__()
        self.project = project
        self.open_at = open_at
        """Open a document (at an offset): the board's ``open_document``."""
        self.summary: CorpusSummary | None = None

    def compose(self) -> ComposeResult:
        """The count line, the summary's lines and the footer."""
        yield Label("reading the annotation files…", id="project-summary-status", markup=False)
        yield LineList(SummaryLines(lambda _kind: ""), id="project-summary")
        yield Footer(compact=True, show_command_palette=False)

    @property
    def summary_list(self) -> LineList:
        """The list of the summary's lines."""
        return self.query_one("#project-summary", LineList)

    @property
    def lines(self) -> SummaryLines:
        """The summary's lines as shown."""
        source = self.summary_list.source
        assert isinstance(source, SummaryLines)
        return source

    def on_mount(self) -> None:
        """Read the summary in a worker."""
        self.lines.style = self.summary_list.style
        self.summary_list.focus()
        self._read()

    @work(thread=True, exclusive=True, description="summarise the project")
    def _read(self) -> None:
        """Build the summary as ``policy-annotate summary DIR`` does."""
        from annotations.summaries.registry import ProjectRequest
        from annotations.summaries.summary import SummaryFilter

        summary = ProjectRequest(self.project, SummaryFilter(), {}).summary()
        self.app.call_from_thread(self._show, summary)

    def _show(self, summary: CorpusSummary) -> None:
        self.summary = summary
        left_out = (
            f" · {count_of(len(summary.left_out), 'file')} left out" if summary.left_out else ""
        )
        self.query_one("#project-summary-status", Label).update(
            f"Project summary · Enter on a quote or a matrix row opens it{left_out}"
        )
        self._lay_out()

    def _lay_out(self) -> None:
        """Wrap the summary to the screen's width (the matrix may be wider: scroll sideways)."""
        if self.summary is None:
            return
        summary_list = self.summary_list
        # the room left by the vertical scrollbar and a margin of one cell each side
        width = max(MIN_WIDTH, summary_list.size.width - SCROLLBAR - 2)
        self.lines.lines = corpus_lines(self.summary, width)
        summary_list.replaced()
        widest = max((len(line.text) + 2 for line in self.lines.lines), default=0)
        summary_list.changed(widest if widest > width + 2 else 0)
        self.refresh_bindings()

    def on_resize(self, event: Resize) -> None:
        """Wrap again at the new width."""
        self.call_after_refresh(self._lay_out)

    @property
    def current(self) -> CorpusLine | None:
        """The line under the cursor."""
        lines = self.lines.lines
        cursor = self.summary_list.cursor
        return lines[cursor] if 0 <= cursor < len(lines) else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Enter is greyed out unless the line opens something."""
        if action == "open":
            line = self.current
            return (line is not None and line.document is not None) or None
        return True

    def action_open(self) -> None:
        """Open the quote's passage or the matrix row's document."""
        line = self.current
        if line is not None and line.document is not None:
            self.open_at(line.document, line.start)

    @on(LineList.Chosen)
    def _chosen(self, event: LineList.Chosen) -> None:
        self.refresh_bindings()
        self.action_open()

    def action_step(self, direction: int) -> None:
        """To the first line of the next (or previous) quote or matrix row."""
        lines = self.lines.lines
        starts = [
            index
            for index, line in enumerate(lines)
            if line.document is not None
            and (index == 0 or lines[index - 1][1:] != line[1:])  # not the same quote's
        ]
        cursor = self.summary_list.cursor
        if direction > 0:
            found = next((index for index in starts if index > cursor), None)
        else:
            found = next((index for index in reversed(starts) if index < cursor), None)
        if found is not None:
            self._go(found)

    def _go(self, index: int) -> None:
        self.summary_list.go(index)
        self.refresh_bindings()

    def action_move(self, delta: int) -> None:
        """A line down or up."""
        self._go(self.summary_list.cursor + delta)

    def action_page(self, direction: int) -> None:
        """A page down or up."""
        self._go(self.summary_list.cursor + direction * self.summary_list.page)

    def action_go(self, where: str) -> None:
        """To the top or the end."""
        self._go(0 if where == "top" else len(self.lines) - 1)

    def action_close(self) -> None:
        """Back to the board."""
        self.dismiss(None)
