"""The panel's details of the current annotation: its note first, then its passage and tags."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.strip import Strip
from textual.widget import Widget

from annotations.documents.display import display_safe
from annotations.format.marks import review_mark
from tui.widgets.style_cache import StyleCache

if TYPE_CHECKING:
    from annotations.format.model import Annotation, AnnotationFile

TO_THE_END = 1_000_000_000
"""A scroll far enough to reach either end."""


class AnnotationDetails(Widget, can_focus=True):
    """The current annotation in full: its note, quote, tags, stance, author and times.

    Wrapped once per change and drawn line by line; it scrolls itself (wheel, or its keys once
    focused with Tab) so that showing another annotation redraws this view only, never the
    screen's layout.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "scroll_lines(1)", "Scroll down", id="details.down", show=False),
        Binding("k,up", "scroll_lines(-1)", "Scroll up", id="details.up", show=False),
        Binding(
            "pagedown,space", "scroll_pages(1)", "Page down", id="details.page_down", show=False
        ),
        Binding("pageup", "scroll_pages(-1)", "Page up", id="details.page_up", show=False),
        Binding("g,home", "scroll_lines(-1000000000)", "Top", id="details.top", show=False),
        Binding("G,end", "scroll_lines(1000000000)", "Bottom", id="details.bottom", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text = Text()
        self._lines: list[Strip] = []
        self._wrapped_width = 0
        self._top = 0
        self._style_cache = StyleCache(self)

    def notify_style_update(self) -> None:
        """The CSS changed (focus among others): forget the style kept for drawing."""
        super().notify_style_update()
        self._style_cache.clear()
        self._wrap()

    @property
    def plain(self) -> str:
        """The text shown (before wrapping), without styles."""
        return self._text.plain

    @property
    def visible_lines(self) -> list[str]:
        """The lines on screen now (after wrapping and scrolling), without styles."""
        return [self.render_line(y).text.rstrip() for y in range(self.size.height)]

    def update(self, text: Text) -> None:
        """Show ``text`` from its start."""
        self._text = text
        self._top = 0
        self._wrap()
        self.refresh()

    def _wrap(self) -> None:
        width = max(10, self.size.width)
        self._wrapped_width = self.size.width
        if not self.is_mounted:
            return
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

    def on_focus(self, event: events.Focus) -> None:
        """The last line's hint names the keys that now scroll."""
        self.refresh()

    def on_blur(self, event: events.Blur) -> None:
        """The last line's hint says how to come back."""
        self.refresh()

    def _scroll(self, delta: int) -> None:
        top = max(0, min(self._top + delta, len(self._lines) - self.size.height))
        if top != self._top:
            self._top = top
            self.refresh()

    def action_scroll_lines(self, delta: int) -> None:
        """Scroll the details by lines."""
        self._scroll(delta)

    def action_scroll_pages(self, pages: int) -> None:
        """Scroll the details by a page (one line of the last page stays in view)."""
        self._scroll(pages * max(1, self.size.height - 1))

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        """Scroll the details down."""
        self._scroll(2)
        event.stop()

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        """Scroll the details up."""
        self._scroll(-2)
        event.stop()

    def render_line(self, y: int) -> Strip:
        """One line of the details; the last line says when there is more below, and how to
        read it."""
        row = self._top + y
        width = self.size.width
        if width != self._wrapped_width:  # drawn before the Resize event arrived
            self._wrap()
        if y == self.size.height - 1 and row < len(self._lines) - 1:
            how = "j/k, PgDn" if self.has_focus else "Tab here"
            more = Text(
                f"… {len(self._lines) - row} more lines ({how})",
                style="dim italic",
                no_wrap=True,
                overflow="ellipsis",
            )
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
        self.update(details_text(annotation, model, stale))


def details_text(annotation: Annotation, model: AnnotationFile, stale: bool) -> Text:
    """An annotation in full: a warning if its passage changed, its note (what the analyst
    wrote, read first), the quote, its tags, stance, author and times."""
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
            "⚠ The document changed here: the passage was not found in this version (A reviews).\n",
            style="bold red",
        )
    elif stale:
        text.append(
            "⚠ The document changed here: this quote no longer matches its place.\n",
            style="bold red",
        )
    if annotation.note:
        text.append(display_safe(annotation.note) + "\n\n")
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
        f"\nCreated {annotation.created:%Y-%m-%d %H:%M}Z,"
        f" updated {annotation.updated:%Y-%m-%d %H:%M}Z",
        style="dim",
    )
    return text
