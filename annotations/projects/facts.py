"""What the project's cross-document commands need from one annotation file, and nothing more.

``project status``, ``summary DIR``, ``agreement DIR`` and the document board read thousands of
annotation files but use a few fields of each: the document it annotates, the taxonomy's labels
and, per annotation, its author, span, tags, stance, quote and note (and, for the summary, their
tally: :mod:`annotations.projects.tally`). ``FileFacts`` holds those;
the project cache (:mod:`annotations.projects.cache`) stores them in rows so that a second run
parses no TOML. ``file_facts`` derives them from a parsed file: the commands compute from facts
whether they were read from the file or from the cache, so both give the same output.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import NamedTuple

from annotations.errors import Problem
from annotations.format.marks import review_mark
from annotations.format.model import AnnotationFile, Principle
from annotations.projects.tally import FileQuotes, FileTally, file_tally

TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
"""How ``created`` and ``updated`` are given (UTC, to the second, as files hold them)."""


class AnnotationFacts(NamedTuple):
    """One annotation as the project's commands see it (a named tuple: 100,000 of them are made
    in a summary, and a frozen dataclass's ``__init__`` cost twice the reading of their rows)."""

    id: str
    author: str
    start: int
    end: int
    stance: str
    """The stance's value (``support``, ``caution``...)."""
    principles: tuple[str, ...]
    recommendations: tuple[str, ...]
    quote: str
    note: str
    stale: bool
    """Whether re-anchoring marked it (fuzzy or orphaned): it awaits a person."""
    created: str
    """``created`` as ``YYYY-MM-DDTHH:MM:SSZ``."""
    updated: str
    """``updated`` as ``YYYY-MM-DDTHH:MM:SSZ``."""


@dataclass(frozen=True, slots=True)
class FileFacts:
    """A readable annotation file as the project's commands see it.

    The counts a progress board needs (``authors``, ``stale``, ``spans``) are at hand; the
    annotations themselves are read when asked for (``annotations``), and so is the summary's
    tally of them (``tally``), which the cache reads only for the commands that need them.
    """

    document_path: str
    """``[document].path`` as the file gives it (relative to the file)."""
    sha256: str
    """``[document].sha256``: the normalised text the file was made against."""
    length: int
    principles: tuple[Principle, ...]
    """The taxonomy's principles, in order."""
    recommendations: tuple[tuple[str, str], ...]
    """The taxonomy's recommendations as (id, title), in order."""
    authors: tuple[tuple[str, int], ...]
    """Annotations per ``author`` as written ("" for none), in first-seen order."""
    stale: int
    """Annotations marked by re-anchoring (fuzzy or orphaned) that await a person."""
    spans: tuple[tuple[int, int], ...]
    """The union of the annotations' spans, as sorted disjoint ``[start, end)`` spans."""
    read_annotations: Callable[[], tuple[AnnotationFacts, ...]]
    """Gives the annotations, in the file's order."""
    read_tally: Callable[[], FileTally]
    """Gives what the cross-document summary counts of the file (``tally.file_tally``)."""
    read_quotes: Callable[[], FileQuotes]
    """Gives the file's best quote on each of its tally's pairs."""

    @property
    def annotations(self) -> tuple[AnnotationFacts, ...]:
        """The file's annotations, in its order."""
        return self.read_annotations()

    @property
    def tally(self) -> FileTally:
        """What the cross-document summary counts of the file's annotations."""
        return self.read_tally()

    @property
    def quotes(self) -> FileQuotes:
        """The file's best quote on each of its tally's pairs, in their order."""
        return self.read_quotes()

    def annotates(self, annotation_file: Path, document: Path) -> bool:
        """Whether the file (at ``annotation_file``) annotates ``document``."""
        named = annotation_file.parent / Path(*posixpath.normpath(self.document_path).split("/"))
        return named == document or named.resolve() == document.resolve()


ReadOutcome = FileFacts | list[Problem]
"""A file's facts, or the problems that make it unusable (never empty)."""


def merged_spans(spans: Iterable[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """The union of ``[start, end)`` spans as sorted disjoint spans (touching ones joined)."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return tuple(merged)


def file_facts(model: AnnotationFile) -> FileFacts:
    """The facts of a parsed annotation file."""
    annotations = tuple(
        AnnotationFacts(
            id=a.id,
            author=a.author,
            start=a.start,
            end=a.end,
            stance=a.stance.value,
            principles=tuple(a.principles),
            recommendations=tuple(a.recommendations),
            quote=a.quote,
            note=a.note,
            stale=review_mark(a) is not None,
            created=a.created.strftime(TIME_FORMAT),
            updated=a.updated.strftime(TIME_FORMAT),
        )
        for a in model.annotations
    )
    counted = cache(lambda: file_tally(annotations))
    authors: dict[str, int] = {}
    for a in annotations:
        authors[a.author] = authors.get(a.author, 0) + 1
    return FileFacts(
        document_path=model.document.path,
        sha256=model.document.sha256,
        length=model.document.length,
        principles=tuple(model.taxonomy.principles),
        recommendations=tuple((r.id, r.title) for r in model.taxonomy.recommendations),
        authors=tuple(authors.items()),
        stale=sum(a.stale for a in annotations),
        spans=merged_spans((a.start, a.end) for a in annotations),
        read_annotations=lambda: annotations,
        read_tally=lambda: counted()[0],
        read_quotes=lambda: counted()[1],
    )


def read_facts(path: Path) -> tuple[ReadOutcome, str | None]:
    """Read an annotation file: its facts, or the problems that make it unusable (its errors,
    else every problem found); and the sha256 of the bytes read (None if none could be)."""
    from annotations.format.reading import read_annotation_file

    try:
        model, problems, _lines, disk = read_annotation_file(path, disk=True)
    except OSError:  # gone between reading and the stat of its state
        model, problems, _lines, disk = read_annotation_file(path, disk=False)
    digest = None if disk is None else disk.sha256
    errors = [p for p in problems if p.severity == "error"]
    if model is None or errors:
        return errors or problems or [Problem(str(path), "unreadable")], digest
    return file_facts(model), digest
