"""The footer (Textual's Footer) shows the keys that matter where the user is, Help and Quit
included, at the smallest supported size too."""

from __future__ import annotations

import pytest
from tui_helpers import SIZE, Workspace, footer_line, screen_text, wait_until

SMALLEST = (80, 24)
MAIN_KEYS = (
    "t Tag",
    "s Stance",
    "e Note",
    "u Undo",
    "/ Search",
    "S Summary",
    "? Help",
    "q Quit",
)


@pytest.mark.parametrize("size", [SIZE, SMALLEST], ids=["120x40", "80x24"])
async def test_the_main_screen_shows_its_keys_help_and_quit_included(
    workspace: Workspace, size: tuple[int, int]
) -> None:
    app = workspace.app()
    async with app.run_test(size=size) as pilot:
        await wait_until(pilot, lambda: "q Quit" in footer_line(screen_text(app)))
        line = footer_line(screen_text(app))
        for key in MAIN_KEYS:
            assert key in line, line
        # At 80 columns the palette's key gives its room to Help and Quit (Ctrl+P is in the help)
        assert ("^p Commands" in line) == (size == SIZE), line
        assert "Save" not in line  # saving is automatic; Ctrl+S is in the help
        assert "Toggle principle" not in line  # show=False


async def test_the_summary_screen_shows_the_way_back(workspace: Workspace) -> None:
    app = workspace.app()
    async with app.run_test(size=SMALLEST) as pilot:
        await pilot.press("S")
        await wait_until(pilot, lambda: "esc Back to the document" in screen_text(app))
        assert "t Tag" not in footer_line(screen_text(app))


FOCUS_STEPS = {
    "document": (),
    "list": ("tab",),
    "details": ("tab", "tab"),
    "filter": ("tab", "f"),
}
"""The keys that move the focus to each part of the main screen."""


@pytest.mark.parametrize("focus", list(FOCUS_STEPS))
async def test_help_and_quit_stay_in_the_footer_at_80x24_whatever_is_focused(
    workspace: Workspace, focus: str
) -> None:
    app = workspace.app()
    async with app.run_test(size=SMALLEST) as pilot:
        await wait_until(pilot, lambda: "q Quit" in footer_line(screen_text(app)))
        await pilot.press(*FOCUS_STEPS[focus])
        await pilot.pause()
        focused = app.screen.focused
        assert focused is not None
        expected_id = {
            "document": "document",
            "list": "annotation-list",
            "details": "annotation-details",
            "filter": "annotation-filter",
        }[focus]
        assert focused.id == expected_id
        help_key, quit_key = ("f1 Help", "^q Quit") if focus == "filter" else ("? Help", "q Quit")
        # "?" and "q" type into the filter: their other keys are shown there. The footer is
        # recomposed after a focus change; wait for it rather than read it half drawn.
        await wait_until(
            pilot,
            lambda: all(key in footer_line(screen_text(app)) for key in (help_key, quit_key)),
        )
