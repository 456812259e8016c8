"""Suggestions for a tag of an annotation file: its query, what to leave out, the ranking.

:func:`suggest` ranks one document; :func:`suggest_across` ranks many (a project) with one
query built from every document's examples, merging the suggestions by score (:class:`Best`
keeps the best of many documents ranked one at a time).
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar

from annotations.format.model import TagKind
from annotations.suggesting.query import TagQuery, build_query, citation_pattern
from annotations.suggesting.ranking import Suggestion, rank

if TYPE_CHECKING:
    from annotations.documents.document import Document
    from annotations.format.model import AnnotationFile, Taxonomy
    from annotations.suggesting.index import SentenceIndex
    from annotations.suggesting.tokens import Stems

T = TypeVar("T")


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


def tag_examples(
    model: AnnotationFile, document: Document | None, tag: str, kind: TagKind
) -> TagExamples:
    """The examples and exclusions of ``tag`` in one file over its document (which may be not
    loaded yet: None)."""
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
    stated = statement(model.taxonomy, tag, kind)
    if stated is not None:
        exclude.append(stated)
    del document  # kept in the signature: a project may check the text in the future
    return TagExamples(tuple(positives), tuple(negatives), tuple(exclude))


def statement(taxonomy: Taxonomy, tag: str, kind: TagKind) -> tuple[int, int] | None:
    """The span of a recommendation's statement in the document (None: a principle, or a
    recommendation stated elsewhere)."""
    if kind != "recommendation":
        return None
    recommendation = next((r for r in taxonomy.recommendations if r.id == tag), None)
    if recommendation is None or recommendation.start is None or recommendation.end is None:
        return None
    if recommendation.end <= recommendation.start:
        return None
    return recommendation.start, recommendation.end


def tag_query(
    index: SentenceIndex,
    model: AnnotationFile,
    tag: str,
    kind: TagKind,
    examples: Sequence[TagExamples],
) -> TagQuery:
    """The query for ``tag``: its words, description and statement, and every file's examples."""
    return taxonomy_query(
        model.taxonomy, tag, kind, examples, stems=index.stems, text=index.document.text
    )


def taxonomy_query(
    taxonomy: Taxonomy,
    tag: str,
    kind: TagKind,
    examples: Sequence[TagExamples],
    *,
    stems: Stems,
    text: str = "",
) -> TagQuery:
    """``tag_query`` without an index: ``text`` is the document's (for a recommendation's
    statement, when the taxonomy gives it a span), ``stems`` any stemmer (the query's stems do
    not depend on the document: one query serves every document that does not state the tag).

    Raises KeyError when the tag is not in the taxonomy.
    """
    own: list[str]
    description = ""
    if kind == "recommendation":
        recommendation = next((r for r in taxonomy.recommendations if r.id == tag), None)
        if recommendation is None:
            raise KeyError(tag)
        own = [recommendation.title]
        description = recommendation.description
        stated = statement(taxonomy, tag, kind)
        if stated is not None and text:
            own.append(text[stated[0] : stated[1]])
    else:
        principle = next((p for p in taxonomy.principles if p.id == tag), None)
        if principle is None:
            raise KeyError(tag)
        own = [principle.label]
        description = principle.description
    return build_query(
        tag,
        own,
        description=description,
        positives=[p for each in examples for p in each.positives],
        negatives=[n for each in examples for n in each.negatives],
        stems=stems,
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
    best: Best[tuple[int, Suggestion]] = Best(top)
    for position, kind, examples in found:
        index, model = items[position]
        query = tag_query(index, model, tag, kind, pooled)
        for s in rank(index, query, exclude=examples.exclude, top=top):
            best.add(position, s, (position, s))
    return best.best()


class Best(Generic[T]):
    """The best ``top`` suggestions of many documents ranked one at a time, each with what the
    caller keeps of it (``T``): by score, ties by the document's position then offset.

    Holds at most ``top`` items whatever the number of documents, so a project's documents can
    be ranked (and their indexes dropped) one after the other.
    """

    def __init__(self, top: int) -> None:
        self.top = top
        self._heap: list[tuple[float, int, int, T]] = []
        """The worst kept first: (score, -position, -start, item); ties never reach the item
        (a document's suggestions have distinct starts)."""

    def add(self, position: int, suggestion: Suggestion, item: T) -> None:
        """Consider ``suggestion`` of the document at ``position`` (kept as ``item``)."""
        if self.top <= 0:
            return
        entry = (suggestion.score, -position, -suggestion.start, item)
        if len(self._heap) < self.top:
            heapq.heappush(self._heap, entry)
        elif entry[:3] > self._heap[0][:3]:
            heapq.heapreplace(self._heap, entry)

    @property
    def worst(self) -> float:
        """The score a suggestion must beat to be kept (0 until ``top`` are kept): a document
        ranked after the others enters only with a higher score, ties going to the earlier."""
        return self._heap[0][0] if self.top > 0 and len(self._heap) >= self.top else 0.0

    def best(self) -> list[T]:
        """The items kept, best first."""
        ordered = sorted(self._heap, key=lambda entry: entry[:3], reverse=True)
        return [entry[3] for entry in ordered]
