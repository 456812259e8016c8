"""``policy-annotate project add-csv``: one document per row of a CSV of responses."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from annotations.documents.display import display_safe
from annotations.text_plural import count_of
from tui.cli.command import Command
from tui.cli.project_add import add_attr_argument


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """DIR, FILE.csv, --id-column, --text-column..., --attr-column... and --attr."""
    parser.epilog = "Exit status: 0 every row was added, 1 some rows were skipped (each named by its line on standard error) or the file or project cannot be read, 2 a usage error."
    parser.add_argument("folder", type=Path, metavar="DIR")
    parser.add_argument("file", type=Path, metavar="FILE.csv")
    parser.add_argument(
        "--id-column", required=True, metavar="C", help="the column naming each response"
    )
    parser.add_argument(
        "--text-column",
        action="append",
        required=True,
        metavar="C",
        help="a column of text (repeat: several become sections headed by the column's name)",
    )
    parser.add_argument(
        "--attr-column",
        action="append",
        default=[],
        metavar="C",
        help="a column whose value becomes an attribute of the document (repeat for more)",
    )
    add_attr_argument(parser)


def run(options: argparse.Namespace) -> int:
    """Add a document per row (0), or skip the bad rows and say so (1)."""
    from annotations.projects.adding import add_documents
    from annotations.projects.csv_rows import read_csv_rows
    from annotations.projects.project import load_project
    from tui.cli.problems import report
    from tui.cli.project_add import parse_attributes, progress_reporter

    attributes = parse_attributes(options.attr)
    project = load_project(options.folder)
    rows = read_csv_rows(
        options.file, options.id_column, options.text_column, options.attr_column, attributes
    )
    report(rows.skipped)
    with progress_reporter(len(rows.sources)) as on_done:
        results = add_documents(project, rows.sources, on_done=on_done)
    added = [r for r in results if r.document is not None]
    if added:
        project.save()
    skipped = len(results) - len(added) + len(rows.skipped)
    print(
        display_safe(
            f"added {count_of(len(added), 'document')} from {options.file} to {project.path}"
            + (f"; {count_of(skipped, 'row')} skipped" if skipped else "")
        ),
        file=sys.stdout,
    )
    return 1 if skipped else 0


COMMAND = Command(
    name="add-csv",
    help="add one document per row of a CSV of responses; exit 1 if any row was skipped",
    description=(
        "Add one document per row of a CSV of responses, its text columns as sections and the "
        "chosen columns as attributes."
    ),
    add_arguments=add_arguments,
    run=run,
)
