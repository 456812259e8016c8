"""``policy-annotate project check [--fix]``: files against the codebook, no tag lost."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_project_status import annotate

from annotations.format.model import Recommendation
from annotations.format.reading import load_annotation_file
from annotations.projects.codebook import divergence
from annotations.projects.project import load_project
from annotations.session.store import load_store
from tui.cli import main

REVIEW = "# Review\n\nRecommendation 1: Build a board.\n\nRecommendation 2: Share data.\n"


@pytest.fixture
def folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    review = tmp_path / "review.md"
    review.write_text(REVIEW, encoding="utf-8")
    folder = tmp_path / "proj"
    assert main(["project", "init", str(folder), "--review", str(review)]) == 0
    response = tmp_path / "reply.md"
    response.write_text("# Reply\n\nA board, yes. Data, no.\n", encoding="utf-8")
    assert main(["project", "add", str(folder), str(response)]) == 0
    annotate(folder, "reply", "analyst-a", [("A board, yes.", "analyst-a")])
    capsys.readouterr()
    return folder


def test_a_new_file_lacks_the_codebook_s_recommendations(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["project", "check", str(folder)]) == 1
    captured = capsys.readouterr()
    path = folder / "documents" / "reply.analyst-a.toml"
    assert captured.err.strip() == (
        f"policy-annotate: {path}: taxonomy differs from the codebook: missing R1, R2"
    )
    assert "1 file checked, 1 diverges from the codebook" in captured.out


def test_fix_adopts_the_codebook_and_adds_file_only_recommendations(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = folder / "documents" / "reply.analyst-a.toml"
    store = load_store(path)
    store.model.taxonomy.recommendations.append(Recommendation(id="X1", title="Their own idea"))
    store.model.annotations[0].recommendations.append("X1")
    store.save()
    before = path.read_text(encoding="utf-8")
    assert main(["project", "check", str(folder), "--fix"]) == 0
    assert "added to the codebook: X1" in capsys.readouterr().out
    project = load_project(folder)
    assert [r.id for r in project.model.codebook.recommendations] == ["R1", "R2", "X1"]
    model = load_annotation_file(path).model
    assert [r.id for r in model.taxonomy.recommendations] == ["R1", "R2", "X1"]
    assert model.annotations[0].recommendations == ["X1"]
    assert not divergence(project.model.codebook, model)
    assert (path.with_name(path.name + ".bak")).read_text(encoding="utf-8") == before
    assert main(["project", "check", str(folder)]) == 0


def test_the_review_keeps_its_recommendation_spans(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    annotate(folder, "review", "analyst-b", [("Build a board.", "analyst-b")])
    assert main(["project", "check", str(folder), "--fix"]) == 0
    model = load_annotation_file(folder / "documents" / "review.analyst-b.toml").model
    r1 = model.recommendation("R1")
    assert r1 is not None
    assert r1.start is not None
    assert REVIEW[r1.start : r1.end].startswith("Recommendation 1")


def test_a_broken_file_is_reported_and_the_rest_checked(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = folder / "documents" / "reply.analyst-b.toml"
    broken.write_text("junk", encoding="utf-8")
    assert main(["project", "check", str(folder), "--fix"]) == 1
    captured = capsys.readouterr()
    assert f"{broken}:1: not valid TOML" in captured.err
    assert "1 file checked, 1 fixed" in captured.out
    assert broken.read_text(encoding="utf-8") == "junk"
