"""Three-way merge of project files, as git's merge driver does it (``merge --git``).

Documents, principles and recommendations are matched by id and merged field by field against
the common ancestor (a table-valued field such as a document's ``attributes`` or a
recommendation's ``passage`` key by key): a change on one side is taken, the same change on both
sides is taken, different changes to one field, or a deletion on one side and a change on the
other, are conflicts, each named by its entry and field (``document r12: analyst: changed
differently on both sides``), resolved by ``prefer`` ("ours", "theirs"; "newest" keeps the later
file's, project entries having no ``updated``) or reported, with no merged file. The codebook's
``stances``, the project's ``name`` and unknown keys are merged as whole values the same way.
Entries keep ours' order, then theirs' new ones. No Textual here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from pydantic import ValidationError

from annotations.errors import Problem
from annotations.exchange.merging import Conflict, Record, three_way
from annotations.projects.model import ProjectFile
from annotations.projects.projectfile import project_consistency, project_data

BY_ID = {"documents": "document"}
"""Top-level lists of tables merged by id, and what an entry is called."""
CODEBOOK_BY_ID = {"principles": "principle", "recommendations": "recommendation"}


@dataclass
class ProjectMergeResult:
    """The merged project file (None when conflicts remain or it would be invalid) and what
    happened."""

    model: ProjectFile | None
    conflicts: list[Conflict] = field(default_factory=list)
    resolved: list[Conflict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    """Why the merged file would not be valid (two documents given the same path, say)."""

    @property
    def ok(self) -> bool:
        """Whether the merge gave a file to write."""
        return self.model is not None


class _Merger:
    """One three-way merge: collects the conflicts of every field."""

    def __init__(self, names: Sequence[str], prefer: str | None) -> None:
        self.names = names
        self.prefer = prefer
        self.conflicts: list[Conflict] = []
        self.resolved: list[Conflict] = []

    def value(self, what: str, key: str, base: Any, ours: Any, theirs: Any) -> Any | None:
        """One value (None: absent, or deleted) and its conflict, named ``what: key``."""
        merged, conflict = three_way(what, key, base, ours, theirs, self.names, self.prefer)
        if conflict is not None:
            named = replace(conflict, kind=what, id=key)
            (self.conflicts if named.resolution is None else self.resolved).append(named)
        return merged

    def table(
        self, kind: str, base: Record, ours: Record, theirs: Record, *, deep: bool, prefix: str = ""
    ) -> Record:
        """A table merged key by key, conflicts named ``kind`` and the key (``deep``: a key whose
        value is a table on both sides is merged key by key too, as ``key.inner``)."""
        result: Record = {}
        for key in _keys(ours, theirs, base):
            old, mine, other = base.get(key), ours.get(key), theirs.get(key)
            if deep and isinstance(mine, dict) and isinstance(other, dict):
                result[key] = self.table(
                    kind,
                    old if isinstance(old, dict) else {},
                    mine,
                    other,
                    deep=False,
                    prefix=f"{prefix}{key}.",
                )
                continue
            merged = self.value(kind, f"{prefix}{key}", old, mine, other)
            if merged is not None:
                result[key] = merged
        return result

    def entries(
        self, kind: str, base: list[Record], ours: list[Record], theirs: list[Record]
    ) -> list[Record]:
        """Tables matched by ``id``: both sides' entries merged field by field, an entry one side
        added kept, one side deleted dropped unless the other changed it (a conflict)."""
        by_id = [{entry["id"]: entry for entry in side} for side in (base, ours, theirs)]
        merged: list[Record] = []
        for entry_id in _keys(by_id[1], by_id[2], by_id[0]):
            old, mine, other = (side.get(entry_id) for side in by_id)
            if mine is not None and other is not None:
                merged.append(self.table(f"{kind} {entry_id}", old or {}, mine, other, deep=True))
                continue
            value = self.value(kind, entry_id, old, mine, other)
            if value is not None:
                merged.append(value)
        return merged


def _keys(*tables: Record) -> list[Any]:
    """The keys of the tables, first-seen order."""
    keys: list[Any] = []
    seen: set[Any] = set()
    for table in tables:
        for key in table:
            if key not in seen:
                seen.add(key)
                keys.append(key)
    return keys


def merge_project_files(
    base: ProjectFile | None,
    ours: ProjectFile,
    theirs: ProjectFile,
    *,
    prefer: str | None = None,
    names: Sequence[str] = ("base", "ours", "theirs"),
    file: str = "policy-annotate.toml",
) -> ProjectMergeResult:
    """Three-way merge of project files (see the module docstring); ``base`` None (the file was
    added on both branches) merges from an empty ancestor. ``file`` names the result in its
    problems."""
    merger = _Merger(names, prefer)
    old = project_data(base) if base is not None else {}
    mine, other = project_data(ours), project_data(theirs)
    skip = {"codebook", *BY_ID}
    data = merger.table(
        "key",
        {k: v for k, v in old.items() if k not in skip},
        {k: v for k, v in mine.items() if k not in skip},
        {k: v for k, v in other.items() if k not in skip},
        deep=False,
    )
    books = [side.get("codebook", {}) for side in (old, mine, other)]
    codebook = merger.table(
        "codebook key",
        *({k: v for k, v in book.items() if k not in CODEBOOK_BY_ID} for book in books),
        deep=False,
    )
    for key, kind in CODEBOOK_BY_ID.items():
        codebook[key] = merger.entries(kind, *(book.get(key, []) for book in books))
    data["codebook"] = codebook
    for key, kind in BY_ID.items():
        data[key] = merger.entries(kind, *(side.get(key, []) for side in (old, mine, other)))
    if merger.conflicts:
        return ProjectMergeResult(None, merger.conflicts, merger.resolved)
    try:
        model = ProjectFile.model_validate(data)
    except ValidationError as error:
        problems = [
            Problem(file, str(e["msg"]), field=".".join(str(part) for part in e["loc"]))
            for e in error.errors()
        ]
        return ProjectMergeResult(None, [], merger.resolved, problems)
    problems = [p for p in project_consistency(model, file) if p.severity == "error"]
    if problems:
        return ProjectMergeResult(None, [], merger.resolved, problems)
    return ProjectMergeResult(model, [], merger.resolved)
