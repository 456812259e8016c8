"""The outline's list of headings: a Line API view that draws only the rows on screen.

An ``OptionList`` measures every option when it is filled (~100 ms for the 2,989 headings of
the 2016 appropriations act, on every key typed in the filter); this view costs the same for
ten headings or ten thousand.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip


class OutlineList(ScrollView, can_focus=False):
    """Rows of prepared labels, one highlighted; the outline screen filters and moves it."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"outline-list--highlight", "outline-list--empty"}

    @dataclass
    class Chosen(Message):
        """A row was clicked."""

        row: int

    def __init__(self, labels: list[Text], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.labels = labels
        self.rows: list[int] = []
        """The indexes (into ``labels``) shown, in order."""
        self.highlighted: int | None = None
        """The highlighted row (an index into ``rows``)."""
        self.empty_text = ""
        self._strips: LRUCache[tuple[int, bool, int], Strip] = LRUCache(256)

    def show(self, rows: list[int], highlighted: int | None, empty_text: str = "") -> None:
        """Show ``rows`` with ``highlighted`` in view (or ``empty_text`` when there are none)."""
        self.rows = rows
        self.empty_text = empty_text
        self.highlighted = highlighted if rows else None
        self.virtual_size = Size(self.size.width, max(1, len(rows)))
        self.scroll_to(y=0, animate=False, immediate=True)
        self._keep_in_view()
        self.refresh()

    def move(self, delta: int) -> None:
        """Move the highlight by ``delta`` rows (clamped)."""
        if not self.rows:
            return
        current = self.highlighted if self.highlighted is not None else 0
        self.highlighted = min(max(current + delta, 0), len(self.rows) - 1)
        self._keep_in_view()
        self.refresh()

    def _keep_in_view(self) -> None:
        if self.highlighted is None:
            return
        height = max(1, self.scrollable_content_region.height)
        top = int(self.scroll_offset.y)
        if self.highlighted < top:
            self.scroll_to(y=self.highlighted, animate=False, immediate=True, force=True)
        elif self.highlighted >= top + height:
            target = max(0, self.highlighted - height // 3)
            self.scroll_to(y=target, animate=False, immediate=True, force=True)

    def on_resize(self, event: events.Resize) -> None:
        """Keep the virtual width in step; the highlight stays in view."""
        self.virtual_size = Size(self.size.width, max(1, len(self.rows)))
        self._keep_in_view()

    def on_click(self, event: events.Click) -> None:
        """Choose the row clicked."""
        row = int(self.scroll_offset.y) + event.y
        if 0 <= row < len(self.rows):
            self.highlighted = row
            self.refresh()
            self.post_message(self.Chosen(row))

    def render_line(self, y: int) -> Strip:
        """Draw one row."""
        row = int(self.scroll_offset.y) + y
        width = self.scrollable_content_region.width
        base = self.rich_style
        if not self.rows:
            if y == 0 and self.empty_text:
                style = self.get_component_rich_style("outline-list--empty", partial=True)
                text = Text(" " + self.empty_text, style=style, no_wrap=True, overflow="ellipsis")
                text.truncate(width, overflow="ellipsis")
                return (
                    Strip(text.render(self.app.console))
                    .apply_style(base)
                    .adjust_cell_length(width, base)
                )
            return Strip.blank(width, base)
        if row >= len(self.rows):
            return Strip.blank(width, base)
        highlighted = row == self.highlighted
        key = (self.rows[row], highlighted, width)
        strip = self._strips.get(key)
        if strip is None:
            text = (
                Text(" ", no_wrap=True, overflow="ellipsis", end="") + self.labels[self.rows[row]]
            )
            text.truncate(width, overflow="ellipsis", pad=True)
            style = base
            if highlighted:
                style = base + self.get_component_rich_style(
                    "outline-list--highlight", partial=True
                )
            strip = Strip(text.render(self.app.console)).apply_style(style)
            strip = strip.adjust_cell_length(width, style)
            self._strips[key] = strip
        return strip
