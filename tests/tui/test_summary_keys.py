"""The summary screen's keys: to the end and back, its keys in the footer, and a quote opened
in the document."""

from __future__ import annotations

from typing import Any

import pytest
from textual.containers import VerticalScroll
from textual.pilot import Pilot
from tui_helpers import SIZE, Workspace, footer_line, main_screen, screen_text, view, wait_until

from tui.app import PolicyAnnotateApp
from tui.screens.main import MainScreen
from tui.screens.summary import SummaryScreen

SMALLEST = (80, 24)


async def open_summary(
    pilot: Pilot[Any], app: PolicyAnnotateApp
) -> tuple[SummaryScreen, VerticalScroll]:
    """Press S once the annotations are shown; the summary and its scrolling view."""
    await wait_until(pilot, lambda: main_screen(app).is_loaded)
    await pilot.press("S")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, SummaryScreen)
    return screen, screen.query_one("#summary-scroll", VerticalScroll)


@pytest.mark.parametrize(("end", "top"), [("G", "g"), ("end", "home")])
async def test_to_the_end_and_back(workspace: Workspace, end: str, top: str) -> None:
    app = workspace.app()
    async with app.run_test(size=SIZE) as pilot:
        _screen, scroll = await open_summary(pilot, app)
        assert scroll.max_scroll_y > 0
        await pilot.press(end)
        await wait_until(pilot, lambda: scroll.scroll_y == scroll.max_scroll_y)
        await pilot.press(top)
        await wait_until(pilot, lambda: scroll.scroll_y == 0)


async def test_the_footer_shows_the_summarys_keys(workspace: Workspace) -> None:
    app = workspace.app()
    async with app.run_test(size=SMALLEST) as pilot:
        await open_summary(pilot, app)
        line = footer_line(screen_text(app))
        for key in ("esc Back", "] Next quote", "⏎ Open passage", "g Top", "G End"):
            assert key in line, line


async def test_enter_on_a_quote_opens_its_passage(workspace: Workspace) -> None:
    app = workspace.app()
    async with app.run_test(size=SIZE) as pilot:
        screen, _scroll = await open_summary(pilot, app)
        await pilot.press("]", "]", "[", "]")  # the second quote
        await pilot.pause()
        assert "▶" in screen_text(app)  # it is marked, and scrolled to
        _recommendation_id, annotation_id = screen.quotes[1]
        await pilot.press("enter")
        assert isinstance(app.screen, MainScreen)
        annotation = main_screen(app).editing.annotations.get(annotation_id)
        assert annotation is not None
        assert view(app).cursor == (annotation.start, annotation.end)
        assert view(app).has_focus
        assert main_screen(app).current_id == annotation_id


async def test_the_marked_quote_is_scrolled_into_view(workspace: Workspace) -> None:
    app = workspace.app()
    async with app.run_test(size=SMALLEST) as pilot:
        _screen, scroll = await open_summary(pilot, app)
        await pilot.press(*["]"] * 6)
        await pilot.pause()
        assert scroll.scroll_y > 0
        assert "▶" in screen_text(app)
        await pilot.press("[")
        await pilot.pause()
        assert "▶" in screen_text(app)
