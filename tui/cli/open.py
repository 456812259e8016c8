"""``policy-annotate open`` (the default command): annotate a document in the app.

The only command that imports Textual, and only once the session (or the project, for a
folder) is prepared.
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
            "a document (.md, .txt, .html, .docx, .pdf), an annotation file (.toml), or a "
            "project folder (or its policy-annotate.toml: opens its document board); "
            "none: a copy of the bundled sample project, on its board"
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
    """Open the app on the document, the project's board (or the bundled sample); 2 when not
    in a terminal."""
    from annotations.projects import is_project_path
    from tui.launch import prepare_session

    if options.document is None or is_project_path(options.document):
        return _run_board(options)
    session = prepare_session(
        options.document,
        options.annotations,
        options.author,
        load_annotations=False,
        start_at=options.at,
    )
    if not _in_terminal():
        return 2
    for line in session.messages:
        print(line, file=sys.stderr)
    from tui.app import run_app  # Textual is imported here, and only here

    return run_app(session)


def _is_terminal() -> bool:
    """Whether standard input and output are a terminal."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def _in_terminal() -> bool:
    """Whether standard input and output are a terminal (else say so on stderr)."""
    if _is_terminal():
        return True
    print(
        "policy-annotate: the annotator needs a terminal (standard input and output are not "
        "one); for scripts use 'policy-annotate validate' or 'policy-annotate summary'",
        file=sys.stderr,
    )
    return False


def _run_board(options: argparse.Namespace) -> int:
    """Open the project's document board (no DOCUMENT: a copy of the bundled sample project's);
    -a and --at name one document's things: refused. The app reads the project file after its
    first frame (a broken one: its problems in the app, then on stderr, exit code 1)."""
    from tui.project_launch import request_board, request_sample_board

    for flag, value in (("-a/--annotations", options.annotations), ("--at", options.at)):
        if value is not None:
            print(
                f"policy-annotate: {options.document}: {flag} opens one document, not a project "
                "(open the document from the board)",
                file=sys.stderr,
            )
            return 2
    if options.document is None:
        start = request_sample_board(options.author)
    else:
        start = request_board(options.document, options.author)
    if not _is_terminal():
        start.load()  # the app does not start: a broken project file is still the error said
    if not _in_terminal():
        return 2
    for line in start.messages:
        print(line, file=sys.stderr)
    from tui.app import run_board_app  # Textual is imported here, and only here

    return run_board_app(start)


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
