"""``policy-annotate suggest DIR``: a codebook tag's best passages across the sample project, in
each format, with what was left out and the one-line problems."""

from __future__ import annotations

import csv
import io
import json
import shutil
import tomllib
from pathlib import Path

import pytest
from unit_helpers import run_command

from tui.cli import main

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of the sample project (the tests may break it)."""
    copy = tmp_path / "samples"
    shutil.copytree(SAMPLES, copy)
    return copy


def suggest(capsys: pytest.CaptureFixture[str], *arguments: str) -> tuple[int, str, str]:
    code = main(["suggest", *arguments])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def as_json(capsys: pytest.CaptureFixture[str], *arguments: str) -> dict[str, object]:
    code, out, err = suggest(capsys, *arguments, "--format", "json")
    assert code == 0, err
    data: dict[str, object] = json.loads(out)
    return data


def test_text_names_each_passages_document_at_80_columns(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = suggest(capsys, str(folder), "--tag", "R4", "--top", "12")
    assert code == 0, err
    assert err == ""
    assert out.startswith("R4 (recommendation): The government should create a Local Digital")
    assert " 1. score " in out
    assert "12. score " in out
    assert "13. score " not in out
    assert "    in review (review.md)" in out
    assert "documents/" in out  # a response's passage among them, with its path
    assert "why: " in out
    assert all(len(line) <= 80 for line in out.splitlines())
    # The review's own statement of R4 is never suggested.
    assert "Recommendation 4: The government should create" not in out


def test_json_gives_each_passage_its_document_and_is_deterministic(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = as_json(capsys, str(folder), "--tag", "collaboration", "--top", "15")
    assert data["tag"] == "collaboration"
    assert data["kind"] == "principle"
    assert data["project"] == str(folder)
    assert data["documents_ranked"] == 8
    assert data["left_out"] == []
    suggestions = data["suggestions"]
    assert isinstance(suggestions, list)
    assert [s["rank"] for s in suggestions] == list(range(1, 16))
    project = (folder / "policy-annotate.toml").read_text(encoding="utf-8")
    order = [line.split('"')[1] for line in project.splitlines() if line.startswith('id = "')]
    keys = [(-s["score"], order.index(s["document"]), s["start"]) for s in suggestions]
    assert keys == sorted(keys)
    for s in suggestions:
        text = (folder / s["path"]).read_text(encoding="utf-8")
        assert text[s["start"] : s["end"]] == s["quote"]
        assert {"kind", "text", "weight"} <= set(s["reasons"][0])
    assert as_json(capsys, str(folder), "--tag", "collaboration", "--top", "15") == data


def test_csv_has_a_row_per_passage_with_its_document(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = suggest(capsys, str(folder), "--tag", "R2", "--top", "5", "--format", "csv")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [row["rank"] for row in rows] == ["1", "2", "3", "4", "5"]
    assert list(rows[0])[:3] == ["rank", "document", "path"]
    for row in rows:
        text = (folder / row["path"]).read_text(encoding="utf-8")
        assert text[int(row["start"]) : int(row["end"])] == row["quote"]


def test_the_project_file_names_the_project_too(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    by_folder = as_json(capsys, str(folder), "--tag", "R4")
    by_file = as_json(capsys, str(folder / "policy-annotate.toml"), "--tag", "R4")
    assert by_file["suggestions"] == by_folder["suggestions"]


def test_tagged_passages_of_the_project_are_never_suggested(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = as_json(capsys, str(folder), "--tag", "R4", "--top", "200")
    tagged: set[tuple[str, str]] = set()
    for path in folder.rglob("*.analyst-*.toml"):
        document = path.name.split(".")[0]
        for annotation in tomllib.loads(path.read_text(encoding="utf-8"))["annotations"]:
            if "R4" in annotation.get("recommendations", []):
                tagged.add((document, annotation["quote"]))
    assert tagged
    suggested = {(s["document"], s["quote"]) for s in data["suggestions"]}  # type: ignore[union-attr]
    assert not any(
        document == d and (quote in q or q in quote)
        for document, quote in tagged
        for d, q in suggested
    )


def test_a_broken_file_and_a_missing_document_are_left_out_with_warnings(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "documents" / "council.analyst-a.toml").write_text("junk", encoding="utf-8")
    (folder / "documents" / "charity.md").unlink()
    code, out, err = suggest(capsys, str(folder), "--tag", "R4", "--format", "csv")
    assert code == 0
    lines = err.strip().splitlines()
    assert len(lines) == 3
    assert "council.analyst-a.toml:1: not valid TOML" in lines[0]
    assert lines[0].endswith("(left out)")
    assert "charity.md: no such file" in lines[1]
    assert lines[1].endswith("(left out)")
    assert lines[2] == "policy-annotate: 2 files left out; 7 documents ranked"
    documents = {row["document"] for row in csv.DictReader(io.StringIO(out))}
    assert "charity" not in documents
    data = as_json(capsys, str(folder), "--tag", "R4")
    assert len(data["left_out"]) == 2  # type: ignore[arg-type]
    assert data["documents_ranked"] == 7


def test_an_unknown_tag_is_one_line_naming_it_and_the_codebook_ids(folder: Path) -> None:
    result = run_command("suggest", str(folder), "--tag", "R99", cwd=folder)
    assert result.returncode == 1
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert "policy-annotate.toml" in line
    assert "'R99'" in line
    assert "codebook" in line
    assert "R4" in line


def test_top_must_be_positive_and_a_missing_project_is_one_line(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = suggest(capsys, str(folder), "--tag", "R4", "--top", "0")
    assert code == 1
    assert "--top" in err
    (folder / "policy-annotate.toml").unlink()
    code, _out, err = suggest(capsys, str(folder), "--tag", "R4")
    assert code == 1
    assert len(err.splitlines()) == 1
    assert "policy-annotate.toml" in err
