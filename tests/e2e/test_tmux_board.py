"""End to end, through tmux: ``policy-annotate DIR`` opens the sample project's board; a passage
is coded in two documents, moving from one to the next with Ctrl+PgDn; both annotation files
on disk hold their new annotation after quitting."""

from __future__ import annotations

import re
import shlex
import shutil
import tomllib
from pathlib import Path

import pytest
from test_tmux import (  # the tmux session and its settings
    COMMAND,
    STARTUP_TIMEOUT,
    Terminal,
    annotation_count,
    environment,  # noqa: F401 (a fixture)
    needs_command,
    needs_tmux,
    status_line,
    terminal,  # noqa: F401 (a fixture)
)

pytestmark = [pytest.mark.e2e, needs_command, needs_tmux]


def annotations_on_disk(path: Path) -> list[dict[str, object]]:
    """The annotations of an annotation file."""
    with path.open("rb") as file:
        return list(tomllib.load(file).get("annotations", []))


def filter_to_the_north(screen_session: Terminal) -> None:
    """On the board, every row read: filter it to ``region=north`` (council, public-0417) and
    wait until the box has closed, so the next Enter opens the row rather than the box."""
    screen_session.keys("f")
    screen_session.wait_for_text("filter: region=north analyst:NAME")  # the box's placeholder
    screen_session.type("region=north")
    screen_session.wait_for_text("2 of 8 documents")
    screen_session.keys("Enter")
    screen_session.wait_for(
        # the box closed: "/ Search" is back in the footer (hidden while the box has focus)
        lambda screen: (
            "filter: region=north" in screen and "public-0417" in screen and "/ Search" in screen
        ),
        "the filter kept, the two northern documents listed, the box closed",
        STARTUP_TIMEOUT,
    )


def code_the_last_sentence(screen_session: Terminal, file_name: str, count: int) -> None:
    """Wait for the document of ``file_name`` (loaded, ``count`` annotations), go to its last
    sentence (none of the sample's files annotates it) and toggle principle 1 on it."""
    screen_session.wait_for(
        lambda screen: file_name in status_line(screen) and annotation_count(screen) == count,
        f"{file_name} loaded with {count} annotations",
        STARTUP_TIMEOUT,
    )
    screen_session.keys("G")
    screen_session.keys("1")
    screen_session.wait_for(
        lambda screen: annotation_count(screen) == count + 1,
        f"{file_name}: {count + 1} annotations",
        STARTUP_TIMEOUT,
    )


def test_code_two_documents_of_the_project_through_ctrl_pgdn(
    terminal: Terminal,  # noqa: F811
    environment: dict[str, str],  # noqa: F811
    samples: Path,
) -> None:
    project = terminal.folder / "consultation"  # not "project": a subcommand
    shutil.copytree(samples, project)
    documents = project / "documents"
    council = documents / "council.analyst-a.toml"
    public = documents / "public-0417.analyst-a.toml"
    lengths = {path: len(path.read_text(encoding="utf-8")) for path in (council, public)}
    terminal.start(["consultation", "--author", "analyst-a"], environment)

    terminal.wait_for_text("\n 8 documents · sorted by project order", STARTUP_TIMEOUT)  # all read
    filter_to_the_north(terminal)
    terminal.keys("Enter")
    code_the_last_sentence(terminal, "council.analyst-a.toml", 7)
    terminal.keys("C-NPage")
    code_the_last_sentence(terminal, "public-0417.analyst-a.toml", 2)
    terminal.keys("q")
    assert terminal.wait_for_exit() == 0

    for path, before in ((council, 7), (public, 2)):
        saved = annotations_on_disk(path)
        assert len(saved) == before + 1, path
        newest = max(saved, key=lambda annotation: int(str(annotation["end"])))
        assert newest["principles"] == ["collaboration"]
        assert newest["author"] == "analyst-a"
        assert len(path.read_text(encoding="utf-8")) > lengths[path]


def test_a_broken_project_file_shows_its_problem_then_exits_1_with_it_on_stderr(
    terminal: Terminal,  # noqa: F811
    environment: dict[str, str],  # noqa: F811
    samples: Path,
) -> None:
    """The board's frame comes first and the project file is read after it: a project file
    whose name is not text is then listed on a screen; Enter ends the app with exit code 1 and
    the same line on standard error once the terminal is restored. The file is left as it was."""
    project = terminal.folder / "consultation"
    shutil.copytree(samples, project)
    path = project / "policy-annotate.toml"
    text = path.read_text(encoding="utf-8")
    broken = re.sub(r'(?m)^name = ".*"$', "name = 3", text, count=1)
    assert broken != text
    path.write_text(broken, encoding="utf-8")
    before = path.read_bytes()
    line = broken.splitlines().index("name = 3") + 1
    problem = f"policy-annotate.toml:{line}: name: Input should be a valid string"
    # Textual draws on standard error: what the command prints there after the app stays in
    # the pane while the shell sleeps.
    settings = " ".join(f"{name}={shlex.quote(value)}" for name, value in environment.items())
    command = (
        f"cd {shlex.quote(str(terminal.folder))} && env -u COLUMNS -u LINES {settings}"
        f" {shlex.quote(str(COMMAND))} consultation; echo EXIT=$? > exit.txt; sleep 60"
    )
    started = terminal.tmux(
        "new-session", "-d", "-x", "120", "-y", "40", "-s", terminal.session, command
    )
    assert started.returncode == 0, started.stderr

    shown = terminal.wait_for_text("The project file could not be read", STARTUP_TIMEOUT)
    assert problem in shown, shown
    assert not (terminal.folder / "exit.txt").is_file()

    terminal.keys("Enter")
    assert terminal.wait_for_exit() == 1
    after = terminal.wait_for_text(f"policy-annotate: consultation/{problem}")
    printed = [row for row in after.splitlines() if row.startswith("policy-annotate: ")]
    assert len(printed) == 1, after
    assert problem in printed[0]
    assert "Traceback" not in after
    assert path.read_bytes() == before
