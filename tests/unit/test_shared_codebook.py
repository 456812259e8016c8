"""The codebook shared by a project's documents in the app: a file follows it in memory, ``R``
adds to the project file (atomically, or not at all), a recommendation's passage is found again,
and a document opened directly finds the project that lists it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from annotations.errors import SaveError
from annotations.format.model import Recommendation, Stance
from annotations.format.reading import load_annotation_file
from annotations.projects.codebook import divergence
from annotations.projects.model import Passage
from annotations.projects.project import ProjectFileError, load_project
from annotations.projects.shared_codebook import (
    add_codebook_recommendation,
    add_codebook_recommendations,
    follow_codebook,
    passage_span,
    project_of,
    recommendation_passage,
)
from annotations.session.editing import new_recommendation, next_stance


@pytest.fixture
def project(tmp_path: Path, samples: Path) -> Path:
    """A copy of the sample project."""
    folder = tmp_path / "project"
    shutil.copytree(samples, folder)
    return folder


def test_a_file_follows_the_codebook_and_keeps_its_own_tags(project: Path) -> None:
    codebook = load_project(project).model.codebook
    before = codebook.model_copy(deep=True)
    model = load_annotation_file(project / "documents" / "council.analyst-a.toml").model
    model.taxonomy.recommendations = [r for r in model.taxonomy.recommendations if r.id != "R3"]
    model.taxonomy.recommendations.append(Recommendation(id="X1", title="Their own idea"))
    model.taxonomy.principles[0].label = "Working together"

    adopted = follow_codebook(codebook, model, "council")

    assert adopted == ["R3", "collaboration"]
    ids = [r.id for r in model.taxonomy.recommendations]
    assert ids == [r.id for r in codebook.recommendations] + ["X1"]
    assert model.taxonomy.principles[0].label == "Collaboration"
    assert not divergence(codebook, model).missing
    assert codebook == before, "opening a document never changes the codebook"


def test_a_file_that_follows_the_codebook_is_left_alone(project: Path) -> None:
    codebook = load_project(project).model.codebook
    model = load_annotation_file(project / "documents" / "council.analyst-a.toml").model
    follow_codebook(codebook, model, "council")
    again = model.model_copy(deep=True)
    assert follow_codebook(codebook, model, "council") == []
    assert model == again


def test_the_review_s_file_gets_the_passages_as_spans(project: Path) -> None:
    codebook = load_project(project).model.codebook
    model = load_annotation_file(project / "review.analyst-a.toml").model
    model.taxonomy.recommendations.clear()
    follow_codebook(codebook, model, "review")
    first = model.taxonomy.recommendations[0]
    passage = codebook.recommendations[0].passage
    assert passage is not None
    assert (first.start, first.end) == (passage.start, passage.end)


def test_a_recommendation_goes_to_the_project_file_with_its_passage(project: Path) -> None:
    loaded = load_project(project)
    text = "Councils should publish their code. More words."
    entry = add_codebook_recommendation(loaded, "council", text, 0, 35, taken=["R1"])
    on_disk = load_project(project).model.codebook.recommendations
    assert on_disk[-1].id == entry.id
    assert on_disk[-1].title == "Councils should publish their code."
    assert on_disk[-1].passage == Passage(
        document="council", start=0, end=35, quote="Councils should publish their code."
    )
    assert loaded.model.codebook.recommendations[-1].id == entry.id
    assert (project / "policy-annotate.toml.bak").exists()


def test_the_new_id_is_free_in_the_codebook_and_in_the_file(project: Path) -> None:
    loaded = load_project(project)
    count = len(loaded.model.codebook.recommendations)
    taken = [f"R{count + 1}"]
    entry = add_codebook_recommendation(loaded, "council", "Words.", 0, 6, taken)
    assert entry.id == f"R{count + 2}"


def test_the_project_file_is_read_again_before_adding(project: Path) -> None:
    """A recommendation added meanwhile by another document (or a teammate) is kept."""
    mine = load_project(project)
    theirs = load_project(project)
    first = add_codebook_recommendation(theirs, "algdl", "Theirs.", 0, 7, [])
    second = add_codebook_recommendation(mine, "council", "Mine.", 0, 5, [])
    ids = [r.id for r in load_project(project).model.codebook.recommendations]
    assert ids[-2:] == [first.id, second.id]
    assert first.id != second.id


def test_detected_recommendations_go_to_the_project_file_in_one_save(project: Path) -> None:
    """``D`` in a project: every entry with its passage, one write; ids the codebook has
    (a teammate added them meanwhile) are left out and named."""
    loaded = load_project(project)
    text = "Recommendation 41: share code. Recommendation 42: publish data."
    theirs = load_project(project)
    add_codebook_recommendation(theirs, "algdl", "Theirs.", 0, 7, [])  # the next free R<n>
    taken = theirs.model.codebook.recommendations[-1].id
    detected = [
        Recommendation(id="R41", title="share code", start=0, end=30),
        Recommendation(id=taken, title="publish data", start=31, end=63),
    ]
    added, skipped = add_codebook_recommendations(loaded, "council", text, detected)
    assert [e.id for e in added] == ["R41"]
    assert skipped == [taken]
    on_disk = load_project(project).model.codebook.recommendations
    assert [r.id for r in on_disk[-2:]] == [taken, "R41"]
    assert on_disk[-1].passage == Passage(
        document="council", start=0, end=30, quote="Recommendation 41: share code."
    )
    assert loaded.model.codebook.recommendations[-1].id == "R41"  # the shared Project too
    assert added[0].for_document("council") == detected[0]


def test_nothing_left_to_add_writes_nothing(project: Path) -> None:
    loaded = load_project(project)
    path = project / "policy-annotate.toml"
    before = path.stat().st_mtime_ns, path.read_bytes()
    first = loaded.model.codebook.recommendations[0]
    again = Recommendation(id=first.id, title=first.title)
    assert add_codebook_recommendations(loaded, "council", "x", [again]) == ([], [first.id])
    assert (path.stat().st_mtime_ns, path.read_bytes()) == before
    assert not (project / "policy-annotate.toml.bak").exists()


def test_an_unwritable_project_file_changes_nothing(project: Path) -> None:
    loaded = load_project(project)
    path = project / "policy-annotate.toml"
    before = path.read_bytes()
    known = [r.id for r in loaded.model.codebook.recommendations]
    path.chmod(0o444)
    with pytest.raises(SaveError) as raised:
        add_codebook_recommendation(loaded, "council", "Words.", 0, 6, [])
    assert str(path) in str(raised.value.problems[0])
    assert path.read_bytes() == before
    assert [r.id for r in loaded.model.codebook.recommendations] == known


def test_a_broken_project_file_changes_nothing(project: Path) -> None:
    loaded = load_project(project)
    known = [r.id for r in loaded.model.codebook.recommendations]
    (project / "policy-annotate.toml").write_text("format = [", encoding="utf-8")
    with pytest.raises(ProjectFileError):
        add_codebook_recommendation(loaded, "council", "Words.", 0, 6, [])
    assert [r.id for r in loaded.model.codebook.recommendations] == known


def test_a_passage_is_found_again_by_its_quote() -> None:
    text = "Intro. Recommendation 1: do it. End."
    at = text.index("Recommendation")
    passage = Passage(document="review", start=at, end=at + 24, quote="Recommendation 1: do it.")
    assert passage_span(passage, text) == (at, at + 24)
    moved = "A new opening sentence. " + text
    assert passage_span(passage, moved) == (at + 24, at + 48)
    assert passage_span(passage, "Nothing of it here.") is None
    bare = Passage(document="review", start=0, end=6)
    assert passage_span(bare, text) == (0, 6)
    assert passage_span(bare, "tiny") is None


def test_only_recommendations_with_a_passage_have_one(project: Path) -> None:
    codebook = load_project(project).model.codebook
    assert recommendation_passage(codebook, "R1") is not None
    assert recommendation_passage(codebook, "nope") is None


def test_a_document_opened_directly_finds_the_project_listing_it(project: Path) -> None:
    found = project_of(project / "documents" / "council.md")
    assert found is not None
    assert found[1] == "council"
    stray = project / "documents" / "stray.md"
    stray.write_text("Not listed.\n", encoding="utf-8")
    assert project_of(stray) is None


def test_a_nested_project_that_does_not_list_the_document_is_passed_over(project: Path) -> None:
    inner = project / "documents"
    shutil.copyfile(project / "policy-annotate.toml", inner / "policy-annotate.toml")
    found = project_of(inner / "council.md")
    assert found is not None
    assert found[0].folder.resolve() == project.resolve()


def test_new_recommendation_takes_the_first_free_id() -> None:
    made = new_recommendation("Build  a\nboard. Rest", 0, 15, {"R1", "R3"})
    assert (made.id, made.title, made.start, made.end) == ("R2", "Build a board.", 0, 15)
    assert new_recommendation("   ", 0, 3, ()).title == "Recommendation 1"


@pytest.mark.parametrize(
    ("current", "allowed", "expected"),
    [
        (Stance.NEUTRAL, None, Stance.SUPPORT),
        (Stance.OPPOSE, None, Stance.NEUTRAL),
        (Stance.NEUTRAL, [Stance.NEUTRAL, Stance.SUPPORT, Stance.OPPOSE], Stance.SUPPORT),
        (Stance.SUPPORT, [Stance.NEUTRAL, Stance.SUPPORT, Stance.OPPOSE], Stance.OPPOSE),
        (Stance.OPPOSE, [Stance.NEUTRAL, Stance.SUPPORT, Stance.OPPOSE], Stance.NEUTRAL),
        (Stance.CAUTION, [Stance.NEUTRAL, Stance.SUPPORT], Stance.NEUTRAL),
        (Stance.NEUTRAL, [], Stance.SUPPORT),
    ],
)
def test_next_stance_follows_the_codebook_s_stances(
    current: Stance, allowed: list[Stance] | None, expected: Stance
) -> None:
    assert next_stance(current, allowed) == expected
