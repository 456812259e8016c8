"""``policy-annotate import``: a REFI-QDA project (.qdpx) as a document and an annotation file.

Imports no Textual. The project is never modified. The document is written beside OUT (or to
--document DOC) unless the same text is already there; OUT and a different existing document are
refused unless --force (the previous versions kept as .bak).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path, PurePosixPath, PureWindowsPath

from annotations.documents.display import display_safe
from annotations.text_plural import count_of
from tui.cli.command import Command


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """FILE.qdpx, -o OUT, --document DOC and --force."""
    parser.add_argument("file", type=Path, metavar="FILE.qdpx")
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="OUT",
        help="default: NAME.annotations.toml beside FILE",
    )
    parser.add_argument(
        "--document",
        type=Path,
        metavar="DOC",
        help="write the project's text here (default: beside OUT, named as in the project)",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace an existing OUT or a different DOC (kept as .bak)",
    )


def default_output(project: Path) -> Path:
    """``NAME.annotations.toml`` beside ``NAME.qdpx``."""
    return project.with_name(project.stem + ".annotations.toml")


def document_name(source_name: str, output: Path) -> str:
    """A safe file name for the document: the source's base name, as plain text if need be."""
    from annotations.documents.document import TEXT_SUFFIXES

    base = PureWindowsPath(PurePosixPath(source_name).name).name.strip()
    if not base or base.startswith("."):
        base = output.name.removesuffix(".toml").removesuffix(".annotations") + ".txt"
    path = Path(base)
    if path.suffix.lower() not in TEXT_SUFFIXES:
        path = path.with_suffix(".txt")
    return path.name


def _write_document(path: Path, text: str, force: bool) -> str:
    """Write the text to ``path``; an identical document is reused, another one refused."""
    from annotations.documents.document import load_document
    from annotations.documents.text import normalise_newlines
    from annotations.errors import DocumentError, PolicyAnnotateError, Problem
    from annotations.session.files import atomic_write

    if path.exists():
        try:
            same = normalise_newlines(load_document(path).text) == text
        except DocumentError:
            same = False
        if same:
            return "reused"
        if not force:
            raise PolicyAnnotateError(
                [
                    Problem(
                        str(path),
                        "already exists with another text; not overwritten "
                        "(use --document DOC, or --force to replace it)",
                    )
                ]
            )
    atomic_write(
        path, text.encode("utf-8", "surrogatepass"), expected=None, overwrite_changed=force
    )
    return "wrote"


def run(options: argparse.Namespace) -> int:
    """Import FILE.qdpx into -o OUT (default NAME.annotations.toml) and its document."""
    from annotations.documents.document import load_document
    from annotations.errors import AnnotationFileError, PolicyAnnotateError, Problem
    from annotations.exchange.refi_qda import read_project
    from annotations.format.model import DocumentRef
    from annotations.format.tomlfile import check_consistency, iter_annotation_text
    from annotations.session.files import atomic_write, relative_document_path
    from tui.cli.outputs import (
        refuse_existing,
        refuse_overwriting_inputs,
        warn_if_document_out_of_reach,
    )

    project_path: Path = options.file
    output: Path = options.output or default_output(project_path)
    project = read_project(project_path)
    document_path: Path = options.document or output.parent / document_name(
        project.source_name, output
    )
    refuse_overwriting_inputs(output, [project_path, document_path])
    refuse_overwriting_inputs(document_path, [project_path])
    refuse_existing(output, options.force)
    how = _write_document(document_path, project.text, options.force)
    document = load_document(document_path)
    if document.text != project.text:  # e.g. the text was not UTF-8-clean
        raise PolicyAnnotateError(
            [Problem(str(document_path), "does not read back as the project's text")]
        )
    model = project.annotation_file(
        DocumentRef(
            path=relative_document_path(document_path, output),
            sha256=document.sha256,
            length=document.length,
            title=document.title if project.title is None else project.title,
        )
    )
    invalid = check_consistency(model, str(output))
    if invalid:
        raise AnnotationFileError(invalid)
    for warning in project.warnings:
        print(f"policy-annotate: {warning}", file=sys.stderr)
    pieces = (piece.encode("utf-8") for piece in iter_annotation_text(model))
    atomic_write(output, pieces, expected=None, overwrite_changed=options.force)
    warn_if_document_out_of_reach(model, output)
    print(
        display_safe(
            f"{how} {document_path}; wrote {output} ({count_of(len(model.annotations), 'annotation')}, "
            f"{count_of(len(model.taxonomy.principles), 'principle')}, "
            f"{count_of(len(model.taxonomy.recommendations), 'recommendation')})"
        )
    )
    return 0


COMMAND = Command(
    name="import",
    help="import a REFI-QDA project (.qdpx) as a document and an annotation file",
    description=(
        "Import a REFI-QDA project (.qdpx) from another tool as a document and an annotation "
        "file beside it."
    ),
    add_arguments=add_arguments,
    run=run,
)
