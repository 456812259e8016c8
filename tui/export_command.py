"""``policy-annotate export``: an annotation file as REFI-QDA (qdpx, qdc), W3C JSON-LD or CSV.

Imports no Textual. The input is never modified; OUT is written atomically and an existing OUT
is refused unless --force (then the previous one is kept as OUT.bak, as ``init --force`` does).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from annotations.documents.display import display_safe
from annotations.errors import AnnotationFileError, PolicyAnnotateError, Problem
from annotations.exchange.interchange import exportable
from annotations.format.model import AnnotationFile
from annotations.format.reading import document_path_of, read_annotation_file
from annotations.session.files import atomic_write
from annotations.session.store import load_store

EXPORT_FORMATS = ("qdpx", "qdc", "w3c", "csv")
EXPORT_EXTENSIONS = {
    ".qdpx": "qdpx",
    ".qdc": "qdc",
    ".jsonld": "w3c",
    ".json": "w3c",
    ".csv": "csv",
}
DEFAULT_EXTENSIONS = {"qdpx": ".qdpx", "qdc": ".qdc", "w3c": ".jsonld", "csv": ".csv"}


def _usage(message: str) -> int:
    print(f"policy-annotate: export: {message}", file=sys.stderr)
    return 2


def output_for(path: Path, fmt: str) -> Path:
    """The default OUT: FILE with the format's extension (``review.analyst-a.qdpx``)."""
    name = path.name.removesuffix(".toml").removesuffix(".annotations")
    return path.with_name(name + DEFAULT_EXTENSIONS[fmt])


def refuse_inputs(output: Path, inputs: list[Path]) -> None:
    """An OUT that is one of the inputs would destroy it: refuse."""
    for path in inputs:
        same = output.resolve() == path.resolve()
        if not same and output.exists() and path.exists():
            same = os.path.samefile(output, path)
        if same:
            raise PolicyAnnotateError(
                [Problem(str(output), f"is an input ({path}); choose another output")]
            )


def refuse_existing(output: Path, force: bool) -> None:
    """An existing OUT is kept unless --force."""
    if output.exists() and not force:
        raise PolicyAnnotateError(
            [Problem(str(output), "already exists; not overwritten (use --force to replace it)")]
        )


def write_output(output: Path, data: bytes, force: bool) -> None:
    """Write OUT atomically; with --force an existing OUT is replaced and kept as OUT.bak."""
    atomic_write(output, data, expected=None, overwrite_changed=force, backup=True)


def _read(path: Path) -> AnnotationFile:
    model, problems, _lines, _state = read_annotation_file(path)
    errors = [p for p in problems if p.severity == "error"]
    if model is None or errors:
        raise AnnotationFileError(errors or problems or [Problem(str(path), "cannot be read")])
    return model


def run_export(options: argparse.Namespace) -> int:
    """Export FILE to --to FORMAT (or the format of -o OUT's extension)."""
    path: Path = options.file
    output: Path | None = options.output
    fmt: str | None = options.to
    if fmt is None:
        if output is None:
            return _usage("give --to FORMAT or -o OUT (.qdpx, .qdc, .jsonld, .json, .csv)")
        fmt = EXPORT_EXTENSIONS.get(output.suffix.lower())
        if fmt is None:
            return _usage(
                f"cannot tell the format from {display_safe(output.name)!r}; "
                "give --to qdpx|qdc|w3c|csv"
            )
    if output is None:
        output = output_for(path, fmt)
    inputs = [path]
    if fmt in {"qdc", "csv"}:
        model = _read(path)
        refuse_inputs(output, [*inputs, document_path_of(model, path)])
        refuse_existing(output, options.force)
        if fmt == "qdc":
            from annotations.exchange.refi_qda import export_codebook

            data = export_codebook(model)
            what = (
                f"{len(model.taxonomy.principles)} principle(s), "
                f"{len(model.taxonomy.recommendations)} recommendation(s)"
            )
        else:
            from annotations.summaries.formats import render_csv

            paged = None  # a PDF's pages give the csv a page column, as in summaries
            if (model.document.importer or "").startswith("pdf/"):
                from annotations.documents.document import load_document

                paged = load_document(document_path_of(model, path))
            data = render_csv([(str(path), model)], document=paged).encode("utf-8")
            what = f"{len(model.annotations)} annotation(s)"
    else:
        store = load_store(path)
        document = store.document
        inputs.append(document.path or document_path_of(store.model, path))
        refuse_inputs(output, inputs)
        refuse_existing(output, options.force)
        fit, unfit = exportable(store.model, document.text)
        if unfit:
            print(
                f"policy-annotate: {display_safe(str(path))}: warning: {len(unfit)} annotation(s) "
                "no longer match the document and are not exported (run policy-annotate reanchor)",
                file=sys.stderr,
            )
        if fmt == "qdpx":
            from annotations.exchange.refi_qda import export_project

            name = document.path.name if document.path is not None else "document.txt"
            data = export_project(store.model, fit, document.text, name)
        else:
            from annotations.exchange.web_annotation import export_json

            data = export_json(store.model, fit)
        what = f"{len(fit)} annotation(s)"
    write_output(output, data, options.force)
    print(display_safe(f"wrote {output} ({fmt}: {what})"))
    return 0
