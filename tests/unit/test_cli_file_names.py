"""File names reach the terminal as text: an escape sequence in a name (a received file, a
cloned repository) is shown as its stand-in, never sent raw, by every line a command prints."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from unit_helpers import Project, run_command, write_project

ESCAPE = "\x1b]0;owned\x07\x1b[31m"


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """doc.md and doc.annotations.toml, with copies whose names hold escape sequences."""
    made = write_project(tmp_path / "project")
    shutil.copy(made.annotations, made.folder / f"a{ESCAPE}.toml")
    shutil.copy(made.document, made.folder / f"d{ESCAPE}.md")
    return made


@pytest.mark.parametrize(
    "arguments",
    [
        ("validate", f"a{ESCAPE}.toml"),
        ("validate", f"missing{ESCAPE}.toml"),
        ("init", f"d{ESCAPE}.md"),
        ("summary", "doc.annotations.toml", "-o", f"s{ESCAPE}.md"),
        ("project", "init", f"p{ESCAPE}"),
        ("project", "init", "p", "--review", f"d{ESCAPE}.md"),
    ],
)
def test_no_escape_sequence_of_a_file_name_reaches_the_terminal(
    project: Project, arguments: tuple[str, ...]
) -> None:
    result = run_command(*arguments, cwd=project.folder)
    assert result.stdout or result.stderr
    assert "\x1b" not in result.stdout + result.stderr
    assert "\x07" not in result.stdout + result.stderr


def test_project_add_names_the_project_without_escapes(project: Project) -> None:
    assert run_command("project", "init", f"p{ESCAPE}", cwd=project.folder).returncode == 0
    result = run_command("project", "add", f"p{ESCAPE}", "doc.md", cwd=project.folder)
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout + result.stderr


NOT_UTF8 = "a\udcff"  # the byte 0xff in a name, as Python keeps it (not UTF-8)


@pytest.fixture
def not_utf8(project: Project) -> Project:
    """Copies of the annotation file and the document whose names hold a byte not UTF-8."""
    try:
        shutil.copy(project.annotations, project.folder / f"{NOT_UTF8}.toml")
        shutil.copy(project.document, project.folder / f"{NOT_UTF8}.md")
    except (OSError, UnicodeEncodeError):
        pytest.skip("this file system keeps only UTF-8 names")
    return project


@pytest.mark.parametrize(
    "arguments",
    [
        ("summary", f"{NOT_UTF8}.toml", "--format", "json"),
        ("summary", f"{NOT_UTF8}.toml", "-o", "s.md"),
        ("summary", f"{NOT_UTF8}.toml", "-o", "s.html"),
        ("summary", f"{NOT_UTF8}.toml", "-o", "s.csv"),
        ("export", f"{NOT_UTF8}.toml", "-o", "e.csv"),
    ],
)
def test_a_name_that_is_not_utf8_is_written_with_a_stand_in(
    not_utf8: Project, arguments: tuple[str, ...]
) -> None:
    result = run_command(*arguments, cwd=not_utf8.folder)
    assert result.returncode == 0, result.stderr
    written = [p for p in not_utf8.folder.iterdir() if p.name[0] in "se" and p.name[1] == "."]
    text = written[0].read_text(encoding="utf-8") if written else result.stdout
    assert "a\N{REPLACEMENT CHARACTER}.toml" in text


def test_init_of_a_document_whose_name_is_not_utf8_is_one_line(not_utf8: Project) -> None:
    result = run_command("init", f"{NOT_UTF8}.md", cwd=not_utf8.folder)
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert "not UTF-8" in line
    assert not (not_utf8.folder / f"{NOT_UTF8}.annotations.toml").exists()
