"""After a conflict, "save a copy" moves the session to the copy (NAME.mine.toml): the header names
it, later saves go there, and the other analyst's file is left as they wrote it."""

from __future__ import annotations

from pathlib import Path

import tomli_w
from tui_helpers import (
    SIZE,
    Workspace,
    first_untagged_sentence,
    go_to_sentence,
    main_screen,
    save_state,
    status_text,
    toasts,
    wait_for_autosave,
    wait_until,
)

from tui.screens.dialogs import ConflictScreen
from tui.screens.main import MainScreen


def _someone_else_edits(workspace: Workspace) -> bytes:
    data = workspace.saved()
    data["annotations"][0]["note"] = "Changed by analyst B meanwhile."
    new = tomli_w.dumps(data).encode("utf-8")
    workspace.annotations.write_bytes(new)
    return new


def _principles_at(workspace: Workspace, span: tuple[int, int], path: Path) -> list[object]:
    return [
        a["principles"] for a in workspace.saved_annotations(path) if (a["start"], a["end"]) == span
    ]


async def test_after_saving_a_copy_the_session_continues_on_it(workspace: Workspace) -> None:
    copy = workspace.folder / "review.analyst-a.mine.toml"
    app = workspace.app()
    # wide enough for the status bar to show the whole (temporary, long) path
    async with app.run_test(size=(240, 40), notifications=True) as pilot:
        theirs = _someone_else_edits(workspace)
        span = await go_to_sentence(pilot, first_untagged_sentence(app))
        await pilot.press("1")
        await wait_for_autosave(pilot)
        assert save_state(app) == "conflict"
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, ConflictScreen)
        await pilot.press("c")
        assert isinstance(app.screen, MainScreen)
        assert main_screen(app).editing.path == copy
        assert save_state(app) == "saved"
        await pilot.pause()
        assert f"{copy}  " in status_text(app)
        assert any("now editing it" in t for t in toasts(app))
        assert _principles_at(workspace, span, copy) == [["collaboration"]]
        # Later edits are saved to the copy, automatically, with no new conflict.
        await pilot.press("2")
        await wait_for_autosave(pilot)
        assert save_state(app) == "saved"
        assert _principles_at(workspace, span, copy) == [["collaboration", "redesign"]]
        await pilot.press("3", "ctrl+s")
        await wait_until(pilot, lambda: save_state(app) == "saved")
        assert not isinstance(app.screen, ConflictScreen)
        assert _principles_at(workspace, span, copy) == [
            ["collaboration", "redesign", "innovation-and-disruption"]
        ]
        # Quitting saves the last change to the copy too.
        await pilot.press("s", "q")
        await wait_until(pilot, lambda: not app.is_running)
    assert app.return_value == 0
    assert workspace.annotations.read_bytes() == theirs  # the other analyst's file, untouched
    [mine] = [a for a in workspace.saved_annotations(copy) if (a["start"], a["end"]) == span]
    assert mine["stance"] == "support"
    assert workspace.saved_annotations(copy)[0]["note"] != "Changed by analyst B meanwhile."


async def test_the_copy_reopens_with_the_session(workspace: Workspace) -> None:
    """The copy is a complete annotation file of the same document: it opens as one."""
    copy = workspace.folder / "review.analyst-a.mine.toml"
    app = workspace.app()
    async with app.run_test(size=SIZE) as pilot:
        _someone_else_edits(workspace)
        span = await go_to_sentence(pilot, first_untagged_sentence(app))
        await pilot.press("1", "ctrl+s", "c", "2", "q")
        await wait_until(pilot, lambda: not app.is_running)
    reopened = workspace.app(copy)
    async with reopened.run_test(size=SIZE) as pilot:
        annotation = main_screen(reopened).editing.annotations.exact(*span)
        assert annotation is not None
        assert annotation.principles == ["collaboration", "redesign"]
        assert save_state(reopened) == "saved"


async def test_an_earlier_copy_is_not_overwritten(workspace: Workspace) -> None:
    """A NAME.mine.toml from an earlier conflict stays as it was; the new copy gets the next name."""
    earlier = workspace.folder / "review.analyst-a.mine.toml"
    earlier.write_bytes(b"# an earlier copy\n")
    copy = workspace.folder / "review.analyst-a.mine-2.toml"
    app = workspace.app()
    async with app.run_test(size=SIZE) as pilot:
        _someone_else_edits(workspace)
        span = await go_to_sentence(pilot, first_untagged_sentence(app))
        await pilot.press("1", "ctrl+s")
        assert isinstance(app.screen, ConflictScreen)
        await pilot.press("c")
        assert main_screen(app).editing.path == copy
        await pilot.press("q")
        await wait_until(pilot, lambda: not app.is_running)
    assert earlier.read_bytes() == b"# an earlier copy\n"
    assert _principles_at(workspace, span, copy) == [["collaboration"]]
