"""Help: the keys that work where the user is, with what they do."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Label, Static

PANE_NAMES = {
    "document": "Document pane",
    "annotation-list": "Annotation list",
    "annotation-filter": "Annotation filter",
    "search": "Search box",
}


def where(binding_node: object) -> str:
    """A name for the part of the app a binding belongs to."""
    node_id = getattr(binding_node, "id", None)
    if node_id in PANE_NAMES:
        return PANE_NAMES[str(node_id)]
    name = type(binding_node).__name__
    return {
        "MainScreen": "Everywhere",
        "PolicyAnnotateApp": "Everywhere",
        "AnnotationPanel": "Annotation panel",
        "BoardScreen": "Document board",
        "BoardTable": "Document board",
    }.get(name, name)


class HelpScreen(ModalScreen[None]):
    """The keys of the focused pane and of the whole screen."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,f1,q", "close", "Close help", id="help.close"),
    ]

    def __init__(self, bindings: Mapping[str, ActiveBinding], focused: Widget | None) -> None:
        super().__init__()
        self.active = bindings
        self.focused_name = where(focused) if focused is not None else "Everywhere"

    def compose(self) -> ComposeResult:
        """A table of keys, the focused pane's first."""
        rows: dict[tuple[str, str], list[str]] = {}
        for key, active in self.active.items():
            binding = active.binding
            if not binding.description or binding.system or binding.id is None:
                continue  # Textual's own scrolling keys have no id; ours all do
            group = where(active.node)
            rows.setdefault((group, binding.description), []).append(
                self.app.get_key_display(binding) if key == binding.key else key
            )
        ordered = sorted(
            rows.items(),
            key=lambda item: (
                item[0][0] != self.focused_name,
                item[0][0] == "Everywhere",
                item[0][0],
            ),
        )
        table = Table(box=None, expand=True, pad_edge=False, show_header=True, header_style="bold")
        table.add_column("Keys", no_wrap=True, style="bold")
        table.add_column("Action")
        table.add_column("Where", style="dim")
        for (group, description), keys in ordered:
            table.add_row(Text(", ".join(dict.fromkeys(keys))), Text(description), Text(group))
        with Vertical(id="help-dialog"):
            yield Label(Text(f"Keys — {self.focused_name}", style="bold"), id="help-title")
            with VerticalScroll():
                yield Static(table, id="help-table")
            yield Label(
                "Esc closes · docs/keys.md lists every key · keys can be remapped in keys.toml",
                id="help-hint",
            )

    def action_close(self) -> None:
        """Close the help."""
        self.dismiss(None)
