"""The editing rules the app follows, as plain functions: what an edit applies to, which
annotation is at the cursor, when an annotation is empty or stale, which ones a filter shows,
and the order of the review queue."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # no pydantic at import: the app's first frame names these rules
    from annotations.format.model import Annotation, AnnotationFile

Span = tuple[int, int]
"""A stretch of the document: [start, end) in code points."""


class AnnotationIndex(Protocol):
    """What the rules need of an indexed annotation set (``editing.AnnotationSet`` is one)."""

    def exact(self, start: int, end: int) -> Annotation | None:
        """The first annotation spanning exactly [start, end)."""

    def at(self, offset: int) -> list[Annotation]:
        """Annotations containing ``offset``, shortest first."""

    def get(self, annotation_id: str) -> Annotation | None:
        """The annotation with this id."""


STALE_TERM = "stale"
"""The filter term that keeps only the annotations needing review."""


def is_empty(annotation: Annotation) -> bool:
    """Whether an annotation says nothing (no tag, no note, neutral): such an annotation is
    removed rather than kept."""
    return (
        not annotation.principles
        and not annotation.recommendations
        and not annotation.note.strip()
        and annotation.stance.value == "neutral"
    )


def is_stale(annotation: Annotation, text: str) -> bool:
    """Whether an annotation's quote is no longer the document's text at its offsets."""
    return text[annotation.start : annotation.end] != annotation.quote


def annotation_at(annotations: AnnotationIndex, span: Span) -> Annotation | None:
    """The annotation at the cursor (or selection): the one spanning exactly ``span``, else the
    shortest one containing its start."""
    exact = annotations.exact(*span)
    if exact is not None:
        return exact
    containing = annotations.at(span[0])
    return containing[0] if containing else None


def edit_target(
    annotations: AnnotationIndex, selection: Span | None, current_id: str | None, cursor: Span
) -> Annotation | Span:
    """What an edit applies to: the selection (the annotation spanning it exactly, else the
    span), else the current annotation, else the sentence at the cursor."""
    if selection is not None:
        return annotations.exact(*selection) or selection
    if current_id is not None:
        annotation = annotations.get(current_id)
        if annotation is not None:
            return annotation
    return cursor


def existing_annotation(
    annotations: AnnotationIndex, target: Annotation | Span
) -> Annotation | None:
    """The annotation a target names: itself, or the one spanning a span exactly."""
    return annotations.exact(*target) if isinstance(target, tuple) else target


def span_of(target: Annotation | Span) -> Span:
    """The stretch of text a target covers."""
    return target if isinstance(target, tuple) else (target.start, target.end)


def matches_filter(annotation: Annotation, terms: list[str], model: AnnotationFile) -> bool:
    """Whether an annotation matches every filter term.

    A term is matched (case-insensitively, by prefix) against the annotation's principle ids and
    labels, recommendation ids, stance and author; ``principle:``, ``rec:``, ``stance:`` and
    ``author:`` restrict a term to one of them. ``stale`` is handled by ``filter_annotations``.
    """
    for term in terms:
        kind, _, value = term.partition(":") if ":" in term else ("", "", term)
        value = value.lower()
        candidates: list[str] = []
        if kind in ("", "principle", "p"):
            for principle_id in annotation.principles:
                principle = model.principle(principle_id)
                candidates += [principle_id.lower()] + (
                    [principle.label.lower()] if principle else []
                )
        if kind in ("", "rec", "recommendation", "r"):
            candidates += [r.lower() for r in annotation.recommendations]
        if kind in ("", "stance", "s"):
            candidates.append(annotation.stance.value)
        if kind in ("", "author", "a"):
            candidates.append(annotation.author.lower())
        if not any(c == value or c.startswith(value) for c in candidates):
            return False
    return True


def filter_annotations(
    annotations: list[Annotation],
    terms: list[str],
    model: AnnotationFile,
    review_ids: set[str],
) -> list[Annotation]:
    """The annotations the list shows for the filter's terms (``stale``: only those needing
    review), in the order given."""
    if not terms:
        return annotations
    stale_only = STALE_TERM in terms
    other = [t for t in terms if t != STALE_TERM]
    return [
        a
        for a in annotations
        if (not stale_only or a.id in review_ids) and matches_filter(a, other, model)
    ]


def review_queue(annotations: Iterable[Annotation | None]) -> list[Annotation]:
    """The annotations to review in document order (by start, end, id)."""
    return sorted((a for a in annotations if a is not None), key=lambda a: (a.start, a.end, a.id))
