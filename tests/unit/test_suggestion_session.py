"""The suggestion queue through the editing session (each decision one announced, undoable
edit), and what the app shows of a suggestion (its reasons in words, the words highlighted)."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotations.documents.document import load_document
from annotations.format.model import Recommendation
from annotations.session.editing_session import Changed, EditingSession, SessionEvent
from annotations.session.store import new_store
from annotations.suggesting.explain import matched_words, missing_module, reason_label
from annotations.suggesting.index import SentenceIndex
from annotations.suggesting.queue import SuggestionQueue
from annotations.suggesting.ranking import Reason, Suggestion
from annotations.suggesting.tokens import Stems

TEXT = (
    "Councils should share digital teams. The weather was fine.\n\n"
    "Shared teams help councils. Rain fell.\n\n"
    "Digital teams of councils are shared again.\n"
)


def session_and_queue(tmp_path: Path) -> tuple[EditingSession, SuggestionQueue, list[SessionEvent]]:
    (tmp_path / "d.md").write_text(TEXT, encoding="utf-8")
    document = load_document(tmp_path / "d.md")
    store = new_store(document, tmp_path / "d.annotations.toml")
    store.model.taxonomy.recommendations.append(Recommendation(id="R1", title="councils teams"))
    session = EditingSession(store, "tester")
    events: list[SessionEvent] = []
    session.subscribe(events.append)
    queue = SuggestionQueue(SentenceIndex(document), session.annotations, "R1", "nobody")
    return session, queue, events


def test_accepting_is_one_announced_edit_signed_by_the_session_author(tmp_path: Path) -> None:
    session, queue, events = session_and_queue(tmp_path)
    assert queue.current is not None
    first = (queue.current.start, queue.current.end)
    edit = session.accept_suggestion(queue)
    assert edit is not None
    assert [type(e) for e in events] == [Changed]
    [annotation] = session.annotations
    assert ((annotation.start, annotation.end), annotation.recommendations) == (first, ["R1"])
    assert annotation.author == "tester"
    assert session.recommendation_counts["R1"] == 1
    assert session.dirty
    session.undo()
    assert len(session.annotations) == 0
    assert session.recommendation_counts["R1"] == 0


def test_rejecting_is_one_announced_edit_kept_in_the_model(tmp_path: Path) -> None:
    session, queue, events = session_and_queue(tmp_path)
    assert queue.current is not None
    first = (queue.current.start, queue.current.end)
    assert session.reject_suggestion(queue) is not None
    assert [type(e) for e in events] == [Changed]
    assert [(r.start, r.end, r.author) for r in session.model.rejections] == [(*first, "tester")]
    assert queue.current is not None
    assert (queue.current.start, queue.current.end) != first
    session.undo()
    assert session.model.rejections == []


def test_an_empty_queue_decides_nothing(tmp_path: Path) -> None:
    session, queue, events = session_and_queue(tmp_path)
    while queue.current is not None:
        queue.skip()
    assert session.accept_suggestion(queue) is None
    assert session.reject_suggestion(queue) is None
    assert events == []


def test_reasons_in_words() -> None:
    assert reason_label(Reason("word", "councils", 1.314)) == "councils 1.31"
    assert reason_label(Reason("heading", "Local government", 1.1)) == (
        "heading “Local government” 1.10"
    )
    assert reason_label(Reason("citation", "Recommendation 4", 0.951)) == (
        "cites “Recommendation 4” 0.95"
    )


def test_matched_words_share_a_stem_with_a_reason() -> None:
    text = "The council and its councils, Council-run; counsel."
    suggestion = Suggestion(0, len(text), 1.0, (Reason("word", "councils", 1.0),))
    spans = matched_words(text, suggestion, Stems())
    assert [text[s:e] for s, e in spans] == ["council", "councils", "Council"]


def test_matched_words_ignore_headings_and_citations() -> None:
    text = "Local government matters."
    suggestion = Suggestion(0, len(text), 1.0, (Reason("heading", "Local government", 1.0),))
    assert matched_words(text, suggestion, Stems()) == []


def test_missing_module_names_the_first_absent(monkeypatch: pytest.MonkeyPatch) -> None:
    import annotations.suggesting.explain as explain

    assert missing_module() is None  # installed with [all]
    monkeypatch.setattr(
        explain, "find_spec", lambda name: None if name == "snowballstemmer" else object()
    )
    assert missing_module() == "snowballstemmer"
