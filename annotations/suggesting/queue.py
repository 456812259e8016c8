"""The suggestion queue: one suggested passage at a time for a tag, accepted, rejected or skipped.

The rules of the app's queue, kept here so they are tested without a screen. Accepting tags the
passage (one undoable edit of the annotation set); rejecting records a rejection (one undoable
edit, saved with the file); skipping only remembers the passage for this queue. After each, the
queue ranks again from the file as it now is, so a new tagged passage counts as a positive
example and a rejection as a negative one, and an undo brings a passage back.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from annotations.suggesting.ranking import Suggestion, rank
from annotations.suggesting.suggest import TagExamples, find_tag, tag_examples, tag_query

if TYPE_CHECKING:
    from annotations.session.editing import AnnotationSet, Edit
    from annotations.suggesting.index import SentenceIndex


class SuggestionQueue:
    """Suggestions for one tag of an annotation set, best first, one at a time."""

    def __init__(
        self,
        index: SentenceIndex,
        annotations: AnnotationSet,
        tag: str,
        author: str,
        carried: Sequence[TagExamples] = (),
    ) -> None:
        """Raises KeyError when ``tag`` is in neither the recommendations nor the principles.

        ``carried`` are examples from other documents (a queue across a project's documents,
        :mod:`.across`): their passages join the query, their spans are not this document's.
        """
        kind = find_tag(annotations.model, tag)
        if kind is None:
            raise KeyError(tag)
        self.index = index
        self.annotations = annotations
        self.tag = tag
        self.kind = kind
        self.author = author
        self.carried = tuple(carried)
        self.skipped: list[tuple[int, int]] = []
        self.current: Suggestion | None = None
        self.refresh()

    def refresh(self) -> Suggestion | None:
        """Rank again from the file as it is now; returns the new current suggestion."""
        model = self.annotations.model
        examples = self.examples()
        query = tag_query(self.index, model, self.tag, self.kind, [examples, *self.carried])
        found = rank(self.index, query, exclude=[*examples.exclude, *self.skipped], top=1)
        self.current = found[0] if found else None
        return self.current

    def examples(self) -> TagExamples:
        """What the file says about the tag now: its tagged and rejected passages."""
        return tag_examples(self.annotations.model, self.index.document, self.tag, self.kind)

    def accept(self) -> Edit | None:
        """Tag the current passage with the tag (None when the queue is empty)."""
        if self.current is None:
            return None
        field = "recommendations" if self.kind == "recommendation" else "principles"
        span = (self.current.start, self.current.end)
        edit = self.annotations.toggle_tag(span, field, self.tag, self.author)
        self.refresh()
        return edit

    def reject(self) -> Edit | None:
        """Record the current passage as rejected for the tag (None when the queue is empty)."""
        if self.current is None:
            return None
        current = self.current
        edit = self.annotations.reject(current.start, current.end, self.tag, self.kind, self.author)
        self.refresh()
        return edit

    def skip(self) -> Suggestion | None:
        """Pass over the current passage for this queue only; returns the next one."""
        if self.current is not None:
            self.skipped.append((self.current.start, self.current.end))
        return self.refresh()
