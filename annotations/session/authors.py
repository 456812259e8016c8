"""Who signs new annotations, when the command line does not say.

In order: ``--author``, ``$POLICY_ANNOTATE_AUTHOR``, the name the user gave once and the app
remembered (``known_author``); else, once the annotation file is loaded, its only author if it
has exactly one (``single_author``); else the app asks at the first edit.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the app decides the author before its first frame, without pydantic
    from annotations.format.model import Annotation


def known_author(
    explicit: str | None, environment: str | None, remembered: str | None
) -> str | None:
    """The first of these that is not blank (stripped), or None."""
    for name in (explicit, environment, remembered):
        if name and name.strip():
            return name.strip()
    return None


def single_author(annotations: Iterable[Annotation]) -> str | None:
    """The author of every signed annotation, when they all share one; else None."""
    authors = {a.author.strip() for a in annotations if a.author and a.author.strip()}
    return authors.pop() if len(authors) == 1 else None
