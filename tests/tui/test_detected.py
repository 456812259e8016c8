"""Detected recommendations (D): choose which of those found join the taxonomy, as one undo."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import SelectionList
from tui_helpers import (
    SIZE,
    Workspace,
    main_screen,
    save_state,
    screen_text,
    toasts,
    wait_for_save,
    wait_until,
)

from annotations.documents.detection import detect_recommendations
from annotations.format.model import Recommendation
from tui.app import PolicyAnnotateApp
from tui.launch import prepare_session
from tui.screens.detected import DetectedPicker
from tui.screens.main import MainScreen

R1_TITLE = "The government should establish a Digital Leadership Board"


async def open_picker(app: PolicyAnnotateApp, pilot: object) -> DetectedPicker:
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    await pilot.press("D")
    await wait_until(pilot, lambda: isinstance(app.screen, DetectedPicker))
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, DetectedPicker)
    return screen


def saved_recommendations(workspace: Workspace) -> list[dict[str, object]]:
    """The recommendations of the taxonomy on disk."""
    return list(workspace.saved().get("taxonomy", {}).get("recommendations", []))


async def test_choose_some_then_undo(fresh: Workspace) -> None:
    app = fresh.app()
    async with app.run_test(size=SIZE) as pilot:
        await open_picker(app, pilot)
        text = screen_text(app)
        assert "Detected 10 recommendations not in the taxonomy" in text
        assert f"R1    Recommendation 1  {R1_TITLE}" in text
        assert "R10   Recommendation 10  The government should report publicly" in text
        await pilot.press("space", "down", "down", "space", "enter")
        assert isinstance(app.screen, MainScreen)
        recommendations = main_screen(app).editing.model.taxonomy.recommendations
        assert [r.id for r in recommendations] == ["R1", "R3"]
        await pilot.press("ctrl+s")
        await wait_for_save(pilot)
        saved = saved_recommendations(fresh)
        assert [r["id"] for r in saved] == ["R1", "R3"]
        document = main_screen(app).editing.document
        detected = {d.id: d for d in detect_recommendations(document)}
        for entry in saved:
            found = detected[str(entry["id"])]
            assert (entry["start"], entry["end"]) == (found.start, found.end)
            assert entry["title"] == found.title
        assert str(saved[0]["title"]).startswith(R1_TITLE)
        # One undo takes both away.
        await pilot.press("u")
        assert main_screen(app).editing.model.taxonomy.recommendations == []
        await pilot.press("ctrl+s")
        await wait_for_save(pilot)
        assert saved_recommendations(fresh) == []


async def test_a_chooses_all_or_none(fresh: Workspace) -> None:
    app = fresh.app()
    async with app.run_test(size=SIZE) as pilot:
        picker = await open_picker(app, pilot)
        await pilot.press("a")
        choices = picker.query_one("#detected-list", SelectionList)
        assert len(choices.selected) == 10
        await pilot.press("a")
        assert choices.selected == []
        await pilot.press("a", "enter")
        await pilot.press("ctrl+s")
        await wait_for_save(pilot)
    assert [r["id"] for r in saved_recommendations(fresh)] == [f"R{n}" for n in range(1, 11)]


async def test_escape_adds_nothing(fresh: Workspace) -> None:
    app = fresh.app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_picker(app, pilot)
        await pilot.press("space", "escape")
        assert isinstance(app.screen, MainScreen)
        assert main_screen(app).editing.model.taxonomy.recommendations == []
        assert not main_screen(app).editing.annotations.can_undo
        # Enter with nothing chosen says so.
        await open_picker(app, pilot)
        await pilot.press("enter")
        await wait_until(pilot, lambda: "Nothing chosen: nothing added." in toasts(app))
        assert main_screen(app).editing.model.taxonomy.recommendations == []


async def test_all_already_in_the_taxonomy(workspace: Workspace) -> None:
    app = workspace.app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("D")
        await wait_until(pilot, lambda: any("taxonomy already" in t for t in toasts(app)))
        assert "All 10 detected recommendations are in the taxonomy already." in toasts(app)
        assert isinstance(app.screen, MainScreen)
        assert save_state(app) == "saved"


async def test_a_recommendation_with_the_same_span_counts_as_present(fresh: Workspace) -> None:
    session = prepare_session(fresh.document, fresh.annotations, None)
    [first] = [d for d in detect_recommendations(session.store.document) if d.id == "R1"]
    session.store.model.taxonomy.recommendations.append(
        Recommendation(id="LB", title="Leadership Board", start=first.start, end=first.end)
    )
    app = PolicyAnnotateApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await open_picker(app, pilot)
        text = screen_text(app)
        assert "Detected 9 recommendations not in the taxonomy" in text
        assert "Recommendation 1 " not in text
        assert "Recommendation 2 " in text


async def test_nothing_detected(tmp_path: Path) -> None:
    document = tmp_path / "notes.md"
    document.write_text("# Notes\n\nNothing numbered here. Nothing recommended either.\n")
    app = PolicyAnnotateApp(prepare_session(document, None, None))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("D")
        await wait_until(pilot, lambda: any("No numbered" in t for t in toasts(app)))
        assert "No numbered recommendations were detected in this document." in toasts(app)
        assert isinstance(app.screen, MainScreen)


async def test_detect_from_the_command_palette(fresh: Workspace) -> None:
    app = fresh.app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p", *"Detect recommendations")
        await wait_until(pilot, lambda: "Detect recommendations" in screen_text(app))
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, DetectedPicker))
