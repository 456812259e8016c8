"""Annotation files against the codebook: what differs, and adopting the codebook.

An annotation file's taxonomy follows the project's codebook. ``divergence`` says how one
file differs; ``adopt_file_tags`` first puts into the codebook every principle or
recommendation a file has and the codebook lacks (so no tag is ever lost), and
``adopt_codebook`` then gives a file the codebook's taxonomy, keeping the file's own unknown
keys and a recommendation's span in the file when the codebook does not place it there.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from annotations.format.model import AnnotationFile, Principle, Recommendation, Taxonomy
from annotations.projects.model import Codebook, CodebookRecommendation, Passage


@dataclass
class Divergence:
    """How one file's taxonomy differs from the codebook (ids, in codebook or file order)."""

    missing: list[str] = field(default_factory=list)
    """In the codebook, not in the file."""
    extra: list[str] = field(default_factory=list)
    """In the file, not in the codebook."""
    changed: list[str] = field(default_factory=list)
    """In both, with another label, colour, title or description."""

    def __bool__(self) -> bool:
        return bool(self.missing or self.extra or self.changed)

    def describe(self) -> str:
        """One line: ``missing R3, R4; not in the codebook: R11; different: R2``."""
        parts = []
        if self.missing:
            parts.append("missing " + ", ".join(self.missing))
        if self.extra:
            parts.append("not in the codebook: " + ", ".join(self.extra))
        if self.changed:
            parts.append("different from the codebook: " + ", ".join(self.changed))
        return "taxonomy differs from the codebook: " + "; ".join(parts)


def _principle_fields(principle: Principle) -> tuple[str, str, str]:
    return principle.label, principle.color.lower(), principle.description


def _recommendation_fields(
    recommendation: Recommendation | CodebookRecommendation,
) -> tuple[str, str]:
    return recommendation.title, recommendation.description


def divergence(codebook: Codebook, model: AnnotationFile) -> Divergence:
    """How ``model``'s taxonomy differs from ``codebook`` (order and spans do not count)."""
    found = Divergence()
    file_principles = {p.id: p for p in model.taxonomy.principles}
    book_principles = {p.id: p for p in codebook.principles}
    for principle in codebook.principles:
        mine = file_principles.get(principle.id)
        if mine is None:
            found.missing.append(principle.id)
        elif _principle_fields(mine) != _principle_fields(principle):
            found.changed.append(principle.id)
    found.extra += [p.id for p in model.taxonomy.principles if p.id not in book_principles]
    file_recommendations = {r.id: r for r in model.taxonomy.recommendations}
    book_recommendations = {r.id: r for r in codebook.recommendations}
    for recommendation in codebook.recommendations:
        theirs = file_recommendations.get(recommendation.id)
        if theirs is None:
            found.missing.append(recommendation.id)
        elif _recommendation_fields(theirs) != _recommendation_fields(recommendation):
            found.changed.append(recommendation.id)
    found.extra += [
        r.id for r in model.taxonomy.recommendations if r.id not in book_recommendations
    ]
    return found


def adopt_file_tags(codebook: Codebook, model: AnnotationFile, document_id: str) -> list[str]:
    """Add to ``codebook`` the principles and recommendations only ``model`` has; their ids.

    A recommendation's span in the file becomes its passage in the document ``document_id``.
    """
    added: list[str] = []
    known = {p.id for p in codebook.principles}
    for principle in model.taxonomy.principles:
        if principle.id not in known:
            codebook.principles.append(principle.model_copy(deep=True))
            known.add(principle.id)
            added.append(principle.id)
    known = {r.id for r in codebook.recommendations}
    for recommendation in model.taxonomy.recommendations:
        if recommendation.id in known:
            continue
        passage = None
        if recommendation.start is not None and recommendation.end is not None:
            passage = Passage(
                document=document_id, start=recommendation.start, end=recommendation.end
            )
        codebook.recommendations.append(
            CodebookRecommendation(
                id=recommendation.id,
                title=recommendation.title,
                description=recommendation.description,
                passage=passage,
            )
        )
        known.add(recommendation.id)
        added.append(recommendation.id)
    return added


def adopt_codebook(codebook: Codebook, model: AnnotationFile, document_id: str) -> None:
    """Give ``model`` the codebook's taxonomy, in the codebook's order (call
    ``adopt_file_tags`` first: a tag the codebook lacks would otherwise be dropped from the
    taxonomy while annotations still use it)."""
    target = codebook.taxonomy(document_id)
    file_principles = {p.id: p for p in model.taxonomy.principles}
    file_recommendations = {r.id: r for r in model.taxonomy.recommendations}
    principles = [
        file_principles[p.id].model_copy(
            update={"label": p.label, "color": p.color, "description": p.description}
        )
        if p.id in file_principles
        else p
        for p in target.principles
    ]
    recommendations: list[Recommendation] = []
    for recommendation in target.recommendations:
        mine = file_recommendations.get(recommendation.id)
        if mine is None:
            recommendations.append(recommendation)
            continue
        update: dict[str, object] = {
            "title": recommendation.title,
            "description": recommendation.description,
        }
        if recommendation.start is not None:
            update |= {"start": recommendation.start, "end": recommendation.end}
        recommendations.append(mine.model_copy(update=update))
    extra = model.taxonomy.model_extra or {}
    model.taxonomy = Taxonomy.model_validate(
        {**extra, "principles": principles, "recommendations": recommendations}
    )
