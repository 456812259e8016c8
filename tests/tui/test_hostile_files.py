"""The app on hostile or unlucky input: TOML too deep for the parser shows the load-error
screen; quitting still asks before losing changes when the working folder was deleted."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from tui_helpers import (
    SIZE,
    Workspace,
    first_untagged_sentence,
    go_to_sentence,
    main_screen,
    screen_text,
    wait_until,
)

import tui.flows.saving
from tui.app import PolicyAnnotateApp
from tui.launch import prepare_session
from tui.screens.load_error import LoadErrorScreen
from tui.screens.main import MainScreen


@pytest.mark.parametrize(
    "hostile",
    ["deep = " + "[" * 5000 + "]" * 5000 + "\n", "a" + ".b" * 20_000 + " = 1\n"],
    ids=["nested arrays", "dotted key"],
)
async def test_toml_too_deep_shows_the_load_error_screen(
    workspace: Workspace, hostile: str
) -> None:
    text = workspace.annotations.read_text(encoding="utf-8")
    workspace.annotations.write_text(text.replace("version = 1\n", "version = 1\n" + hostile, 1))
    original = workspace.annotations.read_bytes()
    session = prepare_session(
        workspace.document, workspace.annotations, None, load_annotations=False
    )
    app = PolicyAnnotateApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, LoadErrorScreen), 30.0)
        await pilot.pause()
        error = app.session.load_error
        assert error is not None
        [problem] = [str(p) for p in error.problems]
        assert problem.startswith(f"{workspace.annotations}: not valid TOML")
        assert "could not be loaded" in screen_text(app)
        await pilot.press("q")
        await wait_until(pilot, lambda: not app.is_running)
    assert app.return_code == 1
    assert workspace.annotations.read_bytes() == original


@pytest.mark.parametrize("answer", ["n", "y"])
async def test_quitting_after_the_working_folder_was_deleted_asks_first(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, answer: str
) -> None:
    """Opened with relative paths (``policy-annotate review.md -a FILE`` in its folder), the folder
    then deleted: quitting cannot save, so it asks; staying keeps the change, quitting exits 1."""
    monkeypatch.setattr(tui.flows.saving, "AUTOSAVE_DELAY", 3600.0)  # the change stays unsaved
    monkeypatch.chdir(workspace.folder)
    session = prepare_session(Path("review.md"), Path(workspace.annotations.name), None)
    app = PolicyAnnotateApp(session)
    async with app.run_test(size=SIZE) as pilot:
        span = await go_to_sentence(pilot, first_untagged_sentence(app))
        await pilot.press("1")
        shutil.rmtree(workspace.folder)
        await pilot.press("ctrl+q")
        # the question (whichever dialog asks it: its keys are y to quit, n to stay)
        await wait_until(pilot, lambda: not isinstance(app.screen, MainScreen))
        assert "Quit and lose your unsaved changes?" in screen_text(app)
        await pilot.press(answer)
        if answer == "n":
            assert isinstance(app.screen, MainScreen)
            assert main_screen(app).editing.annotations.exact(*span) is not None
            assert app.is_running
            return
        await wait_until(pilot, lambda: not app.is_running)
    assert app.return_value == 1


@pytest.mark.parametrize("name", ["responses.csv", "NOTES"])
def test_a_document_of_no_document_type_is_opened_with_a_warning(tmp_path: Path, name: str) -> None:
    """``policy-annotate responses.csv`` opens the text, but the annotation file it writes names
    a file that validate, summary and export refuse without --document: said before the app
    starts (and shown in it), with the way out."""
    document = tmp_path / name
    document.write_text("id,text\n1,We welcome the review.\n", encoding="utf-8")
    session = prepare_session(document, None, "tester", load_annotations=False)
    [message] = session.messages
    assert message.startswith(f"policy-annotate: warning: {document}: not of a document type")
    assert "--document" in message
    assert ".txt" in message
