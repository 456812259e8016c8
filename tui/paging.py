"""Where paging lands: the rules of PgDn/PgUp and of keeping the cursor near the view.

Pure functions of rows and offsets (no Textual), so that they are tested on their own. A page
moves the view by a screen of visual rows wherever it is, a paragraph or a sentence taller than
the screen included; the cursor then goes to a sentence on the new screen.
"""

from __future__ import annotations

from typing import Protocol

Span = tuple[int, int]

PAGE_OVERLAP = 2
"""Rows of the previous screen still shown after a page (to keep one's place)."""


class Sentences(Protocol):
    """What the rules need of a document (``Document`` is one)."""

    def sentence_containing(self, offset: int) -> Span | None:
        """The sentence holding ``offset``, or the nearest one before it."""

    def next_sentence(self, offset: int) -> Span | None:
        """The first sentence starting after ``offset``."""


def page_top(top: int, height: int, total_rows: int, direction: int) -> int:
    """The first row shown after paging from ``top`` (``direction`` 1: down, -1: up).

    The view moves by ``height - PAGE_OVERLAP`` rows (at least one), and stops at the first row
    and at the last full screen; it returns ``top`` when it is already there.
    """
    step = max(1, height - PAGE_OVERLAP)
    if direction > 0:
        return min(top + step, max(top, total_rows - height))
    return max(0, min(top, top - step))


def sentence_in_view(document: Sentences, first: int, last: int) -> Span:
    """The sentence the cursor goes to on a screen showing the text from ``first`` to ``last``
    (offsets): the first sentence starting on it, else the one covering it all (a sentence
    taller than the screen)."""
    containing = document.sentence_containing(first) or (first, first)
    if containing[0] >= first:
        return containing
    following = document.next_sentence(first)
    if following is not None and following[0] < last:
        return following
    return containing


def overlaps_rows(span_rows: tuple[int, int], top: int, height: int) -> bool:
    """Whether rows ``span_rows`` (first and last, inclusive) share a row with the screen
    ``[top, top + height)``."""
    first, last = span_rows
    return first < top + height and last >= top
