"""What the status line says the next edit applies to (``rules.describe_target``, over the
target ``rules.edit_target`` chooses): the selection, an annotation and how far it spans, or the
sentence at the cursor."""

from __future__ import annotations

from unit_helpers import make_annotation

from annotations.documents.document import Document
from annotations.format.model import AnnotationFile, DocumentRef
from annotations.session.editing import AnnotationSet
from annotations.session.rules import describe_target, edit_target, extent

TEXT = (
    "# Title\n\n"
    "First sentence here. Second sentence here. Third one.\n\n"
    "Another paragraph. With two sentences.\n"
)
DOCUMENT = Document(TEXT)
P1 = (TEXT.index("First"), TEXT.index("Third one.") + len("Third one."))
SECOND = (TEXT.index("Second"), TEXT.index("Second sentence here.") + len("Second sentence here."))
P2_END = TEXT.index("With two sentences.") + len("With two sentences.")


def _set(*spans: tuple[int, int]) -> AnnotationSet:
    annotations = [
        make_annotation(TEXT, start, end, f"id{n}", note="n")
        for n, (start, end) in enumerate(spans)
    ]
    model = AnnotationFile(
        document=DocumentRef(path="doc.md", sha256=DOCUMENT.sha256, length=DOCUMENT.length),
        annotations=annotations,
    )
    return AnnotationSet(model, DOCUMENT)


def test_extent_names_how_much_text_a_span_covers() -> None:
    assert extent(DOCUMENT, P1) == "a paragraph"
    assert extent(DOCUMENT, SECOND) == "a sentence"
    assert extent(DOCUMENT, (P1[0], SECOND[1])) == "2 sentences"
    assert extent(DOCUMENT, (P1[0], P2_END)) == "2 paragraphs"
    assert extent(DOCUMENT, (SECOND[0], SECOND[0] + 6)) == "part of a sentence"


def test_the_sentence_inside_an_annotated_paragraph_names_the_annotation() -> None:
    annotations = _set(P1)
    [paragraph] = annotations.ordered()
    target = edit_target(annotations, None, paragraph.id, SECOND)
    assert describe_target(DOCUMENT, target, None) == "annotation (a paragraph)"


def test_the_selection_comes_first() -> None:
    annotations = _set(P1)
    [paragraph] = annotations.ordered()
    selection = (SECOND[0], SECOND[0] + 6)
    target = edit_target(annotations, selection, paragraph.id, SECOND)
    assert describe_target(DOCUMENT, target, selection) == "the selection"


def test_without_an_annotation_the_sentence_or_the_word() -> None:
    annotations = _set()
    assert describe_target(DOCUMENT, edit_target(annotations, None, None, SECOND), None) == (
        "the sentence"
    )
    word = (SECOND[0], SECOND[0] + len("Second"))
    assert describe_target(DOCUMENT, edit_target(annotations, None, None, word), None) == (
        "the word"
    )


def test_an_annotation_of_the_sentence_itself() -> None:
    annotations = _set(SECOND)
    [sentence] = annotations.ordered()
    target = edit_target(annotations, None, sentence.id, SECOND)
    assert describe_target(DOCUMENT, target, None) == "annotation (a sentence)"


def test_an_empty_document_has_nothing_to_edit() -> None:
    empty = Document("")
    assert describe_target(empty, (0, 0), None) == ""
    assert extent(empty, (0, 0)) == ""
