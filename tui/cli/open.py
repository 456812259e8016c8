"""``policy-annotate open`` (the default command): annotate a document in the app.

The only command that imports Textual, and only once the session is prepared.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tui.cli.command import Command


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """DOCUMENT, -a FILE, --at OFFSET and --author."""
    parser.add_argument(
        "document",
        nargs="?",
        type=Path,
        metavar="DOCUMENT",
        help=(
            "a document (.md, .txt, .html, .docx, .pdf) or an annotation file (.toml); "
            "none: the bundled sample"
        ),
    )
    parser.add_argument(
        "-a",
        "--annotations",
        type=Path,
        metavar="FILE",
        help="the annotation file (default: NAME.annotations.toml beside the document)",
    )
    parser.add_argument(
        "--at",
        type=int,
        metavar="OFFSET",
        help="start with the cursor at this offset of the document (as agreement prints them)",
    )
    parser.add_argument(
        "--author",
        metavar="NAME",
        help=(
            "your name on new annotations (default: $POLICY_ANNOTATE_AUTHOR, the name given "
            "once and remembered, the file's only author, else asked at the first edit)"
        ),
    )


def run(options: argparse.Namespace) -> int:
    """Open the app on the document (or the bundled sample); 2 when not in a terminal."""
    from tui.launch import prepare_session

    session = prepare_session(
        options.document,
        options.annotations,
        options.author,
        load_annotations=False,
        start_at=options.at,
    )
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        print(
            "policy-annotate: the annotator needs a terminal (standard input and output are not "
            "one); for scripts use 'policy-annotate validate' or 'policy-annotate summary'",
            file=sys.stderr,
        )
        return 2
    for line in session.messages:
        print(line, file=sys.stderr)
    from tui.app import run_app  # Textual is imported here, and only here

    return run_app(session)


COMMAND = Command(
    name="open",
    help="annotate a document in the app (the default command)",
    description=(
        "Annotate a document in the app, with its annotation file beside it; this is the default "
        "command."
    ),
    add_arguments=add_arguments,
    run=run,
)
