"""``policy-annotate agreement DIR``: each pair of analysts over every document both coded."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from annotations.documents.document import load_document
from annotations.exchange.agreement import compute_agreement
from annotations.format.reading import load_annotation_file
from annotations.projects.pair_agreement import project_agreement
from annotations.projects.project import load_project
from tui.cli import main

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def test_one_document_pooled_is_the_single_document_agreement() -> None:
    project = load_project(SAMPLES)
    [pair] = project_agreement(project, "sentence", where={"kind": "review"}).pairs
    files = [SAMPLES / "review.analyst-a.toml", SAMPLES / "review.analyst-b.toml"]
    models = [load_annotation_file(f).model for f in files]
    single = compute_agreement(load_document(SAMPLES / "review.md"), models, ["a", "b"])
    assert pair.documents == ["review"]
    assert pair.units == single.units
    pooled = {(c.kind, c.id): c for c in pair.ordered()}
    for category in single.categories:
        mine = pooled[(category.kind, category.id)]
        assert mine.counts.alpha == pytest.approx(category.alpha)
        assert category.kappa is not None
        assert mine.kappa.kappa == pytest.approx(category.kappa.kappa)
    assert pair.overall.alpha == pytest.approx(single.overall.alpha)


def test_documents_are_pooled_unit_by_unit() -> None:
    project = load_project(SAMPLES)
    everything = project_agreement(project, "paragraph")
    [pair] = everything.pairs
    assert pair.analysts == ("analyst-a", "analyst-b")
    assert len(pair.documents) == 8
    one_by_one = [
        project_agreement(project, "paragraph", where={"kind": kind}).pairs[0]
        for kind in ("review", "response")
    ]
    assert pair.units == sum(p.units for p in one_by_one)  # kind is review or response
    assert pair.overall.n == sum(p.overall.n for p in one_by_one)
    assert pair.overall.disagreement == pytest.approx(
        sum(p.overall.disagreement for p in one_by_one)
    )
    assert everything.left_out == []


def test_the_command_on_the_sample_project(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["agreement", str(SAMPLES)]) == 0
    out = capsys.readouterr().out
    assert "analyst-a × analyst-b: 8 documents, " in out
    assert "recommendation R10" in out
    assert main(["agreement", str(SAMPLES), "--format", "json", "--unit", "paragraph"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["unit"] == "paragraph"
    assert data["pairs"][0]["analysts"] == ["analyst-a", "analyst-b"]
    assert {c["kind"] for c in data["pairs"][0]["categories"]} == {
        "principle",
        "recommendation",
        "stance",
    }


def test_a_missing_document_and_a_broken_file_are_left_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "samples"
    shutil.copytree(SAMPLES, folder)
    (folder / "documents" / "charity.md").unlink()
    (folder / "documents" / "council.analyst-b.toml").write_text("junk", encoding="utf-8")
    assert main(["agreement", str(folder)]) == 0
    captured = capsys.readouterr()
    warnings = captured.err.strip().splitlines()
    assert len(warnings) == 2
    assert all(w.endswith("(left out)") for w in warnings)
    assert any("charity.md" in w for w in warnings)
    assert any("council.analyst-b.toml:1: not valid TOML" in w for w in warnings)
    assert "analyst-a × analyst-b: 6 documents" in captured.out
    assert "2 files or documents left out" in captured.out


def test_a_folder_without_a_project_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["agreement", str(tmp_path)]) == 1
    [line] = capsys.readouterr().err.strip().splitlines()
    assert "policy-annotate.toml" in line
