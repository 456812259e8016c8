"""Searching the document: the search box, its matches, and stepping through them."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING

from textual.widgets import Input

from annotations.documents.display import display_safe
from annotations.documents.search import Span, find_matches

if TYPE_CHECKING:
    from textual.events import Key

    from tui.screens.main import MainScreen


class SearchFlow:
    """The search box (mounted when first needed) and the matches of the last search."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.current: int | None = None
        """The index of the match gone to last."""

    async def open(self) -> None:
        """Show the search box and move to it."""
        search = next(self.screen.query("#search").results(Input), None)
        if search is None:
            search = Input(placeholder="Search (Enter to find, Esc to close)", id="search")
            await self.screen.mount_above_footer(search)
        search.display = True
        # at once (Widget.focus waits its turn): the keys typed right after / are the query
        self.screen.set_focus(search)

    def close(self, search: Input) -> None:
        """Hide the search box and go back to the document."""
        search.display = False
        self.screen.document_view.focus()

    def escape(self, event: Key) -> None:
        """Esc in the search box closes it (the screen's key handler)."""
        focused = self.screen.focused
        if event.key == "escape" and isinstance(focused, Input) and focused.id == "search":
            self.close(focused)
            event.stop()

    def find(self, search: Input, query: str) -> None:
        """Find every match of ``query`` (case-insensitive), go to the first after the cursor.

        Going to a match moves the cursor to its sentence (``DocumentView.go_to_match``); the
        match is marked, not selected, so that the edit keys apply to the sentence as usual.
        """
        screen = self.screen
        view = screen.document_view
        self.close(search)
        self.current = None
        screen.corpus.following = False  # n/N: this search now, not the corpus's
        if not query:
            self.starts, self.ends = [], []
            view.set_search([], [])
            return
        if not self._mark(query):
            screen.notify(
                f"Not found: {display_safe(query, keep_newlines=False)}",
                severity="warning",
                timeout=3,
            )
            return
        self.step(1)

    def step(self, direction: int) -> None:
        """Go to the next or previous match (round the document)."""
        screen = self.screen
        if not self.starts:
            screen.notify("No search yet: press / to search.", timeout=2)
            return
        view = screen.document_view
        position = view.cursor[0]
        if self.current is not None and view.current_match == self._match(self.current):
            start = self.starts[self.current]
            if view.cursor == view.sentence_containing(start):
                position = start  # still at that match: go on from it, not from its sentence
        if screen.corpus.search_step(position, direction):
            return
        if direction > 0:
            index = bisect_right(self.starts, position)
            index = 0 if index >= len(self.starts) else index
        else:
            index = bisect_left(self.starts, position) - 1
            index = len(self.starts) - 1 if index < 0 else index
        self.current = index
        view.go_to_match(self._match(index))
        screen.notify(f"Match {index + 1} of {len(self.starts)}", timeout=2)

    def show(self, query: str, match: Span) -> None:
        """Mark every match of ``query`` and go to ``match`` (one of them), as ``find`` and
        ``n`` do (a result of the search across the corpus opened here)."""
        self._mark(query)
        self.go_to(match)

    def _mark(self, query: str) -> bool:
        """Find and mark every match of ``query``; whether there is one."""
        matches = find_matches(self.screen.document.text, query)
        self.starts = [start for start, _end in matches]
        self.ends = [end for _start, end in matches]
        self.screen.document_view.set_search(self.starts, self.ends)
        return bool(matches)

    def go_to(self, match: Span) -> None:
        """Go to one of the matches marked."""
        index = bisect_left(self.starts, match[0])
        self.current = index if index < len(self.starts) else None
        self.screen.document_view.go_to_match(match)

    def _match(self, index: int) -> tuple[int, int]:
        return self.starts[index], self.ends[index]
