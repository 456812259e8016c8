"""The annotation file (or the project file) could not be loaded: its problems, and a key to
leave the app."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Label, Static

from annotations.errors import PolicyAnnotateError

TITLE = "The annotation file could not be loaded"
HINT = "Enter, Esc or q: quit · the problems are printed again on exit"


class LoadErrorScreen(Screen[None]):
    """The problems of a broken annotation file, one a line as the command line prints them.

    Leaving it ends the app with exit code 1; the command line then prints the same problems
    (``Session.load_error``), once the terminal is back.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,escape,q", "leave", "Quit", id="problems.quit"),
    ]

    def __init__(self, error: PolicyAnnotateError, *, title: str = TITLE) -> None:
        super().__init__()
        self.error = error
        self.title_text = title

    def compose(self) -> ComposeResult:
        """The title, the problems (scrolling if many) and the keys that leave."""
        yield Label(self.title_text, id="load-error-title")
        with VerticalScroll(id="load-error-problems"):
            for problem in self.error.problems:
                yield Static(Text(str(problem)), classes="load-error-problem")
        yield Label(HINT, id="load-error-hint")

    def action_leave(self) -> None:
        """End the app with exit code 1."""
        self.app.exit(1, return_code=1)
