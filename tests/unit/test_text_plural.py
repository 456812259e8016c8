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
