"""Snapshot tests of the document board on a copy of the sample project (120x40 and 80x24),
with a filter typed, and of the annotator opened from it (its footer has the board's keys).

Regenerate with ``pytest tests/snapshots --snapshot-update`` and look at the SVGs under
``tests/snapshots/__snapshots__/`` before committing them.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from tui.app import PolicyAnnotateApp
from tui.project_launch import prepare_board
from tui.screens.board import BoardScreen
from tui.screens.main import MainScreen

SnapCompare = Callable[..., bool]
RunBefore = Callable[[Pilot[int]], Awaitable[None]]

SIZE = (120, 40)
SMALLEST = (80, 24)


@pytest.fixture
def app(samples: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> PolicyAnnotateApp:
    """The app on the board of a copy of the sample project, as analyst-a."""
    shutil.copytree(samples, tmp_path / "project")
    monkeypatch.chdir(tmp_path)
    # The rows come in batches as they are read, as for the user: the board widens its columns
    # before each batch is drawn (tests/tui/test_board_columns.py), so the picture does not
    # depend on how the machine's speed splits them.
    return PolicyAnnotateApp(board=prepare_board(Path("project"), "analyst-a"))


async def settle(pilot: Pilot[int]) -> None:
    """Wait until every row is read and drawn, and nothing else is left to change."""
    app = pilot.app

    def settled() -> bool:
        board = next((s for s in app.screen_stack if isinstance(s, BoardScreen)), None)
        return (
            board is not None
            and board.loaded
            and board.table.virtual_size.height == len(board.order) + 1
        )

    deadline = time.monotonic() + 60  # generous: a loaded machine reads slowly
    while not settled() and time.monotonic() < deadline:
        await pilot.pause(0.02)
    assert settled(), "the board never showed all its rows"
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    # The table measures its columns after rows arrive, a refresh or two later: wait until
    # two screenshots in a row are the same.
    previous = ""
    while time.monotonic() < deadline:
        await pilot.pause(0.05)
        current = app.export_screenshot()
        if current == previous:
            break
        previous = current


def keys_then(keys: Iterable[str], screen: type = BoardScreen) -> RunBefore:
    """A ``run_before`` pressing ``keys`` and waiting for ``screen`` to be on top, settled."""

    async def run_before(pilot: Pilot[int]) -> None:
        await settle(pilot)
        if keys:
            await pilot.press(*keys)
        for _ in range(500):
            top = pilot.app.screen
            if isinstance(top, screen) and (not isinstance(top, MainScreen) or top.is_loaded):
                break
            await pilot.pause(0.02)
        await settle(pilot)
        for box in pilot.app.screen.query(Input).results():
            box.cursor_blink = False
        await pilot.pause()
        assert isinstance(pilot.app.screen, screen)

    return run_before


def test_board(snap_compare: SnapCompare, app: PolicyAnnotateApp) -> None:
    """The sample project's eight documents, in the project file's order."""
    assert snap_compare(app, terminal_size=SIZE, run_before=keys_then(()))


def test_board_smallest(snap_compare: SnapCompare, app: PolicyAnnotateApp) -> None:
    """At 80x24 the attributes are cut at the right edge; the footer keeps Help and Quit."""
    assert snap_compare(app, terminal_size=SMALLEST, run_before=keys_then(()))


def test_board_filtered_and_sorted(snap_compare: SnapCompare, app: PolicyAnnotateApp) -> None:
    """Sorted by name, filtered to the analyst-b's documents, the filter box still open."""
    keys = ("s", "f", *"analyst:analyst-b")
    assert snap_compare(app, terminal_size=SIZE, run_before=keys_then(keys))


def test_annotator_from_the_board(snap_compare: SnapCompare, app: PolicyAnnotateApp) -> None:
    """The council's response opened from the board: Esc and Ctrl+PgDn in the footer."""
    keys = ("f", *"council", "enter", "enter")
    assert snap_compare(app, terminal_size=SIZE, run_before=keys_then(keys, MainScreen))


@pytest.fixture
def newcomer_app(
    samples: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> PolicyAnnotateApp:
    """The app on the board of a copy of the sample project, nobody known to be annotating
    (no --author, no $POLICY_ANNOTATE_AUTHOR, no remembered name)."""
    shutil.copytree(samples, tmp_path / "project")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("POLICY_ANNOTATE_AUTHOR", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return PolicyAnnotateApp(board=prepare_board(Path("project"), None))


def test_who_is_annotating(snap_compare: SnapCompare, newcomer_app: PolicyAnnotateApp) -> None:
    """Enter with nobody known: the question, the review's two analysts, a new name's box."""
    from tui.screens.author_dialog import AnalystDialog

    keys_before = keys_then(("enter",), AnalystDialog)
    assert snap_compare(newcomer_app, terminal_size=SIZE, run_before=keys_before)


def test_who_is_annotating_smallest(
    snap_compare: SnapCompare, newcomer_app: PolicyAnnotateApp
) -> None:
    """The same question at 80x24: nothing cut off."""
    from tui.screens.author_dialog import AnalystDialog

    keys_before = keys_then(("enter",), AnalystDialog)
    assert snap_compare(newcomer_app, terminal_size=SMALLEST, run_before=keys_before)


def test_annotator_of_a_newcomer(
    snap_compare: SnapCompare, newcomer_app: PolicyAnnotateApp
) -> None:
    """A new name typed: the review opens on the newcomer's new file; the header says whose
    file it is and that two others have theirs."""
    keys = ("enter", "tab", *"newbie", "enter")
    assert snap_compare(newcomer_app, terminal_size=SIZE, run_before=keys_then(keys, MainScreen))
