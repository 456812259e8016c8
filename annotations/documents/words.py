"""Words for selecting with the mouse: a dragged span snaps to whole words.

A word here is a run of non-space characters, so that brackets and quotes belong to the word
they enclose ("(a)", "“Act”", "[section 2]"); a trailing ``,`` ``;`` or ``:`` is left out unless
the drag reached it. Only the first ``MAX_WORD`` characters either side are looked at (a "word"
of a megabyte without a space is cut there).
"""

from __future__ import annotations

Span = tuple[int, int]

SEPARATORS = ",;:"
"""Punctuation after a word that a drag takes only when it reaches it."""

MAX_WORD = 1000
"""How far a snap looks for the edge of a word."""


def is_word_start(text: str, position: int) -> bool:
    """Whether a word could start at ``position``: the start of the text, or after a space."""
    return position == 0 or (0 < position <= len(text) and text[position - 1].isspace())


def is_word_end(text: str, position: int) -> bool:
    """Whether a word could end at ``position``: the end of the text, before a space, or before
    separators that end their run of non-space characters ("applies|:")."""
    if position >= len(text) or text[position].isspace():
        return True
    rest = position
    while rest < len(text) and not text[rest].isspace():
        if text[rest] not in SEPARATORS:
            return False
        rest += 1
    return True


def snap_to_words(text: str, start: int, end: int) -> Span:
    """The span [start, end) grown to whole words: its start back to the start of the word it
    begins in, its end on to the end of the word it ends in (without a trailing separator it
    did not reach). A span beginning or ending on a space is not grown that side."""
    snapped_start = start
    if start < len(text) and not text[start].isspace():
        limit = max(0, start - MAX_WORD)
        while snapped_start > limit and not text[snapped_start - 1].isspace():
            snapped_start -= 1
    snapped_end = end
    if end > 0 and not text[end - 1].isspace():
        limit = min(len(text), end + MAX_WORD)
        while snapped_end < limit and not text[snapped_end].isspace():
            snapped_end += 1
        while snapped_end > end and text[snapped_end - 1] in SEPARATORS:
            snapped_end -= 1
    return snapped_start, snapped_end
