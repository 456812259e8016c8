"""Snapshot tests of the app's screens on the sample review with analyst-a's annotations.

Each test copies the sample into its own folder and opens it by explicit paths (so the
"copied the sample" notice never appears), with state isolated by the shared conftest (so the
cursor starts at the top of the document). The paths are given relative to that folder, as
``policy-annotate review.md`` would be run from it: the status bar shows the annotation file's
path, and an absolute temporary path would differ from run to run.

Regenerate with ``pytest tests/snapshots --snapshot-update`` and look at the SVGs under
``tests/snapshots/__snapshots__/`` before committing them.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from tui.app import PolicyAnnotateApp
from tui.flows.opening import OpeningFlow
from tui.launch import prepare_session
from tui.screens.help import HelpScreen
from tui.screens.load_error import LoadErrorScreen
from tui.screens.main import MainScreen
from tui.screens.note_editor import NoteEditor
from tui.screens.tag_picker import TagPicker
from tui.widgets.document_view import DocumentView

SnapCompare = Callable[..., bool]
RunBefore = Callable[[Pilot[int]], Awaitable[None]]

SIZE = (120, 40)
SMALLEST = (80, 24)
DOCUMENT = "review.md"
ANNOTATIONS = "review.analyst-a.toml"
TITLE = "The Eastmere Digital Government Review"

# Six sentences down from the title: "The answer is not, for the most part, about technology."
# (the first passage analyst-a annotated), then a selection extended over the next sentence.
TO_FIRST_ANNOTATION = ("j",) * 5


@pytest.fixture
def app(samples: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> PolicyAnnotateApp:
    """The app on a copy of the sample review and analyst-a's annotations."""
    for name in (DOCUMENT, ANNOTATIONS):
        shutil.copyfile(samples / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    session = prepare_session(Path(DOCUMENT), Path(ANNOTATIONS), "tester")
    assert session.messages == []
    assert not session.is_new_file
    return PolicyAnnotateApp(session)


async def settle(pilot: Pilot[int]) -> None:
    """Wait until nothing is left to change on screen: workers done, messages handled."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


def steady_cursors(pilot: Pilot[int]) -> None:
    """Stop the text cursors blinking, so a slow run cannot catch one switched off."""
    for widget in pilot.app.screen.query(Input).results():
        widget.cursor_blink = False
    for widget in pilot.app.screen.query(TextArea).results():
        widget.cursor_blink = False


def keys_then(keys: Iterable[str], check: Callable[[Pilot[int]], None] | None = None) -> RunBefore:
    """A ``run_before`` pressing ``keys`` and waiting for the app to settle (and no toasts)."""

    async def run_before(pilot: Pilot[int]) -> None:
        await settle(pilot)
        if keys:
            await pilot.press(*keys)
            await settle(pilot)
        steady_cursors(pilot)
        await pilot.pause()
        toasts = [notification.message for notification in pilot.app._notifications]
        assert toasts == [], f"a toast would be in the snapshot: {toasts}"
        if check is not None:
            check(pilot)

    return run_before


def on_main_screen(pilot: Pilot[int]) -> MainScreen:
    screen = pilot.app.screen
    assert isinstance(screen, MainScreen)
    return screen


def test_main_screen_while_the_annotations_load(
    snap_compare: SnapCompare, app: PolicyAnnotateApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first frame as the command shows it: the document, "… loading" in the status bar,
    the panel saying so, and only the reading keys in the footer (the file loads meanwhile;
    here it never starts loading, so the moment can be photographed)."""
    monkeypatch.setattr(OpeningFlow, "load", lambda self: None)
    app.session.store, app.session.reanchored = None, None  # as the command line leaves them

    async def check(pilot: Pilot[int]) -> None:
        await pilot.pause()
        assert not on_main_screen(pilot).is_loaded

    assert snap_compare(app, terminal_size=SIZE, run_before=check)


def test_main_screen(snap_compare: SnapCompare, app: PolicyAnnotateApp) -> None:
    """The main screen as opened: the cursor on the title, the taxonomy counts, 12 annotations."""

    def check(pilot: Pilot[int]) -> None:
        screen = on_main_screen(pilot)
        view = screen.query_one(DocumentView)
        text = screen.editing.document.text
        assert text[view.cursor[0] : view.cursor[1]] == f"# {TITLE}"
        assert view.selected_span is None

    assert snap_compare(app, terminal_size=SIZE, run_before=keys_then((), check))


def test_main_screen_after_moving_and_selecting(
    snap_compare: SnapCompare, app: PolicyAnnotateApp
) -> None:
    """Down five sentences onto the first annotated passage, then v and j select two sentences.

    The list highlights the first annotation, the details show its note, and the selection
    covers both sentences.
    """

    def check(pilot: Pilot[int]) -> None:
        screen = on_main_screen(pilot)
        view = screen.query_one(DocumentView)
        text = screen.editing.document.text
        selection = view.selected_span
        assert selection is not None
        assert text[selection[0] : selection[1]].startswith("The answer is not, for the most part")
        assert text[view.cursor[0] : view.cursor[1]].startswith("Eastmere does not lack clever")
        assert screen.current_id == "01M6DQA2C4WR153JKGMWSAQAT9"

    keys = (*TO_FIRST_ANNOTATION, "v", "j")
    assert snap_compare(app, terminal_size=SIZE, run_before=keys_then(keys, check))


def test_tag_picker_with_a_filter(snap_compare: SnapCompare, app: PolicyAnnotateApp) -> None:
    """t on the first annotated passage, then "standard": R3, R8 and R9 are left."""

    def check(pilot: Pilot[int]) -> None:
        screen = pilot.app.screen
        assert isinstance(screen, TagPicker)
        assert screen.query_one("#picker-filter", Input).value == "standard"

    keys = (*TO_FIRST_ANNOTATION, "t", *"standard")
    assert snap_compare(app, terminal_size=SIZE, run_before=keys_then(keys, check))


def test_note_editor_with_text(snap_compare: SnapCompare, app: PolicyAnnotateApp) -> None:
    """e on the first annotated passage: its note, with a second line typed after it."""
    typed = "Compare with the Foreword of the response."

    def check(pilot: Pilot[int]) -> None:
        screen = pilot.app.screen
        assert isinstance(screen, NoteEditor)
        assert screen.query_one(TextArea).text == (
            "Foreword frames the whole review as a problem of working together, not of"
            f" technology.\n{typed}"
        )

    keys = (*TO_FIRST_ANNOTATION, "e", "enter", *typed)
    assert snap_compare(app, terminal_size=SIZE, run_before=keys_then(keys, check))


def test_help_screen(snap_compare: SnapCompare, app: PolicyAnnotateApp) -> None:
    """? in the document pane: its keys first, then those that work everywhere."""

    def check(pilot: Pilot[int]) -> None:
        screen = pilot.app.screen
        assert isinstance(screen, HelpScreen)
        assert screen.focused_name == "Document pane"

    assert snap_compare(app, terminal_size=SIZE, run_before=keys_then(("question_mark",), check))


def test_main_screen_at_the_smallest_size(
    snap_compare: SnapCompare, app: PolicyAnnotateApp
) -> None:
    """The main screen at 80x24, the smallest supported terminal."""
    assert snap_compare(app, terminal_size=SMALLEST, run_before=keys_then(()))


def test_the_problems_of_a_broken_annotation_file(
    snap_compare: SnapCompare, samples: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file with two broken values, opened as the command opens it: after the document, the
    screen listing its problems (one line each, wrapped at 80 columns) and the keys that quit."""
    shutil.copyfile(samples / DOCUMENT, tmp_path / DOCUMENT)
    text = (samples / ANNOTATIONS).read_text(encoding="utf-8")
    head, marker, rest = text.partition("[[annotations]]")
    rest = re.sub(r"(?m)^start = \d+$", 'start = "x"', rest, count=1)
    rest = re.sub(r'(?m)^stance = "\w+"$', 'stance = "maybe"', rest, count=1)
    (tmp_path / ANNOTATIONS).write_text(head + marker + rest, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    session = prepare_session(Path(DOCUMENT), Path(ANNOTATIONS), "tester", load_annotations=False)
    app = PolicyAnnotateApp(session)

    async def run_before(pilot: Pilot[int]) -> None:
        for _ in range(200):
            if isinstance(pilot.app.screen, LoadErrorScreen):
                break
            await pilot.pause(0.05)
        assert isinstance(pilot.app.screen, LoadErrorScreen)
        await settle(pilot)

    assert snap_compare(app, terminal_size=SMALLEST, run_before=run_before)
