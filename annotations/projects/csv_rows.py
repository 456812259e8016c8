"""Documents from a CSV of responses, one per row, as consultation platforms export them.

The id column names each document; the text columns become its text (one column: its text
under a title; several: a section per column, headed by the column's name); the attribute
columns become its attributes. The file must be UTF-8 (a BOM is allowed). Problems name the file
and the line: a missing column or an undecodable file stops everything (nothing is added); a row
without an id or without any text is skipped with its own line.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from annotations.errors import PolicyAnnotateError, Problem
from annotations.projects.adding import Source
from annotations.regular_files import read_regular_file


@dataclass(frozen=True, slots=True)
class CsvRows:
    """The rows of a CSV turned into sources to add, and the rows skipped (one problem each)."""

    sources: list[Source]
    skipped: list[Problem]


def _decoded(path: Path) -> str:
    """The CSV's text; raises PolicyAnnotateError naming the line of the first bad byte."""
    name = str(path)
    try:
        data = read_regular_file(path)
    except FileNotFoundError:
        raise PolicyAnnotateError([Problem(name, "no such file")]) from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise PolicyAnnotateError([Problem(name, f"cannot be read ({reason})")]) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        message = (
            f"not UTF-8 (byte {error.start}); save the spreadsheet as 'CSV UTF-8' and try again"
        )
        raise PolicyAnnotateError([Problem(name, message, line)]) from None


def row_text(title: str, sections: Sequence[tuple[str, str]], *, headed: bool) -> str:
    """A row's document: a ``#`` title, then its text, each under a ``##`` heading if
    ``headed`` (when several text columns were chosen)."""
    parts = [f"# {title}"]
    for heading, text in sections:
        if headed:
            parts.append(f"## {heading}")
        parts.append(text)
    return "\n\n".join(parts) + "\n"


def read_csv_rows(
    path: Path,
    id_column: str,
    text_columns: Sequence[str],
    attribute_columns: Sequence[str] = (),
    attributes: dict[str, str] | None = None,
) -> CsvRows:
    """The documents of ``path``'s rows. Raises PolicyAnnotateError (one line) for a file that
    cannot be read, is not UTF-8, has no header or lacks a column asked for."""
    name = str(path)
    reader = csv.reader(io.StringIO(_decoded(path), newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise PolicyAnnotateError([Problem(name, "is empty (no header row)")]) from None
    except csv.Error as error:
        raise PolicyAnnotateError([Problem(name, f"not a valid CSV: {error}", 1)]) from None
    columns = [column.strip() for column in header]
    wanted = [id_column, *text_columns, *attribute_columns]
    missing = [column for column in dict.fromkeys(wanted) if column not in columns]
    if missing:
        names = ", ".join(repr(column) for column in missing)
        present = ", ".join(repr(column) for column in columns)
        noun = "column" if len(missing) == 1 else "columns"
        raise PolicyAnnotateError(
            [Problem(name, f"no {noun} {names} in the header (it has {present})", 1)]
        )
    index = {column: columns.index(column) for column in wanted}
    sources: list[Source] = []
    skipped: list[Problem] = []
    line = 1
    while True:
        start_line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            skipped.append(Problem(name, f"not a valid CSV row ({error}); skipped", start_line))
            break
        line = start_line
        if not any(cell.strip() for cell in row):
            if row:
                skipped.append(Problem(name, "an empty row; skipped", line))
            continue

        def cell(column: str, row: list[str] = row) -> str:
            position = index[column]
            value = row[position] if position < len(row) else ""
            return value.replace("\r\n", "\n").replace("\r", "\n").strip()

        identifier = cell(id_column)
        if not identifier:
            skipped.append(Problem(name, f"no value in the id column {id_column!r}; skipped", line))
            continue
        sections = [(column, cell(column)) for column in text_columns if cell(column)]
        if not sections:
            columns_named = ", ".join(repr(c) for c in text_columns)
            message = f"row {identifier!r} has no text in {columns_named}; skipped"
            skipped.append(Problem(name, message, line))
            continue
        row_attributes = dict(attributes or {})
        row_attributes.update(
            {column: cell(column) for column in attribute_columns if cell(column)}
        )
        sources.append(
            Source(
                name=f"{name}:{line}",
                stem=identifier,
                suffix=".md",
                data=row_text(identifier, sections, headed=len(text_columns) > 1).encode("utf-8"),
                attributes=row_attributes,
            )
        )
    return CsvRows(sources, skipped)
