"""The document board of a project: opening it, sorting, filtering, Enter into the annotator,
Esc back, and Ctrl+PgDn/Ctrl+PgUp through the documents, with the files on disk checked."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import tomli
from textual.pilot import Pilot
from textual.widgets import Input
from tui_helpers import (
    burst,
    dialog_text,
    first_untagged_sentence,
    footer_line,
    go_to_sentence,
    main_screen,
    screen_text,
    toasts,
    wait_for_save,
    wait_until,
)

from tui.app import PolicyAnnotateApp
from tui.cli import main
from tui.project_launch import prepare_board
from tui.screens.board import BoardScreen
from tui.screens.main import MainScreen

SIZE = (120, 40)
PROJECT_ORDER = [
    "review",
    "response",
    "algdl",
    "suppliers",
    "charity",
    "council",
    "public-0417",
    "public-0932",
]


@pytest.fixture
def project(tmp_path: Path, samples: Path) -> Path:
    """A copy of the sample project."""
    folder = tmp_path / "project"
    shutil.copytree(samples, folder)
    return folder


def board_app(folder: Path, author: str | None = "analyst-a") -> PolicyAnnotateApp:
    """The app as ``policy-annotate DIR --author NAME`` opens it."""
    return PolicyAnnotateApp(board=prepare_board(folder, author))


def board(app: PolicyAnnotateApp) -> BoardScreen:
    """The board screen (wherever it is in the stack)."""
    return next(s for s in app.screen_stack if isinstance(s, BoardScreen))


async def board_ready(pilot: Pilot[Any]) -> BoardScreen:
    """Wait until every document's row is on the board."""
    app = pilot.app
    assert isinstance(app, PolicyAnnotateApp)
    await wait_until(pilot, lambda: any(isinstance(s, BoardScreen) for s in app.screen_stack))
    screen = board(app)
    await wait_until(pilot, lambda: screen.loaded)
    await rows_drawn(pilot, screen)
    return screen


async def rows_drawn(pilot: Pilot[Any], screen: BoardScreen) -> None:
    """Wait until the table has measured its rows (it does when idle), so that they are drawn
    with their columns' full widths."""
    table = screen.table
    await wait_until(pilot, lambda: table.virtual_size.height == len(screen.order) + 1)
    await pilot.pause()


async def annotator_ready(pilot: Pilot[Any], path: Path) -> MainScreen:
    """Wait until the annotator on top shows the annotation file ``path``, loaded."""
    app = pilot.app

    def shown() -> bool:
        top = app.screen
        return isinstance(top, MainScreen) and top.is_loaded and top.annotation_path == path

    await wait_until(pilot, shown)
    screen = app.screen
    assert isinstance(screen, MainScreen)
    return screen


async def tag_a_sentence(pilot: Pilot[Any]) -> tuple[int, int]:
    """Toggle principle 1 on the first untagged sentence of the open document; its span."""
    app = pilot.app
    assert isinstance(app, PolicyAnnotateApp)
    span = await go_to_sentence(pilot, first_untagged_sentence(app))
    await pilot.press("1")
    return span


def spans_on_disk(path: Path) -> set[tuple[int, int]]:
    """The spans of the annotations in the file on disk."""
    data = tomli.loads(path.read_text(encoding="utf-8"))
    return {(a["start"], a["end"]) for a in data.get("annotations", [])}


async def test_the_board_lists_every_document_with_its_figures(project: Path) -> None:
    app = board_app(project)
    async with app.run_test(size=SIZE) as pilot:
        screen = await board_ready(pilot)
        assert screen.order == PROJECT_ORDER
        text = screen_text(app)
        assert "Eastmere Digital Government Review: responses" in text
        assert "8 documents · sorted by project order · you: analyst-a" in text
        council = next(line for line in text.splitlines() if " council " in line)
        assert "analyst-b" in council
        assert "41%" in council
        assert " 13 " in council
        assert "council, north" in council


async def test_s_cycles_the_order_and_r_reverses_it(project: Path) -> None:
    app = board_app(project)
    async with app.run_test(size=SIZE) as pilot:
        screen = await board_ready(pilot)
        await pilot.press("s")
        assert screen.order == sorted(PROJECT_ORDER)
        assert "sorted by name" in screen_text(app)
        await pilot.press("r")
        assert screen.order == sorted(PROJECT_ORDER, reverse=True)
        assert "sorted by name (reversed)" in screen_text(app)
        await pilot.press("r", "s", "s")
        assert screen.order[0] == "response"  # annotated share, largest first: 50%
        assert "sorted by annotated share" in screen_text(app)


async def test_the_cursor_stays_on_its_document_when_the_order_changes(project: Path) -> None:
    app = board_app(project)
    async with app.run_test(size=SIZE) as pilot:
        screen = await board_ready(pilot)
        await pilot.press("down", "down")
        assert screen.current_id == "algdl"
        await pilot.press("s")
        assert screen.current_id == "algdl"
        assert screen.table.cursor_row == 0


async def test_f_filters_as_you_type(project: Path) -> None:
    app = board_app(project)
    async with app.run_test(size=SIZE) as pilot:
        screen = await board_ready(pilot)
        await pilot.press("f", *"region=north")
        assert screen.order == ["council", "public-0417"]
        assert "2 of 8 documents" in screen_text(app)
        await pilot.press("enter")
        assert screen.table.has_focus
        assert "filter: region=north" in screen_text(app)
        await pilot.press("f", "ctrl+u", *"analyst:analyst-a not started")
        assert screen.order == []
        await pilot.press("ctrl+u", *"needs review")
        assert screen.order == []  # nothing stale, revised or broken in the sample
        await pilot.press("ctrl+u", *"analyst:analyst-a")
        # assigned to analyst-a; the review, assigned to nobody, shows its two coders
        assert screen.order == ["review", "response", "algdl", "charity"]
        await pilot.press("escape")
        assert screen.table.has_focus


async def test_keys_typed_right_after_f_go_to_the_filter(project: Path) -> None:
    """A burst (a fast typist, a paste, a loaded machine): the keys after ``f`` reach the app
    before it has handled ``f``; they belong to the filter, not to the board (``s`` sorting,
    ``r`` reversing)."""
    app = board_app(project)
    async with app.run_test(size=SIZE) as pilot:
        screen = await board_ready(pilot)
        burst(app, "f", "suppliers")
        await wait_until(pilot, lambda: screen.order == ["suppliers"])
        assert screen.query_one("#board-filter", Input).value == "suppliers"
        assert (screen.sort, screen.reverse) == ("project", False)


async def test_not_started_lists_a_document_without_annotations(project: Path) -> None:
    for name in ("council.analyst-a.toml", "council.analyst-b.toml"):
        (project / "documents" / name).unlink()
    app = board_app(project)
    async with app.run_test(size=SIZE) as pilot:
        screen = await board_ready(pilot)
        await pilot.press("f", *"not started")
        assert screen.order == ["council"]


async def test_enter_opens_the_analysts_file_and_esc_comes_back(project: Path) -> None:
    app = board_app(project, "analyst-b")
    async with app.run_test(size=SIZE) as pilot:
        screen = await board_ready(pilot)
        await pilot.press("f", *"region=north", "enter", "enter")
        path = project / "documents" / "council.analyst-b.toml"
        main = await annotator_ready(pilot, path)
        assert "council.analyst-b.toml" in screen_text(app)
        before = spans_on_disk(path)
        span = await tag_a_sentence(pilot)
        await pilot.press("escape")
        assert app.screen is screen
        assert spans_on_disk(path) == before | {span}  # saved on the way out
        assert main.editing.dirty is False
        assert screen.current_id == "council"
        assert screen.order == ["council", "public-0417"]  # the filter is kept
        await wait_until(pilot, lambda: screen.statuses["council"].annotation_count == 14)
        await rows_drawn(pilot, screen)
        council = next(line for line in screen_text(app).splitlines() if " council " in line)
        assert " 14 " in council


async def test_a_newcomer_to_a_document_coded_per_analyst_gets_their_own_file(
    project: Path,
) -> None:
    app = board_app(project, None)  # the tests' author is "tester": no file of theirs
    async with app.run_test(size=SIZE) as pilot:
        await board_ready(pilot)
        await pilot.press("down", "down", "enter")
        path = project / "documents" / "algdl.tester.toml"
        await annotator_ready(pilot, path)
        assert not path.exists()
        span = await tag_a_sentence(pilot)
        await pilot.press("escape")
        assert spans_on_disk(path) == {span}
        assert not (project / "documents" / "algdl.annotations.toml").exists()


async def test_a_document_nobody_coded_yet_gets_the_shared_file(project: Path) -> None:
    for old in (project / "documents").glob("algdl.*.toml"):
        old.unlink()
    app = board_app(project, None)
    async with app.run_test(size=SIZE) as pilot:
        await board_ready(pilot)
        await pilot.press("down", "down", "enter")
        path = project / "documents" / "algdl.annotations.toml"
        await annotator_ready(pilot, path)
        span = await tag_a_sentence(pilot)
        await pilot.press("escape")
        assert spans_on_disk(path) == {span}


async def test_ctrl_pgdn_and_pgup_follow_the_boards_order(project: Path) -> None:
    app = board_app(project)
    async with app.run_test(size=SIZE) as pilot:
        screen = await board_ready(pilot)
        await pilot.press("s")  # by name: algdl, charity, council, public-0417, ...
        assert screen.current_id == "review"  # the cursor stays on its document
        await pilot.press("ctrl+home", "enter")
        documents = project / "documents"
        algdl = documents / "algdl.analyst-a.toml"
        await annotator_ready(pilot, algdl)
        before = spans_on_disk(algdl)
        first = await tag_a_sentence(pilot)
        await pilot.press("ctrl+pagedown")
        charity = documents / "charity.analyst-a.toml"
        await annotator_ready(pilot, charity)
        assert spans_on_disk(algdl) == before | {first}  # saved when left
        assert screen.current_id == "charity"
        assert len(app.screen_stack) == 3  # the default screen, the board, one annotator
        await pilot.press("ctrl+pagedown")
        council = documents / "council.analyst-a.toml"
        await annotator_ready(pilot, council)
        await pilot.press("ctrl+pageup", "ctrl+pageup")
        await annotator_ready(pilot, algdl)
        await pilot.press("escape")
        assert app.screen is screen
        assert screen.current_id == "algdl"


async def test_the_row_left_is_read_again_in_its_place(project: Path) -> None:
    """In the project's order, unfiltered, the row of the document left by Ctrl+PgDn shows
    its new count where it was; the order and the cursor are the board's as before."""
    app = board_app(project)
    async with app.run_test(size=SIZE) as pilot:
        screen = await board_ready(pilot)
        await pilot.press("down", "enter")
        response = project / "response.analyst-a.toml"
        await annotator_ready(pilot, response)
        count = screen.statuses["response"].annotation_count
        await tag_a_sentence(pilot)
        await pilot.press("ctrl+pagedown")
        await annotator_ready(pilot, project / "documents" / "algdl.analyst-a.toml")
        await wait_until(pilot, lambda: screen.statuses["response"].annotation_count == count + 1)
        await pilot.press("escape")
        assert app.screen is screen
        assert screen.order == PROJECT_ORDER
        assert screen.current_id == "algdl"
        await rows_drawn(pilot, screen)
        lines = screen_text(app).splitlines()
        row = next(i for i, line in enumerate(lines) if " response " in line)
        assert f" {count + 1} " in lines[row]
        assert " review " in lines[row - 1]
        assert " algdl " in lines[row + 1]


async def test_ctrl_pgup_at_the_first_document_stays(project: Path) -> None:
    app = board_app(project)
    async with app.run_test(size=SIZE) as pilot:
        screen = await board_ready(pilot)
        await pilot.press("enter")
        review = project / "review.analyst-a.toml"
        main = await annotator_ready(pilot, review)
        assert main.check_action("open_neighbour", (-1,)) is None  # dimmed
        await pilot.press("ctrl+pageup")
        await pilot.pause()
        assert app.screen is main
        assert screen.open_id == "review"


async def test_a_broken_annotation_file_goes_back_to_the_board(project: Path) -> None:
    broken = project / "documents" / "charity.analyst-a.toml"
    broken.write_text("format = 'policy-annotate'\nversion = [", encoding="utf-8")
    app = board_app(project)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await board_ready(pilot)
        assert "charity ⚠" in screen_text(app)
        await pilot.press("f", *"charity", "enter", "enter")
        await wait_until(pilot, lambda: app.screen is screen and bool(toasts(app)))
        assert any("charity.analyst-a.toml" in toast for toast in toasts(app))
        assert broken.read_text(encoding="utf-8").endswith("version = [")


async def test_quitting_from_a_document_saves_it(project: Path) -> None:
    app = board_app(project)
    async with app.run_test(size=SIZE) as pilot:
        await board_ready(pilot)
        await pilot.press("enter")
        review = project / "review.analyst-a.toml"
        await annotator_ready(pilot, review)
        span = await tag_a_sentence(pilot)
        await pilot.press("q")
        await wait_for_save(pilot)
    assert span in spans_on_disk(review)
    assert app.return_code == 0


async def test_a_single_document_has_no_board_keys(project: Path) -> None:
    from tui.launch import prepare_session

    app = PolicyAnnotateApp(prepare_session(project / "review.md", None, None))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: main_screen(app).is_loaded)
        screen = main_screen(app)
        assert screen.check_action("back_to_board", ()) is False
        assert screen.check_action("open_neighbour", (1,)) is False
        await pilot.press("escape", "ctrl+pagedown")
        assert app.screen is screen


def test_a_project_refuses_options_of_one_document(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([str(project), "--at", "10"]) == 2
    assert "--at opens one document, not a project" in capsys.readouterr().err


def test_a_folder_without_a_project_file_is_a_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([str(tmp_path)]) == 1
    error = capsys.readouterr().err.strip()
    assert len(error.splitlines()) == 1
    assert "policy-annotate.toml" in error
    assert "Traceback" not in error


def test_the_project_file_names_its_project(project: Path) -> None:
    start = prepare_board(project / "policy-annotate.toml", "analyst-a")
    assert start.project.folder == project


async def test_backspace_goes_back_and_the_reading_place_is_kept(project: Path) -> None:
    app = board_app(project)
    async with app.run_test(size=SIZE) as pilot:
        screen = await board_ready(pilot)
        await pilot.press("down", "enter")
        response = project / "response.analyst-a.toml"
        main = await annotator_ready(pilot, response)
        await pilot.press("J", "J", "J")
        place = main.document_view.cursor
        await pilot.press("backspace")
        assert app.screen is screen
        await pilot.press("enter")
        again = await annotator_ready(pilot, response)
        assert again is not main
        assert again.document_view.cursor == place


async def test_a_failed_save_asks_before_leaving(project: Path) -> None:
    from tui.screens.dialogs import UnsavedChangesScreen

    review = project / "review.analyst-a.toml"
    review.chmod(0o444)  # read-only: the session refuses to replace it
    before = review.read_bytes()
    app = board_app(project)
    async with app.run_test(size=SIZE) as pilot:
        await board_ready(pilot)
        await pilot.press("enter")
        main = await annotator_ready(pilot, review)
        await tag_a_sentence(pilot)
        await pilot.press("ctrl+pagedown")
        await wait_until(pilot, lambda: isinstance(app.screen, UnsavedChangesScreen))
        assert "Leave and lose your unsaved changes?" in dialog_text(app)
        await pilot.press("n")  # stay
        assert app.screen is main
        assert main.editing.dirty
        await pilot.press("ctrl+pagedown")
        await wait_until(pilot, lambda: isinstance(app.screen, UnsavedChangesScreen))
        await pilot.press("y")  # leave anyway
        await annotator_ready(pilot, project / "response.analyst-a.toml")
    assert review.read_bytes() == before


async def test_the_footer_and_the_help_say_that_enter_opens_a_document(project: Path) -> None:
    from tui.screens.help import HelpScreen

    app = board_app(project)
    async with app.run_test(size=(80, 24)) as pilot:
        await board_ready(pilot)
        assert "⏎ Open" in footer_line(screen_text(app))
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.pause()
        text = screen_text(app)
        assert "Keys — Document board" in text
        open_row = next(line for line in text.splitlines() if " Open " in line)
        assert "⏎" in open_row
        assert "Document board" in open_row
        assert "BoardTable" not in text  # a class name is no place
        assert "BoardScreen" not in text
