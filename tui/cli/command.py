"""A subcommand of ``policy-annotate``: its name, its help, its arguments and what runs it."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple


class Command(NamedTuple):
    """One subcommand, as its module declares it; the parser is built from a table of these.

    ``run`` returns the exit code (0 ok, 1 a problem with the input, 2 a usage error) and imports
    what it needs when it is called, so that building the parser stays cheap.
    """

    name: str
    help: str
    """The line in ``policy-annotate --help``'s list of commands."""
    description: str
    """The start of ``policy-annotate NAME --help``: one sentence saying what the command does."""
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


def add_document_argument(parser: argparse.ArgumentParser) -> None:
    """``--document DOC``: the document, named explicitly instead of the file's ``[document].path``
    (which may then be anywhere: see ``annotations.format.document_path``)."""
    parser.add_argument(
        "--document",
        type=Path,
        metavar="DOC",
        help=(
            "the document to use instead of the one the annotation file names "
            "(which must lie in the file's folder tree)"
        ),
    )
