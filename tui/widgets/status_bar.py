"""The header: document title, annotation file (and whose, in a project), number of annotations,
and the save state."""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from annotations.documents.display import display_safe

SAVE_STATES = {
    "loading": ("… loading", "status-bar--dim"),
    "new": ("○ new file", "status-bar--dim"),
    "saved": ("✓ saved", "status-bar--saved"),
    "unsaved": ("● unsaved", "status-bar--unsaved"),
    "saving": ("… saving", "status-bar--unsaved"),
    "error": ("✗ not saved", "status-bar--error"),
    "conflict": ("✗ changed on disk", "status-bar--error"),
    "read-only": ("✗ read-only", "status-bar--error"),
}

TITLE_LEAST = 8
"""The fewest cells a cut title keeps; with less room it is left out."""

WIDE = 100
"""From this width on, the target of the next edit is said in full ("Next edit: …")."""


class StatusBar(Static):
    """One line at the top of the main screen."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "status-bar--title",
        "status-bar--saved",
        "status-bar--unsaved",
        "status-bar--error",
        "status-bar--dim",
        "status-bar--target",
        "status-bar--owner",
    }

    title_text: reactive[str] = reactive("")
    file_name: reactive[str] = reactive("")
    count: reactive[int] = reactive(0)
    save_state: reactive[str] = reactive("saved")
    extra: reactive[str] = reactive("")
    target: reactive[str] = reactive("")
    """What the next edit applies to ("the sentence", "annotation (a paragraph)"...)."""
    owner: reactive[str] = reactive("")
    """Whose file it is, in a project ("analyst-a's file (+1 other)"); shown before the count."""

    def render(self) -> Text:
        """The status line: title and file on the left, count and save state always visible.

        When the row is short, the left part gives way first, then the target of the next
        edit, then whose file it is, then the review's note: the count and the save state stay.
        """
        label, component = SAVE_STATES.get(self.save_state, SAVE_STATES["saved"])
        prefix = "Next edit: " if self.size.width >= WIDE else "→ "
        pieces = [  # (text, style, how much it is needed: the least needed gives way first)
            (self.extra, "status-bar--error", 2),
            (prefix + self.target if self.target else "", "status-bar--target", 0),
            (self.owner, "status-bar--owner", 1),
        ]
        needed = [
            (display_safe(text, keep_newlines=False) + "  ", style, rank)
            for text, style, rank in pieces
            if text
        ]
        count = f"{self.count} annotation{'s' if self.count != 1 else ''}  "
        last = (count if self.save_state != "loading" else "") + label
        width = self.size.width
        while needed and sum(cell_len(text) for text, _, _ in needed) + cell_len(last) > width:
            needed.remove(min(needed, key=lambda piece: piece[2]))
        right = Text(no_wrap=True, justify="right")
        for text, style, _rank in needed:
            right.append(text, self.get_component_rich_style(style, partial=True))
        if self.save_state != "loading":
            right.append(count)
        right.append(label, self.get_component_rich_style(component))
        right.truncate(width)
        room = width - right.cell_len - 2
        if room < 1:
            return right
        title, file_name = fit_title_and_path(
            " " + display_safe(self.title_text, keep_newlines=False),
            display_safe(self.file_name, keep_newlines=False),
            room,
        )
        left = Text(no_wrap=True, overflow="ellipsis")
        left.append(title, self.get_component_rich_style("status-bar--title", partial=True))
        left.append("  ")
        left.append(file_name, self.get_component_rich_style("status-bar--dim", partial=True))
        # the left part fills the row, the right part keeps its width; two spaces between
        left.truncate(room, pad=True)
        return Text.assemble(left, "  ", right, no_wrap=True)


def fit_title_and_path(title: str, path: str, width: int) -> tuple[str, str]:
    """The title and the file's path cut to fit ``width`` cells with two spaces between them.

    The path loses its start first ("…/analyst-a.mine.toml": the file's name stays visible),
    then the title its end; a title left fewer than ``TITLE_LEAST`` cells is left out ("Th…"
    tells nothing, and the document's own first heading says it).
    """
    if width <= 0 or cell_len(title) + 2 + cell_len(path) <= width:
        return title, path
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    room = max(width - cell_len(title) - 2, cell_len(name) + 2)
    if cell_len(path) > room:
        path = "…" + _tail(path, room - 1)
    room = width - 2 - cell_len(path)
    if cell_len(title) > room:
        title = _head(title, room - 1) + "…" if room >= TITLE_LEAST else ""
    return title, path


def _tail(text: str, cells: int) -> str:
    """The end of ``text`` that fits in ``cells``."""
    start = len(text)
    while start > 0 and cell_len(text[start - 1 :]) <= cells:
        start -= 1
    return text[start:]


def _head(text: str, cells: int) -> str:
    """The start of ``text`` that fits in ``cells``."""
    end = 0
    while end < len(text) and cell_len(text[: end + 1]) <= cells:
        end += 1
    return text[:end]
