"""Which rows of the document are on screen, and where a span's rows are against them.

A ``Viewport`` is the layout seen from one scroll position (no Textual), asked by the document
pane's motions whether the cursor is in view and whether a tall sentence goes on past the screen.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.paging import Span, overlaps_rows
from tui.wrapping import DocumentLayout


@dataclass(frozen=True)
class Viewport:
    """The rows ``top`` to ``top + height`` (exclusive) of a layout."""

    layout: DocumentLayout
    top: int
    height: int

    def offsets(self) -> Span | None:
        """The first and last text offsets on screen (None: no text is shown)."""
        rows = [self.layout.row_span(row) for row in range(self.top, self.top + self.height)]
        spans = [span for span in rows if span is not None and span[0] < span[1]]
        if not spans:
            return None
        return spans[0][0], spans[-1][1]

    def span_rows(self, span: Span) -> tuple[int, int]:
        """The first and last rows showing ``span``."""
        row_of_offset = self.layout.row_of_offset
        return row_of_offset(span[0]), row_of_offset(max(span[0], span[1] - 1))

    def shows(self, span: Span) -> bool:
        """Whether some row of ``span`` is on screen."""
        return overlaps_rows(self.span_rows(span), self.top, self.height)

    def shows_tall(self, span: Span) -> bool:
        """Whether a span taller than the screen is partly on it: the view then stays where it
        is (scrolling to the span's start would undo a page)."""
        first, last = self.span_rows(span)
        return last - first + 1 > self.height and self.shows(span)

    def tall_goes_on(self, span: Span, direction: int) -> bool:
        """Whether ``span`` is taller than the screen and goes on past its bottom
        (``direction`` 1) or its top (-1)."""
        if not self.shows_tall(span):
            return False
        first, last = self.span_rows(span)
        if direction > 0:
            return last >= self.top + self.height
        return first < self.top
