"""When the annotation file being edited changed on disk (another analyst, a ``git pull``):
noticing it cheaply, reading the new version, reloading it, or merging theirs into mine.

The session keeps the version it last read or wrote (``SaveRecord.base``); merging theirs into
mine is ``exchange.merging.merge3`` with that version as the common ancestor. What the merge
cannot settle (the same annotation changed differently on both sides, changed on one side and
deleted on the other) keeps mine in the file, and the whole of theirs is kept beside it as
``NAME.theirs.toml``: nothing is lost. The result reaches the session as one ``Edit`` (undone
in one step). No Textual here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from annotations.errors import Problem
from annotations.exchange.merging import Conflict, merge3
from annotations.format.model import (
    Annotation,
    AnnotationFile,
    Principle,
    Recommendation,
    Rejection,
)
from annotations.session.editing import Edit
from annotations.session.files import DiskState, stamp_of

if TYPE_CHECKING:
    from annotations.documents.document import Document

MERGE_NAMES = ("last read", "mine", "theirs")
"""How the three versions are named in the conflicts a merge lists."""


def may_have_changed(path: Path, disk: DiskState | None) -> bool:
    """Whether the file's stat differs from what was last read or written (a file that
    appeared counts): then its content is worth reading. A cheap check (one ``stat``)."""
    stamp = stamp_of(path)
    if disk is None:
        return stamp is not None
    return stamp != (disk.size, disk.mtime_ns)


@dataclass
class OnDisk:
    """The annotation file as it is on disk now: its model and state, or why it cannot be
    used (then ``model`` is None)."""

    path: Path
    model: AnnotationFile | None
    disk: DiskState | None
    problems: list[Problem] = field(default_factory=list)
    gone: bool = False
    """Whether there is no file at ``path`` (deleted, moved away): not one that cannot be read."""

    def changed_from(self, disk: DiskState | None) -> bool:
        """Whether the content differs from ``disk`` (compared by sha256)."""
        if self.disk is None:
            return False  # gone, or unreadable: nothing to take in
        return disk is None or self.disk.sha256 != disk.sha256


def read_on_disk(path: Path, document: Document) -> OnDisk:
    """Read the annotation file as it is now (thread-safe; never raises), checked against the
    document being annotated as opening it checks it: a version whose annotations do not fit
    the text (a span past its end, a quote that is not the text there) cannot be taken in, or
    the app would write a file that it refuses to open."""
    from annotations.checking import check_against_document
    from annotations.format.reading import read_annotation_file

    model, problems, lines, disk = read_annotation_file(path, check_document_path=False)
    if disk is None and not path.exists():
        return OnDisk(path, None, None, problems, gone=True)
    errors = [p for p in problems if p.severity == "error"]
    if model is not None and not errors:
        checks = check_against_document(model, document, str(path), lines)
        errors = [p for p in checks if p.severity == "error"]
    if errors:
        return OnDisk(path, None, disk, errors)
    return OnDisk(path, model, disk, problems if model is None else [])


_Entry = TypeVar("_Entry", Annotation, Recommendation, Principle)


def _by_id_changes(
    current: Sequence[_Entry], target: Sequence[_Entry]
) -> tuple[tuple[_Entry, ...], tuple[_Entry, ...]]:
    """The entries to remove from ``current`` and to add from ``target`` (by id; an entry
    whose content differs is removed and added)."""
    wanted = {entry.id: entry for entry in target}
    have = {entry.id: entry for entry in current}
    removed = tuple(e for e in current if e.id not in wanted or wanted[e.id] != e)
    added = tuple(e for e in target if e.id not in have or have[e.id] != e)
    return removed, added


def edit_towards(current: AnnotationFile, target: AnnotationFile, label: str) -> Edit | None:
    """The one edit that turns ``current``'s annotations, recommendations, principles and
    rejections into ``target``'s (None: they are the same already). Other keys are left
    alone."""
    removed, added = _by_id_changes(current.annotations, target.annotations)
    gone_recommendations, new_recommendations = _by_id_changes(
        current.taxonomy.recommendations, target.taxonomy.recommendations
    )
    gone_principles, new_principles = _by_id_changes(
        current.taxonomy.principles, target.taxonomy.principles
    )
    gone_rejections, new_rejections = _rejection_changes(current, target)
    changes = (
        removed,
        added,
        gone_recommendations,
        new_recommendations,
        gone_rejections,
        new_rejections,
        gone_principles,
        new_principles,
    )
    return Edit(label, *changes) if any(changes) else None


def _rejection_changes(
    current: AnnotationFile, target: AnnotationFile
) -> tuple[tuple[Rejection, ...], tuple[Rejection, ...]]:
    """Rejections are a multiset: those of ``current`` (the very objects) beyond ``target``'s,
    and those of ``target`` beyond ``current``'s."""
    return _beyond(current.rejections, target.rejections), _beyond(
        target.rejections, current.rejections
    )


def _beyond(items: Sequence[Rejection], others: Sequence[Rejection]) -> tuple[Rejection, ...]:
    """The items not matched one for one by an equal item of ``others``."""
    left = [other.model_dump() for other in others]
    extra: list[Rejection] = []
    for item in items:
        dumped = item.model_dump()
        if dumped in left:
            left.remove(dumped)
        else:
            extra.append(item)
    return tuple(extra)


@dataclass
class TheirsMerged:
    """What merging theirs into mine gives: the file to edit on, and what stayed unsettled."""

    model: AnnotationFile
    """The merge: theirs' changes and mine, mine where they disagree."""
    unresolved: list[Conflict]
    """The entries changed differently on both sides (or deleted on one): mine kept."""


def merge_theirs(
    base: AnnotationFile, mine: AnnotationFile, theirs: AnnotationFile
) -> TheirsMerged:
    """Three-way merge of ``theirs`` into ``mine`` from the version last read or written,
    ``base`` (``merge3``). Raises MergeError when theirs annotates another version of the
    document."""
    result = merge3(base, mine, theirs, prefer="ours", names=MERGE_NAMES)
    assert result.model is not None  # prefer="ours" settles every conflict
    return TheirsMerged(result.model, [c for c in result.resolved if c.resolution is not None])


def keep_theirs(on_disk: OnDisk) -> Path:
    """Save theirs beside the file as NAME.theirs.toml (the first free name), so that what a
    merge kept mine of is not lost. Raises SaveError."""
    from annotations.session.saving import copy_path_for, write_annotation_file

    assert on_disk.model is not None
    copy = copy_path_for(on_disk.path, "theirs")
    write_annotation_file(copy, on_disk.model, expected=None)
    return copy


def conflict_lines(conflicts: Iterable[Conflict]) -> list[str]:
    """One line per unsettled conflict, for the list shown to the user."""
    return [f"{c.kind} {c.id}: {c.reason}; yours kept" for c in conflicts]
