"""Messages widgets post up to the main screen, which mediates between them."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

Span = tuple[int, int]


@dataclass
class AnnotationChosen(Message):
    """The user picked an annotation in the panel (Enter or a click): jump to it."""

    annotation_id: str
    focus_document: bool = True


@dataclass
class AnnotationHighlighted(Message):
    """The highlight moved in the annotation list (the cursor follows it)."""

    annotation_id: str


@dataclass
class FilterChanged(Message):
    """The annotation panel's filter changed: show the annotations matching these terms."""

    terms: list[str]
