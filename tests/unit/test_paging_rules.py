"""The paging rules (``tui.paging``): a page moves by a screen of rows wherever it is."""

from __future__ import annotations

from bisect import bisect_right

from hypothesis import given
from hypothesis import strategies as st

from tui.paging import PAGE_OVERLAP, overlaps_rows, page_top, sentence_in_view


class Sentences:
    """Sentences given as consecutive spans."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = spans
        self.starts = [s for s, _e in spans]

    def sentence_containing(self, offset: int) -> tuple[int, int] | None:
        index = max(0, bisect_right(self.starts, offset) - 1)
        return self.spans[index]

    def next_sentence(self, offset: int) -> tuple[int, int] | None:
        index = bisect_right(self.starts, offset)
        return self.spans[index] if index < len(self.spans) else None


def test_a_page_moves_by_a_screen_less_the_overlap() -> None:
    assert page_top(0, 36, 10_000, 1) == 36 - PAGE_OVERLAP
    assert page_top(100, 36, 10_000, 1) == 100 + 36 - PAGE_OVERLAP
    assert page_top(100, 36, 10_000, -1) == 100 - 36 + PAGE_OVERLAP


def test_a_page_stops_at_the_edges() -> None:
    assert page_top(10, 36, 10_000, -1) == 0
    assert page_top(0, 36, 10_000, -1) == 0
    assert page_top(9_950, 36, 10_000, 1) == 10_000 - 36
    assert page_top(10_000 - 36, 36, 10_000, 1) == 10_000 - 36
    assert page_top(0, 36, 20, 1) == 0  # shorter than the screen: nowhere to go


@given(
    top=st.integers(0, 5_000),
    height=st.integers(1, 200),
    total=st.integers(0, 6_000),
    direction=st.sampled_from([1, -1]),
)
def test_a_page_always_moves_unless_at_an_edge(
    top: int, height: int, total: int, direction: int
) -> None:
    new = page_top(top, height, total, direction)
    if direction > 0:
        assert new >= top
        assert new > top or top >= total - height  # stuck only on the last screen
        assert new - top <= max(1, height - PAGE_OVERLAP)
    else:
        assert new <= top
        assert new < top or top == 0
        assert top - new <= max(1, height - PAGE_OVERLAP)
        assert new >= 0


def test_the_cursor_goes_to_the_first_sentence_starting_on_screen() -> None:
    document = Sentences([(0, 10), (11, 500), (501, 520), (521, 600)])
    assert sentence_in_view(document, 0, 50) == (0, 10)
    assert sentence_in_view(document, 5, 50) == (11, 500)  # (0, 10) started above the screen
    assert sentence_in_view(document, 300, 510) == (501, 520)


def test_a_sentence_taller_than_the_screen_is_the_cursor_while_it_fills_it() -> None:
    document = Sentences([(0, 10), (11, 5000), (5001, 5020)])
    assert sentence_in_view(document, 200, 400) == (11, 5000)
    assert sentence_in_view(document, 4900, 5010) == (5001, 5020)


def test_rows_overlap_the_screen() -> None:
    assert overlaps_rows((0, 100), 40, 36)  # a tall sentence covering the screen
    assert overlaps_rows((75, 80), 40, 36)
    assert not overlaps_rows((76, 80), 40, 36)
    assert not overlaps_rows((10, 39), 40, 36)
    assert overlaps_rows((10, 40), 40, 36)
