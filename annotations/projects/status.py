"""The team's progress board: what each document's annotation files hold, and what is wrong.

Nothing here refuses the project: a missing document, a broken annotation file or a duplicate
is a problem listed with its document, and the rest is counted as usual.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from annotations.errors import PolicyAnnotateError, Problem
from annotations.format.marks import review_mark
from annotations.projects.layout import annotation_files
from annotations.projects.model import ProjectDocument
from annotations.projects.project import Project

NO_VALUE = "(none)"
"""The group of documents without the attribute (or analyst) asked for."""


@dataclass
class DocumentStatus:
    """One document: its annotation files, what they hold, and what is wrong with them."""

    document: ProjectDocument
    files: list[Path] = field(default_factory=list)
    annotations: Counter[str] = field(default_factory=Counter)
    """Annotations per analyst (their author, else the analyst the file is named after)."""
    stale: int = 0
    """Annotations marked by re-anchoring (fuzzy or orphaned) that await a person."""
    revised: bool = False
    """Whether an annotation file was made against another version of the document's text."""
    problems: list[Problem] = field(default_factory=list)
    file_analysts: set[str] = field(default_factory=set)
    """The analysts its files are named after (``STEM.NAME.toml``), broken files included."""

    @property
    def annotated(self) -> bool:
        """Whether the document has at least one annotation."""
        return sum(self.annotations.values()) > 0


@dataclass
class Totals:
    """The counts of a group of documents (or of the whole project)."""

    documents: int = 0
    annotated: int = 0
    annotations: int = 0
    analysts: set[str] = field(default_factory=set)
    stale: int = 0
    revised: int = 0
    broken: int = 0

    def add(self, status: DocumentStatus, analysts: Iterable[str] | None = None) -> None:
        """Count one document (only the annotations of ``analysts``, if given)."""
        counts = status.annotations
        if analysts is not None:
            wanted = set(analysts)
            counts = Counter({a: n for a, n in counts.items() if a in wanted})
        self.documents += 1
        self.annotated += sum(counts.values()) > 0
        self.annotations += sum(counts.values())
        self.analysts |= {a for a, n in counts.items() if n}
        self.stale += status.stale
        self.revised += status.revised
        self.broken += bool(status.problems)

    @property
    def annotated_share(self) -> float:
        """The share of documents with at least one annotation (0 for none)."""
        return self.annotated / self.documents if self.documents else 0.0


@dataclass
class ProjectStatus:
    """Every document's status, in the project file's order."""

    project: Project
    documents: list[DocumentStatus]

    def totals(self) -> Totals:
        """The whole project's counts."""
        totals = Totals()
        for status in self.documents:
            totals.add(status)
        return totals

    def by_attribute(self, key: str) -> dict[str, Totals]:
        """The counts per value of the attribute ``key`` (``(none)`` for documents without it)."""
        groups: dict[str, Totals] = {}
        for status in self.documents:
            value = status.document.attributes.get(key, NO_VALUE)
            groups.setdefault(value, Totals()).add(status)
        return dict(sorted(groups.items()))

    def by_analyst(self) -> dict[str, Totals]:
        """Per analyst: the documents assigned to or coded by them, and their annotations."""
        groups: dict[str, Totals] = {}
        for status in self.documents:
            names = {a for a, n in status.annotations.items() if n} | status.file_analysts
            if status.document.analyst:
                names.add(status.document.analyst)
            for name in names or {NO_VALUE}:
                groups.setdefault(name, Totals()).add(status, [name])
        return dict(sorted(groups.items()))

    def problems(self) -> list[Problem]:
        """Every problem found, document by document."""
        return [problem for status in self.documents for problem in status.problems]


def _current_digest(path: Path) -> str | Problem:
    """The sha256 of the document's normalised text now, or why it cannot be read."""
    from annotations.documents.document import load_document

    try:
        return load_document(path).sha256
    except PolicyAnnotateError as error:
        return error.problems[0]


def project_status(project: Project) -> ProjectStatus:
    """Read every annotation file of the project (and, for those that have any, the documents'
    texts, to tell revised documents); never raises for a bad file."""
    from annotations.format.reading import document_path_of, read_annotation_file

    files = annotation_files(project)
    digests: dict[str, str] = {}
    statuses: list[DocumentStatus] = []
    for document in project.model.documents:
        status = DocumentStatus(document)
        statuses.append(status)
        path = project.document_path(document)
        if document.sha256 is not None:
            twin = digests.setdefault(document.sha256, document.id)
            if twin != document.id:
                status.problems.append(
                    Problem(str(path), f"is the same file as document {twin!r} (a duplicate)")
                )
        if not path.is_file():
            status.problems.append(Problem(str(path), "no such file (listed in the project)"))
        elif not path.resolve().is_relative_to(project.folder.resolve()):
            status.problems.append(
                Problem(str(path), "leads outside the project folder (a symbolic link?)")
            )
        current: str | Problem | None = None
        for ref in files.get(document.id, []):
            status.files.append(ref.path)
            if ref.analyst is not None:
                status.file_analysts.add(ref.analyst)
            model, problems, _lines, _disk = read_annotation_file(ref.path, disk=False)
            errors = [p for p in problems if p.severity == "error"]
            if model is None or errors:
                status.problems.extend(errors or problems)
                continue
            if document_path_of(model, ref.path).resolve() != path.resolve():
                status.problems.append(
                    Problem(str(ref.path), f"annotates {model.document.path}, not {document.path}")
                )
                continue
            for annotation in model.annotations:
                status.annotations[annotation.author or ref.analyst or NO_VALUE] += 1
                status.stale += review_mark(annotation) is not None
            if current is None and path.is_file():
                current = _current_digest(path)
            if isinstance(current, str) and model.document.sha256 != current:
                status.revised = True
        if isinstance(current, Problem):
            status.problems.append(current)
    return ProjectStatus(project, statuses)
