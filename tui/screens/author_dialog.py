"""Asked once, at the first edit, when nothing says who is annotating: your name."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label


class AuthorDialog(ModalScreen[str | None]):
    """A name to sign new annotations with (Enter keeps it, and it is remembered); Esc signs
    with the login name this time, without remembering it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Use the login name", id="author.cancel"),
    ]

    def __init__(self, login_name: str) -> None:
        super().__init__()
        self.login_name = login_name

    def compose(self) -> ComposeResult:
        """The question, the name box and a hint."""
        with Vertical(classes="dialog", id="author-dialog"):
            yield Label(
                "Your name, to sign your annotations with (remembered for next time; "
                "--author or $POLICY_ANNOTATE_AUTHOR also set it):",
                classes="dialog-question",
                markup=False,
            )
            yield Input(placeholder="Your name", id="author-name")
            yield Label(
                f"Enter keeps it · Esc signs as {self.login_name} this time",
                classes="dialog-hint",
                markup=False,
            )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Keep the name typed (a blank one is not a name: ask on)."""
        name = event.value.strip()
        if name:
            self.dismiss(name)

    def action_cancel(self) -> None:
        """No name given."""
        self.dismiss(None)
