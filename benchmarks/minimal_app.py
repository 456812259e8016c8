"""Baseline Textual apps for benchmarks/bench_tui.py (not part of policy-annotate).

    python benchmarks/minimal_app.py                  the baseline: Header, Static, Footer
    python benchmarks/minimal_app.py --textarea FILE  a read-only TextArea holding FILE (for scale)
    python benchmarks/minimal_app.py --keys           the baseline plus bindings for j, 1 and
                                                      shift+down that redraw the Static: the floor
                                                      of key-to-screen latency in Textual itself

The Static's text ("minimal app ready", "textarea app ready") is the marker bench_tui.py waits
for: it appears in the terminal only once the first frame has been drawn.
"""

from __future__ import annotations

import sys
from pathlib import Path

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Header, Static

MARKER = "minimal app ready"
TEXTAREA_MARKER = "textarea app ready"


class MinimalApp(App[None]):
    """Header, one line of text, Footer: what any Textual app costs to start."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(MARKER, id="marker")
        yield Footer()


class KeysApp(MinimalApp):
    """The baseline with keys that change what is on screen (a counter in the Static)."""

    BINDINGS = [  # noqa: RUF012 - Textual's convention
        Binding("j", "bump", "Bump", show=False),
        Binding("1", "bump", "Bump", show=False),
        Binding("shift+down", "bump", "Bump", show=False),
    ]

    presses = 0

    def action_bump(self) -> None:
        self.presses += 1
        self.query_one("#marker", Static).update(f"{MARKER} {self.presses}")


class TextAreaApp(App[None]):
    """A read-only TextArea holding a whole document, for scale."""

    CSS = "TextArea { height: 1fr; }"

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        from textual.widgets import TextArea

        yield Header()
        yield Static(TEXTAREA_MARKER)
        yield TextArea(self.text, read_only=True)
        yield Footer()


def main(argv: list[str]) -> None:
    if argv[:1] == ["--textarea"]:
        TextAreaApp(Path(argv[1]).read_text(encoding="utf-8")).run()
    elif argv[:1] == ["--keys"]:
        KeysApp().run()
    else:
        MinimalApp().run()


if __name__ == "__main__":
    main(sys.argv[1:])
