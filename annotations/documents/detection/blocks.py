"""The document as a sequence of blocks: headings, list items, table rows and paragraphs.

Detection reasons about structure (a list under a heading, a table after a lead-in), so it first
reads each paragraph of the :class:`~annotations.documents.document.Document` once and records
what it is: a heading (with its level), a list item (its marker, the number or letter it carries,
and how far it is indented), a table (split into rows) or running text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from annotations.documents.document import Document

TITLE_LIMIT = 200

HEADING, ITEM, TABLE, TEXT = "heading", "item", "table", "text"
NUMBER, LETTER, BULLET = "number", "letter", "bullet"

# A list marker at the start of a paragraph: a bullet, "1." "1)" "(1)", "9a)" "3(a)", "a." "a)"
# "(a)", and a bullet followed by a number or letter ("- a. Save the data").
_MARKER = re.compile(
    r"(?:(?P<bullet>[-*+\u2022])[ \t]+)?"
    r"(?:(?:(?P<number>[0-9]{1,3})(?:(?P<sub>[a-z])?[.)]|\((?P<psub>[a-z])\)[.)]?)"
    r"|\((?P<pnumber>[0-9]{1,3})\)|(?P<letter>[a-z])[.)]|\((?P<pletter>[a-z])\))"
    r"[ \t]+(?=\S))?"
)
# Lines inside a paragraph that start a list item the paragraph splitter does not know
# ("a. ...", "9a) ...", "3(a) ...").
_INNER_ITEM = re.compile(r"\n(?=[ \t]*(?:[a-z][.)]|[0-9]{1,3}(?:[a-z][.)]|\([a-z]\)))[ \t]+\S)")
_TABLE_SEPARATOR = re.compile(r"^[ \t|:\-+]+$")
_SENTENCE_END = re.compile(
    r"[.!?][\"”’)\]]*(?:\[\^?\w{1,8}\])?(?=[ \t\n]+[\"“(\[A-Z0-9*_]|[ \t\n]*$)"
)
_MARKUP = re.compile(r"\[([^\]\n]*)\]\([^)\n]*\)|\\([\[\]()*_|])|\*\*|__|(?<!\w)[*_]|[*_](?!\w)|`")
_SPACES = re.compile(r"\s+")
_TRAILING = " \t\n.:;,\u2013\u2014-"
_BOLD_LEAD = re.compile(r"(?:\*\*\*|\*\*|__)(?P<label>[^*_\n]{2,160}?)(?:\*\*\*|\*\*|__)")


@dataclass(frozen=True, slots=True)
class Row:
    """One body row of a table: its cells (as written) and its span in the text."""

    cells: tuple[str, ...]
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph of the document, classified.

    ``kind`` is HEADING, ITEM, TABLE or TEXT. For a heading ``level`` is its level; for a list
    item ``marker`` is NUMBER, LETTER or BULLET, ``value`` the number or letter it carries ("" for a
    plain bullet), ``indent`` the column of its marker and ``body`` the offset where its text
    starts after the marker. ``rows`` are a table's body rows and ``header`` its header cells.
    """

    position: int
    kind: str
    start: int
    end: int
    body: int
    level: int = 0
    indent: int = 0
    marker: str = ""
    value: str = ""
    rows: tuple[Row, ...] = ()
    header: tuple[str, ...] = ()


class Blocks:
    """The blocks of a document and the text they point into."""

    def __init__(self, document: Document) -> None:
        self.text = document.text
        self.markdown = document.markdown
        levels = {section.start: section.level for section in document.sections}
        self.blocks: list[Block] = []
        text = self.text
        for start, end in zip(document.paragraph_starts, document.paragraph_ends, strict=True):
            level = levels.get(start)
            if level is None and text.find("\n", start, end) >= 0:
                for piece_start, piece_end in _pieces(text, start, end):
                    self.blocks.append(
                        self._classify(len(self.blocks), piece_start, piece_end, None)
                    )
            else:
                self.blocks.append(self._classify(len(self.blocks), start, end, level))

    def __len__(self) -> int:
        return len(self.blocks)

    def __getitem__(self, position: int) -> Block:
        return self.blocks[position]

    def _classify(self, position: int, start: int, end: int, level: int | None) -> Block:
        """What the paragraph text[start:end] is."""
        text = self.text
        if level is not None:
            body = start
            while body < end and text[body] in "# \t":
                body += 1
            return Block(position, HEADING, start, end, body, level=level)
        first = text[start]
        line_end = text.find("\n", start, end)
        if "|" in text[start : end if line_end < 0 else line_end]:
            table = _table(text, position, start, end)
            if table is not None:
                return table
        if first in "-*+\u2022(" or first.isdigit() or "a" <= first <= "z":
            match = _MARKER.match(text, start, end)
            if match is not None and match.end() > start:
                marker, value = _marker_of(match)
                if marker:
                    return Block(
                        position,
                        ITEM,
                        start,
                        end,
                        match.end(),
                        indent=column(text, start),
                        marker=marker,
                        value=value,
                    )
        return Block(position, TEXT, start, end, start, indent=column(text, start))

    def content(self, block: Block) -> str:
        """A block's text after its marker (or heading hashes)."""
        return self.text[block.body : block.end]

    def title(self, block: Block) -> str:
        """A block's title: its bold lead if it starts with one, else its first sentence."""
        return lead_title(self.text, block.body, block.end)


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A paragraph split before the lines that start lettered items ("a. ...", "9a) ...")."""
    if text[start] == "|":
        return [(start, end)]
    pieces = []
    for match in _INNER_ITEM.finditer(text, start, end):
        piece_end = match.start()
        pieces.append((start, piece_end))
        start = piece_end + 1
        while text[start] in " \t":
            start += 1
    pieces.append((start, end))
    return pieces


def _marker_of(match: re.Match[str]) -> tuple[str, str]:
    """The kind of list marker a match found, and the number or letter it carries."""
    number = match.group("number") or match.group("pnumber")
    if number is not None:
        return NUMBER, number + (match.group("sub") or match.group("psub") or "")
    letter = match.group("letter") or match.group("pletter")
    if letter is not None:
        return LETTER, letter
    if match.group("bullet"):
        return BULLET, ""
    return "", ""


def _table(text: str, position: int, start: int, end: int) -> Block | None:
    """A table paragraph split into its header and body rows, or None if it is not a table.

    Accepts Markdown pipe tables (a separator row of dashes) and plain ``a | b`` rows.
    """
    lines: list[tuple[int, int]] = []
    offset = start
    while offset < end:
        line_end = text.find("\n", offset, end)
        line_end = end if line_end < 0 else line_end
        lines.append((offset, line_end))
        offset = line_end + 1
    cells = [_cells(text[a:b]) for a, b in lines]
    if len(lines) < 2 or any(len(row) < 2 for row in cells if row):
        return None
    header: tuple[str, ...] = ()
    body = list(range(len(lines)))
    separators = [i for i, (a, b) in enumerate(lines) if _TABLE_SEPARATOR.match(text[a:b])]
    if separators and separators[0] == 1:
        header = tuple(cells[0])
        body = [i for i in body if i > 1 and i not in separators]
    rows = tuple(Row(tuple(cells[i]), *_stripped(text, *lines[i])) for i in body if cells[i])
    return Block(position, TABLE, start, end, start, rows=rows, header=header)


def _cells(line: str) -> list[str]:
    """The cells of one table line ("| a | b |" or "a | b"), escaped pipes kept."""
    line = line.strip()
    if "|" not in line:
        return []
    if line.startswith("|"):
        line = line[1:]
    if line.endswith("|") and not line.endswith("\\|"):
        line = line[:-1]
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", line)]


def _stripped(text: str, start: int, end: int) -> tuple[int, int]:
    """The span start:end without white space at either end."""
    while start < end and text[start] in " \t":
        start += 1
    while end > start and text[end - 1] in " \t":
        end -= 1
    return start, end


# --- text helpers ------------------------------------------------------------------------------


def column(text: str, offset: int) -> int:
    """How far ``offset`` is from the start of its line."""
    return offset - text.rfind("\n", 0, offset) - 1


def first_sentence(text: str, start: int, end: int) -> str:
    """The first sentence of text[start:end], cleaned to one line (no trailing punctuation)."""
    piece = text[start:end]
    match = _SENTENCE_END.search(piece)
    if match is not None:
        piece = piece[: match.start()]
    return clean(piece)


def lead_title(text: str, start: int, end: int) -> str:
    """The bold lead of text[start:end] ("**Do less.** We ...") if it has one, else its first
    sentence."""
    match = _BOLD_LEAD.match(text, start, end)
    if match is not None:
        return clean(match.group("label"))
    return first_sentence(text, start, end)


def bold_lead(text: str, start: int, end: int) -> str | None:
    """The bold label text[start:end] starts with, if it starts with one."""
    match = _BOLD_LEAD.match(text, start, end)
    return clean(match.group("label")) if match is not None else None


def clean(piece: str) -> str:
    """One line, without Markdown emphasis or link targets, trimmed to TITLE_LIMIT."""
    piece = _MARKUP.sub(lambda m: m.group(1) or m.group(2) or "", piece)
    piece = _SPACES.sub(" ", piece).strip(_TRAILING)
    if len(piece) > TITLE_LIMIT:
        cut = piece.rfind(" ", 0, TITLE_LIMIT - 1)
        piece = piece[: cut if cut > TITLE_LIMIT // 2 else TITLE_LIMIT - 1].rstrip(_TRAILING) + "…"
    return piece


def last_sentence(paragraph: str) -> str:
    """The last sentence of a paragraph (without its final punctuation mark)."""
    stripped = paragraph.rstrip(" \t*_")
    ends = list(_SENTENCE_END.finditer(stripped, 0, max(len(stripped) - 1, 0)))
    return stripped[ends[-1].end() :] if ends else stripped
