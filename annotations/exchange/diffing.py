"""Comparing two annotation files: which annotations and taxonomy entries differ, and how.

Annotations are matched by id, as ``annotations.exchange.merging`` matches them. Two files of different
documents (their ``[document].sha256`` differ) can still be compared; ``same_document`` says so.
Only the fields an analyst works on are compared: an annotation whose ``updated`` time (or
prefix/suffix) alone differs counts as the same.

``AnnotationDiff.to_json()`` returns a dict with these keys, always present and in this order:

- ``same_document``: bool, whether both files name a document with the same sha256.
- ``documents``: ``{"a": DOC, "b": DOC}``, each DOC ``{"path", "sha256", "title"}``.
- ``counts``: ``{"a", "b", "only_in_a", "only_in_b", "changed", "same"}`` (integers; ``a`` and
  ``b`` are the numbers of annotations, and ``only_in_a + changed + same == a``).
- ``only_in_a``, ``only_in_b``: lists of ``{"id", "start", "end", "quote", "stance", "author"}``,
  in file order.
- ``changed``: list of ``{"id", "quote", "changes"}`` (``quote`` is A's), where ``changes`` holds
  only the fields that differ, in this order: ``start``, ``end``, ``quote``, ``stance``, ``note``,
  ``author`` each as ``{"a": BEFORE, "b": AFTER}``; ``principles`` and ``recommendations`` each as
  ``{"added": [ids], "removed": [ids]}`` (sorted; added = in B and not in A).
- ``taxonomy``: ``{"principles": KIND, "recommendations": KIND}``, each KIND
  ``{"only_in_a": [ids], "only_in_b": [ids], "changed": [{"id", "changes"}]}`` where ``changes``
  maps a differing field (principles: ``label``, ``color``, ``description``; recommendations:
  ``title``, ``description``, ``start``, ``end``) to ``{"a": BEFORE, "b": AFTER}``.
- ``identical``: bool, true when there is no difference at all (documents aside).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from annotations.format.model import (
    Annotation,
    AnnotationFile,
    DocumentRef,
    Principle,
    Recommendation,
)

Value = str | int | None

ANNOTATION_FIELDS = ("start", "end", "quote", "stance", "note", "author")
TAG_FIELDS = ("principles", "recommendations")
PRINCIPLE_FIELDS = ("label", "color", "description")
RECOMMENDATION_FIELDS = ("title", "description", "start", "end")


@dataclass(frozen=True, slots=True)
class ValueChange:
    """A field whose value differs: ``before`` is A's, ``after`` is B's."""

    field: str
    before: Value
    after: Value


@dataclass(frozen=True, slots=True)
class TagChange:
    """Tags (principle or recommendation ids) added in B or removed from A."""

    field: str
    added: tuple[str, ...]
    removed: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ChangedAnnotation:
    """An annotation in both files whose compared fields differ."""

    id: str
    quote: str
    values: tuple[ValueChange, ...]
    tags: tuple[TagChange, ...]

    def to_json(self) -> dict[str, Any]:
        """The JSON form: ``{"id", "quote", "changes"}``."""
        changes: dict[str, Any] = {c.field: {"a": c.before, "b": c.after} for c in self.values}
        for tag in self.tags:
            changes[tag.field] = {"added": list(tag.added), "removed": list(tag.removed)}
        ordered = {
            name: changes[name] for name in (*ANNOTATION_FIELDS, *TAG_FIELDS) if name in changes
        }
        return {"id": self.id, "quote": self.quote, "changes": ordered}


@dataclass(frozen=True, slots=True)
class ChangedEntry:
    """A taxonomy entry (principle or recommendation) in both files with differing fields."""

    id: str
    values: tuple[ValueChange, ...]

    def to_json(self) -> dict[str, Any]:
        """The JSON form: ``{"id", "changes"}``."""
        return {
            "id": self.id,
            "changes": {c.field: {"a": c.before, "b": c.after} for c in self.values},
        }


@dataclass(frozen=True, slots=True)
class TaxonomyKindDiff:
    """Differences in one kind of taxonomy entry."""

    only_in_a: tuple[str, ...] = ()
    only_in_b: tuple[str, ...] = ()
    changed: tuple[ChangedEntry, ...] = ()

    @property
    def empty(self) -> bool:
        """Whether this kind of entry is the same in both files."""
        return not (self.only_in_a or self.only_in_b or self.changed)

    def to_json(self) -> dict[str, Any]:
        """The JSON form: ``{"only_in_a", "only_in_b", "changed"}``."""
        return {
            "only_in_a": list(self.only_in_a),
            "only_in_b": list(self.only_in_b),
            "changed": [entry.to_json() for entry in self.changed],
        }


@dataclass(frozen=True, slots=True)
class AnnotationDiff:
    """Everything that differs between annotation files A and B."""

    document_a: DocumentRef
    document_b: DocumentRef
    count_a: int
    count_b: int
    only_in_a: tuple[Annotation, ...]
    only_in_b: tuple[Annotation, ...]
    changed: tuple[ChangedAnnotation, ...]
    same: int
    principles: TaxonomyKindDiff = field(default_factory=TaxonomyKindDiff)
    recommendations: TaxonomyKindDiff = field(default_factory=TaxonomyKindDiff)

    @property
    def same_document(self) -> bool:
        """Whether both files annotate the same text (same sha256)."""
        return self.document_a.sha256 == self.document_b.sha256

    @property
    def identical(self) -> bool:
        """Whether there is no difference in annotations or taxonomy."""
        return not (
            self.only_in_a
            or self.only_in_b
            or self.changed
            or not self.principles.empty
            or not self.recommendations.empty
        )

    def to_json(self) -> dict[str, Any]:
        """The JSON form described in the module docstring (stable keys)."""
        return {
            "same_document": self.same_document,
            "documents": {
                "a": _document_json(self.document_a),
                "b": _document_json(self.document_b),
            },
            "counts": {
                "a": self.count_a,
                "b": self.count_b,
                "only_in_a": len(self.only_in_a),
                "only_in_b": len(self.only_in_b),
                "changed": len(self.changed),
                "same": self.same,
            },
            "only_in_a": [_annotation_json(a) for a in self.only_in_a],
            "only_in_b": [_annotation_json(b) for b in self.only_in_b],
            "changed": [c.to_json() for c in self.changed],
            "taxonomy": {
                "principles": self.principles.to_json(),
                "recommendations": self.recommendations.to_json(),
            },
            "identical": self.identical,
        }


def _document_json(document: DocumentRef) -> dict[str, Any]:
    return {"path": document.path, "sha256": document.sha256, "title": document.title}


def _annotation_json(annotation: Annotation) -> dict[str, Any]:
    return {
        "id": annotation.id,
        "start": annotation.start,
        "end": annotation.end,
        "quote": annotation.quote,
        "stance": annotation.stance.value,
        "author": annotation.author,
    }


def _plain(value: object) -> Value:
    """A field value as str, int or None (enums by their value)."""
    if isinstance(value, Enum):
        return str(value.value)
    if value is None or isinstance(value, int | str):
        return value
    return str(value)


def _value_changes(a: object, b: object, fields: Sequence[str]) -> tuple[ValueChange, ...]:
    changes = []
    for name in fields:
        before, after = _plain(getattr(a, name)), _plain(getattr(b, name))
        if before != after:
            changes.append(ValueChange(name, before, after))
    return tuple(changes)


def _compare_annotations(a: Annotation, b: Annotation) -> ChangedAnnotation | None:
    values = _value_changes(a, b, ANNOTATION_FIELDS)
    tags = []
    for name in TAG_FIELDS:
        before, after = set(getattr(a, name)), set(getattr(b, name))
        if before != after:
            tags.append(
                TagChange(name, tuple(sorted(after - before)), tuple(sorted(before - after)))
            )
    if not values and not tags:
        return None
    return ChangedAnnotation(a.id, a.quote, values, tuple(tags))


def _compare_entries(
    a: Sequence[Principle] | Sequence[Recommendation],
    b: Sequence[Principle] | Sequence[Recommendation],
    fields: Sequence[str],
) -> TaxonomyKindDiff:
    by_id_b = {entry.id: entry for entry in b}
    ids_a = {entry.id for entry in a}
    changed = []
    for entry in a:
        other = by_id_b.get(entry.id)
        if other is not None:
            values = _value_changes(entry, other, fields)
            if values:
                changed.append(ChangedEntry(entry.id, values))
    return TaxonomyKindDiff(
        only_in_a=tuple(entry.id for entry in a if entry.id not in by_id_b),
        only_in_b=tuple(entry.id for entry in b if entry.id not in ids_a),
        changed=tuple(changed),
    )


def diff(a: AnnotationFile, b: AnnotationFile) -> AnnotationDiff:
    """Compare annotation file ``a`` with ``b``: by annotation id, and the taxonomies by entry id."""
    by_id_b = {annotation.id: annotation for annotation in b.annotations}
    ids_a = {annotation.id for annotation in a.annotations}
    changed: list[ChangedAnnotation] = []
    same = 0
    for annotation in a.annotations:
        other = by_id_b.get(annotation.id)
        if other is None:
            continue
        difference = _compare_annotations(annotation, other)
        if difference is None:
            same += 1
        else:
            changed.append(difference)
    return AnnotationDiff(
        document_a=a.document,
        document_b=b.document,
        count_a=len(a.annotations),
        count_b=len(b.annotations),
        only_in_a=tuple(x for x in a.annotations if x.id not in by_id_b),
        only_in_b=tuple(x for x in b.annotations if x.id not in ids_a),
        changed=tuple(changed),
        same=same,
        principles=_compare_entries(a.taxonomy.principles, b.taxonomy.principles, PRINCIPLE_FIELDS),
        recommendations=_compare_entries(
            a.taxonomy.recommendations, b.taxonomy.recommendations, RECOMMENDATION_FIELDS
        ),
    )
