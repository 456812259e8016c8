"""The header: document title, annotation file, number of annotations, and the save state."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from annotations.display import display_safe

SAVE_STATES = {
    "saved": ("✓ saved", "status-bar--saved"),
    "unsaved": ("● unsaved", "status-bar--unsaved"),
    "saving": ("… saving", "status-bar--unsaved"),
    "error": ("✗ not saved", "status-bar--error"),
    "conflict": ("✗ changed on disk", "status-bar--error"),
}


class StatusBar(Static):
    """One line at the top of the main screen."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "status-bar--title",
        "status-bar--saved",
        "status-bar--unsaved",
        "status-bar--error",
        "status-bar--dim",
    }

    title_text: reactive[str] = reactive("")
    file_name: reactive[str] = reactive("")
    count: reactive[int] = reactive(0)
    save_state: reactive[str] = reactive("saved")
    extra: reactive[str] = reactive("")

    def render(self) -> Table:
        """The status line: title and file on the left, count and save state always visible."""
        label, component = SAVE_STATES.get(self.save_state, SAVE_STATES["saved"])
        left = Text(no_wrap=True, overflow="ellipsis")
        left.append(
            " " + display_safe(self.title_text, keep_newlines=False),
            self.get_component_rich_style("status-bar--title", partial=True),
        )
        left.append("  ")
        left.append(
            display_safe(self.file_name, keep_newlines=False),
            self.get_component_rich_style("status-bar--dim", partial=True),
        )
        right = Text(no_wrap=True, justify="right")
        if self.extra:
            right.append(
                display_safe(self.extra, keep_newlines=False) + "  ",
                self.get_component_rich_style("status-bar--error", partial=True),
            )
        right.append(f"{self.count} annotation{'s' if self.count != 1 else ''}  ")
        right.append(label + " ", self.get_component_rich_style(component))
        grid = Table.grid(expand=True, padding=(0, 1))
        grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        grid.add_column(no_wrap=True, justify="right")
        grid.add_row(left, right)
        return grid
