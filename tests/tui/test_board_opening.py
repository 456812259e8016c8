"""``policy-annotate DIR``: the board's frame is drawn first (the folder's name, the headings,
"reading the project file…") and the project file is read after it; then the board, or the
file's problems and exit code 1."""

from __future__ import annotations

import re
import shutil
import threading
from pathlib import Path

import pytest
from tui_helpers import screen_text, wait_until

from tui.app import PolicyAnnotateApp
from tui.cli import main
from tui.project_launch import BoardRequest, BoardStart, request_board
from tui.screens.board import BoardScreen
from tui.screens.board_opening import PROBLEMS_TITLE, READING, BoardOpeningScreen
from tui.screens.load_error import LoadErrorScreen

SIZE = (120, 40)


@pytest.fixture
def project(tmp_path: Path, samples: Path) -> Path:
    """A copy of the sample project."""
    folder = tmp_path / "consultation"
    shutil.copytree(samples, folder)
    return folder


@pytest.fixture
def broken(project: Path) -> Path:
    """The sample project with a name that is not text in its project file."""
    path = project / "policy-annotate.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r'(?m)^name = ".*"$', "name = 3", text, count=1), encoding="utf-8")
    return project


async def test_the_board_s_frame_comes_first_then_the_board(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The project file is read only once let go of here: the frame before it is the board's
    headings under the folder's name, saying the file is being read."""
    release = threading.Event()
    real_load = BoardRequest.load

    def held_load(self: BoardRequest) -> BoardStart:
        release.wait(30)
        return real_load(self)

    monkeypatch.setattr(BoardRequest, "load", held_load)
    app = PolicyAnnotateApp(board=request_board(project, "analyst-a"))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, BoardOpeningScreen))
        await pilot.pause()
        text = screen_text(app)
        assert "consultation" in text
        assert READING in text
        for heading in ("Document", "Analyst", "Annotated", "Notes", "Attributes"):
            assert heading in text
        release.set()
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen) and app.screen.loaded)
        await pilot.pause()
        text = screen_text(app)
        assert "Eastmere Digital Government Review: responses" in text
        assert "8 documents" in text
        assert READING not in text
        await pilot.press("q")
    assert app.return_code == 0


async def test_a_broken_project_file_shows_its_problems_and_leaving_exits_1(
    broken: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(broken.parent)  # the problem names the folder as given: on one row
    request = request_board(Path(broken.name), "analyst-a")  # a file there: the app reads it
    app = PolicyAnnotateApp(board=request)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, LoadErrorScreen))
        await pilot.pause()
        text = screen_text(app)
        assert PROBLEMS_TITLE in text
        assert "consultation/policy-annotate.toml:3: name: Input should be a valid string" in text
        await pilot.press("enter")
    assert app.return_code == 1
    assert request.load_error is not None
    assert "name: Input should be a valid string" in str(request.load_error.problems[0])


def test_a_broken_project_file_outside_a_terminal_is_its_one_line_error(
    broken: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without a terminal the app does not start: the file's problem is still what is said."""
    assert main([str(broken)]) == 1
    error = capsys.readouterr().err.strip()
    assert len(error.splitlines()) == 1
    assert "policy-annotate.toml:3: name: Input should be a valid string" in error
    assert "Traceback" not in error


def test_a_project_file_that_is_a_folder_is_refused_before_the_app(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "policy-annotate.toml").mkdir()
    assert main([str(tmp_path)]) == 1
    error = capsys.readouterr().err.strip()
    assert error.endswith("policy-annotate.toml: is a folder, not a project file")
