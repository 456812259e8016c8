"""The quick paths of the consistency and document checks give what the plain loops give."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.checking import check_against_document
from annotations.documents.document import Document
from annotations.format import tomlfile
from annotations.format.model import (
    Annotation,
    AnnotationFile,
    DocumentRef,
    Principle,
    Recommendation,
)
from annotations.format.tomlfile import check_consistency

WHEN = datetime(2026, 11, 27, tzinfo=UTC)
tags = st.lists(st.sampled_from(["P1", "P2", "R1", "X"]), max_size=3)


@st.composite
def files(draw: st.DrawFn) -> AnnotationFile:
    annotations = [
        Annotation.model_construct(
            id=draw(st.sampled_from(["a", "b", "c", "d", "e"])),
            start=0,
            end=1,
            quote="x",
            principles=draw(tags),
            recommendations=draw(tags),
            created=WHEN,
            updated=WHEN,
        )
        for _ in range(draw(st.integers(0, 4)))
    ]
    model = AnnotationFile(document=DocumentRef(path="d.md", sha256="0" * 64, length=1))
    model.annotations = annotations
    model.taxonomy.principles = [
        Principle(id=tag, label=tag, color="#000000")
        for tag in draw(st.lists(st.sampled_from(["P1", "P2", "P1"]), max_size=3))
    ]
    model.taxonomy.recommendations = [
        Recommendation(id=tag, title=tag)
        for tag in draw(st.lists(st.sampled_from(["R1", "R1"]), max_size=2))
    ]
    return model


@settings(max_examples=500, deadline=None)
@given(files())
def test_check_consistency_finds_what_the_loop_finds(model: AnnotationFile) -> None:
    quick = check_consistency(model, "f.toml")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tomlfile, "_annotations_consistent", lambda *_: False)
        assert check_consistency(model, "f.toml") == quick


@settings(max_examples=800, deadline=None)
@given(
    st.text(alphabet="ab\n€😀", max_size=12),
    st.integers(-15, 15),
    st.integers(-15, 15),
    st.text(alphabet="ab\n€😀", max_size=6),
)
def test_a_quote_is_reported_exactly_when_the_slice_differs(
    text: str, start: int, end: int, quote: str
) -> None:
    annotation = Annotation.model_construct(
        id="a", start=start, end=end, quote=quote, created=WHEN, updated=WHEN
    )
    model = AnnotationFile(
        document=DocumentRef(path="d.md", sha256=Document(text).sha256, length=len(text))
    )
    model.annotations = [annotation]  # as built, unvalidated: any offsets at all
    problems = check_against_document(model, Document(text), "f.toml")
    reported = any(p.field == "annotations[0].quote" for p in problems)
    assert reported == (end <= len(text) and text[start:end] != quote)
