"""``policy-annotate summary``: load annotation files, build the summary, write it in a format.

No Textual here: Rich renders the terminal form. The formats are ``annotations.summaries.registry``'s.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from annotations.documents.display import display_safe, utf8_name
from annotations.summaries.registry import DEFAULT_FORMAT, SUMMARY_FORMATS
from tui.cli.command import Command, add_document_argument

if TYPE_CHECKING:
    from annotations.format.model import AnnotationFile

FILE_WIDTH = 100  # columns of the text form written to a file (-o summary.txt)
VIEW_CHOICES = ("principle", "recommendation", "section", "author")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """FILE..., --format, -o OUT, the views and the filters."""
    parser.add_argument(
        "files",
        nargs="+",
        type=Path,
        metavar="FILE",
        help="annotation files of the same document (one per analyst, say), or one project "
        "folder (a cross-document summary, in any of the formats)",
    )
    parser.add_argument(
        "--format",
        choices=[entry.name for entry in SUMMARY_FORMATS],
        help=f"default: from the extension of -o, else {DEFAULT_FORMAT}",
    )
    parser.add_argument(
        "-o", "--output", type=Path, metavar="OUT", help="write to OUT instead of standard output"
    )
    parser.add_argument(
        "--force", action="store_true", help="replace an existing OUT (kept as OUT.bak)"
    )
    add_document_argument(parser)
    parser.add_argument(
        "--by",
        action="append",
        metavar="|".join(VIEW_CHOICES),
        help="show only these views (repeatable; default: all); for a project folder, "
        "attr:KEY breaks the stance counts down by the attribute KEY",
    )
    parser.add_argument(
        "--attr",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="for a project folder: only documents with this attribute value (repeatable)",
    )
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="for a project folder: read every file, neither using nor updating the project cache",
    )
    parser.add_argument(
        "--principle",
        action="append",
        default=[],
        metavar="ID",
        help="only annotations with this principle (repeatable)",
    )
    parser.add_argument(
        "--recommendation",
        action="append",
        default=[],
        metavar="ID",
        help="only annotations with this recommendation (repeatable)",
    )
    parser.add_argument(
        "--author",
        action="append",
        default=[],
        metavar="NAME",
        help="only annotations by this analyst (repeatable)",
    )
    parser.add_argument(
        "--quotes",
        type=int,
        default=3,
        metavar="N",
        help="quotes shown per recommendation (default 3)",
    )


def _check_filters(models: list[AnnotationFile], options: argparse.Namespace) -> None:
    """An id given to --principle or --recommendation that no taxonomy has is a typo: say so."""
    from annotations.errors import PolicyAnnotateError, Problem

    known_principles = {p.id for m in models for p in m.taxonomy.principles}
    known_recommendations = {r.id for m in models for r in m.taxonomy.recommendations}
    problems = []
    for option, given, known, kind in (
        ("--principle", options.principle, known_principles, "principle"),
        ("--recommendation", options.recommendation, known_recommendations, "recommendation"),
    ):
        for tag in given:
            if tag not in known:
                choices = ", ".join(sorted(known)) or "none"
                problems.append(
                    Problem(option, f"no {kind} {tag!r} in the taxonomy (ids: {choices})")
                )
    if problems:
        raise PolicyAnnotateError(problems)


def run(options: argparse.Namespace) -> int:
    """Write the summary to standard output or -o OUT; returns the exit code."""
    from annotations.errors import PolicyAnnotateError, Problem
    from annotations.summaries.loading import load_for_summary
    from annotations.summaries.registry import (
        SummaryRequest,
        summary_format,
        summary_format_for,
    )
    from annotations.summaries.render import VIEWS
    from annotations.summaries.summary import SummaryFilter
    from tui.cli.outputs import refuse_existing, refuse_overwriting_inputs

    if len(options.files) == 1 and options.files[0].is_dir():
        from tui.cli import project_summary

        return project_summary.run(options)
    for view in options.by or []:
        if view not in VIEW_CHOICES:
            from tui.cli.problems import UsageError

            raise UsageError(f"--by {view}: expected one of {', '.join(VIEW_CHOICES)}")
    output: Path | None = options.output
    if options.format is not None:
        fmt = summary_format(options.format)
    else:
        fmt = summary_format_for(output) if output else summary_format(DEFAULT_FORMAT)
    if options.quotes < 0:
        raise PolicyAnnotateError([Problem("--quotes", "must be 0 or more")])
    models, document, warnings = load_for_summary(options.files, options.document)
    if output is not None:
        inputs = list(options.files)
        if document.path is not None:
            inputs.append(document.path)
        refuse_overwriting_inputs(output, inputs, "write the summary to another file")
        refuse_existing(output, options.force)
    _check_filters(models, options)
    for warning in warnings:
        print(f"policy-annotate: {warning}", file=sys.stderr)
    request = SummaryRequest(
        names=[utf8_name(f) for f in options.files],
        models=models,
        document=document,
        keep=SummaryFilter(
            tuple(options.principle), tuple(options.recommendation), tuple(options.author)
        ),
        views=tuple(options.by) if options.by else VIEWS,
        quotes=options.quotes,
        width=FILE_WIDTH,
    )
    if output is None and fmt.show is not None:
        from rich.console import Console

        console = Console()
        if console.is_terminal and not console.no_color:
            fmt.show(request, console)
            return 0
        # NO_COLOR, a pipe or a file: plain text, no escape sequences at all (bold included)
        request = request._replace(width=console.width)
    text = fmt.write(request)
    if output is None:
        sys.stdout.write(text)
    else:
        from annotations.session.files import atomic_write

        # with --force an existing OUT is replaced and kept as OUT.bak
        atomic_write(
            output, text.encode("utf-8"), expected=None, overwrite_changed=True, backup=True
        )
        print(display_safe(f"wrote {output}"), file=sys.stderr)
    return 0


COMMAND = Command(
    name="summary",
    help="summarise annotation files (coverage of principles and recommendations), or a "
    "project across its documents",
    description=(
        "Summarise annotation files of one document (how well each principle is covered, which "
        "recommendations draw support or caution), or a project folder across its documents."
    ),
    add_arguments=add_arguments,
    run=run,
)
