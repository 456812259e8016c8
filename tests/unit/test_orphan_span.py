"""An orphaned annotation is shown at the nearest whole sentences (``orphan_span``)."""

from __future__ import annotations

from pathlib import Path

from annotations.documents.document import Document
from annotations.exchange.orphan_span import orphan_span

TEXT = (
    "The answer is not, for the most part, about technology. Eastmere does not lack clever "
    "systems or capable people. What it lacks is a habit of working together.\n\nNext one.\n"
)


def _document() -> Document:
    return Document(TEXT, path=Path("d.md"))


def _shown(start: int, end: int) -> str:
    span = orphan_span(_document(), start, end)
    return TEXT[span[0] : span[1]]


def test_a_span_cutting_words_is_shown_as_the_sentence_it_mostly_covers() -> None:
    start = TEXT.index("hnology.")
    end = TEXT.index("system") + len("system")
    assert TEXT[start:end] == "hnology. Eastmere does not lack clever system"
    assert _shown(start, end) == "Eastmere does not lack clever systems or capable people."


def test_sentences_mostly_covered_at_both_edges_are_kept() -> None:
    start = TEXT.index("is not, for")
    end = TEXT.index("working") + 3
    assert _shown(start, end) == TEXT[: TEXT.index("\n")]


def test_a_small_piece_of_one_sentence_gives_that_sentence() -> None:
    start = TEXT.index("clever")
    assert _shown(start, start + 3) == "Eastmere does not lack clever systems or capable people."


def test_empty_and_out_of_range_spans() -> None:
    assert _shown(TEXT.index("Next"), TEXT.index("Next")) == "Next one."
    assert _shown(len(TEXT) + 50, len(TEXT) + 90) == "Next one."
    empty = Document("", path=Path("e.md"))
    assert orphan_span(empty, 3, 9) == (0, 0)
