"""``policy-annotate diff A B``: what differs between two annotation files, as text or JSON.

Imports no Textual; the text form is drawn by ``tui.cli.diff_text``.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from tui.cli.command import Command

if TYPE_CHECKING:
    from annotations.format.model import AnnotationFile


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """A.toml, B.toml, --by and --format."""
    parser.add_argument("a", type=Path, metavar="A.toml")
    parser.add_argument("b", type=Path, metavar="B.toml")
    parser.add_argument(
        "--by",
        choices=("id", "passage"),
        default="id",
        help=(
            "match annotations by id (the same file's versions; default) or by overlapping "
            "passages (two analysts' files)"
        ),
    )
    parser.add_argument("--format", choices=("text", "json"), default="text", help="default: text")


def run(options: argparse.Namespace) -> int:
    """Compare FILE A with FILE B and print the differences; 0 whatever they are."""
    from annotations.exchange.diffing import diff
    from annotations.format.reading import load_annotation_files

    a, b = (loaded.model for loaded in load_annotation_files([options.a, options.b], disk=False))
    if options.by == "passage":
        return _run_by_passage(a, b, options)
    result = diff(a, b)
    if options.format == "json":
        import json

        print(json.dumps(result.to_json(), indent=2, ensure_ascii=False))
        return 0
    from tui.cli.diff_text import render_diff
    from tui.cli.terminal import output_console, print_lines

    console = output_console()
    print_lines(console, render_diff(result, str(options.a), str(options.b), console.width))
    return 0


def _run_by_passage(a: AnnotationFile, b: AnnotationFile, options: argparse.Namespace) -> int:
    """``--by passage``: pair annotations by overlapping spans and print how their coding differs."""
    from annotations.exchange.passage_diff import diff_by_passage

    result = diff_by_passage(a, b)
    if options.format == "json":
        import json

        print(json.dumps(result.to_json(), indent=2, ensure_ascii=False))
        return 0
    from tui.cli.passage_diff_text import render_passage_diff
    from tui.cli.terminal import output_console, print_lines

    console = output_console()
    names = (str(options.a), str(options.b))
    print_lines(console, render_passage_diff(result, a, b, names, console.width))
    return 0


COMMAND = Command(
    name="diff",
    help="show what differs between two annotation files (by annotation id or by passage)",
    description=(
        "Show what differs between two annotation files: annotations only in one, annotations "
        "changed (matched by id, or with --by passage by overlapping spans), and the taxonomy."
    ),
    add_arguments=add_arguments,
    run=run,
)
