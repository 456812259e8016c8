"""The board's styled cells (``board_table.Cell``) draw as the Rich ``Text`` they stand for:
the board looks the same while holding one object per cell instead of three."""

from __future__ import annotations

from io import StringIO

import pytest
from rich.console import Console
from rich.padding import Padding
from rich.text import Text

from tui.widgets.board_table import Cell

CASES = [
    (
        Cell("r00042", (" ↻", "bold cyan"), (" ⚠", "bold red")),
        Text.assemble("r00042", (" ↻", "bold cyan"), (" ⚠", "bold red")),
    ),
    (Cell(("███▍  ", "green"), "  57%"), Text.assemble(("███▍  ", "green"), "  57%")),
    (Cell("1234", justify="right"), Text("1234", justify="right")),
    (Cell("3", justify="right", style="yellow"), Text("3", justify="right", style="yellow")),
    (Cell("revised", style="yellow"), Text("revised", style="yellow")),
    (
        Cell("council, north, a far longer value", overflow="ellipsis"),
        Text("council, north, a far longer value", no_wrap=True, overflow="ellipsis"),
    ),
]


def drawn(renderable: Cell | Text, width: int) -> str:
    """``renderable`` in a cell ``width`` wide (padded as the table pads), with its styles."""
    console = Console(file=StringIO(), width=80, force_terminal=True, color_system="truecolor")
    options = console.options.update_dimensions(width, 1).update(no_wrap=True)
    lines = console.render_lines(Padding(renderable, (0, 1)), options)
    return repr(lines)


@pytest.mark.parametrize(("cell", "text"), CASES)
@pytest.mark.parametrize("width", [4, 12, 40])
def test_a_cell_draws_as_its_text(cell: Cell, text: Text, width: int) -> None:
    """At any width, narrower than the cell too, the segments and styles are the same."""
    assert drawn(cell, width) == drawn(text, width)
    assert str(cell) == text.plain
    assert cell.cell_len == text.cell_len


def test_an_empty_cell_is_false_as_an_empty_text_is() -> None:
    """The table draws an empty cell plain (it replaces a false one), so an empty styled cell
    must be false as an empty ``Text`` is."""
    assert not Cell("", style="yellow", justify="right")
    assert not Cell(("", "green"))
    assert Cell("0", justify="right")


def test_equal_cells_are_one_key() -> None:
    """Cells with the same parts, style, justification and overflow are equal (the table keeps
    one of them for every row that shows it); any difference makes another cell."""
    shared = {Cell("12", justify="right"): "kept"}
    assert shared[Cell("12", justify="right")] == "kept"
    assert Cell("12", justify="right") != Cell("12")
    assert Cell(("█", "green"), " 5%") != Cell(("█", "yellow"), " 5%")
    assert Cell("a", overflow="ellipsis") != Cell("a")
