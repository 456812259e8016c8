"""Counts in messages agree with their nouns."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from annotations.text_plural import count_of, plural_word


def test_one_is_singular_and_others_plural() -> None:
    assert count_of(1, "annotation") == "1 annotation"
    assert count_of(0, "annotation") == "0 annotations"
    assert count_of(2, "passage") == "2 passages"


def test_irregular_and_spelled_plurals() -> None:
    assert count_of(2, "recommendation span") == "2 recommendation spans"
    assert count_of(3, "summary") == "3 summaries"
    assert count_of(3, "key") == "3 keys"
    assert count_of(2, "match") == "2 matches"
    assert count_of(4, "analysis", "analyses") == "4 analyses"
    assert plural_word(1, "is") == "is"
    assert plural_word(2, "is") == "are"
    assert plural_word(2, "needs") == "need"


@given(st.integers(min_value=0, max_value=10**6))
def test_only_one_is_singular(count: int) -> None:
    assert (count_of(count, "file") == f"{count} file") == (count == 1)


def test_a_summary_of_one_annotation_says_so_in_every_format() -> None:
    from unit_helpers import make_annotation

    from annotations.documents.document import Document
    from annotations.format.model import AnnotationFile, DocumentRef
    from annotations.summaries.formats import render_html, render_markdown
    from annotations.summaries.render import render_text
    from annotations.summaries.summary import build_summary

    text = "One sentence here. Another sentence there.\n"
    document = Document(text)
    model = AnnotationFile(
        document=DocumentRef(path="doc.md", sha256=document.sha256, length=document.length),
        annotations=[make_annotation(text, 0, 18, "a1", principles=["collaboration"])],
    )
    summary = build_summary([model], document, ["doc.annotations.toml"])
    for rendered in (render_text(summary), render_markdown(summary), render_html(summary)):
        assert "1 annotation on 1 passage" in rendered
        assert "1 annotations" not in rendered
        assert "1 passages" not in rendered


def test_a_one_character_quote_is_one_code_point() -> None:
    import pytest
    from pydantic import ValidationError
    from unit_helpers import make_annotation

    from annotations.format.model import Annotation

    data = make_annotation("Ab.", 0, 1, "a1").model_dump()
    data["end"] = 2
    with pytest.raises(ValidationError, match="quote is 1 code point long"):
        Annotation.model_validate(data)
