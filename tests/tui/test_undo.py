"""Undo and redo of every kind of change restore the exact state before (and after) it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.pilot import Pilot
from tui_helpers import (
    SIZE,
    Workspace,
    first_untagged_sentence,
    go_to_sentence,
    main_screen,
    save_state,
    view,
    wait_for_save,
)

from annotations.format.model import Annotation, Recommendation
from tui.app import PolicyAnnotateApp

State = tuple[list[Annotation], list[Recommendation]]


def state(app: PolicyAnnotateApp) -> State:
    screen = main_screen(app)
    return (
        screen.editing.annotations.ordered(),
        [r.model_copy() for r in screen.editing.model.taxonomy.recommendations],
    )


async def _tag(pilot: Pilot[Any]) -> None:
    await go_to_sentence(pilot, first_untagged_sentence(pilot.app))  # type: ignore[arg-type]
    await pilot.press("2")


async def _retag(pilot: Pilot[Any]) -> None:
    await pilot.press("]", "3")  # a tag added to an existing annotation


async def _stance(pilot: Pilot[Any]) -> None:
    await pilot.press("]", "s")


async def _note(pilot: Pilot[Any]) -> None:
    await pilot.press("]", "]", "e", "!", "enter", "x", "ctrl+s")


async def _delete(pilot: Pilot[Any]) -> None:
    await pilot.press("]", "]", "]", "x")


async def _recommendation(pilot: Pilot[Any]) -> None:
    await go_to_sentence(pilot, 30)
    await pilot.press("shift+down", "R")


async def _picker(pilot: Pilot[Any]) -> None:
    await pilot.press("]", "t", "space", "down", "space", "enter")


CHANGES: dict[str, Callable[[Pilot[Any]], Awaitable[None]]] = {
    "tag a sentence": _tag,
    "tag an annotation": _retag,
    "stance": _stance,
    "note": _note,
    "delete": _delete,
    "add recommendation": _recommendation,
    "tag picker": _picker,
}


KEYS = [("u", "ctrl+r"), ("ctrl+z", "ctrl+y")]


@pytest.mark.parametrize(
    ("change", "undo", "redo"),
    [(change, *KEYS[number % 2]) for number, change in enumerate(CHANGES)],
)
async def test_undo_and_redo_each_change(
    workspace: Workspace, change: str, undo: str, redo: str
) -> None:
    """Each kind of change, undone and redone (the two pairs of keys take turns)."""
    original = workspace.annotations.read_bytes()
    app = workspace.app()
    async with app.run_test(size=SIZE) as pilot:
        before = state(app)
        await CHANGES[change](pilot)
        after = state(app)
        assert after != before
        await pilot.press(undo)
        assert state(app) == before
        await pilot.press(redo)
        assert state(app) == after
        await pilot.press(undo)
        assert state(app) == before
        # Saved after the undo, the file holds exactly what it held before.
        await pilot.press("ctrl+s")
        await wait_for_save(pilot)
        assert save_state(app) == "saved"
        assert workspace.annotations.read_bytes() == original


async def test_undo_everything_then_redo_everything(workspace: Workspace) -> None:
    original = workspace.annotations.read_bytes()
    app = workspace.app()
    async with app.run_test(size=SIZE) as pilot:
        states = [state(app)]
        for change in CHANGES.values():
            await change(pilot)
            states.append(state(app))
        await pilot.press("ctrl+s")
        await wait_for_save(pilot)
        changed = workspace.saved()
        for number, expected in enumerate(reversed(states[:-1])):
            await pilot.press(KEYS[number % 2][0])
            assert state(app) == expected
        await pilot.press("u")  # nothing left to undo: nothing changes
        assert state(app) == states[0]
        await pilot.press("ctrl+s")
        await wait_for_save(pilot)
        assert workspace.annotations.read_bytes() == original
        for number, expected in enumerate(states[1:]):
            await pilot.press(KEYS[number % 2][1])
            assert state(app) == expected
        await pilot.press("ctrl+y")  # nothing left to redo
        assert state(app) == states[-1]
        await pilot.press("ctrl+s")
        await wait_for_save(pilot)
        assert workspace.saved()["annotations"] == changed["annotations"]
        assert workspace.saved()["taxonomy"] == changed["taxonomy"]


async def test_a_new_change_after_undo_drops_the_redo(workspace: Workspace) -> None:
    app = workspace.app()
    async with app.run_test(size=SIZE) as pilot:
        span = await go_to_sentence(pilot, first_untagged_sentence(app))
        await pilot.press("1", "u", "2")
        annotation = main_screen(app).editing.annotations.exact(*span)
        assert annotation is not None
        assert annotation.principles == ["redesign"]
        await pilot.press("ctrl+r")
        annotation = main_screen(app).editing.annotations.exact(*span)
        assert annotation is not None
        assert annotation.principles == ["redesign"]


async def test_undo_moves_the_cursor_to_the_change(workspace: Workspace) -> None:
    app = workspace.app()
    async with app.run_test(size=SIZE) as pilot:
        span = await go_to_sentence(pilot, first_untagged_sentence(app))
        await pilot.press("1", "G")
        assert view(app).cursor != span
        await pilot.press("u")
        assert view(app).cursor == span
        await pilot.press("G", "ctrl+r")
        assert view(app).cursor == span
        assert main_screen(app).current_id is not None
