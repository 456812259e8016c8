"""The panel's hints say what is true and fit the panel (issue 17): a filter matching nothing
says so (and how to clear it), and the hints wrap rather than being cut, at 120 and 80 columns."""

from __future__ import annotations

import pytest
from textual.widgets import Input
from tui_helpers import SIZE, Workspace, annotation_list, main_screen, screen_text

from tui.app import PolicyAnnotateApp
from tui.widgets.annotation_panel import TaxonomyCounts

SIZES = [SIZE, (80, 24)]


def _list_text(app: PolicyAnnotateApp) -> str:
    """The list's rows as one line of words (hints may wrap over several rows)."""
    items = annotation_list(app)
    rows = [items.render_line(y).text for y in range(items.size.height)]
    return " ".join(" ".join(rows).split())


def _counts_text(app: PolicyAnnotateApp) -> str:
    return " ".join(main_screen(app).query_one(TaxonomyCounts).plain.split())


@pytest.mark.parametrize("size", SIZES)
async def test_a_filter_matching_nothing_says_so(
    app: PolicyAnnotateApp, size: tuple[int, int]
) -> None:
    async with app.run_test(size=size) as pilot:
        count = len(main_screen(app).editing.annotations)
        await pilot.press("tab", "f", *"zzz")
        assert annotation_list(app).items == []
        shown = _list_text(app)
        assert "No annotations yet" not in shown
        assert f"No annotation matches the filter “zzz” ({count} in the file)." in shown
        assert "Empty the filter (f) to see them all." in shown
        # Emptied, the list is back.
        main_screen(app).query_one("#annotation-filter", Input).value = ""
        await pilot.pause()
        assert len(annotation_list(app).items) == count


@pytest.mark.parametrize("size", SIZES)
async def test_the_hints_of_an_empty_file_fit(fresh: Workspace, size: tuple[int, int]) -> None:
    app = fresh.app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert "No annotations yet. Select a passage and press 1, 2, 3 or t to tag it." in (
            _list_text(app)
        )
        assert "No recommendations yet: select one and press R." in _counts_text(app)


@pytest.mark.parametrize("size", SIZES)
async def test_the_filter_placeholder_fits(app: PolicyAnnotateApp, size: tuple[int, int]) -> None:
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        box = main_screen(app).query_one("#annotation-filter", Input)
        assert len(box.placeholder) <= box.content_region.width


@pytest.mark.parametrize("size", SIZES)
async def test_the_help_hint_wraps_rather_than_being_cut(
    app: PolicyAnnotateApp, size: tuple[int, int]
) -> None:
    from textual.widgets import Label

    from tui.screens.help import HelpScreen

    async with app.run_test(size=size) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        hint = app.screen.query_one("#help-hint", Label)
        dialog = app.screen.query_one("#help-dialog")
        assert dialog.content_region.contains_region(hint.region)
        assert "keys.toml" in screen_text(app)
