"""A feature tried for the suggestion ranker and not adopted: phrase matches.

The ranker's 50 best sentences are re-ranked with a bonus for the adjacent stem pairs
("local digital", "pool fund") they share with the tag's title, description and tagged passages:
``PHRASE_SHARE`` of the best score times the pairs matched (at most 3) / 3. Chosen on the design
set (review.md; shares 0.25 and 0.5 tried, 0.5 kept), then run once on the held-out set
(response.md): it raised the design set's recall@10 and MRR and lowered the held-out set's, so
it stays out of ``annotations/suggesting`` (benchmarks/README.md, "Suggested passages").
"""

from __future__ import annotations

from itertools import pairwise

from annotations.format.model import AnnotationFile
from annotations.suggesting.index import SentenceIndex
from annotations.suggesting.ranking import Suggestion, rank
from annotations.suggesting.suggest import TagExamples, TagKind, tag_query

PHRASE_SHARE = 0.5
RERANKED = 50
MAX_PAIRS = 3


def _pairs(stems: list[str]) -> set[tuple[str, str]]:
    return set(pairwise(stems))


def with_phrases(
    index: SentenceIndex, model: AnnotationFile, tag: str, kind: TagKind, examples: TagExamples
) -> list[Suggestion]:
    """The ranker's top 10 after the phrase bonus (see the module's docstring)."""
    query = tag_query(index, model, tag, kind, [examples])
    found = rank(index, query, exclude=examples.exclude, top=RERANKED)
    if not found:
        return []
    if kind == "recommendation":
        recommendation = model.recommendation(tag)
        assert recommendation is not None
        own = [recommendation.title, recommendation.description]
    else:
        principle = model.principle(tag)
        assert principle is not None
        own = [principle.label, principle.description]
    wanted: set[tuple[str, str]] = set()
    for text in [*own, *examples.positives]:
        wanted |= _pairs(index.stems.of(text))
    best = max(s.score for s in found)
    text = index.document.text
    scored = []
    for suggestion in found:
        matched = _pairs(index.stems.of(text[suggestion.start : suggestion.end])) & wanted
        bonus = PHRASE_SHARE * best * min(len(matched), MAX_PAIRS) / MAX_PAIRS
        scored.append((round(suggestion.score + bonus, 6), suggestion.start, suggestion))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [suggestion for _score, _start, suggestion in scored[:10]]
