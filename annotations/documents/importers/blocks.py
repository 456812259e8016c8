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


def list_item(text: str, *, number: int | None, depth: int = 0) -> str:
    """A list item line: ``- text`` or ``N. text``, indented two spaces per nesting level."""
    marker = "-" if number is None else f"{number}."
    return f"{'  ' * depth}{marker} {collapse(text)}"


class Blocks:
    """Collects blocks in order; consecutive list items stay on consecutive lines."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._last_item = False

    def add(self, block: str) -> None:
        """Add a paragraph, heading, table or preformatted block (ignored when blank)."""
        block = block.strip("\n")
        if block.strip():
            self._parts.append(block)
            self._last_item = False

    def add_item(self, line: str) -> None:
        """Add a list item line (ignored when it has no text after its marker)."""
        if len(line.split(None, 1)) < 2:
            return
        if self._last_item:
            self._parts[-1] += "\n" + line
        else:
            self._parts.append(line)
        self._last_item = True

    def end_list(self) -> None:
        """The next list item starts a new block."""
        self._last_item = False

    def text(self) -> str:
        """The blocks separated by one blank line, ending with a newline ("" if none)."""
        return "\n\n".join(self._parts) + "\n" if self._parts else ""
