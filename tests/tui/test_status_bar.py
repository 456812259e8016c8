"""The status bar keeps the annotation file's name visible however long its path."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from tui.widgets.status_bar import fit_title_and_path

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
