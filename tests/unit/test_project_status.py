"""``policy-annotate project status``: the progress board, and the problems it lists."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from unit_helpers import make_annotation

from annotations.documents.document import load_document
from annotations.format.model import Stance
from annotations.projects.layout import annotation_file_name, annotation_files
from annotations.projects.project import load_project
from annotations.session.store import new_store
from tui.cli import main


def annotate(
    folder: Path, document_id: str, analyst: str | None, spans: list[tuple[str, str]]
) -> Path:
    """Write an annotation file for ``documents/ID.md`` through the core: one annotation per
    (phrase, author)."""
    document_path = folder / "documents" / f"{document_id}.md"
    document = load_document(document_path)
    store = new_store(document, document_path.with_name(annotation_file_name(document_id, analyst)))
    for i, (phrase, author) in enumerate(spans):
        start = document.text.index(phrase)
        store.model.annotations.append(
            make_annotation(
                document.text,
                start,
                start + len(phrase),
                f"{document_id}-{author}-{i}",
                author=author,
                stance=Stance.SUPPORT,
            )
        )
    store.save()
    return store.path


@pytest.fixture
def folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    folder = tmp_path / "proj"
    assert main(["project", "init", str(folder), "--name", "Board"]) == 0
    sources = tmp_path / "in"
    sources.mkdir()
    for name, text, kind in (
        ("council", "# Council\n\nWe support it. We worry too.\n", "council"),
        ("charity", "# Charity\n\nPeople are left out. Fund it.\n", "charity"),
        ("supplier", "# Suppliers\n\nOpen markets please.\n", "supplier"),
    ):
        (sources / f"{name}.md").write_text(text, encoding="utf-8")
        assert (
            main(
                [
                    "project",
                    "add",
                    str(folder),
                    str(sources / f"{name}.md"),
                    "--attr",
                    f"type={kind}",
                ]
            )
            == 0
        )
    annotate(
        folder,
        "council",
        "analyst-a",
        [("We support it.", "analyst-a"), ("We worry too.", "analyst-a")],
    )
    annotate(folder, "council", "analyst-b", [("We support it.", "analyst-b")])
    annotate(folder, "charity", None, [("Fund it.", "analyst-b")])
    capsys.readouterr()
    return folder


def board(folder: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> dict[str, object]:
    assert main(["project", "status", str(folder), "--format", "json", *extra]) == 0
    return json.loads(capsys.readouterr().out)


def test_the_layout_finds_each_document_s_files(folder: Path) -> None:
    files = annotation_files(load_project(folder))
    assert [(f.path.name, f.analyst) for f in files["council"]] == [
        ("council.analyst-a.toml", "analyst-a"),
        ("council.analyst-b.toml", "analyst-b"),
    ]
    assert [(f.path.name, f.analyst) for f in files["charity"]] == [
        ("charity.annotations.toml", None)
    ]
    assert files["supplier"] == []


def test_the_board_counts_documents_annotations_and_analysts(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = board(folder, capsys)
    assert data["totals"] == {
        "documents": 3,
        "annotated": 2,
        "annotated_share": 0.6667,
        "annotations": 4,
        "analysts": ["analyst-a", "analyst-b"],
        "stale": 0,
        "revised": 0,
        "broken": 0,
    }
    assert main(["project", "status", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "annotated    2 (67%)" in out
    assert "analysts     analyst-a, analyst-b" in out


def test_the_board_by_analyst_and_by_attribute(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    groups = board(folder, capsys, "--by", "analyst")["groups"]
    assert isinstance(groups, dict)
    assert groups["analyst-a"]["annotations"] == 2
    assert groups["analyst-a"]["documents"] == 1
    assert groups["analyst-b"]["annotations"] == 2
    assert groups["analyst-b"]["documents"] == 2
    assert groups["(none)"]["documents"] == 1
    groups = board(folder, capsys, "--by", "attr:type")["groups"]
    assert isinstance(groups, dict)
    assert sorted(groups) == ["charity", "council", "supplier"]
    assert groups["council"]["annotations"] == 3
    assert main(["project", "status", str(folder), "--by", "colour"]) == 2
    assert "expected 'analyst' or 'attr:KEY'" in capsys.readouterr().err


def test_broken_missing_and_revised_are_listed_not_refused(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "documents" / "supplier.analyst-a.toml").write_text("junk", encoding="utf-8")
    (folder / "documents" / "charity.md").unlink()
    council = folder / "documents" / "council.md"
    council.write_text(council.read_text(encoding="utf-8") + "\nA new line.\n", encoding="utf-8")
    data = board(folder, capsys)
    totals = data["totals"]
    assert isinstance(totals, dict)
    assert totals["broken"] == 2
    assert totals["revised"] == 1
    assert totals["annotations"] == 4
    problems = data["problems"]
    assert isinstance(problems, list)
    assert len(problems) == 2
    assert any("supplier.analyst-a.toml:1: not valid TOML" in p for p in problems)
    assert any("charity.md: no such file (listed in the project)" in p for p in problems)


def test_stale_marks_are_counted(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = folder / "documents" / "council.analyst-b.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace('author = "analyst-b"', 'author = "analyst-b"\nanchor = "fuzzy"'),
        encoding="utf-8",
    )
    assert board(folder, capsys)["totals"]["stale"] == 1  # type: ignore[index]


def test_status_of_a_folder_without_a_project_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["project", "status", str(tmp_path)]) == 1
    [line] = capsys.readouterr().err.strip().splitlines()
    assert "is this a policy-annotate project?" in line


def test_a_document_linked_from_outside_the_folder_is_listed(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text("# Outside\n", encoding="utf-8")
    supplier = folder / "documents" / "supplier.md"
    supplier.unlink()
    supplier.symlink_to(outside)
    problems = board(folder, capsys)["problems"]
    assert problems == [f"{supplier}: leads outside the project folder (a symbolic link?)"]
