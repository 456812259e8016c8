"""Searching every document of a project: the passages matching a query, with their context.

The matching rule is the in-document search's (``annotations.documents.search``), so a result
opened in the annotator is one of its matches. ``search_documents`` reads one document at a time
(a caller in a thread hands results over as they come); ``CorpusResults`` holds what was found so
far and says where ``n``/``N`` go next, across documents.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from annotations.documents.display import display_safe
from annotations.documents.search import count_matches, iter_matches
from annotations.errors import PolicyAnnotateError
from annotations.projects.project import Project
from annotations.text_plural import count_of

CONTEXT = 80
"""Characters of context kept on each side of a match."""
MAX_HITS = 10_000
"""Matches kept as results; past this many the rest are only counted."""


@dataclass(frozen=True, slots=True)
class Hit:
    """A match in a document: its offsets, and the text around it made safe to show on one line
    (control characters visible, line breaks as spaces)."""

    document: str
    start: int
    end: int
    before: str
    match: str
    after: str


class Hits:
    """Hits kept as columns (offsets in arrays, texts in lists), not one object each: a search
    of 10,000 results would otherwise leave 10,000 objects for the garbage collector to walk,
    and a full collection, run by whichever thread allocates, holds up the app's keys (measured
    by ``benchmarks/bench_corpus_search.py``: stalls of 80–220 ms, under 50 ms this way)."""

    __slots__ = ("_afters", "_befores", "_documents", "_ends", "_matches", "_starts")

    def __init__(self, hits: Iterable[Hit] = ()) -> None:
        self._documents: list[str] = []
        self._starts = array("q")
        self._ends = array("q")
        self._befores: list[str] = []
        self._matches: list[str] = []
        self._afters: list[str] = []
        for hit in hits:
            self.append(hit.document, hit.start, hit.end, hit.before, hit.match, hit.after)

    def append(
        self, document: str, start: int, end: int, before: str, match: str, after: str
    ) -> None:
        """Add a hit."""
        self._documents.append(document)
        self._starts.append(start)
        self._ends.append(end)
        self._befores.append(before)
        self._matches.append(match)
        self._afters.append(after)

    def extend(self, other: Hits) -> None:
        """Add every hit of ``other``, in order."""
        self._documents += other._documents
        self._starts += other._starts
        self._ends += other._ends
        self._befores += other._befores
        self._matches += other._matches
        self._afters += other._afters

    def __len__(self) -> int:
        return len(self._starts)

    def __getitem__(self, index: int) -> Hit:
        return Hit(
            self._documents[index],
            self._starts[index],
            self._ends[index],
            self._befores[index],
            self._matches[index],
            self._afters[index],
        )

    def __iter__(self) -> Iterator[Hit]:
        return (self[index] for index in range(len(self)))

    def document(self, index: int) -> str:
        """The document of hit ``index``."""
        return self._documents[index]

    def start(self, index: int) -> int:
        """Where hit ``index`` starts."""
        return self._starts[index]


@dataclass(frozen=True, slots=True)
class DocumentSearched:
    """One document searched: its results, how many matches it holds (more than ``hits`` past
    the limit), or why it could not be read."""

    document: str
    hits: Hits
    matches: int
    problem: str | None = None


def one_line(text: str) -> str:
    """``text`` safe to show on one line: line breaks as spaces, control characters visible."""
    return display_safe(text.replace("\n", " "), keep_newlines=False)


def passage_context(text: str, start: int, end: int, width: int = CONTEXT) -> tuple[str, str, str]:
    """The match ``text[start:end]`` with up to ``width`` characters before and after it, each
    safe to show on one line."""
    before = text[max(0, start - width) : start]
    return one_line(before), one_line(text[start:end]), one_line(text[end : end + width])


def search_documents(
    project: Project, document_ids: Iterable[str], query: str, limit: int = MAX_HITS
) -> Iterator[DocumentSearched]:
    """Search each document of ``document_ids`` in turn for ``query``; at most ``limit`` hits
    in all are returned with their context, the matches past it only counted. A document that
    cannot be read is reported with its problem (one line) and the search goes on."""
    from annotations.documents.document import load_document

    documents = {document.id: document for document in project.model.documents}
    kept = 0
    for document_id in document_ids:
        document = documents.get(document_id)
        if document is None or not query:
            yield DocumentSearched(document_id, Hits(), 0)
            continue
        try:
            text = load_document(project.document_path(document)).text
        except PolicyAnnotateError as error:
            yield DocumentSearched(document_id, Hits(), 0, str(error.problems[0]))
            continue
        hits = Hits()
        matches = 0
        if kept >= limit:
            matches = count_matches(text, query)
        else:
            for start, end in iter_matches(text, query):
                matches += 1
                if kept < limit:
                    hits.append(document_id, start, end, *passage_context(text, start, end))
                    kept += 1
        yield DocumentSearched(document_id, hits, matches)


@dataclass
class CorpusResults:
    """A search across the corpus as far as it went: the hits in the order of the documents
    searched (then of their offsets), the counts, and the hit opened last."""

    query: str
    order: list[str]
    """The ids of the documents to search, in the order searched (the board's)."""
    limit: int = MAX_HITS
    hits: Hits = field(default_factory=Hits)
    searched: int = 0
    matches: int = 0
    documents_matching: int = 0
    problems: list[str] = field(default_factory=list)
    current: int | None = None
    """The index of the hit opened last (n/N go on from it)."""
    _rank: dict[str, int] = field(default_factory=dict)
    _ranks: array[int] = field(default_factory=lambda: array("q"))
    """The rank (in ``order``) of each hit's document."""

    def __post_init__(self) -> None:
        self._rank = {document_id: rank for rank, document_id in enumerate(self.order)}

    @property
    def done(self) -> bool:
        """Whether every document has been searched."""
        return self.searched >= len(self.order)

    def add(self, searched: Iterable[DocumentSearched]) -> None:
        """Take in documents searched (in the order of ``order``)."""
        for item in searched:
            self.searched += 1
            self.matches += item.matches
            self.documents_matching += 1 if item.matches else 0
            if item.problem is not None:
                self.problems.append(item.problem)
            rank = self._rank.get(item.document, len(self.order))
            self.hits.extend(item.hits)
            self._ranks += array("q", [rank]) * len(item.hits)

    def step(self, document_id: str, position: int, direction: int) -> int | None:
        """The index of the hit after (1) or before (-1) ``position`` of the document
        ``document_id``, round the corpus; None when there is no hit or no such document."""
        rank = self._rank.get(document_id)
        if not self.hits or rank is None:
            return None
        indexes = range(len(self.hits))

        def key(index: int) -> tuple[int, int]:
            return self._ranks[index], self.hits.start(index)

        if direction > 0:
            index = bisect_right(indexes, (rank, position), key=key)
            return 0 if index >= len(indexes) else index
        index = bisect_left(indexes, (rank, position), key=key) - 1
        return len(indexes) - 1 if index < 0 else index

    def count_line(self) -> str:
        """``searching… 120 documents of 2000, 45 matches``, then the final counts."""
        total = len(self.order)
        if not self.done:
            line = f"searching… {count_of(self.searched, 'document')} of {total}, "
            line += count_of(self.matches, "match", "matches")
        else:
            line = f"{count_of(self.matches, 'match', 'matches')} in "
            line += f"{count_of(self.documents_matching, 'document')} of {total}"
        if self.matches > len(self.hits):
            line += f" (the first {len(self.hits)} listed)"
        if self.problems:
            line += f" · {count_of(len(self.problems), 'document')} unreadable"
        return line


def fit_context(hit: Hit, width: int) -> tuple[str, str, str]:
    """The hit's context cut to ``width`` characters on one line: the match (shortened with
    ``…`` if it alone is too long) with as much before it as after it, the rest given to the
    side that has more."""
    match = hit.match if len(hit.match) <= width else hit.match[: max(0, width - 1)] + "…"
    room = max(0, width - len(match))
    before_room = min(len(hit.before), max(room // 2, room - len(hit.after)))
    after_room = min(len(hit.after), room - before_room)
    before = hit.before[len(hit.before) - before_room :] if before_room else ""
    return before, match, hit.after[:after_room]
