"""Snapshot of the suggestion bar (F, R4 chosen, one passage accepted): the second suggestion
under the cursor, its reasons, its matching words highlighted, the queue's keys in the footer.

As in test_screens.py, the sample is copied into the test's folder and opened by relative
paths. Regenerate with ``pytest tests/snapshots/test_suggestion_bar.py --snapshot-update`` and
look at the SVG under ``tests/snapshots/__snapshots__/test_suggestion_bar/``.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tui.app import PolicyAnnotateApp
from tui.launch import prepare_session
from tui.screens.main import MainScreen
from tui.screens.tag_chooser import TagChooser
from tui.widgets.document_view import DocumentView
from tui.widgets.suggestion_bar import SuggestionBar

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
    return PolicyAnnotateApp(prepare_session(Path(DOCUMENT), Path(ANNOTATIONS), "tester"))


async def settle(pilot: Pilot[int]) -> None:
    """Wait until nothing is left to change on screen: workers done, messages handled."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


def test_suggestion_bar(snap_compare: SnapCompare, app: PolicyAnnotateApp) -> None:
    """F, R4, Enter, then a: the second suggestion, "2. manage a pooled fund…", is under the
    cursor; the bar shows 7 tagged, the score and reasons, the passage with its matching words."""

    async def run_before(pilot: Pilot[int]) -> None:
        await settle(pilot)
        await pilot.press("F")
        await settle(pilot)
        assert isinstance(pilot.app.screen, TagChooser)
        await pilot.press("R", "4", "enter")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        pilot.app.clear_notifications()
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, MainScreen)
        bar = screen.query_one(SuggestionBar)
        assert bar.display
        assert bar.item is not None
        assert bar.item.passage.startswith("2. manage a pooled fund")
        view = screen.query_one(DocumentView)
        start, end = view.cursor
        assert screen.editing.document.text[start:end] == bar.item.passage

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
