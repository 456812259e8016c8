"""The export formats: one entry each, with its name, file extensions and writer.

``policy-annotate export`` takes its ``--to`` choices, the format of ``-o OUT`` and OUT's default
extension from this table; adding a format is adding an entry (and its writer). Importing this
module is cheap: each writer imports what it needs when it is called.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from annotations.text_plural import count_of

if TYPE_CHECKING:
    from pathlib import Path

    from annotations.documents.document import Document
    from annotations.format.model import Annotation, AnnotationFile


class ExportSource(NamedTuple):
    """What an export is written from: an annotation file, and its document if the format needs it."""

    path: Path
    """The annotation file."""
    model: AnnotationFile
    document: Document | None
    """The document, loaded and checked, for a format that ``needs_document``; else None."""
    annotations: list[Annotation]
    """The annotations to export: with a document, those that still match it; else all."""


class Exported(NamedTuple):
    """An export's bytes, and what they hold, for the command's message (``3 annotations``)."""

    data: bytes
    contents: str


class ExportFormat(NamedTuple):
    """An export format: its name, the extensions that select it (the first is OUT's default),
    whether it needs the document's text, and its writer."""

    name: str
    extensions: tuple[str, ...]
    needs_document: bool
    write: Callable[[ExportSource], Exported]


def _annotations(count: int) -> str:
    return count_of(count, "annotation")


def _qdpx(source: ExportSource) -> Exported:
    from annotations.exchange.refi_qda import export_project

    document = source.document
    assert document is not None  # needs_document
    name = document.path.name if document.path is not None else "document.txt"
    data = export_project(source.model, source.annotations, document.text, name)
    return Exported(data, _annotations(len(source.annotations)))


def _qdc(source: ExportSource) -> Exported:
    from annotations.exchange.refi_qda import export_codebook

    taxonomy = source.model.taxonomy
    contents = (
        f"{count_of(len(taxonomy.principles), 'principle')}, "
        f"{count_of(len(taxonomy.recommendations), 'recommendation')}"
    )
    return Exported(export_codebook(source.model), contents)


def _w3c(source: ExportSource) -> Exported:
    from annotations.exchange.web_annotation import export_json

    data = export_json(source.model, source.annotations)
    return Exported(data, _annotations(len(source.annotations)))


def _csv(source: ExportSource) -> Exported:
    from annotations.documents.display import utf8_name
    from annotations.summaries.formats import render_csv

    # checked against its document like the other exports; a PDF's pages give a page column
    model = source.model.model_copy(update={"annotations": source.annotations})
    rows = [(utf8_name(source.path), model)]
    data = render_csv(rows, document=source.document).encode("utf-8")
    return Exported(data, _annotations(len(source.annotations)))


EXPORT_FORMATS: tuple[ExportFormat, ...] = (
    ExportFormat("qdpx", (".qdpx",), needs_document=True, write=_qdpx),
    ExportFormat("qdc", (".qdc",), needs_document=False, write=_qdc),
    ExportFormat("w3c", (".jsonld", ".json"), needs_document=True, write=_w3c),
    ExportFormat("csv", (".csv",), needs_document=True, write=_csv),
)


def export_format(name: str) -> ExportFormat:
    """The format called ``name``; KeyError if there is none."""
    for entry in EXPORT_FORMATS:
        if entry.name == name:
            return entry
    raise KeyError(name)


def export_format_for(path: Path) -> ExportFormat | None:
    """The format ``path``'s extension names (case-insensitive), if any."""
    suffix = path.suffix.lower()
    for entry in EXPORT_FORMATS:
        if suffix in entry.extensions:
            return entry
    return None
