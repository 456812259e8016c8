"""The annotation set: position queries, the edits users make, and undo/redo."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import pytest
from unit_helpers import make_annotation

from annotations.documents.document import Document
from annotations.format.model import Annotation, AnnotationFile, DocumentRef, Recommendation, Stance
from annotations.format.taxonomy_defaults import DEFAULT_PRINCIPLES
from annotations.session.editing import AnnotationSet

TEXT = (
    "The review sets out ten recommendations. Departments should share platforms.\n\n"
    "Councils should   adopt common standards. Innovation needs room to fail safely.\n"
)
RECOMMENDATION = "Departments should share platforms."
R_START = TEXT.index(RECOMMENDATION)
R_END = R_START + len(RECOMMENDATION)
COUNCILS = TEXT.index("Councils")
END = len(TEXT)


def make_set(annotations: list[Annotation] | None = None, text: str = TEXT) -> AnnotationSet:
    document = Document(text)
    model = AnnotationFile(
        document=DocumentRef(path="doc.md", sha256=document.sha256, length=document.length),
        annotations=annotations or [],
    )
    model.taxonomy.principles = [p.model_copy(deep=True) for p in DEFAULT_PRINCIPLES]
    return AnnotationSet(model, document)


def random_annotations(seed: int, count: int, length: int = len(TEXT)) -> list[Annotation]:
    rng = random.Random(seed)
    found = []
    for number in range(count):
        start = rng.randrange(0, length - 1)
        end = rng.randrange(start + 1, min(length, start + rng.choice([2, 5, 30, 120])) + 1)
        found.append(make_annotation(TEXT, start, end, f"id{number:03d}", note="n"))
    return found


def order(annotations: list[Annotation]) -> list[Annotation]:
    return sorted(annotations, key=lambda a: (a.start, a.end, a.id))


def ids(annotations: list[Annotation]) -> list[str]:
    return [a.id for a in annotations]


def state(annotation_set: AnnotationSet) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Everything an edit can change, as plain data."""
    return (
        [a.model_dump() for a in annotation_set.ordered()],
        [r.model_dump() for r in annotation_set.model.taxonomy.recommendations],
    )


# --- queries against brute force -----------------------------------------------------------

SEEDS = [1, 2, 3, 4, 5]


@pytest.mark.parametrize("seed", SEEDS)
def test_overlapping_matches_brute_force(seed: int) -> None:
    annotations = random_annotations(seed, 60)
    annotation_set = make_set(annotations)
    rng = random.Random(seed * 7)
    for _ in range(200):
        start = rng.randrange(0, END)
        end = rng.randrange(start + 1, END + 2)
        expected = [a for a in order(annotations) if a.start < end and a.end > start]
        assert ids(annotation_set.overlapping(start, end)) == ids(expected)


@pytest.mark.parametrize("seed", SEEDS)
def test_at_matches_brute_force(seed: int) -> None:
    annotations = random_annotations(seed, 60)
    annotation_set = make_set(annotations)
    for offset in range(0, END + 2):
        inside = [a for a in annotations if a.start <= offset < a.end]
        expected = sorted(inside, key=lambda a: (a.end - a.start, a.start, a.id))
        assert ids(annotation_set.at(offset)) == ids(expected)


@pytest.mark.parametrize("seed", SEEDS)
def test_exact_matches_brute_force(seed: int) -> None:
    annotations = random_annotations(seed, 60)
    annotation_set = make_set(annotations)
    spans = {(a.start, a.end) for a in annotations} | {(0, 1), (10, 20), (END - 2, END)}
    for start, end in spans:
        same = [a for a in order(annotations) if (a.start, a.end) == (start, end)]
        found = annotation_set.exact(start, end)
        assert (found.id if found else None) == (same[0].id if same else None)


@pytest.mark.parametrize("seed", SEEDS)
def test_next_and_previous_start_match_brute_force(seed: int) -> None:
    annotations = order(random_annotations(seed, 60))
    annotation_set = make_set(annotations)
    for offset in range(-1, END + 2):
        after = [a for a in annotations if a.start > offset]
        before = [a for a in annotations if a.start < offset]
        following = annotation_set.next_start(offset)
        preceding = annotation_set.previous_start(offset)
        assert (following.id if following else None) == (after[0].id if after else None)
        assert (preceding.id if preceding else None) == (before[-1].id if before else None)


@pytest.mark.parametrize("seed", SEEDS)
def test_queries_stay_right_after_deletions(seed: int) -> None:
    annotations = random_annotations(seed, 40)
    annotation_set = make_set(annotations)
    rng = random.Random(seed)
    kept = list(annotations)
    for victim in rng.sample(annotations, 20):
        annotation_set.delete(victim)
        kept.remove(victim)
    for offset in range(0, END, 3):
        expected = [a for a in order(kept) if a.start < offset + 5 and a.end > offset]
        assert ids(annotation_set.overlapping(offset, offset + 5)) == ids(expected)
    assert ids(annotation_set.ordered()) == ids(order(kept))


def test_stale_lists_annotations_whose_quote_moved() -> None:
    still = make_annotation(TEXT, 0, 3, "still", note="n")  # "The" is still at 0-3
    moved = make_annotation(TEXT, 4, 10, "moved", note="n")  # "review" moved to 8-14
    annotation_set = make_set([still, moved], text="The " + TEXT)
    assert ids(annotation_set.stale()) == ["moved"]


# --- edits -----------------------------------------------------------------------------------


def test_toggle_tag_on_a_span_creates_an_annotation() -> None:
    annotation_set = make_set()
    annotation_set.toggle_tag((0, 40), "principles", "collaboration", "analyst-a")
    [annotation] = annotation_set.ordered()
    assert annotation.quote == TEXT[0:40]
    assert annotation.principles == ["collaboration"]
    assert annotation.author == "analyst-a"
    assert annotation.prefix == ""
    assert annotation.suffix == TEXT[40:72]


def test_toggle_tag_on_an_annotated_span_adds_to_it() -> None:
    annotation_set = make_set()
    annotation_set.toggle_tag((0, 40), "principles", "collaboration", "a")
    first = annotation_set.ordered()[0]
    annotation_set.toggle_tag((0, 40), "recommendations", "R1", "a")
    [annotation] = annotation_set.ordered()
    assert annotation.id == first.id
    assert annotation.principles == ["collaboration"]
    assert annotation.recommendations == ["R1"]


def test_toggle_tag_off_keeps_other_tags() -> None:
    annotation_set = make_set()
    annotation_set.toggle_tag((0, 40), "principles", "collaboration", "a")
    annotation_set.toggle_tag((0, 40), "principles", "redesign", "a")
    annotation_set.toggle_tag((0, 40), "principles", "collaboration", "a")
    [annotation] = annotation_set.ordered()
    assert annotation.principles == ["redesign"]


def test_removing_the_last_tag_of_an_empty_annotation_deletes_it() -> None:
    annotation_set = make_set()
    annotation_set.toggle_tag((0, 40), "principles", "collaboration", "a")
    [annotation] = annotation_set.ordered()
    annotation_set.toggle_tag(annotation, "principles", "collaboration", "a")
    assert len(annotation_set) == 0


def test_removing_the_last_tag_keeps_an_annotation_with_a_note() -> None:
    annotation_set = make_set()
    annotation_set.toggle_tag((0, 40), "principles", "collaboration", "a")
    annotation_set.set_note(annotation_set.ordered()[0], "keep me", "a")
    annotation_set.toggle_tag(annotation_set.ordered()[0], "principles", "collaboration", "a")
    [annotation] = annotation_set.ordered()
    assert annotation.principles == []
    assert annotation.note == "keep me"


def test_removing_the_last_tag_keeps_an_annotation_with_a_stance() -> None:
    annotation_set = make_set()
    annotation_set.toggle_tag((0, 40), "principles", "collaboration", "a")
    annotation_set.cycle_stance(annotation_set.ordered()[0], "a")
    annotation_set.toggle_tag(annotation_set.ordered()[0], "principles", "collaboration", "a")
    [annotation] = annotation_set.ordered()
    assert annotation.stance is Stance.SUPPORT


def test_cycle_stance_order() -> None:
    annotation_set = make_set([make_annotation(TEXT, 0, 10, "x", principles=["redesign"])])
    seen = []
    for _ in range(4):
        annotation_set.cycle_stance(annotation_set.ordered()[0], "a")
        seen.append(annotation_set.ordered()[0].stance)
    assert seen == [Stance.SUPPORT, Stance.CAUTION, Stance.OPPOSE, Stance.NEUTRAL]


def test_set_stance() -> None:
    annotation_set = make_set([make_annotation(TEXT, 0, 10, "x", principles=["redesign"])])
    annotation_set.set_stance(annotation_set.ordered()[0], Stance.OPPOSE, "a")
    assert annotation_set.ordered()[0].stance is Stance.OPPOSE


def test_set_note_on_a_span_creates_an_annotation() -> None:
    annotation_set = make_set()
    annotation_set.set_note((R_START, R_END), "First line\r\nsecond line", "analyst-b")
    [annotation] = annotation_set.ordered()
    assert annotation.quote == RECOMMENDATION
    assert annotation.note == "First line\nsecond line"
    assert annotation.author == "analyst-b"


def test_set_note_replaces_the_note() -> None:
    annotation_set = make_set([make_annotation(TEXT, 0, 10, "x", note="old")])
    annotation_set.set_note(annotation_set.ordered()[0], "new", "a")
    assert annotation_set.ordered()[0].note == "new"
    assert annotation_set.ordered()[0].id == "x"


def test_clearing_the_note_of_an_otherwise_empty_annotation_deletes_it() -> None:
    annotation_set = make_set([make_annotation(TEXT, 0, 10, "x", note="old")])
    annotation_set.set_note(annotation_set.ordered()[0], "  ", "a")
    assert len(annotation_set) == 0


def test_delete_removes_the_annotation() -> None:
    first = make_annotation(TEXT, 0, 10, "x", note="n")
    second = make_annotation(TEXT, 5, 15, "y", note="n")
    annotation_set = make_set([first, second])
    annotation_set.delete(first)
    assert ids(annotation_set.ordered()) == ["y"]
    assert annotation_set.get("x") is None


def test_add_recommendation_uses_the_text_and_next_free_id() -> None:
    annotation_set = make_set()
    annotation_set.add_recommendation(R_START, R_END)
    annotation_set.add_recommendation(COUNCILS, COUNCILS + 52)
    recommendations = annotation_set.model.taxonomy.recommendations
    assert [r.id for r in recommendations] == ["R1", "R2"]
    assert recommendations[0].title == RECOMMENDATION
    assert (recommendations[0].start, recommendations[0].end) == (R_START, R_END)
    assert recommendations[1].title == "Councils should adopt common standards. Innovation"


def test_add_recommendation_fills_the_first_gap() -> None:
    annotation_set = make_set()
    annotation_set.model.taxonomy.recommendations += [
        Recommendation(id="R1", title="one"),
        Recommendation(id="R3", title="three"),
    ]
    annotation_set.add_recommendation(R_START, R_END)
    assert [r.id for r in annotation_set.model.taxonomy.recommendations] == ["R1", "R3", "R2"]


def test_accept_anchor_moves_the_span_and_clears_the_mark() -> None:
    orphan = make_annotation(TEXT, 0, 10, "orphan", principles=["redesign"], anchor="orphaned")
    orphan = orphan.model_copy(update={"quote": "gone text!"})
    annotation_set = make_set([orphan])
    edit = annotation_set.accept_anchor(orphan, COUNCILS, COUNCILS + 8)
    [accepted] = annotation_set.ordered()
    assert edit.removed == (orphan,)
    assert edit.added == (accepted,)
    assert (accepted.start, accepted.end, accepted.quote) == (COUNCILS, COUNCILS + 8, "Councils")
    assert accepted.prefix == TEXT[COUNCILS - 32 : COUNCILS]
    assert accepted.suffix == TEXT[COUNCILS + 8 : COUNCILS + 40]
    assert "anchor" not in (accepted.model_extra or {})
    assert accepted.principles == ["redesign"]
    assert accepted.updated != orphan.updated
    assert annotation_set.stale() == []
    # the annotation that was replaced keeps its mark: undo puts it back as it was
    annotation_set.undo()
    assert annotation_set.ordered() == [orphan]
    assert (orphan.model_extra or {})["anchor"] == "orphaned"


def test_accept_anchor_refuses_a_span_outside_the_document() -> None:
    marked = make_annotation(TEXT, 0, 10, "m", note="n", anchor="fuzzy")
    annotation_set = make_set([marked])
    with pytest.raises(ValueError, match="not inside"):
        annotation_set.accept_anchor(marked, END - 2, END + 5)
    assert annotation_set.ordered() == [marked]
    assert not annotation_set.can_undo


def test_add_recommendations_is_one_edit() -> None:
    annotation_set = make_set()
    annotation_set.model.taxonomy.recommendations.append(Recommendation(id="R1", title="one"))
    edit = annotation_set.add_recommendations(
        [
            Recommendation(id="R2", title="two", start=R_START, end=R_END),
            Recommendation(id="R3", title="three"),
        ]
    )
    assert edit.label == "add recommendations R2, R3"
    recommendations = annotation_set.model.taxonomy.recommendations
    assert [r.id for r in recommendations] == ["R1", "R2", "R3"]
    assert (recommendations[1].start, recommendations[1].end) == (R_START, R_END)
    annotation_set.undo()
    assert [r.id for r in annotation_set.model.taxonomy.recommendations] == ["R1"]
    annotation_set.redo()
    assert [r.id for r in annotation_set.model.taxonomy.recommendations] == ["R1", "R2", "R3"]


@pytest.mark.parametrize(
    ("ids", "taken"), [(["R1"], "R1"), (["R2", "R2"], "R2")], ids=["in the taxonomy", "twice"]
)
def test_add_recommendations_refuses_an_id_taken(ids: list[str], taken: str) -> None:
    """An id already in the taxonomy (or twice in the list) would save a file that validate
    refuses ("duplicate recommendation id"): refused, and nothing added."""
    annotation_set = make_set()
    annotation_set.model.taxonomy.recommendations.append(Recommendation(id="R1", title="one"))
    with pytest.raises(ValueError, match=f"{taken} is already"):
        annotation_set.add_recommendations([Recommendation(id=i, title="x") for i in ids])
    assert [r.id for r in annotation_set.model.taxonomy.recommendations] == ["R1"]
    assert not annotation_set.can_undo


def test_sync_model_writes_annotations_back_sorted() -> None:
    annotation_set = make_set()
    annotation_set.set_note((R_START, R_END), "later", "a")
    annotation_set.set_note((0, 10), "earlier", "a")
    model = annotation_set.sync_model()
    assert [a.note for a in model.annotations] == ["earlier", "later"]


def test_revision_counts_changes() -> None:
    annotation_set = make_set()
    annotation_set.set_note((0, 10), "n", "a")
    annotation_set.undo()
    annotation_set.redo()
    assert annotation_set.revision == 3


# --- undo and redo ---------------------------------------------------------------------------

BASE = [
    make_annotation(TEXT, 0, 40, "tagged", principles=["collaboration"], note="a note"),
    make_annotation(TEXT, R_START, R_END, "plain", recommendations=["R1"]),
]

Change = Callable[[AnnotationSet], object]
CHANGES: dict[str, Change] = {
    "tag a new span": lambda s: s.toggle_tag(
        (COUNCILS, COUNCILS + 42), "principles", "redesign", "a"
    ),
    "tag an annotation": lambda s: s.toggle_tag(s.get("tagged"), "principles", "redesign", "a"),
    "untag to deletion": lambda s: s.toggle_tag(s.get("plain"), "recommendations", "R1", "a"),
    "cycle stance": lambda s: s.cycle_stance(s.get("tagged"), "a"),
    "set stance": lambda s: s.set_stance(s.get("plain"), Stance.CAUTION, "a"),
    "set note": lambda s: s.set_note(s.get("tagged"), "rewritten\nnote", "a"),
    "note a new span": lambda s: s.set_note((COUNCILS, COUNCILS + 42), "fresh", "a"),
    "clear note": lambda s: s.set_note(s.get("tagged"), "", "a"),
    "delete": lambda s: s.delete(s.get("tagged")),
    "add recommendation": lambda s: s.add_recommendation(R_START, R_END),
    "accept anchor": lambda s: s.accept_anchor(s.get("marked"), COUNCILS, COUNCILS + 42),
    "add recommendations": lambda s: s.add_recommendations(
        [Recommendation(id="R7", title="seven"), Recommendation(id="A2", title="two")]
    ),
}


def base_set() -> AnnotationSet:
    marked = make_annotation(TEXT, 5, 12, "marked", principles=["redesign"], anchor="fuzzy")
    annotation_set = make_set([*(a.model_copy() for a in BASE), marked])
    annotation_set.model.taxonomy.recommendations.append(Recommendation(id="R1", title="one"))
    return annotation_set


@pytest.mark.parametrize("change", CHANGES.values(), ids=list(CHANGES))
def test_undo_restores_the_exact_previous_state(change: Change) -> None:
    annotation_set = base_set()
    before = state(annotation_set)
    change(annotation_set)
    assert state(annotation_set) != before
    annotation_set.undo()
    assert state(annotation_set) == before


@pytest.mark.parametrize("change", CHANGES.values(), ids=list(CHANGES))
def test_redo_restores_the_exact_changed_state(change: Change) -> None:
    annotation_set = base_set()
    change(annotation_set)
    after = state(annotation_set)
    annotation_set.undo()
    annotation_set.redo()
    assert state(annotation_set) == after


def test_undo_and_redo_many_steps_in_order() -> None:
    annotation_set = base_set()
    states = [state(annotation_set)]
    sequence = [
        "tag a new span",
        "cycle stance",
        "set stance",
        "set note",
        "add recommendation",
        "untag to deletion",
        "delete",
    ]
    for change in (CHANGES[name] for name in sequence):
        change(annotation_set)
        states.append(state(annotation_set))
    for expected in reversed(states[:-1]):
        annotation_set.undo()
        assert state(annotation_set) == expected
    assert not annotation_set.can_undo
    for expected in states[1:]:
        annotation_set.redo()
        assert state(annotation_set) == expected
    assert not annotation_set.can_redo


def test_a_new_change_clears_redo() -> None:
    annotation_set = base_set()
    annotation_set.cycle_stance(annotation_set.ordered()[0], "a")
    annotation_set.undo()
    assert annotation_set.can_redo
    annotation_set.set_note((COUNCILS, COUNCILS + 42), "new", "a")
    assert not annotation_set.can_redo
    assert annotation_set.redo() is None


def test_undo_with_nothing_to_undo_changes_nothing() -> None:
    annotation_set = base_set()
    before = state(annotation_set)
    assert annotation_set.undo() is None
    assert state(annotation_set) == before
