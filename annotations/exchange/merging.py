"""Merging annotation files of the same document: n-way union and git's three-way merge.

Annotations, principles and recommendations are matched by id. The same id with different
content is a conflict; ``prefer`` ("newest", "ours" or "theirs") resolves conflicts, otherwise
they are reported and the caller does not write the result. No Textual here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from annotations.errors import PolicyAnnotateError, Problem
from annotations.format.model import AnnotationFile

PREFERENCES = ("newest", "ours", "theirs")
Record = dict[str, Any]
# The kinds of entry merged by id, and where they live in a dumped AnnotationFile.
KINDS = ("principle", "recommendation", "annotation")
KINDS_TABLES = ("principles", "recommendations")


class MergeError(PolicyAnnotateError):
    """The files cannot be merged at all (different documents, bad arguments)."""

    def __init__(self, file: str, message: str) -> None:
        super().__init__([Problem(file, message)])


@dataclass(frozen=True, slots=True)
class Conflict:
    """One id whose versions disagree: which files, what differs, and how it was resolved."""

    kind: str
    id: str
    files: tuple[str, ...]
    reason: str
    resolution: str | None = None
    tie: bool = False
    """Resolved by "newest" although no version was newer (the same ``updated``, or a taxonomy
    entry, which has none): the later file's version was kept."""

    def __str__(self) -> str:
        text = f"{', '.join(self.files)}: {self.kind} {self.id}: {self.reason}"
        if self.resolution is None:
            return text
        if self.tie:
            why = "the same 'updated'" if self.kind == "annotation" else "no 'updated'"
            return f"{text}; {why} on both sides: kept {self.resolution}, the later file"
        return f"{text} (took {self.resolution})"


@dataclass
class MergeResult:
    """The merged file (None when there are unresolved conflicts) and what happened."""

    model: AnnotationFile | None
    counts: list[tuple[str, int]]
    conflicts: list[Conflict] = field(default_factory=list)
    resolved: list[Conflict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether the merge succeeded (no unresolved conflict)."""
        return self.model is not None and not self.conflicts

    @property
    def merged(self) -> int:
        """How many annotations the merged file holds."""
        return 0 if self.model is None else len(self.model.annotations)


def _check_prefer(prefer: str | None) -> None:
    if prefer is not None and prefer not in PREFERENCES:
        raise ValueError(f"prefer must be one of {', '.join(PREFERENCES)} or None, not {prefer!r}")


def _check_same_document(models: Sequence[AnnotationFile], names: Sequence[str]) -> None:
    first = models[0].document.sha256
    for model, name in zip(models, names, strict=True):
        if model.document.sha256 != first:
            raise MergeError(
                name,
                f"annotates a different version of the document than {names[0]} "
                f"([document].sha256 differs); re-anchor first with "
                f"'policy-annotate reanchor {name} --document NEW'",
            )


def _entries(data: Record, kind: str) -> list[Record]:
    if kind == "annotation":
        return list(data["annotations"])
    return list(data["taxonomy"][f"{kind}s"])


def _differing_fields(versions: Sequence[Record | None]) -> list[str]:
    present = [v for v in versions if v is not None]
    keys: list[str] = []
    for version in present:
        keys.extend(k for k in version if k not in keys)
    missing = object()
    return [k for k in keys if len({repr(v.get(k, missing)) for v in present}) > 1]


def _newest_index(kind: str, versions: Sequence[Record | None]) -> tuple[int, bool]:
    """The index of the version to keep under prefer="newest", and whether it was a tie.

    The latest ``updated`` wins; among versions sharing the latest ``updated`` (and for taxonomy
    entries, which have no ``updated``) the last one, that is the later file, is kept: a tie.
    """
    present = [(index, version) for index, version in enumerate(versions) if version is not None]
    if kind != "annotation":
        return present[-1][0], len(present) > 1
    latest = max(version["updated"] for _index, version in present)
    newest = [index for index, version in present if version["updated"] == latest]
    return newest[-1], len(newest) > 1


def merge(
    models: Sequence[AnnotationFile], names: Sequence[str], prefer: str | None = None
) -> MergeResult:
    """Merge annotation files of the same document: the union of their annotations by id.

    The same id with different content is a conflict, resolved by ``prefer`` ("newest": the later
    ``updated``, ties the later file; "ours": the first file's; "theirs": the last file's) or else
    reported, with ``MergeResult.model`` None. Principles and recommendations are merged by id in
    first-seen order, with conflicts treated the same way; unknown top-level keys: the first file
    wins. Raises MergeError when the files annotate different documents.
    """
    _check_prefer(prefer)
    if not models or len(models) != len(names):
        raise ValueError("merge needs at least one file and one name per file")
    _check_same_document(models, names)
    dumps = [model.model_dump() for model in models]
    counts = [(name, len(model.annotations)) for name, model in zip(names, models, strict=True)]
    conflicts: list[Conflict] = []
    resolved: list[Conflict] = []
    merged: dict[str, list[Record]] = {}
    for kind in KINDS:
        order: list[str] = []
        seen: dict[str, list[tuple[int, Record]]] = {}
        for index, data in enumerate(dumps):
            for entry in _entries(data, kind):
                if entry["id"] not in seen:
                    order.append(entry["id"])
                    seen[entry["id"]] = []
                seen[entry["id"]].append((index, entry))
        result: list[Record] = []
        for entry_id in order:
            holders = seen[entry_id]
            distinct = {repr(entry) for _index, entry in holders}
            if len(distinct) == 1:
                result.append(holders[0][1])
                continue
            versions = [entry for _index, entry in holders]
            files = tuple(names[index] for index, _entry in holders)
            reason = "differs in " + ", ".join(_differing_fields(versions))
            if prefer is None:
                conflicts.append(Conflict(kind, entry_id, files, reason))
                continue
            tie = False
            if prefer == "ours":
                chosen = 0
            elif prefer == "theirs":
                chosen = len(holders) - 1
            else:
                chosen, tie = _newest_index(kind, versions)
            result.append(versions[chosen])
            resolved.append(Conflict(kind, entry_id, files, reason, files[chosen], tie))
        merged[kind] = result
    if conflicts:
        return MergeResult(None, counts, conflicts, resolved)
    data = _union_extras(dumps)
    data["taxonomy"] = _union_extras([d["taxonomy"] for d in dumps])
    data["taxonomy"]["principles"] = merged["principle"]
    data["taxonomy"]["recommendations"] = merged["recommendation"]
    data["annotations"] = merged["annotation"]
    data["rejections"] = _union_rejections([d["rejections"] for d in dumps])
    model = AnnotationFile.model_validate(data)
    model.sort_annotations()
    return MergeResult(model, counts, conflicts, resolved)


def _union_rejections(
    lists: Sequence[list[Record]], dropped: Sequence[Record] = ()
) -> list[Record]:
    """Every distinct rejection of the files, once, less ``dropped`` (rejections are a set)."""
    gone = {repr(rejection) for rejection in dropped}
    seen: dict[str, Record] = {}
    for rejections in lists:
        for rejection in rejections:
            seen.setdefault(repr(rejection), rejection)
    return [rejection for key, rejection in seen.items() if key not in gone]


def _union_extras(tables: Sequence[Record]) -> Record:
    """The first table, plus keys only later tables have (the first file wins)."""
    result = dict(tables[0])
    for table in tables[1:]:
        for key, value in table.items():
            result.setdefault(key, value)
    return result


def three_way(
    kind: str,
    key: str,
    base: Record | Any | None,
    ours: Record | Any | None,
    theirs: Record | Any | None,
    names: Sequence[str],
    prefer: str | None,
) -> tuple[Any | None, Conflict | None]:
    """The merged value for one id (None: deleted) and the conflict, if any.

    The conflict's ``resolution`` is set when ``prefer`` resolved it.
    """
    if repr(ours) == repr(theirs):
        return ours, None
    if repr(ours) == repr(base):
        return theirs, None
    if repr(theirs) == repr(base):
        return ours, None
    files = (names[1], names[2])
    if ours is None or theirs is None:
        deleted, changed = (names[1], names[2]) if ours is None else (names[2], names[1])
        reason = f"deleted in {deleted}, changed in {changed}"
    elif base is None:
        reason = "added differently on both sides" + _fields_note(ours, theirs)
    else:
        reason = "changed differently on both sides" + _fields_note(ours, theirs)
    if prefer is None:
        return None, Conflict(kind, key, files, reason)
    tie = False
    if prefer == "ours":
        choice = 1
    elif prefer == "theirs":
        choice = 2
    elif ours is None or theirs is None:
        choice = 2 if ours is None else 1  # newest: the side that changed it, not the deletion
    else:
        newest, tie = _newest_index(kind, [ours, theirs])
        choice = 1 + newest
    value = ours if choice == 1 else theirs
    return value, Conflict(kind, key, files, reason, names[choice], tie)


def _fields_note(ours: Any, theirs: Any) -> str:
    if isinstance(ours, dict) and isinstance(theirs, dict):
        return " (" + ", ".join(_differing_fields([ours, theirs])) + ")"
    return ""


def merge3(
    base: AnnotationFile,
    ours: AnnotationFile,
    theirs: AnnotationFile,
    prefer: str | None = None,
    names: Sequence[str] = ("base", "ours", "theirs"),
) -> MergeResult:
    """Three-way merge (as git does it) of ``ours`` and ``theirs`` from their common ``base``.

    Per id: a change on one side only is taken; the same change on both sides is taken; different
    changes, or a deletion on one side and a change on the other, or the same id added differently,
    are conflicts (resolved by ``prefer`` if given); a deletion against no change deletes. The same
    rules apply to principles, recommendations and unknown top-level keys. Raises MergeError when
    the files annotate different documents.
    """
    _check_prefer(prefer)
    models = (base, ours, theirs)
    _check_same_document(models, names)
    dumps = [model.model_dump() for model in models]
    counts = [(name, len(model.annotations)) for name, model in zip(names, models, strict=True)]
    conflicts: list[Conflict] = []
    resolved: list[Conflict] = []

    def table(kind: str, tables: Sequence[Record], skip: Sequence[str]) -> Record:
        keys: list[str] = []
        for each in (tables[1], tables[2], tables[0]):
            keys.extend(k for k in each if k not in keys and k not in skip)
        result: Record = {}
        for key in keys:
            old, mine, other = (each.get(key) for each in tables)
            value, conflict = three_way(kind, key, old, mine, other, names, prefer)
            if conflict is not None:
                (conflicts if conflict.resolution is None else resolved).append(conflict)
            if value is not None:
                result[key] = value
        return result

    merged: dict[str, list[Record]] = {}
    for kind in KINDS:
        by_id = [{entry["id"]: entry for entry in _entries(data, kind)} for data in dumps]
        merged[kind] = list(table(kind, by_id, ()).values())
    data = table("key", dumps, ("taxonomy", "annotations", "rejections"))
    data["taxonomy"] = table("taxonomy key", [d["taxonomy"] for d in dumps], KINDS_TABLES)
    data["taxonomy"]["principles"] = merged["principle"]
    data["taxonomy"]["recommendations"] = merged["recommendation"]
    data["annotations"] = merged["annotation"]
    # A rejection either side removed stays removed; one either side added is kept.
    base_rejections, our_rejections, their_rejections = (d["rejections"] for d in dumps)
    kept = {repr(r) for r in our_rejections} & {repr(r) for r in their_rejections}
    data["rejections"] = _union_rejections(
        [our_rejections, their_rejections],
        [r for r in base_rejections if repr(r) not in kept],
    )
    if conflicts:
        return MergeResult(None, counts, conflicts, resolved)
    model = AnnotationFile.model_validate(data)
    model.sort_annotations()
    return MergeResult(model, counts, conflicts, resolved)
