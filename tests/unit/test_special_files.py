"""A pipe or a device given as an annotation file or a document is refused at once with one
line, not opened: opening a pipe waits for a writer forever, and /dev/zero never ends."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from unit_helpers import Project, run_command, write_project

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """doc.md and doc.annotations.toml, a pipe pipe.toml and a file naming a pipe pipe.md."""
    made = write_project(tmp_path / "project")
    assert run_command("project", "init", "p0", cwd=made.folder).returncode == 0
    os.mkfifo(made.folder / "pipe.toml")
    os.mkfifo(made.folder / "pipe.md")
    text = made.text().replace('path = "doc.md"', 'path = "pipe.md"')
    (made.folder / "piped.toml").write_text(text, encoding="utf-8")
    return made


@pytest.mark.parametrize(
    ("arguments", "named"),
    [
        (("validate", "pipe.toml"), "pipe.toml"),
        (("summary", "pipe.toml"), "pipe.toml"),
        (("export", "pipe.toml", "-o", "out.csv"), "pipe.toml"),
        (("validate", "piped.toml"), "pipe.md"),
        (("summary", "piped.toml"), "pipe.md"),
        (("init", "pipe.md", "-o", "new.toml"), "pipe.md"),
        (("summary", "doc.annotations.toml", "--document", "pipe.md"), "pipe.md"),
        (("import", "pipe.toml", "-o", "new.toml"), "pipe.toml"),
        (("project", "init", "p", "--review", "pipe.md"), "pipe.md"),
        (
            ("project", "add-csv", "p0", "pipe.md", "--id-column", "a", "--text-column", "b"),
            "pipe.md",
        ),
    ],
)
def test_a_pipe_is_refused_without_waiting(
    project: Project, arguments: tuple[str, ...], named: str
) -> None:
    result = run_command(*arguments, cwd=project.folder)
    assert result.returncode == 1
    line = result.stderr.splitlines()[0]
    assert named in line
    assert "not a regular file" in line
    assert not (project.folder / "out.csv").exists()
    assert not (project.folder / "new.toml").exists()


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_a_device_is_refused(project: Project) -> None:
    result = run_command("validate", "/dev/zero", cwd=project.folder)
    assert result.returncode == 1
    assert "/dev/zero: is not a regular file" in result.stderr
