"""PDF documents to Markdown-form text, with pypdfium2 (the optional 'pdf' extra).

Text is read page by page from PDFium's text layer. The lines of a page are grouped into
paragraphs by their geometry (a gap larger than the page's usual line pitch, a change of font
size, or a bullet starts a new paragraph); the lines of a paragraph are joined with spaces, and a
word hyphenated at a line end is joined again. Headings come from the PDF outline (bookmarks),
when it has one: each is placed on the page it points to, at the paragraph that starts with its
title (else at the top of the page). The offset where each page starts is recorded.
"""

from __future__ import annotations

import re
import statistics
import zlib
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from annotations.documents.importers.archives import LIMIT_VARIABLE, PIECE, ArchiveLimits
from annotations.documents.importers.blocks import collapse, heading
from annotations.documents.importers.extracted import Extracted, missing_extra
from annotations.errors import DocumentError

VERSION = "pdf/1"

_PASSWORD_ERROR = 4  # FPDF_ERR_PASSWORD
_SPACES = re.compile(r"[^\S\n]+")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# PDFium marks a hyphen it found at a line end (and drops the line break) with U+FFFE / U+0002.
_MARKED_HYPHEN = re.compile(r"(?<=[^\W\d_])[\ufffe\x02](?=[^\W\d_])")
_BULLET = re.compile(r"^(?:[•▪◦‣∙·●○■□–-]|\(?[0-9]{1,3}[.)]|\([a-z]{1,4}\))\s")
_ENDS_HYPHENATED = re.compile(r"[^\W\d_][-\u00ad]$")


@dataclass(frozen=True, slots=True)
class _Line:
    """One line of a page: its text and the loose boxes of its first and last characters.

    PDFium joins a hyphenated line to the next one, so the two ends may lie on different rows.
    """

    text: str
    top: float
    bottom: float
    end_top: float
    end_bottom: float


def _open(data: bytes, name: str) -> Any:
    """The pypdfium2 PdfDocument, or a one-line error for a damaged or protected file."""
    try:
        import pypdfium2
    except ImportError:
        raise missing_extra(name, "PDF", "pdf") from None
    if b"%PDF" not in data[:1024]:
        raise DocumentError(name, "is not a PDF file (no %PDF header)")
    _check_streams(data, name)
    try:
        return pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as error:
        if getattr(error, "err_code", None) == _PASSWORD_ERROR:
            raise DocumentError(
                name, "is password-protected; save an unprotected copy first"
            ) from None
        raise DocumentError(name, "is not a valid PDF file (damaged or truncated?)") from None


_STREAM = re.compile(rb"stream\r?\n")


def _check_streams(data: bytes, name: str) -> None:
    """Refuse a PDF whose compressed streams expand past the archive limits (a PDF bomb: pdfium
    would inflate them whole, using gigabytes), inflating each in bounded pieces first."""
    limits = ArchiveLimits.from_environment()
    total = 0
    view = memoryview(data)
    for match in _STREAM.finditer(data):
        end = data.find(b"endstream", match.end())
        if end < 0:
            break
        inflater = zlib.decompressobj()
        pending = view[match.end() : end]
        size = 0
        try:
            while pending:
                piece = inflater.decompress(pending, PIECE)
                pending = memoryview(inflater.unconsumed_tail)
                size += len(piece)
                total += len(piece)
                if size > limits.member or total > limits.total:
                    limit = limits.member if size > limits.member else limits.total
                    raise DocumentError(
                        name,
                        f"holds compressed content that expands to more than {limit >> 20} MiB "
                        f"(a PDF bomb?); refused (set {LIMIT_VARIABLE} to allow more)",
                    )
        except zlib.error:
            continue  # not a Flate stream (an image, or damaged): pdfium judges it


def _page_lines(page: Any) -> list[_Line]:
    """The text lines of a page with the position of each line's first character."""
    import pypdfium2.raw as pdfium_c

    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        if count <= 0:
            return []
        raw = textpage.get_text_range()
        aligned = len(raw) == count  # else map text indexes to PDFium's character indexes
        lines: list[_Line] = []
        rect = pdfium_c.FS_RECTF()
        position = 0
        for piece in raw.split("\r\n"):
            start = position
            position += len(piece) + 2
            text = _clean(piece)
            if not text:
                continue
            top = bottom = end_top = end_bottom = 0.0
            first = start + len(piece) - len(piece.lstrip())
            last = start + len(piece.rstrip()) - 1
            if not aligned:
                first = pdfium_c.FPDFText_GetCharIndexFromTextIndex(textpage, first)
                last = pdfium_c.FPDFText_GetCharIndexFromTextIndex(textpage, last)
            if first >= 0 and pdfium_c.FPDFText_GetLooseCharBox(textpage, first, rect):
                top, bottom = rect.top, rect.bottom
            if last >= 0 and pdfium_c.FPDFText_GetLooseCharBox(textpage, last, rect):
                end_top, end_bottom = rect.top, rect.bottom
            lines.append(_Line(text, top, bottom, end_top, end_bottom))
        return lines
    finally:
        textpage.close()


def _clean(text: str) -> str:
    """A line's text: marked hyphens resolved, control characters dropped, spaces collapsed."""
    text = _MARKED_HYPHEN.sub(lambda m: "" if m.string[m.end()].islower() else "-", text)
    text = text.replace("\ufffe", "-").replace("\x02", "-").replace("\t", " ")
    text = _CONTROLS.sub("", text).replace("\r", " ").replace("\n", " ")
    return _SPACES.sub(" ", text).strip()


def _paragraphs(lines: list[_Line]) -> list[str]:
    """Group a page's lines into paragraphs by their geometry, joining each paragraph's lines."""
    if not lines:
        return []
    spacings = [
        spacing
        for previous, line in pairwise(lines)
        if 0 < (spacing := _spacing(previous, line)) < 3
    ]
    usual = statistics.median(spacings) if spacings else 0.0
    paragraphs: list[list[str]] = [[lines[0].text]]
    for previous, line in pairwise(lines):
        if _breaks(previous, line, usual):
            paragraphs.append([line.text])
        else:
            paragraphs[-1].append(line.text)
    return [_join_lines(paragraph) for paragraph in paragraphs]


def _spacing(previous: _Line, line: _Line) -> float:
    """The distance from one line to the next in units of the first one's height (0: unknown)."""
    height = previous.end_top - previous.end_bottom
    return (previous.end_top - line.top) / height if height > 0 else 0.0


def _breaks(previous: _Line, line: _Line, usual: float) -> bool:
    """Whether ``line`` starts a new paragraph after ``previous``.

    ``usual`` is the page's median line spacing (in line heights), so a heading set in a larger
    font with proportionally larger leading does not break at each of its lines.
    """
    if _BULLET.match(line.text):
        return True
    height = previous.end_top - previous.end_bottom
    if height <= 0:  # no geometry: only bullets start paragraphs
        return False
    if previous.end_top - line.top <= 0:  # moved up or sideways: a new column or a text box
        return True
    new_height = line.top - line.bottom
    if abs(new_height - height) > 0.15 * max(height, new_height):  # a different font size
        return True
    if previous.end_bottom - line.top > height:  # at least a blank line between them
        return True
    return bool(usual) and _spacing(previous, line) > 1.3 * usual + 0.05


def _join_lines(lines: list[str]) -> str:
    """One paragraph's lines joined with spaces; ``infor-`` + ``mation`` joined again."""
    text = lines[0]
    for line in lines[1:]:
        if _ENDS_HYPHENATED.search(text) and line[:1].islower():
            text = text[:-1] + line
        else:
            text = f"{text} {line}"
    return text


def _outline(pdf: Any, pages: int) -> list[tuple[int, str, int]]:
    """The outline as (level 1-6, title, page index), in outline order."""
    import pypdfium2.raw as pdfium_c

    found = []
    try:
        for item in pdf.get_toc():
            if hasattr(item, "get_title"):  # pypdfium2 5
                title = item.get_title()
                dest = item.get_dest()
                index = dest.get_index() if dest is not None else None
                if index is None:
                    action = pdfium_c.FPDFBookmark_GetAction(item.raw)
                    raw_dest = pdfium_c.FPDFAction_GetDest(pdf.raw, action) if action else None
                    if raw_dest:
                        index = pdfium_c.FPDFDest_GetDestPageIndex(pdf.raw, raw_dest)
            else:  # pypdfium2 4: PdfOutlineItem
                title, index = item.title, item.page_index
            title = collapse(title or "")
            if title and index is not None and 0 <= index < pages:
                found.append((min(item.level + 1, 6), title, index))
    except Exception:  # a broken outline is no reason to refuse the text
        return found
    return found


def _title_pattern(title: str) -> re.Pattern[str]:
    words = [re.escape(word) for word in title.split()]
    return re.compile(r"\s+".join(words) + r"(?=\W|$)", re.I)


def _place_headings(paragraphs: list[str], headings: list[tuple[int, str]]) -> list[str]:
    """Put each heading at the paragraph starting with its title (else after the previous one)."""
    blocks = list(paragraphs)
    cursor = 0
    for level, title in headings:
        pattern = _title_pattern(title)
        line = heading(level, title)
        for index in range(cursor, len(blocks)):
            match = pattern.match(blocks[index])
            if match is not None and not blocks[index].startswith("#"):
                rest = blocks[index][match.end() :].strip()
                blocks[index : index + 1] = [line, rest] if rest else [line]
                cursor = index + 1
                break
        else:
            blocks.insert(cursor, line)
            cursor += 1
    return blocks


def extract_pdf(data: bytes, name: str) -> Extracted:
    """The Markdown-form text of a PDF and the offset where each of its pages starts."""
    pdf = _open(data, name)
    try:
        count = len(pdf)
        page_paragraphs = []
        for index in range(count):
            page = pdf[index]
            try:
                page_paragraphs.append(_paragraphs(_page_lines(page)))
            finally:
                page.close()
        if not any(page_paragraphs):
            raise DocumentError(name, "has no text layer (scanned images?); run OCR first")
        outline = _outline(pdf, count)
    finally:
        pdf.close()
    by_page: dict[int, list[tuple[int, str]]] = {}
    for level, title, index in outline:
        by_page.setdefault(index, []).append((level, title))
    parts: list[str] = []
    starts: list[int] = []
    length = 0
    for index, paragraphs in enumerate(page_paragraphs):
        blocks = _place_headings(paragraphs, by_page.get(index, []))
        starts.append(length + 2 if length else 0)
        if blocks:
            page_text = "\n\n".join(blocks)
            if length:
                parts.append("\n\n")
                length += 2
            parts.append(page_text)
            length += len(page_text)
    text = "".join(parts) + "\n"
    return Extracted(text, tuple(min(start, len(text)) for start in starts))
