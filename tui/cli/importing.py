"""``policy-annotate import``: a REFI-QDA project (.qdpx) as a document and an annotation file.

Imports no Textual. The project is never modified. The document is written beside OUT (or to
--document DOC) unless the same text is already there; OUT and a different existing document are
refused unless --force (the previous versions kept as .bak).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import TYPE_CHECKING

from annotations.documents.display import display_safe
from annotations.text_plural import count_of
from tui.cli.command import Command

if TYPE_CHECKING:
    from annotations.documents.document import Document


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """FILE.qdpx, -o OUT, --document DOC and --force."""
    parser.add_argument("file", type=Path, metavar="FILE.qdpx")
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="OUT",
        help="default: NAME.annotations.toml beside FILE; a folder (an existing one, or a name "
        "not ending .toml) receives the archive as a project, one document per text source",
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


def _reuses_existing(path: Path, text: str, force: bool) -> bool:
    """Whether ``path`` already holds ``text`` (reused); another text there is refused unless
    ``force`` (then replaced)."""
    from annotations.documents.document import load_document
    from annotations.documents.text import normalise_newlines
    from annotations.errors import DocumentError, PolicyAnnotateError, Problem

    if not path.exists():
        return False
    try:
        same = normalise_newlines(load_document(path).text) == text
    except DocumentError:
        same = False
    if same or force:
        return same
    raise PolicyAnnotateError(
        [
            Problem(
                str(path),
                "already exists with another text; not overwritten "
                "(use --document DOC, or --force to replace it)",
            )
        ]
    )


def _document_of(path: Path, text: str) -> Document:
    """The document the project's text makes at ``path``, built in memory (nothing written):
    refused with one line if it would not read back as that text (a NUL byte, say)."""
    from annotations.documents.document import TEXT_SUFFIXES, document_from_bytes
    from annotations.errors import PolicyAnnotateError, Problem

    if path.suffix.lower() not in TEXT_SUFFIXES:
        kinds = ", ".join(sorted(s for s in TEXT_SUFFIXES if s))
        message = f"the project's text is plain text; name a {kinds} file"
        raise PolicyAnnotateError([Problem(str(path), message)])
    document = document_from_bytes(text.encode("utf-8", "surrogatepass"), path=path)
    if document.text != text:  # e.g. the text was not UTF-8-clean
        raise PolicyAnnotateError([Problem(str(path), "does not read back as the project's text")])
    return document


def run(options: argparse.Namespace) -> int:
    """Import FILE.qdpx into -o OUT (default NAME.annotations.toml) and its document.

    Everything is checked before anything is written; if OUT cannot be written, a document
    written for it is removed again.
    """
    from annotations.errors import AnnotationFileError
    from annotations.exchange.refi_qda import read_project
    from annotations.format.model import DocumentRef
    from annotations.format.tomlfile import check_consistency, dump_annotation_text
    from annotations.session.files import atomic_write, relative_document_path
    from tui.cli.outputs import (
        refuse_existing,
        refuse_overwriting_inputs,
        warn_if_document_out_of_reach,
    )
    from tui.cli.project_import import wants_project

    if wants_project(options.output):
        if options.document is not None:
            from tui.cli.problems import UsageError

            raise UsageError("import: --document is for an annotation file, not a project folder")
        from tui.cli import project_import

        return project_import.run(options)
    project_path: Path = options.file
    output: Path = options.output or default_output(project_path)
    project = read_project(project_path)
    document_path: Path = options.document or output.parent / document_name(
        project.source_name, output
    )
    refuse_overwriting_inputs(output, [project_path, document_path])
    refuse_overwriting_inputs(document_path, [project_path])
    refuse_existing(output, options.force)
    document = _document_of(document_path, project.text)
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
    data = dump_annotation_text(model).encode("utf-8")
    reused = _reuses_existing(document_path, project.text, options.force)
    created = not reused and not document_path.exists()
    for warning in project.warnings:
        print(f"policy-annotate: {warning}", file=sys.stderr)
    if not reused:
        atomic_write(
            document_path,
            project.text.encode("utf-8", "surrogatepass"),
            expected=None,
            overwrite_changed=options.force,
        )
    try:
        atomic_write(output, data, expected=None, overwrite_changed=options.force)
    except BaseException:
        if created:
            document_path.unlink(missing_ok=True)
        raise
    warn_if_document_out_of_reach(model, output)
    how = "reused" if reused else "wrote"
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
        "file beside it, or a project of many texts as a policy-annotate project folder."
    ),
    add_arguments=add_arguments,
    run=run,
)
