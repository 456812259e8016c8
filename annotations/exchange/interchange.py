"""What the interchange formats (REFI-QDA, W3C Web Annotation) share: stable ids and exportability.

Every identifier an export writes is a UUID derived with ``uuid5`` from what it names (an
annotation id, a tag id, an author), so exporting the same file twice gives the same ids and the
outputs diff cleanly. docs/interchange.md lists the derivations.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable

from annotations.format.model import Annotation, AnnotationFile

# uuid5(NAMESPACE_URL, "https://policy-annotate.invalid/interchange"): fixed for ever.
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://policy-annotate.invalid/interchange")
STANCE_COLORS = {"support": "#4e9a06", "caution": "#c4a000", "oppose": "#cc0000"}
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def stable_guid(kind: str, *names: str) -> str:
    """A UUID (lower-case, with hyphens) that always names the same ``kind`` of thing ``names``."""
    return str(uuid.uuid5(NAMESPACE, "\x1f".join((kind, *names))))


def annotation_guid(annotation_id: str) -> str:
    """The UUID of an annotation (its REFI-QDA selection guid and its W3C ``urn:uuid`` id)."""
    return stable_guid("annotation", annotation_id)


def tag_guid(kind: str, tag_id: str) -> str:
    """The UUID of a principle (``kind="principle"``), recommendation or stance."""
    return stable_guid(kind, tag_id)


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold (each replaced by U+FFFD)."""
    return _XML_ILLEGAL.sub("\ufffd", text)


def single_line(text: str) -> str:
    """``text`` with every run of white space (line breaks included) made one space."""
    return " ".join(text.split())


def exportable(model: AnnotationFile, text: str) -> tuple[list[Annotation], list[Annotation]]:
    """The annotations whose quote is the text at their offsets, and those that no longer fit."""
    fit: list[Annotation] = []
    unfit: list[Annotation] = []
    for annotation in model.annotations:
        good = annotation.end <= len(text) and text[annotation.start : annotation.end] == (
            annotation.quote
        )
        (fit if good else unfit).append(annotation)
    return fit, unfit


def authors_of(annotations: Iterable[Annotation]) -> list[str]:
    """The distinct non-empty authors, in order of first appearance."""
    seen: dict[str, None] = {}
    for annotation in annotations:
        if annotation.author:
            seen.setdefault(annotation.author, None)
    return list(seen)
