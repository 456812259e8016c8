"""HTML pages to Markdown-form text, with the standard library's tolerant ``html.parser``.

Headings h1-h6 become ``#`` lines, block elements paragraphs, list items ``- `` / ``N. `` lines,
table rows lines of cells separated by `` | ``; ``<pre>`` is kept as it is. Scripts, styles,
``noscript``, ``template``, ``head``, navigation and embedded graphics are dropped; when the page
marks its main content (``<main>`` or ``role="main"``), only that is kept.
"""

from __future__ import annotations

import codecs
import re
from html.parser import HTMLParser

from annotations.documents.importers.blocks import Blocks, collapse, heading, list_item
from annotations.documents.importers.extracted import Extracted
from annotations.documents.text import decode_bytes
from annotations.errors import DocumentError

VERSION = "html/2"
MAX_TAGS = 250_000
"""A page with more tags is refused (a real 1 MB policy page has ~30,000)."""

_DROPPED = frozenset(
    {"script", "style", "noscript", "template", "head", "nav", "svg", "math", "iframe", "object"}
    | {"canvas", "select", "button", "title"}
)
_BLOCK_DROPPED = frozenset({"nav", "template", "head"})  # the rest may sit inside a block's text
_HEAD_ONLY = frozenset({"title", "meta", "link", "base", "style", "script", "noscript", "template"})
_BLOCKS = frozenset(
    {"p", "div", "section", "article", "main", "header", "footer", "aside", "blockquote"}
    | {"figure", "figcaption", "address", "dl", "dt", "dd", "form", "fieldset", "legend"}
    | {"details", "summary", "hr", "center", "hgroup", "body", "html", "caption", "option"}
)
_UNFINISHED_TAG = re.compile(r"<[A-Za-z/!?]")
_HEADINGS = {f"h{level}": level for level in range(1, 7)}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


class _Region:
    """Whether the parser is inside an element of a given name (counting nested ones)."""

    def __init__(self) -> None:
        self.tag: str | None = None
        self.depth = 0

    def enter(self, tag: str) -> None:
        """An element of interest starts (or a nested one of the same name)."""
        if self.tag is None:
            self.tag, self.depth = tag, 1
        elif tag == self.tag:
            self.depth += 1

    def leave(self, tag: str) -> None:
        """An end tag: closes the region when it matches the outermost element."""
        if tag == self.tag:
            self.depth -= 1
            if self.depth == 0:
                self.tag = None

    @property
    def inside(self) -> bool:
        """Whether the region is open."""
        return self.tag is not None


class _Extractor(HTMLParser):
    """Walks the tags, keeping a current block (lines of text pieces) and the table state."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.all_blocks = Blocks()
        self.main_blocks = Blocks()
        self.dropped = _Region()
        self.main = _Region()
        self.in_head = False
        self.lines: list[list[str]] = [[]]
        self.kind = "p"
        self.level = 0
        self.item_number: int | None = None
        self.lists: list[list[int]] = []  # each open list: [next number] (-1 for bullets)
        self.pre = 0
        self.table = 0
        self.rows: list[str] = []
        self.row: list[str] | None = None
        self.cell: list[str] | None = None

    # --- tags ---------------------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Open a block, list, table part or dropped region."""
        if self.dropped.inside:
            self.dropped.enter(tag)
            return
        if self.in_head:
            if tag not in _HEAD_ONLY:
                self.in_head = False  # the body started without </head>
            elif tag in _DROPPED:
                self.dropped.enter(tag)
                return
            else:
                return
        if tag == "head":
            self.in_head = True
            return
        if tag in _DROPPED:
            if tag in _BLOCK_DROPPED:
                self.flush()
            self.dropped.enter(tag)
            return
        if self.table:
            self._table_start(tag)
        elif tag == "br":
            if self.pre:
                self.lines[-1].append("\n")
            else:
                self.lines.append([])
        elif tag in _HEADINGS and self.kind != "li":
            self.flush()
            self.kind, self.level = "h", _HEADINGS[tag]
        elif tag in {"ul", "ol", "menu"}:
            self.flush()
            start = dict(attrs).get("start") if tag == "ol" else None
            self.lists.append([_list_start(start) if tag == "ol" else -1])
        elif tag == "li":
            self.flush()
            self.kind = "li"
            if self.lists and self.lists[-1][0] >= 0:
                self.item_number = self.lists[-1][0]
                self.lists[-1][0] += 1
            else:
                self.item_number = None
        elif tag == "pre":
            self.flush()
            self.kind = "pre"
            self.pre += 1
        elif tag == "table":
            self.flush()
            self.table = 1
            self.rows, self.row, self.cell = [], None, None
        elif tag in _BLOCKS or tag in _HEADINGS:
            if self.kind == "li":
                self.lines[-1].append(" ")
            else:
                self.flush()
        if tag == "main" or ("role", "main") in attrs or self.main.inside:
            self.main.enter(tag)

    def handle_endtag(self, tag: str) -> None:
        """Close what the tag opened; a block's text is added when it ends."""
        if self.dropped.inside:
            self.dropped.leave(tag)
            return
        if tag == "head":
            self.in_head = False
            return
        if self.in_head:
            return
        if self.table:
            self._table_end(tag)
        elif tag in {"ul", "ol", "menu"}:
            self.flush()
            if self.lists:
                self.lists.pop()
            if not self.lists:
                self.all_blocks.end_list()
                self.main_blocks.end_list()
        elif tag == "pre":
            self.flush()
            self.pre = max(0, self.pre - 1)
        elif tag in _HEADINGS and self.kind == "li":
            self.lines[-1].append(" ")
        elif tag in _BLOCKS or tag in _HEADINGS or tag == "li":
            if self.kind == "li" and tag != "li":
                self.lines[-1].append(" ")
            else:
                self.flush()
        self.main.leave(tag)

    def _table_start(self, tag: str) -> None:
        if tag == "table":
            self.table += 1
        if self.table > 1:
            self._add_to_cell(" ")
        elif tag == "tr":
            self._end_row()
            self.row = []
        elif tag in {"td", "th", "caption"}:
            self._end_cell()
            self.cell = []
        else:
            self._add_to_cell(" ")

    def _table_end(self, tag: str) -> None:
        if tag == "table":
            self.table -= 1
            if self.table == 0:
                self._end_row()
                self.add_block("\n".join(self.rows))
                self.rows = []
                return
        if self.table > 1:
            self._add_to_cell(" ")
        elif tag == "tr":
            self._end_row()
        elif tag in {"td", "th"}:
            self._end_cell()
        elif tag == "caption":
            self._end_row()
        else:
            self._add_to_cell(" ")

    def _add_to_cell(self, data: str) -> None:
        if self.cell is None:
            if not data.strip():
                return
            self.cell = []
        self.cell.append(data)

    def _end_cell(self) -> None:
        if self.cell is not None:
            if self.row is None:
                self.row = []
            self.row.append(collapse("".join(self.cell)))
            self.cell = None

    def _end_row(self) -> None:
        self._end_cell()
        if self.row is not None and any(self.row):
            self.rows.append(" | ".join(self.row))
        self.row = None

    # --- text ---------------------------------------------------------------------------

    def handle_data(self, data: str) -> None:
        """Text: into the current table cell, or the current line of the current block."""
        if self.dropped.inside or self.in_head:
            return
        if self.table:
            self._add_to_cell(data)
        elif self.pre and self.kind == "pre":
            if not self.lines[-1] and data.startswith("\n"):
                data = data[1:]  # a newline right after <pre> is not content
            self.lines[-1].append(data)
        else:
            self.lines[-1].append(data)

    def add_block(self, text: str) -> None:
        """Add a finished block to the page (and to its main content when inside it)."""
        self.all_blocks.add(text)
        if self.main.inside:
            self.main_blocks.add(text)

    def _add_item(self, line: str) -> None:
        self.all_blocks.add_item(line)
        if self.main.inside:
            self.main_blocks.add_item(line)

    def flush(self) -> None:
        """End the current block: add its text in the form its kind asks for."""
        lines, kind = self.lines, self.kind
        self.lines, self.kind = [[]], "p"
        if kind == "pre":
            self.add_block("".join("".join(line) for line in lines).rstrip())
            return
        if not any(piece.strip() for line in lines for piece in line):
            return
        text = "\n".join("".join(line) for line in lines)
        if kind == "h":
            self.add_block(heading(self.level, text))
        elif kind == "li":
            depth = max(0, len(self.lists) - 1)
            self._add_item(list_item(text, number=self.item_number, depth=depth))
        else:
            self.add_block("\n".join(filter(None, map(_collapsed, lines))))

    def result(self) -> str:
        """The page's text: its main content when it marks one, else everything kept."""
        if _UNFINISHED_TAG.match(self.rawdata):
            self.rawdata = ""  # a tag cut off at the end of the file: no text, as in a browser
        self.close()
        self.flush()
        if self.table:
            self.table = 1
            self._table_end("table")
        main = self.main_blocks.text()
        return main if main.strip() else self.all_blocks.text()


_LIST_START = re.compile(r"\s*(-?\d{1,9})\s*")


def _list_start(value: str | None) -> int:
    """An ``<ol start>``: a number of up to nine digits, else 1 (as browsers treat junk)."""
    match = _LIST_START.fullmatch(value or "")
    return int(match.group(1)) if match else 1


def _collapsed(line: list[str]) -> str:
    return collapse("".join(line))


def decode_html(data: bytes, name: str) -> str:
    """The page's text: a BOM or UTF-8 first, then a ``<meta charset>``, then detection."""
    if not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        declared = _META_CHARSET.search(data[:4096])
        if declared is not None:
            try:
                encoding = codecs.lookup(declared.group(1).decode("ascii")).name
                return data.decode(encoding)
            except (LookupError, UnicodeDecodeError):
                pass
    try:
        return decode_bytes(data, name)[0]
    except DocumentError as error:
        if error.problems[0].message.startswith("binary file"):
            raise DocumentError(name, "is not an HTML page (it holds binary data)") from None
        raise


def extract_html(data: bytes, name: str) -> Extracted:
    """The Markdown-form text of an HTML page (not paged)."""
    if b"\x00" in data[:65536] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DocumentError(name, "is not an HTML page (it holds binary data)")
    text = decode_html(data, name)
    if text.count("<") > MAX_TAGS:
        raise DocumentError(
            name,
            f"has more than {MAX_TAGS:,} tags; refused (the standard library's parser reads "
            "about 100,000 a second)",
        )
    parser = _Extractor()
    parser.feed(text.replace("\r\n", "\n").replace("\r", "\n"))
    return Extracted(parser.result())
