"""The list of annotations in the panel: a Line API view, three rows per annotation."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from annotations.documents.display import display_safe
from annotations.format.marks import review_mark
from tui.messages import AnnotationChosen, AnnotationHighlighted
from tui.widgets.style_cache import StyleCache

if TYPE_CHECKING:
    from annotations.format.model import Annotation, AnnotationFile

ROWS_PER_ITEM = 3


def _order(annotation: Annotation) -> tuple[int, int, str]:
    """The list's order: the document's (start, end, id)."""
    return (annotation.start, annotation.end, annotation.id)


NO_ANNOTATIONS = "No annotations yet. Select a passage and press 1, 2, 3 or t to tag it."


def empty_message(filter_terms: Sequence[str], total: int) -> str:
    """What an empty list says: that the file has no annotation yet, or that the filter
    (``filter_terms``) matches none of the ``total`` annotations, and how to see them again."""
    if not filter_terms or not total:
        return NO_ANNOTATIONS
    terms = one_line(" ".join(filter_terms), 60)
    return (
        f"No annotation matches the filter “{terms}” ({total} in the file)."
        " Empty the filter (f) to see them all."
    )


def one_line(text: str, limit: int = 400) -> str:
    """``text`` on one line, display-safe, shortened to ``limit`` code points."""
    flat = " ".join(text[: limit * 2].split())
    return display_safe(flat[:limit], keep_newlines=False)


class AnnotationList(Widget, can_focus=True):
    """The annotations in document order; the highlighted one follows the document cursor.

    It scrolls itself (with a thin scroll bar of its own) instead of being a ScrollView: a
    ScrollView's virtual size changes with every new annotation, and each change re-lays out
    the whole screen, which made tagging visibly slow.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "step(1)", "Next annotation", id="list.next", show=False),
        Binding("k,up", "step(-1)", "Previous annotation", id="list.previous", show=False),
        Binding("pagedown", "step(10)", "Page down", id="list.page_down", show=False),
        Binding("pageup", "step(-10)", "Page up", id="list.page_up", show=False),
        Binding("g,home", "step(-1000000000)", "First annotation", id="list.first", show=False),
        Binding("G,end", "step(1000000000)", "Last annotation", id="list.last", show=False),
        # not in the footer: the highlight already moves the document's cursor, and at 80
        # columns the footer's room goes to Help and Quit
        Binding("enter", "choose", "Go to passage", id="list.choose", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "annotation-list--highlight",
        "annotation-list--quote",
        "annotation-list--meta",
        "annotation-list--note",
        "annotation-list--stale",
        "annotation-list--empty",
        "annotation-list--scrollbar",
    }

    def __init__(self, model: AnnotationFile | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.model = model
        self.items: list[Annotation] = []
        self.stale_ids: set[str] = set()
        self.highlighted: int | None = None
        self._by_id: dict[str, Annotation] = {}
        """The listed annotations by id; their rows are found by bisection (``_position``)."""
        # Keyed by (id(annotation), line, highlighted): rows shift when annotations are added,
        # but an annotation object never changes (edits replace it), so its lines stay valid.
        self._strips: LRUCache[tuple[int, int, bool, int], tuple[Annotation, Strip]] = LRUCache(
            1024
        )
        self._top = 0
        self._follow_pending = False
        # Kept until the CSS changes (a theme, focus): Textual recomputes rich_style on every
        # call and drops its component style cache on every refresh, so each row drawn (the
        # scroll bar cell of every row, every frame) paid for them again.
        self._style_cache = StyleCache(self)
        self.empty_message = NO_ANNOTATIONS
        """What the list says when it shows nothing (wrapped to its width)."""

    def set_items(
        self, items: list[Annotation], highlighted_id: str | None, empty: str = NO_ANNOTATIONS
    ) -> None:
        """Show ``items`` (in document order), highlighting one by id; ``empty`` is what the
        list says when there are none."""
        self.empty_message = empty
        self.items = items
        self._by_id = {a.id: a for a in items}
        self.highlighted = self._position(highlighted_id)
        self._strips.clear()
        self._top = min(self._top, max(0, len(items) * ROWS_PER_ITEM - self.size.height))
        self._scroll_to_highlight()
        self.refresh()

    def replace_in_place(self, removed: Sequence[Annotation], added: Sequence[Annotation]) -> bool:
        """Apply an edit's changes to the list without rebuilding it from the whole set.

        Only for an unfiltered list (the caller knows); returns False when an annotation to
        remove is not in the list, so the caller rebuilds it instead.
        """
        if not removed and not added:
            return True
        gone = {a.id for a in removed}
        if any(annotation_id not in self._by_id for annotation_id in gone):
            return False
        highlighted = self.highlighted_annotation
        for annotation_id in gone:
            position = self._position(annotation_id)
            assert position is not None  # listed, checked above
            del self.items[position]
            del self._by_id[annotation_id]
        for annotation in added:
            self.items.insert(bisect_left(self.items, _order(annotation), key=_order), annotation)
            self._by_id[annotation.id] = annotation
        self.highlighted = self._position(highlighted.id) if highlighted is not None else None
        self.refresh()
        return True

    def _position(self, annotation_id: str | None) -> int | None:
        """The row of the listed annotation with this id (the list is in ``_order``)."""
        annotation = self._by_id.get(annotation_id) if annotation_id else None
        if annotation is None:
            return None
        return bisect_left(self.items, _order(annotation), key=_order)

    def highlight(self, annotation_id: str | None) -> None:
        """Highlight the annotation with this id (or none), scrolling to it."""
        index = self._position(annotation_id)
        if index == self.highlighted:
            return
        self.highlighted = index  # the strip cache keys on "highlighted": no need to drop rows
        # Scrolled to when drawn (render_lines), at the size the list then has: the highlight
        # follows the document cursor inside the move, before a layout that may still be due
        # (the review bar appearing) has resized the list.
        self._follow_pending = True
        self.refresh()

    @property
    def highlighted_annotation(self) -> Annotation | None:
        """The highlighted annotation."""
        return self.items[self.highlighted] if self.highlighted is not None and self.items else None

    def _scroll_to_highlight(self, *, refresh: bool = True) -> None:
        self._follow_pending = False
        if self.highlighted is None:
            return
        top = self.highlighted * ROWS_PER_ITEM
        height = max(ROWS_PER_ITEM, self.size.height)
        if top < self._top or top + ROWS_PER_ITEM > self._top + height:
            self._scroll(max(0, top - height // 3) - self._top, refresh=refresh)

    def _scroll(self, delta: int, *, refresh: bool = True) -> None:
        total = len(self.items) * ROWS_PER_ITEM
        top = min(max(0, self._top + delta), max(0, total - self.size.height))
        if top != self._top:
            self._top = top
            if refresh:
                self.refresh()

    def render_lines(self, crop: Region) -> list[Strip]:
        """Draw the list, first scrolling to a highlight moved since the last frame."""
        if self._follow_pending:
            # No refresh: the highlight's move refreshed the whole list, drawn now.
            self._scroll_to_highlight(refresh=False)
        return super().render_lines(crop)

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        """Scroll with the wheel."""
        self._scroll(ROWS_PER_ITEM)
        event.stop()

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        """Scroll with the wheel."""
        self._scroll(-ROWS_PER_ITEM)
        event.stop()

    def action_step(self, delta: int) -> None:
        """Move the highlight; the document cursor follows."""
        if not self.items:
            return
        current = (
            self.highlighted
            if self.highlighted is not None
            else (-1 if delta > 0 else len(self.items))
        )
        index = min(max(current + delta, 0), len(self.items) - 1)
        self.highlight(self.items[index].id)
        self.post_message(AnnotationHighlighted(self.items[index].id))

    def action_choose(self) -> None:
        """Jump to the highlighted annotation's passage in the document."""
        annotation = self.highlighted_annotation
        if annotation is not None:
            self.post_message(AnnotationChosen(annotation.id))

    def on_click(self, event: events.Click) -> None:
        """Clicking an annotation jumps to it."""
        index = (self._top + event.y) // ROWS_PER_ITEM
        if 0 <= index < len(self.items):
            self.highlight(self.items[index].id)
            self.post_message(AnnotationChosen(self.items[index].id))

    def on_resize(self, event: events.Resize) -> None:
        """Redraw at the new size."""
        self._strips.clear()
        self._scroll(0)

    def notify_style_update(self) -> None:
        """The CSS changed: forget the styles kept for drawing."""
        super().notify_style_update()
        self._style_cache.clear()

    def render_line(self, y: int) -> Strip:
        """Draw one row of the list, with the scroll bar in the last column."""
        row = self._top + y
        width = max(1, self.size.width - 1)
        index, line = divmod(row, ROWS_PER_ITEM)
        if not self.items or index >= len(self.items):
            strip = self._render_row(row, width)
        else:
            annotation = self.items[index]
            key = (id(annotation), line, index == self.highlighted, width)
            cached = self._strips.get(key)
            if cached is not None and cached[0] is annotation:
                strip = cached[1]
            else:
                strip = self._render_row(row, width)
                self._strips[key] = (annotation, strip)
        return Strip([*strip, self._scrollbar_cell(y)], width + 1)

    def _scrollbar_cell(self, y: int) -> Segment:
        height = self.size.height
        total = len(self.items) * ROWS_PER_ITEM
        style = self._style_cache.component("annotation-list--scrollbar")
        if total <= height or height <= 0:
            return Segment(" ", self._style_cache.base)
        size = max(1, height * height // total)
        start = min(height - size, self._top * height // total)
        return Segment("┃" if start <= y < start + size else "│", self._style_cache.base + style)

    def _render_row(self, row: int, width: int) -> Strip:
        base = self._style_cache.base
        if not self.items:
            text = Text(
                self.empty_message,
                style=base + self._style_cache.component("annotation-list--empty"),
            )
            lines = text.wrap(self.app.console, width)
            if row < len(lines):
                return (
                    Strip(lines[row].render(self.app.console, end=""))
                    .apply_style(base)
                    .adjust_cell_length(width, base)
                )
            return Strip.blank(width, base)
        index, line = divmod(row, ROWS_PER_ITEM)
        if index >= len(self.items):
            return Strip.blank(width, base)
        annotation = self.items[index]
        style = base
        if index == self.highlighted:
            style = base + self._style_cache.component("annotation-list--highlight")
        text = Text(no_wrap=True, overflow="ellipsis", end="", style=style)
        if line == 0:
            color = self._principle_color(annotation)
            text.append("▎", Style(color=color) if color else None)
            text.append(
                one_line(annotation.quote),
                self._style_cache.component("annotation-list--quote"),
            )
        elif line == 1:
            text.append("  ")
            self._append_meta(text, annotation)
        else:
            text.append("  ")
            text.append(
                one_line(annotation.note) if annotation.note else "",
                self._style_cache.component("annotation-list--note"),
            )
        text.truncate(width, overflow="ellipsis", pad=True)
        return (
            Strip(text.render(self.app.console)).apply_style(style).adjust_cell_length(width, style)
        )

    def _principle_color(self, annotation: Annotation) -> str | None:
        for principle_id in annotation.principles:
            principle = self.model.principle(principle_id) if self.model else None
            if principle is not None:
                return principle.color
        return None

    def _append_meta(self, text: Text, annotation: Annotation) -> None:
        meta = self._style_cache.component("annotation-list--meta")
        if annotation.id in self.stale_ids:
            mark = review_mark(annotation) or "moved?"
            text.append(f"⚠ {mark} ", self._style_cache.component("annotation-list--stale"))
        for principle_id in annotation.principles:
            principle = self.model.principle(principle_id) if self.model else None
            label = principle.label if principle else principle_id
            text.append(
                display_safe(label, keep_newlines=False),
                Style(color=principle.color) if principle else meta,
            )
            text.append(" ")
        for recommendation in annotation.recommendations:
            text.append(
                display_safe(recommendation, keep_newlines=False) + " ", meta + Style(bold=True)
            )
        text.append(
            f"· {annotation.stance.value} · {display_safe(annotation.author, keep_newlines=False)}",
            meta,
        )
