"""The document board's first frame: the project folder's name, the table's headings and
"reading the project file…", while a worker reads and validates the project file; then the
board itself (``board.py``) takes its place, or the file's problems (``load_error.py``).

The project model's import and the validation of a large project file are most of what the
board costs to start (~0.3 s of 0.9 s for 2,000 documents); none of it is needed to draw this.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Label

from annotations.errors import PolicyAnnotateError
from tui.widgets.board_table import BoardTable

if TYPE_CHECKING:
    from tui.project_launch import BoardRequest, BoardStart

READING = "reading the project file…"
PROBLEMS_TITLE = "The project file could not be read"


class BoardOpeningScreen(Screen[None]):
    """The board's frame while its project file is read (then replaced by the board)."""

    def __init__(self, request: BoardRequest) -> None:
        super().__init__()
        self.request = request

    def compose(self) -> ComposeResult:
        """The folder's name (the project's is in the file), the status, the empty table."""
        yield Label(self.request.folder.name, id="board-title", markup=False)
        yield Label(READING, id="board-status", markup=False)
        yield BoardTable(id="board-table")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """Read the project file once this frame is drawn."""
        self.call_after_refresh(self._read_project)

    @work(thread=True, exclusive=True, description="read the project file")
    def _read_project(self) -> None:
        """Read and validate the project file, and import the board and the annotator, off the
        UI thread."""
        try:
            start = self.request.load()
        except PolicyAnnotateError as error:
            self.app.call_from_thread(self._failed, error)
            return
        # the board (the project model with it) and the annotator Enter opens: imported here,
        # not on the UI thread
        import tui.screens.board
        import tui.screens.main  # noqa: F401

        self.app.call_from_thread(self._opened, start)

    def _opened(self, start: BoardStart) -> None:
        """The board in this frame's place."""
        from tui.screens.board import BoardScreen

        self.app.switch_screen(BoardScreen(start))

    def _failed(self, error: PolicyAnnotateError) -> None:
        """The project file's problems; leaving them ends the app with exit code 1 (the command
        line prints them again: ``BoardRequest.load_error``)."""
        from tui.screens.load_error import LoadErrorScreen

        self.request.load_error = error
        self.app.switch_screen(LoadErrorScreen(error, title=PROBLEMS_TITLE))
