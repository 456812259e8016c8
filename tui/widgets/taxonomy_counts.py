"""The panel's counts: annotations per principle (with a bar where there is room) and per
recommendation."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget

from annotations.documents.display import display_safe

if TYPE_CHECKING:
    from collections import Counter

    from annotations.format.model import AnnotationFile

BAR_WIDTH = 10
NO_RECOMMENDATIONS = "No recommendations yet: select one and press R."
"""The hint in place of the recommendations (wrapped to the panel's width)."""
"""The longest count bar."""
MIN_BAR_WIDTH = 3
"""A bar shorter than this says nothing: the principle's name gets the room instead."""


class TaxonomyCounts(Widget):
    """Each principle and recommendation with how many annotations carry it.

    Drawn line by line from strips built once per change (a tag toggle): updating a Static, or
    laying out a Rich table on every frame, would cost a visible part of the key's budget. Its
    height is its number of lines (``height: auto`` in app.tcss), laid out again only when that
    number changes.
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._counts: tuple[AnnotationFile, Counter[str], Counter[str]] | None = None
        self._lines: list[Strip] = []
        self._built_width = -1

    @property
    def plain(self) -> str:
        """The lines shown, without styles."""
        return "\n".join(strip.text.rstrip() for strip in self._lines)

    def show_counts(
        self,
        model: AnnotationFile,
        principle_counts: Counter[str],
        recommendation_counts: Counter[str],
    ) -> None:
        """Redraw the counts (annotations per principle and per recommendation)."""
        before = len(self._lines)
        self._counts = (model, principle_counts, recommendation_counts)
        self._build()
        self.refresh(layout=len(self._lines) != before)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """One line per principle and per row of recommendations, at this width."""
        return len(self._texts(width))

    def on_resize(self, event: events.Resize) -> None:
        """Lay the counts out again at the new width."""
        self._build()

    def _texts(self, width: int) -> list[Text]:
        if self._counts is None or width <= 0:
            return []
        model, principle_counts, recommendation_counts = self._counts
        return [
            *principle_lines(model, principle_counts, width),
            *recommendation_lines(model, recommendation_counts, width),
        ]

    def _build(self) -> None:
        width = self._built_width = self.size.width
        console = self.app.console
        base = self.rich_style
        self._lines = [
            Strip(line.render(console)).apply_style(base).adjust_cell_length(width, base)
            for line in self._texts(width)
        ]

    def render_line(self, y: int) -> Strip:
        """One line of the counts."""
        if self.size.width != self._built_width:  # drawn before the Resize event arrived
            self._build()
        if y < len(self._lines):
            return self._lines[y]
        return Strip.blank(self.size.width, self.rich_style)


def principle_lines(model: AnnotationFile, counts: Counter[str], width: int) -> list[Text]:
    """One line per principle: its key, its label, its count and, where the whole label leaves
    room for one, a bar scaled to the most used principle."""
    principles = model.taxonomy.principles
    labels = [display_safe(p.label, keep_newlines=False) for p in principles]
    count_width = max([1, *(len(str(counts[p.id])) for p in principles)])
    longest = max([1, *(Text(label).cell_len for label in labels)])
    fixed = 2 + 1 + count_width  # "1 " before the label, " 20" after it
    bar_width = min(BAR_WIDTH, width - fixed - longest - 1)
    if bar_width < MIN_BAR_WIDTH:
        bar_width = 0
    label_width = max(1, min(longest, width - fixed - (bar_width + 1 if bar_width else 0)))
    most = max([1, *counts.values()])
    lines = []
    for number, (principle, label_text) in enumerate(zip(principles, labels, strict=True), 1):
        count = counts[principle.id]
        label = Text(label_text, style=Style(color=principle.color, bold=True), no_wrap=True)
        label.truncate(label_width, overflow="ellipsis", pad=True)
        line = Text(str(number) if number <= 9 else " ", style="bold", no_wrap=True)
        line.append(" ")
        line.append_text(label)
        line.append(f" {count:>{count_width}}")
        if bar_width:
            filled = round(bar_width * count / most)
            line.append(" ")
            line.append("█" * filled, style=Style(color=principle.color))
            line.append("░" * (bar_width - filled), style="dim")
        lines.append(line)
    return lines


def recommendation_lines(model: AnnotationFile, counts: Counter[str], width: int) -> list[Text]:
    """The recommendations with their counts, in columns of equal width, row by row."""
    if not model.taxonomy.recommendations:
        return [
            Text(line, style="dim italic", no_wrap=True)
            for line in textwrap.wrap(NO_RECOMMENDATIONS, max(1, width))
        ]
    items = []
    for recommendation in model.taxonomy.recommendations:
        count = counts[recommendation.id]
        item = Text(
            display_safe(recommendation.id, keep_newlines=False),
            style="bold" if count else "dim",
            no_wrap=True,
        )
        item.append(f" {count}", style="" if count else "dim")
        items.append(item)
    cell = min(width, max(item.cell_len for item in items))
    per_row = max(1, (width + 2) // (cell + 2))
    lines = []
    for first in range(0, len(items), per_row):
        line = Text(no_wrap=True)
        for item in items[first : first + per_row]:
            if line:
                line.append("  ")
            item.truncate(cell, overflow="ellipsis", pad=True)
            line.append_text(item)
        lines.append(line)
    return lines
