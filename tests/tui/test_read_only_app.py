"""A read-only annotation file is respected by the app: the header says so, the changes stay in
memory (autosave does not try again and again), and Ctrl+S offers to save them under another
path, where editing goes on. A deleted folder offers the same; quitting offers it too."""

from __future__ import annotations

import shutil
import stat
from pathlib import Path

import pytest
from textual.widgets import Input
from tui_helpers import (
    SIZE,
    Workspace,
    dialog_text,
    first_untagged_sentence,
    go_to_sentence,
    main_screen,
    save_state,
    status_text,
    toasts,
    wait_for_autosave,
    wait_for_save,
    wait_until,
)

from tui.app import PolicyAnnotateApp
from tui.screens.dialogs import SaveAsScreen, UnsavedChangesScreen
from tui.screens.main import MainScreen


def _read_only(path: Path) -> bytes:
    path.chmod(path.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    return path.read_bytes()


def _path_input(app: PolicyAnnotateApp) -> Input:
    """The path field of the save-as dialog on top."""
    screen = app.screen
    assert isinstance(screen, SaveAsScreen)
    return screen.query_one(Input)


def _path_typed(app: PolicyAnnotateApp) -> str:
    return _path_input(app).value


def _principles_at(workspace: Workspace, span: tuple[int, int], path: Path) -> list[object]:
    return [
        a["principles"] for a in workspace.saved_annotations(path) if (a["start"], a["end"]) == span
    ]


async def test_a_read_only_file_is_never_replaced(workspace: Workspace) -> None:
    before = _read_only(workspace.annotations)
    copy = workspace.folder / "review.analyst-a.mine.toml"
    app = workspace.app()
    async with app.run_test(size=(160, 40), notifications=True) as pilot:
        await wait_until(pilot, lambda: main_screen(app).is_loaded)
        assert save_state(app) == "read-only"
        assert "✗ read-only" in status_text(app)
        await wait_until(pilot, lambda: bool(toasts(app)))
        assert any("is read-only" in t and "Ctrl+S" in t for t in toasts(app))
        span = await go_to_sentence(pilot, first_untagged_sentence(app))
        await pilot.press("1")
        await wait_for_autosave(pilot)
        assert save_state(app) == "read-only"  # not "saved", not an error toast per edit
        assert len(toasts(app)) == 1
        assert main_screen(app).editing.dirty
        assert workspace.annotations.read_bytes() == before
        # Ctrl+S: save as, NAME.mine.toml offered
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, SaveAsScreen)
        assert "is read-only" in dialog_text(app)
        assert _path_typed(app) == str(copy)
        await pilot.press("enter")
        assert isinstance(app.screen, MainScreen)
        assert main_screen(app).editing.path == copy
        assert save_state(app) == "saved"
        assert _principles_at(workspace, span, copy) == [["collaboration"]]
        # editing goes on there, saved automatically
        await pilot.press("2")
        await wait_for_autosave(pilot)
        assert save_state(app) == "saved"
        assert _principles_at(workspace, span, copy) == [["collaboration", "redesign"]]
    assert workspace.annotations.read_bytes() == before
    assert not workspace.annotations.stat().st_mode & 0o222


async def test_save_as_never_replaces_an_existing_file(workspace: Workspace) -> None:
    _read_only(workspace.annotations)
    taken = workspace.folder / "review.analyst-a.mine.toml"
    taken.write_text("# someone's\n", encoding="utf-8")
    app = workspace.app()
    async with app.run_test(size=SIZE) as pilot:
        span = await go_to_sentence(pilot, first_untagged_sentence(app))
        await pilot.press("1", "ctrl+s")
        assert _path_typed(app) == str(workspace.folder / "review.analyst-a.mine-2.toml")
        screen = app.screen
        _path_input(app).value = str(taken)
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is not screen)
        assert isinstance(app.screen, SaveAsScreen)  # back, saying why
        assert "already exists" in dialog_text(app)
        assert _path_typed(app) == str(taken)
        _path_input(app).value = str(workspace.folder / "mine.toml")
        await pilot.press("enter")
        assert isinstance(app.screen, MainScreen)
        assert save_state(app) == "saved"
    assert taken.read_text(encoding="utf-8") == "# someone's\n"
    assert _principles_at(workspace, span, workspace.folder / "mine.toml") == [["collaboration"]]


async def test_escape_keeps_the_changes_in_memory(workspace: Workspace) -> None:
    before = _read_only(workspace.annotations)
    app = workspace.app()
    async with app.run_test(size=SIZE) as pilot:
        span = await go_to_sentence(pilot, first_untagged_sentence(app))
        await pilot.press("1", "ctrl+s", "escape")
        assert isinstance(app.screen, MainScreen)
        assert save_state(app) == "read-only"
        assert main_screen(app).editing.annotations.exact(*span) is not None
    assert workspace.annotations.read_bytes() == before


async def test_a_deleted_folder_offers_save_as(
    workspace: Workspace, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path_factory.mktemp("home-folder")
    monkeypatch.setenv("HOME", str(home))
    app = workspace.app()
    async with app.run_test(size=(160, 40), notifications=True) as pilot:
        span = await go_to_sentence(pilot, first_untagged_sentence(app))
        shutil.rmtree(workspace.folder)
        await pilot.press("1", "ctrl+s")
        await wait_for_save(pilot)
        assert save_state(app) == "error"
        await wait_until(pilot, lambda: bool(toasts(app)))
        assert any("under another name" in t for t in toasts(app))
        await pilot.press("2")
        await wait_for_autosave(pilot)  # autosave does not try again
        assert len(toasts(app)) == 1
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, SaveAsScreen)
        assert "No such file or directory" in dialog_text(app)
        assert _path_typed(app) == str(home / "review.analyst-a.mine.toml")
        await pilot.press("enter")
        assert isinstance(app.screen, MainScreen)
        assert save_state(app) == "saved"
        assert "review.analyst-a.mine.toml" in status_text(app)
    saved = home / "review.analyst-a.mine.toml"
    assert _principles_at(workspace, span, saved) == [["collaboration", "redesign"]]


async def test_quitting_offers_save_as(workspace: Workspace) -> None:
    before = _read_only(workspace.annotations)
    copy = workspace.folder / "review.analyst-a.mine.toml"
    app = workspace.app()
    async with app.run_test(size=SIZE) as pilot:
        span = await go_to_sentence(pilot, first_untagged_sentence(app))
        await pilot.press("1", "q")
        assert isinstance(app.screen, UnsavedChangesScreen)
        assert "is read-only" in dialog_text(app)
        await pilot.press("a")
        assert isinstance(app.screen, SaveAsScreen)
        await pilot.press("enter")
        await wait_until(pilot, lambda: not app.is_running)
    assert app.return_value == 0
    assert workspace.annotations.read_bytes() == before
    assert _principles_at(workspace, span, copy) == [["collaboration"]]
