"""The document board's table: one row per document, drawn from its ``DocumentStatus``.

The board (``screens/board.py``) says which rows to show and in what order
(``annotations.projects.board.arrange``); the table adds and removes rows to match, rather than
rebuilding them all, and keeps its columns as wide as their cells.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text
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

CHANGED_MARK = "↻"
"""After a document's name: its annotation files changed on disk since the board read them
(a teammate's, a git pull); the row was read again. The mark goes once the document is opened."""


class BoardTable(DataTable[str | Text]):
    """The board's rows, keyed by document id, in the order the board gives."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        for key, heading in COLUMNS:
            self.add_column(heading, key=key, width=cell_len(heading))

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
        cells = _cells(status, changed)
        self._fit_columns(cells)
        self.add_row(*cells, key=status.document.id)

    def update_status(self, status: DocumentStatus, changed: bool) -> None:
        """Show a document's row anew (read again), its columns widened first."""
        cells = _cells(status, changed)
        self._fit_columns(cells)
        for (column, _heading), cell in zip(COLUMNS, cells, strict=True):
            self.update_cell(status.document.id, column, cell)

    def _fit_columns(self, cells: tuple[str | Text, ...]) -> None:
        """Widen the columns to fit ``cells`` before they are added or updated.

        The columns have fixed widths kept here, not the table's automatic ones: those are
        measured when the table is next idle, and a batch of rows drawn before that kept its
        short columns on screen (the drawing is cached until the next change of the table).
        Widening first, the change that follows (a row added, a cell updated) draws anew.
        """
        columns = self.columns
        for (key, _heading), cell in zip(COLUMNS, cells, strict=True):
            column = columns[ColumnKey(key)]
            width = cell.cell_len if isinstance(cell, Text) else cell_len(cell)
            if width > column.width:
                column.width = width


def _cells(status: DocumentStatus, changed: bool = False) -> tuple[str | Text, ...]:
    """A row of the board: the document's name (marked when its files changed on disk, or have
    a problem), analyst, annotated share (a bar), number of annotations, stale marks, whether
    it was revised, and its attributes."""
    # Here, not at the top: the annotator's first frame imports every widget module, and the
    # board's rules import the project model (pydantic; tests/unit/test_import_hygiene.py).
    from annotations.projects.board import analyst_of, attributes_text, share_bar

    share = status.annotated_share
    name = Text(status.document.id)
    if changed:
        name.append(f" {CHANGED_MARK}", style="bold cyan")
    if status.problems:
        name.append(" ⚠", style="bold red")
    return (
        name,
        analyst_of(status) or "—",
        Text.assemble((share_bar(share, 6), "green"), f" {share:4.0%}"),
        Text(str(status.annotation_count), justify="right"),
        Text(str(status.stale) if status.stale else "", justify="right", style="yellow"),
        Text("revised" if status.revised else "", style="yellow"),
        Text(attributes_text(status), no_wrap=True, overflow="ellipsis"),
    )
