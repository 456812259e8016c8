"""End to end, through tmux: the suggestion queue (F) accepts two suggestions for R4, and the
annotation file on disk holds both passages tagged R4, signed by the author."""

from __future__ import annotations

import shutil
import time
import tomllib
from pathlib import Path

import pytest
from test_tmux import (  # the tmux session and its settings
    STARTUP_TIMEOUT,
    STEP_TIMEOUT,
    TITLE,
    Terminal,
    annotation_count,
    environment,  # noqa: F401 (a fixture)
    needs_command,
    needs_tmux,
    status_line,
    terminal,  # noqa: F401 (a fixture)
)

pytestmark = [pytest.mark.e2e, needs_command, needs_tmux]

FIRST = "4. establish a Local Digital Partnership with councils, backed by pooled funding;"
SECOND = "2. manage a pooled fund of €25 million a year"


def suggestion_rows(screen: str) -> str:
    """The suggestion bar's three rows (above the footer)."""
    return "\n".join(screen.rstrip("\n").split("\n")[-4:-1])


def test_accept_two_suggestions_and_find_them_in_the_file(
    terminal: Terminal,  # noqa: F811
    environment: dict[str, str],  # noqa: F811
    samples: Path,
) -> None:
    for name in ("review.md", "review.analyst-a.toml"):
        shutil.copyfile(samples / name, terminal.folder / name)
    path = terminal.folder / "review.analyst-a.toml"
    before = tomllib.loads(path.read_text(encoding="utf-8"))["annotations"]
    started = time.monotonic()
    terminal.start(["review.md", "-a", "review.analyst-a.toml", "--author", "e2e"], environment)
    terminal.wait_for(
        lambda screen: TITLE in status_line(screen) and annotation_count(screen) is not None,
        "the annotations to load",
        STARTUP_TIMEOUT,
    )
    terminal.keys("F")
    terminal.wait_for_text("Suggest passages for which tag?")
    terminal.type("R4")
    terminal.keys("Enter")  # typed at once, as a user does: the filter still decides
    first = terminal.wait_for(
        lambda screen: "Suggest R4" in screen and "Why:" in screen,
        "the first suggestion for R4",
        STEP_TIMEOUT,
    )
    assert FIRST in suggestion_rows(first)
    assert "a r . Suggestion" in first.rstrip("\n").rsplit("\n", 1)[-1]
    terminal.keys("a")
    second = terminal.wait_for(
        lambda screen: SECOND in suggestion_rows(screen), "the second suggestion", STEP_TIMEOUT
    )
    assert annotation_count(second) == len(before) + 1
    terminal.keys("a")
    terminal.wait_for(
        lambda screen: (
            annotation_count(screen) == len(before) + 2 and SECOND not in suggestion_rows(screen)
        ),
        "the second passage tagged, a third suggested",
        STEP_TIMEOUT,
    )
    terminal.keys("Escape")
    terminal.wait_for(
        lambda screen: "Why:" not in screen, "the suggestion bar to close", STEP_TIMEOUT
    )
    terminal.keys("C-s")
    terminal.wait_for(lambda screen: "✓ saved" in status_line(screen), "the save", STEP_TIMEOUT)
    terminal.keys("q")
    assert terminal.wait_for_exit() == 0
    elapsed = time.monotonic() - started

    after = tomllib.loads(path.read_text(encoding="utf-8"))["annotations"]
    added = [a for a in after if a["id"] not in {b["id"] for b in before}]
    assert [a["quote"] for a in added] == [FIRST, added[1]["quote"]]
    assert added[1]["quote"].startswith(SECOND)
    for annotation in added:
        assert annotation["recommendations"] == ["R4"]
        assert annotation.get("principles", []) == []
        assert annotation["author"] == "e2e"
    print(f"two suggestions accepted, saved and quit in {elapsed:.1f}s")
