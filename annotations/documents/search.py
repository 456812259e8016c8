"""The search rule shared by the in-document search and the search across a project's documents:
the query as typed (no pattern syntax), case-insensitive, matches not overlapping."""

from __future__ import annotations

import re

Span = tuple[int, int]


def search_pattern(query: str) -> re.Pattern[str] | None:
    """The compiled form of ``query`` (literal, case-insensitive), or None for an empty query."""
    if not query:
        return None
    return re.compile(re.escape(query), re.IGNORECASE)


def find_matches(text: str, query: str) -> list[Span]:
    """Every match of ``query`` in ``text`` as (start, end) code-point offsets, in order."""
    pattern = search_pattern(query)
    if pattern is None:
        return []
    return [match.span() for match in pattern.finditer(text)]
