"""Annotation files: load with every problem reported, save atomically and safely.

Saving goes through annotations.session.saving and files (atomic writes, a ``.bak`` of the previous version, and a
refusal to overwrite a file someone else changed meanwhile).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from pathlib import Path

from annotations.checking import check_against_document
from annotations.documents.document import Document, load_document
from annotations.errors import AnnotationFileError, DocumentError, Problem
from annotations.format.model import AnnotationFile, DocumentRef, Taxonomy
from annotations.format.tomlfile import (
    LineMap,
    dump_annotation_text,
    parse_annotation_text,
)
from annotations.session.files import DiskState, disk_state, relative_document_path


@dataclass
class AnnotationStore:
    """An annotation file in memory, with its document and what is on disk."""

    path: Path
    model: AnnotationFile
    document: Document
    disk: DiskState | None = None
    warnings: list[Problem] = field(default_factory=list)

    @property
    def name(self) -> str:
        """The file's path, for messages."""
        return str(self.path)

    def text(self) -> str:
        """The TOML text this store would save."""
        return dump_annotation_text(self.model)

    def save(self, *, overwrite_changed: bool = False) -> DiskState:
        """Save atomically; raises FileChangedError if someone else changed the file meanwhile,
        SaveError for any other failure."""
        from annotations.session.saving import write_annotation_file

        self.disk = write_annotation_file(
            self.path, self.model, expected=self.disk, overwrite_changed=overwrite_changed
        )
        return self.disk


def document_path_of(model: AnnotationFile, annotation_file: Path) -> Path:
    """Where the annotation file says its document is."""
    return annotation_file.parent / Path(*posixpath.normpath(model.document.path).split("/"))


def read_annotation_file(
    path: Path, *, disk: bool = True
) -> tuple[AnnotationFile | None, list[Problem], LineMap | None, DiskState | None]:
    """Read and parse an annotation file; problems are returned, not raised.

    ``disk=False`` skips the DiskState (a sha256 of the file), returning None in its place,
    for a caller that will not save.
    """
    name = str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None, [Problem(name, "no such file")], None, None
    except IsADirectoryError:
        return None, [Problem(name, "is a folder, not an annotation file")], None, None
    except OSError as error:
        return None, [Problem(name, f"cannot be read ({error.strerror or error})")], None, None
    state = disk_state(path, data) if disk else None
    try:
        holder = [data.decode("utf-8").removeprefix("\ufeff")]
    except UnicodeDecodeError as error:
        message = f"not UTF-8 text (byte {error.start}); annotation files are UTF-8 TOML"
        return None, [Problem(name, message)], None, state
    del data

    def reread() -> str:
        return path.read_bytes().decode("utf-8", "replace").removeprefix("\ufeff")

    # The parser gets the only reference to the text and lets go of it before validating,
    # which lowers the peak memory of opening a large file.
    model, problems, lines = parse_annotation_text(holder.pop(), name, source=reread)
    return model, problems, lines, state


def validate_file(path: Path, document: Document | None = None) -> list[Problem]:
    """Every problem with an annotation file, including against its document (warnings too)."""
    model, problems, lines, _state = read_annotation_file(path, disk=False)
    if model is None:
        return problems
    if document is None:
        document_file = document_path_of(model, path)
        try:
            document = load_document(document_file)
        except DocumentError as error:
            line = lines.line_of(("document", "path")) if lines else None
            reason = error.problems[0].message
            return [
                *problems,
                Problem(
                    str(path), f"its document {document_file}: {reason}", line, "document.path"
                ),
            ]
    return problems + check_against_document(model, document, str(path), lines)


def load_store(path: Path, document: Document | None = None) -> AnnotationStore:
    """Load an annotation file and its document, ready to edit.

    Raises AnnotationFileError listing every problem, or DocumentError. A document whose sha256
    differs is accepted: the annotations that no longer match it are listed in ``warnings``
    for the caller to mark, never dropped.
    """
    model, problems, lines, state = read_annotation_file(path)
    errors = [p for p in problems if p.severity == "error"]
    if model is None or errors:
        raise AnnotationFileError(errors or problems)
    if document is None:
        document = load_document(document_path_of(model, path))
    checks = check_against_document(model, document, str(path), lines)
    if model.document.sha256 == document.sha256 and any(p.severity == "error" for p in checks):
        raise AnnotationFileError(checks)
    return AnnotationStore(path=path, model=model, document=document, disk=state, warnings=checks)


def new_store(document: Document, path: Path) -> AnnotationStore:
    """A new, empty annotation file for ``document`` with the default taxonomy (not yet saved)."""
    from annotations.format.taxonomy_defaults import DEFAULT_PRINCIPLES

    if document.path is None:
        raise ValueError("the document has no path")
    model = AnnotationFile(
        document=DocumentRef(
            path=relative_document_path(document.path, path),
            sha256=document.sha256,
            length=document.length,
            title=document.title,
            source_sha256=document.source_sha256,
            importer=document.importer,
        ),
        taxonomy=Taxonomy(principles=[p.model_copy(deep=True) for p in DEFAULT_PRINCIPLES]),
    )
    return AnnotationStore(path=path, model=model, document=document, disk=None)
