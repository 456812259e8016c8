"""Soft-wrapping the document into screen rows, paragraph by paragraph.

The layout starts from cheap estimates of each paragraph's height and wraps exactly only the
paragraphs that are shown (and, in a worker, the rest), so opening a 10 MB document never waits
for a whole-document wrap. Each paragraph is followed by one blank row.

A Markdown paragraph is wrapped as it is shown (``markdown_display.display_map``: links as their
text, no emphasis or heading markers, hard-wrapped lines reflowed), computed for that paragraph
only and cached with its rows. Its rows are still spans of the source that cover the paragraph
without gaps, so every offset has its row; ``row_display`` gives what a row shows. The
parser is loaded after the first frame (``set_parser``); a paragraph that needs it is shown as
its source until then. The worker that makes every height exact uses no parser
(``quick_counts``): a paragraph that needs one keeps an estimate until it is drawn.
"""

from __future__ import annotations

import re
import time
from array import array
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Callable
from itertools import accumulate
from typing import TYPE_CHECKING, NamedTuple

from rich.cells import cell_len

from annotations.documents.document import Document, TextIndex
from annotations.documents.markdown_display import (
    HEADING,
    HEADING_MARKER,
    DisplayMap,
    display_map,
    identity_map,
)

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

_TOKEN = re.compile(r"\S+\s*|\s+")
_OTHER_SPACES = ("\t", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x1f")
RowSpan = tuple[int, int]


def wrap_line(text: str, start: int, end: int, width: int) -> list[RowSpan]:
    """Greedy word wrap of ``text[start:end]`` (no newlines) into spans of at most ``width`` cells."""
    if end <= start:
        return [(start, start)]
    line = text[start:end]
    ascii_only = line.isascii()
    if ascii_only and end - start <= width:
        return [(start, end)]
    if ascii_only and not any(space in line for space in _OTHER_SPACES):
        return _wrap_spaced(text, start, end, width)
    return _wrap_tokens(text, start, end, width, ascii_only)


def _wrap_tokens(text: str, start: int, end: int, width: int, ascii_only: bool) -> list[RowSpan]:
    """``wrap_line`` a word at a time."""
    line = text[start:end]
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


def _wrap_spaced(text: str, start: int, end: int, width: int) -> list[RowSpan]:
    """``wrap_line`` of ASCII text whose only blank is the space, a row at a time (a long
    reflowed paragraph has many words per row): a word that ends past the row starts the next
    one, spaces after the last word stay on its row, a word longer than a row is cut."""
    rows: list[RowSpan] = []
    row_start = start
    while end - row_start > width:
        limit = row_start + width
        if text[limit] == " ":
            cut = limit
            while cut < end and text[cut] == " ":
                cut += 1
            if cut == end:
                break
        else:
            cut = text.rfind(" ", row_start, limit) + 1
            if cut <= row_start:
                cut = limit
        rows.append((row_start, cut))
        row_start = cut
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


class _Wrapped(NamedTuple):
    """A paragraph as wrapped: its rows as source spans, its display map, its rows as spans of
    displayed characters, and whether it waits for the parser (shown as its source until then)."""

    rows: list[RowSpan]
    shown: DisplayMap
    shown_rows: list[RowSpan]
    provisional: bool


class DocumentLayout:
    """Which span of the text each screen row shows, at one width."""

    def __init__(
        self,
        document: Document,
        width: int,
        cache_size: int = 2048,
        *,
        parser: MarkdownIt | None = None,
    ) -> None:
        self.document = document
        self.width = max(8, width)
        self.index, self.whole = document.available_index()
        """The paragraphs laid out: the head's until the whole text is indexed (``extend``)."""
        self.counts = _estimates(self.index, 0, self.width)
        if self.counts:
            self.counts[-1] -= 1  # no blank row after the last paragraph
        self.exact = bytearray(len(self.counts))
        self._complete = not self.counts
        self._row_starts: array[int] | None = None
        self._cache: OrderedDict[int, _Wrapped] = OrderedDict()
        self._cache_size = cache_size
        self.markdown = shown_as_markdown(document)
        self.parser = parser
        """The Markdown parser, once loaded (``set_parser``); paragraphs that need it are shown
        as their source until then."""

    def extend(self, index: TextIndex) -> None:
        """Lay out the whole text's paragraphs (``index``, which starts with those laid out)."""
        if self.whole:
            return
        old = len(self.counts)
        self.index, self.whole = index, True
        added = _estimates(index, old, self.width)
        if not added:
            return
        if old:  # the last paragraph now has a blank row after it
            self.counts[old - 1] += 1
            self.exact[old - 1] = 0
            self._cache.pop(old - 1, None)
        added[-1] -= 1
        self.counts.extend(added)
        self.exact.extend(bytes(len(added)))
        self._complete = False
        self._row_starts = None

    def _cover(self, offset: int) -> None:
        """Lay out the whole text if ``offset`` is past the paragraphs laid out (the lookup
        waits for the whole text's index)."""
        ends = self.index.paragraph_ends
        if not self.whole and (not ends or offset >= ends[-1]):
            self.extend(self.document.text_index)

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

    def set_parser(self, parser: MarkdownIt) -> bool:
        """Use the Markdown parser from now on; the paragraphs shown as their source while it
        loaded are wrapped again when next shown. True if any was (redraw them)."""
        self.parser = parser
        waiting = [p for p, wrapped in self._cache.items() if wrapped.provisional]
        for paragraph in waiting:
            del self._cache[paragraph]
            self.exact[paragraph] = 0
            self._complete = False
        return bool(waiting)

    def _wrapped(self, paragraph: int) -> _Wrapped:
        """The paragraph wrapped exactly (cached, least recently used dropped first)."""
        cached = self._cache.get(paragraph)
        if cached is not None:
            self._cache.move_to_end(paragraph)
            return cached
        shown, provisional = self._display(paragraph, self.parser)
        shown_rows = self._wrap_shown(shown)
        rows = _source_rows(shown, shown_rows)
        if paragraph < len(self.counts) - 1:
            end = self.index.paragraph_ends[paragraph]
            rows.append((end, end))
        wrapped = _Wrapped(rows, shown, shown_rows, provisional)
        self._cache[paragraph] = wrapped
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        self._set_count(paragraph, len(rows))
        if provisional:
            self.exact[paragraph] = 0  # its height may change once the parser is there
        return wrapped

    def wrap_paragraph(self, paragraph: int) -> list[RowSpan]:
        """The rows of a paragraph (with its trailing blank row), wrapped exactly and cached."""
        return self._wrapped(paragraph).rows

    def _display(self, paragraph: int, parser: MarkdownIt | None) -> tuple[DisplayMap, bool]:
        """How a paragraph is shown (Markdown rendered; a plain text as it is), and whether
        that waits for the parser (then: as its source)."""
        document = self.document
        start = self.index.paragraph_starts[paragraph]
        end = self.index.paragraph_ends[paragraph]
        if not self.markdown:
            if document.is_heading(paragraph):  # imported text: headings as they were
                return _heading_as_written(document.text, start, end), False
            return identity_map(document.text, start, end), False
        shown = display_map(
            document.text, start, end, heading=document.is_heading(paragraph), parser=parser
        )
        if shown is None:
            return identity_map(document.text, start, end), True
        return shown, False

    def _wrap_shown(self, shown: DisplayMap) -> list[RowSpan]:
        """The rows of a display map, as spans of its displayed characters."""
        text = shown.text
        rows: list[RowSpan] = []
        line_start = 0
        while True:
            newline = text.find("\n", line_start)
            line_end = len(text) if newline < 0 else newline
            rows.extend(wrap_line(text, line_start, line_end, self.width))
            if newline < 0:
                break
            line_start = newline + 1
        return rows

    def row_display(self, row: int) -> tuple[DisplayMap, int, int] | None:
        """What ``row`` shows: the paragraph's display map and the row's displayed characters
        (None for a blank row or past the end)."""
        if not self.counts or row < 0 or row >= self.total_rows:
            return None
        paragraph, within = self.locate(row)
        wrapped = self._wrapped(paragraph)
        if within >= len(wrapped.shown_rows):
            return None
        first, last = wrapped.shown_rows[within]
        return wrapped.shown, first, last

    def settled(self, paragraph: int) -> bool:
        """Whether the paragraph's height is exact or it is wrapped as it is shown for now."""
        return bool(self.exact[paragraph]) or paragraph in self._cache

    def first_unsettled(self, first_row: int, last_row: int) -> int | None:
        """The first paragraph between two rows whose height is still an estimate."""
        if not self.counts:
            return None
        first, _ = self.locate(first_row)
        last, _ = self.locate(last_row)
        for paragraph in range(first, last + 1):
            if not self.settled(paragraph):
                return paragraph
        return None

    def _set_count(self, paragraph: int, count: int) -> None:
        self.exact[paragraph] = 1
        if self.counts[paragraph] != count:
            self.counts[paragraph] = count
            self._row_starts = None

    def quick_counts(self, paragraphs: range) -> list[tuple[int, bool]]:
        """Row counts for ``paragraphs`` without caching their rows (for a worker): exact where
        no parser is needed, else the height of the paragraph as its source (an estimate, made
        exact when the paragraph is drawn)."""
        last = len(self.counts) - 1
        counts: list[tuple[int, bool]] = []
        for paragraph in paragraphs:
            shown, provisional = self._display(paragraph, None)
            counts.append((len(self._wrap_shown(shown)) + (paragraph < last), not provisional))
        return counts

    def all_quick_counts(
        self, chunk: int, stopped: Callable[[], bool]
    ) -> list[tuple[int, list[tuple[int, bool]]]] | None:
        """``quick_counts`` of every paragraph, ``chunk`` at a time, as (first, counts); None
        if ``stopped`` says so between chunks. Meant for a thread worker: it sleeps a moment
        between chunks, so as to take the GIL from the UI thread as little as possible."""
        results: list[tuple[int, list[tuple[int, bool]]]] = []
        for first in range(0, self.paragraph_count, chunk):
            if stopped():
                return None
            stop = min(first + chunk, self.paragraph_count)
            results.append((first, self.quick_counts(range(first, stop))))
            time.sleep(0.001)
        return None if stopped() else results

    def apply_counts(self, first: int, counts: list[tuple[int, bool]]) -> None:
        """Record counts computed elsewhere (``quick_counts``) for paragraphs from ``first``."""
        for offset, (count, exact) in enumerate(counts):
            self._set_count(first + offset, count)
            if not exact:
                self.exact[first + offset] = 0

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
        self._cover(offset)
        if not self.counts:
            return 0
        paragraph = max(0, bisect_right(self.index.paragraph_starts, offset) - 1)
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
                if not self.settled(paragraph):
                    self.wrap_paragraph(paragraph)
                    changed = True
            if not changed:
                return


def _estimates(index: TextIndex, first: int, width: int) -> array[int]:
    """Estimated heights of paragraphs from ``first`` on, each with its blank row."""
    starts, ends, newlines = index.paragraph_starts, index.paragraph_ends, index.paragraph_newlines
    return array(
        "q",
        ((ends[p] - starts[p]) // width + newlines[p] + 2 for p in range(first, len(starts))),
    )


def shown_as_markdown(document: Document) -> bool:
    """Whether the document is shown as Markdown reads (a Markdown file; not a plain text, nor
    the Markdown-form text of an imported HTML, Word or PDF file, shown as it is)."""
    return document.markdown and document.importer is None


def _heading_as_written(text: str, start: int, end: int) -> DisplayMap:
    """A heading shown as written: in the heading style, its ``#`` marker muted."""
    source = text[start:end]
    marker = len(source) - len(source.lstrip("# "))
    styles = ((0, len(source), HEADING), (0, marker, HEADING_MARKER))
    return DisplayMap(start, end, source, None, styles if marker else styles[:1])


def _source_rows(shown: DisplayMap, rows: list[RowSpan]) -> list[RowSpan]:
    """The source spans of rows of displayed characters: from the first character a row shows
    to where the next row starts, so that hidden characters belong to the row before them."""
    starts = [shown.start] + [shown.source_of(first) for first, _ in rows[1:]]
    return list(zip(starts, [*starts[1:], shown.end], strict=True))
