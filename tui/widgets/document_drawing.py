"""Drawing one row of the document pane: the text as shown, annotations, search, cursor.

A row shows a run of a paragraph's displayed characters (``DocumentLayout.row_display``: a
Markdown paragraph rendered and reflowed, any other as it is); every highlight is a span of the
source text, drawn on the columns that show it (``Columns``). The text passes through
``display_safe`` into ``rich.text.Text``, never markup, so escape sequences, control characters
and ``[bold]`` in a document are shown literally.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from itertools import pairwise
from typing import TYPE_CHECKING, Protocol

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.color import Color
from textual.strip import Strip

from annotations.documents.display import display_safe
from annotations.documents.markdown_display import DisplayMap
from tui.messages import Span
from tui.widgets.style_cache import StyleCache

if TYPE_CHECKING:
    from annotations.format.model import Annotation
    from annotations.session.editing import AnnotationSet
    from tui.wrapping import DocumentLayout

GUTTER = 2
"""Columns left of the text (the annotation mark)."""

COMPONENTS = {
    "document-view--heading",
    "document-view--heading-marker",
    "document-view--link",
    "document-view--emphasis",
    "document-view--strong",
    "document-view--code",
    "document-view--cursor",
    "document-view--selection",
    "document-view--search",
    "document-view--search-current",
    "document-view--stale",
    "document-view--recommendation",
    "document-view--gutter",
    "document-view--selection-head",
}
"""The document view's component classes: the styles of what a row shows (``tui/app.tcss``)."""


class DrawnState(Protocol):
    """What a row shows besides the text: the document view's state."""

    @property
    def annotations(self) -> AnnotationSet | None: ...
    @property
    def search_starts(self) -> list[int]: ...
    @property
    def search_ends(self) -> list[int]: ...
    @property
    def current_match(self) -> Span | None: ...
    @property
    def cursor(self) -> Span: ...
    @property
    def selected_span(self) -> Span | None: ...
    @property
    def stale_ids(self) -> set[str]: ...


class Columns:
    """The columns of a row (displayed characters ``first`` to ``last``) showing a source span."""

    def __init__(self, display: DisplayMap, first: int, last: int) -> None:
        self.display, self.first, self.last = display, first, last
        self.start, self.end = display.source_span(first, last)

    def of(self, start: int, end: int) -> tuple[int, int]:
        """The row's columns showing the source span ``start``-``end``."""
        column_of = self.display.column_of
        left = min(max(column_of(start), self.first), self.last)
        right = min(max(column_of(end), self.first), self.last)
        return left - self.first, right - self.first


class RowPainter:
    """Draws rows of the document view: its styles and principle colours, kept between rows."""

    def __init__(self, style_cache: StyleCache) -> None:
        self.style_cache = style_cache
        self.principle_colors: dict[str, Color] = {}
        self._styles: dict[tuple[str, ...], Style] = {}

    def set_principle_colors(self, colors: dict[str, Color]) -> None:
        """Use these principle colours (forgets the annotation styles mixed from the old ones)."""
        self.principle_colors = colors
        self._styles.clear()

    def render_row(
        self,
        layout: DocumentLayout | None,
        row: int,
        width: int,
        state: DrawnState,
        console: Console,
    ) -> Strip:
        """One screen row of the document, ``width`` cells wide."""
        base = self.style_cache.base
        shown = layout.row_display(row) if layout is not None else None
        if shown is None or shown[1] == shown[2]:
            return Strip.blank(width, base)
        display, first, last = shown
        columns = Columns(display, first, last)
        start, end = columns.start, columns.end
        text = Text(display_safe(display.text[first:last]), style=base, no_wrap=True, end="")
        for run_start, run_end, name in display.styles:
            left, right = max(first, run_start), min(last, run_end)
            if left < right:
                style = self.style_cache.component(f"document-view--{name}")
                text.stylize(style, left - first, right - first)
        annotations = state.annotations.overlapping(start, end) if state.annotations else []
        if annotations:
            self._stylize_annotations(text, columns, annotations, state.stale_ids)
        hits = _search_hits(state.search_starts, state.search_ends, start, end)
        self._stylize_spans(text, columns, hits, "document-view--search")
        if state.current_match is not None:
            self._stylize_spans(
                text, columns, [state.current_match], "document-view--search-current"
            )
        selection = state.selected_span
        if selection is not None:
            self._stylize_spans(text, columns, [selection], "document-view--selection")
            self._stylize_spans(text, columns, [state.cursor], "document-view--selection-head")
        else:
            self._stylize_spans(text, columns, [state.cursor], "document-view--cursor")
        segments = [*self._gutter(annotations, state.stale_ids), *text.render(console)]
        return Strip(segments).apply_style(base).adjust_cell_length(width, base)

    def _gutter(self, annotations: list[Annotation], stale_ids: set[str]) -> Iterable[Segment]:
        style = self.style_cache.component("document-view--gutter")
        if not annotations:
            return [Segment(" " * GUTTER, style)]
        first = annotations[0]
        if first.id in stale_ids:
            color = self.style_cache.component("document-view--stale").bgcolor
        else:
            color = self._color_of(first).rich_color
        mark = "▌" if len(annotations) > 1 else "▎"
        return [Segment(mark, style + Style(color=color)), Segment(" " * (GUTTER - 1), style)]

    def _color_of(self, annotation: Annotation) -> Color:
        for principle in annotation.principles:
            color = self.principle_colors.get(principle)
            if color is not None:
                return color
        recommendation = self.style_cache.component("document-view--recommendation").bgcolor
        return Color.from_rich_color(recommendation) if recommendation else Color(128, 128, 128)

    def _stylize_annotations(
        self, text: Text, columns: Columns, annotations: list[Annotation], stale_ids: set[str]
    ) -> None:
        start, end = columns.start, columns.end
        points = sorted(
            {
                start,
                end,
                *(max(start, a.start) for a in annotations),
                *(min(end, a.end) for a in annotations),
            }
        )
        for left, right in pairwise(points):
            covering = [a for a in annotations if a.start <= left < a.end]
            if covering:
                text.stylize(self._annotation_style(covering, stale_ids), *columns.of(left, right))

    def _annotation_style(self, covering: list[Annotation], stale_ids: set[str]) -> Style:
        key = tuple(
            ("!" if a.id in stale_ids else "") + (a.principles[0] if a.principles else "")
            for a in covering
        )
        style = self._styles.get(key)
        if style is None:
            if any(k.startswith("!") for k in key):
                style = self.style_cache.component("document-view--stale")
            else:
                background = (
                    Color.from_rich_color(self.style_cache.base.bgcolor)
                    if self.style_cache.base.bgcolor
                    else Color(0, 0, 0)
                )
                colors = [self._color_of(a) for a in covering]
                mixed = colors[0]
                for index, color in enumerate(colors[1:], start=2):
                    mixed = mixed.blend(color, 1 / index)
                style = Style(
                    bgcolor=mixed.blend(background, 0.45).rich_color, bold=len(covering) > 1
                )
            self._styles[key] = style
        return style

    def _stylize_spans(
        self, text: Text, columns: Columns, spans: list[Span], component: str
    ) -> None:
        style: Style | None = None
        for span_start, span_end in spans:
            left, right = max(columns.start, span_start), min(columns.end, span_end)
            if left < right:
                style = style or self.style_cache.component(component)
                text.stylize(style, *columns.of(left, right))


def _search_hits(starts: list[int], ends: list[int], start: int, end: int) -> list[Span]:
    """The search matches (sorted, non-overlapping) that touch ``start``-``end``."""
    if not starts:
        return []
    low = max(0, bisect_right(starts, start) - 1)
    high = bisect_left(starts, end)
    return [(starts[i], ends[i]) for i in range(low, high) if ends[i] > start]


def offset_at(layout: DocumentLayout | None, row: int, column: int) -> int | None:
    """The text offset shown at ``column`` of the text (gutter excluded) of screen ``row``:
    the source character under it, or the row's last one past its end."""
    shown = layout.row_display(row) if layout is not None else None
    if shown is None:
        span = layout.row_span(row) if layout is not None else None
        return None if span is None else span[0]
    display, first, last = shown
    used = 0
    for index, char in enumerate(display_safe(display.text[first:last])):
        used += Text(char).cell_len
        if used > column:
            return display.source_of(first + index)
    start, end = display.source_span(first, last)
    return max(start, end - 1) if end > start else start
