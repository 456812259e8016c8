"""The review bar: one re-anchored annotation at a time, its old quote against the text now.

Docked under the document while the analyst reviews the annotations marked ``fuzzy`` or
``orphaned``; the document keys keep working, so the span can be adjusted before accepting.
A fixed-height widget redrawn in place (updating a Static would re-layout the whole screen).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.console import Group, RenderableType
from rich.style import Style
from rich.text import Text

from annotations.documents.display import display_safe
from annotations.exchange.word_diff import Segment, fit, word_diff
from tui.widgets.queue_bar import QueueBar, head_row


@dataclass(frozen=True, slots=True)
class ReviewItem:
    """What the bar shows about the annotation under review."""

    position: int
    """1-based place in the queue."""
    total: int
    annotation_id: str
    mark: str
    score: float | None
    old_quote: str
    """The quote before re-anchoring (when known from this session), else the stored quote."""
    passage: str
    """The text now at the span (or at the selection, when the analyst adjusted it)."""
    passage_label: str
    """"At its span" or "Selected"."""
    keys: str
    """The review keys, as the key map has them."""


class ReviewBar(QueueBar[ReviewItem]):
    """Which item of the review queue is current, its mark and score, old quote and text now.

    The old quote and the passage now are shown as a word diff: the words removed from the old
    and those added in the new are highlighted (styles ``review-bar--removed`` and
    ``review-bar--added``), and long unchanged runs are cut around them, so a fuzzy item's two
    lines do not look identical.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"review-bar--removed", "review-bar--added"}

    def render(self) -> RenderableType:
        """Three lines: the item and keys; the old quote; the passage now."""
        item = self.item
        if item is None:
            return ""
        head = Text(no_wrap=True, overflow="ellipsis")
        head.append(f" Review {item.position}/{item.total} ", style="bold reverse")
        head.append(f"  {item.mark}", style="bold")
        if item.score is not None:
            head.append(f" (score {item.score:.2f})")
        top = head_row(head, item.keys)
        width = max(20, self.size.width)
        before, after = word_diff(
            display_safe(item.old_quote, keep_newlines=False),
            display_safe(item.passage, keep_newlines=False),
        )
        removed = self.get_component_rich_style("review-bar--removed", partial=True)
        added = self.get_component_rich_style("review-bar--added", partial=True)
        return Group(
            top,
            _quote_line("Was:", before, width, removed),
            _quote_line(f"{item.passage_label}:", after if item.passage else [], width, added),
        )


def _quote_line(label: str, segments: list[Segment], width: int, changed: Style) -> Text:
    """`` Label: “…words…”`` with the changed words in ``changed``; the text is never markup."""
    line = Text(no_wrap=True, overflow="ellipsis")
    line.append(f" {label} ", style="bold")
    if not segments:
        line.append("(nothing: the span is past the end of the document)", style="italic")
        return line
    line.append("“")
    for segment in fit(segments, width - line.cell_len - 2):
        line.append(segment.text, style=changed if segment.changed else "")
    line.append("”")
    return line
