"""Where a project's annotation files are: beside each document, named after it.

A document ``documents/STEM.EXT`` has ``STEM.annotations.toml`` (shared, or one analyst's) and
``STEM.NAME.toml`` per analyst (``NAME`` without dots), as for a single document
(docs/format.md §1, §15). Each folder is listed once, however many documents it holds.
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from annotations.projects.model import PROJECT_FILE, ProjectDocument
from annotations.projects.project import Project

SHARED = "annotations"
"""The NAME of ``STEM.annotations.toml``, the file not named after an analyst."""


@dataclass(frozen=True, slots=True)
class AnnotationFileRef:
    """One annotation file of a document, and the analyst its name gives (None if shared)."""

    path: Path
    analyst: str | None


def annotation_file_name(stem: str, analyst: str | None) -> str:
    """``STEM.annotations.toml``, or ``STEM.NAME.toml`` for analyst NAME."""
    return f"{stem}.{analyst or SHARED}.toml"


def split_name(name: str) -> tuple[str, str] | None:
    """``STEM.NAME.toml`` -> (STEM, NAME); None for a name that is not an annotation file's."""
    if name == PROJECT_FILE or not name.endswith(".toml"):
        return None
    stem, dot, analyst = name.removesuffix(".toml").rpartition(".")
    return (stem, analyst) if dot and analyst and stem else None


def annotation_files(project: Project) -> dict[str, list[AnnotationFileRef]]:
    """Each document's annotation files (by document id), sorted by name."""
    by_folder: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for document in project.model.documents:
        path = PurePosixPath(document.path)
        by_folder[str(path.parent)].append((document.id, path.stem))
    found: dict[str, list[AnnotationFileRef]] = {d.id: [] for d in project.model.documents}
    for folder, documents in by_folder.items():
        directory = project.folder / Path(*PurePosixPath(folder).parts)
        try:
            names = sorted(
                entry.name for entry in os.scandir(directory) if entry.name.endswith(".toml")
            )
        except OSError:
            continue
        by_stem: dict[str, list[str]] = defaultdict(list)
        for name in names:
            if split := split_name(name):
                by_stem[split[0]].append(split[1])
        for document_id, stem in documents:
            for analyst in by_stem.get(stem, []):
                found[document_id].append(
                    AnnotationFileRef(
                        directory / annotation_file_name(stem, analyst),
                        None if analyst == SHARED else analyst,
                    )
                )
    return found


def document_annotation_files(
    project: Project, document: ProjectDocument
) -> list[AnnotationFileRef]:
    """One document's annotation files, sorted by name (``annotation_files`` for one)."""
    path = project.document_path(document)
    stem = path.stem
    try:
        names = sorted(
            entry.name for entry in os.scandir(path.parent) if entry.name.endswith(".toml")
        )
    except OSError:
        return []
    return [
        AnnotationFileRef(path.parent / name, None if split[1] == SHARED else split[1])
        for name in names
        if (split := split_name(name)) and split[0] == stem
    ]


def file_to_open(project: Project, document: ProjectDocument, author: str | None) -> Path:
    """The annotation file the app opens a document with: the author's ``STEM.NAME.toml`` if
    there is one, else ``STEM.annotations.toml`` (created on the first change if missing)."""
    path = project.document_path(document)
    if author and "." not in author:
        mine = path.with_name(annotation_file_name(path.stem, author))
        if mine.is_file():
            return mine
    return path.with_name(annotation_file_name(path.stem, None))
