"""Recommendations detected in a document, as an annotation file's taxonomy or a codebook holds
them (what ``init`` and ``project init --review`` seed)."""

from __future__ import annotations

from annotations.documents.detection import Detection, detect, in_number_order
from annotations.documents.document import Document
from annotations.format.model import Recommendation
from annotations.projects.model import CodebookRecommendation, Passage


def detected_recommendations(document: Document) -> list[Recommendation]:
    """The numbered recommendations (actions, criteria...) ``document`` states, in number order,
    each with the span of its fullest statement."""
    return recommendations_of(detect(document))


def recommendations_of(detection: Detection) -> list[Recommendation]:
    """The items of ``detection`` as a taxonomy's recommendations, in number order."""
    return [
        Recommendation(
            id=item.id,
            title=item.title,
            description=item.label if not item.label[:1].isdigit() else "",
            start=item.start,
            end=item.end,
        )
        for item in in_number_order(list(detection.items))
    ]


def codebook_recommendations(document: Document, document_id: str) -> list[CodebookRecommendation]:
    """The recommendations ``document`` states, for a codebook: each points at its passage in
    the project document ``document_id``."""
    seeded: list[CodebookRecommendation] = []
    for recommendation in detected_recommendations(document):
        start, end = recommendation.start or 0, recommendation.end or 0
        seeded.append(
            CodebookRecommendation(
                id=recommendation.id,
                title=recommendation.title,
                description=recommendation.description,
                passage=Passage(
                    document=document_id, start=start, end=end, quote=document.text[start:end]
                ),
            )
        )
    return seeded
