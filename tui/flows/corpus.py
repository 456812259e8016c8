"""Leaving a document for the board that opened it, or for its neighbours on the board.

``Corpus`` is what the annotator asks of the board (a Protocol: the main screen needs no
import of the board screen, which imports it); ``CorpusFlow`` is the annotator's side.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from collections.abc import Callable

    from annotations.errors import PolicyAnnotateError
    from tui.screens.main import MainScreen


class Corpus(Protocol):
    """The documents around the one being annotated, in the board's order and filter."""

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


class CorpusFlow:
    """The annotator's keys that leave the document for the board or its neighbours: each
    saves the document first (``SavingFlow.leave``), then hands over to the corpus."""

    def __init__(self, screen: MainScreen, corpus: Corpus | None) -> None:
        self.screen = screen
        self.corpus = corpus
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
