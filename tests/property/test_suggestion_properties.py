"""Properties of suggestions: a tagged passage is never suggested, a rejected one never returns,
and the order is always by score, then offset."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.documents.document import Document
from annotations.format.model import (
    Annotation,
    AnnotationFile,
    DocumentRef,
    Recommendation,
    Rejection,
)
from annotations.suggesting import suggest
from annotations.suggesting.index import SentenceIndex

SETTINGS = settings(max_examples=60, deadline=None)
WORDS = ["councils", "share", "teams", "fund", "digital", "the", "weather", "R1", "first"]

sentences = st.lists(st.sampled_from(WORDS), min_size=1, max_size=6).map(
    lambda words: " ".join(words).capitalize() + "."
)
paragraphs = st.lists(sentences, min_size=1, max_size=4).map(" ".join)
texts = st.lists(paragraphs, min_size=1, max_size=5).map(lambda ps: "\n\n".join(ps) + "\n")


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


@st.composite
def cases(draw: st.DrawFn) -> tuple[Document, AnnotationFile, list[tuple[int, int]]]:
    """A document, a file tagging and rejecting some spans for R1, and those spans."""
    document = Document(draw(texts))
    text = document.text
    model = AnnotationFile(
        document=DocumentRef(path="d.md", sha256=document.sha256, length=document.length)
    )
    model.taxonomy.recommendations.append(
        Recommendation(id="R1", title=" ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1))))
    )
    spans: list[tuple[int, int]] = []
    moment = datetime(2026, 12, 3, tzinfo=UTC)
    for number in range(draw(st.integers(0, 3))):
        start = draw(st.integers(0, len(text) - 2))
        end = draw(st.integers(start + 1, min(len(text), start + 40)))
        spans.append((start, end))
        if draw(st.booleans()):
            model.annotations.append(
                Annotation(
                    id=f"a{number}",
                    start=start,
                    end=end,
                    quote=text[start:end],
                    recommendations=["R1"],
                    created=moment,
                    updated=moment,
                )
            )
        else:
            model.rejections.append(
                Rejection(tag="R1", start=start, end=end, quote=text[start:end], time=moment)
            )
    return document, model, spans


@SETTINGS
@given(cases())
def test_tagged_and_rejected_passages_never_come_back(
    case: tuple[Document, AnnotationFile, list[tuple[int, int]]],
) -> None:
    document, model, spans = case
    for found in suggest(SentenceIndex(document), model, "R1", top=100):
        assert not any(overlaps((found.start, found.end), span) for span in spans)


@SETTINGS
@given(cases())
def test_order_is_by_score_then_offset(
    case: tuple[Document, AnnotationFile, list[tuple[int, int]]],
) -> None:
    document, model, _spans = case
    found = suggest(SentenceIndex(document), model, "R1", top=100)
    keys = [(-s.score, s.start) for s in found]
    assert keys == sorted(keys)
    assert all(s.reasons and s.score > 0 for s in found)


scored = st.lists(
    st.tuples(
        st.integers(0, 4),  # the document's position
        st.integers(0, 50),  # the passage's start
        st.sampled_from([0.5, 1.0, 1.25, 2.0, 3.5]),  # few scores: many ties
    ),
    unique_by=lambda item: (item[0], item[1]),
)


@SETTINGS
@given(scored, st.integers(1, 12))
def test_keeping_the_best_of_many_documents_is_sorting_them_all(
    items: list[tuple[int, int, float]], top: int
) -> None:
    from annotations.suggesting.ranking import Suggestion
    from annotations.suggesting.suggest import Best

    best: Best[tuple[int, int]] = Best(top)
    for position, start, score in items:
        best.add(position, Suggestion(start, start + 1, score, ()), (position, start))
    everything = sorted(items, key=lambda item: (-item[2], item[0], item[1]))
    assert best.best() == [(position, start) for position, start, _score in everything[:top]]
