"""The document board's columns, apart from the board (``board.py``) so that the board's first
frame (``board_opening.py``) shows them without importing the project model."""

from __future__ import annotations

COLUMNS: tuple[tuple[str, str], ...] = (
    ("name", "Document"),
    ("analyst", "Analyst"),
    ("share", "Annotated"),
    ("annotations", "Notes"),
    ("stale", "Stale"),
    ("revised", "Revised"),
    ("attributes", "Attributes"),
)
"""The board's columns (key, heading); a heading clicked sorts by its column."""
