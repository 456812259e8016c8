"""The document pane: a Line API view of the text with annotations, cursor and selection.

Rows are drawn one at a time by ``render_line`` from the wrapped paragraph they fall in and kept
in an LRU cache; a change refreshes only the rows it touches. Paragraph heights start as
estimates and are made exact for what is on screen, the rest in a thread worker. The text is
always passed through ``display_safe`` and into ``rich.text.Text`` objects, never markup, so
escape sequences, control characters and ``[bold]`` in a document are shown literally.
"""

from __future__ import annotations

import re
import time
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from itertools import chain, pairwise
from typing import TYPE_CHECKING, ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events, work
from textual.actions import SkipAction
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.color import Color
from textual.geometry import Size
from textual.reactive import var
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.worker import get_current_worker

from annotations.documents.display import display_safe
from annotations.documents.document import Document
from annotations.documents.words import snap_to_words
from tui.messages import Span
from tui.paging import overlaps_rows, page_top, sentence_in_view
from tui.widgets.style_cache import StyleCache
from tui.wrapping import DocumentLayout

if TYPE_CHECKING:
    from annotations.format.model import Annotation
    from annotations.session.editing import AnnotationSet

GUTTER = 2
_WORD = re.compile(r"\w[\w’'\-]*|[^\w\s]+")
_WORKER_CHUNK = 100
_PREFETCH_CHUNK = 8  # rows drawn ahead per step (~0.3 ms), so that a key waits at most one step


class DocumentView(ScrollView, can_focus=True):
    """The document, soft-wrapped, with tagged passages, the cursor sentence and the selection."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "j,down",
            "move('sentence', 1)",
            "Next sentence",
            id="document.next_sentence",
            show=False,
        ),
        Binding(
            "k,up",
            "move('sentence', -1)",
            "Previous sentence",
            id="document.previous_sentence",
            show=False,
        ),
        Binding(
            "J,right_curly_bracket",
            "move('paragraph', 1)",
            "Next paragraph",
            id="document.next_paragraph",
            show=False,
        ),
        Binding(
            "K,left_curly_bracket",
            "move('paragraph', -1)",
            "Previous paragraph",
            id="document.previous_paragraph",
            show=False,
        ),
        Binding("w", "move('word', 1)", "Next word", id="document.next_word", show=False),
        Binding("b", "move('word', -1)", "Previous word", id="document.previous_word", show=False),
        Binding("pagedown,space", "page(1)", "Page down", id="document.page_down", show=False),
        Binding("pageup", "page(-1)", "Page up", id="document.page_up", show=False),
        Binding("g,home", "edge(-1)", "Start", id="document.start", show=False),
        Binding("G,end", "edge(1)", "End", id="document.end", show=False),
        Binding(
            "shift+down",
            "extend('sentence', 1)",
            "Extend selection by a sentence",
            id="document.extend_sentence_down",
            show=False,
        ),
        Binding(
            "shift+up",
            "extend('sentence', -1)",
            "Extend selection back by a sentence",
            id="document.extend_sentence_up",
            show=False,
        ),
        Binding(
            "shift+right",
            "extend('word', 1)",
            "Extend selection by a word",
            id="document.extend_word_right",
            show=False,
        ),
        Binding(
            "shift+left",
            "extend('word', -1)",
            "Extend selection back by a word",
            id="document.extend_word_left",
            show=False,
        ),
        Binding(
            "v",
            "toggle_select_mode",
            "Select",
            id="document.select_mode",
            tooltip="Start a selection; motions then extend it",
            show=False,
        ),
        Binding(
            "escape",
            "clear_selection",
            "Clear selection",
            id="document.clear_selection",
            show=False,
        ),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "document-view--heading",
        "document-view--heading-marker",
        "document-view--cursor",
        "document-view--selection",
        "document-view--search",
        "document-view--search-current",
        "document-view--stale",
        "document-view--recommendation",
        "document-view--gutter",
        "document-view--selection-head",
    }

    position: var[tuple[Span, Span | None]] = var(((0, 0), None), always_update=True, init=False)
    """(cursor, selection), set on every cursor move.

    The main screen watches it (``watch``), which runs its watcher synchronously: the panel
    follows the cursor in the same frame as the document. A bubbling message reached the
    screen only after the document's frame, so the panel's change took a second frame, one
    screen-update tick (~17 ms at 60 fps) or more later.
    """

    def __init__(
        self, document: Document, annotations: AnnotationSet | None = None, *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.document = document
        self.annotations = annotations
        """None until the annotation file is loaded (the text is shown before it)."""
        self.layout_: DocumentLayout | None = None
        self._strips: LRUCache[int, Strip] = LRUCache(1024)
        self.cursor: Span = document.sentence_containing(0) or (0, 0)
        self.selection_anchor: Span | None = None
        self.select_mode = False
        self.search_starts: list[int] = []
        self.search_ends: list[int] = []
        self.current_match: Span | None = None
        """The search match last gone to (drawn apart from the other hits; not a selection)."""
        self.stale_ids: set[str] = set()
        self._styles: dict[tuple[str, ...], Style] = {}
        # The widget's own style and its component styles, kept until the CSS changes: Textual
        # recomputes rich_style on every call (walking the ancestors) and drops its component
        # style cache on every refresh, which was about half the cost of drawing a row.
        self._style_cache = StyleCache(self)
        self._prefetch_generation = 0
        self._principle_colors: dict[str, Color] = {}
        self._dragging = False
        self.refresh_principle_colors()

    # --- state pushed down by the main screen -----------------------------------------------

    @property
    def selected_span(self) -> Span | None:
        """The selected span, if a selection is active."""
        if self.selection_anchor is None:
            return None
        return min(self.selection_anchor[0], self.cursor[0]), max(
            self.selection_anchor[1], self.cursor[1]
        )

    def show_annotations(self, annotations: AnnotationSet) -> None:
        """Draw these annotations (once the annotation file is loaded)."""
        waiting = self.annotations is None
        self.annotations = annotations
        self.refresh_principle_colors()
        if waiting and self.layout_ is not None:  # the exact heights waited for the annotations
            self._wrap_rest(self.layout_)

    def refresh_principle_colors(self) -> None:
        """Re-read the principle colours from the taxonomy."""
        principles = self.annotations.model.taxonomy.principles if self.annotations else []
        self._principle_colors = {p.id: Color.parse(p.color) for p in principles}
        self._styles.clear()
        self._strips.clear()
        self.refresh()

    def set_search(self, starts: list[int], ends: list[int]) -> None:
        """Highlight search matches (sorted, non-overlapping spans)."""
        self.search_starts, self.search_ends = starts, ends
        self.current_match = None
        self._strips.clear()
        self.refresh()

    def go_to_match(self, match: Span) -> None:
        """Move the cursor to the sentence holding a search match and mark the match as the
        current one. The match is not selected: edits apply to the sentence, as after ``j``."""
        old = self.current_match
        self.current_match = match
        self.invalidate_span(old)
        self.invalidate_span(match)
        self.set_cursor(self.sentence_containing(match[0]), anchor=None)
        self.scroll_to_offset(match[0])

    def invalidate_span(self, span: Span | None) -> None:
        """Redraw the rows showing ``span`` (after an edit)."""
        if span is None or self.layout_ is None:
            return
        first = self.layout_.row_of_offset(span[0])
        last = self.layout_.row_of_offset(max(span[0], span[1] - 1))
        for row in range(first, last + 1):
            self._strips.discard(row)
        self.refresh_lines(first, last - first + 1)

    # --- cursor and selection ------------------------------------------------------------------

    def set_cursor(
        self, cursor: Span, *, anchor: Span | bool | None = False, center: bool = False
    ) -> None:
        """Move the cursor (and set the anchor, unless ``anchor`` is False), keeping it visible."""
        old = self._marked_span()
        self.cursor = cursor
        if anchor is not False:
            self.selection_anchor = anchor if isinstance(anchor, tuple) else None
            if self.selection_anchor is None:
                self.select_mode = False
        new = self._marked_span()
        self.invalidate_span(old)
        self.invalidate_span(new)
        if center or not self._tall_span_in_view(cursor):
            self.scroll_to_offset(cursor[0], center=center)
        self._schedule_prefetch()
        self.position = (self.cursor, self.selected_span)

    def _marked_span(self) -> Span:
        selection = self.selected_span
        if selection is None:
            return self.cursor
        return min(selection[0], self.cursor[0]), max(selection[1], self.cursor[1])

    def scroll_to_offset(self, offset: int, *, center: bool = False) -> None:
        """Scroll so that the row holding ``offset`` is visible."""
        if self.layout_ is None:
            return
        row = self.layout_.row_of_offset(offset)
        height = max(1, self.scrollable_content_region.height)
        top = int(self.scroll_offset.y)
        if center or row < top or row >= top + height:
            target = max(0, row - height // 3)
            # force: before the first layout pass the scrollbar is not yet "shown", and Textual
            # would ignore the scroll (the restored reading position stayed off screen).
            self.scroll_to(y=target, animate=False, immediate=True, force=True)

    def sentence_containing(self, offset: int) -> Span:
        """The sentence holding ``offset`` (or the nearest one before it)."""
        return self.document.sentence_containing(offset) or (0, 0)

    def word_at(self, offset: int) -> Span:
        """The word at ``offset`` (all of it, when ``offset`` is inside one), or just after it."""
        begin = max(min(offset, self.sentence_containing(offset)[0]), offset - 256, 0)
        for match in _WORD.finditer(self.document.text, begin):
            if match.end() > offset:
                return match.start(), match.end()
        return self.sentence_containing(offset)

    def _next_unit(self, unit: str, direction: int) -> Span:
        position = self.cursor[0]
        if unit == "sentence":
            found = (
                self.document.next_sentence(position)
                if direction > 0
                else self.document.previous_sentence(position)
            )
            return found or self.cursor
        if unit == "paragraph":
            starts = self.document.paragraph_starts
            index = (
                bisect_right(starts, position)
                if direction > 0
                else bisect_left(starts, position) - 1
            )
            if not 0 <= index < len(starts):
                return self.cursor
            return self.sentence_containing(starts[index])
        text = self.document.text
        if direction > 0:
            first = self.word_at(position)
            if first != self.cursor and first[0] >= position:
                return first  # from a sentence, the first word inside it
            match = _WORD.search(text, max(self.cursor[1], position + 1))
            return (match.start(), match.end()) if match else self.cursor
        previous = None
        for match in _WORD.finditer(text, max(0, position - 400), position):
            previous = match
        return (previous.start(), previous.end()) if previous else self.cursor

    def action_move(self, unit: str, direction: int) -> None:
        """Move the cursor by a sentence, paragraph or word (extending in select mode); with
        the cursor scrolled off screen, to a sentence on the screen first."""
        if not self._cursor_in_view():
            self._move_into_view()
            return
        if unit == "sentence" and self._tall_cursor_goes_on(direction):
            self.action_page(direction)  # read on through it rather than jump past it
            return
        target = self._next_unit(unit, direction)
        self.set_cursor(target, anchor=self.selection_anchor if self.select_mode else None)

    def action_extend(self, unit: str, direction: int) -> None:
        """Extend the selection by a sentence or a word."""
        if self.selection_anchor is None:
            if unit == "word":
                first = self.word_at(self.cursor[0])
                self.set_cursor(first, anchor=first)
                return
            self.selection_anchor = self.cursor
        self.set_cursor(self._next_unit(unit, direction), anchor=self.selection_anchor)

    def action_toggle_select_mode(self) -> None:
        """Start (or stop) a selection that the motions extend."""
        if self.select_mode:
            self.select_mode = False
            self.set_cursor(self.cursor, anchor=None)
        else:
            self.select_mode = True
            self.set_cursor(self.cursor, anchor=self.cursor)

    def action_clear_selection(self) -> None:
        """Drop the selection; without one, leave Esc to the screen (it ends a review)."""
        if self.selection_anchor is None:
            raise SkipAction()
        self.set_cursor(self.cursor, anchor=None)

    def action_page(self, direction: int) -> None:
        """Move the view a screen of rows up or down (``paging.page_top``), wherever it is, and
        the cursor to a sentence on the new screen (``paging.sentence_in_view``)."""
        if self.layout_ is None:
            return
        height = max(1, self.scrollable_content_region.height)
        top = int(self.scroll_offset.y)
        new_top = page_top(top, height, self.layout_.total_rows, direction)
        if new_top == top:  # already on the first or last screen: go to the edge
            self.action_edge(direction)
            return
        self.scroll_to(y=new_top, animate=False, immediate=True)
        self._move_into_view()

    def _view_offsets(self) -> tuple[int, int] | None:
        """The first and last text offsets on screen (None: no text is shown)."""
        layout = self.layout_
        if layout is None:
            return None
        top = int(self.scroll_offset.y)
        height = max(1, self.scrollable_content_region.height)
        rows = [layout.row_span(row) for row in range(top, top + height)]
        spans = [span for span in rows if span is not None and span[0] < span[1]]
        if not spans:
            return None
        return spans[0][0], spans[-1][1]

    def _cursor_in_view(self) -> bool:
        """Whether some row of the cursor's span is on screen."""
        if self.layout_ is None:
            return True
        return self._span_in_view(self.cursor)

    def _span_rows(self, span: Span) -> tuple[int, int]:
        assert self.layout_ is not None
        return (
            self.layout_.row_of_offset(span[0]),
            self.layout_.row_of_offset(max(span[0], span[1] - 1)),
        )

    def _span_in_view(self, span: Span) -> bool:
        height = max(1, self.scrollable_content_region.height)
        return overlaps_rows(self._span_rows(span), int(self.scroll_offset.y), height)

    def _tall_span_in_view(self, span: Span) -> bool:
        """Whether a span taller than the screen is partly on it: the view then stays where it
        is (scrolling to the span's start would undo a page)."""
        if self.layout_ is None:
            return False
        first, last = self._span_rows(span)
        height = max(1, self.scrollable_content_region.height)
        return last - first + 1 > height and self._span_in_view(span)

    def _tall_cursor_goes_on(self, direction: int) -> bool:
        """Whether the cursor is a sentence taller than the screen that goes on past its bottom
        (``direction`` 1) or its top (-1)."""
        if self.layout_ is None or not self._tall_span_in_view(self.cursor):
            return False
        first, last = self._span_rows(self.cursor)
        top = int(self.scroll_offset.y)
        if direction > 0:
            return last >= top + max(1, self.scrollable_content_region.height)
        return first < top

    def _move_into_view(self) -> None:
        """Put the cursor on a sentence of the screen as it is (after paging or scrolling)."""
        shown = self._view_offsets()
        if shown is None:
            return
        target = sentence_in_view(self.document, *shown)
        self.set_cursor(target, anchor=self.selection_anchor if self.select_mode else None)

    def action_edge(self, direction: int) -> None:
        """Go to the start or the end of the document."""
        document = self.document
        target = self.sentence_containing(0 if direction < 0 else max(0, document.length - 1))
        self.set_cursor(target, anchor=self.selection_anchor if self.select_mode else None)

    # --- mouse ---------------------------------------------------------------------------------

    def offset_at(self, x: int, y: int) -> int | None:
        """The text offset under the content coordinates (x, y)."""
        if self.layout_ is None:
            return None
        span = self.layout_.row_span(int(self.scroll_offset.y) + y)
        if span is None:
            return None
        column = x - GUTTER
        start, end = span
        used = 0
        for index, char in enumerate(display_safe(self.document.text[start:end])):
            used += Text(char).cell_len
            if used > column:
                return start + index
        return max(start, end - 1) if end > start else start

    def on_mouse_down(self, event: events.MouseDown) -> None:
        """Place the cursor at the sentence clicked; start a drag selection."""
        offset = self.offset_at(event.x, event.y)
        if offset is None:
            return
        self.focus()
        self._drag_origin = self._drag_word(offset)
        self._dragging = True
        self.capture_mouse()
        self.set_cursor(self.sentence_containing(offset), anchor=None)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        """Extend the selection while dragging, by whole words (``words.snap_to_words``)."""
        if not self._dragging:
            return
        offset = self.offset_at(event.x, event.y)
        if offset is None:
            return
        word = self._drag_word(offset)
        if word != self._drag_origin or self.selection_anchor is not None:
            self.set_cursor(word, anchor=self._drag_origin)

    def _drag_word(self, offset: int) -> Span:
        """The whole word (brackets and quotes included) under the mouse; on a space, the
        next word."""
        text = self.document.text
        if offset < len(text) and text[offset].isspace():
            offset = self.word_at(offset)[0]
        return snap_to_words(text, offset, min(offset + 1, len(text)))

    def on_mouse_up(self, event: events.MouseUp) -> None:
        """End a drag."""
        if self._dragging:
            self._dragging = False
            self.release_mouse()

    # --- layout --------------------------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        """Re-wrap at the new width, keeping the cursor in view."""
        width = max(8, self.scrollable_content_region.width - GUTTER)
        if self.layout_ is not None and self.layout_.width == width:
            self._prepare_viewport()
            return
        self.layout_ = DocumentLayout(self.document, width)
        self._strips.clear()
        self._prepare_viewport()
        self.scroll_to_offset(self.cursor[0], center=True)
        self._prepare_viewport()
        # after the frame (the worker would take the GIL from drawing it), and not while the
        # annotations load (it would halve the speed of loading them)
        if self.annotations is not None:
            self.call_after_refresh(self._wrap_rest, self.layout_)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        """Make the rows coming into view exact before they are drawn."""
        super().watch_scroll_y(old_value, new_value)
        self._prepare_viewport()
        self._schedule_prefetch()

    def _prepare_viewport(self) -> None:
        layout = self.layout_
        if layout is None:
            return
        top = int(self.scroll_offset.y)
        height = max(1, self.scrollable_content_region.height)
        before = layout.total_rows
        layout.ensure_exact(top, top + height)
        if layout.total_rows != before:
            self._strips.clear()
        self.virtual_size = Size(self.scrollable_content_region.width, layout.total_rows)

    @work(thread=True, exclusive=True, group="wrap")
    def _wrap_rest(self, layout: DocumentLayout) -> None:
        """Compute the exact height of every paragraph off the UI thread.

        The results are applied once, at the end: each change of the view's height re-lays out
        the screen. Between small batches the worker sleeps a moment, so that it takes the GIL
        from the UI thread as little as possible while the user reads and types.
        """
        worker = get_current_worker()
        results: list[tuple[int, list[int]]] = []
        for first in range(0, layout.paragraph_count, _WORKER_CHUNK):
            if worker.is_cancelled or layout is not self.layout_:
                return
            stop = min(first + _WORKER_CHUNK, layout.paragraph_count)
            results.append((first, layout.exact_counts(range(first, stop))))
            time.sleep(0.001)
        if not worker.is_cancelled:
            self.app.call_from_thread(self._apply_all_counts, layout, results)

    def _apply_all_counts(
        self, layout: DocumentLayout, results: list[tuple[int, list[int]]]
    ) -> None:
        """Record the worker's heights, keeping the paragraph at the top of the view in place."""
        if layout is not self.layout_:
            return
        top_paragraph, within = layout.locate(int(self.scroll_offset.y))
        before = layout.total_rows
        for first, counts in results:
            for paragraph, count in enumerate(counts, start=first):
                if not layout.exact[paragraph]:  # shown paragraphs were wrapped exactly already
                    layout.apply_counts(paragraph, [count])
        if layout.total_rows != before:
            self._strips.clear()
            self.virtual_size = Size(self.scrollable_content_region.width, layout.total_rows)
            self.scroll_to(
                y=layout.row_starts[top_paragraph] + within, animate=False, immediate=True
            )
            self.refresh()

    # --- drawing -------------------------------------------------------------------------------

    def _schedule_prefetch(self) -> None:
        """After the next frame, draw the rows a screen above and below the view.

        A motion that leaves the view scrolls by up to a screen; its frame then finds those
        rows drawn (they were most of the cost of a scrolling frame, ~30 rows at ~80 us).
        """
        if self.is_attached:
            self._prefetch_generation += 1
            self.call_after_refresh(self._prefetch, self._prefetch_generation)

    def _prefetch(self, generation: int) -> None:
        """Draw a few of the rows around the view that are not drawn yet, then yield."""
        layout = self.layout_
        # Only once every paragraph's height is exact: wrapping one above the view would
        # otherwise move the rows under the strips already drawn.
        if generation != self._prefetch_generation or layout is None or not layout.complete:
            return
        top = int(self.scroll_offset.y)
        height = max(1, self.scrollable_content_region.height)
        width = self.scrollable_content_region.width
        below = range(top + height, min(layout.total_rows, top + 2 * height))
        above = range(top - 1, max(-1, top - height - 1), -1)
        strips = self._strips
        drawn = 0
        for row in chain(below, above):
            if strips.get(row) is None:
                strips[row] = self._render_row(row, width)
                drawn += 1
                if drawn == _PREFETCH_CHUNK:
                    self.call_later(self._prefetch, generation)  # a waiting key goes first
                    return

    def render_line(self, y: int) -> Strip:
        """Draw one screen row."""
        row = int(self.scroll_offset.y) + y
        strip = self._strips.get(row)
        if strip is None:
            strip = self._render_row(row, self.scrollable_content_region.width)
            self._strips[row] = strip
        return strip

    def notify_style_update(self) -> None:
        """The CSS changed (a theme, a pseudo-class): forget the styles kept for drawing."""
        super().notify_style_update()
        self._style_cache.clear()

    def _render_row(self, row: int, width: int) -> Strip:
        base = self._style_cache.base
        layout = self.layout_
        span = layout.row_span(row) if layout is not None else None
        if span is None or span[0] == span[1]:
            return Strip.blank(width, base)
        start, end = span
        text = Text(display_safe(self.document.text[start:end]), style=base, no_wrap=True, end="")
        paragraph = self.document.paragraph_at(start)
        if self.document.is_heading(paragraph):
            text.stylize(self._style_cache.component("document-view--heading"))
            marker = len(text.plain) - len(text.plain.lstrip("# "))
            if start == self.document.paragraph_starts[paragraph] and marker:
                text.stylize(
                    self._style_cache.component("document-view--heading-marker"),
                    0,
                    marker,
                )
        annotations = self.annotations.overlapping(start, end) if self.annotations else []
        if annotations:
            self._stylize_annotations(text, start, end, annotations)
        self._stylize_spans(
            text, start, end, self._search_hits(start, end), "document-view--search"
        )
        if self.current_match is not None:
            self._stylize_spans(
                text, start, end, [self.current_match], "document-view--search-current"
            )
        selection = self.selected_span
        if selection is not None:
            self._stylize_spans(text, start, end, [selection], "document-view--selection")
            self._stylize_spans(text, start, end, [self.cursor], "document-view--selection-head")
        else:
            self._stylize_spans(text, start, end, [self.cursor], "document-view--cursor")
        segments = [*self._gutter(annotations), *text.render(self.app.console)]
        return Strip(segments).apply_style(base).adjust_cell_length(width, base)

    def _gutter(self, annotations: list[Annotation]) -> Iterable[Segment]:
        style = self._style_cache.component("document-view--gutter")
        if not annotations:
            return [Segment(" " * GUTTER, style)]
        first = annotations[0]
        if first.id in self.stale_ids:
            color = self._style_cache.component("document-view--stale").bgcolor
        else:
            color = self._color_of(first).rich_color
        mark = "▌" if len(annotations) > 1 else "▎"
        return [Segment(mark, style + Style(color=color)), Segment(" " * (GUTTER - 1), style)]

    def _color_of(self, annotation: Annotation) -> Color:
        for principle in annotation.principles:
            color = self._principle_colors.get(principle)
            if color is not None:
                return color
        recommendation = self._style_cache.component("document-view--recommendation").bgcolor
        return Color.from_rich_color(recommendation) if recommendation else Color(128, 128, 128)

    def _stylize_annotations(
        self, text: Text, start: int, end: int, annotations: list[Annotation]
    ) -> None:
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
                text.stylize(self._annotation_style(covering), left - start, right - start)

    def _annotation_style(self, covering: list[Annotation]) -> Style:
        key = tuple(
            ("!" if a.id in self.stale_ids else "") + (a.principles[0] if a.principles else "")
            for a in covering
        )
        style = self._styles.get(key)
        if style is None:
            if any(k.startswith("!") for k in key):
                style = self._style_cache.component("document-view--stale")
            else:
                background = (
                    Color.from_rich_color(self._style_cache.base.bgcolor)
                    if self._style_cache.base.bgcolor
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

    def _search_hits(self, start: int, end: int) -> list[Span]:
        if not self.search_starts:
            return []
        low = max(0, bisect_right(self.search_starts, start) - 1)
        high = bisect_left(self.search_starts, end)
        return [
            (self.search_starts[i], self.search_ends[i])
            for i in range(low, high)
            if self.search_ends[i] > start
        ]

    def _stylize_spans(
        self, text: Text, start: int, end: int, spans: list[Span], component: str
    ) -> None:
        style: Style | None = None
        for span_start, span_end in spans:
            left, right = max(start, span_start), min(end, span_end)
            if left < right:
                style = style or self._style_cache.component(component)
                text.stylize(style, left - start, right - start)
