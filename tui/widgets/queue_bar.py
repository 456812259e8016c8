"""What the review bar and the suggestion bar share: one item of a queue at a time, redrawn in
place, under a first line of the item's head and the queue's keys."""

from __future__ import annotations

from typing import Generic, TypeVar

from rich.table import Table
from rich.text import Text
from textual.widget import Widget

from annotations.documents.display import display_safe

Item = TypeVar("Item")


class QueueBar(Widget, Generic[Item]):
    """A fixed-height bar showing one item (updating a Static would re-layout the screen)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.item: Item | None = None

    def show_item(self, item: Item) -> None:
        """Show ``item`` (redraws this widget only)."""
        self.item = item
        self.refresh()


def head_row(head: Text, keys: str) -> Table:
    """The first line: ``head`` on the left (cut with … when too long), the keys on the right."""
    top = Table.grid(expand=True, padding=(0, 1))
    top.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
    top.add_column(no_wrap=True, justify="right")
    top.add_row(head, Text(display_safe(keys, keep_newlines=False), style="dim", no_wrap=True))
    return top
