"""Soft-wrapping the document into screen rows, paragraph by paragraph.

The layout starts from cheap estimates of each paragraph's height and wraps exactly only the
paragraphs that are shown (and, in a worker, the rest), so opening a 10 MB document never waits
for a whole-document wrap. Each paragraph is followed by one blank row.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections import OrderedDict
from itertools import accumulate

from rich.cells import cell_len

from annotations.documents.document import Document

_TOKEN = re.compile(r"\S+\s*|\s+")
RowSpan = tuple[int, int]


def wrap_line(text: str, start: int, end: int, width: int) -> list[RowSpan]:
    """Greedy word wrap of ``text[start:end]`` (no newlines) into spans of at most ``width`` cells."""
    if end <= start:
        return [(start, start)]
    line = text[start:end]
    ascii_only = line.isascii()
    if ascii_only and end - start <= width:
        return [(start, end)]
    rows: list[RowSpan] = []
    row_start = start
    used = 0
    for match in _TOKEN.finditer(line):
        token = match.group()
        word = token.rstrip()
        word_width = len(word) if ascii_only else cell_len(word)
        token_start = start + match.start()
        if used and used + word_width > width:
            rows.append((row_start, token_start))
            row_start = token_start
            used = 0
        while word_width > width:  # a word longer than the row: split it hard
            cut = _cut(word, width, ascii_only)
            rows.append((row_start, row_start + cut))
            row_start += cut
            word = word[cut:]
            word_width = len(word) if ascii_only else cell_len(word)
        used += word_width + (len(token) - len(token.rstrip()))
    rows.append((row_start, end))
    return rows


def _cut(word: str, width: int, ascii_only: bool) -> int:
    if ascii_only:
        return width
    used = 0
    for index, char in enumerate(word):
        used += cell_len(char)
        if used > width:
            return max(1, index)
    return len(word)


class DocumentLayout:
    """Which span of the text each screen row shows, at one width."""

    def __init__(self, document: Document, width: int, cache_size: int = 2048) -> None:
        self.document = document
        self.width = max(8, width)
        starts, ends = document.paragraph_starts, document.paragraph_ends
        newlines = document.paragraph_newlines
        self.counts = array(
            "q",
            ((e - s) // self.width + n + 2 for s, e, n in zip(starts, ends, newlines, strict=True)),
        )
        if self.counts:
            self.counts[-1] -= 1  # no blank row after the last paragraph
        self.exact = bytearray(len(self.counts))
        self._complete = not self.counts
        self._row_starts: array[int] | None = None
        self._cache: OrderedDict[int, list[RowSpan]] = OrderedDict()
        self._cache_size = cache_size

    @property
    def paragraph_count(self) -> int:
        """How many paragraphs the document has."""
        return len(self.counts)

    @property
    def complete(self) -> bool:
        """Whether every paragraph's height is exact (rows no longer move when wrapped)."""
        if not self._complete:
            self._complete = self.exact.find(0) < 0
        return self._complete

    @property
    def row_starts(self) -> array[int]:
        """The first row of each paragraph."""
        if self._row_starts is None:
            self._row_starts = array("q", accumulate(self.counts, initial=0))
        return self._row_starts

    @property
    def total_rows(self) -> int:
        """The height of the whole document, in rows."""
        return self.row_starts[-1] if self.counts else 0

    def wrap_paragraph(self, paragraph: int) -> list[RowSpan]:
        """The rows of a paragraph (with its trailing blank row), wrapped exactly and cached."""
        rows = self._cache.get(paragraph)
        if rows is not None:
            self._cache.move_to_end(paragraph)
            return rows
        rows = self._wrap(paragraph)
        self._cache[paragraph] = rows
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        self._set_count(paragraph, len(rows))
        return rows

    def _wrap(self, paragraph: int) -> list[RowSpan]:
        text = self.document.text
        start = self.document.paragraph_starts[paragraph]
        end = self.document.paragraph_ends[paragraph]
        rows: list[RowSpan] = []
        line_start = start
        while True:
            newline = text.find("\n", line_start, end)
            line_end = end if newline < 0 else newline
            rows.extend(wrap_line(text, line_start, line_end, self.width))
            if newline < 0:
                break
            line_start = newline + 1
        if paragraph < len(self.counts) - 1:
            rows.append((end, end))
        return rows

    def _set_count(self, paragraph: int, count: int) -> None:
        self.exact[paragraph] = 1
        if self.counts[paragraph] != count:
            self.counts[paragraph] = count
            self._row_starts = None

    def exact_counts(self, paragraphs: range) -> list[int]:
        """Exact row counts for ``paragraphs`` without caching their rows (for a worker)."""
        return [len(self._wrap(p)) for p in paragraphs]

    def apply_counts(self, first: int, counts: list[int]) -> None:
        """Record exact counts computed elsewhere (in a worker) for paragraphs from ``first``."""
        for offset, count in enumerate(counts):
            self._set_count(first + offset, count)

    def locate(self, row: int) -> tuple[int, int]:
        """The (paragraph, row within it) shown at ``row``."""
        paragraph = bisect_right(self.row_starts, row) - 1
        paragraph = min(max(paragraph, 0), len(self.counts) - 1)
        return paragraph, row - self.row_starts[paragraph]

    def row_span(self, row: int) -> RowSpan | None:
        """The span of text shown at ``row`` (None past the end)."""
        if not self.counts or row < 0 or row >= self.total_rows:
            return None
        paragraph, within = self.locate(row)
        rows = self.wrap_paragraph(paragraph)
        if within >= len(rows):  # the estimate was high; the row is blank
            return None
        return rows[within]

    def row_of_offset(self, offset: int) -> int:
        """The row showing the code point at ``offset`` (or the nearest row before it)."""
        if not self.counts:
            return 0
        paragraph = max(0, self.document.paragraph_at(offset))
        rows = self.wrap_paragraph(paragraph)
        base = self.row_starts[paragraph]
        for index, (start, end) in enumerate(rows):
            if start <= offset < end or (index == len(rows) - 1 and offset >= start):
                return base + index
            if offset < start:
                return base + max(0, index - 1)
        return base + len(rows) - 1

    def ensure_exact(self, first_row: int, last_row: int) -> None:
        """Wrap exactly every paragraph between two rows, until the rows are stable."""
        if not self.counts:  # an empty document: nothing to wrap (locate() would say -1)
            return
        for _ in range(8):
            changed = False
            first, _ = self.locate(first_row)
            last, _ = self.locate(last_row)
            for paragraph in range(first, last + 1):
                if not self.exact[paragraph]:
                    self.wrap_paragraph(paragraph)
                    changed = True
            if not changed:
                return
