"""Comparing two analysts' files passage by passage (annotations paired by overlapping spans)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from unit_helpers import make_annotation

from annotations.documents.document import Document
from annotations.exchange.passage_diff import MIN_OVERLAP, diff_by_passage, overlap_share
from annotations.format.model import AnnotationFile, DocumentRef, Stance
from annotations.session.store import load_store

TEXT = "One sentence here. Another sentence there. A third one, longer than the others.\n"
SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def model_of(*annotations: object) -> AnnotationFile:
    document = Document(TEXT)
    return AnnotationFile(
        document=DocumentRef(path="doc.md", sha256=document.sha256, length=document.length),
        annotations=list(annotations),  # type: ignore[arg-type]
    )


def test_the_same_passage_coded_differently_is_one_differing_pair() -> None:
    a = make_annotation(TEXT, 0, 18, "a1", principles=["collaboration"], stance=Stance.SUPPORT)
    b = make_annotation(TEXT, 0, 19, "b1", principles=["redesign"], stance=Stance.CAUTION)
    result = diff_by_passage(model_of(a), model_of(b))
    (pair,) = result.differing
    assert (pair.a.id, pair.b.id) == ("a1", "b1")
    changes = result.to_json()["differing"][0]["changes"]
    assert changes == {
        "principles": {"added": ["redesign"], "removed": ["collaboration"]},
        "stance": {"a": "support", "b": "caution"},
    }
    assert result.to_json()["counts"]["paired"] == 1


def test_passages_coded_alike_agree_and_unmatched_ones_are_listed() -> None:
    a1 = make_annotation(TEXT, 19, 42, "a1", principles=["redesign"])
    a2 = make_annotation(TEXT, 0, 18, "a2", principles=["redesign"])
    b1 = make_annotation(TEXT, 19, 42, "b1", principles=["redesign"])
    b2 = make_annotation(TEXT, 43, len(TEXT) - 1, "b2", recommendations=["R1"])
    result = diff_by_passage(model_of(a1, a2), model_of(b1, b2))
    assert [(p.a.id, p.b.id) for p in result.agreeing] == [("a1", "b1")]
    assert [x.id for x in result.only_in_a] == ["a2"]
    assert [x.id for x in result.only_in_b] == ["b2"]


def test_a_small_overlap_is_not_the_same_passage() -> None:
    a = make_annotation(TEXT, 0, 42, "a1", principles=["redesign"])
    b = make_annotation(TEXT, 35, len(TEXT) - 1, "b1", principles=["redesign"])
    assert overlap_share(a, b) < MIN_OVERLAP
    result = diff_by_passage(model_of(a), model_of(b))
    assert not result.pairs


def test_each_annotation_is_paired_once_with_its_largest_overlap() -> None:
    a = make_annotation(TEXT, 0, 42, "a1", principles=["redesign"])
    b_short = make_annotation(TEXT, 0, 18, "b1", principles=["redesign"])
    b_whole = make_annotation(TEXT, 0, 42, "b2", principles=["redesign"])
    result = diff_by_passage(model_of(a), model_of(b_short, b_whole))
    assert [(p.a.id, p.b.id) for p in result.pairs] == [("a1", "b2")]
    assert [x.id for x in result.only_in_b] == ["b1"]


def test_the_sample_analysts_share_passages() -> None:
    a = load_store(SAMPLES / "review.analyst-a.toml").model
    b = load_store(SAMPLES / "review.analyst-b.toml").model
    counts = diff_by_passage(a, b).to_json()["counts"]
    assert counts["paired"] > 10
    assert counts["a"] == len(a.annotations)
    assert counts["b"] == len(b.annotations)


SPANS = st.lists(
    st.tuples(st.integers(0, len(TEXT) - 2), st.integers(1, 30)), min_size=0, max_size=12
)


def annotations_of(prefix: str, spans: list[tuple[int, int]]) -> list[object]:
    return [
        make_annotation(TEXT, start, min(len(TEXT), start + length), f"{prefix}{n}")
        for n, (start, length) in enumerate(spans)
    ]


@settings(max_examples=150, deadline=None)
@given(SPANS, SPANS)
def test_pairs_are_one_to_one_and_everything_is_counted(
    spans_a: list[tuple[int, int]], spans_b: list[tuple[int, int]]
) -> None:
    a, b = model_of(*annotations_of("a", spans_a)), model_of(*annotations_of("b", spans_b))
    result = diff_by_passage(a, b)
    assert len({p.a.id for p in result.pairs}) == len(result.pairs)
    assert len({p.b.id for p in result.pairs}) == len(result.pairs)
    assert len(result.pairs) + len(result.only_in_a) == len(a.annotations)
    assert len(result.pairs) + len(result.only_in_b) == len(b.annotations)
    assert all(p.overlap >= MIN_OVERLAP for p in result.pairs)
