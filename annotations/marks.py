"""The mark re-anchoring leaves on an annotation that needs a person's attention.

An extra key of the annotation's table, ``anchor = "fuzzy"`` or ``anchor = "orphaned"``
(docs/format.md). Its own module, without pydantic, so that the app can name it at start-up.
"""

from __future__ import annotations

ANCHOR_KEY = "anchor"
"""The extra key that marks an annotation whose anchor needs a person's attention."""
