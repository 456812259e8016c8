"""From candidates to items: explicit labels take precedence, numbering that restarts in a new
part is told apart, statements of one item (a summary and a chapter) become one item, and each
item gets its id.

- **Labels take precedence.** When a document labels items of a kind ("Recommendation 3:"),
  its unlabelled lists of that kind are elaborations or chapter headings unless they restate a
  labelled item (same number): they are dropped.
- **Restarts.** A numbered group whose numbers were used before by the same kind, for items
  that read differently, restarts its numbering in a new part: its keys become "2.1", "2.2".
- **One item, several statements.** Statements with the same kind and number, or whose title is
  contained in another's text, are one item. The item's identity (kind, number, title) comes
  from its most explicit statement, among equals from the larger group (the complete list);
  its span is its fullest statement (the most explicit, then the longest); the others are kept
  as ``passages``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field

from annotations.documents.detection.kinds import ALTERNATE_PREFIXES, PREFIXES
from annotations.documents.detection.model import (
    LABELLED,
    Candidate,
    DetectedGroup,
    DetectedRecommendation,
    Group,
)

MIN_CONTAINED = 20  # characters of a normalised title that must be found in another statement
MIN_PREFIX = 10  # characters of a normalised title that must start another title
_NORMAL = re.compile(r"[^a-z0-9]+")
_CONTENT_WORD = re.compile(r"[a-z]{4,}")


@dataclass(slots=True)
class _Entry:
    """One item being assembled from its statements (the first is its identity)."""

    statements: list[Candidate] = field(default_factory=list)

    @property
    def identity(self) -> Candidate:
        """The statement that names the item."""
        return self.statements[0]


def merged(
    text: str, groups: Sequence[Group], candidates: list[Candidate], stated: dict[str, int]
) -> tuple[list[DetectedRecommendation], list[DetectedGroup]]:
    """The items the candidates state, in document order, and the groups that found them."""
    candidates = _labels_take_precedence(text, candidates)
    candidates = _without_elaborations(candidates)
    _tell_restarts_apart(text, candidates)
    sizes: dict[int, int] = {}
    for candidate in candidates:
        sizes[candidate.group] = sizes.get(candidate.group, 0) + 1
    order = sorted(candidates, key=lambda c: (-c.strength, -sizes[c.group], c.start))
    entries = _entries(text, order)
    return _named(text, groups, entries, stated)


def _labels_take_precedence(text: str, candidates: list[Candidate]) -> list[Candidate]:
    """When a document labels its items ("Recommendation 3:", at least two of them), keep of the
    unlabelled groups only those of a labelled kind whose numbers are mostly labelled ones
    (a summary list), without the numbered headings of sections that hold labelled items."""
    labelled: dict[str, dict[str, Candidate]] = {}
    for candidate in candidates:
        if candidate.strength == LABELLED:
            labelled.setdefault(candidate.kind, {}).setdefault(candidate.key, candidate)
    labelled = {kind: keys for kind, keys in labelled.items() if len(keys) >= 2}
    if not labelled:
        return candidates
    starts = sorted(c.start for c in candidates if c.strength == LABELLED)
    groups: dict[int, list[Candidate]] = {}
    for candidate in candidates:
        if candidate.strength != LABELLED and not _holds_labels(candidate, starts):
            groups.setdefault(candidate.group, []).append(candidate)
    kept = [c for c in candidates if c.strength == LABELLED]
    for members in groups.values():
        keys = labelled.get(members[0].kind)
        if keys is None:
            continue
        restated = sum(1 for m in members if m.numbered and m.key in keys)
        if 2 * restated >= len(members):
            kept.extend(members)
    return kept


def _without_elaborations(candidates: list[Candidate]) -> list[Candidate]:
    """Drop unlabelled candidates inside the section of an item stated as a numbered heading:
    a list there spells out that item, it adds none."""
    sections = sorted((c.start, c.section_end, c.group) for c in candidates if c.section_end >= 0)
    if not sections:
        return candidates
    starts = [start for start, _end, _group in sections]

    def inside(candidate: Candidate) -> bool:
        index = bisect_right(starts, candidate.start - 1) - 1
        if index < 0:
            return False
        start, end, group = sections[index]
        return group != candidate.group and start < candidate.start < end

    return [c for c in candidates if c.strength == LABELLED or not inside(c)]


def _holds_labels(candidate: Candidate, labelled_starts: list[int]) -> bool:
    """Whether a numbered heading's section holds labelled statements (it is a part)."""
    if candidate.section_end < 0:
        return False
    index = bisect_right(labelled_starts, candidate.start)
    return index < len(labelled_starts) and labelled_starts[index] < candidate.section_end


def _tell_restarts_apart(text: str, candidates: list[Candidate]) -> None:
    """Re-key numbered groups that reuse a kind's numbers for different items ("2.1")."""
    seen: dict[tuple[str, str], Candidate] = {}
    by_group: dict[int, list[Candidate]] = {}
    for candidate in sorted(candidates, key=lambda c: c.start):
        by_group.setdefault(candidate.group, []).append(candidate)
    parts: dict[str, int] = {}
    for members in sorted(by_group.values(), key=lambda m: m[0].start):
        numbered = [c for c in members if c.numbered]
        clashes = [(c, seen[(c.kind, c.key)]) for c in numbered if (c.kind, c.key) in seen]
        if len(clashes) >= 2 and not any(_share_words(text, a, b) for a, b in clashes):
            kind = members[0].kind
            parts[kind] = parts.get(kind, 1) + 1
            for candidate in numbered:
                candidate.key = f"{parts[kind]}.{candidate.key}"
        for candidate in numbered:
            seen.setdefault((candidate.kind, candidate.key), candidate)


def _share_words(text: str, first: Candidate, second: Candidate) -> bool:
    """Whether two statements share any content word."""
    a = set(_CONTENT_WORD.findall(text[first.start : first.end].lower()))
    b = set(_CONTENT_WORD.findall(text[second.start : second.end].lower()))
    return bool(a & b)


def _same_item(text: str, first: Candidate, second: Candidate) -> bool:
    """Whether two statements with one number read like one item (shared content words)."""
    a = set(_CONTENT_WORD.findall(first.title.lower()))
    b = set(_CONTENT_WORD.findall(text[second.start : second.end].lower()))
    return bool(a) and len(a & b) >= max(1, len(a) // 4)


def _entries(text: str, order: list[Candidate]) -> list[_Entry]:
    """Candidates (most explicit first) grouped into one entry per item."""
    entries: list[_Entry] = []
    by_key: dict[tuple[str, str], _Entry] = {}
    by_start: dict[int, _Entry] = {}
    normal: dict[int, str] = {}

    def normalised(candidate: Candidate) -> str:
        if candidate.start not in normal:
            normal[candidate.start] = _NORMAL.sub("", text[candidate.start : candidate.end].lower())
        return normal[candidate.start]

    for candidate in order:
        entry = by_start.get(candidate.start)
        if entry is None and candidate.numbered:
            entry = by_key.get((candidate.kind, candidate.key))
        if entry is None:
            entry = _containing(entries, candidate, normalised)
        if entry is None:
            entry = _Entry()
            entries.append(entry)
            if candidate.numbered:
                by_key.setdefault((candidate.kind, candidate.key), entry)
        if all(s.start != candidate.start for s in entry.statements):
            entry.statements.append(candidate)
        by_start.setdefault(candidate.start, entry)
    return entries


def _containing(entries: list[_Entry], candidate: Candidate, normalised: object) -> _Entry | None:
    """The entry one of whose statements contains the candidate's title, or whose title the
    candidate's text contains."""
    assert callable(normalised)
    title = _NORMAL.sub("", candidate.title.lower())
    own = normalised(candidate)
    for entry in entries:
        other_title = _NORMAL.sub("", entry.identity.title.lower())
        if len(title) >= MIN_CONTAINED and any(title in normalised(s) for s in entry.statements):
            return entry
        if len(other_title) >= MIN_CONTAINED and other_title in own:
            return entry
        shorter, longer = sorted((title, other_title), key=len)
        if len(shorter) >= MIN_PREFIX and longer.startswith(shorter):
            return entry
    return None


def _named(
    text: str, groups: Sequence[Group], entries: list[_Entry], stated: dict[str, int]
) -> tuple[list[DetectedRecommendation], list[DetectedGroup]]:
    """Entries as items with ids, in document order, and the groups with their ids."""
    kinds = {entry.identity.kind for entry in entries}
    prefixes = dict(PREFIXES)
    if {"play", "principle"} <= kinds:
        prefixes.update(ALTERNATE_PREFIXES)
    taken: set[str] = set()
    named: list[tuple[_Entry, str]] = []
    for entry in sorted(entries, key=lambda e: (not e.identity.numbered, e.identity.start)):
        named.append((entry, _unique_id(prefixes[entry.identity.kind], entry.identity.key, taken)))
    items: list[DetectedRecommendation] = []
    ids_by_group: dict[int, list[str]] = {}
    for entry, identifier in sorted(named, key=lambda pair: _primary(pair[0]).start):
        first, primary = entry.identity, _primary(entry)
        items.append(
            DetectedRecommendation(
                id=identifier,
                label=first.label,
                title=first.title,
                start=primary.start,
                end=primary.end,
                kind=first.kind,
                rule=groups[first.group].rule,
                theme=first.theme,
                passages=tuple(
                    sorted((s.start, s.end) for s in entry.statements if s is not primary)
                ),
            )
        )
        ids_by_group.setdefault(first.group, []).append(identifier)
    detected_groups = [
        DetectedGroup(
            kind=group.kind,
            rule=group.rule,
            where=group.where,
            line=text.count("\n", 0, group.start) + 1,
            ids=tuple(ids_by_group.get(index, ())),
            stated=stated.get(group.kind),
        )
        for index, group in enumerate(groups)
    ]
    return items, [group for group in detected_groups if group.ids]


def _primary(entry: _Entry) -> Candidate:
    """The fullest statement of an item: the most explicit, then the longest, then the first."""
    return min(entry.statements, key=lambda s: (-s.strength, -(s.end - s.start), s.start))


def _unique_id(prefix: str, key: str, taken: set[str]) -> str:
    """``prefix + key``, or the next free number when that id is taken."""
    identifier = prefix + key
    ordinal = 1
    while identifier in taken:
        ordinal += 1
        identifier = f"{prefix}{key}-{ordinal}"
    taken.add(identifier)
    return identifier
