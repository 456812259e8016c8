"""Small dialogs: yes/no confirmation and the choice after a save conflict."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Label


class ConfirmScreen(ModalScreen[bool]):
    """Ask a yes/no question; y/Enter for yes, n/Esc for no."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, question: str, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.question, self.yes, self.no = question, yes, no

    def compose(self) -> ComposeResult:
        """The question and two buttons."""
        with Vertical(classes="dialog"):
            yield Label(self.question, classes="dialog-question", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.yes} (y)", id="yes", variant="error")
                yield Button(f"{self.no} (n)", id="no", variant="primary")

    def on_mount(self) -> None:
        """Default to the safe answer."""
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Answer with the button pressed."""
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        """Answer from the keyboard."""
        self.dismiss(answer)


class ConflictScreen(ModalScreen[str]):
    """The annotation file changed on disk: overwrite it, save a copy, or keep editing."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("o", "choose('overwrite')", "Overwrite", id="conflict.overwrite"),
        Binding("c", "choose('copy')", "Save a copy", id="conflict.copy"),
        Binding("escape", "choose('cancel')", "Keep editing", id="conflict.cancel"),
    ]

    def __init__(self, file_name: str, copy_name: str) -> None:
        super().__init__()
        self.file_name, self.copy_name = file_name, copy_name

    def compose(self) -> ComposeResult:
        """The explanation and the three choices."""
        with Vertical(classes="dialog"):
            yield Label(
                f"{self.file_name} changed on disk since it was opened (another analyst, or a git pull?). "
                f"Your changes are safe in memory. Saving yours as {self.copy_name} goes on "
                "editing that copy and leaves the changed file as it is.",
                classes="dialog-question",
                markup=False,
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Overwrite it (o)", id="overwrite", variant="error")
                yield Button(  # Content: a file name is not markup
                    Content(f"Save mine as {self.copy_name} (c)"), id="copy", variant="primary"
                )
                yield Button("Keep editing (Esc)", id="cancel")

    def on_mount(self) -> None:
        """Default to the safe answer (Enter must not overwrite another analyst's work)."""
        self.query_one("#cancel", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Choose with a button."""
        self.dismiss(event.button.id or "cancel")

    def action_choose(self, choice: str) -> None:
        """Choose from the keyboard."""
        self.dismiss(choice)
