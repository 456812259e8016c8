"""The board's columns fit their widest cell however the rows arrive: in several batches, the
widest cell last (the rows of a big project are handed over as they are read).

A column measured only when the table is next idle can be drawn (and its drawing kept) before
it is measured: the board's snapshots showed names cut in 4 runs of 10. So each handover must
leave every column as wide as its widest cell at once, before anything is drawn.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rich.text import Text
from textual.pilot import Pilot
from tui_helpers import screen_text, wait_until

import annotations.projects.status as status_module
import tui.screens.board as board_screen
from annotations.projects.project import Project
from annotations.projects.status import DocumentStatus
from tui.app import PolicyAnnotateApp
from tui.project_launch import prepare_board
from tui.screens.board import BoardScreen

SIZE = (120, 40)
LONG_ID = "a-response-with-a-far-longer-name"
READ_STATUSES = status_module.document_statuses


@pytest.fixture
def project(tmp_path: Path, samples: Path) -> Path:
    """The sample project with a last document whose name is the widest."""
    folder = tmp_path / "project"
    shutil.copytree(samples, folder)
    shutil.copyfile(folder / "documents" / "council.md", folder / "documents" / f"{LONG_ID}.md")
    with (folder / "policy-annotate.toml").open("a", encoding="utf-8") as stream:
        stream.write(
            f'\n[[documents]]\nid = "{LONG_ID}"\npath = "documents/{LONG_ID}.md"\n'
            f'title = "{LONG_ID}"\n\n[documents.attributes]\nkind = "response"\n'
        )
    return folder


def three_batches(project: Project) -> Iterator[DocumentStatus]:
    """The documents' statuses with two pauses, after the second and the eighth: the board
    hands them over in (at least) three batches, the widest name in the last."""
    for index, status in enumerate(READ_STATUSES(project)):
        if index in (2, 8):
            time.sleep(3 * board_screen.BATCH_SECONDS)
        yield status


def too_narrow(screen: BoardScreen) -> list[str]:
    """The columns narrower than one of their cells (with the cell's padding), now."""
    table = screen.table
    narrow = []
    for key, column in table.columns.items():
        cells = [Text(cell) if isinstance(cell, str) else cell for cell in table.get_column(key)]
        widest = max((cell.cell_len for cell in cells), default=0)
        if column.get_render_width(table) < widest + 2 * table.cell_padding:
            narrow.append(f"{key.value}: {column.get_render_width(table)} < {widest} + padding")
    return narrow


async def settled(pilot: Pilot[Any], screen: BoardScreen) -> None:
    """Every row read and measured, and two frames in a row the same."""
    table = screen.table
    await wait_until(pilot, lambda: screen.loaded)
    await wait_until(pilot, lambda: table.virtual_size.height == len(screen.order) + 1)
    previous = ""
    for _ in range(100):
        await pilot.pause(0.05)
        current = pilot.app.export_screenshot()
        if current == previous:
            break
        previous = current


async def test_every_handover_leaves_the_columns_as_wide_as_their_cells(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Right after each batch of rows is added (before the table is idle), no column is
    narrower than a cell of it; at the end the widest name is on screen whole."""
    monkeypatch.setattr(status_module, "document_statuses", three_batches)
    narrow_after: list[list[str]] = []
    handovers = 0
    add_statuses = BoardScreen._add_statuses

    def checked(screen: BoardScreen, batch: list[DocumentStatus], done: bool) -> None:
        nonlocal handovers
        add_statuses(screen, batch, done)
        handovers += 1
        narrow_after.append(too_narrow(screen))

    monkeypatch.setattr(BoardScreen, "_add_statuses", checked)
    app = PolicyAnnotateApp(board=prepare_board(project, "analyst-a"))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen))
        screen = app.screen
        assert isinstance(screen, BoardScreen)
        await settled(pilot, screen)
        text = screen_text(app)
    assert handovers >= 3
    assert narrow_after == [[]] * handovers
    assert LONG_ID in text
    assert "public-0417" in text
