"""The document pane's motions: by a sentence, a paragraph or a word, over the source text."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from annotations.documents.document import Document
from annotations.documents.words import snap_to_words
from tui.messages import Span

_WORD = re.compile(r"\w[\w’'\-]*|[^\w\s]+")


def _sentence(document: Document, offset: int) -> Span:
    """The sentence holding ``offset`` (or the nearest one before it)."""
    return document.sentence_containing(offset) or (0, 0)


def word_at(document: Document, offset: int) -> Span:
    """The word at ``offset`` (all of it, when ``offset`` is inside one), or just after it."""
    begin = max(min(offset, _sentence(document, offset)[0]), offset - 256, 0)
    for match in _WORD.finditer(document.text, begin):
        if match.end() > offset:
            return match.start(), match.end()
    return _sentence(document, offset)


def next_unit(document: Document, cursor: Span, unit: str, direction: int) -> Span:
    """Where a motion by a sentence, paragraph or word goes from ``cursor`` (``cursor`` itself
    at an edge of the document)."""
    position = cursor[0]
    if unit == "sentence":
        found = (
            document.next_sentence(position)
            if direction > 0
            else document.previous_sentence(position)
        )
        return found or cursor
    if unit == "paragraph":
        starts = document.paragraph_starts
        index = (
            bisect_right(starts, position) if direction > 0 else bisect_left(starts, position) - 1
        )
        if not 0 <= index < len(starts):
            return cursor
        return _sentence(document, starts[index])
    text = document.text
    if direction > 0:
        first = word_at(document, position)
        if first != cursor and first[0] >= position:
            return first  # from a sentence, the first word inside it
        match = _WORD.search(text, max(cursor[1], position + 1))
        return (match.start(), match.end()) if match else cursor
    previous = None
    for match in _WORD.finditer(text, max(0, position - 400), position):
        previous = match
    return (previous.start(), previous.end()) if previous else cursor


def drag_word(document: Document, offset: int) -> Span:
    """The whole word (brackets and quotes included) under the mouse; on a space, the next
    word."""
    text = document.text
    if offset < len(text) and text[offset].isspace():
        offset = word_at(document, offset)[0]
    return snap_to_words(text, offset, min(offset + 1, len(text)))
