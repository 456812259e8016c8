"""The editing session: edits as events, derived counts and ids, and the editing rules."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from unit_helpers import DOCUMENT_TEXT, Project, make_annotation

from annotations.format.model import Annotation, Stance
from annotations.session.editing_session import (
    Changed,
    EditingSession,
    SaveStateChanged,
    SessionEvent,
)
from annotations.session.rules import (
    annotation_at,
    edit_target,
    filter_annotations,
    is_empty,
    is_stale,
    matches_filter,
    review_queue,
)
from annotations.session.store import load_store

FIRST = (0, 19)
SECOND = (20, 40)
THIRD = (42, 63)


def open_session(project: Project) -> tuple[EditingSession, list[SessionEvent]]:
    session = EditingSession(load_store(project.annotations), "tester")
    events: list[SessionEvent] = []
    session.subscribe(events.append)
    return session, events


def recount(session: EditingSession) -> tuple[Counter[str], Counter[str]]:
    principles: Counter[str] = Counter()
    recommendations: Counter[str] = Counter()
    for annotation in session.annotations:
        principles.update(annotation.principles)
        recommendations.update(annotation.recommendations)
    return principles, recommendations


# --- rules ------------------------------------------------------------------------------------


def test_is_empty() -> None:
    bare = make_annotation(DOCUMENT_TEXT, *FIRST, "x")
    assert is_empty(bare)
    assert is_empty(bare.model_copy(update={"note": "  \n"}))
    assert not is_empty(bare.model_copy(update={"note": "n"}))
    assert not is_empty(bare.model_copy(update={"stance": Stance.CAUTION}))
    assert not is_empty(bare.model_copy(update={"principles": ["redesign"]}))
    assert not is_empty(bare.model_copy(update={"recommendations": ["R1"]}))


def test_is_stale() -> None:
    annotation = make_annotation(DOCUMENT_TEXT, *FIRST, "x")
    assert not is_stale(annotation, DOCUMENT_TEXT)
    assert is_stale(annotation, "Another " + DOCUMENT_TEXT)
    assert is_stale(annotation, DOCUMENT_TEXT[:5])


def test_what_an_edit_applies_to(project: Project) -> None:
    session, _ = open_session(project)
    annotations = session.annotations
    first = annotations.exact(*FIRST)
    assert first is not None
    # a selection: the annotation spanning it exactly, else the span itself
    assert edit_target(annotations, FIRST, None, THIRD) is first
    assert edit_target(annotations, (0, 5), "a-second", THIRD) == (0, 5)
    # no selection: the current annotation, else the sentence at the cursor
    assert edit_target(annotations, None, "a-second", THIRD) is annotations.get("a-second")
    assert edit_target(annotations, None, "gone", THIRD) == THIRD
    assert edit_target(annotations, None, None, THIRD) == THIRD


def test_annotation_at_the_cursor(project: Project) -> None:
    session, _ = open_session(project)
    annotations = session.annotations
    assert annotation_at(annotations, FIRST) is annotations.get("a-first")
    assert annotation_at(annotations, (3, 4)) is annotations.get("a-first")  # containing
    assert annotation_at(annotations, THIRD) is None


def test_the_filter(project: Project) -> None:
    session, _ = open_session(project)
    model = session.model
    first, second = session.annotations.ordered()
    assert matches_filter(first, ["collab"], model)
    assert matches_filter(first, ["r1", "support"], model)
    assert not matches_filter(second, ["r1"], model)
    assert matches_filter(second, ["principle:red"], model)
    assert not matches_filter(second, ["author:someone"], model)
    everything = [first, second]
    assert filter_annotations(everything, [], model, set()) == everything
    assert filter_annotations(everything, ["stale"], model, {"a-second"}) == [second]
    assert filter_annotations(everything, ["stale", "collab"], model, {"a-second"}) == []
    assert session.visible(["redesign"]) == [second]


def test_the_review_queue_is_in_document_order() -> None:
    late = make_annotation(DOCUMENT_TEXT, *THIRD, "a")
    early = make_annotation(DOCUMENT_TEXT, *FIRST, "z")
    same_start = make_annotation(DOCUMENT_TEXT, 0, 5, "m")
    assert review_queue([late, None, early, same_start]) == [same_start, early, late]


# --- the session ------------------------------------------------------------------------------


def test_every_edit_is_told_with_its_cause(project: Project) -> None:
    session, events = open_session(project)
    edit = session.toggle_tag(THIRD, "principles", "innovation-and-disruption")
    assert events == [Changed(edit, "edit")]
    undone = session.undo()
    assert undone is edit
    assert events[-1] == Changed(edit.inverse(), "undo")
    session.redo()
    assert events[-1] == Changed(edit, "redo")
    assert session.undo() is edit
    assert session.undo() is None
    assert len(events) == 4  # the last undo found nothing: nothing told


def test_unsubscribed_listeners_hear_nothing(project: Project) -> None:
    session, events = open_session(project)
    session.unsubscribe(events.append)
    session.toggle_tag(THIRD, "principles", "innovation-and-disruption")
    assert events == []


def test_set_tags_is_one_edit_and_none_when_unchanged(project: Project) -> None:
    session, events = open_session(project)
    assert session.set_tags(FIRST, ["collaboration"], ["R1"]) is None
    assert events == []
    edit = session.set_tags(THIRD, ["redesign"], ["R1"])
    assert edit is not None
    assert len(edit.added) == 1
    assert not edit.removed
    assert session.annotations.exact(*THIRD) is edit.added[0]
    # no tag left, no note, neutral: the annotation goes
    removed = session.set_tags(THIRD, [], [])
    assert removed is not None
    assert not removed.added
    assert session.annotations.exact(*THIRD) is None


def test_counts_and_the_model_follow_every_change(project: Project) -> None:
    session, _ = open_session(project)
    assert session.principle_counts == Counter({"collaboration": 1, "redesign": 1})
    assert session.recommendation_counts == Counter({"R1": 1})
    session.toggle_tag(THIRD, "principles", "redesign")
    first = session.annotations.get("a-first")
    assert first is not None
    session.delete(first)
    assert session.principle_counts == Counter({"redesign": 2})
    assert session.recommendation_counts == Counter()
    assert session.model.annotations == session.annotations.ordered()
    session.add_recommendation(*SECOND)
    assert [r.id for r in session.model.taxonomy.recommendations] == ["R1", "R2"]


def test_stale_and_marked_ids(project: Project) -> None:
    store = load_store(project.annotations)
    marked = store.model.annotations[1]
    assert marked.model_extra is not None
    marked.model_extra["anchor"] = "fuzzy"
    store.model.annotations[0] = store.model.annotations[0].model_copy(update={"quote": "old"})
    session = EditingSession(store, "tester")
    assert session.stale_ids == {"a-first"}
    assert session.marked_ids == {"a-second"}
    assert session.review_ids == {"a-first", "a-second"}
    assert [a.id for a in session.review_queue()] == ["a-second"]
    session.accept_anchor(session.annotations.get("a-second"), *SECOND)  # type: ignore[arg-type]
    assert session.marked_ids == set()
    assert session.review_queue() == []
    session.undo()
    assert session.marked_ids == {"a-second"}
    assert session.review_ids == {"a-first", "a-second"}


EDITS = st.lists(
    st.tuples(
        st.sampled_from(["toggle", "stance", "note", "delete", "tags", "recommendation"]),
        st.sampled_from([FIRST, SECOND, THIRD, (0, 40), (5, 10)]),
        st.sampled_from(["collaboration", "redesign", "innovation-and-disruption"]),
    ),
    max_size=12,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(edits=EDITS)
def test_any_edits_keep_the_derived_state_and_undo_all_restores(
    project: Project, edits: list[tuple[str, tuple[int, int], str]]
) -> None:
    session, events = open_session(project)

    def snapshot() -> tuple[list[Annotation], list[str]]:
        ordered = session.annotations.ordered()
        return ordered, [r.id for r in session.model.taxonomy.recommendations]

    before = snapshot()
    for kind, span, tag in edits:
        if kind == "toggle":
            session.toggle_tag(span, "principles", tag)
        elif kind == "stance":
            session.cycle_stance(span)
        elif kind == "note":
            session.set_note(span, f"note on {tag}")
        elif kind == "delete":
            found = session.annotations.exact(*span)
            if found is not None:
                session.delete(found)
        elif kind == "tags":
            session.set_tags(span, [tag], [])
        else:
            session.add_recommendation(*span)
        assert (session.principle_counts, session.recommendation_counts) == recount(session)
        assert session.model.annotations == session.annotations.ordered()
    assert all(isinstance(e, Changed) and e.cause == "edit" for e in events)
    while session.undo() is not None:
        assert session.model.annotations == session.annotations.ordered()
    assert snapshot() == before
    assert (session.principle_counts, session.recommendation_counts) == recount(session)


def test_save_state_changes_are_told(project: Project) -> None:
    session, events = open_session(project)
    session.toggle_tag(THIRD, "principles", "innovation-and-disruption")
    assert session.save_status == "unsaved"
    job = session.start_save()
    assert job is not None
    assert events[-1] == SaveStateChanged("saving", project.annotations)
    assert session.start_save() is None  # one save at a time
    session.finish_save(job.run())
    assert events[-1] == SaveStateChanged("saved", project.annotations)
    assert not session.dirty


@pytest.mark.parametrize("reanchored", [True, False])
def test_a_session_can_start_unsaved(project: Project, reanchored: bool) -> None:
    session = EditingSession(load_store(project.annotations), "t", saved=not reanchored)
    assert session.dirty is reanchored


def test_the_tag_picker_edit_names_the_tags_it_changed(project: Project) -> None:
    """ "Undone: tag" said nothing of what was undone: the label names the tags."""
    session, _ = open_session(project)
    edit = session.set_tags(FIRST, ["redesign"], ["R1"])  # was collaboration, R1
    assert edit is not None
    assert edit.label == "tag redesign; untag collaboration"
    edit = session.set_tags(THIRD, ["redesign"], ["R1"])
    assert edit is not None
    assert edit.label == "tag redesign, R1"


def test_a_dialog_opened_on_an_older_version_edits_the_annotation_as_it_is_now(
    project: Project,
) -> None:
    """The note editor and the tag picker hold the annotation they were opened on; a reload or
    a merge from disk may replace it meanwhile (a teammate tagged it). Keeping the note, or the
    tags, changes that field of the annotation as it is now, and undo goes back to it."""
    session, _ = open_session(project)
    opened_on = session.annotations.exact(*FIRST)
    assert opened_on is not None
    session.toggle_tag(opened_on, "principles", "redesign")  # theirs, while the dialog is open
    theirs = session.annotations.exact(*FIRST)
    assert theirs is not None
    session.set_note(opened_on, "Mine.")
    now = session.annotations.exact(*FIRST)
    assert now is not None
    assert now.note == "Mine."
    assert now.principles == ["collaboration", "redesign"]  # their tag kept
    session.undo()
    assert session.annotations.exact(*FIRST) == theirs
    # the tag picker, opened before their change: the user took collaboration off
    session.set_tags(opened_on, [], ["R1"])
    tagged = session.annotations.exact(*FIRST)
    assert tagged is not None
    assert tagged.principles == ["redesign"]  # theirs stays, mine goes
    assert tagged.recommendations == ["R1"]
    assert session.set_tags(opened_on, ["collaboration"], ["R1"]) is None  # no change of mine


def test_a_dialog_opened_on_an_annotation_deleted_since_brings_it_back(project: Project) -> None:
    """Deleted on disk (reloaded) while the note editor was open on it: keeping the note
    brings the annotation back with it instead of failing on an id no longer there."""
    session, _ = open_session(project)
    opened_on = session.annotations.exact(*FIRST)
    assert opened_on is not None
    session.delete(opened_on)  # theirs, reloaded while the dialog is open
    session.set_note(opened_on, "Mine.")
    back = session.annotations.exact(*FIRST)
    assert back is not None
    assert (back.id, back.note) == (opened_on.id, "Mine.")
    session.delete(back)
    session.set_tags(opened_on, ["redesign"], [])
    again = session.annotations.exact(*FIRST)
    assert again is not None
    assert (again.id, again.principles) == (opened_on.id, ["redesign"])
