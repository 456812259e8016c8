"""How one Markdown paragraph reads on screen: its displayed characters, each with its source offset.

The document keeps its text as it is (annotation offsets point into it); only the display
changes. ``display_map`` turns one paragraph's source into a ``DisplayMap``: links shown as their
text, emphasis and code without their markers, heading ``#`` markers hidden, and hard-wrapped
lines reflowed (a line break inside a paragraph becomes a space, shown at the newline's offset).
List items, hard line breaks (two trailing spaces or a backslash) and blocks that are not prose
(tables, fenced code, HTML) keep their lines. markdown-it-py (a dependency of Rich) gives the
blocks with their lines and the inline tokens; it gives no inline offsets, so each displayed
character is found in the source in order. Whatever cannot be matched that way (an entity shown
as a character the source does not hold) leaves the paragraph as its source. Each paragraph is
read alone (never the whole document): a reference link (``[text][label]``) whose definition is
elsewhere is shown as written.

The map is monotonic: displayed character ``i`` shows the source character at ``offsets[i]``
(or a space/line break at a newline), offsets strictly increase, so a run of displayed columns
is always one contiguous source span.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

# Characters that may make Markdown anywhere in a line; a line starting with one of
# _LINE_STARTS (or a digit, or indented 4 spaces) may start a block (a list item, a quote, a
# heading, a fence, a table, code). A paragraph with neither is reflowed without the parser.
_SPECIAL = frozenset("*_`[]<>&\\|")
_LINE_STARTS = frozenset("-+*>#=`~<|0123456789")

HEADING = "heading"
HEADING_MARKER = "heading-marker"
LINK = "link"
EMPHASIS = "emphasis"
STRONG = "strong"
CODE = "code"


@dataclass(frozen=True)
class DisplayMap:
    """One paragraph as shown: ``text`` and, per character, the absolute source offset.

    ``styles`` are (start, end, name) runs of displayed characters, name one of ``HEADING``,
    ``LINK``, ``EMPHASIS``, ``STRONG``, ``CODE``. ``offsets`` is None when the paragraph is
    shown as its source (character ``i`` at ``start + i``).
    """

    start: int
    end: int
    text: str
    offsets: array[int] | None = None
    styles: tuple[tuple[int, int, str], ...] = field(default=())

    def source_of(self, column: int) -> int:
        """The source offset of displayed character ``column`` (``end`` past the last)."""
        if column >= len(self.text):
            return self.end
        if self.offsets is None:
            return self.start + column
        return self.offsets[column]

    def column_of(self, offset: int) -> int:
        """The first displayed character at or after source ``offset`` (``len(text)`` if none)."""
        if self.offsets is None:
            return min(max(0, offset - self.start), len(self.text))
        return bisect_left(self.offsets, offset)

    def source_span(self, first: int, last: int) -> tuple[int, int]:
        """The source span shown by displayed characters ``first`` to ``last`` (exclusive)."""
        if last <= first:
            offset = self.source_of(first)
            return offset, offset
        return self.source_of(first), self.source_of(last - 1) + 1


def identity_map(text: str, start: int, end: int) -> DisplayMap:
    """The paragraph ``text[start:end]`` shown as its source."""
    return DisplayMap(start, end, text[start:end])


@lru_cache(maxsize=1)
def load_parser() -> MarkdownIt:
    """The Markdown parser (importing markdown-it-py costs 55-90 ms: the app does it in a worker
    after its first frame, and shows the paragraphs that need it as their source until then)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table")


def parser_loaded() -> bool:
    """Whether ``load_parser`` has been called in this process (it is then free)."""
    return load_parser.cache_info().currsize > 0


class _Unmatched(Exception):
    """A displayed character was not found in the source: show the paragraph as it is."""


class _Builder:
    """Collects displayed characters with their offsets and style runs."""

    def __init__(self, source: str, base: int) -> None:
        self.source = source
        self.base = base
        self.chars: list[str] = []
        self.offsets = array("q")
        self.styles: list[tuple[int, int, str]] = []

    def put(self, char: str, index: int) -> None:
        if self.offsets and self.base + index <= self.offsets[-1]:
            raise _Unmatched
        self.chars.append(char)
        self.offsets.append(self.base + index)

    def run(self, index: int, count: int) -> None:
        """Show ``count`` source characters from ``index``."""
        if self.offsets and self.base + index <= self.offsets[-1]:
            raise _Unmatched
        self.chars.append(self.source[index : index + count])
        self.offsets.extend(range(self.base + index, self.base + index + count))

    def raw(self, start: int, end: int) -> None:
        """Show ``source[start:end]`` as it is."""
        if end > start:
            self.run(start, end - start)

    def line_break(self, newline: int) -> None:
        """A displayed line break at the source newline ``newline`` (none at the very start)."""
        if self.chars and not self.chars[-1].endswith("\n"):
            self.put("\n", newline)


def display_map(
    text: str, start: int, end: int, *, heading: bool = False, parser: MarkdownIt | None
) -> DisplayMap | None:
    """How the Markdown paragraph ``text[start:end]`` is shown (see the module docstring).

    Plain paragraphs and one-line headings are mapped without the parser; for the others, None
    when ``parser`` is None (not loaded yet).
    """
    source = text[start:end]
    if heading and "\n" not in source and _SPECIAL.isdisjoint(source):
        title = _atx_title(source)
        if title is not None:
            first, last = start + title[0], start + title[1]
            offsets = array("q", range(first, last))
            return DisplayMap(start, end, text[first:last], offsets, ((0, last - first, HEADING),))
    if not heading and _SPECIAL.isdisjoint(source):
        if "\n" not in source:
            return identity_map(text, start, end)
        lines = source.split("\n")
        if "\t" not in source and all(_plain_line(line) for line in lines):
            return _reflow(text, start, end, lines)
    if parser is None:
        return None
    try:
        built = _build(source, start, parser)
    except _Unmatched:
        return identity_map(text, start, end)
    return DisplayMap(start, end, "".join(built.chars), built.offsets, tuple(built.styles))


def _atx_title(line: str) -> tuple[int, int] | None:
    """Where the title of a one-line ATX heading is (None: not a simple one)."""
    lead = len(line) - len(line.lstrip(" "))
    hashes = len(line) - lead - len(line[lead:].lstrip("#"))
    if lead > 3 or not 1 <= hashes <= 6:
        return None
    first = lead + hashes
    if first < len(line) and line[first] != " ":
        return None
    last = len(line.rstrip(" "))
    closing = line[:last].rstrip("#")
    if len(closing) < last and (len(closing) <= first or closing.endswith(" ")):
        last = len(closing.rstrip(" "))
    while first < last and line[first] == " ":
        first += 1
    return (first, last) if first < last else None


def _plain_line(line: str) -> bool:
    """Whether a line can only continue a paragraph (no block can start on it; not blank)."""
    stripped = line.lstrip(" ")
    return bool(stripped) and stripped[0] not in _LINE_STARTS and len(line) - len(stripped) < 4


def _reflow(text: str, start: int, end: int, lines: list[str]) -> DisplayMap:
    """A paragraph of plain lines, as markdown-it reads it: each line without its leading and
    trailing blanks, joined by a space at the newline (a line break after two trailing spaces)."""
    chars: list[str] = []
    offsets = array("q")
    line_start = start
    last = len(lines) - 1
    for index, line in enumerate(lines):
        body = line.strip(" ")
        if body:
            first = line_start + len(line) - len(line.lstrip(" "))
            chars.append(body)
            offsets.extend(range(first, first + len(body)))
        newline = line_start + len(line)
        if index < last and chars:
            hard = len(line) - len(line.rstrip(" ")) >= 2 and bool(body)
            chars.append("\n" if hard else " ")
            offsets.append(newline)
        line_start = newline + 1
    shown = "".join(chars).rstrip(" \n")
    del offsets[len(shown) :]
    return DisplayMap(start, end, shown, offsets)


def _line_starts(source: str) -> list[int]:
    starts = [0]
    index = source.find("\n")
    while index >= 0:
        starts.append(index + 1)
        index = source.find("\n", index + 1)
    starts.append(len(source) + 1)
    return starts


def _build(source: str, base: int, parser: MarkdownIt) -> _Builder:
    built = _Builder(source, base)
    lines = _line_starts(source)
    tokens = parser.parse(source)
    shown_line = 0  # the first source line not shown yet
    for position, token in enumerate(tokens):
        if token.type != "inline" or token.map is None:
            continue
        first_line, last_line = token.map
        parent = tokens[position - 1].type if position else ""
        if parent.startswith("th_") or parent.startswith("td_"):
            continue  # tables are shown raw, below
        _raw_lines(built, lines, shown_line, first_line)
        if first_line:
            built.line_break(lines[first_line] - 1)
        region_start, region_end = lines[first_line], min(len(source), lines[last_line] - 1)
        heading = parent == "heading_open"
        cursor = region_start
        content = token.content.split("\n", 1)[0].lstrip()
        marker_end = source.find(content, region_start, region_end) if content else -1
        if marker_end > region_start:
            # a list marker or quote mark of the first line is shown as written; "#" are not
            if not heading:
                built.raw(_skip_blank(source, region_start), marker_end)
            cursor = marker_end
        if heading and tokens[position - 1].markup.startswith("#"):  # past "#"s, not at one
            title = _atx_title(source[region_start : lines[first_line + 1] - 1])
            cursor = region_start + title[0] if title else cursor
        mark = len(built.offsets)
        _inline(built, token.children or [], cursor, region_end)
        if heading and len(built.offsets) > mark:
            built.styles.append((mark, len(built.offsets), HEADING))
        shown_line = last_line
    _raw_lines(built, lines, shown_line, len(lines) - 1)
    while built.chars and built.chars[-1] == "\n":  # blank lines at the end show nothing
        built.chars.pop()
        built.offsets.pop()
    return built


def _skip_blank(source: str, index: int) -> int:
    while index < len(source) and source[index] in " \t":
        index += 1
    return index


def _raw_lines(built: _Builder, lines: list[int], first: int, last: int) -> None:
    """Show source lines ``first`` to ``last`` (exclusive) as they are, each on its own line."""
    for line in range(first, last):
        if line:
            built.line_break(lines[line] - 1)
        built.raw(lines[line], lines[line + 1] - 1)


def _inline(built: _Builder, children: list[Token], cursor: int, limit: int) -> int:
    source = built.source
    open_styles: list[tuple[int, str]] = []
    for child in children:
        kind = child.type
        if kind in ("text", "html_inline"):
            cursor = _match(built, child.content, cursor, limit)
        elif kind == "code_inline":
            cursor = source.find(child.markup, cursor, limit)
            if cursor < 0:
                raise _Unmatched
            mark = len(built.offsets)
            cursor = _match(built, child.content, cursor + len(child.markup), limit)
            cursor = source.find(child.markup, cursor, limit)
            if cursor < 0:
                raise _Unmatched
            cursor += len(child.markup)
            built.styles.append((mark, len(built.offsets), CODE))
        elif kind in ("softbreak", "hardbreak"):
            newline = source.find("\n", cursor, limit)
            if newline < 0:
                raise _Unmatched
            built.put(" " if kind == "softbreak" else "\n", newline)
            cursor = newline + 1
        elif kind in ("em_open", "strong_open", "link_open"):
            name = {"em_open": EMPHASIS, "strong_open": STRONG}.get(kind, LINK)
            open_styles.append((len(built.offsets), name))
            if kind == "link_open" and child.markup != "autolink":
                found = source.find("[", cursor, limit)
                cursor = cursor if found < 0 else found + 1
        elif kind in ("em_close", "strong_close", "link_close"):
            if open_styles:
                mark, name = open_styles.pop()
                built.styles.append((mark, len(built.offsets), name))
            if kind == "link_close":
                cursor = _skip_destination(source, cursor, limit, child.markup == "autolink")
        elif kind == "image":
            found = source.find("![", cursor, limit)
            if found < 0:
                raise _Unmatched
            mark = len(built.offsets)
            cursor = _inline(built, child.children or [], found + 2, limit)
            built.styles.append((mark, len(built.offsets), LINK))
            cursor = _skip_destination(source, cursor, limit, False)
        else:
            raise _Unmatched
    return cursor


def _match(built: _Builder, content: str, cursor: int, limit: int) -> int:
    """Find each character of ``content`` in the source in order, from ``cursor`` (each at the
    first place it can be; runs of characters that follow each other in the source at once)."""
    source = built.source
    index = 0
    while index < len(content):
        char = content[index]
        if char == "\n" or (char == " " and cursor < limit and source[cursor] == "\n"):
            found = source.find("\n", cursor, limit)
            if found < 0:
                raise _Unmatched
            built.put(" ", found)
            cursor, index = found + 1, index + 1
            continue
        found = source.find(char, cursor, limit)
        if found < 0:
            raise _Unmatched
        if source.startswith(content[index:], found, limit):  # the usual case: all of it
            built.run(found, len(content) - index)
            return found + len(content) - index
        run = 1
        while (
            index + run < len(content)
            and found + run < limit
            and content[index + run] == source[found + run]
            and content[index + run] != "\n"
        ):
            run += 1
        built.run(found, run)
        cursor, index = found + run, index + run
    return cursor


def _skip_destination(source: str, cursor: int, limit: int, autolink: bool) -> int:
    """Past a link's ``](destination "title")``, ``][label]`` or ``]`` (``>`` of an autolink)."""
    if autolink:
        found = source.find(">", cursor, limit)
        return limit if found < 0 else found + 1
    found = source.find("]", cursor, limit)
    if found < 0:
        return cursor
    index = found + 1
    if index < limit and source[index] == "[":
        close = source.find("]", index, limit)
        return limit if close < 0 else close + 1
    if index < limit and source[index] == "(":
        depth, quote = 0, ""
        while index < limit:
            char = source[index]
            if quote:
                if char == quote:
                    quote = ""
            elif char == "\\":
                index += 1
            elif char in "\"'" and depth == 1 and source[index - 1] in " \t\n":
                quote = char
            elif char == "(":
                depth += 1
            elif char == ")":
                depth -= 1
                if depth == 0:
                    return index + 1
            index += 1
        return limit
    return index
