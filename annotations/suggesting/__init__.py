"""Suggested passages: where a document speaks to a recommendation or principle.

For a tag, the sentences of a document are ranked by a weighted BM25 query built from what the
file says about the tag (its title, description and statement; the passages already tagged with
it; the suggestions rejected for it), with a bonus for sentences under a matching heading and
for sentences citing the tag by its number. Every suggestion carries its reasons.

- :mod:`.tokens`: words → stems; :mod:`.query`: a tag → weighted stems and a citation pattern;
- :mod:`.index`: a document → its sentence index (bm25s, imported only there);
- :mod:`.ranking`: index + query → suggestions with reasons;
- :mod:`.suggest`: an annotation file's tag → suggestions, for one document or many.
"""

from __future__ import annotations

from annotations.suggesting.ranking import Reason, Suggestion
from annotations.suggesting.suggest import find_tag, suggest, suggest_across

__all__ = ["Reason", "Suggestion", "find_tag", "suggest", "suggest_across"]
