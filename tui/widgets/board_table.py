"""The document board's table: one row per document, drawn from its ``DocumentStatus``.

The board (``screens/board.py``) says which rows to show and in what order
(``annotations.projects.board.arrange``); the table adds and removes rows to match, rather than
rebuilding them all, and keeps its columns as wide as their cells.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Literal

from rich.cells import cell_len
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey

if TYPE_CHECKING:
    from collections.abc import Collection, Sequence

    from annotations.projects.status import DocumentStatus

COLUMNS: tuple[tuple[str, str], ...] = (
    ("name", "Document"),
    ("analyst", "Analyst"),
    ("share", "Annotated"),
    ("annotations", "Notes"),
    ("stale", "Stale"),
    ("revised", "Revised"),
    ("attributes", "Attributes"),
)
"""The board's columns (key, heading); a heading clicked sorts by its column."""

REBUILD_AFTER = 100
"""Past this many rows to remove, the table is cleared and filled again instead."""

SHARED_CELLS = 10_000
"""At most this many distinct styled cells are kept to be shared between rows."""

CHANGED_MARK = "↻"
"""After a document's name: its annotation files changed on disk since the board read them
(a teammate's, a git pull); the row was read again. The mark goes once the document is opened."""


Part = str | tuple[str, str]
"""A piece of a cell's text: plain, or (text, style)."""


class Cell:
    """A styled cell of the board, drawn as a Rich ``Text`` only when the table draws or
    measures it. Kept as one object whose parts are strings and tuples of strings (which the
    garbage collector stops tracking): a ``Text`` per cell holds two lists more, and the
    2,000 rows of a big project made 40,000 objects for each full collection to walk (a
    stall of the keys: ``benchmarks/gc_census.py``). Plain cells are ``str``. Equal cells
    (the same count, share or attributes) are one object in the table (``BoardTable``)."""

    __slots__ = ("justify", "overflow", "parts", "style")

    def __init__(
        self,
        *parts: Part,
        style: str = "",
        justify: Literal["right"] | None = None,
        overflow: Literal["ellipsis"] | None = None,
    ) -> None:
        self.parts = parts
        self.style = style
        self.justify = justify
        self.overflow = overflow

    def __rich__(self) -> Text:
        """The cell as Rich draws it."""
        text = Text.assemble(*self.parts, style=self.style, justify=self.justify)
        if self.overflow is not None:
            text.no_wrap, text.overflow = True, self.overflow
        return text

    def __str__(self) -> str:
        return "".join(part if isinstance(part, str) else part[0] for part in self.parts)

    def __bool__(self) -> bool:
        """False when empty, as a ``Text`` is (the table draws an empty cell plain)."""
        return any(part if isinstance(part, str) else part[0] for part in self.parts)

    def _key(self) -> tuple[tuple[Part, ...], str, str | None, str | None]:
        return self.parts, self.style, self.justify, self.overflow

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Cell) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    @property
    def cell_len(self) -> int:
        """Its width in terminal cells."""
        return cell_len(str(self))


class BoardTable(DataTable[str | Cell]):
    """The board's rows, keyed by document id, in the order the board gives."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # the table's own Enter (selecting the row: the board opens it), named and shown; on
        # the screen, the table's hidden one took it first, and the footer and help had no Open
        Binding("enter", "select_cursor", "Open", id="board.open"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        for key, heading in COLUMNS:
            self.add_column(heading, key=key, width=cell_len(heading))
        self._shared: dict[Cell, Cell] = {}
        """The styled cells shown, each once: rows with the same count, share or attributes
        hold the same ``Cell`` (a few hundred objects for 2,000 rows, not 6,000)."""

    def show_rows(self, rows: Sequence[DocumentStatus], changed_ids: Collection[str]) -> list[str]:
        """Show ``rows`` in this order (those in ``changed_ids`` marked); returns their ids.
        Rows are added and removed, then sorted, rather than all rebuilt: the table measures
        every cell of a new row."""
        wanted = [row.document.id for row in rows]
        shown = {str(row.key.value) for row in self.ordered_rows}
        gone = shown - set(wanted)
        if len(gone) > REBUILD_AFTER:
            self.clear()  # removing a row costs as much as all the rows: rebuild
            shown = set()
        else:
            for document_id in gone:
                self.remove_row(document_id)
        for row in rows:
            if row.document.id not in shown:
                self.add_status(row, row.document.id in changed_ids)
        if [str(row.key.value) for row in self.ordered_rows] != wanted:
            position = {document_id: index for index, document_id in enumerate(wanted)}
            self.sort("name", key=lambda name: position[str(name).split(" ")[0]])
        return wanted

    def add_status(self, status: DocumentStatus, changed: bool) -> None:
        """Add a document's row, its columns widened first to fit its cells."""
        cells = self._shared_cells(status, changed)
        self._fit_columns(cells)
        self.add_row(*cells, key=status.document.id)

    def update_status(self, status: DocumentStatus, changed: bool) -> None:
        """Show a document's row anew (read again), its columns widened first."""
        cells = self._shared_cells(status, changed)
        self._fit_columns(cells)
        for (column, _heading), cell in zip(COLUMNS, cells, strict=True):
            self.update_cell(status.document.id, column, cell)

    def _shared_cells(self, status: DocumentStatus, changed: bool) -> tuple[str | Cell, ...]:
        """The row's cells, each styled one the table already holds if an equal one."""
        shared = self._shared
        if len(shared) > SHARED_CELLS:
            shared.clear()
        return tuple(
            shared.setdefault(cell, cell) if isinstance(cell, Cell) else cell
            for cell in _cells(status, changed)
        )

    def _fit_columns(self, cells: tuple[str | Cell, ...]) -> None:
        """Widen the columns to fit ``cells`` before they are added or updated.

        The columns have fixed widths kept here, not the table's automatic ones: those are
        measured when the table is next idle, and a batch of rows drawn before that kept its
        short columns on screen (the drawing is cached until the next change of the table).
        Widening first, the change that follows (a row added, a cell updated) draws anew.
        """
        columns = self.columns
        for (key, _heading), cell in zip(COLUMNS, cells, strict=True):
            column = columns[ColumnKey(key)]
            width = cell.cell_len if isinstance(cell, Cell) else cell_len(cell)
            if width > column.width:
                column.width = width


def _cells(status: DocumentStatus, changed: bool = False) -> tuple[str | Cell, ...]:
    """A row of the board: the document's name (marked when its files changed on disk, or have
    a problem), analyst, annotated share (a bar), number of annotations, stale marks, whether
    it was revised, and its attributes. A document's name without marks, unique to its row,
    is a ``str`` (ids hold no markup: ``[A-Za-z0-9._-]``), as is an empty cell (the table
    draws an empty cell plain); the others are ``Cell``s, shared between rows by the table.
    (The analyst's name is a ``Cell`` too: the table makes a ``Text`` of a ``str`` cell for
    each row it draws or measures, and keeps those of the last thousand rows.)"""
    # Here, not at the top: the annotator's first frame imports every widget module, and the
    # board's rules import the project model (pydantic; tests/unit/test_import_hygiene.py).
    from annotations.projects.board import analyst_of, attributes_text, share_bar

    share = status.annotated_share
    marks: list[Part] = []
    if changed:
        marks.append((f" {CHANGED_MARK}", "bold cyan"))
    if status.problems:
        marks.append((" ⚠", "bold red"))
    return (
        Cell(status.document.id, *marks) if marks else status.document.id,
        Cell(analyst_of(status) or "—"),
        Cell((share_bar(share, 6), "green"), f" {share:4.0%}"),
        Cell(str(status.annotation_count), justify="right"),
        Cell(str(status.stale), justify="right", style="yellow") if status.stale else "",
        Cell("revised", style="yellow") if status.revised else "",
        Cell(attributes_text(status), overflow="ellipsis"),
    )
