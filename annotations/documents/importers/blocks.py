"""Small helpers the importers share: white space, headings, list markers, joining blocks."""

from __future__ import annotations

import re

_SPACES = re.compile(r"\s+")


def collapse(text: str) -> str:
    """Every run of white space (newlines too) as one space, stripped."""
    return _SPACES.sub(" ", text).strip()


def heading(level: int, title: str) -> str:
    """A Markdown heading line (levels above 6 become 6); empty when the title is empty."""
    title = collapse(title)
    return f"{'#' * max(1, min(level, 6))} {title}" if title else ""


MAX_LIST_DEPTH = 8
"""Deeper list levels are indented as this one: a hostile page of 10,000 nested lists would
otherwise grow its text by two spaces per level and item."""


def list_item(text: str, *, number: int | None, depth: int = 0) -> str:
    """A list item line: ``- text`` or ``N. text``, indented two spaces per nesting level (up to
    ``MAX_LIST_DEPTH`` levels)."""
    marker = "-" if number is None else f"{number}."
    return f"{'  ' * min(depth, MAX_LIST_DEPTH)}{marker} {collapse(text)}"


class Blocks:
    """Collects blocks in order; consecutive list items stay on consecutive lines."""

    def __init__(self) -> None:
        self._parts: list[list[str]] = []  # each block's lines (a list's items grow it)
        self._last_item = False

    def add(self, block: str) -> None:
        """Add a paragraph, heading, table or preformatted block (ignored when blank)."""
        block = block.strip("\n")
        if block.strip():
            self._parts.append([block])
            self._last_item = False

    def add_item(self, line: str) -> None:
        """Add a list item line (ignored when it has no text after its marker)."""
        if len(line.split(None, 1)) < 2:
            return
        if self._last_item:
            self._parts[-1].append(line)
        else:
            self._parts.append([line])
        self._last_item = True

    def end_list(self) -> None:
        """The next list item starts a new block."""
        self._last_item = False

    def text(self) -> str:
        """The blocks separated by one blank line, ending with a newline ("" if none)."""
        return "\n\n".join("\n".join(lines) for lines in self._parts) + "\n" if self._parts else ""
