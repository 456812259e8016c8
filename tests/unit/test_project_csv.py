"""``policy-annotate project add-csv``: one document per row; bad input named by line."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotations.projects.project import load_project
from tui.cli import main

CSV = (
    "Respondent ID,Q1 Leadership,Q2 Platforms,Region,Type\r\n"
    'p-001,"I support the board.\nIt is overdue.",Platforms worry me.,North,individual\r\n'
    "p-002,,Only this answer.,South,individual\r\n"
    ",Nobody.,,East,individual\r\n"
    "p-004,,,West,individual\r\n"
    ",,,,\r\n"
)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    assert main(["project", "init", str(tmp_path / "proj"), "--name", "P"]) == 0
    return tmp_path / "proj"


def add_csv(folder: Path, csv_path: Path, *extra: str) -> int:
    return main(
        [
            "project",
            "add-csv",
            str(folder),
            str(csv_path),
            "--id-column",
            "Respondent ID",
            "--text-column",
            "Q1 Leadership",
            "--text-column",
            "Q2 Platforms",
            "--attr-column",
            "Region",
            *extra,
        ]
    )


def test_each_row_becomes_a_document_with_sections_and_attributes(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    responses = tmp_path / "responses.csv"
    responses.write_bytes(CSV.encode("utf-8-sig"))
    assert add_csv(folder, responses, "--attr", "respondent=public") == 1
    captured = capsys.readouterr()
    assert captured.err.strip().splitlines() == [
        f"policy-annotate: {responses}:5: no value in the id column 'Respondent ID'; skipped",
        f"policy-annotate: {responses}:6: row 'p-004' has no text in 'Q1 Leadership', "
        "'Q2 Platforms'; skipped",
        f"policy-annotate: {responses}:7: an empty row; skipped",
    ]
    assert "added 2 documents" in captured.out
    assert "3 rows skipped" in captured.out
    project = load_project(folder)
    first, second = project.model.documents
    assert first.id == "p-001"
    assert first.attributes == {"respondent": "public", "Region": "North"}
    assert project.document_path(first).read_text(encoding="utf-8") == (
        "# p-001\n\n## Q1 Leadership\n\nI support the board.\nIt is overdue.\n\n"
        "## Q2 Platforms\n\nPlatforms worry me.\n"
    )
    assert project.document_path(second).read_text(encoding="utf-8") == (
        "# p-002\n\n## Q2 Platforms\n\nOnly this answer.\n"
    )


def test_a_missing_column_names_it_and_adds_nothing(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    responses = tmp_path / "responses.csv"
    responses.write_text("ID,Answer\nx,text\n", encoding="utf-8")
    assert add_csv(folder, responses) == 1
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line == (
        f"policy-annotate: {responses}:1: no columns 'Respondent ID', 'Q1 Leadership', "
        "'Q2 Platforms', 'Region' in the header (it has 'ID', 'Answer')"
    )
    assert load_project(folder).model.documents == []


def test_bad_encoding_names_the_line(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    responses = tmp_path / "responses.csv"
    responses.write_bytes(
        "Respondent ID,Q1 Leadership,Q2 Platforms,Region\np-1,ok,ok,N\np-2,caf\xe9,x,N\n".encode(
            "latin-1"
        )
    )
    assert add_csv(folder, responses) == 1
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line.startswith(f"policy-annotate: {responses}:3: not UTF-8 (byte ")
    assert load_project(folder).model.documents == []


def test_an_empty_file_and_a_missing_file_are_one_line(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    assert add_csv(folder, empty) == 1
    assert capsys.readouterr().err.strip() == (
        f"policy-annotate: {empty}: is empty (no header row)"
    )
    assert add_csv(folder, tmp_path / "absent.csv") == 1
    assert capsys.readouterr().err.strip().endswith("absent.csv: no such file")


def test_the_same_row_twice_is_refused_by_name(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    responses = tmp_path / "responses.csv"
    responses.write_text(
        "Respondent ID,Q1 Leadership,Q2 Platforms,Region\np-1,same,,N\np-1,same,,N\n",
        encoding="utf-8",
    )
    assert add_csv(folder, responses) == 1
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line == f"policy-annotate: {responses}:3: is the same as {responses}:2; skipped"
