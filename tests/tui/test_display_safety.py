"""Text from a document reaches the terminal literally: no escape sequences, no Rich markup."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.segment import Segment
from textual.command import CommandPalette
from tui_helpers import (
    SIZE,
    Workspace,
    annotation_list,
    main_screen,
    screen_text,
    sentences,
    toasts,
    view,
    wait_for_save,
    wait_until,
)

from tui.app import PolicyAnnotateApp
from tui.screens.main import MainScreen
from tui.screens.tag_picker import TagPicker

HOSTILE = (
    "# Plain title\n\n"
    "Colour \x1b[31mRED\x1b[0m here. A title setter \x1b]0;title\x07 there.\n\n"
    "Markup [bold]not bold[/bold] and [link=http://x]y[/link] stay literal. "
    "Stray [/] and [/italic] too. Bell \x07 and backspace \x08 and delete \x7f.\n"
)


@pytest.fixture
def hostile(tmp_path: Path) -> Workspace:
    document = tmp_path / "hostile.md"
    document.write_bytes(HOSTILE.encode("utf-8"))
    return Workspace(tmp_path, document, tmp_path / "hostile.annotations.toml")


def _segments(app: PolicyAnnotateApp) -> list[Segment]:
    document_view = view(app)
    return [s for y in range(document_view.size.height) for s in document_view.render_line(y)]


def _assert_no_raw_controls(text: str) -> None:
    raw = [hex(ord(c)) for c in text if (ord(c) < 0x20 and c != "\n") or 0x7F <= ord(c) < 0xA0]
    assert raw == []


async def test_document_renders_escapes_and_markup_literally(hostile: Workspace) -> None:
    app = hostile.app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        rows = "\n".join(view(app).render_line(y).text for y in range(view(app).size.height))
        assert "Colour ␛[31mRED␛[0m here." in rows
        assert "A title setter ␛]0;title␇ there." in rows
        assert "Markup [bold]not bold[/bold] and [link=http://x]y[/link] stay literal." in rows
        assert "Stray [/] and [/italic] too." in rows
        assert "Bell ␇ and backspace ␈ and delete ␡." in rows
        _assert_no_raw_controls(rows)
        # No segment picked up a style from the markup: no links, no bold outside the heading.
        heading_rows = 1
        for segment in _segments(app):
            style = segment.style
            assert style is None or not style.link
        for y in range(heading_rows, view(app).size.height):
            for segment in view(app).render_line(y):
                assert not (segment.style and segment.style.bold), segment
        # The whole screen, as composited, has no raw control characters either.
        _assert_no_raw_controls(screen_text(app))


async def test_annotating_hostile_text_keeps_it_literal(hostile: Workspace) -> None:
    app = hostile.app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        screen = main_screen(app)
        text = screen.editing.document.text
        markup_sentence = next(s for s in sentences(app) if "[bold]" in text[s[0] : s[1]])
        escape_sentence = next(s for s in sentences(app) if "\x1b[31m" in text[s[0] : s[1]])
        # Tag both, note one; the list, the details and the tag picker show them literally.
        view(app).set_cursor(escape_sentence, anchor=None)
        await pilot.press("1")
        view(app).set_cursor(markup_sentence, anchor=None)
        await pilot.press("2", "e", *"[i]n[/i]", "ctrl+s")
        await pilot.pause()
        listed = "\n".join(
            annotation_list(app).render_line(y).text
            for y in range(annotation_list(app).size.height)
        )
        assert "␛[31mRED␛[0m" in listed
        assert "[bold]not bold[/bold]" in listed
        assert "[i]n[/i]" in listed
        details_view = screen.query_one("#annotation-details")
        details = "\n".join(
            details_view.render_line(y).text for y in range(details_view.size.height)
        )
        assert "[link=http://x]y[/link]" in details
        assert "[i]n[/i]" in details
        _assert_no_raw_controls(screen_text(app))
        # R adds the passage as a recommendation: the notice shows it literally.
        await pilot.press("R")
        await wait_until(pilot, lambda: any("Added recommendation R1" in t for t in toasts(app)))
        [notice] = [t for t in toasts(app) if "Added recommendation R1" in t]
        assert "[bold]not bold[/bold]" in notice
        await pilot.press("t")
        assert isinstance(app.screen, TagPicker)
        await pilot.pause()
        picker_text = screen_text(app)
        assert "R1: Markup [bold]not bold[/bold] and [link=http://x]y[/link]" in picker_text
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)
        # Saved: the file holds the document's own characters (escaped by TOML, not altered).
        await pilot.press("ctrl+s")
        await wait_for_save(pilot)
        saved = {a["quote"] for a in hostile.saved_annotations()}
        assert text[slice(*escape_sentence)] in saved
        assert text[slice(*markup_sentence)] in saved


async def test_search_for_markup_is_literal(hostile: Workspace) -> None:
    app = hostile.app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        text = view(app).document.text
        await pilot.press("/", *"[/italic]", "enter")
        assert view(app).current_match == (text.index("[/italic]"), text.index("[/italic]") + 9)
        await pilot.press("/", *"[/nothing]", "enter")  # not found: the notice shows the query
        await wait_until(pilot, lambda: any("Not found" in t for t in toasts(app)))
        assert any("Not found: [/nothing]" in t for t in toasts(app))


async def test_command_palette_shows_recommendations_literally(hostile: Workspace) -> None:
    app = hostile.app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = view(app).document.text
        markup_sentence = next(s for s in sentences(app) if "[bold]" in text[s[0] : s[1]])
        escape_sentence = next(s for s in sentences(app) if "\x1b[31m" in text[s[0] : s[1]])
        view(app).set_cursor(markup_sentence, anchor=None)
        await pilot.press("R")
        view(app).set_cursor(escape_sentence, anchor=None)
        await pilot.press("R")
        view(app).set_cursor(markup_sentence, anchor=None)
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"recommendation R2")
        await wait_until(pilot, lambda: "Toggle recommendation R2" in screen_text(app))
        assert "Colour ␛[31mRED␛[0m here." in screen_text(app)
        _assert_no_raw_controls(screen_text(app))
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))
        await pilot.press("ctrl+p", *"Toggle recommendation")
        await wait_until(pilot, lambda: "Toggle recommendation R1" in screen_text(app))
        assert "[bold]not bold[/bold]" in screen_text(app)
        _assert_no_raw_controls(screen_text(app))
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))
        await wait_until(
            pilot, lambda: main_screen(app).editing.annotations.exact(*markup_sentence) is not None
        )
        tagged = main_screen(app).editing.annotations.exact(*markup_sentence)
        assert tagged is not None
        assert tagged.recommendations == ["R1"]


HOSTILE_NOTE = (
    "Clear \x1b[2J\x1b[H, title \x1b]0;pwned\x07, CSI \x9b31m.\n\tindented [b]x[/b] 漢字 🎉"
)


async def test_a_note_from_the_file_reaches_the_note_editor_literally(
    workspace: Workspace,
) -> None:
    """A teammate's note (or any file's) holding escape sequences is shown by the note editor
    as pictures, never sent to the terminal; kept as it is, it is saved unchanged."""
    from annotations.session.store import load_store
    from tui.screens.note_editor import NoteEditor

    store = load_store(workspace.annotations)
    first = store.model.annotations[0]
    store.model.annotations[0] = first.model_copy(update={"note": HOSTILE_NOTE})
    store.save()
    app = workspace.app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: main_screen(app).is_loaded)
        view(app).set_cursor((first.start, first.end), anchor=None)
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, NoteEditor))
        await pilot.pause()
        shown = screen_text(app)
        _assert_no_raw_controls(shown.replace("\t", ""))
        assert "Clear ␛[2J␛[H, title ␛]0;pwned␇, CSI �31m." in shown
        assert "[b]x[/b] 漢字" in shown
        await pilot.press("end", *" ok", "ctrl+s")  # an edit: the rest of the note is kept
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))
        await pilot.press("ctrl+s")
        await wait_for_save(pilot)
    [saved] = [a for a in workspace.saved_annotations() if a["id"] == first.id]
    assert saved["note"] == HOSTILE_NOTE + " ok"
