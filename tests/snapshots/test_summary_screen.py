"""Snapshot of the summary screen (S on the main screen) on the sample review, at 120x40.

The sample and analyst-a's annotations are copied into the test's folder and opened by relative
paths, as in test_screens.py, so nothing in the picture depends on where the test runs.
Regenerate with ``pytest tests/snapshots/test_summary_screen.py --snapshot-update`` and look at
the SVG under ``tests/snapshots/__snapshots__/test_summary_screen/`` before committing it.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from tui.app import PolicyAnnotateApp
from tui.launch import prepare_session
from tui.screens.summary import SummaryScreen

SnapCompare = Callable[..., bool]

SIZE = (120, 40)
DOCUMENT = "review.md"
ANNOTATIONS = "review.analyst-a.toml"


@pytest.fixture
def app(samples: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> PolicyAnnotateApp:
    """The app on a copy of the sample review and analyst-a's annotations."""
    for name in (DOCUMENT, ANNOTATIONS):
        shutil.copyfile(samples / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    session = prepare_session(Path(DOCUMENT), Path(ANNOTATIONS), "tester")
    assert session.messages == []
    return PolicyAnnotateApp(session)


async def settle(pilot: Pilot[int]) -> None:
    """Wait until nothing is left to change on screen: workers done, messages handled."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


def test_summary_screen(snap_compare: SnapCompare, app: PolicyAnnotateApp) -> None:
    """S on the main screen: the heading, the principles table and the start of the recommendations."""

    async def run_before(pilot: Pilot[int]) -> None:
        await settle(pilot)
        await pilot.press("S")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, SummaryScreen)
        body = str(screen.query_one("#summary-body", Static).render())
        assert body  # rendered from the live annotations
        toasts = [notification.message for notification in pilot.app._notifications]
        assert toasts == [], f"a toast would be in the snapshot: {toasts}"

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


async def test_summary_screen_opens_and_closes(app: PolicyAnnotateApp) -> None:
    """F2 opens the summary too, and Escape goes back to the document."""
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = pilot.app.screen
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(pilot.app.screen, SummaryScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert pilot.app.screen is main
