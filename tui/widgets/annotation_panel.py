"""The annotation panel: taxonomy with counts, a filter, the annotation list and details."""

from __future__ import annotations

import textwrap
from collections import Counter
from typing import TYPE_CHECKING, ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Input, Static

from annotations.documents.display import display_safe
from annotations.format.marks import review_mark
from tui.messages import FilterChanged
from tui.widgets.annotation_list import AnnotationList, empty_message
from tui.widgets.style_cache import StyleCache

if TYPE_CHECKING:
    from collections.abc import Sequence

    from annotations.format.model import Annotation, AnnotationFile

BAR_WIDTH = 10
NO_RECOMMENDATIONS = "No recommendations yet: select one and press R."
"""The hint in place of the recommendations (wrapped to the panel's width)."""


class TaxonomyCounts(Widget):
    """Each principle and recommendation with how many annotations carry it.

    Drawn line by line from strips built once per change (a tag toggle), in a fixed-height
    widget: updating a Static, or laying out a Rich table on every frame, would cost a visible
    part of the key's budget.
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
        self._counts = (model, principle_counts, recommendation_counts)
        self._build()
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        """Lay the counts out again at the new width."""
        self._build()

    def _build(self) -> None:
        width = self._built_width = self.size.width
        if self._counts is None or width <= 0:
            self._lines = []
            return
        model, principle_counts, recommendation_counts = self._counts
        console = self.app.console
        base = self.rich_style
        self._lines = [
            Strip(line.render(console)).apply_style(base).adjust_cell_length(width, base)
            for line in [
                *_principle_lines(model, principle_counts, width),
                *_recommendation_lines(model, recommendation_counts, width),
            ]
        ]

    def render_line(self, y: int) -> Strip:
        """One line of the counts."""
        if self.size.width != self._built_width:  # drawn before the Resize event arrived
            self._build()
        if y < len(self._lines):
            return self._lines[y]
        return Strip.blank(self.size.width, self.rich_style)


def _principle_lines(model: AnnotationFile, counts: Counter[str], width: int) -> list[Text]:
    """One line per principle: its key, label (cut with …), count and a bar scaled to the most."""
    most = max([1, *counts.values()])
    principles = model.taxonomy.principles
    count_width = max([1, *(len(str(counts[p.id])) for p in principles)])
    label_width = max(1, width - 2 - count_width - BAR_WIDTH - 3)
    lines = []
    for number, principle in enumerate(principles, start=1):
        count = counts[principle.id]
        filled = round(BAR_WIDTH * count / most)
        label = Text(
            display_safe(principle.label, keep_newlines=False),
            style=Style(color=principle.color, bold=True),
            no_wrap=True,
            overflow="ellipsis",
        )
        label.truncate(label_width, overflow="ellipsis", pad=True)
        line = Text(str(number) if number <= 9 else " ", style="bold", no_wrap=True)
        line.pad_right(2 - line.cell_len)
        line.append(" ")
        line.append_text(label)
        line.append(f" {count:>{count_width}} ")
        line.append("█" * filled, style=Style(color=principle.color))
        line.append("░" * (BAR_WIDTH - filled), style="dim")
        lines.append(line)
    return lines


def _recommendation_lines(model: AnnotationFile, counts: Counter[str], width: int) -> list[Text]:
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


class AnnotationDetails(Widget):
    """The current annotation in full: quote, tags, stance, author, times and note.

    Wrapped once per change and drawn line by line; it scrolls itself (wheel, or the panel's
    keys) so that showing another annotation redraws this view only, never the screen's layout.
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text = Text()
        self._lines: list[Strip] = []
        self._wrapped_width = 0
        self._top = 0
        self._style_cache = StyleCache(self)

    def notify_style_update(self) -> None:
        """The CSS changed: forget the style kept for drawing."""
        super().notify_style_update()
        self._style_cache.clear()

    @property
    def plain(self) -> str:
        """The text shown (before wrapping), without styles."""
        return self._text.plain

    def update(self, text: Text) -> None:
        """Show ``text`` from its start."""
        self._text = text
        self._top = 0
        self._wrap()
        self.refresh()

    def _wrap(self) -> None:
        width = max(10, self.size.width)
        self._wrapped_width = self.size.width
        console = self.app.console
        base = self._style_cache.base
        lines = self._text.wrap(console, width)
        self._lines = [
            Strip(line.render(console)).apply_style(base).adjust_cell_length(width, base)
            for line in lines
        ]

    def on_resize(self, event: events.Resize) -> None:
        """Re-wrap at the new width."""
        self._wrap()

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        """Scroll the details down."""
        self._top = max(0, min(self._top + 2, len(self._lines) - self.size.height))
        self.refresh()
        event.stop()

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        """Scroll the details up."""
        self._top = max(0, self._top - 2)
        self.refresh()
        event.stop()

    def render_line(self, y: int) -> Strip:
        """One line of the details; the last line says when there is more below."""
        row = self._top + y
        width = self.size.width
        if width != self._wrapped_width:  # drawn before the Resize event arrived
            self._wrap()
        if y == self.size.height - 1 and row < len(self._lines) - 1:
            more = Text(f"… {len(self._lines) - row} more lines (scroll)", style="dim italic")
            return (
                Strip(more.render(self.app.console))
                .apply_style(self._style_cache.base)
                .adjust_cell_length(width, self._style_cache.base)
            )
        if 0 <= row < len(self._lines):
            return self._lines[row]
        return Strip.blank(width, self._style_cache.base)

    def show_annotation(
        self, annotation: Annotation | None, model: AnnotationFile, stale: bool
    ) -> None:
        """Show one annotation (or a hint when there is none)."""
        if annotation is None:
            self.update(Text("No annotation at the cursor.", style="dim italic"))
            return
        text = Text()
        mark = review_mark(annotation)
        if mark == "fuzzy":
            text.append(
                "⚠ The document changed here: the passage was found again only approximately;"
                " check it (A reviews).\n",
                style="bold red",
            )
        elif mark == "orphaned":
            text.append(
                "⚠ The document changed here: the passage was not found in this version"
                " (A reviews).\n",
                style="bold red",
            )
        elif stale:
            text.append(
                "⚠ The document changed here: this quote no longer matches its place.\n",
                style="bold red",
            )
        text.append("“" + display_safe(annotation.quote) + "”\n", style="italic")
        for principle_id in annotation.principles:
            principle = model.principle(principle_id)
            text.append(
                display_safe(principle.label if principle else principle_id, keep_newlines=False),
                style=Style(color=principle.color if principle else None, bold=True),
            )
            text.append("  ")
        for recommendation_id in annotation.recommendations:
            recommendation = model.recommendation(recommendation_id)
            title = f": {recommendation.title}" if recommendation else ""
            text.append(
                "\n" + display_safe(f"{recommendation_id}{title}", keep_newlines=False),
                style="bold",
            )
        text.append(f"\nStance: {annotation.stance.value}   Author: ", style="")
        text.append(display_safe(annotation.author, keep_newlines=False))
        text.append(
            f"\nCreated {annotation.created:%Y-%m-%d %H:%M}Z, updated {annotation.updated:%Y-%m-%d %H:%M}Z",
            style="dim",
        )
        if annotation.note:
            text.append("\n\n" + display_safe(annotation.note))
        self.update(text)


class AnnotationPanel(Vertical):
    """The right-hand panel of the main screen: shows what the screen gives it and posts
    ``FilterChanged``, ``AnnotationHighlighted`` and ``AnnotationChosen`` up."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "f",
            "focus_filter",
            "Filter",
            id="panel.filter",
            tooltip="Filter by principle, recommendation, stance or author",
        ),
    ]

    def __init__(self, model: AnnotationFile | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.model = model
        """None until the annotation file is loaded."""

    def compose(self) -> ComposeResult:
        """The panel's parts, top to bottom; a note saying so while the file loads."""
        if self.model is None:
            yield Static("Loading the annotations…", id="panel-loading")
        else:
            yield from self._parts()

    def _parts(self) -> ComposeResult:
        yield TaxonomyCounts(id="taxonomy-counts")
        yield Input(placeholder="Filter: R3, caution…", id="annotation-filter")
        yield AnnotationList(self.model, id="annotation-list")
        yield AnnotationDetails(id="annotation-details")

    async def show_model(self, model: AnnotationFile) -> None:
        """Show the loaded annotation file's parts (mounted now: the first frame had none)."""
        first = self.model is None
        self.model = model
        if first:
            await self.query("#panel-loading").remove()
            await self.mount_all(self._parts())
        self.query_one(AnnotationList).model = model

    # --- what the screen shows in the panel ---------------------------------------------------

    def show_counts(
        self,
        model: AnnotationFile,
        principle_counts: Counter[str],
        recommendation_counts: Counter[str],
    ) -> None:
        """Show how many annotations carry each principle and recommendation."""
        self.query_one(TaxonomyCounts).show_counts(model, principle_counts, recommendation_counts)

    def show_list(
        self,
        annotations: list[Annotation],
        highlighted_id: str | None,
        filter_terms: Sequence[str] = (),
        total: int = 0,
    ) -> None:
        """Show these annotations in the list, highlighting one by id; when there are none,
        say whether the filter (``filter_terms``, of ``total`` annotations) hid them."""
        empty = empty_message(filter_terms, total)
        self.query_one(AnnotationList).set_items(annotations, highlighted_id, empty)

    def update_list(self, removed: Sequence[Annotation], added: Sequence[Annotation]) -> bool:
        """Apply an edit to the (unfiltered) list in place; False when it must be shown anew."""
        return self.query_one(AnnotationList).replace_in_place(removed, added)

    def show_review_ids(self, review_ids: set[str]) -> None:
        """The annotations the list marks ⚠ (the set is shared: it stays in step)."""
        self.query_one(AnnotationList).stale_ids = review_ids

    def show_details(
        self, annotation: Annotation | None, model: AnnotationFile, needs_review: bool
    ) -> None:
        """Show one annotation in full (or a hint when there is none)."""
        self.query_one(AnnotationDetails).show_annotation(annotation, model, needs_review)

    def highlight(self, annotation_id: str | None) -> None:
        """Highlight an annotation in the list (or none)."""
        self.query_one(AnnotationList).highlight(annotation_id)

    def focus_list(self) -> None:
        """Show the panel and move to its annotation list."""
        self.display = True
        self.query_one(AnnotationList).focus()

    # --- the filter --------------------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        """The filter changed: the screen chooses what the list shows."""
        if event.input.id == "annotation-filter":
            event.stop()
            self.post_message(FilterChanged(event.value.lower().split()))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the filter goes to the list."""
        if event.input.id == "annotation-filter":
            event.stop()
            self.query_one(AnnotationList).focus()

    def on_key(self, event: events.Key) -> None:
        """Esc in the filter goes back to the list."""
        focused = self.screen.focused
        if event.key == "escape" and focused is not None and focused.id == "annotation-filter":
            self.query_one(AnnotationList).focus()
            event.stop()

    def action_focus_filter(self) -> None:
        """Move to the filter box (once the annotations are loaded)."""
        for box in self.query("#annotation-filter").results(Input):
            box.focus()
