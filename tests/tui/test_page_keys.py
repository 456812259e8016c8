"""Paging through a paragraph taller than the screen (issue 17): every PgDn moves the view by
a screen, PgUp comes back the same way, and j/k move from what is on screen."""

from __future__ import annotations

import shutil
from itertools import pairwise
from pathlib import Path

import pytest
from tui_helpers import SIZE, main_screen, view, wait_until

from tui.app import PolicyAnnotateApp
from tui.launch import prepare_session
from tui.paging import PAGE_OVERLAP

pytestmark = pytest.mark.corpus

BILL = "us-consolidated-appropriations-act-2016.md"


def _bill_app(corpus: Path, tmp_path: Path) -> PolicyAnnotateApp:
    document = tmp_path / BILL
    shutil.copyfile(corpus / BILL, document)
    return PolicyAnnotateApp(prepare_session(document, tmp_path / "bill.toml", None))


def _top(app: PolicyAnnotateApp) -> int:
    return int(view(app).scroll_offset.y)


def _cursor_on_screen(app: PolicyAnnotateApp) -> bool:
    document_view = view(app)
    layout = document_view.layout_
    assert layout is not None
    first = layout.row_of_offset(document_view.cursor[0])
    last = layout.row_of_offset(max(document_view.cursor[0], document_view.cursor[1] - 1))
    top = _top(app)
    return first < top + document_view.scrollable_content_region.height and last >= top


async def test_page_down_through_the_table_of_contents(corpus: Path, tmp_path: Path) -> None:
    app = _bill_app(corpus, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: main_screen(app).is_loaded, timeout=30)
        document_view = view(app)
        height = document_view.scrollable_content_region.height
        tops = [_top(app)]
        for _ in range(6):
            await pilot.press("pagedown")
            tops.append(_top(app))
            assert _cursor_on_screen(app)
        assert [b - a for a, b in pairwise(tops)] == [height - PAGE_OVERLAP] * 6
        for _ in range(6):
            await pilot.press("pageup")
            assert _cursor_on_screen(app)
        assert _top(app) == 0
        # j and k from a screen inside the long table of contents stay near it.
        await pilot.press("pagedown", "pagedown")
        top = _top(app)
        await pilot.press("j")
        assert _cursor_on_screen(app)
        assert abs(_top(app) - top) <= height
        await pilot.press("k")
        assert _cursor_on_screen(app)
        assert abs(_top(app) - top) <= height


async def test_j_after_scrolling_away_moves_from_the_screen(corpus: Path, tmp_path: Path) -> None:
    app = _bill_app(corpus, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: main_screen(app).is_loaded, timeout=30)
        document_view = view(app)
        document_view.scroll_to(y=500, animate=False, immediate=True)
        await pilot.pause()
        assert not _cursor_on_screen(app)
        await pilot.press("j")
        assert _cursor_on_screen(app)
        assert abs(_top(app) - 500) <= document_view.scrollable_content_region.height
