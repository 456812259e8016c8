"""Notices raised in the annotator are about its document: going back to the board (Esc), or on
to the next document (Ctrl+PgDn), they do not follow, except errors (a save that failed is not
forgotten); the board's own notices stay."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from test_board import annotator_ready, board_app, board_ready, project, tag_a_sentence
from tui_helpers import toasts, wait_for_autosave, wait_until

import annotations.session.files
from tui.app import PolicyAnnotateApp
from tui.screens.dialogs import UnsavedChangesScreen

__all__ = ["project"]  # the fixture, shared with the board's tests

SIZE = (120, 40)
OTHERS = "analyst-b has their own for this document"
"""Part of the notice the annotator raises on opening the review as analyst-a."""


def shown(app: PolicyAnnotateApp, text: str) -> bool:
    """Whether a notice on screen says ``text``."""
    return any(text in toast for toast in toasts(app))


async def test_the_annotators_notices_stay_behind_on_esc(project: Path) -> None:
    app = board_app(project)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        board = await board_ready(pilot)
        board.notify("A notice of the board's own.", timeout=60)
        await pilot.press("enter")
        await annotator_ready(pilot, project / "review.analyst-a.toml")
        await wait_until(pilot, lambda: shown(app, OTHERS))
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is board)
        await pilot.pause()
        assert shown(app, "A notice of the board's own.")
        assert not shown(app, OTHERS)


async def test_the_annotators_notices_stay_behind_on_ctrl_pgdn(project: Path) -> None:
    app = board_app(project)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await board_ready(pilot)
        await pilot.press("enter")
        await annotator_ready(pilot, project / "review.analyst-a.toml")
        await wait_until(pilot, lambda: shown(app, OTHERS))
        await pilot.press("ctrl+pagedown")
        await annotator_ready(pilot, project / "response.analyst-a.toml")
        await wait_until(pilot, lambda: shown(app, OTHERS))  # the response's own, the same words
        await pilot.pause()
        assert sum(OTHERS in toast for toast in toasts(app)) == 1


async def test_a_failed_save_is_still_said_on_the_board(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full_disk(source: object, destination: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    app = board_app(project)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        board = await board_ready(pilot)
        await pilot.press("enter")
        await annotator_ready(pilot, project / "review.analyst-a.toml")
        monkeypatch.setattr(annotations.session.files.os, "replace", full_disk)
        await tag_a_sentence(pilot)
        await wait_for_autosave(pilot)
        await wait_until(pilot, lambda: shown(app, "No space left on device"))
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, UnsavedChangesScreen))
        await pilot.press("y")  # leave anyway
        await wait_until(pilot, lambda: app.screen is board)
        await pilot.pause()
        assert shown(app, "No space left on device")
        assert not shown(app, OTHERS)
