"""Leaving a document for the board that opened it, or for its neighbours on the board.

``Corpus`` is what the annotator asks of the board (a Protocol: the main screen needs no
import of the board screen, which imports it); ``CorpusFlow`` is the annotator's side.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from collections.abc import Callable

    from annotations.errors import PolicyAnnotateError
    from annotations.projects.corpus_search import CorpusResults
    from tui.screens.main import MainScreen


class Corpus(Protocol):
    """The documents around the one being annotated, in the board's order and filter."""

    open_id: str | None
    """The id of the document open."""

    def has_neighbour(self, direction: int) -> bool:
        """Whether there is a document after (1) or before (-1) the one open."""
        ...

    def open_neighbour(self, direction: int) -> None:
        """Open the next (1) or previous (-1) document in place of the one open (saved): its
        annotator is the app's screen when this returns."""
        ...

    def back(self) -> None:
        """Close the document open (saved) and show the board again."""
        ...

    def load_failed(self, error: PolicyAnnotateError) -> None:
        """The document's annotation file could not be loaded: say why, back on the board."""
        ...

    def search_results(self) -> CorpusResults | None:
        """The last search across the corpus, if any."""
        ...

    def opened_hit(self) -> int | None:
        """The search result the open document was opened at, if it was."""
        ...

    def open_hit(self, index: int) -> None:
        """Open the document of a search result at its passage in place of the one open."""
        ...


class CorpusFlow:
    """The annotator's keys that leave the document for the board or its neighbours: each
    saves the document first (``SavingFlow.leave``), then hands over to the corpus."""

    def __init__(self, screen: MainScreen, corpus: Corpus | None) -> None:
        self.screen = screen
        self.corpus = corpus
        self.following = False
        """Whether n/N go through the search across the corpus (the document was opened at
        one of its results, and no search of this document was made since)."""
        self._on_loaded: list[Callable[[MainScreen], None]] = []
        """What to do in this annotator once its file is loaded (left by the one before)."""

    def allows(self, direction: int) -> bool | None:
        """Whether the key is live: opened from a board (and, for a step, with a document
        there), not in the middle of a review (where Esc ends the review)."""
        if self.corpus is None or self.screen.review.reviewing:
            return False
        if direction == 0 or self.corpus.has_neighbour(direction):
            return True
        return None  # dimmed in the footer: no document that way

    def back(self) -> None:
        """Save the document and go back to the board."""
        corpus = self.corpus
        if corpus is not None:
            self.screen.saving.leave(corpus.back)

    def step(self, direction: int, then: Callable[[MainScreen], None] | None = None) -> None:
        """Save the document and open the next (1) or previous (-1) one of the board; ``then``
        is called with the new annotator once its annotation file is loaded (not if it cannot
        be opened or loaded)."""
        corpus = self.corpus
        if corpus is None:
            return

        def open_it() -> None:
            corpus.open_neighbour(direction)
            if then is None:
                return
            opened = self.screen.app.screen  # the neighbour's annotator, unless it failed
            if isinstance(opened, type(self.screen)) and opened is not self.screen:
                opened.corpus.when_loaded(then)

        self.screen.saving.leave(open_it)

    def when_loaded(self, then: Callable[[MainScreen], None]) -> None:
        """Call ``then`` with this annotator once its annotation file is loaded (now if it is)."""
        if self.screen.is_loaded:
            then(self.screen)
        else:
            self._on_loaded.append(then)

    def loaded(self) -> None:
        """The annotation file is shown: do what the annotator before asked for."""
        waiting, self._on_loaded = self._on_loaded, []
        for then in waiting:
            then(self.screen)

    def load_failed(self, error: PolicyAnnotateError) -> bool:
        """Hand a broken annotation file to the board (True), if a board opened it."""
        if self.corpus is None:
            return False
        self.corpus.load_failed(error)
        return True

    # --- the search across the corpus --------------------------------------------------------

    def show_opened_hit(self) -> None:
        """Opened at a result of the search across the corpus: mark its match as the search
        of the document marks one, and let n/N go on through the results."""
        corpus = self.corpus
        index = corpus.opened_hit() if corpus is not None else None
        results = corpus.search_results() if corpus is not None else None
        if index is None or results is None:
            return
        hit = results.hits[index]
        self.following = True
        self.screen.search.show(results.query, (hit.start, hit.end))
        self._say_where(results, index)

    def search_step(self, position: int, direction: int) -> bool:
        """n/N while following the search across the corpus: the next (previous) result after
        ``position``, here or in another document (this one saved first, as Ctrl+PgDn does).
        False when not following it (the search of the document steps)."""
        corpus = self.corpus
        results = corpus.search_results() if corpus is not None else None
        if not self.following or corpus is None or results is None or corpus.open_id is None:
            return False
        index = results.step(corpus.open_id, position, direction)
        if index is None:
            return False
        hit = results.hits[index]
        results.current = index
        if hit.document != corpus.open_id:
            self.screen.saving.leave(lambda: corpus.open_hit(index))
            return True
        self.screen.search.go_to((hit.start, hit.end))
        self._say_where(results, index)
        return True

    def _say_where(self, results: CorpusResults, index: int) -> None:
        more = "" if results.done else " so far"
        self.screen.notify(
            f"Result {index + 1} of {len(results.hits)}{more} across the corpus "
            f"({results.hits[index].document})",
            timeout=2,
            markup=False,
        )
