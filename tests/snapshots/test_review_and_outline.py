"""Snapshots of the review bar (A, after re-anchoring a revised document) and the outline (o).

As in test_screens.py, the sample is copied into the test's folder and opened by relative
paths. For the review bar the sample review is revised first (a reworded quote, an inserted
sentence, a deleted one), so that opening it re-anchors analyst-a's annotations.
Regenerate with ``pytest tests/snapshots/test_review_and_outline.py --snapshot-update`` and look
at the SVGs under ``tests/snapshots/__snapshots__/test_review_and_outline/``.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from tui.app import PolicyAnnotateApp
from tui.launch import prepare_session
from tui.screens.main import MainScreen
from tui.screens.outline import OutlineScreen
from tui.widgets.document_view import DocumentView
from tui.widgets.review_bar import ReviewBar

SnapCompare = Callable[..., bool]

SIZE = (120, 40)
DOCUMENT = "review.md"
ANNOTATIONS = "review.analyst-a.toml"


def _copy(samples: Path, folder: Path) -> None:
    for name in (DOCUMENT, ANNOTATIONS):
        shutil.copyfile(samples / name, folder / name)


def _revise(document: Path) -> None:
    """Reword a quote (fuzzy), insert a sentence (moved), delete an annotated one (orphaned)."""
    text = document.read_text(encoding="utf-8")
    gone = text.index("Five councils in the Northern Lakes region")
    end = text.index(".", gone) + 1
    text = text[:gone] + text[end:].lstrip(" ")
    insert = text.index("We recommend a single Service Standard")
    text = text[:insert] + "This paragraph was added in the revised edition. " + text[insert:]
    text = text.replace(
        "In our survey, 68 per cent of residents",
        "In our 2025 survey, seventy per cent of the residents",
        1,
    )
    document.write_text(text, encoding="utf-8")


@pytest.fixture
def app(samples: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> PolicyAnnotateApp:
    """The app on a copy of the sample review and analyst-a's annotations."""
    _copy(samples, tmp_path)
    monkeypatch.chdir(tmp_path)
    return PolicyAnnotateApp(prepare_session(Path(DOCUMENT), Path(ANNOTATIONS), "tester"))


@pytest.fixture
def revised_app(
    samples: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> PolicyAnnotateApp:
    """The app on analyst-a's annotations of a revised copy of the sample review."""
    _copy(samples, tmp_path)
    _revise(tmp_path / DOCUMENT)
    monkeypatch.chdir(tmp_path)
    session = prepare_session(Path(DOCUMENT), Path(ANNOTATIONS), "tester")
    assert session.reanchored is not None
    return PolicyAnnotateApp(session)


async def settle(pilot: Pilot[int]) -> None:
    """Wait until nothing is left to change on screen: workers done, messages handled."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


def test_review_bar(snap_compare: SnapCompare, revised_app: PolicyAnnotateApp) -> None:
    """A on the re-anchored file: item 1/2, fuzzy with its score, the old quote against the
    passage now, which is selected in the document; the status bar counts 2 to review."""

    async def run_before(pilot: Pilot[int]) -> None:
        await settle(pilot)
        await pilot.pause(1.0)  # the autosave of the re-anchored file
        await settle(pilot)
        await pilot.press("A")
        await settle(pilot)
        pilot.app.clear_notifications()  # "Document revised: ..." would cover the bar
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, MainScreen)
        assert screen.query_one(ReviewBar).display
        view = screen.query_one(DocumentView)
        assert view.selected_span is not None
        selected = screen.editing.document.text[view.selected_span[0] : view.selected_span[1]]
        assert selected.startswith("In our 2025 survey, seventy per cent")
        assert not screen.editing.dirty

    assert snap_compare(revised_app, terminal_size=SIZE, run_before=run_before)


def test_outline(snap_compare: SnapCompare, app: PolicyAnnotateApp) -> None:
    """o with the cursor in "From staff": every heading, indented by level, that one highlighted."""

    async def run_before(pilot: Pilot[int]) -> None:
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, MainScreen)
        view = screen.query_one(DocumentView)
        offset = screen.editing.document.text.index("### From staff")
        view.set_cursor(view.sentence_containing(offset + 20), anchor=None)
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        outline = pilot.app.screen
        assert isinstance(outline, OutlineScreen)
        for widget in outline.query(Input).results():
            widget.cursor_blink = False
        section = outline.highlighted_section
        assert section is not None
        assert section.title == "From staff"
        await pilot.pause()
        assert list(pilot.app._notifications) == []

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
