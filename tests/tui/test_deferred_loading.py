"""Opening as the command does: the document first, the annotation file loaded after the first
frame (``prepare_session(..., load_annotations=False)``). While it loads, the document can be
read, moved through and searched, but nothing can be tagged; once loaded, everything works; a
broken file shows its problems, and leaving them ends the app, the file left as it was."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input
from tui_helpers import (
    REVISED_COUNTS,
    SIZE,
    Workspace,
    annotation_list,
    first_untagged_sentence,
    go_to_sentence,
    main_screen,
    save_state,
    screen_text,
    sentences,
    status_text,
    style_at,
    toasts,
    view,
    wait_for_autosave,
    wait_for_save,
    wait_until,
)

from tui.app import PolicyAnnotateApp
from tui.launch import Session, prepare_session
from tui.screens.load_error import LoadErrorScreen

TITLE = "The Eastmere Digital Government Review"
SAMPLE_COUNT = 32
"""The number of annotations in the sample file (analyst A's)."""
COUNT = re.compile(r"\b\d+ annotations?\b")
LOADING = "Loading the annotations"
GATE_TIMEOUT = 30.0


@dataclass
class Gate:
    """Holds ``Session.load_annotations`` until released, so the loading moment lasts."""

    release: threading.Event = field(default_factory=threading.Event)
    entered: threading.Event = field(default_factory=threading.Event)
    done: threading.Event = field(default_factory=threading.Event)


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[Gate]:
    """``Session.load_annotations`` waits for ``gate.release`` before loading."""
    real = Session.load_annotations
    gate = Gate()

    def held(self: Session) -> object:
        gate.entered.set()
        if not gate.release.wait(GATE_TIMEOUT):
            raise RuntimeError("the test never released the annotation file")
        try:
            return real(self)
        finally:
            gate.done.set()

    monkeypatch.setattr(Session, "load_annotations", held)
    yield gate
    gate.release.set()  # a failed test must not leave the worker thread waiting


def deferred_app(workspace: Workspace) -> PolicyAnnotateApp:
    """The app as ``policy-annotate review.md -a FILE`` opens it: the file not loaded yet."""
    session = prepare_session(
        workspace.document, workspace.annotations, None, load_annotations=False
    )
    assert session.store is None
    return PolicyAnnotateApp(session)


async def wait_until_loaded(pilot: Pilot[Any], app: PolicyAnnotateApp) -> None:
    """Wait for the worker to load the file and the screen to show it."""
    await wait_until(pilot, lambda: main_screen(app).is_loaded, timeout=GATE_TIMEOUT)
    await app.workers.wait_for_complete()
    await pilot.pause()


def annotated_spans(workspace: Workspace) -> list[tuple[int, int]]:
    """The spans of the annotations in the file on disk, in document order."""
    return sorted((a["start"], a["end"]) for a in workspace.saved_annotations())


# --- while loading, then loaded --------------------------------------------------------------


async def test_the_document_shows_while_loading_and_the_annotations_follow(
    workspace: Workspace, gate: Gate
) -> None:
    original = workspace.annotations.read_bytes()
    spans = annotated_spans(workspace)
    assert len(spans) == SAMPLE_COUNT
    app = deferred_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, gate.entered.is_set)
        await pilot.pause()
        # The document is on screen; the status bar says loading, with no count yet.
        text = screen_text(app)
        assert TITLE in status_text(app)
        sentence = view(app).document.text[slice(*sentences(app)[1])]
        first_words = " ".join(sentence.strip("*").split()[:4])  # the italic, as it is shown
        assert first_words in " ".join(text.replace("*", "").split())  # or as its source
        assert "loading" in status_text(app)
        assert not COUNT.search(status_text(app))
        assert LOADING in text
        assert not main_screen(app).is_loaded

        # Tagging does nothing yet.
        cursor = view(app).cursor
        await pilot.press("1", "s")
        assert view(app).cursor == cursor
        assert not main_screen(app).is_loaded

        # Reading works: j moves to the next sentence, / searches.
        await pilot.press("j")
        assert view(app).cursor[0] > cursor[0]
        await pilot.press("slash")
        search = main_screen(app).query_one("#search", Input)
        assert search.display
        assert search.has_focus
        await pilot.press(*"Minister for the Civil Service", "enter")
        assert not search.display
        match = view(app).current_match
        assert match is not None
        assert view(app).document.text[slice(*match)] == "Minister for the Civil Service"
        start, end = view(app).cursor  # the sentence holding the match
        assert "loading" in status_text(app)

        # An annotated passage on screen, away from the cursor, is not highlighted yet.
        shown = [
            span
            for span in spans
            if not (span[0] < end and start < span[1]) and style_at(app, span[0]) is not None
        ]
        assert shown, "no annotated passage is on screen"
        offset = shown[0][0]
        plain = style_at(app, offset)

        gate.release.set()
        await wait_until_loaded(pilot, app)

        status = status_text(app)
        assert f"{SAMPLE_COUNT} annotations" in status
        assert "✓ saved" in status
        assert "loading" not in status
        assert LOADING not in screen_text(app)
        assert len(annotation_list(app).items) == SAMPLE_COUNT
        assert style_at(app, offset) != plain  # highlighted now
        assert view(app).cursor == (start, end)  # the search result is kept
        assert view(app).current_match == match
        await pilot.press("q")
    # The keys pressed while loading changed nothing.
    assert app.return_value == 0
    assert workspace.annotations.read_bytes() == original


async def test_the_whole_flow_after_loading_survives_reopening(
    workspace: Workspace, gate: Gate
) -> None:
    gate.release.set()  # loads as soon as asked; the worker still runs after the first frame
    app = deferred_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until_loaded(pilot, app)
        index = first_untagged_sentence(app)
        await go_to_sentence(pilot, index)
        span = (sentences(app)[index][0], sentences(app)[index + 1][1])
        await pilot.press("shift+down", "1", "s")
        await pilot.press("e", *"Deferred, then tagged", "ctrl+s")
        assert f"{SAMPLE_COUNT + 1} annotations" in status_text(app)
        await pilot.press("ctrl+s")  # an autosave may be being written: saved right after it
        await wait_until(pilot, lambda: save_state(app) == "saved")
        await wait_for_save(pilot)
        await go_to_sentence(pilot, 40)
        await pilot.press("q")
    assert app.return_value == 0
    saved = workspace.saved_annotations()
    assert len(saved) == SAMPLE_COUNT + 1
    [mine] = [a for a in saved if (a["start"], a["end"]) == span]
    assert mine["principles"] == ["collaboration"]
    assert mine["stance"] == "support"
    assert mine["note"] == "Deferred, then tagged"
    assert mine["author"] == "tester"
    assert mine["quote"] == workspace.quote(*span)
    after_first = workspace.annotations.read_bytes()

    reopened = deferred_app(workspace)
    async with reopened.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # The reading position is restored before the annotations are loaded.
        assert view(reopened).cursor == sentences(reopened)[40]
        await wait_until_loaded(pilot, reopened)
        assert f"{SAMPLE_COUNT + 1} annotations" in status_text(reopened)
        screen = main_screen(reopened)
        annotation = screen.editing.annotations.exact(*span)
        assert annotation is not None
        assert annotation.note == "Deferred, then tagged"
        assert view(reopened).cursor == sentences(reopened)[40]
        await pilot.press("q")
    assert reopened.return_value == 0
    assert workspace.annotations.read_bytes() == after_first


async def test_a_new_file_is_created_when_saved(fresh: Workspace) -> None:
    app = deferred_app(fresh)
    assert app.session.is_new_file
    async with app.run_test(size=SIZE) as pilot:
        await wait_until_loaded(pilot, app)
        assert "0 annotations" in status_text(app)
        assert not fresh.annotations.exists()
        span = await go_to_sentence(pilot, 12)
        await pilot.press("1", "ctrl+s")
        await wait_for_save(pilot)
        assert save_state(app) == "saved"
        await pilot.press("q")
    assert app.return_value == 0
    [saved] = fresh.saved_annotations()
    assert (saved["start"], saved["end"]) == span
    assert saved["principles"] == ["collaboration"]
    assert fresh.saved()["document"]["path"] == "review.md"


async def test_a_revised_document_is_reanchored_after_loading_and_saved(
    revised: Workspace,
) -> None:
    old_file = revised.annotations.read_bytes()
    app = deferred_app(revised)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_until_loaded(pilot, app)
        await wait_until(pilot, lambda: any("Document revised" in t for t in toasts(app)))
        assert f"Document revised: {REVISED_COUNTS} — press A to review" in toasts(app)
        assert "2 annotations need review (A)" in status_text(app)
        await wait_for_autosave(pilot)
        assert save_state(app) == "saved"
    saved = revised.saved_after_reanchoring(old_file)
    assert len(saved["annotations"]) == SAMPLE_COUNT


# --- failing, quitting -----------------------------------------------------------------------


def break_the_file(workspace: Workspace) -> None:
    """Make the fourth annotation's start a string: the file no longer validates."""
    text = workspace.annotations.read_text(encoding="utf-8")
    head, marker, rest = text.partition("[[annotations]]")
    rest, replaced = re.subn(r"(?m)^start = \d+$", 'start = "x"', rest, count=1)
    assert replaced == 1
    workspace.annotations.write_text(head + marker + rest, encoding="utf-8")


@pytest.mark.parametrize("key", ["enter", "escape", "q"])
async def test_a_broken_file_shows_its_problems_and_leaving_ends_the_app(
    workspace: Workspace, key: str
) -> None:
    """The document is shown first; the broken annotation file then brings up a screen listing
    its problems, one line each as the command line prints them; Enter, Esc or q ends the app
    with exit code 1, handing the problems to the command line (which prints them on standard
    error once the terminal is back). The file is left as it was."""
    break_the_file(workspace)
    original = workspace.annotations.read_bytes()
    app = deferred_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, LoadErrorScreen), GATE_TIMEOUT)
        await pilot.pause()
        error = app.session.load_error
        assert error is not None
        problems = [str(problem) for problem in error.problems]
        assert problems
        assert f"{workspace.annotations}:" in problems[0]
        assert "start" in problems[0]
        text = screen_text(app)
        assert "The annotation file could not be loaded" in text
        shown = " ".join(text.split())  # a long problem wraps at the screen's width
        for problem in problems:
            assert " ".join(problem.split()) in shown
        assert "Enter, Esc or q: quit · the problems are printed again on exit" in text
        assert not main_screen(app).is_loaded
        await pilot.press(key)
        await wait_until(pilot, lambda: app._exit)
    assert app.return_code == 1
    assert app.return_value == 1
    assert workspace.annotations.read_bytes() == original


async def test_quitting_while_loading_writes_nothing(workspace: Workspace, gate: Gate) -> None:
    original = workspace.annotations.read_bytes()
    files = sorted(p.name for p in workspace.folder.iterdir())
    app = deferred_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, gate.entered.is_set)
        await pilot.press("q")
        await wait_until(pilot, lambda: app._exit)
    assert app.return_code == 0
    assert app.return_value == 0
    # The load finishing after the app ended writes nothing either.
    gate.release.set()
    assert gate.done.wait(GATE_TIMEOUT)
    assert workspace.annotations.read_bytes() == original
    assert sorted(p.name for p in workspace.folder.iterdir()) == files


async def test_the_footer_shows_only_the_reading_keys_while_loading(
    workspace: Workspace, gate: Gate
) -> None:
    """The keys that need the annotations are left out of the footer until they are shown."""
    app = deferred_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, gate.entered.is_set)
        await wait_until(pilot, lambda: "q Quit" in footer_line(app))
        line = footer_line(app)
        for key in ("/ Search", "? Help", "q Quit"):
            assert key in line, line
        for key in ("t Tag", "s Stance", "e Note", "u Undo", "S Summary"):
            assert key not in line, line
        gate.release.set()
        await wait_until_loaded(pilot, app)
        await wait_until(pilot, lambda: "t Tag" in footer_line(app))
        assert "s Stance" in footer_line(app)


def footer_line(app: PolicyAnnotateApp) -> str:
    """The last line of the screen: the footer."""
    return screen_text(app).rstrip("\n").rsplit("\n", 1)[-1]
