"""The rules of a suggestion queue across a project's documents (annotations.suggesting.across):
when to move on, what travels with the queue, and that carried examples change the next
document's ranking without their spans leaving anything out of it."""

from __future__ import annotations

from annotations.documents.document import Document
from annotations.format.model import AnnotationFile, DocumentRef, Recommendation
from annotations.session.editing import AnnotationSet
from annotations.suggesting.across import MAX_CARRIED, CorpusRun, next_step
from annotations.suggesting.index import SentenceIndex
from annotations.suggesting.queue import SuggestionQueue
from annotations.suggesting.suggest import TagExamples

TEXT = (
    "Councils should share digital teams.\n\n"
    "The weather was fine and the harbour was quiet.\n\n"
    "Pooled funding keeps the harbour ferries running.\n"
)


def annotations_over(text: str) -> tuple[Document, AnnotationSet]:
    document = Document(text)
    model = AnnotationFile(
        document=DocumentRef(path="d.md", sha256=document.sha256, length=document.length)
    )
    model.taxonomy.recommendations.append(Recommendation(id="R1", title="councils share teams"))
    return document, AnnotationSet(model, document)


def test_the_queue_shows_moves_on_or_ends() -> None:
    assert next_step(True, True) == "show"
    assert next_step(True, False) == "show"
    assert next_step(False, True) == "move"
    assert next_step(False, False) == "done"


def test_a_run_carries_the_latest_examples_of_the_documents_left() -> None:
    run = CorpusRun("R1")
    assert run.carried() == ()
    run.leave(TagExamples(("tagged one",), ("rejected one",), ((0, 10),)))
    run.arrive()
    run.leave(TagExamples(tuple(f"p{i}" for i in range(MAX_CARRIED)), (), ()))
    (carried,) = run.carried()
    assert len(carried.positives) == MAX_CARRIED
    assert carried.positives[0] == "p0"  # the oldest dropped
    assert carried.negatives == ("rejected one",)
    assert carried.exclude == ()  # offsets of other documents exclude nothing here
    assert run.documents == 2


def test_passing_over_counts_the_documents_without_suggestions() -> None:
    run = CorpusRun("R1")
    run.arrive()
    run.pass_over()
    assert (run.documents, run.passed) == (2, 1)


def test_carried_examples_join_the_query_of_the_next_document() -> None:
    document, annotations = annotations_over(TEXT)
    index = SentenceIndex(document)
    alone = SuggestionQueue(index, annotations, "R1", "me")
    assert alone.current is not None
    assert document.text[alone.current.start : alone.current.end].startswith("Councils")
    alone.skip()
    assert alone.current is None  # nothing else shares a word with the tag
    carried = TagExamples(("Pooled funding for ferries.",), (), ((0, 200),))
    queue = SuggestionQueue(index, annotations, "R1", "me", carried=[carried])
    queue.skip()
    assert queue.current is not None  # the carried passage's words found a sentence here
    assert document.text[queue.current.start : queue.current.end].startswith("Pooled funding")


def test_the_documents_own_examples_are_what_it_leaves_behind() -> None:
    document, annotations = annotations_over(TEXT)
    queue = SuggestionQueue(SentenceIndex(document), annotations, "R1", "me")
    first = queue.current
    assert first is not None
    queue.accept()
    examples = queue.examples()
    assert examples.positives == (document.text[first.start : first.end],)
    assert examples.negatives == ()
