"""Ids, plurals and orderings of detected items."""

from __future__ import annotations

import re
from typing import Protocol, TypeVar

from annotations.text_plural import plural_word


class _Identified(Protocol):
    @property
    def id(self) -> str: ...


Item = TypeVar("Item", bound=_Identified)

_PREFIX = re.compile(r"[A-Za-z]*")
_SIMPLE_ID = re.compile(r"([A-Za-z]+)([0-9]+)")
_ID_PARTS = re.compile(r"([0-9]+)|([A-Za-z]+)")
_PLURALS = {"criterion": "criteria", "step": "next steps"}


def item_key(number: str, letter: str = "") -> str:
    """The key of an item numbered ``number`` (and ``letter``): "07" → "7", "2.01" → "2.1",
    ("9", "a") → "9a"."""
    digits = number.rstrip("abcdefghijklmnopqrstuvwxyz")
    letter = number[len(digits) :] + letter
    return ".".join(str(int(part)) for part in digits.split(".")) + letter


def plural(kind: str, count: int) -> str:
    """ "recommendation" or "recommendations", "criterion" or "criteria"."""
    if count == 1:
        return "next step" if kind == "step" else kind
    return plural_word(count, kind, _PLURALS.get(kind))


def natural_key(identifier: str) -> tuple[tuple[int, str], ...]:
    """A sort key that orders "R2" before "R10" and "9" before "9a" before "10"."""
    return tuple(
        (int(number), "") if number else (-1, letters)
        for number, letters in _ID_PARTS.findall(identifier)
    )


def in_number_order(items: list[Item]) -> list[Item]:
    """``items`` by kind (in order of first appearance), then by number: R1, R2, R3, then A1 ...

    Detection returns document order, where a summary item can precede the chapter statements
    of earlier items; a taxonomy reads better in number order.
    """
    prefixes: dict[str, int] = {}
    keys = []
    for item in items:
        prefix = _PREFIX.match(item.id).group(0)  # type: ignore[union-attr]
        prefixes.setdefault(prefix, len(prefixes))
        keys.append((prefixes[prefix], natural_key(item.id[len(prefix) :])))
    return [item for _key, item in sorted(zip(keys, items, strict=True), key=lambda p: p[0])]


def summarise_ids(ids: list[str]) -> str:
    """The ids on one line, runs of consecutive numbers joined: "R1–R8", "A1–A3, R5"."""
    runs: list[list[str]] = []
    previous: tuple[str, int] | None = None
    for identifier in ids:
        match = _SIMPLE_ID.fullmatch(identifier)
        key = (match.group(1), int(match.group(2))) if match else None
        if runs and key and previous and key == (previous[0], previous[1] + 1):
            runs[-1].append(identifier)
        else:
            runs.append([identifier])
        previous = key
    return ", ".join(run[0] if len(run) == 1 else f"{run[0]}–{run[-1]}" for run in runs)
