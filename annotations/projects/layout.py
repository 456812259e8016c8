"""Where a project's annotation files are: beside each document, named after it.

A document ``documents/STEM.EXT`` has ``STEM.annotations.toml`` (shared, or one analyst's) and
``STEM.NAME.toml`` per analyst (``NAME`` without dots), as for a single document
(docs/format.md §1, §15). Each folder is listed once, however many documents it holds.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from collections.abc import Sequence
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
    """One document's annotation files, sorted by name (``annotation_files`` for one).

    Only the names starting ``STEM.`` are looked at further: the folder of a large project
    holds thousands of other documents' files (each open of a document lists it)."""
    path = project.document_path(document)
    stem = path.stem
    prefix = f"{stem}."
    try:
        names = sorted(
            name
            for name in os.listdir(path.parent)
            if name.startswith(prefix) and name.endswith(".toml")
        )
    except OSError:
        return []
    return [
        AnnotationFileRef(path.parent / name, None if split[1] == SHARED else split[1])
        for name in names
        if (split := split_name(name)) and split[0] == stem
    ]


NAME_PATTERN = re.compile(r"[^\W_][\w-]*")
"""An analyst's NAME in a new file's name: letters and digits, then also ``-`` and ``_`` (no
space, dot or path separator)."""

NAME_MAX = 40
"""The longest NAME a new file is named with."""


def analyst_name_problem(name: str) -> str | None:
    """Why ``name`` cannot name an analyst's new file ``STEM.NAME.toml`` (None: it can)."""
    if not NAME_PATTERN.fullmatch(name):
        return "letters and digits, then also - and _ (no spaces or dots): it names your file"
    if name == SHARED:
        return f"{SHARED!r} names the shared file: choose another name"
    if len(name) > NAME_MAX:
        return f"at most {NAME_MAX} characters: it names your file"
    return None


def _may_name_a_file(author: str) -> bool:
    """Whether an existing ``STEM.AUTHOR.toml`` may be looked for (no dot, no separator)."""
    return bool(author) and not any(c in author for c in "./\\\0")


def file_to_open(
    project: Project,
    document: ProjectDocument,
    author: str | None,
    refs: Sequence[AnnotationFileRef] | None = None,
) -> Path:
    """The annotation file the app opens a document with, for ``author``:

    1. the author's ``STEM.NAME.toml`` when there is one;
    2. else ``STEM.annotations.toml`` when there is one (the document is coded in a shared file);
    3. else, when other analysts have their own ``STEM.NAME.toml``, the author's own, new one
       (an analyst joining a document coded one file per analyst; ``NAME`` as
       ``analyst_name_problem`` allows);
    4. else ``STEM.annotations.toml``.

    A file that does not exist is created on the first change. ``refs``: the document's
    annotation files when already listed (``document_annotation_files``), else listed here if
    needed.
    """
    path = project.document_path(document)
    shared = path.with_name(annotation_file_name(path.stem, None))
    if not author or not _may_name_a_file(author):
        return shared
    mine = path.with_name(annotation_file_name(path.stem, author))
    if mine.is_file():
        return mine
    if shared.is_file():
        return shared
    if analyst_name_problem(author) is None and other_analysts(project, document, author, refs):
        return mine
    return shared


def other_analysts(
    project: Project,
    document: ProjectDocument,
    author: str | None,
    refs: Sequence[AnnotationFileRef] | None = None,
) -> list[str]:
    """The analysts other than ``author`` with their own file for ``document``, by name
    (``refs``: its annotation files when already listed, else listed here)."""
    if refs is None:
        refs = document_annotation_files(project, document)
    return [ref.analyst for ref in refs if ref.analyst is not None and ref.analyst != author]


def whose_file(path: Path) -> str | None:
    """The analyst an annotation file is named after (None: ``STEM.annotations.toml``, or a
    name that is not an annotation file's)."""
    split = split_name(path.name)
    return None if split is None or split[1] == SHARED else split[1]


COPY_LABEL = "a copy"
"""Whose file it is, for a file that is not one of its document's (``review.analyst-a.mine.toml``,
or one saved in another folder): nobody's, and the board does not count it (short: the
header has little room)."""


def owner_label(path: Path, others: int) -> str:
    """Whose file the annotator shows, for its status bar: ``analyst-a's file``, ``shared
    file``, with ``+2 others`` when other analysts have their own files for the document."""
    analyst = whose_file(path)
    return _with_others(f"{analyst}'s file" if analyst else "shared file", others)


def _with_others(label: str, others: int) -> str:
    return f"{label} (+{others} other{'s' if others != 1 else ''})" if others else label


def saving_to_label(project: Project, document: ProjectDocument, path: Path) -> str:
    """``owner_label`` of the file the annotator now saves to, after saving under another name
    (save-as, a copy after a conflict): one of the document's annotation files (``STEM.NAME.toml``
    beside it, which the board counts) is whose its name says, with the other analysts who have
    their own (the file need not exist yet); any other file is ``COPY_LABEL``, with every
    analyst who has their own."""
    document_path = project.document_path(document)
    split = split_name(path.name)
    beside = (
        split is not None
        and split[0] == document_path.stem
        and path.parent.resolve() == document_path.parent.resolve()
    )
    others = len(other_analysts(project, document, whose_file(path) if beside else None))
    return owner_label(path, others) if beside else _with_others(COPY_LABEL, others)


def others_note(path: Path, others: list[str], exists: bool) -> str | None:
    """What the annotator says on opening ``path`` when other analysts have their own files for
    the document (the board's counts are everyone's; the annotator shows one file)."""
    analyst = whose_file(path)
    mine = f"{analyst}'s file" if analyst else "the shared file"
    new = " (new: created on your first change)" if not exists else ""
    if not others:
        return f"This is {mine}{new}." if not exists else None
    names = ", ".join(others)
    return (
        f"This is {mine}{new}; {names} {'has' if len(others) == 1 else 'have'} "
        "their own for this document (the board's counts are everyone's)."
    )
