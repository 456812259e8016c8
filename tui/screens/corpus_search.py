"""The results of a search across the project's documents: one line per passage, its document
and the text around it with the match highlighted; the list grows as the search goes on.

A switchboard: the matching and the results are ``annotations.projects.corpus_search``'s, the
search runs in the board's ``CorpusSearch``; Enter asks the board to open a result.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Input, Label

from annotations.projects.corpus_search import fit_context
from tui.widgets.line_list import LineList

if TYPE_CHECKING:
    from textual.events import Key

    from annotations.projects.corpus_search import CorpusResults
    from tui.flows.corpus_search import CorpusSearch

DOCUMENT_WIDTH = 24
"""At most this many cells for a result's document name."""


class HitLines:
    """The results as lines: the document's name, then the match in its context."""

    def __init__(self, search: CorpusSearch, style: Callable[[str], Style | str]) -> None:
        self.search = search
        self.style = style
        """The style of a kind of text (the list's ``style``)."""

    @property
    def results(self) -> CorpusResults | None:
        """The results shown (the board's last search)."""
        return self.search.results

    def __len__(self) -> int:
        return len(self.results.hits) if self.results is not None else 0

    def line(self, index: int, width: int) -> Text:
        """The hit ``index``: its document, then as much context as fits around the match."""
        assert self.results is not None
        hit = self.results.hits[index]
        size = min(DOCUMENT_WIDTH, max(8, width // 5))
        name = hit.document if len(hit.document) <= size else hit.document[: size - 1] + "…"
        before, match, after = fit_context(hit, max(0, width - size - 3))
        return Text.assemble(
            (f" {name:<{size}}", self.style("document")),
            "  ",
            before,
            (match, self.style("match")),
            after,
        )


class CorpusSearchScreen(Screen[None]):
    """The search box, the count line and the results; Esc goes back to the board."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Board", id="results.close", tooltip="Back to the board"),
        Binding("enter", "open_hit", "Open", id="results.open", tooltip="Open at the passage"),
        Binding("slash", "edit_query", "Search", id="results.search", tooltip="A new search"),
        Binding("j,down", "move(1)", "Down", id="results.down", show=False),
        Binding("k,up", "move(-1)", "Up", id="results.up", show=False),
        Binding("pagedown", "page(1)", "Page down", id="results.page_down", show=False),
        Binding("pageup", "page(-1)", "Page up", id="results.page_up", show=False),
        Binding("g,home", "go('top')", "First result", id="results.top", show=False),
        Binding("G,end", "go('end')", "Last result", id="results.end", show=False),
    ]

    def __init__(
        self,
        search: CorpusSearch,
        open_hit: Callable[[int], None],
        start: Callable[[str], None],
    ) -> None:
        super().__init__()
        self.search = search
        self.open_hit = open_hit
        """Open the result of that index (the board's ``open_hit``)."""
        self.start = start
        """Search the corpus for a query (the board's, in its order)."""

    def compose(self) -> ComposeResult:
        """The search box, the count line, the results and the footer."""
        yield Input(placeholder="Search every document (Enter to search)", id="results-query")
        yield Label("", id="results-status", markup=False)
        yield LineList(HitLines(self.search, lambda _kind: ""), id="results-list")
        yield Footer(compact=True, show_command_palette=False)

    @property
    def hit_list(self) -> LineList:
        """The list of results."""
        return self.query_one("#results-list", LineList)

    def on_mount(self) -> None:
        """Show the last search's results (on the one opened last), else ask for a query."""
        lines = self.hit_list.source
        assert isinstance(lines, HitLines)
        lines.style = self.hit_list.style
        self.search.listener = self._grown
        results = self.search.results
        # focused at once (Widget.focus waits its turn): the keys typed right after / are
        # the query
        if results is None:
            self.set_focus(self.query_one("#results-query", Input))
        else:
            self.query_one("#results-query", Input).value = results.query
            self.set_focus(self.hit_list)
        self._grown()
        if results is not None and results.current is not None:
            self.call_after_refresh(self.hit_list.go, results.current)

    def on_unmount(self) -> None:
        """No more batches to show."""
        if self.search.listener == self._grown:
            self.search.listener = None

    def _grown(self) -> None:
        """A batch came: the count line and the list follow."""
        results = self.search.results
        status = results.count_line() if results is not None else "type a word or phrase"
        self.query_one("#results-status", Label).update(status)
        hit_list = self.hit_list
        hit_list.empty_text = "no match" if results is not None and results.done else ""
        hit_list.changed()

    @on(Input.Submitted, "#results-query")
    def _submitted(self, event: Input.Submitted) -> None:
        query = event.value
        if not query:
            return
        self.hit_list.cursor = 0
        self.hit_list.scroll_to(y=0, animate=False, immediate=True)
        self.start(query)
        self.hit_list.replaced()
        self.hit_list.focus()

    def on_key(self, event: Key) -> None:
        """In the search box, Esc goes back to the results (or the board, when there are none)
        and ↓ to the results."""
        focused = self.focused
        keys = {"escape", "down"}
        if isinstance(focused, Input) and event.key in keys and self.search.results is not None:
            self.hit_list.focus()
            event.stop()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Enter opens a result when there is one at the cursor; in the search box the letters
        and Enter are the box's."""
        if isinstance(self.focused, Input) and action not in {"close"}:
            return False
        if action == "open_hit":
            return bool(len(self.hit_list.source)) or None
        return True

    def action_close(self) -> None:
        """Back to the board."""
        self.dismiss(None)

    def action_open_hit(self) -> None:
        """Open the document at the result under the cursor."""
        if len(self.hit_list.source):
            self.open_hit(self.hit_list.cursor)

    @on(LineList.Chosen)
    def _chosen(self, event: LineList.Chosen) -> None:
        self.open_hit(event.index)

    def action_edit_query(self) -> None:
        """Back to the search box for a new search."""
        self.query_one("#results-query", Input).focus()

    def action_move(self, delta: int) -> None:
        """Move in the results."""
        self.hit_list.move(delta)

    def action_page(self, direction: int) -> None:
        """Move a page in the results."""
        self.hit_list.move(direction * self.hit_list.page)

    def action_go(self, where: str) -> None:
        """To the first or last result."""
        self.hit_list.go(0 if where == "top" else len(self.hit_list.source) - 1)
