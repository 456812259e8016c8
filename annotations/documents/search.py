"""The search rule shared by the in-document search and the search across a project's documents:
the query as typed (no pattern syntax), case-insensitive, matches not overlapping.

The rule is ``re``'s ``IGNORECASE`` on the escaped query. Where text and query are both ASCII,
``str.lower`` plus ``str.find`` gives the same matches (ASCII letters fold only to ASCII letters,
one for one) about ten times faster than the regular expression, which cannot use its literal
fast search when ignoring case; non-ASCII text goes through the regular expression, whose case
folding (``ſ`` matches ``s``, ``K`` the Kelvin sign) ``str.lower`` does not reproduce.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

Span = tuple[int, int]


def search_pattern(query: str) -> re.Pattern[str] | None:
    """The compiled form of ``query`` (literal, case-insensitive), or None for an empty query."""
    if not query:
        return None
    return re.compile(re.escape(query), re.IGNORECASE)


def iter_matches(text: str, query: str) -> Iterator[Span]:
    """Each match of ``query`` in ``text`` as (start, end) code-point offsets, in order."""
    if not query:
        return
    if text.isascii() and query.isascii():
        lowered, wanted, size = text.lower(), query.lower(), len(query)
        start = lowered.find(wanted)
        while start >= 0:
            yield start, start + size
            start = lowered.find(wanted, start + size)
        return
    pattern = search_pattern(query)
    assert pattern is not None
    for match in pattern.finditer(text):
        yield match.span()


def count_matches(text: str, query: str) -> int:
    """How many matches ``iter_matches`` would give."""
    if not query:
        return 0
    if text.isascii() and query.isascii():
        return text.lower().count(query.lower())
    pattern = search_pattern(query)
    assert pattern is not None
    return sum(1 for _match in pattern.finditer(text))


def find_matches(text: str, query: str) -> list[Span]:
    """Every match of ``query`` in ``text`` as (start, end) code-point offsets, in order."""
    return list(iter_matches(text, query))
