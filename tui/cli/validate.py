"""``policy-annotate validate``: check annotation files against the format and their documents."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from annotations.documents.display import display_safe
from annotations.text_plural import count_of
from tui.cli.command import Command, add_document_argument
from tui.cli.problems import report


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """FILE..., --quiet and --document."""
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
    parser.add_argument("-q", "--quiet", action="store_true", help="print problems only")
    add_document_argument(parser)


def run(options: argparse.Namespace) -> int:
    """Print every problem of each file (warnings too); 1 if any file has an error."""
    from annotations.checking import validate_file
    from annotations.documents.document import Document, load_document

    document: Document | None = None
    if options.document is not None:
        document = load_document(options.document)
    failed = False
    for path in options.files:
        problems = validate_file(path, document)
        errors = [p for p in problems if p.severity == "error"]
        report(problems)
        if errors:
            failed = True
            print(display_safe(f"{path}: {count_of(len(errors), 'problem')}"), file=sys.stderr)
        elif not options.quiet:
            print(display_safe(f"{path}: valid"))
    return 1 if failed else 0


COMMAND = Command(
    name="validate",
    help="check annotation files against the format and their documents",
    description=(
        "Check annotation files against the format and against their documents, printing every "
        "problem on one line."
    ),
    add_arguments=add_arguments,
    run=run,
)
