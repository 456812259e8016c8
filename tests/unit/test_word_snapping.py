"""Snapping a dragged span to whole words (``annotations.documents.words``): a word is a run of
non-space characters, its brackets and quotes included; a trailing ``,`` ``;`` ``:`` is left
out unless the drag reached it."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from annotations.documents.words import SEPARATORS, is_word_end, is_word_start, snap_to_words

TEXT = "(a) For the purposes of this “Act”, the term [section 2] applies: see s. 3."


def _snap(start_word: str, end_word: str) -> str:
    """The text snapped from a drag between the middles of two pieces of TEXT."""
    start = TEXT.index(start_word) + len(start_word) // 2
    end = TEXT.index(end_word) + len(end_word) // 2 + 1
    return TEXT[slice(*snap_to_words(TEXT, start, end))]


def test_brackets_and_quotes_belong_to_their_word() -> None:
    assert _snap("(a)", "For") == "(a) For"
    assert _snap("a)", "For") == "(a) For"
    assert _snap(")", "purposes") == "(a) For the purposes"
    assert _snap("this", "Act") == "this “Act”"
    assert _snap("[section", "2]") == "[section 2]"


def test_a_trailing_separator_is_left_out_unless_dragged_over() -> None:
    assert _snap("the t", "applies") == "the term [section 2] applies"
    assert _snap("the t", "applies:") == "the term [section 2] applies"
    start = TEXT.index("the term")
    colon = TEXT.index("applies:") + len("applies")
    assert TEXT[slice(*snap_to_words(TEXT, start, colon + 1))] == "the term [section 2] applies:"


def test_a_span_already_on_word_boundaries_is_kept() -> None:
    start = TEXT.index("For")
    end = TEXT.index("purposes") + len("purposes")
    assert snap_to_words(TEXT, start, end) == (start, end)


def test_an_empty_text_and_its_edges() -> None:
    assert snap_to_words("", 0, 0) == (0, 0)
    assert snap_to_words("word", 0, 4) == (0, 4)
    assert snap_to_words("word", 1, 2) == (0, 4)


_TEXTS = st.text(alphabet=st.sampled_from("ab (a)[]“”\"'.,;: \n\t—"), max_size=60)


@st.composite
def _text_and_span(draw: st.DrawFn) -> tuple[str, int, int]:
    text = draw(_TEXTS)
    start = draw(st.integers(0, len(text)))
    end = draw(st.integers(start, len(text)))
    return text, start, end


@given(_text_and_span())
def test_the_snapped_span_contains_the_drag_and_ends_on_word_boundaries(
    case: tuple[str, int, int],
) -> None:
    text, start, end = case
    snapped_start, snapped_end = snap_to_words(text, start, end)
    assert snapped_start <= start <= end <= snapped_end
    # A drag starting (ending) on a space, or at the end (start) of the text, has nothing to snap.
    starts_on_space = start == len(text) or text[start].isspace()
    ends_on_space = end == 0 or text[end - 1].isspace()
    assert is_word_start(text, snapped_start) or (starts_on_space and snapped_start == start)
    assert is_word_end(text, snapped_end) or (ends_on_space and snapped_end == end)
    # Where it moved, it moved to the nearest boundary, never across a space.
    assert not any(c.isspace() for c in text[snapped_start:start])
    assert not any(c.isspace() for c in text[end:snapped_end])
    # A separator is added at the end only when it was dragged over.
    if snapped_end > end:
        assert text[snapped_end - 1] not in SEPARATORS


def test_boundaries() -> None:
    text = "(a) b,"
    assert is_word_start(text, 0)
    assert not is_word_start(text, 1)
    assert is_word_start(text, 4)
    assert is_word_end(text, 3)
    assert is_word_end(text, 5)  # before the comma
    assert is_word_end(text, 6)
    assert not is_word_end(text, 2)
