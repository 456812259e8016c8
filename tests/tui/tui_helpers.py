"""Helpers for the Pilot tests: the workspace of copied files, and ways to read the app's state."""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomli
from rich.console import Console
from rich.style import Style
from textual.pilot import Pilot
from textual.strip import Strip

from tui.app import PolicyAnnotateApp
from tui.launch import prepare_session
from tui.screens.main import AUTOSAVE_DELAY, MainScreen
from tui.widgets.annotation_list import AnnotationList
from tui.widgets.document_view import GUTTER, DocumentView
from tui.widgets.status_bar import StatusBar

SIZE = (120, 40)


@dataclass
class Workspace:
    """A folder holding ``review.md`` and (unless asked otherwise) its annotation file."""

    folder: Path
    document: Path
    annotations: Path

    def app(self, annotations: Path | None = None) -> PolicyAnnotateApp:
        """A fresh app on this folder's files, as ``policy-annotate review.md -a FILE`` opens it."""
        session = prepare_session(self.document, annotations or self.annotations, None)
        return PolicyAnnotateApp(session)

    def saved(self, path: Path | None = None) -> dict[str, Any]:
        """The annotation file on disk, parsed."""
        return tomli.loads((path or self.annotations).read_text(encoding="utf-8"))

    def saved_annotations(self, path: Path | None = None) -> list[dict[str, Any]]:
        """The annotations in the file on disk."""
        return list(self.saved(path).get("annotations", []))

    def saved_after_reanchoring(self, old_file: bytes) -> dict[str, Any]:
        """The file on disk after the app re-anchored and autosaved it, checked: the file as it
        was is kept as ``.bak``, and ``[document]`` names the revised document."""
        from annotations.documents.document import load_document

        backup = self.annotations.with_name(self.annotations.name + ".bak")
        assert backup.read_bytes() == old_file
        document = load_document(self.document)
        saved = self.saved()
        assert saved["document"]["sha256"] == document.sha256
        assert saved["document"]["length"] == document.length
        return saved

    def quote(self, start: int, end: int) -> str:
        """The document's text of [start, end)."""
        return self.document.read_text(encoding="utf-8")[start:end]


# --- reading the app ---------------------------------------------------------


def main_screen(app: PolicyAnnotateApp) -> MainScreen:
    """The main screen (wherever it is in the stack)."""
    for screen in app.screen_stack:
        if isinstance(screen, MainScreen):
            return screen
    raise AssertionError("no main screen")


def view(app: PolicyAnnotateApp) -> DocumentView:
    """The document pane."""
    return main_screen(app).query_one(DocumentView)


def annotation_list(app: PolicyAnnotateApp) -> AnnotationList:
    """The annotation list of the panel."""
    return main_screen(app).query_one(AnnotationList)


def save_state(app: PolicyAnnotateApp) -> str:
    """What the status bar says about saving."""
    return main_screen(app).query_one("#status-bar", StatusBar).save_state


def sentences(app: PolicyAnnotateApp) -> list[tuple[int, int]]:
    """Every sentence span of the document."""
    document = view(app).document
    return list(zip(document.sentence_starts, document.sentence_ends, strict=True))


def sentence_starting(app: PolicyAnnotateApp, prefix: str) -> int:
    """The index of the sentence that begins with ``prefix`` (tests name sentences by their
    text, not their number, which depends on the sentence splitter)."""
    text = view(app).document.text
    [index] = [
        i for i, (start, _end) in enumerate(sentences(app)) if text.startswith(prefix, start)
    ]
    return index


def sentence_index(app: PolicyAnnotateApp, span: tuple[int, int]) -> int:
    """The index of a sentence span (fails when ``span`` is not a sentence)."""
    return sentences(app).index(span)


def style_at(app: PolicyAnnotateApp, offset: int) -> Style | None:
    """The style the document pane draws the character at ``offset`` with (None: off screen)."""
    document_view = view(app)
    layout = document_view.layout_
    assert layout is not None
    row = layout.row_of_offset(offset)
    span = layout.row_span(row)
    y = row - int(document_view.scroll_offset.y)
    if span is None or not 0 <= y < document_view.size.height:
        return None
    column = GUTTER + offset - span[0]
    for segment in document_view.render_line(y):
        if column < len(segment.text):
            return segment.style
        column -= len(segment.text)
    return None


def strip_text(strips: list[Strip]) -> str:
    """The text of rendered rows, one line each."""
    return "\n".join(strip.text for strip in strips)


def screen_text(app: PolicyAnnotateApp) -> str:
    """The text of the topmost screen as rendered (what a user reads)."""
    # The one use of Textual's private state in the tests, kept here on purpose: Textual 8
    # has no public API that gives the screen's text. `App.export_screenshot` gives only SVG
    # (styled <text> runs placed by x coordinates, spaces left out; itself built from
    # `screen._compositor`), and took ~90 ms a call against ~10 ms for this on the sample at
    # 120x40; `Widget.render_lines` draws one widget without its children or the layers
    # above it (toasts, tooltips, dialogs). The compositor's strips are exactly what is sent
    # to the terminal.
    return strip_text(app.screen._compositor.render_strips())


def footer_line(text: str) -> str:
    """The last line of a screen's text: the footer."""
    return text.rstrip("\n").rsplit("\n", 1)[-1]


def status_text(app: PolicyAnnotateApp) -> str:
    """The status line as rendered."""
    status = main_screen(app).query_one("#status-bar", StatusBar)
    console = Console(width=max(40, status.size.width), file=io.StringIO(), color_system=None)
    with console.capture() as capture:
        console.print(status.render())
    return capture.get()


def toasts(app: PolicyAnnotateApp) -> list[str]:
    """The text of the notifications on screen (needs ``run_test(notifications=True)``)."""
    # by the type's name: Textual exports no Toast class (it lives in textual.widgets._toast)
    return [" ".join(str(toast.render()).split()) for toast in app.screen.query("Toast")]


def burst(app: PolicyAnnotateApp, first: str, typed: str) -> None:
    """The key ``first`` then the characters of ``typed``, posted all at once, as the terminal
    driver posts a burst (a fast typist, a paste, a slow link): none waits for the one before."""
    from textual import events

    character = "/" if first == "slash" else first
    app.post_message(events.Key(first, character))
    for key in typed:
        app.post_message(events.Key(key, key))


def dialog_text(app: PolicyAnnotateApp) -> str:
    """The question of the dialog on top (ConfirmScreen, ConflictScreen)."""
    from textual.widgets import Label

    return " ".join(str(app.screen.query_one(".dialog-question", Label).render()).split())


async def wait_for_save(pilot: Pilot[Any]) -> None:
    """Wait for save workers to finish and their results to reach the screen."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


async def wait_for_autosave(pilot: Pilot[Any]) -> None:
    """Wait past the autosave debounce, then for the save itself."""
    app = pilot.app
    assert isinstance(app, PolicyAnnotateApp)
    await pilot.pause(AUTOSAVE_DELAY + 0.1)
    await wait_until(pilot, lambda: save_state(app) not in {"unsaved", "saving"})
    await wait_for_save(pilot)


async def go_to_sentence(pilot: Pilot[Any], index: int) -> tuple[int, int]:
    """Put the cursor on sentence ``index`` (set-up for a test: the motion keys are tested
    in test_motions.py, and a key press costs ~60 ms); returns its span."""
    app = pilot.app
    assert isinstance(app, PolicyAnnotateApp)
    span = sentences(app)[index]
    view(app).set_cursor(span, anchor=None)
    await pilot.pause()
    assert view(app).cursor == span
    return span


def first_untagged_sentence(app: PolicyAnnotateApp, after: int = 0) -> int:
    """The index of the first sentence (from ``after``) that no annotation touches."""
    screen = main_screen(app)
    for index, (start, end) in enumerate(sentences(app)):
        if (
            index >= after
            and not screen.editing.annotations.overlapping(start, end)
            and end - start > 5
        ):
            return index
    raise AssertionError("every sentence is annotated")


Check = Callable[[], bool]


async def wait_until(pilot: Pilot[Any], check: Check, timeout: float = 30.0) -> None:
    """Pause until ``check()`` holds (for things that finish in a worker or a timer).

    The timeout is generous: on a loaded machine a worker can take seconds, and waiting longer
    only delays a failure that would come anyway.
    """
    deadline = time.monotonic() + timeout
    while not check() and time.monotonic() < deadline:
        await pilot.pause(0.02)
    assert check()


# --- a revised document (for re-anchoring) -------------------------------------------------------

FUZZY_ID = "01M6DRYAS51WSJASAT94GGJEJP"
"""Analyst A's annotation "In our survey, 68 per cent ...", reworded by ``revise_review``."""
ORPHAN_ID = "01M6E7QK7NTSASBRXRVVPQZNB5"
"""Analyst A's annotation "Five councils in the Northern Lakes ...", deleted by ``revise_review``."""
MOVED_ID = "01M6E7C3Y848BCQQMH7MKB7ZKY"
"""Analyst A's annotation "We recommend a single Service Standard ...", moved by an insertion."""
OLD_SURVEY = "In our survey, 68 per cent of residents"
NEW_SURVEY = "In our 2025 survey, seventy per cent of the residents"
INSERTED = "This paragraph was added in the revised edition. "
REVISED_COUNTS = "6 exact, 24 moved, 1 fuzzy, 1 orphaned"


def revise_review(document: Path) -> None:
    """Revise the sample review after analyst A annotated it: words inside a quote change
    (fuzzy), a sentence is inserted before an annotation (it and those after it move) and an
    annotated sentence is deleted (orphaned)."""
    text = document.read_text(encoding="utf-8")
    gone = text.index("Five councils in the Northern Lakes region")
    end = text.index(".", gone) + 1
    text = text[:gone] + text[end:].lstrip(" ")
    insert = text.index("We recommend a single Service Standard")
    text = text[:insert] + INSERTED + text[insert:]
    assert OLD_SURVEY in text
    text = text.replace(OLD_SURVEY, NEW_SURVEY, 1)
    document.write_text(text, encoding="utf-8")


def review_bar_text(app: PolicyAnnotateApp) -> str:
    """The review bar as rendered ("" when hidden, or not mounted yet: it is, when first needed)."""
    from tui.widgets.review_bar import ReviewBar

    bar = next(iter(main_screen(app).query(ReviewBar)), None)
    if bar is None or not bar.display:
        return ""
    from textual.geometry import Region

    return strip_text(bar.render_lines(Region(0, 0, *bar.region.size)))


def suggestion_bar_text(app: PolicyAnnotateApp) -> str:
    """The suggestion bar as rendered ("" when hidden, or not mounted yet)."""
    from textual.geometry import Region

    from tui.widgets.suggestion_bar import SuggestionBar

    bar = next(iter(main_screen(app).query(SuggestionBar)), None)
    if bar is None or not bar.display:
        return ""
    return strip_text(bar.render_lines(Region(0, 0, *bar.region.size)))
