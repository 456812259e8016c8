"""The one way annotations change: reversible edits applied to an indexed annotation set.

Every change (tagging, stance, note, deleting, adding a recommendation) is an ``Edit`` that
replaces some annotations and recommendations by others. Undo applies the inverse, so undo,
redo, autosave and the display all see the same events.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from annotations.documents.anchoring import anchor_span
from annotations.documents.document import Document
from annotations.format.ids import new_id
from annotations.format.marks import ANCHOR_KEY
from annotations.format.model import (
    Annotation,
    AnnotationFile,
    Principle,
    Recommendation,
    Rejection,
    Stance,
    TagKind,
    utc_now,
)
from annotations.session.rules import is_empty
from annotations.text_plural import plural_word


@dataclass(frozen=True, slots=True)
class Edit:
    """A reversible change: annotations, recommendations, rejections and principles removed
    and added (by id; rejections by identity)."""

    label: str
    removed: tuple[Annotation, ...] = ()
    added: tuple[Annotation, ...] = ()
    removed_recommendations: tuple[Recommendation, ...] = ()
    added_recommendations: tuple[Recommendation, ...] = ()
    removed_rejections: tuple[Rejection, ...] = ()
    added_rejections: tuple[Rejection, ...] = ()
    removed_principles: tuple[Principle, ...] = ()
    added_principles: tuple[Principle, ...] = ()

    def inverse(self) -> Edit:
        """The edit that undoes this one."""
        return Edit(
            self.label,
            self.added,
            self.removed,
            self.added_recommendations,
            self.removed_recommendations,
            self.added_rejections,
            self.removed_rejections,
            self.added_principles,
            self.removed_principles,
        )

    @property
    def span(self) -> tuple[int, int] | None:
        """The stretch of text the edit touched, if any."""
        spans = [(a.start, a.end) for a in (*self.removed, *self.added)]
        if not spans:
            return None
        return min(s for s, _ in spans), max(e for _, e in spans)


@dataclass
class AnnotationSet:
    """The annotations of one file, indexed by position, with undo and redo.

    Overlap queries are O(log n + k): annotations are kept sorted by start, and no annotation is
    longer than ``_longest``, so only those starting in [start - longest, end) can overlap.
    The model's ``annotations`` list is kept in the same order after every change, so the
    model in memory never disagrees with the set.
    """

    model: AnnotationFile
    document: Document
    revision: int = 0
    _by_id: dict[str, Annotation] = field(default_factory=dict)
    _keys: list[tuple[int, int, str]] = field(default_factory=list)
    _starts: list[int] = field(default_factory=list)
    _longest: int = 0
    _undo: list[Edit] = field(default_factory=list)
    _redo: list[Edit] = field(default_factory=list)

    def __post_init__(self) -> None:
        loaded, self.model.annotations = self.model.annotations, []
        for annotation in loaded:
            self._insert(annotation)

    # --- queries --------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._by_id)

    def __iter__(self) -> Iterator[Annotation]:
        return (self._by_id[key[2]] for key in self._keys)

    def ordered(self) -> list[Annotation]:
        """All annotations by start, end, id."""
        return [self._by_id[key[2]] for key in self._keys]

    def get(self, annotation_id: str) -> Annotation | None:
        """The annotation with this id."""
        return self._by_id.get(annotation_id)

    def overlapping(self, start: int, end: int) -> list[Annotation]:
        """Annotations sharing at least one code point with [start, end), by start."""
        low = bisect_left(self._starts, start - self._longest)
        high = bisect_left(self._starts, max(end, start + 1))
        return [self._by_id[key[2]] for key in self._keys[low:high] if key[1] > start]

    def at(self, offset: int) -> list[Annotation]:
        """Annotations containing ``offset``, shortest first."""
        found = self.overlapping(offset, offset + 1)
        return sorted(found, key=lambda a: (a.end - a.start, a.start, a.id))

    def exact(self, start: int, end: int) -> Annotation | None:
        """The first annotation spanning exactly [start, end)."""
        index = bisect_left(self._keys, (start, end, ""))
        if index < len(self._keys) and self._keys[index][:2] == (start, end):
            return self._by_id[self._keys[index][2]]
        return None

    def next_start(self, offset: int) -> Annotation | None:
        """The first annotation starting after ``offset``."""
        index = bisect_right(self._starts, offset)
        return self._by_id[self._keys[index][2]] if index < len(self._keys) else None

    def previous_start(self, offset: int) -> Annotation | None:
        """The last annotation starting before ``offset``."""
        index = bisect_left(self._starts, offset) - 1
        return self._by_id[self._keys[index][2]] if index >= 0 else None

    def stale(self) -> list[Annotation]:
        """Annotations whose quote no longer matches the document at their offsets."""
        text = self.document.text
        return [a for a in self.ordered() if text[a.start : a.end] != a.quote]

    # --- changes --------------------------------------------------------------------------

    @property
    def can_undo(self) -> bool:
        """Whether there is something to undo."""
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        """Whether there is something to redo."""
        return bool(self._redo)

    def apply(self, edit: Edit) -> Edit:
        """Apply an edit, recording it for undo (and clearing redo)."""
        self._apply(edit)
        self._undo.append(edit)
        self._redo.clear()
        return edit

    def undo(self) -> Edit | None:
        """Undo the last edit; returns it (None if nothing to undo)."""
        if not self._undo:
            return None
        edit = self._undo.pop()
        self._apply(edit.inverse())
        self._redo.append(edit)
        return edit

    def redo(self) -> Edit | None:
        """Redo the last undone edit; returns it (None if nothing to redo)."""
        if not self._redo:
            return None
        edit = self._redo.pop()
        self._apply(edit)
        self._undo.append(edit)
        return edit

    def sync_model(self) -> AnnotationFile:
        """The file model (its annotations are always in step with the set)."""
        return self.model

    def _apply(self, edit: Edit) -> None:
        for annotation in edit.removed:
            self._remove(annotation.id)
        for annotation in edit.added:
            self._insert(annotation)
        recommendations = self.model.taxonomy.recommendations
        if edit.removed_recommendations:
            gone = {r.id for r in edit.removed_recommendations}
            recommendations[:] = [r for r in recommendations if r.id not in gone]
        recommendations.extend(edit.added_recommendations)
        rejections = self.model.rejections
        for rejection in edit.removed_rejections:
            # By identity: two analysts' rejections of one span are equal but distinct entries.
            at = next(i for i, r in enumerate(rejections) if r is rejection)
            del rejections[at]
        rejections.extend(edit.added_rejections)
        principles = self.model.taxonomy.principles
        if edit.removed_principles:
            gone = {p.id for p in edit.removed_principles}
            principles[:] = [p for p in principles if p.id not in gone]
        principles.extend(edit.added_principles)
        self.revision += 1

    def _insert(self, annotation: Annotation) -> None:
        if annotation.id in self._by_id:
            self._remove(annotation.id)
        self._by_id[annotation.id] = annotation
        key = (annotation.start, annotation.end, annotation.id)
        index = bisect_left(self._keys, key)
        self._keys.insert(index, key)
        self._starts.insert(index, annotation.start)
        self.model.annotations.insert(index, annotation)
        self._longest = max(self._longest, annotation.end - annotation.start)

    def _remove(self, annotation_id: str) -> None:
        annotation = self._by_id.pop(annotation_id)
        index = bisect_left(self._keys, (annotation.start, annotation.end, annotation.id))
        del self._keys[index]
        del self._starts[index]
        del self.model.annotations[index]

    # --- edits users make -----------------------------------------------------------------

    def new_annotation(
        self, start: int, end: int, author: str, now: datetime | None = None
    ) -> Annotation:
        """A fresh, untagged annotation of [start, end) (not yet added)."""
        anchor = anchor_span(self.document.text, start, end)
        moment = now or utc_now()
        return Annotation(
            id=new_id(int(moment.timestamp() * 1000)),
            start=start,
            end=end,
            quote=anchor.quote,
            prefix=anchor.prefix,
            suffix=anchor.suffix,
            author=author,
            created=moment,
            updated=moment,
        )

    def toggle_tag(
        self, target: Annotation | tuple[int, int], kind: str, tag: str, author: str
    ) -> Edit:
        """Toggle a principle (kind "principles") or recommendation ("recommendations").

        ``target`` is an annotation, or a span for which one is created. An annotation left with
        no tag, no note and a neutral stance is removed.
        """
        if isinstance(target, tuple):
            existing = self.exact(*target)
            before = existing
            annotation = existing or self.new_annotation(target[0], target[1], author)
        else:
            before = self._existing(target)
            annotation = before or target
        tags = list(getattr(annotation, kind))
        adding = tag not in tags
        tags = [*tags, tag] if adding else [t for t in tags if t != tag]
        after = annotation.model_copy(update={kind: tags, "updated": utc_now()})
        verb = "tag" if adding else "untag"
        label = f"{verb} {tag}"
        if is_empty(after):
            return self.apply(Edit(label, removed=(before,) if before else ()))
        return self.apply(Edit(label, removed=(before,) if before else (), added=(after,)))

    def set_tags(
        self,
        target: Annotation | tuple[int, int],
        principles: list[str],
        recommendations: list[str],
        author: str,
    ) -> Edit | None:
        """Give the target exactly these principles and recommendations (an annotation is
        created for a span if needed, and removed if left empty); None when nothing changes."""
        before = self._existing(target)
        if before is not None and not isinstance(target, tuple) and before is not target:
            # opened on an older version (reloaded from disk since): the user's changes to it
            principles = _rebased(target.principles, principles, before.principles)
            recommendations = _rebased(
                target.recommendations, recommendations, before.recommendations
            )
        current = (
            (set(before.principles), set(before.recommendations)) if before else (set(), set())
        )
        if current == (set(principles), set(recommendations)):
            return None
        annotation = before or self._fresh(target, author)
        after = annotation.model_copy(
            update={
                "principles": list(principles),
                "recommendations": list(recommendations),
                "updated": utc_now(),
            }
        )
        removed = (before,) if before else ()
        label = _tags_label(current, principles, recommendations)
        return self.apply(Edit(label, removed=removed, added=() if is_empty(after) else (after,)))

    def cycle_stance(
        self,
        target: Annotation | tuple[int, int],
        author: str,
        stances: Sequence[Stance] | None = None,
    ) -> Edit:
        """Move the stance to the next one (neutral, support, caution, oppose), or the next of
        ``stances`` (a project's codebook may allow fewer: ``next_stance``)."""
        annotation = self._existing(target)
        current = annotation.stance if annotation else Stance.NEUTRAL
        return self.set_stance(target, next_stance(current, stances), author)

    def set_stance(self, target: Annotation | tuple[int, int], stance: Stance, author: str) -> Edit:
        """Set the stance of an annotation (created for a span if needed)."""
        before = self._existing(target)
        annotation = before or self._fresh(target, author)
        after = annotation.model_copy(update={"stance": stance, "updated": utc_now()})
        label = f"stance {stance.value}"
        if is_empty(after):
            return self.apply(Edit(label, removed=(before,) if before else ()))
        return self.apply(Edit(label, (before,) if before else (), (after,)))

    def _fresh(self, target: Annotation | tuple[int, int], author: str) -> Annotation:
        """What an edit of a target with no annotation now starts from: a new annotation of a
        span, or an annotation deleted since a dialog was opened on it (the edit brings it
        back)."""
        return self.new_annotation(*target, author) if isinstance(target, tuple) else target

    def _existing(self, target: Annotation | tuple[int, int]) -> Annotation | None:
        """The annotation the target names as it is now (None: none yet, or gone). A dialog
        (the note editor, the tag picker) keeps the annotation it was opened on, which a reload
        or a merge from disk may have replaced, or deleted, since."""
        return self.exact(*target) if isinstance(target, tuple) else self.get(target.id)

    def set_note(self, target: Annotation | tuple[int, int], note: str, author: str) -> Edit:
        """Set the note of an annotation (created for a span if needed)."""
        if isinstance(target, tuple):
            before = self.exact(*target)
            annotation = before or self.new_annotation(target[0], target[1], author)
        else:  # as it is now; deleted on disk meanwhile, the note brings it back
            before = self._existing(target)
            annotation = before or target
        after = annotation.model_copy(update={"note": _lf_only(note), "updated": utc_now()})
        if is_empty(after):
            return self.apply(Edit("clear note", removed=(before,) if before else ()))
        return self.apply(Edit("edit note", (before,) if before else (), (after,)))

    def delete(self, annotation: Annotation) -> Edit:
        """Delete an annotation."""
        return self.apply(Edit("delete annotation", removed=(annotation,)))

    def accept_anchor(self, annotation: Annotation, start: int, end: int) -> Edit:
        """Point ``annotation`` at [start, end) and clear its re-anchoring mark (a person checked it).

        The quote, prefix and suffix are taken afresh from the document; ``updated`` is set, as
        for any analyst's edit. Raises ValueError for a span outside the document.
        """
        anchor = anchor_span(self.document.text, start, end)
        after = annotation.model_copy(
            update={
                "start": anchor.start,
                "end": anchor.end,
                "quote": anchor.quote,
                "prefix": anchor.prefix,
                "suffix": anchor.suffix,
                "updated": utc_now(),
            }
        )
        if after.model_extra is not None:
            # model_copy gave the copy its own dict of extra keys: the original keeps its mark
            after.model_extra.pop(ANCHOR_KEY, None)
        return self.apply(Edit("accept anchor", removed=(annotation,), added=(after,)))

    def reject(
        self,
        start: int,
        end: int,
        tag: str,
        kind: TagKind,
        author: str,
        now: datetime | None = None,
    ) -> Edit:
        """Record that [start, end) was suggested for ``tag`` and turned down (one edit).

        ``kind`` is "recommendation" or "principle". The passage is never suggested again for
        the tag, and serves as a negative example.
        """
        rejection = Rejection(
            tag=tag,
            kind=kind,
            start=start,
            end=end,
            quote=self.document.text[start:end],
            author=author,
            time=now or utc_now(),
        )
        return self.apply(Edit(f"reject for {tag}", added_rejections=(rejection,)))

    def add_recommendations(self, recommendations: list[Recommendation]) -> Edit:
        """Add several recommendations to the taxonomy as one edit (one undo); raises
        ValueError, adding none, when an id is already in the taxonomy or given twice."""
        seen = {r.id for r in self.model.taxonomy.recommendations}
        for recommendation in recommendations:
            if recommendation.id in seen:
                raise ValueError(f"recommendation {recommendation.id} is already in the taxonomy")
            seen.add(recommendation.id)
        ids = ", ".join(r.id for r in recommendations)
        count = len(recommendations)
        label = f"add {plural_word(count, 'recommendation')} {ids}"
        return self.apply(Edit(label, added_recommendations=tuple(recommendations)))

    def add_recommendation(self, start: int, end: int) -> Edit:
        """Add the text of [start, end) as a new recommendation, with the next free id R1, R2, ..."""
        taken = {r.id for r in self.model.taxonomy.recommendations}
        recommendation = new_recommendation(self.document.text, start, end, taken)
        return self.apply(
            Edit(f"add recommendation {recommendation.id}", added_recommendations=(recommendation,))
        )


def new_recommendation(text: str, start: int, end: int, taken: Iterable[str]) -> Recommendation:
    """A recommendation for ``text[start:end]`` (its words, on one line, as its title), with the
    first id R1, R2, ... not in ``taken``."""
    used = set(taken)
    number = 1
    while f"R{number}" in used:
        number += 1
    title = " ".join(text[start:end].split())
    return Recommendation(
        id=f"R{number}", title=title or f"Recommendation {number}", start=start, end=end
    )


def _lf_only(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def next_stance(current: Stance, allowed: Sequence[Stance] | None = None) -> Stance:
    """The stance after ``current``: the next of ``allowed`` in its order (round), the first
    of them when ``current`` is not one; every stance in turn when ``allowed`` is None or empty."""
    if not allowed:
        return current.next()
    if current not in allowed:
        return allowed[0]
    return allowed[(list(allowed).index(current) + 1) % len(allowed)]


def _tags_label(
    current: tuple[set[str], set[str]], principles: list[str], recommendations: list[str]
) -> str:
    """What giving these tags changes, for undo's notice: "tag R4", "tag redesign; untag R1"."""
    wanted = [*principles, *recommendations]
    had = [tag for tags in current for tag in sorted(tags)]
    added = [tag for tag in wanted if tag not in had]
    removed = [tag for tag in had if tag not in wanted]
    changes = [(verb, tags) for verb, tags in (("tag", added), ("untag", removed)) if tags]
    return "; ".join(f"{verb} {', '.join(tags)}" for verb, tags in changes)


def _rebased(opened: list[str], chosen: list[str], now: list[str]) -> list[str]:
    """The tags ``now``, with the changes from ``opened`` to ``chosen`` made to them (a tag
    the user took off goes, one put on comes; the others are as they are now)."""
    kept = [tag for tag in now if tag in chosen or tag not in opened]
    return kept + [tag for tag in chosen if tag not in opened and tag not in kept]
