"""Who is annotating, asked by the board when nothing says (no --author, no
$POLICY_ANNOTATE_AUTHOR, no remembered name): the answer opens that analyst's file, is
remembered, and the annotator says whose file it shows and that others have their own."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import tomli
from test_board import (
    annotator_ready,
    board,
    board_app,
    board_ready,
    project,
    rows_drawn,
    spans_on_disk,
    tag_a_sentence,
)
from test_board_corpus_search import search
from textual.pilot import Pilot
from textual.widgets import Label
from tui_helpers import screen_text, status_text, toasts, wait_until

from tui.app import PolicyAnnotateApp
from tui.screens.author_dialog import AnalystDialog
from tui.screens.board import BoardScreen
from tui.user_config import config_file

__all__ = ["project"]  # the fixture, shared with the board's tests

SIZE = (120, 40)


@pytest.fixture(autouse=True)
def nobody_known(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No $POLICY_ANNOTATE_AUTHOR, no remembered name (a config folder of the test's own)."""
    monkeypatch.delenv("POLICY_ANNOTATE_AUTHOR", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


def remembered() -> str | None:
    """The name in the user's config.toml, if any."""
    path = config_file()
    if not path.is_file():
        return None
    name = tomli.loads(path.read_text(encoding="utf-8")).get("author")
    return name if isinstance(name, str) else None


async def ask_on_enter(pilot: Pilot[Any]) -> AnalystDialog:
    """Open the document at the board's cursor: the question comes up."""
    app = pilot.app
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(app.screen, AnalystDialog))
    await pilot.pause()
    dialog = app.screen
    assert isinstance(dialog, AnalystDialog)
    return dialog


async def test_picking_an_analyst_opens_their_file_and_is_remembered(project: Path) -> None:
    app = board_app(project, None)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await board_ready(pilot)
        assert "you:" not in screen_text(app)
        review = next(line for line in screen_text(app).splitlines() if " review " in line)
        assert " 62 " in review  # every analyst's annotations
        await ask_on_enter(pilot)
        text = screen_text(app)
        assert "Who is annotating? Each analyst codes in a file of their own," in text
        assert "review.NAME.toml" in text
        assert "analyst-a" in text
        assert "analyst-b" in text
        await pilot.press("enter")  # the first: analyst-a
        main = await annotator_ready(pilot, project / "review.analyst-a.toml")
        assert main.editing.author == "analyst-a"
        status = status_text(app)
        assert "analyst-a's file (+1 other)" in status
        assert f"{len(main.editing.annotations)} annotations" in status
        assert any(
            "This is analyst-a's file; analyst-b has their own for this document "
            "(the board's counts are everyone's)." in t
            for t in toasts(app)
        )
        assert remembered() == "analyst-a"
        # known now: back on the board, another document opens without asking
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen))
        assert "you: analyst-a" in screen_text(app)
        await pilot.press("down", "enter")
        await annotator_ready(pilot, project / "response.analyst-a.toml")


async def test_a_new_name_gets_a_new_file_on_the_first_change(project: Path) -> None:
    app = board_app(project, None)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await board_ready(pilot)
        await ask_on_enter(pilot)
        await pilot.press("tab", *"newbie", "enter")
        path = project / "review.newbie.toml"
        main = await annotator_ready(pilot, path)
        assert not path.exists()
        status = status_text(app)
        assert "newbie's file (+2 others)" in status
        assert "0 annotations" in status
        assert "○ new file" in status
        assert any(
            "This is newbie's file (new: created on your first change); analyst-a, analyst-b "
            "have their own for this document (the board's counts are everyone's)." in t
            for t in toasts(app)
        )
        span = await tag_a_sentence(pilot)
        assert main.editing.annotations  # not asked again at the first edit
        await pilot.press("escape")
        screen = board(app)
        assert spans_on_disk(path) == {span}
        saved = tomli.loads(path.read_text(encoding="utf-8"))["annotations"]
        assert [a["author"] for a in saved] == ["newbie"]
        assert remembered() == "newbie"
        await wait_until(pilot, lambda: screen.statuses["review"].annotation_count == 63)
        await rows_drawn(pilot, screen)
        review = next(line for line in screen_text(app).splitlines() if " review " in line)
        assert " 63 " in review


async def test_a_name_that_cannot_name_a_file_is_refused(project: Path) -> None:
    app = board_app(project, None)
    async with app.run_test(size=SIZE) as pilot:
        await board_ready(pilot)
        dialog = await ask_on_enter(pilot)
        await pilot.press("tab", *"Jane Doe", "enter")
        await pilot.pause()
        assert app.screen is dialog
        problem = dialog.query_one("#analyst-problem", Label)
        assert problem.display
        assert str(problem.render()) == (
            "'Jane Doe': letters and digits, then also - and _ (no spaces or dots): "
            "it names your file"
        )
        assert "'Jane Doe': letters and digits" in screen_text(app)
        await pilot.press("ctrl+u", *"jane-doe", "enter")
        await annotator_ready(pilot, project / "review.jane-doe.toml")


async def test_esc_stays_on_the_board_and_remembers_nothing(project: Path) -> None:
    app = board_app(project, None)
    async with app.run_test(size=SIZE) as pilot:
        screen = await board_ready(pilot)
        await ask_on_enter(pilot)
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)
        assert screen.open_id is None
        assert screen.start.author is None
        assert remembered() is None
        assert not list(project.glob("review.*.toml.bak"))


async def test_a_search_result_asks_first_then_opens_at_the_passage(project: Path) -> None:
    app = board_app(project, None)
    async with app.run_test(size=SIZE) as pilot:
        screen = await search(pilot, "Digital Leadership Board")
        results = screen.search.results
        assert results is not None
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, AnalystDialog))
        await pilot.press("down", "enter")  # analyst-b
        hit = results.hits[0]
        assert hit.document == "review"
        main = await annotator_ready(pilot, project / "review.analyst-b.toml")
        assert board(app).opened_hit() == 0
        cursor = main.document_view.cursor
        assert cursor[0] <= hit.start < cursor[1]


async def test_the_sample_copy_notice_does_not_cover_the_question_at_80x24(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``policy-annotate`` with no argument says where the sample's copy is, for 8 s; Enter
    within them asks who is annotating, and every row of the question is readable, the notice
    drawn under the dialog (and still there around it)."""
    from textual.geometry import Region

    from tui.project_launch import prepare_sample_board

    monkeypatch.chdir(tmp_path)
    app = PolicyAnnotateApp(board=prepare_sample_board(None))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await board_ready(pilot)
        await wait_until(pilot, lambda: any("sample project" in t for t in toasts(app)))
        dialog = await ask_on_enter(pilot)
        await wait_until(pilot, lambda: any("sample project" in t for t in toasts(app)))
        await pilot.pause()
        text = screen_text(app)
        for label in dialog.query(".dialog-question, .dialog-hint").results(Label):
            for row in label.render_lines(Region(0, 0, *label.size)):
                assert row.text.rstrip() in text, row.text
        assert " analyst-a " in text
        assert " analyst-b " in text
