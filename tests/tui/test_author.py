"""Who signs new annotations when neither --author nor $POLICY_ANNOTATE_AUTHOR says: the file's
only author, else a name asked once at the first edit and remembered in the config folder."""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import Any

import pytest
import tomli
from textual.pilot import Pilot
from tui_helpers import (
    SIZE,
    Workspace,
    first_untagged_sentence,
    go_to_sentence,
    main_screen,
    wait_for_save,
    wait_until,
)

from tui.app import PolicyAnnotateApp
from tui.screens.author_dialog import AuthorDialog
from tui.user_config import config_file


@pytest.fixture(autouse=True)
def no_author_given(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No $POLICY_ANNOTATE_AUTHOR; the config folder in tmp_path."""
    monkeypatch.delenv("POLICY_ANNOTATE_AUTHOR", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


async def at_an_untagged_sentence(pilot: Pilot[Any], app: PolicyAnnotateApp) -> tuple[int, int]:
    """Wait for the annotations, then put the cursor on the first untagged sentence."""
    await wait_until(pilot, lambda: main_screen(app).is_loaded)
    return await go_to_sentence(pilot, first_untagged_sentence(app))


def authors_of(workspace: Workspace, span: tuple[int, int]) -> list[str]:
    return [a["author"] for a in workspace.saved_annotations() if (a["start"], a["end"]) == span]


async def test_the_files_only_author_signs_without_asking(workspace: Workspace) -> None:
    app = workspace.app()
    async with app.run_test(size=SIZE) as pilot:
        span = await at_an_untagged_sentence(pilot, app)
        await pilot.press("1")
        assert not isinstance(app.screen, AuthorDialog)
        await pilot.press("ctrl+s")
        await wait_for_save(pilot)
    assert authors_of(workspace, span) == ["analyst-a"]
    assert not config_file().exists()


async def test_a_new_file_asks_once_and_remembers(fresh: Workspace) -> None:
    app = fresh.app()
    async with app.run_test(size=SIZE) as pilot:
        span = await at_an_untagged_sentence(pilot, app)
        await pilot.press("1")
        await wait_until(pilot, lambda: isinstance(app.screen, AuthorDialog))
        await pilot.press(*"Jane Doe", "enter")
        await wait_until(pilot, lambda: app.screen is main_screen(app))
        # the edit asked for was made, signed with the name
        await pilot.press("s")  # a second edit does not ask again
        assert app.screen is main_screen(app)
        await pilot.press("ctrl+s")
        await wait_for_save(pilot)
    assert authors_of(fresh, span) == ["Jane Doe"]
    [annotation] = [a for a in fresh.saved_annotations() if (a["start"], a["end"]) == span]
    assert annotation["principles"] == ["collaboration"]
    assert annotation["stance"] == "support"
    assert tomli.loads(config_file().read_text(encoding="utf-8"))["author"] == "Jane Doe"
    # Next time the remembered name signs, without asking.
    again = fresh.app()
    async with again.run_test(size=SIZE) as pilot:
        span = await at_an_untagged_sentence(pilot, again)
        await pilot.press("2")
        assert not isinstance(again.screen, AuthorDialog)
        await pilot.press("ctrl+s")
        await wait_for_save(pilot)
    assert authors_of(fresh, span) == ["Jane Doe"]


async def test_two_authors_ask_and_escape_signs_with_the_login_name(
    workspace: Workspace,
) -> None:
    mixed = workspace.annotations.read_text(encoding="utf-8").replace(
        'author = "analyst-a"', 'author = "analyst-b"', 1
    )
    workspace.annotations.write_text(mixed, encoding="utf-8")
    app = workspace.app()
    async with app.run_test(size=SIZE) as pilot:
        span = await at_an_untagged_sentence(pilot, app)
        await pilot.press("3")
        await wait_until(pilot, lambda: isinstance(app.screen, AuthorDialog))
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is main_screen(app))
        await pilot.press("ctrl+s")
        await wait_for_save(pilot)
    assert authors_of(workspace, span) == [getpass.getuser()]
    assert not config_file().exists()


async def test_author_option_never_asks(fresh: Workspace) -> None:
    from tui.launch import prepare_session

    app = PolicyAnnotateApp(prepare_session(fresh.document, fresh.annotations, "cli-name"))
    async with app.run_test(size=SIZE) as pilot:
        span = await at_an_untagged_sentence(pilot, app)
        await pilot.press("1", "ctrl+s")
        await wait_for_save(pilot)
        assert not isinstance(app.screen, AuthorDialog)
    assert authors_of(fresh, span) == ["cli-name"]
