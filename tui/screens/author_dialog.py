"""Asked once when nothing says who is annotating: your name (at the first edit), or which of a
project's analysts you are (before the board opens a document)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList


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


class AnalystDialog(ModalScreen[str | None]):
    """Who is annotating, asked by a project's board before it opens a document when nothing
    says: one of the project's analysts (Enter on the list) or a new name (typed, Enter), which
    picks the annotation file and is remembered; Esc stays on the board."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Back to the board", id="analyst.cancel"),
    ]

    def __init__(self, analysts: list[str], file_pattern: str) -> None:
        super().__init__()
        self.analysts = analysts
        self.file_pattern = file_pattern
        """How the document's files are named (``review.NAME.toml``), for the question."""

    def compose(self) -> ComposeResult:
        """The question, the analysts, the name box, a problem line and a hint."""
        with Vertical(classes="dialog", id="analyst-dialog"):
            yield Label(
                "Who is annotating? Each analyst codes in a file of their own, "
                f"{self.file_pattern}; your name is remembered for next time "
                "(--author or $POLICY_ANNOTATE_AUTHOR also set it).",
                classes="dialog-question",
                markup=False,
            )
            if self.analysts:
                yield OptionList(*self.analysts, id="analyst-list")
            yield Input(placeholder="A new name: letters, digits, - and _", id="analyst-name")
            problem = Label("", id="analyst-problem", markup=False)
            problem.display = False
            yield problem
            hint = "Enter picks · Tab: a new name · Esc back to the board"
            yield Label(
                hint if self.analysts else "Enter keeps it · Esc back to the board",
                classes="dialog-hint",
                markup=False,
            )

    def on_mount(self) -> None:
        """The list has the keys when there are analysts to pick, else the name box."""
        if self.analysts:
            self.query_one("#analyst-list", OptionList).focus()
        else:
            self.query_one("#analyst-name", Input).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """An analyst picked."""
        self.dismiss(self.analysts[event.option_index])

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """A new name, when it can name a file (else say why and ask on)."""
        from annotations.projects.layout import analyst_name_problem

        name = event.value.strip()
        problem = analyst_name_problem(name) if name else None
        if problem:
            line = self.query_one("#analyst-problem", Label)
            line.update(f"{name!r}: {problem}")
            line.display = True
        elif name:
            self.dismiss(name)

    def action_cancel(self) -> None:
        """Nobody chosen: nothing is opened."""
        self.dismiss(None)
