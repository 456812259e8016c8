"""The editing rules the app follows, as plain functions: what an edit applies to, which
annotation is at the cursor, when an annotation is empty or stale, which ones a filter shows,
and the order of the review queue."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
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


class TextSpans(Protocol):
    """What the rules need of a document's paragraphs and sentences (``Document`` is one)."""

    @property
    def text(self) -> str:
        """The normalised text."""

    def paragraph_at(self, offset: int) -> int:
        """The paragraph holding ``offset`` (or the last one before it)."""

    @property
    def is_blank(self) -> bool:
        """Whether the text has no paragraph."""

    def paragraph_span(self, paragraph: int) -> Span:
        """Where a paragraph starts and ends (exclusive)."""

    def paragraph_sentences(self, paragraph: int) -> Sequence[Span]:
        """The sentences of one paragraph."""


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


def extent(document: TextSpans, span: Span) -> str:
    """How much text ``span`` covers, in words for the status line: "a paragraph",
    "3 paragraphs", "a sentence", "2 sentences" or "part of a sentence" ("" in an empty
    document)."""
    if document.is_blank:
        return ""
    start, end = span
    first = max(0, document.paragraph_at(start))
    last = max(first, document.paragraph_at(max(start, end - 1)))
    if last > first:
        return f"{last - first + 1} paragraphs"
    if document.paragraph_span(first) == span:
        return "a paragraph"
    sentences = [s for s in document.paragraph_sentences(first) if s[0] < end and start < s[1]]
    if len(sentences) > 1:
        return f"{len(sentences)} sentences"
    return "a sentence" if sentences == [span] else "part of a sentence"


def describe_target(document: TextSpans, target: Annotation | Span, selection: Span | None) -> str:
    """What the next edit applies to, for the status line: "the selection", "annotation (a
    paragraph)" (an existing annotation, and how far it spans), or, for a new annotation at the
    cursor, "the sentence" or "the word"; "" in an empty document, where nothing can be edited.
    ``target`` is ``edit_target``'s answer."""
    if document.is_blank:
        return ""
    if selection is not None:
        return "the selection"
    if not isinstance(target, tuple):
        return f"annotation ({extent(document, (target.start, target.end))})"
    start, end = target
    paragraph = max(0, document.paragraph_at(start))
    if target in document.paragraph_sentences(paragraph):
        return "the sentence"
    if not any(c.isspace() for c in document.text[start:end]):
        return "the word"
    return "the passage"


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
