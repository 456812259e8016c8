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
