"""What "merge theirs into mine" could not settle: one line per annotation (or recommendation,
principle) both sides changed differently, yours kept, theirs saved beside the file."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from annotations.text_plural import count_of


class MergeConflictsScreen(ModalScreen[None]):
    """The list of conflicts a merge left to the user (Esc or Enter closes it)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter", "close", "Close", id="merge.close"),
    ]

    def __init__(self, lines: list[str], kept_as: str) -> None:
        super().__init__()
        self.lines = lines
        self.kept_as = kept_as

    def compose(self) -> ComposeResult:
        """The title, the conflicts and where theirs is."""
        with Vertical(id="merge-dialog"):
            yield Label(
                f"Merged theirs into mine: {count_of(len(self.lines), 'conflict')} kept yours",
                id="merge-title",
                markup=False,
            )
            yield OptionList(*(Option(Text(line)) for line in self.lines), id="merge-list")
            yield Label(
                f"Their version of each is in {self.kept_as}. Ctrl+Z undoes the merge. Esc closes.",
                id="merge-hint",
                markup=False,
            )

    def action_close(self) -> None:
        """Back to the document."""
        self.dismiss(None)
