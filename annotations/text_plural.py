"""Counts in messages: ``1 annotation``, ``2 annotations``, never ``1 annotations``."""

from __future__ import annotations

IRREGULAR = {"is": "are", "was": "were", "has": "have", "needs": "need", "this": "these"}
"""Words whose plural is not the word and an ``s`` (verbs agreeing with a count among them)."""


def plural_word(count: int, singular: str, plural: str | None = None) -> str:
    """``singular`` when ``count`` is 1, else ``plural`` (default: irregular table, ``-ies``,
    ``-es`` after s/x/ch/sh, or ``singular + "s"``)."""
    if count == 1:
        return singular
    if plural is not None:
        return plural
    if singular in IRREGULAR:
        return IRREGULAR[singular]
    if singular.endswith("y") and singular[-2:-1] not in tuple("aeiou"):
        return singular[:-1] + "ies"
    if singular.endswith(("s", "x", "ch", "sh")):
        return singular + "es"
    return singular + "s"


def count_of(count: int, singular: str, plural: str | None = None) -> str:
    """``"1 annotation"``, ``"2 annotations"``, ``"0 passages"``, ``"3 analyses"`` (given)."""
    return f"{count} {plural_word(count, singular, plural)}"
