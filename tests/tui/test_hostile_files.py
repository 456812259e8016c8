"""The app on hostile annotation files: TOML too deep for the parser shows the load-error screen."""

from __future__ import annotations

import pytest
from tui_helpers import SIZE, Workspace, screen_text, wait_until

from tui.app import PolicyAnnotateApp
from tui.launch import prepare_session
from tui.screens.load_error import LoadErrorScreen


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
