"""Annotation files: load with every problem reported, save atomically and safely.

Saving goes through annotations.session.saving and files (atomic writes, a ``.bak`` of the previous version, and a
refusal to overwrite a file someone else changed meanwhile).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from annotations.checking import check_against_document, load_document_of
from annotations.documents.document import Document
from annotations.errors import AnnotationFileError, Problem
from annotations.format.model import AnnotationFile, DocumentRef, Taxonomy
from annotations.format.reading import read_annotation_file
from annotations.format.tomlfile import dump_annotation_text
from annotations.session.files import (
    DiskState,
    relative_document_path,
    remove_stale_temporaries,
)


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


def load_store(path: Path, document: Document | None = None) -> AnnotationStore:
    """Load an annotation file and its document, ready to edit.

    Raises AnnotationFileError listing every problem, or DocumentError. A ``document`` given is
    the one the user named: the file's ``[document].path`` is then not checked. A document whose
    sha256 differs is accepted: the annotations that no longer match it are listed in ``warnings``
    for the caller to mark, never dropped. Temporaries of the file left by a killed save are
    removed (``files.remove_stale_temporaries``).
    """
    remove_stale_temporaries(path)
    model, problems, lines, state = read_annotation_file(path, check_document_path=document is None)
    errors = [p for p in problems if p.severity == "error"]
    if model is None or errors:
        raise AnnotationFileError(errors or problems)
    if document is None:
        document = load_document_of(model, path, lines)
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
