"""Documents: load and normalise text, and index its paragraphs, sentences and sections.

Every offset in policy-annotate is a code-point offset into the *normalised* text: the file
decoded (UTF-8 by default, a BOM removed), with CRLF and lone CR turned into LF. Nothing else
changes, so offsets mean the same to every tool that follows docs/format.md.
"""

from __future__ import annotations

import hashlib
import re
import threading
from array import array
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cached_property
from itertools import repeat
from pathlib import Path
from typing import NamedTuple

from annotations.documents.text import decode_bytes, normalise_newlines
from annotations.errors import DocumentError
from annotations.regular_files import NotARegularFile, read_regular_file

TEXT_SUFFIXES = frozenset({".md", ".markdown", ".txt", ".text", ""})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})

_HAS_WORD = re.compile(r"\w")
_MARKER = r"(?:[-*+•]|\d{1,9}[.)]|\([0-9A-Za-z]{1,6}\))"
_LEADING_MARKER = re.compile(_MARKER + r"[ \t]+(?=\S)")
_FENCE_OPENING = r"[ \t]{0,3}(?:```|~~~)"
_FENCE = r"(?ms)^[ \t]{0,3}(`{3,}|~{3,})[^\n]*\n.*?(?:^[ \t]{0,3}\1[ \t]*$|\Z)"
# An ATX heading line: indentation, 1-6 "#" (group 1), the title (group 2) and closing "#"s.
# The title is the text after the "#"s and blanks, less a trailing run of blanks and "#"s.
_HEADING_LINE = r"[ \t]{0,3}(#{1,6})(?:[ \t]+((?:[^\n]*[^ \t#\n])?))?[ \t#]*(?=\n|\Z)"
# What follows a newline that ends a paragraph: a blank line, a list item, or (in Markdown) a
# heading line (the lines _HEADING_LINE matches).
_BREAK_AHEAD = r"[ \t]*(?:\n|" + _MARKER + r"[ \t])"
_HEADING_AHEAD = r"[ \t]{0,3}#{1,6}(?:[ \t][^\n]*|[ \t#]*)(?:\n|\Z)"


def _paragraph(ahead: str) -> str:
    """A paragraph: from a non-space character, line by line to the next break, to a non-space."""
    return r"\S(?:[^\n]*(?:\n(?!" + ahead + r")[^\n]*)*(?<=\S))?"


# Patterns kept as text are compiled (and cached by re) when first used: plain text, fenced
# code and the general way of _paragraphs_between_breaks are rare, and a command that never
# meets them should not pay for compiling them.
# One pass finds every paragraph (in Markdown, a heading line is matched from the start of its
# line, so that its span and groups are those of the heading).
_PARAGRAPHS = _paragraph(_BREAK_AHEAD)
_MARKDOWN_PARAGRAPHS = re.compile(
    r"(?:\A|(?<=\n))" + _HEADING_LINE + "|" + _paragraph(_BREAK_AHEAD + "|" + _HEADING_AHEAD)
)
_PARAGRAPH_BREAK = r"\n(?=" + _BREAK_AHEAD + ")"
_TRIMMED = r"(?s)\S(?:.*\S)?"


@dataclass(frozen=True, slots=True)
class Section:
    """A Markdown heading and the stretch of text it governs.

    ``start``/``heading_end`` delimit the heading line; ``end`` is where the next heading of the
    same or a higher level begins (or the end of the text).
    """

    level: int
    title: str
    start: int
    heading_end: int
    end: int


class TextIndex(NamedTuple):
    """Where a text's paragraphs and headings are: what ``index_text`` finds in one pass."""

    headings: list[tuple[int, str, int, int]]
    """(level, title, start, end) of each ATX heading outside fenced code blocks."""
    heading_starts: set[int]
    """Where the paragraph of each heading starts (its first "#", after indentation)."""
    paragraph_starts: array[int]
    """Where each paragraph starts, ascending (its first non-space character)."""
    paragraph_ends: array[int]
    """Where each paragraph ends (exclusive, after its last non-space character)."""
    paragraph_newlines: array[int]
    """How many line breaks each paragraph holds (what soft-wrapping starts from)."""


class Document:
    """A normalised text with its paragraph, sentence and section indexes.

    Every index is computed when first asked for: paragraphs (one pass, which drives display and
    navigation), sentences, sections and the sha256.
    """

    def __init__(
        self,
        text: str,
        *,
        path: Path | None = None,
        markdown: bool = True,
        encoding: str = "utf-8",
        pages: tuple[int, ...] = (),
        source_sha256: str | None = None,
        importer: str | None = None,
    ) -> None:
        self.text = text
        self.path = path
        self.markdown = markdown
        self.encoding = encoding
        self.length = len(text)
        self.pages = pages
        """Where each page starts (code-point offsets, ascending); empty when not paged."""
        self.source_sha256 = source_sha256
        """The sha256 of the original file's bytes, for an imported (HTML, Word, PDF) document."""
        self.importer = importer
        """The importer and its version (``"pdf/1"``) for an imported document, else None."""
        self._paragraph_cache: dict[int, tuple[tuple[int, int], ...]] = {}
        """Tuples of ints, not lists: a whole segmented 10 MB document is ~40,000 paragraphs,
        which the garbage collector would otherwise track (and traverse) as many lists."""
        self._index: TextIndex | None = None
        self._index_lock = threading.Lock()
        self._head: TextIndex | None = None
        self._head_end = 0

    @property
    def text_index(self) -> TextIndex:
        """The paragraphs and headings of the whole text (made once; a thread that asks while
        another makes it waits for it)."""
        index = self._index
        if index is None:
            with self._index_lock:
                if self._index is None:
                    self._index = index_text(self.text, self.markdown)
                index = self._index
        return index

    @property
    def index_complete(self) -> bool:
        """Whether the whole text's index is made (``text_index`` then costs nothing)."""
        return self._index is not None

    def index_head(self, limit: int) -> None:
        """Index only the paragraphs of about the first ``limit`` characters (to the first
        blank line after them), so that the first screens need not wait for the whole text's
        index: the lookups there (sentences, paragraphs, headings, the title) use it, any
        other makes ``text_index``. Its paragraphs are the first ones of ``text_index``.
        Nothing is done for a text that is short, already indexed, or has code fences
        (whose headings the whole text decides)."""
        if self._index is not None or self._head is not None or limit >= self.length:
            return
        cut = self.text.find("\n\n", limit)
        if cut < 0 or (self.markdown and _may_have_fences(self.text)):
            return
        self._head, self._head_end = index_text(self.text[:cut], self.markdown), cut

    def available_index(self) -> tuple[TextIndex, bool]:
        """The whole text's index if it is made (and True), else the head's (``index_head``;
        False), else the whole text's, made now."""
        if self._index is None and self._head is not None:
            return self._head, False
        return self.text_index, True

    @property
    def is_blank(self) -> bool:
        """Whether the text has no paragraph at all (nothing in it can be annotated)."""
        return not len(self._index_of(0).paragraph_starts)

    def paragraph_span(self, paragraph: int) -> tuple[int, int]:
        """Where paragraph number ``paragraph`` starts and ends."""
        index = self._index_of(paragraph)
        return index.paragraph_starts[paragraph], index.paragraph_ends[paragraph]

    def _index_at(self, offset: int) -> TextIndex:
        """An index that knows the paragraph holding ``offset``."""
        if self._index is None and self._head is not None and offset < self._head_end:
            return self._head
        return self.text_index

    def _index_of(self, paragraph: int) -> TextIndex:
        """An index that holds paragraph number ``paragraph``."""
        head = self._head
        if self._index is None and head is not None and paragraph < len(head.paragraph_starts):
            return head
        return self.text_index

    @cached_property
    def paragraph_starts(self) -> array[int]:
        """Where each paragraph starts, ascending (its first non-space character)."""
        return self.text_index.paragraph_starts

    @cached_property
    def paragraph_ends(self) -> array[int]:
        """Where each paragraph ends (exclusive, after its last non-space character)."""
        return self.text_index.paragraph_ends

    @cached_property
    def paragraph_newlines(self) -> array[int]:
        """How many line breaks each paragraph holds."""
        return self.text_index.paragraph_newlines

    @property
    def _headings(self) -> list[tuple[int, str, int, int]]:
        return self.text_index.headings

    @cached_property
    def _heading_starts(self) -> set[int]:
        return self.text_index.heading_starts

    @property
    def name(self) -> str:
        """The file name, for messages."""
        return str(self.path) if self.path is not None else "<text>"

    @cached_property
    def sha256(self) -> str:
        """The hex sha256 of the normalised text, UTF-8 encoded."""
        return hashlib.sha256(self.text.encode("utf-8", "surrogatepass")).hexdigest()

    @cached_property
    def sections(self) -> list[Section]:
        """The Markdown headings, in order (empty for plain text)."""
        if not self.markdown:
            return []
        sections: list[Section] = []
        open_sections: list[tuple[int, str, int, int]] = []  # a stack of headings still open
        for heading in self._headings:
            while open_sections and open_sections[-1][0] >= heading[0]:
                level, title, start, end = open_sections.pop()
                sections.append(Section(level, title, start, end, heading[2]))
            open_sections.append(heading)
        for level, title, start, end in open_sections:
            sections.append(Section(level, title, start, end, self.length))
        sections.sort(key=lambda section: section.start)
        return sections

    @cached_property
    def title(self) -> str:
        """The first level-1 heading, else the first line, else the file stem."""
        # the head's headings first (``index_head``): the whole text's only if it has none
        found = _level_one_title(self._index_of(0).headings) or _level_one_title(self._headings)
        if found:
            return found
        first = self._index_of(0)
        if first.paragraph_starts:
            first_line = self.text[first.paragraph_starts[0] : first.paragraph_ends[0]].split(
                "\n", 1
            )[0]
            return first_line.strip().lstrip("#").strip()[:80]
        return self.path.stem if self.path is not None else ""

    @cached_property
    def _sentence_index(self) -> tuple[array[int], array[int]]:
        """Every sentence's start and end, in two arrays. The paragraphs segmented for it are
        not kept one by one as well: ``paragraph_sentences`` reads them from these arrays (for
        the 10 MB benchmark document, 12 MiB of tuples saved)."""
        starts: array[int] = array("q")
        ends: array[int] = array("q")
        cache = self._paragraph_cache
        for paragraph in range(len(self.paragraph_starts)):
            spans = cache.get(paragraph) or self._segment(paragraph)
            for start, end in spans:
                starts.append(start)
                ends.append(end)
        return starts, ends

    def paragraph_sentences(self, paragraph: int) -> tuple[tuple[int, int], ...]:
        """The sentences of one paragraph (segmented on first use, then cached).

        The app moves sentence by sentence through this, so a 10 MB document never waits for
        the whole text to be segmented.
        """
        spans = self._paragraph_cache.get(paragraph)
        if spans is None:
            index = self.__dict__.get("_sentence_index")  # the whole text segmented already
            if index is None:
                spans = self._segment(paragraph)
            else:
                start, end = self.paragraph_span(paragraph)
                starts, ends = index
                first, last = bisect_left(starts, start), bisect_left(starts, end)
                spans = tuple(zip(starts[first:last], ends[first:last], strict=True))
            self._paragraph_cache[paragraph] = spans
        return spans

    def _segment(self, paragraph: int) -> tuple[tuple[int, int], ...]:
        start, end = self.paragraph_span(paragraph)
        return _paragraph_sentences(self.text, start, end, self.is_heading(paragraph))

    def sentence_containing(self, offset: int) -> tuple[int, int] | None:
        """The sentence holding ``offset``, or the nearest one before it (None in an empty text)."""
        if self.is_blank:
            return None
        paragraph = max(0, self.paragraph_at(offset))
        spans = self.paragraph_sentences(paragraph)
        found = spans[0]
        for span in spans:
            if span[0] > offset:
                break
            found = span
        return found

    def next_sentence(self, offset: int) -> tuple[int, int] | None:
        """The first sentence starting after ``offset``."""
        paragraph = max(0, self.paragraph_at(offset))
        while paragraph < len(self._index_of(paragraph).paragraph_starts):
            for span in self.paragraph_sentences(paragraph):
                if span[0] > offset:
                    return span
            paragraph += 1
        return None

    def previous_sentence(self, offset: int) -> tuple[int, int] | None:
        """The last sentence starting before ``offset``."""
        paragraph = min(self.paragraph_at(offset), len(self._index_at(offset).paragraph_starts) - 1)
        while paragraph >= 0:
            for span in reversed(self.paragraph_sentences(paragraph)):
                if span[0] < offset:
                    return span
            paragraph -= 1
        return None

    @property
    def sentence_starts(self) -> array[int]:
        """Start offsets of the sentences, ascending."""
        return self._sentence_index[0]

    @property
    def sentence_ends(self) -> array[int]:
        """End offsets (exclusive) of the sentences, matching ``sentence_starts``."""
        return self._sentence_index[1]

    def page_at(self, offset: int) -> int | None:
        """The 1-based number of the page holding ``offset`` (None when the text is not paged)."""
        if not self.pages:
            return None
        return max(1, bisect_right(self.pages, offset))

    def is_heading(self, paragraph: int) -> bool:
        """Whether the paragraph is a Markdown heading line."""
        index = self._index_of(paragraph)
        return index.paragraph_starts[paragraph] in index.heading_starts

    def paragraph_at(self, offset: int) -> int:
        """The index of the paragraph holding ``offset``, or of the last one before it (-1 if none)."""
        return bisect_right(self._index_at(offset).paragraph_starts, offset) - 1

    def sentence_at(self, offset: int) -> int:
        """The index of the sentence holding ``offset``, or of the last one before it (-1 if none)."""
        return bisect_right(self.sentence_starts, offset) - 1

    def section_at(self, offset: int) -> Section | None:
        """The innermost section holding ``offset``."""
        found: Section | None = None
        for section in self.sections:
            if section.start > offset:
                break
            if offset < section.end:
                found = section
        return found


def _level_one_title(headings: list[tuple[int, str, int, int]]) -> str:
    """The title of the first level-1 heading with one ("" if none)."""
    for level, title, _start, _end in headings:  # in order, as the sections
        if level == 1 and title:
            return title
    return ""


def index_text(text: str, markdown: bool) -> TextIndex:
    """Headings, where their paragraphs start, and paragraph starts and ends, in one pass.

    Paragraphs are runs of lines between blank lines, stripped of white space (indentation
    included); list items and headings stand alone. A heading is ``(level, title, start, end)``
    with the span of its whole line.
    """
    starts: array[int] = array("q")
    ends: array[int] = array("q")
    if not markdown:
        for match in re.finditer(_PARAGRAPHS, text):
            start, end = match.span()
            starts.append(start)
            ends.append(end)
        return TextIndex([], set(), starts, ends, _newlines(text, starts, ends))
    headings: list[tuple[int, str, int, int]] = []
    heading_starts: set[int] = set()
    add_start, add_end, add_heading = starts.append, ends.append, headings.append
    for match in _MARKDOWN_PARAGRAPHS.finditer(text):
        if match.lastindex is None:  # a paragraph
            start, end = match.span()
        else:  # a heading line
            line_start, line_end = match.span()
            hashes, title = match.group(1, 2)
            start = match.start(1)
            end = line_end
            if text[end - 1].isspace():
                end = line_start + len(match.group().rstrip())
            add_heading((len(hashes), title.strip() if title else "", line_start, line_end))
            heading_starts.add(start)
        add_start(start)
        add_end(end)
    if headings and _may_have_fences(text):
        fences = [(m.start(), m.end()) for m in re.finditer(_FENCE, text)]
        if any(a <= h[2] < b for h in headings for a, b in fences):
            # Heading-like lines in fenced code are text: index again without them.
            headings = [h for h in headings if not any(a <= h[2] < b for a, b in fences)]
            heading_starts = {
                start + len(text[start:end]) - len(text[start:end].lstrip())
                for _level, _title, start, end in headings
            }
            starts, ends = _paragraphs_between_breaks(text, headings)
    return TextIndex(headings, heading_starts, starts, ends, _newlines(text, starts, ends))


def _newlines(text: str, starts: array[int], ends: array[int]) -> array[int]:
    """How many line breaks each paragraph holds."""
    return array("q", map(text.count, repeat("\n"), starts, ends))


def _may_have_fences(text: str) -> bool:
    """Whether a line starts like a code fence (else _FENCE finds none: spare running it)."""
    if "`" not in text and "~" not in text:  # one-character searches are the quick ones
        return False
    return (
        re.match(_FENCE_OPENING, text) is not None
        or re.search("\n" + _FENCE_OPENING, text) is not None
    )


def _paragraphs_between_breaks(
    text: str, headings: list[tuple[int, str, int, int]]
) -> tuple[array[int], array[int]]:
    """Paragraph spans from the newlines that end paragraphs (the slower, general way).

    For the rare Markdown text with heading-like lines inside fenced code, which the single
    pass of _MARKDOWN_PARAGRAPHS would take for headings.
    """
    breaks = [match.start() for match in re.finditer(_PARAGRAPH_BREAK, text)]
    for _level, _title, start, end in headings:
        if start > 0 and text[start - 1] == "\n":
            breaks.append(start - 1)
        if end < len(text) and text[end] == "\n":
            breaks.append(end)
    breaks.sort()
    breaks.append(len(text))
    starts: array[int] = array("q")
    ends: array[int] = array("q")
    position = 0
    trimmed = re.compile(_TRIMMED)
    for position_end in breaks:
        match = trimmed.search(text, position, position_end)
        if match is not None:
            starts.append(match.start())
            ends.append(match.end())
        position = position_end + 1
    return starts, ends


def _paragraph_sentences(
    text: str, paragraph_start: int, paragraph_end: int, heading: bool
) -> tuple[tuple[int, int], ...]:
    """The sentences of one paragraph, from sentencex, stripped of white space.

    A heading is always one sentence, whatever full stops it holds ("## 1. Start here").
    A leading list marker ("(9) ", "(a) ", "• ") is set aside while segmenting and joined to
    the first sentence: sentencex treats a paragraph that starts with one as a list item and
    does not split it at all, which would make a numbered recital of ten sentences one.
    A piece with no letter or digit (the closing "*" of an italic line) joins the sentence before.
    """
    from sentencex import get_sentence_boundaries

    if heading:
        return ((paragraph_start, paragraph_end),)
    marker = _LEADING_MARKER.match(text, paragraph_start, paragraph_end)
    content_start = marker.end() if marker else paragraph_start
    spans: list[tuple[int, int]] = []
    for boundary in get_sentence_boundaries("en", text[content_start:paragraph_end]):
        piece: str = boundary["text"]
        stripped = piece.strip()
        if not stripped:
            continue
        start = content_start + boundary["start_index"] + len(piece) - len(piece.lstrip())
        if spans and not _HAS_WORD.search(stripped):
            spans[-1] = (spans[-1][0], start + len(stripped))
            continue
        spans.append((paragraph_start if not spans else start, start + len(stripped)))
    return tuple(spans) or ((paragraph_start, paragraph_end),)


def document_from_bytes(data: bytes, *, path: Path, markdown: bool | None = None) -> Document:
    """Build a document from raw bytes (decoded and normalised)."""
    text, encoding = decode_bytes(data, str(path))
    if markdown is None:
        markdown = path.suffix.lower() in MARKDOWN_SUFFIXES
    normalised = normalise_newlines(text)
    return Document(normalised, path=path, markdown=markdown, encoding=encoding)


def load_document(path: str | Path) -> Document:
    """Read, decode, normalise and index the document at ``path``.

    HTML (.html, .htm, .xhtml), Word (.docx) and PDF files go through their importer
    (annotations.documents.importers), which gives Markdown-form text; extractions are cached by the
    file's sha256. Raises DocumentError with a one-line message for a missing, unreadable,
    binary, undecodable, damaged or text-less file, and for .doc, .odt and .rtf.
    """
    path = Path(path)
    name = str(path)
    suffix = path.suffix.lower()
    imported = False
    if suffix not in TEXT_SUFFIXES:  # a text file (none is imported or refused) spares the import
        from annotations.documents.importers import IMPORTED_SUFFIXES, REFUSED_SUFFIXES

        if suffix in REFUSED_SUFFIXES:
            raise DocumentError(name, f"cannot be read: it is {REFUSED_SUFFIXES[suffix]}")
        imported = suffix in IMPORTED_SUFFIXES
    try:
        data = read_regular_file(path)
    except FileNotFoundError:
        raise DocumentError(name, "no such file") from None
    except IsADirectoryError:
        raise DocumentError(name, "is a folder, not a document") from None
    except NotARegularFile:
        raise DocumentError(
            name, "is not a regular file (a pipe or a device), not a document"
        ) from None
    except PermissionError:
        raise DocumentError(name, "permission denied") from None
    except OSError as error:
        raise DocumentError(name, f"cannot be read ({error.strerror or error})") from None
    if imported:
        return imported_document(path, data, use_cache=True)
    return document_from_bytes(data, path=path)


def imported_document(path: Path, data: bytes, *, use_cache: bool = False) -> Document:
    """Build a document from an HTML, Word (.docx) or PDF file's bytes, through its importer."""
    from annotations.documents.importers import import_document

    imported = import_document(path, data, use_cache=use_cache)
    return Document(
        imported.text,
        path=path,
        markdown=True,
        pages=imported.pages,
        source_sha256=imported.source_sha256,
        importer=imported.importer,
    )
