"""Detection of the recommendations, actions, principles, criteria... a policy document states.

``policy-annotate init DOC`` seeds the taxonomy with what :func:`detect_recommendations` finds,
and ``D`` in the app lists what is not in the taxonomy yet. :func:`detect` returns the same items
with the groups that found them (:class:`DetectedGroup`: the kind, the rule, the heading or
lead-in, its line, the ids, the count the document states), so the analyst can be told what was
found and why.

The rules read the structure and language of policy documents in general, not of one document:

1. **Labels** (:mod:`.statements`): a heading, paragraph or bullet starting "Recommendation 3",
   "Rec. 3", "Recommendation No. 3", "R3.", "Action 07:", "Principle 2.2.1.1.1", "Criterion 5"
   followed by a separator; and numbered paragraphs that recommend ("3.2 We recommend ...").
2. **Announced items** (:mod:`.structures`): what follows a heading naming a kind or a lead-in
   announcing one -- numbered, lettered or (after an announcement) bulleted lists, bold-labelled
   paragraphs, table rows, numbered headings, lists split across theme sub-headings -- with the
   count the lead-in states as a check; and tables whose header names the kind.
3. **Merging** (:mod:`.merging`): labels take precedence over unlabelled lists of their kind,
   numbering that restarts in a new part is told apart, an item stated twice is one item (its
   fullest statement the span, the others ``passages``).

Nothing else counts: a bill with thousands of numbered sections yields nothing, nor do tables of
contents, lists of themes, footnotes or cross-references ("see Action 3").
"""

from __future__ import annotations

from annotations.documents.detection.blocks import Blocks
from annotations.documents.detection.kinds import stated_counts
from annotations.documents.detection.merging import merged
from annotations.documents.detection.model import (
    Candidate,
    DetectedGroup,
    DetectedRecommendation,
    Detection,
    Group,
)
from annotations.documents.detection.naming import in_number_order, summarise_ids
from annotations.documents.detection.statements import labelled_statements, recommend_paragraphs
from annotations.documents.detection.structures import announced_items
from annotations.documents.document import Document

__all__ = [
    "DetectedGroup",
    "DetectedRecommendation",
    "Detection",
    "detect",
    "detect_recommendations",
    "in_number_order",
    "summarise_ids",
]


def detect(document: Document) -> Detection:
    """The items ``document`` states, in document order, with the groups that found them."""
    if not document.text.strip():
        return Detection((), ())
    blocks = Blocks(document)
    groups: list[Group] = []
    candidates: list[Candidate] = []
    for finder in (labelled_statements, recommend_paragraphs, announced_items):
        found_groups, found = finder(blocks)
        offset = len(groups)
        for candidate in found:
            candidate.group += offset
        groups.extend(found_groups)
        candidates.extend(found)
    stated = stated_counts(document.text)
    items, detected_groups = merged(document.text, groups, candidates, stated)
    return Detection(tuple(items), tuple(detected_groups), stated)


def detect_recommendations(document: Document) -> list[DetectedRecommendation]:
    """The items ``document`` states (recommendations, actions, principles ...), in document
    order of their spans, each once."""
    return list(detect(document).items)
