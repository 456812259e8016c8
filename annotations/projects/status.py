"""The team's progress board: what each document's annotation files hold, and what is wrong.

Nothing here refuses the project: a missing document, a broken annotation file or a duplicate
is a problem listed with its document, and the rest is counted as usual.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from annotations.errors import Problem
from annotations.projects.facts import FileFacts
from annotations.projects.layout import AnnotationFileRef, annotation_files
from annotations.projects.model import ProjectDocument
from annotations.projects.project import Project
from annotations.projects.reading import misfiled

if TYPE_CHECKING:
    from annotations.projects.cache import FactsReader

NO_VALUE = "(none)"
"""The group of documents without the attribute (or analyst) asked for."""


@dataclass
class DocumentStatus:
    """One document: its annotation files, what they hold, and what is wrong with them.

    Plain values where it costs nothing, as the board keeps one per document (2,000 and more)
    and a full garbage collection walks each object they hold: the annotations per analyst a
    plain ``dict`` of strings and numbers, and no problems an empty tuple, which the collector
    does not track (``benchmarks/gc_census.py``)."""

    document: ProjectDocument
    files: list[Path] = field(default_factory=list)
    annotations: dict[str, int] = field(default_factory=dict)
    """Annotations per analyst (their author, else the analyst the file is named after)."""
    stale: int = 0
    """Annotations marked by re-anchoring (fuzzy or orphaned) that await a person."""
    revised: bool = False
    """Whether an annotation file was made against another version of the document's text."""
    problems: tuple[Problem, ...] = ()
    file_analysts: set[str] = field(default_factory=set)
    """The analysts its files are named after (``STEM.NAME.toml``), broken files included."""
    length: int = 0
    """The document's length in code points, as its annotation files record it (0: no file)."""
    covered: int = 0
    """Code points of the document inside at least one annotation (of any of its files)."""

    @property
    def annotated_share(self) -> float:
        """The share of the document's text inside an annotation (0 when nothing is known)."""
        return min(1.0, self.covered / self.length) if self.length else 0.0

    @property
    def annotation_count(self) -> int:
        """Its annotations, every analyst's."""
        return sum(self.annotations.values())

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
        counts: Mapping[str, int] = status.annotations
        if analysts is not None:
            wanted = set(analysts)
            counts = {a: n for a, n in counts.items() if a in wanted}
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


def covered_length(spans: Iterable[tuple[int, int]]) -> int:
    """How many code points the union of ``[start, end)`` spans covers."""
    total = 0
    reach = 0
    for start, end in sorted(spans):
        start = max(start, reach)
        if end > start:
            total += end - start
            reach = end
    return total


def duplicates(project: Project) -> dict[str, str]:
    """Documents whose file has the sha256 of an earlier document: id -> that document's id."""
    first: dict[str, str] = {}
    twins: dict[str, str] = {}
    for document in project.model.documents:
        if document.sha256 is not None:
            twin = first.setdefault(document.sha256, document.id)
            if twin != document.id:
                twins[document.id] = twin
    return twins


def document_status(
    project: Project,
    document: ProjectDocument,
    refs: Iterable[AnnotationFileRef],
    twin: str | None = None,
    *,
    reader: FactsReader | None = None,
) -> DocumentStatus:
    """One document's status from its annotation files ``refs`` (``twin``: the document it
    duplicates, if any); never raises for a bad file. ``reader``: where files are read through
    (default: the project cache)."""
    if reader is None:
        from annotations.projects.cache import facts_reader

        with facts_reader(project, annotations=False, few=True) as own:  # one document's rows
            return document_status(project, document, refs, twin, reader=own)
    status = DocumentStatus(document)
    path = project.document_path(document)
    problems: list[Problem] = []
    if twin is not None:
        problems.append(Problem(str(path), f"is the same file as document {twin!r} (a duplicate)"))
    if not path.is_file():
        problems.append(Problem(str(path), "no such file (listed in the project)"))
    elif not path.resolve().is_relative_to(project.folder.resolve()):
        problems.append(Problem(str(path), "leads outside the project folder (a symbolic link?)"))
    current: str | Problem | None = None
    spans: list[tuple[int, int]] = []
    annotations: Counter[str] = Counter()
    for ref in refs:
        status.files.append(ref.path)
        if ref.analyst is not None:
            status.file_analysts.add(ref.analyst)
        facts = reader.facts(ref.path)
        if not isinstance(facts, FileFacts):
            problems.extend(facts)
            continue
        if not facts.annotates(ref.path, path):
            problems.append(misfiled(ref.path, facts.document_path, document))
            continue
        status.length = max(status.length, facts.length)
        for author, count in facts.authors:
            annotations[author or ref.analyst or NO_VALUE] += count
        status.stale += facts.stale
        spans.extend(facts.spans)
        if current is None and path.is_file():
            current = reader.digest(path)
        if isinstance(current, str) and facts.sha256 != current:
            status.revised = True
    if isinstance(current, Problem):
        problems.append(current)
    status.problems, status.annotations = tuple(problems), dict(annotations)
    status.covered = covered_length(spans)
    return status


def document_statuses(project: Project, *, use_cache: bool = True) -> Iterator[DocumentStatus]:
    """Each document's status in the project file's order, one at a time (for a board that
    fills in as they are read). ``use_cache=False`` reads every file, bypassing the cache."""
    from annotations.projects.cache import facts_reader

    files = annotation_files(project)
    twins = duplicates(project)
    with facts_reader(project, use_cache=use_cache, annotations=False) as reader:
        for document in project.model.documents:
            yield document_status(
                project,
                document,
                files.get(document.id, []),
                twins.get(document.id),
                reader=reader,
            )


def project_status(project: Project, *, use_cache: bool = True) -> ProjectStatus:
    """Read every annotation file of the project (and, for those that have any, the documents'
    texts, to tell revised documents); never raises for a bad file."""
    return ProjectStatus(project, list(document_statuses(project, use_cache=use_cache)))
