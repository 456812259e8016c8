"""End to end, through tmux: the sample project's board; a passage coded in two documents (moving
with Ctrl+PgDn), a search across the corpus (its results, one opened at its passage), the
project summary with the two new annotations counted; after quitting, both annotation files on
disk hold their new annotation."""

from __future__ import annotations

import shutil
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
from test_tmux_board import annotations_on_disk, code_the_last_sentence, filter_to_the_north

pytestmark = [pytest.mark.e2e, needs_command, needs_tmux]


def test_code_two_documents_search_the_corpus_and_read_the_project_summary(
    terminal: Terminal,  # noqa: F811
    environment: dict[str, str],  # noqa: F811
    samples: Path,
) -> None:
    project = terminal.folder / "consultation"
    shutil.copytree(samples, project)
    documents = project / "documents"
    council = documents / "council.analyst-a.toml"
    public = documents / "public-0417.analyst-a.toml"
    terminal.start(["consultation", "--author", "analyst-a"], environment)
    terminal.wait_for_text("\n 8 documents · sorted by project order", STARTUP_TIMEOUT)

    # two passages in two documents, through Ctrl+PgDn (council, then public-0417)
    filter_to_the_north(terminal)
    terminal.keys("Enter")
    code_the_last_sentence(terminal, "council.analyst-a.toml", 7)
    terminal.keys("C-NPage")
    code_the_last_sentence(terminal, "public-0417.analyst-a.toml", 2)
    terminal.keys("BSpace")  # back to the board (as Esc)
    terminal.wait_for_text("2 of 8 documents", STARTUP_TIMEOUT)

    # search across the corpus: the results, then one opened at its passage, and back
    terminal.keys("/")
    terminal.wait_for_text("Search every document")
    terminal.type("councils")
    terminal.keys("Enter")
    terminal.wait_for(
        lambda screen: " matches in " in screen and " documents of 8" in screen,
        "the search done, its count line",
        STARTUP_TIMEOUT,
    )
    screen = terminal.wait_for_text("councils")
    lines = [line for line in screen.splitlines() if "councils" in line.lower()]
    assert lines[1].startswith(" council ")  # the board's rows first: its filter kept them
    terminal.keys("Enter")
    terminal.wait_for(
        lambda screen: (
            "council.analyst-a.toml" in status_line(screen) and annotation_count(screen) == 8
        ),  # loaded (Backspace waits for it), the new one kept
        "the council's response opened at the first result",
        STARTUP_TIMEOUT,
    )
    terminal.keys("BSpace")
    terminal.wait_for_text("2 of 8 documents", STARTUP_TIMEOUT)

    # the project summary, the two new annotations in its figures
    terminal.keys("S")
    terminal.wait_for_text("8 documents, 16 annotation files, 175 annotations", STARTUP_TIMEOUT)
    terminal.wait_for_text("R1  The government should establish a Digital Leadership Board")
    terminal.keys("S")  # S again: back to the board
    terminal.wait_for_text("2 of 8 documents", STARTUP_TIMEOUT)
    terminal.keys("q")
    assert terminal.wait_for_exit() == 0

    for path, before in ((council, 7), (public, 2)):
        saved = annotations_on_disk(path)
        assert len(saved) == before + 1, path
        newest = max(saved, key=lambda annotation: int(str(annotation["end"])))
        assert newest["principles"] == ["collaboration"]
