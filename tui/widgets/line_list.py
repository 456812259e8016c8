"""A list of lines with a cursor, drawn a line at a time (the Line API): the search results
and the project summary, whatever their length. The lines come from a ``LineSource``, asked
only for the lines on screen, at the width they are drawn."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Protocol

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.widgets.style_cache import StyleCache

SCREENS_KEPT = 2
"""The lines drawn kept: those of this many screens (the one shown and the one before), and
the line under the cursor drawn both ways."""

KEPT_MINIMUM = 32
"""At least this many lines drawn are kept."""


class LineSource(Protocol):
    """The lines to show: how many, and each at a width."""

    def __len__(self) -> int:
        """How many lines there are."""
        ...

    def line(self, index: int, width: int) -> Text:
        """The line ``index``, laid out for ``width`` cells."""
        ...


class LineList(ScrollView, can_focus=True, inherit_bindings=False):
    """Lines from a source, one under the cursor; Enter (the screen's binding) or a click
    chooses it. The screen moves the cursor (its keys: ``↑``/``↓`` are not the scroll view's)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "scroll_left", "Scroll left", id="lines.left", show=False),
        Binding("right", "scroll_right", "Scroll right", id="lines.right", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "line-list--cursor",
        "line-list--empty",
        "line-list--match",
        "line-list--title",
        "line-list--heading",
        "line-list--quote",
        "line-list--matrix",
        "line-list--document",
    }
    """The cursor, the text shown when empty, and the kinds of line a source may ask for
    (``style``)."""

    @dataclass
    class Chosen(Message):
        """A line was clicked."""

        index: int

    def __init__(self, source: LineSource, *, width: int = 0, id: str | None = None) -> None:
        super().__init__(id=id)
        self.source = source
        self.cursor = 0
        self.content_width = width
        """The widest line (for scrolling sideways); 0: the view's width."""
        self.empty_text = ""
        self._styles = StyleCache(self)
        self._strips: LRUCache[tuple[int, bool, int, int], Strip] = LRUCache(KEPT_MINIMUM)
        """Lines drawn, by (index, under the cursor, width, sideways scroll): moving the cursor
        redraws every line on screen, and each new ``Strip`` is garbage for the collector,
        whose full collections hold up the keys (``bench_corpus_search.py``). Sized to what
        is on screen (``SCREENS_KEPT``): each strip kept is a dozen objects it walks."""

    def style(self, kind: str) -> Style:
        """The style of a kind of text (``line-list--KIND`` in the stylesheet)."""
        return self._styles.component(f"line-list--{kind}")

    def notify_style_update(self) -> None:
        """The CSS changed: forget the styles kept."""
        super().notify_style_update()
        self._styles.clear()
        self._strips.clear()

    def replaced(self) -> None:
        """The source's lines are other lines now (not only more): draw them anew."""
        self._strips.clear()
        self.changed()

    def changed(self, width: int | None = None) -> None:
        """The source has more (or other) lines: size the view again and redraw it."""
        if width is not None:
            self.content_width = width
        self.virtual_size = Size(self.content_width, len(self.source))
        self.cursor = min(self.cursor, max(0, len(self.source) - 1))
        self.refresh()

    def move(self, delta: int) -> None:
        """Move the cursor by ``delta`` lines (clamped) and keep it in view."""
        self.go(self.cursor + delta)

    def go(self, index: int) -> None:
        """Put the cursor on line ``index`` (clamped) and keep it in view."""
        if not len(self.source):
            return
        self.cursor = min(max(index, 0), len(self.source) - 1)
        height = max(1, self.scrollable_content_region.height)
        top = int(self.scroll_offset.y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True, force=True)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False, immediate=True, force=True)
        self.refresh()

    @property
    def page(self) -> int:
        """Lines in a page (PgUp/PgDn)."""
        return max(1, self.scrollable_content_region.height - 1)

    def on_resize(self, event: events.Resize) -> None:
        """Keep the virtual size in step, and the lines drawn of ``SCREENS_KEPT`` screens
        (those drawn at the width before are not drawn again)."""
        self._strips = LRUCache(max(KEPT_MINIMUM, SCREENS_KEPT * event.size.height + 2))
        self.changed()

    def on_click(self, event: events.Click) -> None:
        """Choose the line clicked."""
        index = int(self.scroll_offset.y) + event.y
        if 0 <= index < len(self.source):
            self.go(index)
            self.post_message(self.Chosen(index))

    def render_line(self, y: int) -> Strip:
        """Draw one line (the cursor's highlighted when focused)."""
        index = int(self.scroll_offset.y) + y
        width = self.scrollable_content_region.width
        base = self._styles.base
        if index >= len(self.source):
            if index == 0 and self.empty_text:
                style = self.style("empty")
                text = Text(" " + self.empty_text, style=style, no_wrap=True, end="")
                return Strip(text.render(self.app.console)).adjust_cell_length(width, base)
            return Strip.blank(width, base)
        left = int(self.scroll_offset.x)
        cursor = index == self.cursor and self.has_focus
        key = (index, cursor, width, left)
        strip = self._strips.get(key)
        if strip is None:
            text = self.source.line(index, max(width, self.content_width))
            text.no_wrap, text.end = True, ""
            style = base + self.style("cursor") if cursor else base
            strip = Strip(text.render(self.app.console)).apply_style(style)
            if left:
                strip = strip.crop(left, left + width)
            strip = self._strips[key] = strip.adjust_cell_length(width, style)
        return strip

    def on_focus(self) -> None:
        """Show the cursor."""
        self.refresh()

    def on_blur(self) -> None:
        """Hide the cursor."""
        self.refresh()
