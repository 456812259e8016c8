"""A word diff of an annotation's old quote against the passage now, for the review of
re-anchored annotations: which words changed, and both lines shortened around the changes.

The two texts are compared word by word (``difflib`` on whitespace-separated words, after
flattening runs of whitespace to one space). Each side comes back as ``Segment`` runs that
rebuild its flattened text exactly, the changed words marked. ``fit`` shortens a side to a
width by cutting the middle of unchanged runs (never a changed word) and marking each cut "…".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

ELLIPSIS = "…"
_TOKENS = re.compile(r"\S+|\s+")


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of one side's text: changed (removed from the old, or added in the new) or not."""

    text: str
    changed: bool


def flatten(text: str) -> str:
    """``text`` with every run of whitespace made one space, and no space at either end."""
    return " ".join(text.split())


def word_diff(old: str, new: str) -> tuple[list[Segment], list[Segment]]:
    """The old and the new text (flattened) as segments, their differing words marked changed."""
    old_words = _TOKENS.findall(flatten(old))
    new_words = _TOKENS.findall(flatten(new))
    matcher = SequenceMatcher(None, old_words, new_words, autojunk=False)
    before: list[Segment] = []
    after: list[Segment] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        same = tag == "equal"
        _append(before, "".join(old_words[i1:i2]), not same)
        _append(after, "".join(new_words[j1:j2]), not same)
    return before, after


def _append(segments: list[Segment], text: str, changed: bool) -> None:
    """Add a run, joining it to the last one when both are changed or both unchanged; the
    spaces around changed words count as unchanged (only words are marked)."""
    if changed:
        words = text.strip()
        if not words:
            _append(segments, text, False)
            return
        start = text.index(words)
        _append(segments, text[:start], False)
        _add(segments, words, True)
        _append(segments, text[start + len(words) :], False)
        return
    _add(segments, text, False)


def _add(segments: list[Segment], text: str, changed: bool) -> None:
    if not text:
        return
    if segments and segments[-1].changed == changed:
        segments[-1] = Segment(segments[-1].text + text, changed)
    else:
        segments.append(Segment(text, changed))


def width_of(segments: list[Segment]) -> int:
    """How many characters the segments take."""
    return sum(len(segment.text) for segment in segments)


def fit(segments: list[Segment], width: int) -> list[Segment]:
    """The segments shortened to at most ``width`` characters if that can be done by cutting
    unchanged runs, keeping ``context`` words beside each change (as many as fit, at least one);
    with no change at all, the middle is cut (both ends matter when adjusting a span). The
    changed words are never cut here: what still does not fit is left to the caller's overflow."""
    if width_of(segments) <= width:
        return segments
    if not any(segment.changed for segment in segments):
        text = "".join(segment.text for segment in segments)
        return [Segment(_cut_middle(text, width), False)]
    best = segments
    for context in (8, 6, 4, 3, 2, 1):
        best = [
            segment
            if segment.changed
            else Segment(_keep_ends(segment.text, context, index, len(segments)), False)
            for index, segment in enumerate(segments)
        ]
        if width_of(best) <= width:
            break
    return best


def _keep_ends(text: str, context: int, index: int, count: int) -> str:
    """An unchanged run with only ``context`` words kept next to its neighbouring changes."""
    words = _TOKENS.findall(text)
    keep = 2 * context  # words and the spaces between them
    head = index > 0  # a change before: keep the run's first words
    tail = index < count - 1  # a change after: keep its last words
    if len(words) <= keep * (head + tail) + 1:
        return text
    if head and tail:
        return "".join(words[:keep]) + ELLIPSIS + "".join(words[-keep:])
    if head:
        return "".join(words[:keep]) + ELLIPSIS
    return ELLIPSIS + "".join(words[-keep:])


def _cut_middle(text: str, width: int) -> str:
    if len(text) <= width:
        return text
    head = (width - 1) // 2
    tail = width - 1 - head
    return text[:head] + ELLIPSIS + (text[-tail:] if tail else "")
