"""The summary model: the numbers behind every summary format.

Coverage is computed on the union of annotated spans, so overlapping annotations (one analyst
tagging a paragraph and a sentence inside it, or two analysts tagging the same sentence) are never
counted twice in characters covered. docs/summary.md describes the JSON form of this model.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol

from annotations.documents.document import Document
from annotations.format.model import Annotation, AnnotationFile, Stance
from annotations.text_plural import count_of

SUMMARY_VERSION = 1
LOW_SHARE = 0.01  # under 1% of the text ...
LOW_RELATIVE = 0.25  # ... or under a quarter of the annotations of the best-covered principle
STANCES = [s.value for s in Stance]

# The summary is built from annotation files that are already validated, so its classes are plain
# dataclasses, not pydantic models: building six models cost a tenth of the command's start-up
# and validating the rows again checked nothing. ``as_json`` gives the JSON form (docs/summary.md):
# the keys in the order of the fields, which is the documented order; never reorder them.


class _Record:
    """``==`` and ``repr`` for the summary's dataclasses, shared: generating them per class (the
    dataclass default) cost more at import than the rest of the module."""

    __dataclass_fields__: ClassVar[dict[str, Any]]

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return all(
            getattr(self, name) == getattr(other, name) for name in self.__dataclass_fields__
        )

    __hash__ = None  # type: ignore[assignment]  # mutable, like the pydantic models they replace

    def __repr__(self) -> str:
        values = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__dataclass_fields__)
        return f"{self.__class__.__name__}({values})"

    def as_json(self) -> dict[str, Any]:
        """The JSON object of docs/summary.md: the fields in order, a ``page`` of None left out."""
        data = {name: _json(getattr(self, name)) for name in self.__dataclass_fields__}
        if data.get("page", 0) is None:
            del data["page"]
        return data


def _json(value: object) -> object:
    """A field's value as JSON data: records as objects; numbers, strings and their dicts as is."""
    if isinstance(value, _Record):
        return value.as_json()
    if isinstance(value, list):
        return [_json(item) for item in value]
    return value


@dataclass(kw_only=True, repr=False, eq=False)
class SectionCoverage(_Record):
    """A top-level section of the document and how much of it each principle covers.

    ``coverage``: principle id → share of the section's characters covered. ``page``: the page it
    starts on (1-based), for a paged document (PDF) only.
    """

    title: str
    level: int
    start: int
    end: int
    coverage: dict[str, float]
    page: int | None = None


@dataclass(kw_only=True, repr=False, eq=False)
class PrincipleSummary(_Record):
    """How much of the document serves one principle.

    ``passages``: distinct spans tagged with the principle. ``characters``: code points covered by
    the union of those spans. ``share``: characters / document length. ``verdict``: one sentence,
    e.g. 'little to say: 2 passages, 0.4% of the text'.
    """

    id: str
    label: str
    color: str
    annotations: int
    passages: int
    characters: int
    share: float
    stances: dict[str, int]
    low_coverage: bool
    verdict: str


@dataclass(kw_only=True, repr=False, eq=False)
class Quote(_Record):
    """A quote that illustrates a recommendation; ``page`` as in SectionCoverage."""

    annotation_id: str
    quote: str
    stance: str
    author: str
    note: str
    start: int
    page: int | None = None


@dataclass(kw_only=True, repr=False, eq=False)
class RecommendationSummary(_Record):
    """What the annotations say about one recommendation."""

    id: str
    title: str
    annotations: int
    stances: dict[str, int]
    principles: dict[str, int]
    quotes: list[Quote]


@dataclass(kw_only=True, repr=False, eq=False)
class AuthorSummary(_Record):
    """One analyst's annotations, counted."""

    author: str
    annotations: int
    principles: dict[str, int]
    recommendations: dict[str, int]
    stances: dict[str, int]


@dataclass(kw_only=True, repr=False, eq=False)
class Summary(_Record):
    """Everything a summary shows, for one document and one or more annotation files.

    ``matrix``: recommendation id → principle id → annotations.
    """

    summary_version: int = SUMMARY_VERSION
    document: dict[str, str | int]
    files: list[str]
    filters: dict[str, list[str]]
    annotations: int
    passages: int
    characters: int
    share: float
    principles: list[PrincipleSummary]
    recommendations: list[RecommendationSummary]
    untagged_recommendations: list[str]
    matrix: dict[str, dict[str, int]]
    sections: list[SectionCoverage]
    authors: list[AuthorSummary]


class Tagged(Protocol):
    """What a summary filter looks at: an annotation, or a project's facts of one."""

    @property
    def principles(self) -> Sequence[str]:
        """The principle ids."""

    @property
    def recommendations(self) -> Sequence[str]:
        """The recommendation ids."""

    @property
    def author(self) -> str:
        """Who made it."""


@dataclass(frozen=True)
class SummaryFilter:
    """Restrict a summary to some principles, recommendations or authors (empty: all)."""

    principles: tuple[str, ...] = ()
    recommendations: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()

    @property
    def filters(self) -> bool:
        """Whether it leaves any annotation out (else every annotation passes)."""
        return bool(self.principles or self.recommendations or self.authors)

    def keeps(self, annotation: Tagged) -> bool:
        """Whether the annotation passes the filter."""
        if self.principles and not set(self.principles) & set(annotation.principles):
            return False
        if self.recommendations and not set(self.recommendations) & set(annotation.recommendations):
            return False
        return not self.authors or annotation.author in self.authors


def merged_length(spans: Iterable[tuple[int, int]]) -> tuple[int, list[tuple[int, int]]]:
    """The number of code points covered by ``spans`` and the merged, sorted spans."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return sum(end - start for start, end in merged), merged


def _overlap(merged: list[tuple[int, int]], start: int, end: int) -> int:
    from bisect import bisect_right

    index = max(0, bisect_right(merged, (start, start)) - 1)
    total = 0
    while index < len(merged) and merged[index][0] < end:
        left, right = max(start, merged[index][0]), min(end, merged[index][1])
        if right > left:
            total += right - left
        index += 1
    return total


def _stance_counts(annotations: Iterable[Annotation]) -> dict[str, int]:
    counts = Counter(a.stance.value for a in annotations)
    return {stance: counts.get(stance, 0) for stance in STANCES}


def _quote_score(annotation: Annotation) -> tuple[int, int, int]:
    """Telling quotes first: a clear stance, then a note, then a quote of readable length."""
    stance_weight = {"oppose": 3, "caution": 3, "support": 2, "neutral": 0}[annotation.stance.value]
    length = len(annotation.quote)
    readable = 2 if 40 <= length <= 400 else (1 if length < 40 else 0)
    return stance_weight, 1 if annotation.note.strip() else 0, readable


def build_summary(
    models: Sequence[AnnotationFile],
    document: Document,
    files: Sequence[str],
    *,
    summary_filter: SummaryFilter | None = None,
    quotes: int = 3,
) -> Summary:
    """Summarise one or more annotation files of the same document."""
    summary_filter = summary_filter or SummaryFilter()
    taxonomy = models[0].taxonomy
    principles = list(taxonomy.principles)
    recommendations = list(taxonomy.recommendations)
    seen_principles = {p.id for p in principles}
    seen_recommendations = {r.id for r in recommendations}
    for model in models[1:]:
        principles += [p for p in model.taxonomy.principles if p.id not in seen_principles]
        seen_principles |= {p.id for p in model.taxonomy.principles}
        recommendations += [
            r for r in model.taxonomy.recommendations if r.id not in seen_recommendations
        ]
        seen_recommendations |= {r.id for r in model.taxonomy.recommendations}
    if summary_filter.principles:
        principles = [p for p in principles if p.id in summary_filter.principles]
    if summary_filter.recommendations:
        recommendations = [r for r in recommendations if r.id in summary_filter.recommendations]

    annotations = [a for model in models for a in model.annotations if summary_filter.keeps(a)]
    length = max(1, document.length)

    by_principle: dict[str, list[Annotation]] = defaultdict(list)
    by_recommendation: dict[str, list[Annotation]] = defaultdict(list)
    for annotation in annotations:
        for principle_id in annotation.principles:
            by_principle[principle_id].append(annotation)
        for recommendation_id in annotation.recommendations:
            by_recommendation[recommendation_id].append(annotation)

    merged_by_principle: dict[str, list[tuple[int, int]]] = {}
    principle_rows: list[PrincipleSummary] = []
    most = max([len(by_principle[p.id]) for p in principles] + [1])
    for principle in principles:
        tagged = by_principle[principle.id]
        characters, merged = merged_length((a.start, a.end) for a in tagged)
        merged_by_principle[principle.id] = merged
        passages = len({(a.start, a.end) for a in tagged})
        share = characters / length
        low = share < LOW_SHARE or len(tagged) < LOW_RELATIVE * most
        principle_rows.append(
            PrincipleSummary(
                id=principle.id,
                label=principle.label,
                color=principle.color,
                annotations=len(tagged),
                passages=passages,
                characters=characters,
                share=share,
                stances=_stance_counts(tagged),
                low_coverage=low,
                verdict=_verdict(principle.label, passages, share, low),
            )
        )

    recommendation_rows = []
    for recommendation in recommendations:
        tagged = by_recommendation[recommendation.id]
        principle_counts = Counter(p for a in tagged for p in a.principles)
        # one quote per passage (two analysts often tag the same one), the most telling first
        distinct = {(a.start, a.end): a for a in sorted(tagged, key=_quote_score)}.values()
        best = sorted(distinct, key=lambda a: (_quote_score(a), -a.start), reverse=True)[
            : max(0, quotes)
        ]
        recommendation_rows.append(
            RecommendationSummary(
                id=recommendation.id,
                title=recommendation.title,
                annotations=len(tagged),
                stances=_stance_counts(tagged),
                principles={p.id: principle_counts.get(p.id, 0) for p in principles},
                quotes=[
                    Quote(
                        annotation_id=a.id,
                        quote=a.quote,
                        stance=a.stance.value,
                        author=a.author,
                        note=a.note,
                        start=a.start,
                        page=document.page_at(a.start),
                    )
                    for a in sorted(best, key=lambda a: a.start)
                ],
            )
        )

    sections = []
    for section in document.sections:
        if section.level > 2 or section.end <= section.start:
            continue
        size = max(1, section.end - section.start)
        sections.append(
            SectionCoverage(
                title=section.title,
                level=section.level,
                start=section.start,
                end=section.end,
                page=document.page_at(section.start),
                coverage={
                    p.id: _overlap(merged_by_principle[p.id], section.start, section.end) / size
                    for p in principles
                },
            )
        )
    if len(sections) > 1 and sections[0].level == 1 and sections[0].end >= document.length:
        sections = sections[1:]  # the title's section spans everything; its chapters say more

    by_author: dict[str, list[Annotation]] = defaultdict(list)
    for annotation in annotations:
        by_author[annotation.author].append(annotation)
    authors = []
    for author in sorted(by_author):
        own = by_author[author]
        # each tag once per annotation, as the validation guarantees (a tag listed twice is an error)
        principle_counts = Counter(p for a in own for p in set(a.principles))
        recommendation_counts = Counter(r for a in own for r in set(a.recommendations))
        authors.append(
            AuthorSummary(
                author=author,
                annotations=len(own),
                principles={p.id: principle_counts.get(p.id, 0) for p in principles},
                recommendations={r.id: recommendation_counts.get(r.id, 0) for r in recommendations},
                stances=_stance_counts(own),
            )
        )

    total_characters, _ = merged_length((a.start, a.end) for a in annotations)
    return Summary(
        document={
            "title": document.title,
            "path": document.name,
            "length": document.length,
            "sha256": document.sha256,
        },
        files=list(files),
        filters={
            "principles": list(summary_filter.principles),
            "recommendations": list(summary_filter.recommendations),
            "authors": list(summary_filter.authors),
        },
        annotations=len(annotations),
        passages=len({(a.start, a.end) for a in annotations}),
        characters=total_characters,
        share=total_characters / length,
        principles=principle_rows,
        recommendations=recommendation_rows,
        untagged_recommendations=[r.id for r in recommendation_rows if r.annotations == 0],
        matrix={r.id: r.principles for r in recommendation_rows},
        sections=sections,
        authors=authors,
    )


def _verdict(label: str, passages: int, share: float, low: bool) -> str:
    amount = f"{count_of(passages, 'passage')}, {share:.1%} of the text"
    if passages == 0:
        return f"{label}: nothing tagged — the document says nothing on it that was tagged"
    if low:
        return f"{label}: little to say — {amount}"
    return f"{label}: {amount}"
