"""A teammate's changes on disk (a git pull) reach the board: the rows of the documents whose
annotation files changed are read again and marked ↻ until opened; the annotator's own saves
are not taken for a teammate's."""

from __future__ import annotations

import shutil
from collections.abc import Collection
from pathlib import Path
from typing import Any

import pytest
from test_board import annotator_ready, board_app, board_ready, rows_drawn, tag_a_sentence
from textual.pilot import Pilot
from tui_helpers import screen_text, wait_until

import tui.flows.disk_watch
from annotations.projects.watching import ProjectWatch
from annotations.session.store import load_store
from tui.screens.board import CHANGED_MARK, BoardScreen


@pytest.fixture(autouse=True)
def watch_often(monkeypatch: pytest.MonkeyPatch) -> None:
    """Look at the files every tenth of a second."""
    monkeypatch.setattr(tui.flows.disk_watch, "WATCH_SECONDS", 0.1)


@pytest.fixture
def project(tmp_path: Path, samples: Path) -> Path:
    """A copy of the sample project."""
    folder = tmp_path / "project"
    shutil.copytree(samples, folder)
    return folder


def row_of(text: str, document_id: str) -> str:
    return next(line for line in text.splitlines() if f" {document_id} " in line)


def teammate_deletes_one(path: Path) -> None:
    """Another analyst's file after a pull: one annotation fewer."""
    store = load_store(path)
    del store.model.annotations[0]
    store.save()


async def shown(pilot: Pilot[Any], screen: BoardScreen, document_id: str, count: int) -> str:
    """Wait until the row shows ``count`` annotations; the row's text."""
    await wait_until(pilot, lambda: screen.statuses[document_id].annotation_count == count)
    await rows_drawn(pilot, screen)
    await pilot.pause()
    return row_of(screen_text(pilot.app), document_id)  # type: ignore[arg-type]


async def test_a_file_changed_on_disk_is_read_again_and_marked_until_opened(
    project: Path,
) -> None:
    app = board_app(project)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await board_ready(pilot)
        assert CHANGED_MARK not in screen_text(app)
        teammate_deletes_one(project / "documents" / "council.analyst-b.toml")
        row = await shown(pilot, screen, "council", 12)
        assert f"council {CHANGED_MARK}" in row
        assert " 12 " in row
        assert f"{CHANGED_MARK} 1 changed on disk" in screen_text(app)
        # opened, then back: the mark is gone
        await pilot.press("f", *"council", "enter", "enter")
        await annotator_ready(pilot, project / "documents" / "council.analyst-a.toml")
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)
        await wait_until(pilot, lambda: CHANGED_MARK not in screen_text(app))
        assert not screen.changed_ids


async def test_a_file_added_by_a_teammate_is_noticed(project: Path) -> None:
    app = board_app(project)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await board_ready(pilot)
        documents = project / "documents"
        shutil.copyfile(documents / "charity.analyst-a.toml", documents / "charity.carol.toml")
        before = screen.statuses["charity"].annotation_count  # 7 of analyst-a's, 5 of b's
        row = await shown(pilot, screen, "charity", before + 7)
        assert f"charity {CHANGED_MARK}" in row


async def test_the_annotators_own_saves_are_not_marked(project: Path) -> None:
    app = board_app(project)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await board_ready(pilot)
        await pilot.press("f", *"suppliers", "enter", "enter")
        await annotator_ready(pilot, project / "documents" / "suppliers.analyst-a.toml")
        await tag_a_sentence(pilot)
        await pilot.pause(1.0)  # autosave, and a few looks of the board's watch meanwhile
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)
        await wait_until(pilot, lambda: screen.statuses["suppliers"].annotation_count == 15)
        await pilot.pause(0.5)  # more looks: nothing to find
        await rows_drawn(pilot, screen)
        assert CHANGED_MARK not in screen_text(app)
        assert not screen.changed_ids


async def test_the_watch_rests_under_the_annotator_and_looks_on_return(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While a document is open the board is hidden and its watch does not walk the project's
    files (a 2,000-document project held the GIL 40-50 ms a look, under the annotator's keys);
    a teammate's change made meanwhile is found as soon as the board is back."""
    app = board_app(project)
    looks: list[str] = []
    changed = ProjectWatch.changed

    def counted(watch: ProjectWatch, skip: Collection[str] = ()) -> list[str]:
        looks.append("look")
        return changed(watch, skip)

    monkeypatch.setattr(ProjectWatch, "changed", counted)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await board_ready(pilot)
        await pilot.press("f", *"council", "enter", "enter")
        await annotator_ready(pilot, project / "documents" / "council.analyst-a.toml")
        looks.clear()
        teammate_deletes_one(project / "documents" / "charity.analyst-b.toml")
        await pilot.pause(0.6)  # six periods of the watch
        assert looks == []
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)
        # the board is filtered to the council: charity's row is read and counted, not shown
        await wait_until(pilot, lambda: screen.statuses["charity"].annotation_count == 11)
        assert "charity" in screen.changed_ids
        await wait_until(pilot, lambda: f"{CHANGED_MARK} 1 changed on disk" in screen_text(app))
