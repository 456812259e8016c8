"""Ctrl+Q with the note editor or the tag picker open keeps the note typed or the tags ticked so
far, then quits saving them (Ctrl+Q means "quit, saving first": they are part of what is saved)."""

from __future__ import annotations

import errno
import os

import pytest
from tui_helpers import (
    SIZE,
    Workspace,
    first_untagged_sentence,
    go_to_sentence,
    main_screen,
    wait_until,
)

import annotations.session.files
from tui.screens.dialogs import UnsavedChangesScreen
from tui.screens.main import MainScreen
from tui.screens.note_editor import NoteEditor
from tui.screens.tag_picker import TagPicker


def _at(workspace: Workspace, span: tuple[int, int]) -> list[dict[str, object]]:
    return [a for a in workspace.saved_annotations() if (a["start"], a["end"]) == span]


async def test_ctrl_q_in_the_note_editor_keeps_the_note(workspace: Workspace) -> None:
    app = workspace.app()
    async with app.run_test(size=SIZE) as pilot:
        span = await go_to_sentence(pilot, first_untagged_sentence(app))
        await pilot.press("1", "e")
        assert isinstance(app.screen, NoteEditor)
        await pilot.press(*"Half a thought", "enter", *"and a second line")
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: not app.is_running)
    assert app.return_value == 0
    [saved] = _at(workspace, span)
    assert saved["principles"] == ["collaboration"]
    assert saved["note"] == "Half a thought\nand a second line"


async def test_ctrl_q_keeps_a_note_on_a_sentence_with_no_annotation(workspace: Workspace) -> None:
    app = workspace.app()
    async with app.run_test(size=SIZE) as pilot:
        span = await go_to_sentence(pilot, first_untagged_sentence(app))
        await pilot.press("e", *"Only a note", "ctrl+q")
        await wait_until(pilot, lambda: not app.is_running)
    assert app.return_value == 0
    [saved] = _at(workspace, span)
    assert saved["note"] == "Only a note"


async def test_ctrl_q_with_an_unchanged_note_changes_nothing(workspace: Workspace) -> None:
    original = workspace.annotations.read_bytes()
    app = workspace.app()
    async with app.run_test(size=SIZE) as pilot:
        await go_to_sentence(pilot, first_untagged_sentence(app))
        await pilot.press("e", "ctrl+q")
        await wait_until(pilot, lambda: not app.is_running)
    assert app.return_value == 0
    assert workspace.annotations.read_bytes() == original


async def test_ctrl_q_in_the_note_editor_when_the_save_fails(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The save fails: the question comes over the main screen, and staying shows the note kept."""
    original = workspace.annotations.read_bytes()
    app = workspace.app()
    async with app.run_test(size=SIZE) as pilot:

        def replace(source: object, destination: object) -> None:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        monkeypatch.setattr(annotations.session.files.os, "replace", replace)
        span = await go_to_sentence(pilot, first_untagged_sentence(app))
        await pilot.press("e", *"Keep me", "ctrl+q")
        await wait_until(pilot, lambda: isinstance(app.screen, UnsavedChangesScreen))
        await pilot.press("n")  # stay
        assert isinstance(app.screen, MainScreen)
        kept = main_screen(app).editing.annotations.exact(*span)
        assert kept is not None
        assert kept.note == "Keep me"
        assert "Keep me" in main_screen(app).query_one("#annotation-details").plain
        monkeypatch.undo()  # space freed
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: not app.is_running)
    assert app.return_value == 0
    assert workspace.annotations.read_bytes() != original
    [saved] = _at(workspace, span)
    assert saved["note"] == "Keep me"


async def test_ctrl_q_in_the_tag_picker_keeps_the_ticked_tags(workspace: Workspace) -> None:
    app = workspace.app()
    async with app.run_test(size=SIZE) as pilot:
        span = await go_to_sentence(pilot, first_untagged_sentence(app))
        await pilot.press("t")
        assert isinstance(app.screen, TagPicker)
        await pilot.press(*"redesign", "tab", "ctrl+q")
        await wait_until(pilot, lambda: not app.is_running)
    assert app.return_value == 0
    [saved] = _at(workspace, span)
    assert saved["principles"] == ["redesign"]


async def test_ctrl_q_in_the_tag_picker_with_nothing_ticked_changes_nothing(
    workspace: Workspace,
) -> None:
    original = workspace.annotations.read_bytes()
    app = workspace.app()
    async with app.run_test(size=SIZE) as pilot:
        await go_to_sentence(pilot, first_untagged_sentence(app))
        await pilot.press("t", "ctrl+q")
        await wait_until(pilot, lambda: not app.is_running)
    assert app.return_value == 0
    assert workspace.annotations.read_bytes() == original
