"""Suggestions for a tag of an annotation file: its query, what to leave out, the ranking.

:func:`suggest` ranks one document; :func:`suggest_across` ranks many (a project) with one
query built from every document's examples, merging the suggestions by score.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from annotations.format.model import TagKind
from annotations.suggesting.query import TagQuery, build_query, citation_pattern
from annotations.suggesting.ranking import Suggestion, rank

if TYPE_CHECKING:
    from annotations.documents.document import Document
    from annotations.format.model import AnnotationFile
    from annotations.suggesting.index import SentenceIndex


@dataclass(frozen=True, slots=True)
class TagExamples:
    """What one file says about a tag: passages tagged with it, rejected for it, its statement."""

    positives: tuple[str, ...]
    negatives: tuple[str, ...]
    exclude: tuple[tuple[int, int], ...]
    """Spans never to suggest: tagged passages, rejections, the tag's own span."""


def find_tag(model: AnnotationFile, tag: str) -> TagKind | None:
    """Whether ``tag`` is a recommendation or a principle of the file (recommendations first)."""
    if model.recommendation(tag) is not None:
        return "recommendation"
    if model.principle(tag) is not None:
        return "principle"
    return None


def tag_examples(model: AnnotationFile, document: Document, tag: str, kind: TagKind) -> TagExamples:
    """The examples and exclusions of ``tag`` in one file over its document."""
    positives: list[str] = []
    exclude: list[tuple[int, int]] = []
    for annotation in model.annotations:
        tags = annotation.recommendations if kind == "recommendation" else annotation.principles
        if tag in tags:
            positives.append(annotation.quote)
            exclude.append((annotation.start, annotation.end))
    negatives: list[str] = []
    for rejection in model.rejections:
        if rejection.tag == tag and rejection.kind == kind:
            negatives.append(rejection.quote)
            exclude.append((rejection.start, rejection.end))
    recommendation = model.recommendation(tag) if kind == "recommendation" else None
    if recommendation is not None and recommendation.start is not None:
        assert recommendation.end is not None
        if recommendation.end > recommendation.start:
            exclude.append((recommendation.start, recommendation.end))
    del document  # kept in the signature: a project may check the text in the future
    return TagExamples(tuple(positives), tuple(negatives), tuple(exclude))


def tag_query(
    index: SentenceIndex,
    model: AnnotationFile,
    tag: str,
    kind: TagKind,
    examples: Sequence[TagExamples],
) -> TagQuery:
    """The query for ``tag``: its words, description and statement, and every file's examples."""
    own: list[str]
    description = ""
    if kind == "recommendation":
        recommendation = model.recommendation(tag)
        assert recommendation is not None
        own = [recommendation.title]
        description = recommendation.description
        if recommendation.start is not None and recommendation.end is not None:
            own.append(index.document.text[recommendation.start : recommendation.end])
    else:
        principle = model.principle(tag)
        assert principle is not None
        own = [principle.label]
        description = principle.description
    return build_query(
        tag,
        own,
        description=description,
        positives=[p for each in examples for p in each.positives],
        negatives=[n for each in examples for n in each.negatives],
        stems=index.stems,
        citation=citation_pattern(tag, description) if kind == "recommendation" else None,
    )


def suggest(
    index: SentenceIndex, model: AnnotationFile, tag: str, *, top: int = 10
) -> list[Suggestion]:
    """The best ``top`` passages of the indexed document for ``tag`` of ``model``.

    Raises KeyError when the tag is in neither the recommendations nor the principles.
    """
    kind = find_tag(model, tag)
    if kind is None:
        raise KeyError(tag)
    examples = tag_examples(model, index.document, tag, kind)
    query = tag_query(index, model, tag, kind, [examples])
    return rank(index, query, exclude=examples.exclude, top=top)


def suggest_across(
    pairs: Iterable[tuple[SentenceIndex, AnnotationFile]], tag: str, *, top: int = 10
) -> list[tuple[int, Suggestion]]:
    """The best ``top`` passages over many documents: (position of the pair, suggestion).

    The query pools the examples of every file; each document is ranked with it (its own
    statement of the tag, if any, added) and the results are merged by score, ties by
    position then offset.
    """
    items = list(pairs)
    found: list[tuple[int, TagKind, TagExamples]] = []
    for position, (index, model) in enumerate(items):
        kind = find_tag(model, tag)
        if kind is not None:
            found.append((position, kind, tag_examples(model, index.document, tag, kind)))
    pooled = [examples for _position, _kind, examples in found]
    merged: list[tuple[int, Suggestion]] = []
    for position, kind, examples in found:
        index, model = items[position]
        query = tag_query(index, model, tag, kind, pooled)
        merged.extend((position, s) for s in rank(index, query, exclude=examples.exclude, top=top))
    merged.sort(key=lambda item: (-item[1].score, item[0], item[1].start))
    return merged[:top]
