"""Standard output as a Rich console: styled on a terminal that shows colour, else plain text."""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Console
from rich.text import Text


def output_console() -> Console:
    """A console for standard output; with NO_COLOR, a pipe or a file it writes no escape codes."""
    console = Console(highlight=False, emoji=False, markup=False)
    if not console.is_terminal or console.no_color:
        console = Console(
            highlight=False, emoji=False, markup=False, color_system=None, width=console.width
        )
    return console


def print_lines(console: Console, lines: Iterable[Text]) -> None:
    """Print each line of text on the console; a line marked ``no_wrap`` (a command to copy) is
    printed whole, neither wrapped nor cropped, and left for the terminal to fold."""
    for line in lines:
        console.print(line, soft_wrap=line.no_wrap is True)
