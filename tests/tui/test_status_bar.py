"""The status bar keeps the annotation file's name visible however long its path."""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from textual.app import App, ComposeResult
from tui_helpers import screen_text

from tui.widgets.status_bar import StatusBar, fit_title_and_path

TITLE = " The Eastmere Digital Government Review"
LONG = "/tmp/pytest-of-someone/pytest-12/test_a_long_name0/work/review.analyst-a.mine.toml"


def test_everything_shown_when_it_fits() -> None:
    assert fit_title_and_path(TITLE, "review.analyst-a.toml", 120) == (
        TITLE,
        "review.analyst-a.toml",
    )


@pytest.mark.parametrize("width", [40, 60, 80, 100])
def test_the_path_loses_its_start_and_keeps_the_file_name(width: int) -> None:
    title, path = fit_title_and_path(TITLE, LONG, width)
    assert path.endswith("/review.analyst-a.mine.toml")
    assert path.startswith("…")
    assert cell_len(title) + 2 + cell_len(path) <= width
    assert title.startswith(" The East")


def test_wide_characters_are_counted_by_cell() -> None:
    title, path = fit_title_and_path(" 数字政府の見直し 数字政府の見直し", "/a/b/c/分析者.toml", 24)
    assert path.endswith("分析者.toml")
    assert cell_len(title) + 2 + cell_len(path) <= 24


def test_a_title_with_no_room_left_is_left_out_rather_than_cut_to_a_stub() -> None:
    title, path = fit_title_and_path(TITLE, "review.analyst-a.toml", 28)
    assert (title, path) == ("", "review.analyst-a.toml")
    title, _path = fit_title_and_path(TITLE, "review.analyst-a.toml", 31)
    assert title == " The Ea…"


class _StatusOnly(App[None]):
    """The status bar alone, at the width of a small terminal."""

    def compose(self) -> ComposeResult:
        yield StatusBar(id="status-bar")


async def status_line(width: int, file_name: str, target: str) -> str:
    """The status line of a project's annotator at ``width`` columns (33 annotations, saved)."""
    app = _StatusOnly()
    async with app.run_test(size=(width, 3)) as pilot:
        status = app.query_one(StatusBar)
        status.title_text = "The Eastmere Digital Government Review"
        status.file_name = file_name
        status.owner = "analyst-a's file (+1 other)"
        status.count = 33
        status.target = target
        await pilot.pause()
        return screen_text(app).split("\n")[0]


@pytest.mark.parametrize(
    "target", ["the sentence", "annotation (a heading)", "annotation (a paragraph)"]
)
async def test_the_save_state_stays_on_screen_when_the_right_part_fills_the_row(
    target: str,
) -> None:
    """At 80 columns in a project the target, whose file and the count fill the row: the title
    and the path give way; the count and the save state stay whole."""
    line = await status_line(
        80, "/home/someone/policy-annotate-sample/review.analyst-a.toml", target
    )
    assert line.rstrip().endswith("33 annotations  ✓ saved")
    assert "The Eastmere Digital Government Review" not in line


async def test_what_matters_least_gives_way_first_on_a_narrow_row() -> None:
    """Narrower still, the target goes, then whose file it is; the save state stays."""
    line = await status_line(44, "review.analyst-a.toml", "annotation (a paragraph)")
    assert line.rstrip().endswith("33 annotations  ✓ saved")
    assert "annotation (a paragraph)" not in line
