"""The suggestion bar: the passage suggested for a tag, why, and the keys that decide.

Docked under the document while a suggestion queue runs (``tui.flows.suggesting``). Every text
shown comes from the document or the annotation file, so it is made display-safe and appended
to ``Text`` objects, never interpolated into markup. A fixed-height widget redrawn in place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.console import Group, RenderableType
from rich.text import Text

from annotations.documents.display import display_safe
from tui.widgets.queue_bar import QueueBar, head_row

LEAD = 12
"""Characters kept before the first highlighted word when the passage must be cut."""


@dataclass(frozen=True, slots=True)
class SuggestionItem:
    """What the bar shows: the tag, the state of the queue, or a passage and its reasons."""

    tag: str
    title: str
    """The tag's title (recommendation) or label (principle)."""
    tagged: int
    """How many annotations have the tag now."""
    keys: str
    """The queue's keys, as the key map has them ("a accept · r reject · …")."""
    status: str = ""
    """Said instead of a passage ("building the index…")."""
    score: float = 0.0
    reasons: tuple[str, ...] = ()
    """The reasons in words, heaviest first."""
    passage: str = ""
    matches: tuple[tuple[int, int], ...] = ()
    """The spans of ``passage`` to highlight: its words matching the tag."""
    document: str = ""
    """The document's name, when the queue runs across a project's documents."""


class SuggestionBar(QueueBar[SuggestionItem]):
    """One suggested passage at a time, its matching words highlighted
    (``suggestion-bar--match``), with the reasons for its score."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"suggestion-bar--match"}

    def render(self) -> RenderableType:
        """Three lines: the tag and keys; the score and reasons; the passage."""
        item = self.item
        if item is None:
            return ""
        head = Text(no_wrap=True, overflow="ellipsis")
        head.append(
            f" Suggest {display_safe(item.tag, keep_newlines=False)} ", style="bold reverse"
        )
        if item.document:
            head.append(f" in {display_safe(item.document, keep_newlines=False)} ", style="bold")
        head.append(f"  {item.tagged} tagged ", style="bold")
        head.append(f" {display_safe(item.title, keep_newlines=False)}")
        top = head_row(head, item.keys)
        if item.status:
            return Group(top, Text(f" {item.status}", style="italic"), Text(""))
        why = Text(no_wrap=True, overflow="ellipsis")
        why.append(" Why: ", style="bold")
        why.append(f"score {item.score:.2f} — ")
        why.append(display_safe(" · ".join(item.reasons), keep_newlines=False))
        width = max(20, self.size.width)
        return Group(top, why, self._passage_line(item, width))

    def _passage_line(self, item: SuggestionItem, width: int) -> Text:
        """`` “…passage…”`` with its matching words highlighted, cut to show the first of them."""
        match = self.get_component_rich_style("suggestion-bar--match", partial=True)
        passage = display_safe(item.passage, keep_newlines=False)
        room = width - 4
        first = 0
        if len(passage) > room and item.matches and item.matches[0][0] > room - LEAD:
            first = item.matches[0][0] - LEAD
        line = Text(no_wrap=True, overflow="ellipsis")
        line.append(" “" if first == 0 else " “…")
        shown = Text(passage[first:])
        for start, end in item.matches:
            if end > first:
                shown.stylize(match, max(0, start - first), end - first)
        line.append_text(shown)
        line.append("”")
        return line
