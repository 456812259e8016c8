"""Saving: autosave, Ctrl+S, the status bar, reopening, failed saves, conflicts and quitting."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from tui_helpers import (
    SIZE,
    Workspace,
    dialog_text,
    first_untagged_sentence,
    go_to_sentence,
    main_screen,
    save_state,
    screen_text,
    sentences,
    status_text,
    toasts,
    view,
    wait_for_autosave,
    wait_for_save,
    wait_until,
)

import annotations.session.files
from tui.screens.dialogs import ConflictScreen, UnsavedChangesScreen
from tui.screens.main import MainScreen


def _at(
    workspace: Workspace, span: tuple[int, int], path: Path | None = None
) -> list[dict[str, object]]:
    return [a for a in workspace.saved_annotations(path) if (a["start"], a["end"]) == span]


def _no_space(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every atomic save fail as a full disk does."""

    def replace(source: object, destination: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(annotations.session.files.os, "replace", replace)


def _someone_else_edits(workspace: Workspace) -> bytes:
    """Another analyst changes the annotation file on disk (a note of theirs); returns its bytes."""
    data = workspace.saved()
    data["annotations"][0]["note"] = "Changed by analyst B meanwhile."
    new = tomli_w.dumps(data).encode("utf-8")
    workspace.annotations.write_bytes(new)
    return new


# --- saving ----------------------------------------------------------------------------------------


async def test_changes_are_saved_automatically(workspace: Workspace) -> None:
    app = workspace.app()
    async with app.run_test(size=SIZE) as pilot:
        assert save_state(app) == "saved"
        assert "✓ saved" in status_text(app)
        span = await go_to_sentence(pilot, first_untagged_sentence(app))
        await pilot.press("1")
        assert save_state(app) == "unsaved"
        assert "● unsaved" in status_text(app)
        assert _at(workspace, span) == []  # not yet: saves wait for a pause in the typing
        await wait_for_autosave(pilot)
        assert save_state(app) == "saved"
        assert "✓ saved" in status_text(app)
        [saved] = _at(workspace, span)
        assert saved["principles"] == ["collaboration"]
        # The previous version is kept as FILE.bak.
        backup = workspace.annotations.with_name(workspace.annotations.name + ".bak")
        assert backup.read_bytes() == (workspace.folder / "review.analyst-a.toml.bak").read_bytes()
        assert _at(workspace, span, backup) == []


async def test_ctrl_s_saves_at_once(workspace: Workspace) -> None:
    app = workspace.app()
    async with app.run_test(size=SIZE) as pilot:
        span = await go_to_sentence(pilot, first_untagged_sentence(app))
        await pilot.press("2", "ctrl+s")
        await wait_for_save(pilot)  # no debounce pause: Ctrl+S does not wait for one
        assert save_state(app) == "saved"
        assert [a["principles"] for a in _at(workspace, span)] == [["redesign"]]
        await pilot.press("ctrl+s")  # nothing new: nothing to do
        await wait_for_save(pilot)
        assert save_state(app) == "saved"


async def test_ctrl_s_while_a_save_is_written_saves_right_after_it(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl+S while an earlier save is still being written: the change it asked to save is
    saved as soon as that save ends, not left to the autosave (here an hour away)."""
    import threading

    import annotations.session.saving
    import tui.flows.saving

    monkeypatch.setattr(tui.flows.saving, "AUTOSAVE_DELAY", 3600.0)
    release = threading.Event()
    write = annotations.session.saving.atomic_write

    def slow_write(*arguments: Any, **keywords: Any) -> Any:
        release.wait(30)
        return write(*arguments, **keywords)

    monkeypatch.setattr(annotations.session.saving, "atomic_write", slow_write)
    app = workspace.app()
    async with app.run_test(size=SIZE) as pilot:
        first = await go_to_sentence(pilot, first_untagged_sentence(app))
        await pilot.press("2", "ctrl+s")
        await wait_until(pilot, lambda: save_state(app) == "saving")
        second = await go_to_sentence(pilot, first_untagged_sentence(app))
        await pilot.press("3", "ctrl+s")
        release.set()
        await wait_until(pilot, lambda: save_state(app) == "saved")
        assert [a["principles"] for a in _at(workspace, first)] == [["redesign"]]
        assert [a["principles"] for a in _at(workspace, second)] == [["innovation-and-disruption"]]


async def test_status_bar_counts_annotations(workspace: Workspace) -> None:
    app = workspace.app()
    async with app.run_test(size=SIZE) as pilot:
        count = len(main_screen(app).editing.annotations)
        assert f"{count} annotations" in status_text(app)
        assert "The Eastmere Digital Government Review" in status_text(app)
        await go_to_sentence(pilot, first_untagged_sentence(app))
        await pilot.press("1")
        assert f"{count + 1} annotations" in status_text(app)


async def test_the_whole_flow_survives_quitting_and_reopening(workspace: Workspace) -> None:
    app = workspace.app()
    async with app.run_test(size=SIZE) as pilot:
        index = first_untagged_sentence(app)
        await go_to_sentence(pilot, index)
        span = (sentences(app)[index][0], sentences(app)[index + 1][1])
        await pilot.press("shift+down", "1", "3", "s", "s")
        await pilot.press("e", *"Why now?", "enter", *"See 4.2", "ctrl+s")
        await pilot.press("ctrl+s")
        await wait_for_save(pilot)
        assert save_state(app) == "saved"
        expected = main_screen(app).editing.annotations.ordered()
        await go_to_sentence(pilot, 40)  # read on: the reading position is kept too
        await pilot.press("q")
    assert app.return_value == 0
    [saved] = _at(workspace, span)
    assert saved["principles"] == ["collaboration", "innovation-and-disruption"]
    assert saved["stance"] == "caution"
    assert saved["note"] == "Why now?\nSee 4.2"
    assert saved["author"] == "tester"

    reopened = workspace.app()
    async with reopened.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = main_screen(reopened)
        assert screen.editing.annotations.ordered() == expected
        assert view(reopened).cursor == sentences(reopened)[40]
        assert save_state(reopened) == "saved"
        # The reading position is on screen, not just remembered.
        words = view(reopened).document.text[slice(*sentences(reopened)[40])].split()[:3]
        rows = "\n".join(
            view(reopened).render_line(y).text for y in range(view(reopened).size.height)
        )
        assert " ".join(words) in " ".join(rows.split())
        await pilot.press("q")
    assert reopened.return_value == 0


async def test_a_new_annotation_file_is_created(fresh: Workspace) -> None:
    app = fresh.app()
    async with app.run_test(size=SIZE) as pilot:
        assert not fresh.annotations.exists()
        span = await go_to_sentence(pilot, 12)
        await pilot.press("1", "ctrl+s")
        await wait_for_save(pilot)
        saved = fresh.saved()
        assert saved["document"]["path"] == "review.md"
        assert [p["id"] for p in saved["taxonomy"]["principles"]] == [
            "collaboration",
            "redesign",
            "innovation-and-disruption",
        ]
        assert [(a["start"], a["end"]) for a in saved["annotations"]] == [span]


# --- a failed save -------------------------------------------------------------------------------


async def test_a_failed_save_keeps_the_changes_and_retries(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = workspace.annotations.read_bytes()
    app = workspace.app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        _no_space(monkeypatch)
        span = await go_to_sentence(pilot, first_untagged_sentence(app))
        await pilot.press("1", "ctrl+s")
        await wait_for_save(pilot)
        assert save_state(app) == "error"
        assert "✗ not saved" in status_text(app)
        await wait_until(pilot, lambda: bool(toasts(app)))
        assert any("No space left on device" in toast for toast in toasts(app))
        assert any("Your changes are kept in memory" in toast for toast in toasts(app))
        assert workspace.annotations.read_bytes() == original
        assert main_screen(app).editing.annotations.exact(*span) is not None
        # The autosave fails the same way, and says so.
        await pilot.press("2")
        await wait_for_autosave(pilot)
        assert save_state(app) == "error"
        assert workspace.annotations.read_bytes() == original
        # Space freed: Ctrl+S saves everything.
        monkeypatch.undo()
        await pilot.press("ctrl+s")
        await wait_for_save(pilot)
        assert save_state(app) == "saved"
        [saved] = _at(workspace, span)
        assert saved["principles"] == ["collaboration", "redesign"]


# --- a file changed on disk by someone else --------------------------------------------------------


async def test_a_changed_file_is_not_overwritten_and_a_copy_can_be_saved(
    workspace: Workspace,
) -> None:
    app = workspace.app()
    async with app.run_test(size=SIZE) as pilot:
        theirs = _someone_else_edits(workspace)
        span = await go_to_sentence(pilot, first_untagged_sentence(app))
        await pilot.press("1")
        await wait_for_autosave(pilot)
        assert save_state(app) == "conflict"
        assert "changed on disk" in status_text(app)
        assert workspace.annotations.read_bytes() == theirs
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, ConflictScreen)
        await pilot.press("c")
        assert isinstance(app.screen, MainScreen)
        copy = workspace.folder / "review.analyst-a.mine.toml"
        [mine] = _at(workspace, span, copy)
        assert mine["principles"] == ["collaboration"]
        assert workspace.saved_annotations(copy)[0]["note"] != "Changed by analyst B meanwhile."
        assert workspace.annotations.read_bytes() == theirs  # the other writer's file, untouched
        # The session goes on in the copy: further changes are saved there, not over their file
        # (test_save_a_copy.py follows it further).
        await pilot.press("2")
        await wait_for_autosave(pilot)
        assert workspace.annotations.read_bytes() == theirs
        assert save_state(app) == "saved"
        assert [m["principles"] for m in _at(workspace, span, copy)] == [
            ["collaboration", "redesign"]
        ]


async def test_a_changed_file_can_be_overwritten(workspace: Workspace) -> None:
    app = workspace.app()
    async with app.run_test(size=SIZE) as pilot:
        _someone_else_edits(workspace)
        span = await go_to_sentence(pilot, first_untagged_sentence(app))
        await pilot.press("1", "ctrl+s")  # Ctrl+S notices the change before writing anything
        assert isinstance(app.screen, ConflictScreen)
        assert save_state(app) == "conflict"
        await pilot.press("escape")  # keep editing: nothing written
        assert isinstance(app.screen, MainScreen)
        assert _at(workspace, span) == []
        await pilot.press("ctrl+s", "o")
        await wait_for_save(pilot)
        assert save_state(app) == "saved"
        assert [a["principles"] for a in _at(workspace, span)] == [["collaboration"]]
        assert workspace.saved_annotations()[0]["note"] != "Changed by analyst B meanwhile."
        # Back to normal: the next change is saved automatically again.
        await pilot.press("2")
        await wait_for_autosave(pilot)
        assert [a["principles"] for a in _at(workspace, span)] == [["collaboration", "redesign"]]


async def test_conflict_with_a_file_name_that_looks_like_markup(
    tmp_path: Path, samples: Path
) -> None:
    """File names reach notices and dialogs as they are: ``[red]`` is not markup."""
    folder = tmp_path / "[red]work"
    folder.mkdir()
    shutil.copyfile(samples / "review.md", folder / "review.md")
    annotations = folder / "[red]notes.toml"
    shutil.copyfile(samples / "review.analyst-a.toml", annotations)
    workspace = Workspace(folder, folder / "review.md", annotations)
    app = workspace.app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        theirs = _someone_else_edits(workspace)
        span = await go_to_sentence(pilot, first_untagged_sentence(app))
        await pilot.press("1")
        await wait_for_autosave(pilot)
        assert save_state(app) == "conflict"
        await wait_until(pilot, lambda: any("changed on disk" in t for t in toasts(app)))
        assert any(f"{annotations} changed on disk" in t for t in toasts(app))
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, ConflictScreen)
        assert f"{annotations} changed on disk since it was opened" in dialog_text(app)
        await pilot.pause()
        assert "Save mine as [red]notes.mine.toml (c)" in screen_text(app)
        await pilot.press("c")
        copy = folder / "[red]notes.mine.toml"
        assert [a["principles"] for a in _at(workspace, span, copy)] == [["collaboration"]]
        assert annotations.read_bytes() == theirs


# --- quitting ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["q", "ctrl+q"])
async def test_quitting_saves_first(workspace: Workspace, key: str) -> None:
    app = workspace.app()
    async with app.run_test(size=SIZE) as pilot:
        span = await go_to_sentence(pilot, first_untagged_sentence(app))
        await pilot.press("3", key)
        await wait_until(pilot, lambda: not app.is_running)
    assert app.return_value == 0
    assert [a["principles"] for a in _at(workspace, span)] == [["innovation-and-disruption"]]


async def test_quitting_without_changes(workspace: Workspace) -> None:
    original = workspace.annotations.read_bytes()
    app = workspace.app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q")
    assert app.return_value == 0
    assert workspace.annotations.read_bytes() == original


async def test_quitting_when_the_save_fails_asks(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = workspace.annotations.read_bytes()
    app = workspace.app()
    async with app.run_test(size=SIZE) as pilot:
        _no_space(monkeypatch)
        span = await go_to_sentence(pilot, first_untagged_sentence(app))
        await pilot.press("1", "q")
        assert isinstance(app.screen, UnsavedChangesScreen)
        assert "No space left on device" in dialog_text(app)
        assert "Quit and lose your unsaved changes?" in dialog_text(app)
        await pilot.press("n")  # stay
        assert app.is_running
        assert isinstance(app.screen, MainScreen)
        assert main_screen(app).editing.annotations.exact(*span) is not None
        await pilot.press("q")
        assert isinstance(app.screen, UnsavedChangesScreen)
        await pilot.press("y")  # quit anyway
        await wait_until(pilot, lambda: not app.is_running)
    assert app.return_value == 1  # run_app returns it: the exit status
    assert workspace.annotations.read_bytes() == original


async def test_quitting_in_a_conflict_asks(workspace: Workspace) -> None:
    app = workspace.app()
    async with app.run_test(size=SIZE) as pilot:
        theirs = _someone_else_edits(workspace)
        await go_to_sentence(pilot, first_untagged_sentence(app))
        await pilot.press("1", "q")
        assert isinstance(app.screen, UnsavedChangesScreen)
        await pilot.press("escape")  # Esc is "stay" too
        assert app.is_running
        await pilot.press("q", "y")
        await wait_until(pilot, lambda: not app.is_running)
    assert app.return_value == 1  # run_app returns it: the exit status
    assert workspace.annotations.read_bytes() == theirs


async def test_ctrl_q_from_a_dialog_saves_first(workspace: Workspace) -> None:
    """Ctrl+Q works everywhere, even with the note editor open: the changes are saved first."""
    app = workspace.app()
    async with app.run_test(size=SIZE) as pilot:
        span = await go_to_sentence(pilot, first_untagged_sentence(app))
        await pilot.press("1", "e", "ctrl+q")  # well within the autosave delay
        await wait_until(pilot, lambda: not app.is_running)
    assert app.return_value == 0
    assert [a["principles"] for a in _at(workspace, span)] == [["collaboration"]]


async def test_conflict_dialog_defaults_to_keep_editing(workspace: Workspace) -> None:
    """Enter in the conflict dialog does not overwrite the other analyst's file."""
    app = workspace.app()
    async with app.run_test(size=SIZE) as pilot:
        theirs = _someone_else_edits(workspace)
        await go_to_sentence(pilot, first_untagged_sentence(app))
        await pilot.press("1", "ctrl+s")
        assert isinstance(app.screen, ConflictScreen)
        await pilot.press("q")  # dialogs do not quit on q...
        assert isinstance(app.screen, ConflictScreen)
        await pilot.press("enter")
        assert isinstance(app.screen, MainScreen)
        assert save_state(app) == "conflict"
        assert workspace.annotations.read_bytes() == theirs
        # ... but Ctrl+Q does, asking first as the save cannot be made.
        await pilot.press("ctrl+s", "ctrl+q")
        assert isinstance(app.screen, UnsavedChangesScreen)
        await pilot.press("n")
        assert isinstance(app.screen, ConflictScreen)
        await pilot.press("escape")
        assert main_screen(app).editing.dirty
    assert workspace.annotations.read_bytes() == theirs


async def test_the_header_does_not_say_saved_before_the_file_exists(fresh: Workspace) -> None:
    app = fresh.app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not fresh.annotations.exists()
        assert save_state(app) == "new"
        assert "✓ saved" not in status_text(app)
        assert "○ new file" in status_text(app)
        await go_to_sentence(pilot, 12)
        await pilot.press("1", "ctrl+s")
        await wait_for_save(pilot)
        assert fresh.annotations.exists()
        assert "✓ saved" in status_text(app)
