"""How deep the values of an annotation file may nest: deep enough for any real file, shallow
enough that every reader and writer of the tool (tomli-w, copies, merges) can handle them.

The known keys of the format nest at most four levels; only unknown keys (kept and written
back, docs/format.md §8) can nest deeper, so only those are measured, without recursion.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import chain
from typing import Any

from pydantic import BaseModel

from annotations.format.model import AnnotationFile

MAX_DEPTH = 64
"""Levels of tables and arrays an unknown key's value may nest (docs/format.md §8)."""


def _extras(model: AnnotationFile) -> Iterator[tuple[tuple[str | int, ...], dict[str, Any]]]:
    """Every table of the file that has unknown keys, with where it is (most have none)."""
    taxonomy = model.taxonomy
    tables: Iterator[tuple[tuple[str | int, ...], BaseModel]] = chain(
        (((), model), (("document",), model.document), (("taxonomy",), taxonomy)),
        ((("taxonomy", "principles", i), p) for i, p in enumerate(taxonomy.principles)),
        ((("taxonomy", "recommendations", i), r) for i, r in enumerate(taxonomy.recommendations)),
        ((("annotations", i), a) for i, a in enumerate(model.annotations)),
    )
    for location, table in tables:
        extra = table.model_extra
        if extra:
            yield location, extra


def _depth(value: Any, limit: int) -> int:
    """How deep ``value`` nests (1 for a scalar), counting no further than ``limit + 1``."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        deepest = max(deepest, depth)
        if deepest > limit:
            break
        if isinstance(item, dict):
            stack.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, list):
            stack.extend((child, depth + 1) for child in item)
    return deepest


def too_deep(model: AnnotationFile, limit: int = MAX_DEPTH) -> tuple[str | int, ...] | None:
    """Where an unknown key's value nests more than ``limit`` levels, or None."""
    for location, extras in _extras(model):
        for key, value in extras.items():
            if isinstance(value, dict | list) and _depth(value, limit) > limit:
                return (*location, key)
    return None
