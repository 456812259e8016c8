"""Which documents an annotation file may name: a document by type, inside the file's folder tree.

A received annotation file must not make the tool read (and show, summarise or pack into an
export) a file from elsewhere on the machine. So ``[document].path`` is refused when it

- names a file of no document type (``DOCUMENT_SUFFIXES``: the plain-text and Markdown
  suffixes and those of the importers), or
- leads, once ``..`` and symbolic links are resolved, out of the file's *folder tree*: the top of
  the git work tree that holds the annotation file (the nearest folder above it, or its own,
  with a ``.git`` entry), else the annotation file's own folder.

A document the user names explicitly (``--document``, ``policy-annotate DOC -a FILE``) is not
subject to this: the caller then does not ask. docs/format.md §3 states the rule.
"""

from __future__ import annotations

import os
import posixpath
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from annotations.documents.document import TEXT_SUFFIXES
from annotations.documents.importers import IMPORTED_SUFFIXES
from annotations.errors import Problem

if TYPE_CHECKING:
    from annotations.format.model import AnnotationFile
    from annotations.format.tomlfile import LineMap

DOCUMENT_SUFFIXES = frozenset(s for s in TEXT_SUFFIXES | IMPORTED_SUFFIXES if s)
"""The suffixes of the files an annotation file may name as its document."""


def document_path_of(model: AnnotationFile, annotation_file: Path) -> Path:
    """Where the annotation file says its document is (not checked: see ``document_path_problem``)."""
    return annotation_file.parent / Path(*posixpath.normpath(model.document.path).split("/"))


def folder_tree(annotation_file: Path) -> Path:
    """The folder tree an annotation file may name its document in (absolute, links resolved):
    the top of the git work tree that holds it, else the file's own folder."""
    folder = annotation_file.parent.resolve()
    for candidate in (folder, *folder.parents):
        if os.path.lexists(candidate / ".git"):
            return candidate
    return folder


def document_path_problem(
    model: AnnotationFile, annotation_file: Path, lines: LineMap | None = None
) -> Problem | None:
    """Why ``[document].path`` may not be read (a one-line problem naming the path), or None."""
    value = model.document.path

    def refused(reason: str) -> Problem:
        # the line is looked up only for a refusal: building the line map costs more than
        # parsing the file, and a project reads thousands of files whose path is fine
        line = lines.line_of(("document", "path")) if lines is not None else None
        return Problem(str(annotation_file), f"{value!r} {reason}", line, "document.path")

    try:
        tree = folder_tree(annotation_file)
        target = document_path_of(model, annotation_file).resolve()
    except (OSError, RuntimeError) as error:  # a loop of symbolic links, a deleted folder
        return refused(f"cannot be resolved ({getattr(error, 'strerror', None) or error}); refused")
    if not target.is_relative_to(tree):
        return refused(
            f"is outside the folder tree of this file ({tree}); refused "
            "(name the document with --document to read it anyway)"
        )
    if PurePosixPath(value).suffix.lower() not in DOCUMENT_SUFFIXES:
        kinds = ", ".join(sorted(DOCUMENT_SUFFIXES))
        return refused(f"is not a document (policy-annotate reads {kinds}); refused")
    if target.suffix.lower() not in DOCUMENT_SUFFIXES:
        return refused(f"is a link to {target.name!r}, which is not a document; refused")
    return None
