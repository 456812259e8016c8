"""Reading a project's annotation files, document by document, leaving out what is broken.

A broken annotation file, or one that annotates another document than the one it lies beside, is
left out with a one-line problem (``FILE: reason``) and the walk goes on: one bad file among
thousands never refuses the project.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from annotations.errors import Problem
from annotations.format.model import AnnotationFile
from annotations.projects.facts import FileFacts
from annotations.projects.layout import AnnotationFileRef, annotation_files
from annotations.projects.model import ProjectDocument
from annotations.projects.project import Project

if TYPE_CHECKING:
    from annotations.projects.cache import FactsReader


@dataclass(frozen=True, slots=True)
class CodedFile:
    """A readable annotation file of a project document."""

    document: ProjectDocument
    ref: AnnotationFileRef
    model: AnnotationFile


@dataclass(frozen=True, slots=True)
class CodedFacts:
    """A readable annotation file of a project document, as its facts."""

    document: ProjectDocument
    ref: AnnotationFileRef
    facts: FileFacts


def misfiled(annotation_file: Path, named: str, document: ProjectDocument) -> Problem:
    """The problem of an annotation file beside ``document`` that names another one."""
    return Problem(str(annotation_file), f"annotates {named}, not {document.path}")


def documents_where(project: Project, where: Mapping[str, str] | None) -> list[ProjectDocument]:
    """The project's documents whose attributes have every value of ``where``, in order."""
    return [
        d
        for d in project.model.documents
        if all(d.attributes.get(k) == v for k, v in (where or {}).items())
    ]


def coded_files(
    project: Project, documents: Iterable[ProjectDocument], left_out: list[str]
) -> Iterator[CodedFile]:
    """Each readable annotation file of ``documents`` (in order, files by name); a file that
    cannot be used is appended to ``left_out`` as one line and skipped."""
    from annotations.format.reading import document_path_of, read_annotation_file

    files = annotation_files(project)
    for document in documents:
        path = project.document_path(document).resolve()
        for ref in files.get(document.id, []):
            model, problems, _lines, _disk = read_annotation_file(ref.path, disk=False)
            errors = [p for p in problems if p.severity == "error"]
            if model is None or errors:
                first = (errors or problems or [Problem(str(ref.path), "unreadable")])[0]
                left_out.append(str(first))
                continue
            if document_path_of(model, ref.path).resolve() != path:
                left_out.append(str(misfiled(ref.path, model.document.path, document)))
                continue
            yield CodedFile(document, ref, model)


def coded_facts(
    project: Project,
    documents: Iterable[ProjectDocument],
    left_out: list[str],
    reader: FactsReader,
) -> Iterator[CodedFacts]:
    """``coded_files`` as facts, read through ``reader`` (the project cache, or the files)."""
    files = annotation_files(project)
    for document in documents:
        path = project.document_path(document)
        for ref in files.get(document.id, []):
            facts = reader.facts(ref.path)
            if not isinstance(facts, FileFacts):
                left_out.append(str(facts[0]))
            elif not facts.annotates(ref.path, path):
                left_out.append(str(misfiled(ref.path, facts.document_path, document)))
            else:
                yield CodedFacts(document, ref, facts)
