"""Word (.docx) documents to Markdown-form text, with python-docx (the optional 'docx' extra).

The body is read in order: paragraphs styled Title or Heading 1-6 become ``#`` lines, list
paragraphs (List Bullet / List Number styles, or Word numbering) ``- `` / ``N. `` lines, other
paragraphs plain paragraphs, and tables rows of cells separated by `` | ``. Headers, footers,
footnotes, comments and text boxes are not read.
"""

from __future__ import annotations

import io
import re
import zipfile
from functools import cache
from typing import TYPE_CHECKING, Any

from annotations.documents.importers.archives import check_archive, read_member
from annotations.documents.importers.blocks import Blocks, collapse, heading, list_item
from annotations.documents.importers.extracted import Extracted, missing_extra
from annotations.errors import DocumentError

if TYPE_CHECKING:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

VERSION = "docx/2"

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_HEADING_STYLE = re.compile(r"^(?:heading|überschrift|titre)\s*(\d)$", re.I)
_LIST_STYLE = re.compile(r"^list (bullet|number)(?: (\d))?$", re.I)
_INLINE_SPACES = re.compile(r"[^\S\n]+")


MAX_PARAGRAPHS = 200_000
"""A Word document with more paragraphs is refused before it is parsed (~4,000 pages; a hostile
file of millions of empty paragraphs takes seconds and hundreds of MiB to parse)."""


def _open(data: bytes, name: str) -> Any:
    """The python-docx Document, or a one-line error for what is not a .docx file."""
    try:
        import docx
    except ImportError:
        raise missing_extra(name, "Word", "docx") from None
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise DocumentError(name, "is an old Word .doc file, not .docx; save it as .docx first")
    if not data.startswith(b"PK"):
        raise DocumentError(name, "is not a Word .docx file (not a zip archive)")
    _check_size(data, name)
    try:
        return docx.Document(io.BytesIO(data))
    except Exception:  # python-docx raises many kinds (zip, XML, key, value errors)
        raise DocumentError(
            name, "is not a valid Word .docx file (damaged, or another kind of zip archive?)"
        ) from None


def _check_size(data: bytes, name: str) -> None:
    """Refuse a zip bomb, or a body of more than MAX_PARAGRAPHS paragraphs, before parsing."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise DocumentError(
            name, "is not a valid Word .docx file (damaged, or another kind of zip archive?)"
        ) from None
    with archive:
        check_archive(archive, name)
        body = next((i for i in archive.infolist() if i.filename == "word/document.xml"), None)
        if body is None:
            return
        xml = read_member(archive, body, name)
    paragraphs = xml.count(b"<w:p>") + xml.count(b"<w:p ") + xml.count(b"<w:p/>")
    if paragraphs > MAX_PARAGRAPHS:
        raise DocumentError(
            name,
            f"has {paragraphs:,} paragraphs, more than the {MAX_PARAGRAPHS:,} policy-annotate "
            "reads; refused",
        )


class _Numbering:
    """Word numbering: whether a list level is numbered, and the running counters."""

    def __init__(self, document: Any) -> None:
        self.formats: dict[tuple[str, int], str] = {}
        self.counters: dict[tuple[str, int], int] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract: dict[str, dict[int, str]] = {}
        for element in root.findall(f"{{{_W}}}abstractNum"):
            levels = {}
            for level in element.findall(f"{{{_W}}}lvl"):
                fmt = level.find(f"{{{_W}}}numFmt")
                levels[int(level.get(f"{{{_W}}}ilvl", "0"))] = (
                    fmt.get(f"{{{_W}}}val", "bullet") if fmt is not None else "bullet"
                )
            abstract[element.get(f"{{{_W}}}abstractNumId", "")] = levels
        for num in root.findall(f"{{{_W}}}num"):
            reference = num.find(f"{{{_W}}}abstractNumId")
            if reference is not None:
                levels = abstract.get(reference.get(f"{{{_W}}}val", ""), {})
                for level_number, fmt in levels.items():
                    self.formats[(num.get(f"{{{_W}}}numId", ""), level_number)] = fmt

    def number(self, key: str, level: int, numbered: bool | None) -> int | None:
        """The item's number (None for a bullet), counting items of the same list and level."""
        if numbered is None:
            numbered = self.formats.get((key, level), "bullet") not in {"bullet", "none"}
        for other in [k for k in self.counters if k[0] == key and k[1] > level]:
            del self.counters[other]  # a deeper level restarts after a shallower item
        if not numbered:
            return None
        count = self.counters.get((key, level), 0) + 1
        self.counters[(key, level)] = count
        return count


@cache
def _runs() -> Any:
    """The runs of an element as an XPath compiled once (python-docx's ``element.xpath()``
    compiles its expression on every call: ~40 µs a paragraph)."""
    from lxml import etree

    return etree.XPath(
        ".//w:r[not(ancestor::w:del or ancestor::w:moveFrom or ancestor::w:txbxContent)]",
        namespaces={"w": _W},
    )


def _text(element: Any) -> str:
    """The text of the runs in a paragraph (or cell), at any depth: hyperlinks, content
    controls, simple fields, tracked insertions and nested tables included, deleted text and
    text boxes not."""
    return "".join(run.text for run in _runs()(element))


def _paragraph(paragraph: Paragraph, numbering: _Numbering, blocks: Blocks) -> None:
    # python-docx's public API gives a paragraph's runs and hyperlinks but not the runs inside
    # content controls, fields or tracked insertions, nor its numbering: those are read from
    # its XML element (``_p``; a table cell's is ``_tc``), which python-docx exposes only so.
    text = _text(paragraph._p)
    if not text.strip():
        return
    style = paragraph.style.name if paragraph.style is not None else ""
    style = style or ""
    level = 1 if style.lower() == "title" else _heading_level(style)
    if level:
        blocks.add(heading(level, text))
        return
    listed = _LIST_STYLE.match(style)
    properties: Any = paragraph._p.pPr
    num_pr: Any = properties.numPr if properties is not None else None
    if listed or (num_pr is not None and num_pr.numId is not None and num_pr.numId.val != 0):
        if num_pr is not None and num_pr.numId is not None:
            key = str(num_pr.numId.val)
            depth = num_pr.ilvl.val if num_pr.ilvl is not None else 0
        else:
            key, depth = f"style:{style}", 0
        numbered: bool | None = None
        if listed:
            numbered = listed.group(1).lower() == "number"
            depth = int(listed.group(2)) - 1 if listed.group(2) else depth
        number = numbering.number(key, depth, numbered)
        blocks.add_item(list_item(text, number=number, depth=depth))
        return
    lines = (_INLINE_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    blocks.add("\n".join(line for line in lines if line))


def _heading_level(style: str) -> int:
    match = _HEADING_STYLE.match(style.strip())
    return int(match.group(1)) if match and int(match.group(1)) >= 1 else 0


def _table(table: Table, blocks: Blocks) -> None:
    rows = []
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue  # a merged cell is listed once per grid column it spans
            seen.add(id(cell._tc))
            paragraphs = cell._tc.xpath(".//w:p[not(ancestor::w:txbxContent)]")
            cells.append(collapse(" ".join(_text(p) for p in paragraphs)))
        if any(cells):
            rows.append(" | ".join(cells))
    blocks.add("\n".join(rows))


def extract_docx(data: bytes, name: str) -> Extracted:
    """The Markdown-form text of a Word .docx document (not paged)."""
    document = _open(data, name)  # first: it names the missing extra
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    numbering = _Numbering(document)
    blocks = Blocks()
    body = document.element.body
    pending = list(reversed(list(body.iterchildren())))  # a stack: the next element last
    paragraph_tag = f"{{{_W}}}p"
    while pending:
        element = pending.pop()
        if element.tag == paragraph_tag:
            if len(element) == 0:
                continue  # an empty paragraph (<w:p/>) has no text
            _paragraph(Paragraph(element, document), numbering, blocks)
        elif element.tag == f"{{{_W}}}tbl":
            blocks.end_list()
            _table(Table(element, document), blocks)
        elif element.tag == f"{{{_W}}}sdt":  # a content control: read what it holds
            content = element.find(f"{{{_W}}}sdtContent")
            if content is not None:
                pending.extend(reversed(list(content.iterchildren())))
    return Extracted(blocks.text())
