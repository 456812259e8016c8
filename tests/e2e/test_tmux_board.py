"""End to end, through tmux: ``policy-annotate DIR`` opens the sample project's board; a passage
is coded in two documents, moving from one to the next with Ctrl+PgDn; both annotation files
on disk hold their new annotation after quitting."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest
from test_tmux import (  # the tmux session and its settings
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
    terminal.keys("f")
    terminal.wait_for_text("filter: region=north analyst:NAME")  # the box's placeholder
    terminal.type("region=north")
    terminal.wait_for_text("2 of 8 documents")
    terminal.keys("Enter")
    terminal.wait_for(
        # the box closed: "/ Search" is back in the footer (hidden while the box has focus)
        lambda screen: "filter: region=north" in screen
        and "public-0417" in screen
        and "/ Search" in screen,
        "the filter kept, the two northern documents listed, the box closed",
        STARTUP_TIMEOUT,
    )
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
