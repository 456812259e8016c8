"""Opening: no arguments (the bundled sample project), changed documents, and the user's key map."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from textual.widgets import Input
from tui_helpers import (
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
    wait_for_save,
    wait_until,
)

from annotations.errors import PolicyAnnotateError
from tui.app import PolicyAnnotateApp
from tui.launch import SAMPLE_FOLDER, bundled_samples, prepare_session
from tui.project_launch import prepare_sample_board
from tui.screens.board import BoardScreen
from tui.screens.main import MainScreen
from tui.widgets.document_view import DocumentView

ROOT = Path(__file__).resolve().parents[2]


def _fingerprint(folder: Path) -> dict[str, str]:
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.iterdir())
        if path.is_file()
    }


# --- no arguments: the bundled sample ---------------------------------------------------------------


async def test_no_arguments_opens_a_copy_of_the_sample_project_on_its_board(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repository_samples = _fingerprint(ROOT / "samples")
    installed_samples = _fingerprint(bundled_samples())
    monkeypatch.chdir(tmp_path)
    start = prepare_sample_board(None)
    copy = tmp_path / SAMPLE_FOLDER
    assert start.project.folder == copy
    assert start.messages == [
        f"policy-annotate: copied the sample project to {copy}; changes are saved there"
    ]
    assert _fingerprint(copy) == repository_samples
    assert _fingerprint(copy / "documents") == _fingerprint(ROOT / "samples" / "documents")
    app = PolicyAnnotateApp(board=start)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen) and app.screen.loaded)
        await pilot.pause()
        text = screen_text(app)
        assert "Eastmere Digital Government Review: responses" in text
        assert "8 documents" in text
        assert any("copied the sample project to" in toast for toast in toasts(app))
        await pilot.press("q")
    # Nothing was written beside the bundled files.
    assert _fingerprint(ROOT / "samples") == repository_samples
    assert _fingerprint(bundled_samples()) == installed_samples
    # The second time, the copy (with a change) is reopened, not replaced.
    changed = copy / "documents" / "council.analyst-a.toml"
    changed.write_bytes(changed.read_bytes() + b"\n")
    kept = changed.read_bytes()
    again = prepare_sample_board(None)
    assert again.messages == [
        f"policy-annotate: reopening the sample project in {copy}; changes are saved there"
    ]
    assert changed.read_bytes() == kept
    assert sorted(os.listdir(tmp_path)) == [SAMPLE_FOLDER]


def test_a_copy_of_the_sample_review_from_before_gets_the_rest_of_the_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A ./policy-annotate-sample made when no argument opened the review alone: the project's
    other files are copied in, the review's annotation file (with its changes) is kept."""
    monkeypatch.chdir(tmp_path)
    copy = tmp_path / SAMPLE_FOLDER
    copy.mkdir()
    (copy / "review.md").write_bytes((ROOT / "samples" / "review.md").read_bytes())
    (copy / "review.analyst-a.toml").write_text("mine", encoding="utf-8")
    start = prepare_sample_board(None)
    assert (copy / "review.analyst-a.toml").read_text(encoding="utf-8") == "mine"
    assert len(start.project.model.documents) == 8
    assert (copy / "documents" / "council.md").is_file()


def test_no_arguments_where_the_copy_cannot_be_made_is_a_one_line_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / SAMPLE_FOLDER).write_text("a file, not a folder", encoding="utf-8")
    with pytest.raises(PolicyAnnotateError) as raised:
        prepare_sample_board(None)
    assert len(raised.value.problems) == 1
    assert "the sample project cannot be copied here" in str(raised.value.problems[0])


# --- a document that changed since it was annotated ---------------------------------------------------


async def test_changed_document_marks_reanchored_annotations(workspace: Workspace) -> None:
    """A reworded sentence is re-anchored on opening as "fuzzy", marked for review, and saved."""
    app = workspace.app()
    async with app.run_test(size=SIZE) as pilot:
        span = await go_to_sentence(pilot, first_untagged_sentence(app, after=4))
        await pilot.press("2", "q")
    mine = next(a for a in workspace.saved_annotations() if (a["start"], a["end"]) == span)
    count = len(workspace.saved_annotations())
    # Someone edits the document: the sentence is reworded (same length, so nothing else moves).
    text = workspace.document.read_text(encoding="utf-8")
    sentence = text[span[0] : span[1]]
    reworded = sentence.replace("the", "THE", 1)
    assert reworded != sentence
    assert len(reworded) == len(sentence)
    workspace.document.write_text(text[: span[0]] + reworded + text[span[1] :], encoding="utf-8")

    reopened = workspace.app()
    async with reopened.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = main_screen(reopened)
        # Its text is the reworded sentence now: the document pane shows it as usual, the
        # list marks it for review.
        assert view(reopened).stale_ids == set()
        assert annotation_list(reopened).stale_ids == {mine["id"]}
        assert len(screen.editing.annotations) == count
        assert "1 annotation needs review (A)" in status_text(reopened)
        # The list marks it with ⚠.
        items = annotation_list(reopened)
        position = [a.id for a in items.items].index(mine["id"])
        items.scroll_to(y=position * 3, animate=False, immediate=True, force=True)
        await pilot.pause()
        meta_row = items.render_line(1).text
        assert "⚠ fuzzy" in meta_row
        # The filter "stale" lists it alone.
        screen.query_one("#annotation-filter", Input).focus()
        await pilot.press(*"stale")
        assert [a.id for a in items.items] == [mine["id"]]
        await pilot.press("escape", "tab", "tab")  # the list, the details, the document
        assert view(reopened).has_focus
        # The reading position is on it (where the app was quit): the details warn; its text
        # matches, so it is not struck through in the document.
        assert screen.current_id == mine["id"]
        style = style_at(reopened, mine["start"] + 1)
        assert style is not None
        assert not style.strike
        details = screen.query_one("#annotation-details").plain
        assert "⚠ The document changed here" in details
        # Saving (after another change) keeps the re-anchored annotation with its mark.
        await go_to_sentence(pilot, first_untagged_sentence(reopened))
        await pilot.press("3", "ctrl+s")
        await wait_for_save(pilot)
        assert save_state(reopened) == "saved"
    saved = workspace.saved_annotations()
    assert len(saved) == count + 1
    [kept] = [a for a in saved if a["id"] == mine["id"]]
    assert kept["quote"] == reworded  # found again at its place, approximately
    assert kept["anchor"] == "fuzzy"  # until someone accepts it (A)
    unchanged = {"quote", "prefix", "suffix", "anchor"}
    assert {k: v for k, v in kept.items() if k not in unchanged} == {
        k: v for k, v in mine.items() if k not in unchanged
    }


async def test_shortened_document_keeps_annotations_past_its_end(workspace: Workspace) -> None:
    text = workspace.document.read_text(encoding="utf-8")
    before = workspace.saved_annotations()
    workspace.document.write_text(text[: len(text) // 2], encoding="utf-8")
    app = workspace.app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = main_screen(app)
        assert len(screen.editing.annotations) == len(before)
        past_end = [a for a in before if a["end"] > len(text) // 2]
        assert {a["id"] for a in past_end} <= view(app).stale_ids
        # Walking to every annotation, and to the end of the text, is safe.
        await pilot.press("G")
        assert view(app).cursor == sentences(app)[-1]
        await pilot.press("tab", "G", "enter")
        assert view(app).has_focus
        await pilot.press("g", *["]"] * 3, "ctrl+s")
        await pilot.press("2", "ctrl+s")
        await wait_for_save(pilot)
    assert {a["id"] for a in before} <= {a["id"] for a in workspace.saved_annotations()}


# --- the user's key map ---------------------------------------------------------------------------


def _keys_file() -> Path:
    path = Path(os.environ["XDG_CONFIG_HOME"]) / "policy-annotate" / "keys.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


async def test_user_key_map_remaps_a_binding(workspace: Workspace) -> None:
    _keys_file().write_text(
        '[keys]\n"document.next_sentence" = "ctrl+n"\n"main.toggle_principle_1" = "a"\n',
        encoding="utf-8",
    )
    app = workspace.app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+n", "ctrl+n")
        assert view(app).cursor == sentences(app)[2]
        await pilot.press("j")  # the key map replaces the default keys
        assert view(app).cursor == sentences(app)[2]
        span = await go_to_sentence(pilot, first_untagged_sentence(app))
        await pilot.press("a")
        tagged = main_screen(app).editing.annotations.exact(*span)
        assert tagged is not None
        assert tagged.principles == ["collaboration"]


async def test_user_key_map_with_several_keys(workspace: Workspace) -> None:
    _keys_file().write_text('[keys]\n"document.next_sentence" = "j, ctrl+n"\n', encoding="utf-8")
    app = workspace.app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+n", "j")
        assert view(app).cursor == sentences(app)[2]


@pytest.mark.parametrize(
    "content",
    [
        '[keys]\n"document.next_sentence" = \n',  # not TOML
        '[keys]\n"document.next_sentence" = 3\n',  # not a key string
        'keys = "ctrl+n"\n',  # not a table
    ],
)
def test_malformed_key_map_is_a_one_line_error(workspace: Workspace, content: str) -> None:
    path = _keys_file()
    path.write_text(content, encoding="utf-8")
    with pytest.raises(PolicyAnnotateError) as raised:
        prepare_session(workspace.document, workspace.annotations, None)
    message = str(raised.value)
    assert "\n" not in message
    assert message.startswith(str(path))


def test_malformed_key_map_from_the_command_line(
    workspace: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    """``policy-annotate review.md`` with a broken keys.toml: one line, exit status 1, no app."""
    from tui.cli import main

    path = _keys_file()
    path.write_text("[keys\n", encoding="utf-8")
    assert main([str(workspace.document), "-a", str(workspace.annotations)]) == 1
    error = capsys.readouterr().err
    assert error.count("\n") == 1
    assert error.startswith(f"policy-annotate: {path}:1: not valid TOML")


async def test_key_map_naming_no_binding_is_reported(workspace: Workspace) -> None:
    _keys_file().write_text(
        '[keys]\n"document.no_such_thing" = "ctrl+n"\n"[/oops]" = "ctrl+o"\n', encoding="utf-8"
    )
    app = workspace.app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_until(pilot, lambda: bool(toasts(app)))
        assert any(
            "no binding has the id [/oops], document.no_such_thing" in t for t in toasts(app)
        )
        await pilot.press("j")  # the defaults still work
        assert view(app).cursor == sentences(app)[1]


@pytest.mark.parametrize("content", ["", "\n\n", "   \n"])
async def test_an_empty_document_opens_and_refuses_edits(tmp_path: Path, content: str) -> None:
    document = tmp_path / "empty.md"
    document.write_text(content, encoding="utf-8")
    workspace = Workspace(tmp_path, document, tmp_path / "empty.annotations.toml")
    app = workspace.app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("j", "k", "J", "K", "w", "b", "pagedown", "pageup", "G", "g")
        await pilot.press("shift+down", "shift+right", "v", "j", "escape", "]", "[", "x")
        await pilot.press("1", "s", "R", "u", "ctrl+r")
        await pilot.press("t")
        await pilot.press("e")
        assert isinstance(app.screen, MainScreen)
        await wait_until(pilot, lambda: any("document is empty" in t for t in toasts(app)))
        assert len(main_screen(app).editing.annotations) == 0
        await pilot.click(DocumentView, offset=(5, 1))
        await pilot.press("q")
    assert app.return_value == 0
    assert not workspace.annotations.exists()


async def test_command_palette_on_an_empty_document(tmp_path: Path) -> None:
    document = tmp_path / "empty.md"
    document.write_text("", encoding="utf-8")
    workspace = Workspace(tmp_path, document, tmp_path / "empty.annotations.toml")
    app = workspace.app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("ctrl+p", *"Toggle principle: Redesign")
        await wait_until(pilot, lambda: "Toggle principle: Redesign" in screen_text(app))
        await pilot.press("enter")
        await wait_until(pilot, lambda: any("document is empty" in t for t in toasts(app)))
        assert isinstance(app.screen, MainScreen)
        assert len(main_screen(app).editing.annotations) == 0


def test_an_annotation_file_given_alone_opens_with_its_document(workspace: Workspace) -> None:
    """``policy-annotate review.analyst-a.toml`` edits that file, on the document it names."""
    session = prepare_session(workspace.annotations, None, "tester")
    assert session.store.path == workspace.annotations
    assert session.store.document.path is not None
    assert session.store.document.path.resolve() == workspace.document.resolve()
    assert len(session.store.model.annotations) == 32


# --- --at OFFSET: open the document there -------------------------------------------------------


async def test_at_offset_starts_with_the_cursor_there_in_view(workspace: Workspace) -> None:
    offset = workspace.document.read_text(encoding="utf-8").index("Mixing participants")
    session = prepare_session(workspace.document, workspace.annotations, None, start_at=offset)
    app = PolicyAnnotateApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: main_screen(app).is_loaded)
        await pilot.pause()
        document = view(app)
        start, end = document.cursor
        assert start <= offset < end
        assert document.selected_span is None
        assert "Mixing participants" in screen_text(app)


def test_at_past_the_end_is_one_line(
    workspace: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    from tui.cli import main

    assert main([str(workspace.annotations), "--at", "99999999"]) == 1
    error = capsys.readouterr().err
    assert error.count("\n") == 1
    assert "--at 99999999" in error
    assert str(workspace.document) in error
