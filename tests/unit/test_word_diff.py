"""The word diff of the review bar: which words changed, and both lines fitted around them."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from annotations.exchange.word_diff import ELLIPSIS, Segment, fit, flatten, width_of, word_diff

OLD = "In our survey, 68 per cent of residents said they had been asked for information twice."
NEW = "In our 2025 survey, seventy per cent of the residents said they had been asked for information twice."


def changed(segments: list[Segment]) -> list[str]:
    return [s.text for s in segments if s.changed]


def test_the_changed_words_are_marked_on_each_side() -> None:
    before, after = word_diff(OLD, NEW)
    assert "".join(s.text for s in before) == OLD
    assert "".join(s.text for s in after) == NEW
    assert changed(before) == ["68"]
    assert changed(after) == ["2025", "seventy", "the"]


def test_identical_texts_have_no_change() -> None:
    before, after = word_diff("Same words  here.", "Same words\nhere.")
    assert before == after == [Segment("Same words here.", False)]


def test_a_long_fuzzy_pair_fits_and_keeps_the_changes_visible() -> None:
    padding = "The government should act on this without delay and report each year. " * 4
    before, after = word_diff(padding + OLD + " " + padding, padding + NEW + " " + padding)
    for side, words in ((before, ["68"]), (after, ["seventy"])):
        short = fit(side, 100)
        assert width_of(short) <= 100
        text = "".join(s.text for s in short)
        assert text.startswith(ELLIPSIS)
        assert text.endswith(ELLIPSIS)
        for word in words:
            assert word in "".join(changed(short))
    # The two lines no longer look identical once shortened.
    assert "".join(s.text for s in fit(before, 100)) != "".join(s.text for s in fit(after, 100))


def test_no_change_is_cut_in_the_middle() -> None:
    text = "word " * 50
    (short,) = fit([Segment(flatten(text), False)], 41)
    assert len(short.text) == 41
    assert ELLIPSIS in short.text


words = st.lists(st.sampled_from(["a", "bb", "ccc", "the", "[b]", "x\x1b"]), max_size=30)


@given(words, words, st.integers(min_value=10, max_value=200))
def test_sides_rebuild_their_text_and_fitting_never_cuts_a_change(
    old: list[str], new: list[str], width: int
) -> None:
    before, after = word_diff(" ".join(old), " ".join(new))
    assert "".join(s.text for s in before) == " ".join(old)
    assert "".join(s.text for s in after) == " ".join(new)
    for side in (before, after):
        assert changed(fit(side, width)) == changed(side)
