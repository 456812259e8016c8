"""The files a command writes: never one of its inputs, never an existing file unless --force;
an annotation file written naming a document other commands will refuse is pointed out."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from annotations.documents.display import display_safe
from annotations.errors import PolicyAnnotateError, Problem

if TYPE_CHECKING:
    from annotations.format.model import AnnotationFile
    from annotations.projects.project import Project
    from annotations.session.files import DiskState


def refuse_overwriting_inputs(
    output: Path, inputs: Iterable[Path], advice: str = "choose another output"
) -> None:
    """Raise PolicyAnnotateError if ``output`` is one of ``inputs``: writing it would destroy it."""
    target = output.resolve()
    for path in inputs:
        same = target == path.resolve()
        if not same and output.exists() and path.exists():
            same = os.path.samefile(output, path)
        if same:
            raise PolicyAnnotateError([Problem(str(output), f"is an input ({path}); {advice}")])


def project_inputs(project: Project) -> list[Path]:
    """What a command reads of a project: its project file, documents and annotation files."""
    from annotations.projects.layout import annotation_files

    documents = [project.document_path(document) for document in project.model.documents]
    files = [ref.path for refs in annotation_files(project).values() for ref in refs]
    return [project.path, *documents, *files]


def refuse_existing(output: Path, force: bool) -> None:
    """Raise PolicyAnnotateError if ``output`` exists and ``force`` is not given."""
    if output.exists() and not force:
        raise PolicyAnnotateError(
            [Problem(str(output), "already exists; not overwritten (use --force to replace it)")]
        )


def replaced_state(output: Path) -> DiskState | None:
    """What is at ``output`` now (None: nothing), for a command that replaces it (keeping
    OUT.bak); a folder, or a file that cannot be read, raises PolicyAnnotateError (one line)."""
    from annotations.session.files import disk_state

    if not output.exists():
        return None
    if output.is_dir():
        raise PolicyAnnotateError([Problem(str(output), "is a folder; name a file to write")])
    try:
        data = output.read_bytes()
    except OSError as error:
        reason = error.strerror or str(error)
        raise PolicyAnnotateError(
            [Problem(str(output), f"cannot be read ({reason}); not replaced")]
        ) from None
    return disk_state(output, data)


def warn_if_document_out_of_reach(model: AnnotationFile, output: Path) -> None:
    """Say so when the annotation file written to ``output`` names a document that later commands
    will refuse without --document (outside its folder tree, or of no document type:
    annotations.format.document_path)."""
    from pathlib import PurePosixPath

    from annotations.format.document_path import DOCUMENT_SUFFIXES, document_path_problem

    if document_path_problem(model, output) is None:
        return
    if PurePosixPath(model.document.path).suffix.lower() in DOCUMENT_SUFFIXES:
        why = "is outside its folder tree"
        advice = "--document (or keep both in one git work tree)"
    else:
        why = f"is not of a document type ({', '.join(sorted(DOCUMENT_SUFFIXES))})"
        advice = "--document (or the document renamed with one of those extensions)"
    print(
        f"policy-annotate: warning: {display_safe(str(output))}: its document "
        f"{display_safe(model.document.path)!r} {why}; other commands will need {advice}",
        file=sys.stderr,
    )
