"""The mark re-anchoring leaves on an annotation that needs a person's attention.

An extra key of the annotation's table, ``anchor = "fuzzy"`` or ``anchor = "orphaned"``
(docs/format.md). Its own module, without pydantic, so that the app can name it at start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from annotations.format.model import Annotation

ANCHOR_KEY = "anchor"
"""The extra key that marks an annotation whose anchor needs a person's attention."""
REVIEW_MARKS = ("fuzzy", "orphaned")
"""The marks that put an annotation in the app's review queue."""


def review_mark(annotation: Annotation) -> str | None:
    """The annotation's re-anchoring mark (``"fuzzy"``, ``"orphaned"``), if it has one."""
    value = (annotation.model_extra or {}).get(ANCHOR_KEY)
    return value if isinstance(value, str) and value in REVIEW_MARKS else None
