"""The sample project (samples/): every annotation file validates, the board is clean, every
file follows the codebook, and the command line reads it without writing to it."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from annotations.checking import validate_file
from annotations.projects.layout import annotation_files
from annotations.projects.project import load_project
from tui.cli import main

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def fingerprint() -> dict[str, str]:
    return {
        str(path.relative_to(SAMPLES)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(SAMPLES.rglob("*"))
        if path.is_file()
    }


def sample_annotation_files() -> list[Path]:
    files = annotation_files(load_project(SAMPLES))
    return [ref.path for refs in files.values() for ref in refs]


def test_the_sample_project_has_its_documents_and_two_analysts() -> None:
    project = load_project(SAMPLES)
    kinds = {d.attributes.get("organisation-type") for d in project.model.documents}
    assert {"local-government-association", "supplier-body", "charity", "council"} <= kinds
    assert sum(d.attributes.get("respondent") == "individual" for d in project.model.documents) == 2
    files = annotation_files(project)
    for document in project.model.documents:
        analysts = {ref.analyst for ref in files[document.id]}
        assert analysts == {"analyst-a", "analyst-b"}, document.id


@pytest.mark.parametrize("path", sample_annotation_files(), ids=lambda path: path.name)
def test_every_sample_annotation_file_validates(path: Path) -> None:
    assert [str(p) for p in validate_file(path)] == []


def test_status_and_check_are_clean_and_write_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    before = fingerprint()
    assert main(["project", "status", str(SAMPLES), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["problems"] == []
    assert data["totals"]["documents"] == 8
    assert data["totals"]["annotated"] == 8
    assert data["totals"]["analysts"] == ["analyst-a", "analyst-b"]
    assert main(["project", "check", str(SAMPLES)]) == 0
    assert "0 diverge from the codebook" in capsys.readouterr().out
    assert fingerprint() == before
