"""Importers: HTML, Word and PDF documents turned into the document model's text.

Each importer turns a file's bytes into normalised text in *Markdown form* (``#`` headings,
paragraphs separated by blank lines, ``- `` / ``1. `` list items, table rows with cells
separated by `` | ``), so :class:`annotations.documents.document.Document` indexes it unchanged. The text
is deterministic for a given file and importer version (``html/2``, ``docx/2``, ``pdf/1``);
docs/format.md §4 describes what each one produces.

The Word and PDF libraries are optional extras, imported only when such a file is opened.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from annotations.documents.importers.extracted import Extracted, ImportedText
from annotations.errors import DocumentError

IMPORTED_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".docx", ".pdf"})
REFUSED_SUFFIXES = {
    ".doc": "an old Word .doc file; save it as .docx (or Markdown/plain text) first",
    ".odt": "an OpenDocument text; save it as .docx (or Markdown/plain text) first",
    ".rtf": "a Rich Text file; save it as .docx (or Markdown/plain text) first",
}


Importer = Callable[[bytes, str], Extracted]


def _importer_for(suffix: str) -> tuple[Importer, str]:
    """The importer function and version for a file suffix (modules imported lazily)."""
    if suffix in {".html", ".htm", ".xhtml"}:
        from annotations.documents.importers import html

        return html.extract_html, html.VERSION
    if suffix == ".docx":
        from annotations.documents.importers import docx

        return docx.extract_docx, docx.VERSION
    if suffix == ".pdf":
        from annotations.documents.importers import pdf

        return pdf.extract_pdf, pdf.VERSION
    raise ValueError(f"no importer for {suffix!r}")


def importer_version(path: Path) -> str:
    """The importer version that reads files like ``path`` (for example ``"pdf/1"``)."""
    return _importer_for(path.suffix.lower())[1]


def import_document(path: Path, data: bytes, *, use_cache: bool = False) -> ImportedText:
    """Extract the text of an HTML, Word (.docx) or PDF file whose bytes are ``data``.

    Raises DocumentError with a one-line message naming the file for a damaged, protected,
    empty or text-less file, or when the optional library the format needs is not installed.
    With ``use_cache``, a previous extraction of the same bytes by the same importer version is
    reused (see :mod:`annotations.documents.importers.cache`).
    """
    name = str(path)
    function, version = _importer_for(path.suffix.lower())
    source_sha256 = hashlib.sha256(data).hexdigest()
    if use_cache:
        from annotations.documents.importers.cache import read_cached, write_cached

        cached = read_cached(source_sha256, version)
        if cached is not None:
            return cached
    extracted = function(data, name)
    if not extracted.text.strip():
        raise DocumentError(name, "has no text")
    result = ImportedText(extracted.text, extracted.pages, version, source_sha256)
    if use_cache:
        write_cached(result)
    return result
