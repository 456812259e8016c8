"""Anchors: the layered description of a passage (offsets, exact quote, context around it)."""

from __future__ import annotations

from dataclasses import dataclass

from annotations.format.model import CONTEXT_LENGTH


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where a passage is: offsets, its exact text, and up to 32 code points either side."""

    start: int
    end: int
    quote: str
    prefix: str
    suffix: str


def anchor_span(text: str, start: int, end: int) -> Anchor:
    """The anchor of ``text[start:end]``."""
    if not 0 <= start < end <= len(text):
        raise ValueError(f"span {start}-{end} is not inside a text of {len(text)} code points")
    return Anchor(
        start=start,
        end=end,
        quote=text[start:end],
        prefix=text[max(0, start - CONTEXT_LENGTH) : start],
        suffix=text[end : end + CONTEXT_LENGTH],
    )
