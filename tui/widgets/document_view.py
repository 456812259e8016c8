"""The document pane: a Line API view of the text with annotations, cursor and selection.

Rows are drawn one at a time by ``render_line`` from the wrapped paragraph they fall in and kept
in an LRU cache; a change refreshes only the rows it touches. Paragraph heights start as
estimates and are made exact for what is on screen, the rest in a thread worker. The text is
always passed through ``display_safe`` and into ``rich.text.Text`` objects, never markup, so
escape sequences, control characters and ``[bold]`` in a document are shown literally.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import chain
from typing import TYPE_CHECKING, ClassVar

from textual import events, work
from textual.actions import SkipAction
from textual.binding import BindingType
from textual.cache import LRUCache
from textual.color import Color
from textual.geometry import Size
from textual.reactive import var
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.worker import get_current_worker

from annotations.documents.document import Document
from annotations.documents.markdown_display import load_parser, parser_loaded
from tui.messages import Span
from tui.paging import page_top, sentence_in_view
from tui.viewport import Viewport
from tui.widgets.document_bindings import DOCUMENT_BINDINGS
from tui.widgets.document_drawing import COMPONENTS, GUTTER, RowPainter, offset_at
from tui.widgets.document_motions import drag_word, next_unit, word_at
from tui.widgets.style_cache import StyleCache
from tui.wrapping import DocumentLayout, shown_as_markdown

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

    from annotations.session.editing import AnnotationSet

_WORKER_CHUNK = 100
_PREFETCH_CHUNK = 8  # rows drawn ahead per step (~0.3 ms), so that a key waits at most one step


class DocumentView(ScrollView, can_focus=True):
    """The document, soft-wrapped, with tagged passages, the cursor sentence and the selection."""

    BINDINGS: ClassVar[list[BindingType]] = DOCUMENT_BINDINGS

    COMPONENT_CLASSES: ClassVar[set[str]] = COMPONENTS

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
        # The widget's own style and its component styles, kept until the CSS changes: Textual
        # recomputes rich_style on every call (walking the ancestors) and drops its component
        # style cache on every refresh, which was about half the cost of drawing a row.
        self._style_cache = StyleCache(self)
        self._painter = RowPainter(self._style_cache)
        self._prefetch_generation = 0
        # The Markdown parser: loaded after the first frame (``on_mount``), unless this process
        # has it already.
        self._parser: MarkdownIt | None = load_parser() if parser_loaded() else None
        self._dragging = False
        self.refresh_principle_colors()

    def on_mount(self) -> None:
        """After the first frame, index the rest of the document (when only its head is:
        ``Document.index_head``) and load the Markdown parser (a Markdown document's
        paragraphs that need it are shown as their source until then)."""
        # The app's call_after_refresh, not the widget's: the app reads its messages only
        # once its start-up is over (mounting is batched, and a batch draws nothing), so the
        # workers start after the first frame drawn; started earlier they took the GIL from it.
        if not self.document.index_complete:
            self.app.call_after_refresh(self._index_rest)
        if self._parser is None and shown_as_markdown(self.document):
            self.app.call_after_refresh(self._load_parser)

    @work(thread=True, exclusive=True, group="index")
    def _index_rest(self) -> None:
        """Index the whole document off the UI thread (a lookup past the head meanwhile waits
        for it, as do ``G``, ``J`` and the search, which need it)."""
        self.document.text_index  # noqa: B018 -- made once, kept by the document
        self.app.call_from_thread(self._whole_indexed)

    def _whole_indexed(self) -> None:
        """Lay out the whole document: the scrollbar and the row count grow."""
        layout = self.layout_
        if layout is None or layout.whole:
            return
        self._keeping_top(layout, lambda: layout.extend(self.document.text_index))
        self.refresh()
        if self.annotations is not None:
            self._wrap_rest(layout)

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
        if waiting and self.layout_ is not None and self.layout_.whole:
            # the exact heights waited for the annotations (and the whole index)
            self._wrap_rest(self.layout_)

    def refresh_principle_colors(self) -> None:
        """Re-read the principle colours from the taxonomy."""
        principles = self.annotations.model.taxonomy.principles if self.annotations else []
        self._painter.set_principle_colors({p.id: Color.parse(p.color) for p in principles})
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
        viewport = self._viewport()
        if center or viewport is None or not viewport.shows_tall(cursor):
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
        row = self.layout_.row_of_offset(offset)  # may lay out the whole document
        if self.virtual_size.height != self.layout_.total_rows:  # the rows past the head came
            self._strips.clear()
            self.virtual_size = Size(self.scrollable_content_region.width, self.layout_.total_rows)
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
        return word_at(self.document, offset)

    def action_move(self, unit: str, direction: int) -> None:
        """Move the cursor by a sentence, paragraph or word (extending in select mode); with
        the cursor scrolled off screen, to a sentence on the screen first."""
        viewport = self._viewport()
        if viewport is not None and not viewport.shows(self.cursor):
            self._move_into_view()
            return
        if (
            unit == "sentence"
            and viewport is not None
            and viewport.tall_goes_on(self.cursor, direction)
        ):
            self.action_page(direction)  # read on through it rather than jump past it
            return
        target = next_unit(self.document, self.cursor, unit, direction)
        self.set_cursor(target, anchor=self.selection_anchor if self.select_mode else None)

    def action_extend(self, unit: str, direction: int) -> None:
        """Extend the selection by a sentence or a word."""
        if self.selection_anchor is None:
            if unit == "word":
                first = self.word_at(self.cursor[0])
                self.set_cursor(first, anchor=first)
                return
            self.selection_anchor = self.cursor
        self.set_cursor(
            next_unit(self.document, self.cursor, unit, direction), anchor=self.selection_anchor
        )

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

    def _viewport(self) -> Viewport | None:
        """The rows on screen (None before the first layout)."""
        if self.layout_ is None:
            return None
        height = max(1, self.scrollable_content_region.height)
        return Viewport(self.layout_, int(self.scroll_offset.y), height)

    def _move_into_view(self) -> None:
        """Put the cursor on a sentence of the screen as it is (after paging or scrolling)."""
        viewport = self._viewport()
        shown = viewport.offsets() if viewport is not None else None
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
        return offset_at(self.layout_, int(self.scroll_offset.y) + y, x - GUTTER)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        """Place the cursor at the sentence clicked; start a drag selection."""
        offset = self.offset_at(event.x, event.y)
        if offset is None:
            return
        self.focus()
        self._drag_origin = drag_word(self.document, offset)
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
        word = drag_word(self.document, offset)
        if word != self._drag_origin or self.selection_anchor is not None:
            self.set_cursor(word, anchor=self._drag_origin)

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
        self.layout_ = DocumentLayout(self.document, width, parser=self._parser)
        self._strips.clear()
        self._prepare_viewport()
        self.scroll_to_offset(self.cursor[0], center=True)
        self._prepare_viewport()
        # after the frame (the worker would take the GIL from drawing it), and not while the
        # annotations load (it would halve the speed of loading them)
        if self.annotations is not None and self.layout_.whole:
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
        """Compute the height of every paragraph off the UI thread (``quick_counts``: exact
        but for Markdown paragraphs that need the parser, which are made exact when drawn).

        The results are applied once, at the end: each change of the view's height re-lays out
        the screen. Between small batches the worker sleeps a moment, so that it takes the GIL
        from the UI thread as little as possible while the user reads and types.
        """
        worker = get_current_worker()

        def stopped() -> bool:
            return worker.is_cancelled or layout is not self.layout_

        results = layout.all_quick_counts(_WORKER_CHUNK, stopped)
        if results is not None:
            self.app.call_from_thread(self._apply_all_counts, layout, results)

    def _apply_all_counts(
        self, layout: DocumentLayout, results: list[tuple[int, list[tuple[int, bool]]]]
    ) -> None:
        """Record the worker's heights, keeping the paragraph at the top of the view in place."""
        if layout is not self.layout_:
            return

        def apply() -> None:
            for first, counts in results:
                for paragraph, count in enumerate(counts, start=first):
                    if not layout.settled(paragraph):  # shown paragraphs were wrapped already
                        layout.apply_counts(paragraph, [count])

        if self._keeping_top(layout, apply):
            self.refresh()

    def _settle(self, layout: DocumentLayout, paragraph: int) -> None:
        """Wrap one paragraph exactly, keeping the paragraph at the top of the view in place."""
        self._keeping_top(layout, lambda: layout.wrap_paragraph(paragraph))

    def _keeping_top(self, layout: DocumentLayout, change: Callable[[], object]) -> bool:
        """Change the layout's heights, keeping the paragraph at the top of the view in place;
        True if the height of the document changed (the strips kept are then dropped)."""
        top_paragraph, within = layout.locate(int(self.scroll_offset.y))
        before = layout.total_rows
        change()
        if layout.total_rows == before:
            return False
        self._strips.clear()
        self.virtual_size = Size(self.scrollable_content_region.width, layout.total_rows)
        top = layout.row_starts[top_paragraph] + within
        if top != int(self.scroll_offset.y):
            self.scroll_to(y=top, animate=False, immediate=True)
        return True

    @work(thread=True, exclusive=True, group="markdown")
    def _load_parser(self) -> None:
        """Import the Markdown parser off the UI thread (after the first frame)."""
        parser = load_parser()
        self.app.call_from_thread(self._use_parser, parser)

    def _use_parser(self, parser: MarkdownIt) -> None:
        """Show the paragraphs that waited for the parser as Markdown."""
        self._parser = parser
        if self.layout_ is not None and self.layout_.set_parser(parser):
            self._strips.clear()
            self._prepare_viewport()
            self.refresh()
            self._schedule_prefetch()

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
        if generation != self._prefetch_generation or layout is None:
            return
        top = int(self.scroll_offset.y)
        height = max(1, self.scrollable_content_region.height)
        width = self.scrollable_content_region.width
        # First the heights of those rows' paragraphs, one per step (a Markdown paragraph's
        # display map is made when it is first wrapped): wrapping one would otherwise move
        # the rows under the strips already drawn.
        unsettled = layout.first_unsettled(max(0, top - height), top + 2 * height)
        if unsettled is not None:
            self._settle(layout, unsettled)
            self.call_later(self._prefetch, self._prefetch_generation)
            return
        below = range(top + height, min(layout.total_rows, top + 2 * height))
        above = range(top - 1, max(-1, top - height - 1), -1)
        strips = self._strips
        drawn = 0
        for row in chain(below, above):
            if strips.get(row) is None:
                strips[row] = self._painter.render_row(layout, row, width, self, self.app.console)
                drawn += 1
                if drawn == _PREFETCH_CHUNK:
                    self.call_later(self._prefetch, generation)  # a waiting key goes first
                    return

    def render_line(self, y: int) -> Strip:
        """Draw one screen row."""
        row = int(self.scroll_offset.y) + y
        strip = self._strips.get(row)
        if strip is None:
            strip = self._painter.render_row(
                self.layout_, row, self.scrollable_content_region.width, self, self.app.console
            )
            self._strips[row] = strip
        return strip

    def notify_style_update(self) -> None:
        """The CSS changed (a theme, a pseudo-class): forget the styles kept for drawing."""
        super().notify_style_update()
        self._style_cache.clear()
