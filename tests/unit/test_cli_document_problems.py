"""A document that the annotation file names but that cannot be read (gone, a folder, not text)
is reported by every command as the annotation file's problem: one line naming the annotation
file, its document and the reason, so that with several files one knows which one to fix."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from unit_helpers import Project, run_command, write_project

COMMANDS: list[tuple[str, ...]] = [
    ("validate", "doc.annotations.toml"),
    ("summary", "doc.annotations.toml"),
    ("suggest", "doc.annotations.toml", "--tag", "R1"),
    ("reanchor", "doc.annotations.toml", "-o", "out.toml"),
    ("agreement", "doc.annotations.toml", "doc.b.toml"),
    ("export", "doc.annotations.toml", "-o", "out.qdpx"),
    ("export", "doc.annotations.toml", "-o", "out.csv"),
    ("export", "doc.annotations.toml", "-o", "out.jsonld"),
]


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """doc.annotations.toml and doc.b.toml, naming a document that is not there."""
    made = write_project(tmp_path / "project")
    made.edit('path = "doc.md"', 'path = "gone.md"')
    shutil.copy(made.annotations, made.folder / "doc.b.toml")
    return made


@pytest.mark.parametrize("arguments", COMMANDS, ids=lambda a: "-".join(a[:1] + a[-1:]))
def test_a_missing_document_is_the_annotation_files_problem(
    project: Project, arguments: tuple[str, ...]
) -> None:
    result = run_command(*arguments, cwd=project.folder)
    assert result.returncode == 1
    line = result.stderr.splitlines()[0]
    assert line.startswith("policy-annotate: doc.annotations.toml"), line
    assert "gone.md: no such file" in line
    assert not any(project.folder.glob("out.*"))


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda path: path.mkdir(), "is a folder"),
        (lambda path: path.write_bytes(b"\x00\x01binary"), "binary file"),
    ],
)
def test_an_unreadable_document_is_the_annotation_files_problem(
    project: Project, make: object, reason: str
) -> None:
    assert callable(make)
    make(project.folder / "gone.md")
    for arguments in (COMMANDS[3], COMMANDS[4], COMMANDS[5]):
        result = run_command(*arguments, cwd=project.folder)
        assert result.returncode == 1
        line = result.stderr.splitlines()[0]
        assert line.startswith("policy-annotate: doc.annotations.toml"), line
        assert reason in line


@pytest.mark.parametrize(
    "arguments",
    [
        ("summary", "doc.annotations.toml", "--document", "folder"),
        ("validate", "doc.annotations.toml", "--document", "folder"),
        ("export", "doc.annotations.toml", "--document", "folder", "-o", "out.csv"),
    ],
    ids=lambda a: a[0],
)
def test_a_document_the_user_names_is_its_own_problem(
    project: Project, arguments: tuple[str, ...]
) -> None:
    """--document DOC that cannot be read: DOC's problem, not the annotation file's
    ``[document].path``, which names another."""
    (project.folder / "folder").mkdir()
    result = run_command(*arguments, cwd=project.folder)
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert line == "policy-annotate: folder: is a folder, not a document", line
