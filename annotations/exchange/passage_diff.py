"""Comparing two analysts' files passage by passage: annotations matched by overlapping spans.

Two analysts coding the same document never share annotation ids, so ``diffing.diff`` (by id)
calls every annotation "only in A" or "only in B". Here an annotation of A is paired with the
annotation of B whose span overlaps it most (one-to-one, by the overlap's share of the two spans'
union, at least ``MIN_OVERLAP``), and each pair is compared on what the analysts decided: the
principles, the recommendations and the stance.

``PassageDiff.to_json()`` returns a dict with these keys, always present and in this order:

- ``counts``: ``{"a", "b", "paired", "agreeing", "differing", "only_in_a", "only_in_b"}``.
- ``differing``: list of ``{"a": ANN, "b": ANN, "overlap", "changes"}``, ANN as in
  ``only_in_a``, ``overlap`` the share of the union of the spans that both cover (0-1, 3
  decimals), ``changes`` holding only what differs: ``principles`` and ``recommendations`` as
  ``{"added": [ids], "removed": [ids]}`` (added = in B and not in A), ``stance`` as
  ``{"a": BEFORE, "b": AFTER}``.
- ``agreeing``: list of ``{"a": ID, "b": ID, "overlap"}``.
- ``only_in_a``, ``only_in_b``: lists of ``{"id", "start", "end", "quote", "principles",
  "recommendations", "stance", "author"}``, by start.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from typing import Any

from annotations.exchange.diffing import TagChange, ValueChange
from annotations.format.model import Annotation, AnnotationFile

MIN_OVERLAP = 0.3
"""The least share of their spans' union two annotations must both cover to be one passage."""


@dataclass(frozen=True, slots=True)
class PassagePair:
    """An annotation of A and one of B over (mostly) the same passage."""

    a: Annotation
    b: Annotation
    overlap: float
    tags: tuple[TagChange, ...]
    stance: ValueChange | None

    @property
    def agrees(self) -> bool:
        """Whether both analysts tagged the passage alike (same tags and stance)."""
        return not self.tags and self.stance is None


@dataclass(frozen=True, slots=True)
class PassageDiff:
    """The passages two files share, how their coding differs, and the passages only one has."""

    pairs: tuple[PassagePair, ...]
    only_in_a: tuple[Annotation, ...]
    only_in_b: tuple[Annotation, ...]

    @property
    def differing(self) -> list[PassagePair]:
        """The pairs whose coding differs."""
        return [pair for pair in self.pairs if not pair.agrees]

    @property
    def agreeing(self) -> list[PassagePair]:
        """The pairs coded alike."""
        return [pair for pair in self.pairs if pair.agrees]

    def to_json(self) -> dict[str, Any]:
        """The JSON form described in the module's docstring."""
        differing, agreeing = self.differing, self.agreeing
        return {
            "counts": {
                "a": len(self.pairs) + len(self.only_in_a),
                "b": len(self.pairs) + len(self.only_in_b),
                "paired": len(self.pairs),
                "agreeing": len(agreeing),
                "differing": len(differing),
                "only_in_a": len(self.only_in_a),
                "only_in_b": len(self.only_in_b),
            },
            "differing": [
                {
                    "a": _annotation_json(pair.a),
                    "b": _annotation_json(pair.b),
                    "overlap": round(pair.overlap, 3),
                    "changes": _changes_json(pair),
                }
                for pair in differing
            ],
            "agreeing": [
                {"a": pair.a.id, "b": pair.b.id, "overlap": round(pair.overlap, 3)}
                for pair in agreeing
            ],
            "only_in_a": [_annotation_json(a) for a in self.only_in_a],
            "only_in_b": [_annotation_json(b) for b in self.only_in_b],
        }


def overlap_share(a: Annotation, b: Annotation) -> float:
    """The share of the union of two spans that both cover (0 when they do not meet)."""
    shared = min(a.end, b.end) - max(a.start, b.start)
    if shared <= 0:
        return 0.0
    return shared / (max(a.end, b.end) - min(a.start, b.start))


def diff_by_passage(a: AnnotationFile, b: AnnotationFile) -> PassageDiff:
    """Pair the annotations of ``a`` and ``b`` by overlapping spans and compare their coding.

    Pairs are chosen greedily, the largest overlap first (ties: earlier start, then ids), so the
    result does not depend on file order within each file.
    """
    ours = sorted(a.annotations, key=lambda x: (x.start, x.end, x.id))
    theirs = sorted(b.annotations, key=lambda x: (x.start, x.end, x.id))
    starts = [x.start for x in theirs]
    longest = max((x.end - x.start for x in theirs), default=0)
    candidates: list[tuple[float, int, int]] = []
    for i, annotation in enumerate(ours):
        low = bisect_left(starts, annotation.start - longest)
        high = bisect_left(starts, annotation.end)
        for j in range(low, high):
            share = overlap_share(annotation, theirs[j])
            if share >= MIN_OVERLAP:
                candidates.append((share, i, j))
    candidates.sort(key=lambda c: (-c[0], ours[c[1]].start, ours[c[1]].id, theirs[c[2]].id))
    paired_a: dict[int, int] = {}
    paired_b: set[int] = set()
    shares: dict[int, float] = {}
    for share, i, j in candidates:
        if i not in paired_a and j not in paired_b:
            paired_a[i] = j
            paired_b.add(j)
            shares[i] = share
    pairs = tuple(_pair(ours[i], theirs[paired_a[i]], shares[i]) for i in sorted(paired_a))
    return PassageDiff(
        pairs=pairs,
        only_in_a=tuple(x for i, x in enumerate(ours) if i not in paired_a),
        only_in_b=tuple(x for j, x in enumerate(theirs) if j not in paired_b),
    )


def _pair(a: Annotation, b: Annotation, share: float) -> PassagePair:
    tags = []
    for field in ("principles", "recommendations"):
        before, after = set(getattr(a, field)), set(getattr(b, field))
        if before != after:
            tags.append(
                TagChange(field, tuple(sorted(after - before)), tuple(sorted(before - after)))
            )
    stance = ValueChange("stance", a.stance.value, b.stance.value) if a.stance != b.stance else None
    return PassagePair(a, b, share, tuple(tags), stance)


def _annotation_json(annotation: Annotation) -> dict[str, Any]:
    return {
        "id": annotation.id,
        "start": annotation.start,
        "end": annotation.end,
        "quote": annotation.quote,
        "principles": list(annotation.principles),
        "recommendations": list(annotation.recommendations),
        "stance": annotation.stance.value,
        "author": annotation.author,
    }


def _changes_json(pair: PassagePair) -> dict[str, Any]:
    changes: dict[str, Any] = {
        tag.field: {"added": list(tag.added), "removed": list(tag.removed)} for tag in pair.tags
    }
    if pair.stance is not None:
        changes["stance"] = {"a": pair.stance.before, "b": pair.stance.after}
    return changes
