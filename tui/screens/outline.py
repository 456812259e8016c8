"""The outline: the document's headings, indented by level; type to filter, Enter jumps."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from annotations.documents.display import display_safe
from annotations.documents.document import Document, Section
from annotations.text_plural import count_of
from tui.widgets.outline_list import OutlineList

INDENT = "  "
PAGE_STEP = 10


def section_index_at(sections: Sequence[Section], offset: int) -> int | None:
    """The index of the innermost section holding ``offset`` (sections sorted by start).

    The last heading at or before ``offset`` is the innermost section around it: its section
    runs at least to the next heading. None before the first heading.
    """
    index = bisect_right([section.start for section in sections], offset) - 1
    return index if index >= 0 else None


def page_of(document: Document, offset: int) -> int | None:
    """The page number of ``offset`` for documents imported from PDF (None for the others)."""
    if not getattr(document, "pages", ()):
        return None
    page_at = getattr(document, "page_at", None)
    page = page_at(offset) if callable(page_at) else None
    return page if isinstance(page, int) else None


class OutlineScreen(ModalScreen[int | None]):
    """Every heading of the document; returns the start of the one chosen (None: cancelled)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="outline.cancel", priority=True),
        Binding("enter", "jump", "Go to section", id="outline.jump", priority=True),
        Binding("down", "cursor(1)", "Down", id="outline.down", show=False, priority=True),
        Binding("up", "cursor(-1)", "Up", id="outline.up", show=False, priority=True),
        Binding(
            "pagedown",
            f"cursor({PAGE_STEP})",
            "Page down",
            id="outline.page_down",
            show=False,
            priority=True,
        ),
        Binding(
            "pageup",
            f"cursor({-PAGE_STEP})",
            "Page up",
            id="outline.page_up",
            show=False,
            priority=True,
        ),
    ]

    def __init__(self, document: Document, cursor: int) -> None:
        super().__init__()
        self.document = document
        self.sections = document.sections
        self.current = section_index_at(self.sections, cursor)
        top = min((section.level for section in self.sections), default=1)
        self._labels: list[Text] = []
        self._keys: list[str] = []
        for section in self.sections:
            title = display_safe(section.title, keep_newlines=False) or "(untitled)"
            label = Text(INDENT * (section.level - top) + title, no_wrap=True, overflow="ellipsis")
            page = page_of(document, section.start)
            if page is not None:
                label.append(f"  p. {page}", style="dim")
            self._labels.append(label)
            self._keys.append(title.lower())
        self.shown: list[int] = []
        """Indexes (into ``sections``) of the sections listed, in order."""

    def compose(self) -> ComposeResult:
        """A title, the filter box, and the list of headings."""
        with Vertical(id="outline-dialog"):
            count = len(self.sections)
            yield Label(f"Outline: {count_of(count, 'heading')}", id="outline-title")
            yield Input(
                placeholder="Type to filter; ↑/↓ move, Enter goes there, Esc cancels",
                id="outline-filter",
            )
            yield OutlineList(self._labels, id="outline-list")

    def on_mount(self) -> None:
        """Fill the list, highlighting the section at the cursor, and focus the filter."""
        self._fill("")
        self.query_one("#outline-filter", Input).focus()

    @property
    def outline_list(self) -> OutlineList:
        """The list of headings."""
        return self.query_one(OutlineList)

    @property
    def highlighted_section(self) -> Section | None:
        """The section highlighted in the list."""
        row = self.outline_list.highlighted
        return None if row is None else self.sections[self.shown[row]]

    def _fill(self, query: str) -> None:
        words = query.lower().split()
        if words:
            self.shown = [i for i, key in enumerate(self._keys) if all(w in key for w in words)]
        else:
            self.shown = list(range(len(self.sections)))
        highlight = 0
        if self.current is not None and self.current in self.shown:
            highlight = self.shown.index(self.current)
        self.outline_list.show(self.shown, highlight, "No heading matches.")

    def on_input_changed(self, event: Input.Changed) -> None:
        """Filter as the user types."""
        self._fill(event.value)

    def on_outline_list_chosen(self, event: OutlineList.Chosen) -> None:
        """A click on a heading goes there."""
        self._choose(event.row)

    def action_cursor(self, delta: int) -> None:
        """Move the highlight while typing in the filter."""
        self.outline_list.move(delta)

    def action_jump(self) -> None:
        """Close, going to the highlighted heading (or just close, when none matches)."""
        row = self.outline_list.highlighted
        if row is None:
            self.dismiss(None)
            return
        self._choose(row)

    def _choose(self, row: int) -> None:
        if 0 <= row < len(self.shown):
            self.dismiss(self.sections[self.shown[row]].start)

    def action_cancel(self) -> None:
        """Close without moving."""
        self.dismiss(None)
