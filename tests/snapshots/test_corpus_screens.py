"""Snapshot tests of the search across the corpus (its results, 120x40 and 80x24) and of the
project summary, on a copy of the sample project, opened from the board.

Regenerate with ``pytest tests/snapshots --snapshot-update`` and look at the SVGs under
``tests/snapshots/__snapshots__/`` before committing them.
"""

from __future__ import annotations

from test_board_screen import SIZE, SMALLEST, SnapCompare, app, keys_then

from tui.app import PolicyAnnotateApp
from tui.screens.corpus_search import CorpusSearchScreen
from tui.screens.project_summary import ProjectSummaryScreen

__all__ = ["app"]  # the fixture, shared with the board's snapshots

SEARCH = ("slash", *"digital", "enter", "j", "j")


def test_search_results(snap_compare: SnapCompare, app: PolicyAnnotateApp) -> None:
    """Every match of "digital", the board's order, the third under the cursor."""
    run_before = keys_then(SEARCH, CorpusSearchScreen)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_search_results_smallest(snap_compare: SnapCompare, app: PolicyAnnotateApp) -> None:
    """At 80x24 the context around each match is cut to fit, the match still in it."""
    run_before = keys_then(SEARCH, CorpusSearchScreen)
    assert snap_compare(app, terminal_size=SMALLEST, run_before=run_before)


def test_project_summary(snap_compare: SnapCompare, app: PolicyAnnotateApp) -> None:
    """The project summary, the cursor on its first quote."""
    run_before = keys_then(("S", "right_square_bracket"), ProjectSummaryScreen)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_project_summary_smallest(snap_compare: SnapCompare, app: PolicyAnnotateApp) -> None:
    """At 80x24 the summary is wrapped to the screen."""
    run_before = keys_then(("S",), ProjectSummaryScreen)
    assert snap_compare(app, terminal_size=SMALLEST, run_before=run_before)
