"""The suggestion queue's rules: accept tags, reject records, skip passes, undo brings back."""

from __future__ import annotations

import pytest

from annotations.documents.document import Document
from annotations.format.model import AnnotationFile, DocumentRef, Recommendation
from annotations.format.tomlfile import dump_annotation_text, parse_annotation_text
from annotations.session.editing import AnnotationSet
from annotations.suggesting.index import SentenceIndex
from annotations.suggesting.queue import SuggestionQueue

TEXT = (
    "Councils should share digital teams. The weather was fine.\n\n"
    "Shared teams help councils. Rain fell.\n\n"
    "Digital teams of councils are shared again.\n"
)


def queue_over(text: str = TEXT) -> tuple[Document, AnnotationSet, SuggestionQueue]:
    document = Document(text)
    model = AnnotationFile(
        document=DocumentRef(path="d.md", sha256=document.sha256, length=document.length)
    )
    model.taxonomy.recommendations.append(Recommendation(id="R1", title="councils share teams"))
    annotations = AnnotationSet(model, document)
    return document, annotations, SuggestionQueue(SentenceIndex(document), annotations, "R1", "me")


def quote(document: Document, queue: SuggestionQueue) -> str:
    assert queue.current is not None
    return document.text[queue.current.start : queue.current.end]


def test_accept_tags_the_passage_as_one_edit_and_moves_on() -> None:
    document, annotations, queue = queue_over()
    first = quote(document, queue)
    edit = queue.accept()
    assert edit is not None
    assert [a.quote for a in annotations.model.annotations] == [first]
    assert annotations.model.annotations[0].recommendations == ["R1"]
    assert quote(document, queue) != first
    annotations.undo()
    queue.refresh()
    assert quote(document, queue) == first
    assert annotations.model.annotations == []


def test_reject_is_saved_with_the_file_and_never_comes_back() -> None:
    document, annotations, queue = queue_over()
    first = quote(document, queue)
    queue.reject()
    assert quote(document, queue) != first
    text = dump_annotation_text(annotations.model)
    assert "[[rejections]]" in text
    loaded, problems, _lines = parse_annotation_text(text, "f.toml")
    assert loaded is not None, problems
    assert [(r.tag, r.kind, r.quote, r.author) for r in loaded.rejections] == [
        ("R1", "recommendation", first, "me")
    ]
    seen = set()
    while queue.current is not None:
        seen.add(quote(document, queue))
        queue.skip()
    assert first not in seen


def test_undoing_a_rejection_brings_the_passage_back() -> None:
    document, annotations, queue = queue_over()
    first = quote(document, queue)
    queue.reject()
    annotations.undo()
    assert annotations.model.rejections == []
    assert queue.refresh() is not None
    assert quote(document, queue) == first
    annotations.redo()
    assert len(annotations.model.rejections) == 1


def test_skip_passes_over_a_passage_without_changing_the_file() -> None:
    document, annotations, queue = queue_over()
    first = quote(document, queue)
    queue.skip()
    assert quote(document, queue) != first
    assert annotations.model.annotations == []
    assert annotations.model.rejections == []


def test_an_empty_queue_does_nothing() -> None:
    _document, annotations, queue = queue_over("Nothing to see.\n")
    assert queue.current is None
    assert queue.accept() is None
    assert queue.reject() is None
    assert queue.skip() is None
    assert annotations.model.annotations == []


def test_an_unknown_tag_is_a_key_error() -> None:
    _document, annotations, queue = queue_over()
    with pytest.raises(KeyError):
        SuggestionQueue(queue.index, annotations, "R9", "me")
