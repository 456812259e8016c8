"""Small dialogs: yes/no confirmation, the choice after a save conflict (merge theirs into
mine among them), quitting with changes
that could not be saved, and "save as" another path."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label


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
    """The annotation file changed on disk: merge theirs into mine, overwrite it, save a copy,
    or keep editing."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("m", "choose('merge')", "Merge theirs into mine", id="conflict.merge"),
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
                "Your changes are safe in memory. Merging takes their changes in beside yours "
                "(where both changed the same annotation, yours is kept and theirs saved beside "
                f"it). Saving yours as {self.copy_name} goes on editing that copy and leaves the "
                "changed file as it is.",
                classes="dialog-question",
                markup=False,
            )
            # compact: four stacked buttons of three rows each, and an explanation naming the
            # file twice, overflowed 80x24 (the dialog's top and bottom cut off)
            with Horizontal(classes="dialog-buttons"):
                yield Button(
                    "Merge theirs into mine (m)", id="merge", variant="success", compact=True
                )
                yield Button("Overwrite it (o)", id="overwrite", variant="error", compact=True)
                yield Button(  # Content: a file name is not markup
                    Content(f"Save mine as {self.copy_name} (c)"),
                    id="copy",
                    variant="primary",
                    compact=True,
                )
                yield Button("Keep editing (Esc)", id="cancel", compact=True)

    def on_mount(self) -> None:
        """Default to the safe answer (Enter must not overwrite another analyst's work)."""
        self.query_one("#cancel", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Choose with a button."""
        self.dismiss(event.button.id or "cancel")

    def action_choose(self, choice: str) -> None:
        """Choose from the keyboard."""
        self.dismiss(choice)


class UnsavedChangesScreen(ModalScreen[str]):
    """Quitting, the changes could not be saved: quit anyway, save them elsewhere, or stay."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "choose('quit')", "Quit anyway", id="unsaved.quit"),
        Binding("a", "choose('save-as')", "Save as", id="unsaved.save_as"),
        Binding("n,escape", "choose('stay')", "Stay", id="unsaved.stay"),
    ]

    def __init__(self, reason: str, verb: str = "Quit") -> None:
        super().__init__()
        self.reason = reason
        self.verb = verb
        """What the user was doing: "Quit", or "Leave" (the document, for another)."""

    def compose(self) -> ComposeResult:
        """Why, the question, and the three choices."""
        with Vertical(classes="dialog"):
            yield Label(
                f"{self.reason}.\n{self.verb} and lose your unsaved changes?",
                classes="dialog-question",
                markup=False,
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.verb} anyway (y)", id="quit", variant="error")
                yield Button("Save as… (a)", id="save-as", variant="primary")
                yield Button("Stay (n)", id="stay")

    def on_mount(self) -> None:
        """Default to the safe answer."""
        self.query_one("#stay", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Choose with a button."""
        self.dismiss(event.button.id or "stay")

    def action_choose(self, choice: str) -> None:
        """Choose from the keyboard."""
        self.dismiss(choice)


class SaveAsScreen(ModalScreen[Path | None]):
    """The annotation file cannot be saved where it is (read-only, its folder read-only or
    gone): type another path. Enter saves there, Esc keeps editing (the changes stay in
    memory)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="saveas.cancel"),
    ]

    def __init__(self, reason: str, suggestion: Path) -> None:
        super().__init__()
        self.reason, self.suggestion = reason, suggestion

    def compose(self) -> ComposeResult:
        """Why, the path to save to, and the two choices."""
        with Vertical(classes="dialog"):
            yield Label(
                f"{self.reason}\nYour changes are safe in memory. Save them to (you then go on "
                "editing that file; an existing file is never replaced):",
                classes="dialog-question",
                markup=False,
            )
            yield Input(str(self.suggestion), id="save-as-path", select_on_focus=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (Enter)", id="save", variant="primary")
                yield Button("Cancel (Esc)", id="cancel")

    def on_mount(self) -> None:
        """Focus the path, ready to be edited."""
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the path: save there."""
        event.stop()
        self._save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Save, or cancel."""
        if event.button.id == "save":
            self._save()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        """Keep editing; nothing is saved."""
        self.dismiss(None)

    def _save(self) -> None:
        text = self.query_one(Input).value.strip()
        if text:
            self.dismiss(Path(text).expanduser())
