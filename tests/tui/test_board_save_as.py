"""After saving under another name in a document opened from the board (save-as of a file that
cannot be written, "save my version as a copy" after a conflict), the annotator's header says
whose the file it now saves to is, not whose the file it left was."""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

import tomli
import tomli_w
from test_board import annotator_ready, board_app, board_ready, project, tag_a_sentence
from textual.pilot import Pilot
from textual.widgets import Input
from tui_helpers import save_state, status_text, wait_for_autosave, wait_until

from tui.screens.dialogs import ConflictScreen, SaveAsScreen
from tui.screens.main import MainScreen

__all__ = ["project"]  # the fixture, shared with the board's tests

WIDE = (160, 40)
"""Wide enough for the header to show the file's name and whose file it is."""


async def open_the_review(pilot: Pilot[Any], path: Path) -> None:
    """Enter on the board's first row, the review: the annotator on ``path``, loaded."""
    await board_ready(pilot)
    await pilot.press("enter")
    await annotator_ready(pilot, path)


async def header_once_saving_to(pilot: Pilot[Any], path: Path) -> str:
    """The annotator's header once the dialog closed and the session saves to ``path``; it
    names the file."""
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))
    assert isinstance(app.screen, MainScreen)
    assert app.screen.annotation_path == path
    await pilot.pause()
    status = status_text(app)
    assert f"/{path.name}  " in status
    return status


def someone_else_edits(path: Path) -> None:
    """A teammate changes the first annotation's note in ``path`` on disk."""
    data = tomli.loads(path.read_text(encoding="utf-8"))
    data["annotations"][0]["note"] = "Changed by a teammate meanwhile."
    path.write_text(tomli_w.dumps(data), encoding="utf-8")


async def test_saving_a_copy_after_a_conflict_says_it_is_a_copy(project: Path) -> None:
    mine = project / "review.analyst-a.toml"
    copy = project / "review.analyst-a.mine.toml"
    app = board_app(project)
    async with app.run_test(size=WIDE) as pilot:
        await open_the_review(pilot, mine)
        assert "analyst-a's file (+1 other)" in status_text(app)
        someone_else_edits(mine)
        await tag_a_sentence(pilot)
        await wait_for_autosave(pilot)
        assert save_state(app) == "conflict"
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, ConflictScreen)
        await pilot.press("c")
        status = await header_once_saving_to(pilot, copy)
        assert "analyst-a's file" not in status
        assert "a copy (+2 others)" in status


async def test_save_as_under_an_analysts_name_says_it_is_theirs(project: Path) -> None:
    mine = project / "review.analyst-a.toml"
    mine.chmod(mine.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    carol = project / "review.carol.toml"
    app = board_app(project)
    async with app.run_test(size=WIDE) as pilot:
        await open_the_review(pilot, mine)
        await tag_a_sentence(pilot)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, SaveAsScreen))
        app.screen.query_one(Input).value = str(carol)
        await pilot.press("enter")
        status = await header_once_saving_to(pilot, carol)
        assert "carol's file (+2 others)" in status
        assert carol.is_file()
