"""The outline (o): the document's headings, type to filter, ↑/↓, Enter goes there, Esc cancels."""

from __future__ import annotations

from pathlib import Path

from textual.geometry import Region
from tui_helpers import (
    SIZE,
    Workspace,
    go_to_sentence,
    screen_text,
    sentence_starting,
    strip_text,
    toasts,
    view,
    wait_until,
)

from tui.app import PolicyAnnotateApp
from tui.launch import prepare_session
from tui.screens.main import MainScreen
from tui.screens.outline import OutlineScreen
from tui.widgets.outline_list import OutlineList


def outline(app: PolicyAnnotateApp) -> OutlineScreen:
    """The outline on top."""
    screen = app.screen
    assert isinstance(screen, OutlineScreen)
    return screen


def highlighted_title(app: PolicyAnnotateApp) -> str:
    """The title of the highlighted heading."""
    section = outline(app).highlighted_section
    assert section is not None
    return section.title


def heading_on_screen(app: PolicyAnnotateApp, offset: int) -> bool:
    """Whether the row holding ``offset`` is in the document pane's view."""
    document_view = view(app)
    assert document_view.layout_ is not None
    row = document_view.layout_.row_of_offset(offset)
    top = int(document_view.scroll_offset.y)
    return top <= row < top + document_view.size.height


async def test_outline_lists_the_headings_indented_and_highlights_the_cursors_section(
    app: PolicyAnnotateApp,
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await go_to_sentence(pilot, sentence_starting(app, "Businesses told a similar story"))
        await pilot.press("o")
        text = screen_text(app)
        assert "Outline: 25 headings" in text
        assert " The Eastmere Digital Government Review" in text
        assert "   Foreword" in text  # level 2 under the level-1 title
        assert "     Where Eastmere stands" in text  # level 3
        assert highlighted_title(app) == "From citizens and businesses"
        await pilot.press("down")
        assert highlighted_title(app) == "From staff"
        await pilot.press("up", "up")
        assert highlighted_title(app) == "What we heard"


async def test_filter_then_enter_jumps_to_the_heading(app: PolicyAnnotateApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o", *"skills")
        listed = outline(app).query_one(OutlineList)
        text = strip_text(listed.render_lines(Region(0, 0, *listed.region.size)))
        assert "Skills and leadership" in text
        assert "Building skills at every level" in text
        assert "Foreword" not in text  # in the list (the document behind shows its heading)
        assert highlighted_title(app) == "Skills and leadership"
        await pilot.press("down", "enter")
        assert isinstance(app.screen, MainScreen)
        document = view(app).document
        start = document.text.index("### Building skills at every level")
        cursor = view(app).cursor
        assert cursor[0] == start
        assert document.text[cursor[0] : cursor[1]] == "### Building skills at every level"
        assert view(app).selected_span is None
        assert view(app).has_focus
        assert heading_on_screen(app, start)


async def test_escape_cancels(app: PolicyAnnotateApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        span = await go_to_sentence(pilot, 12)
        await pilot.press("o", "down", "down", "escape")
        assert isinstance(app.screen, MainScreen)
        assert view(app).cursor == span


async def test_no_heading_matches(app: PolicyAnnotateApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        span = await go_to_sentence(pilot, 12)
        await pilot.press("o", *"zzz")
        assert "No heading matches." in screen_text(app)
        assert outline(app).highlighted_section is None
        await pilot.press("enter")
        assert isinstance(app.screen, MainScreen)
        assert view(app).cursor == span


async def test_page_keys_and_a_click(app: PolicyAnnotateApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o", "pagedown")
        assert highlighted_title(app) == "The case for building once"  # ten down from the top
        await pilot.press("pageup")
        assert highlighted_title(app) == "The Eastmere Digital Government Review"
        # a click on the third row ("Executive summary") goes there
        await pilot.click(OutlineList, offset=(5, 2))
        assert isinstance(app.screen, MainScreen)
        document = view(app).document
        assert view(app).cursor[0] == document.text.index("## Executive summary")


async def test_a_document_without_headings(tmp_path: Path) -> None:
    document = tmp_path / "notes.txt"
    document.write_text("A plain note. It has no headings at all.\n\nA second paragraph.\n")
    app = PolicyAnnotateApp(prepare_session(document, None, None))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("o")
        assert isinstance(app.screen, MainScreen)
        await wait_until(pilot, lambda: bool(toasts(app)))
        assert "This document has no headings (Markdown # lines), so it has no outline." in toasts(
            app
        )


async def test_pages_are_shown_for_a_paged_document(workspace: Workspace) -> None:
    session = prepare_session(workspace.document, workspace.annotations, None)
    document = session.store.document
    # as a PDF import would have it: page 2 starts at "## Context", page 3 at "## Local government"
    document.pages = (0, document.text.index("## Context"), document.text.index("## Local gov"))
    app = PolicyAnnotateApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")
        lines = screen_text(app).splitlines()
        assert any("Foreword  p. 1" in line for line in lines)
        assert any("Context  p. 2" in line for line in lines)
        assert any("Where Eastmere stands  p. 2" in line for line in lines)
        assert any("The current picture  p. 3" in line for line in lines)


async def test_outline_from_the_command_palette(app: PolicyAnnotateApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p", *"Outline")
        await wait_until(pilot, lambda: "Outline" in screen_text(app))
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, OutlineScreen))
