"""The board's search across the project's documents: the results so far and the thread worker
that finds them, handing them over in batches (the first as soon as there is a hit).

It belongs to the board, not to the results screen, so that the search goes on while a result
is open in the annotator (``n``/``N`` follow it there).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.worker import get_current_worker

from annotations.projects.corpus_search import CorpusResults, DocumentSearched, search_documents

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from annotations.projects.project import Project

BATCH_SECONDS = 0.1
"""How often the documents searched are handed to the screen (after the first hit)."""


class CorpusSearch:
    """The last search across the corpus (``results``) and whom to tell when it grows."""

    def __init__(self, owner: DOMNode, project: Project) -> None:
        self.owner = owner
        """The node whose worker searches (the board)."""
        self.project = project
        self.results: CorpusResults | None = None
        self.listener: Callable[[], None] | None = None
        """Told after each batch (the results screen, while it is shown)."""

    def start(self, query: str, order: list[str]) -> None:
        """Search every document for ``query``: those of ``order`` first (the board's rows),
        then the others of the project; the previous search stops."""
        shown = set(order)
        everything = order + [d.id for d in self.project.model.documents if d.id not in shown]
        self.results = results = CorpusResults(query, everything)
        self.owner.run_worker(
            partial(self._search, results),
            thread=True,
            exclusive=True,
            group="corpus-search",
            description="search the project's documents",
        )
        self._tell()

    def _search(self, results: CorpusResults) -> None:
        """In a thread: search the documents, handing them over every ``BATCH_SECONDS``."""
        worker = get_current_worker()
        app = self.owner.app
        batch: list[DocumentSearched] = []
        found = False
        handed = time.monotonic()
        for item in search_documents(self.project, results.order, results.query, results.limit):
            if worker.is_cancelled:
                return
            batch.append(item)
            first = not found and bool(item.hits)
            found = found or first
            if first or time.monotonic() - handed >= BATCH_SECONDS:
                app.call_from_thread(self._take, results, batch)
                batch, handed = [], time.monotonic()
        if not worker.is_cancelled:
            app.call_from_thread(self._take, results, batch)

    def _take(self, results: CorpusResults, batch: list[DocumentSearched]) -> None:
        """On the UI thread: add a batch to the results (unless a newer search replaced them)."""
        if results is self.results:
            results.add(batch)
            self._tell()

    def _tell(self) -> None:
        if self.listener is not None:
            self.listener()
