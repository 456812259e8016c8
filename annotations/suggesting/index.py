"""The index of one document: its sentences, their stems in a BM25 index, their headings.

Building it is the slow part (segmenting, stemming and indexing every sentence); ranking a query
against it is a few array operations. The app builds it in a worker; a project keeps one per
document. numpy (the ``suggest`` extra) is imported only when an index is built, so that nothing
else pays for it.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from annotations.suggesting.bm25 import Bm25
from annotations.suggesting.tokens import WORD, Stems

if TYPE_CHECKING:
    import numpy as np

    from annotations.documents.document import Document

HEADING_DEPTH = 3
"""How many enclosing headings of a sentence can lend it their score (innermost first)."""
BROAD_HEADING = 0.5
"""A heading over more than this share of the sentences (the document's title) lends nothing."""
LIST_MARKER = re.compile(r"[ \t]*(?:[-*+•]|\d{1,9}[.)]|\([0-9A-Za-z]{1,6}\))[ \t]+")
"""A list item's marker ("4. ", "- ", "(b) "): numbering, not words."""
_SPLIT = re.compile(WORD.pattern + "|\0")
"""Words, and the NULs put between sentences."""
_MARKER_STARTS = frozenset("-*+•(0123456789 \t")
CHUNK_CHARS = 32_768
"""Characters of text tokenised at a time (whole sentences, at least one): bounds how long one
``findall`` or ``lower`` holds the GIL. The app builds the index in a thread, and its UI thread
waits for the GIL while the worker is inside one call: chunks of 1024 sentences (200 KB of the
10 MB bill) held it 35 ms quiet and 80-250 ms under load (benchmarks/README.md, "Suggested
passages")."""
FLUSH_WORDS = 131_072
"""Word ids gathered before they are turned into (term, sentence) arrays, a few numpy calls on
that many at a time."""


class SentenceIndex:
    """A document's sentences with a BM25 index of their stems.

    ``headings[i]`` lists, for sentence ``i``, the sentence numbers of the headings that enclose
    it, innermost first (-1 where there are fewer); ``is_heading[i]`` tells whether sentence
    ``i`` is itself a heading line.
    """

    def __init__(self, document: Document, *, stem: bool = True) -> None:
        import numpy as np

        self.document = document
        self.stems = Stems(stem=stem)
        self.starts: array[int] = document.sentence_starts
        self.ends: array[int] = document.sentence_ends
        self.size = len(self.starts)
        self.vocabulary: dict[str, int] = {}
        terms, sentences = self._tokens(np)
        self.bm25 = Bm25(terms, sentences, self.size, len(self.vocabulary))
        self.headings, self.is_heading = self._heading_structure(np)

    def _tokens(self, np: Any) -> tuple[np.ndarray, np.ndarray]:
        """Every stem of every sentence as (term id, sentence number), stop words left out.

        A chunk of sentences (about ``CHUNK_CHARS`` characters) is lower-cased, each sentence
        preceded by a NUL, and split into words by one ``findall`` whose NULs mark the sentences
        (a NUL of the text itself is read as a space). No single call works on more than a chunk
        or ``FLUSH_WORDS`` word ids, so the app's UI thread never waits long for the GIL while a
        worker builds the index.
        """
        from bisect import bisect_left

        text, starts_all, ends_all = self.document.text, self.starts, self.ends
        has_nul = "\0" in text
        marker = LIST_MARKER.match
        word_ids: dict[str, int] = {"\0": 0}
        lookup = _TermLookup(np)
        stream = _TokenStream(np, lookup)
        first = 0
        while first < self.size:
            last = bisect_left(starts_all, starts_all[first] + CHUNK_CHARS, first + 1, self.size)
            starts = list(starts_all[first:last])
            for position, start in enumerate(starts):
                if text[start] in _MARKER_STARTS:
                    found = marker(text, start, ends_all[first + position])
                    starts[position] = found.end() if found else start
            pieces = [text[s:e] for s, e in zip(starts, ends_all[first:last], strict=True)]
            if has_nul:
                pieces = [piece.replace("\0", " ") for piece in pieces]
            words = _SPLIT.findall(("\0" + "\0".join(pieces)).lower())
            new = set(words).difference(word_ids)
            for word in new:
                word_ids[word] = len(word_ids)
                stem = self.stems.word(word)
                lookup.append(-1 if stem is None else self._term(stem))
            stream.add(map(word_ids.__getitem__, words))
            first = last
        return stream.finish()

    def _term(self, stem: str) -> int:
        number = self.vocabulary.get(stem)
        if number is None:
            number = self.vocabulary[stem] = len(self.vocabulary)
        return number

    def _heading_structure(self, np: Any) -> tuple[np.ndarray, np.ndarray]:
        """For each sentence, its enclosing headings; and which sentences are headings.

        The innermost section holding a sentence is that of the last heading before it (a
        section runs to the next heading of its level or higher); its parents follow from the
        levels. A heading over more than BROAD_HEADING of the sentences counts as none.
        """
        is_heading = np.zeros(self.size, dtype=bool)
        starts = np.frombuffer(self.starts, dtype=np.int64) if self.size else np.zeros(0, np.int64)
        firsts: list[int] = []  # the sentence of each heading
        lends: list[int] = []  # the same, or -1 for a broad heading (which lends nothing)
        parents: list[int] = []  # the position of each heading's parent in ``firsts``, or -1
        open_levels: list[tuple[int, int]] = []  # (level, position) of the headings still open
        for section in self.document.sections:
            first = int(np.searchsorted(starts, section.start, side="left"))
            if first >= self.size or self.starts[first] >= section.heading_end:
                continue  # a heading with no sentence (an empty "#" line)
            is_heading[first] = True
            while open_levels and open_levels[-1][0] >= section.level:
                open_levels.pop()
            broad = int(np.searchsorted(starts, section.end)) - first > BROAD_HEADING * self.size
            firsts.append(first)
            lends.append(-1 if broad else first)
            parents.append(open_levels[-1][1] if open_levels else -1)
            open_levels.append((section.level, len(firsts) - 1))
        headings = np.full((self.size, HEADING_DEPTH), -1, dtype=np.int32)
        if not firsts:
            return headings, is_heading
        # The last heading before each sentence (for a heading line, the one before it).
        chain = np.searchsorted(np.asarray(firsts), np.arange(self.size), side="left") - 1
        parent = np.append(np.asarray(parents, dtype=np.int64), -1)  # position -1 → -1
        sentence_of = np.append(np.asarray(lends, dtype=np.int64), -1)
        for depth in range(HEADING_DEPTH):
            headings[:, depth] = sentence_of[chain]
            chain = parent[chain]
        return headings, is_heading

    def term_id(self, stem: str) -> int | None:
        """The index's number for a stem, or None if no sentence holds it."""
        return self.vocabulary.get(stem)

    def postings(self, stem: str) -> tuple[np.ndarray, np.ndarray] | None:
        """The sentences holding ``stem`` and its BM25 score in each (None: no sentence)."""
        term = self.vocabulary.get(stem)
        return None if term is None else self.bm25.postings(term)


class _TermLookup:
    """Word id → term id (-1 a stop word, -2 the NUL before each sentence), a growing array."""

    def __init__(self, np: Any) -> None:
        self.np = np
        self.array = np.full(1024, -2, dtype=np.int32)
        self.size = 1  # word 0 is the NUL

    def append(self, term: int) -> None:
        """The term of the next word id."""
        if self.size == len(self.array):
            self.array = self.np.concatenate([self.array, self.np.empty_like(self.array)])
        self.array[self.size] = term
        self.size += 1


class _TokenStream:
    """Word ids of consecutive sentences (each after a NUL, id 0) → (term, sentence) arrays,
    converted every ``FLUSH_WORDS`` ids so that no numpy call works on the whole document."""

    def __init__(self, np: Any, lookup: _TermLookup) -> None:
        self.np = np
        self.lookup = lookup
        self.pending: array[int] = array("i")
        self.sentences_before = 0
        self.terms: list[np.ndarray] = []
        self.sentences: list[np.ndarray] = []

    def add(self, ids: Iterable[int]) -> None:
        """The word ids of a chunk of sentences."""
        self.pending.extend(ids)
        if len(self.pending) >= FLUSH_WORDS:
            self._flush()

    def _flush(self) -> None:
        np = self.np
        ids = np.frombuffer(self.pending, dtype=np.int32)
        self.pending = array("i")
        terms = self.lookup.array[ids]
        starts = terms == -2
        numbers = self.sentences_before - 1 + np.cumsum(starts)
        self.sentences_before += int(np.count_nonzero(starts))
        kept = terms >= 0
        self.terms.append(terms[kept])
        self.sentences.append(numbers[kept].astype(np.int32))

    def finish(self) -> tuple[np.ndarray, np.ndarray]:
        """Every (term, sentence), in order."""
        np = self.np
        if self.pending:
            self._flush()
        if not self.terms:
            return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.int32)
        return np.concatenate(self.terms), np.concatenate(self.sentences)
