"""``policy-annotate summary``: load annotation files, build the summary, write it in a format.

No Textual here: Rich renders the terminal form.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from annotations.document import Document, load_document
from annotations.errors import AnnotationFileError, DocumentError, PolicyAnnotateError, Problem
from annotations.model import AnnotationFile
from annotations.store import atomic_write, document_path_of, read_annotation_file
from annotations.summary import SummaryFilter, build_summary
from annotations.summary_render import (
    VIEWS,
    render_console,
    render_csv,
    render_html,
    render_json,
    render_markdown,
    render_svg,
)


def load_for_summary(files: list[Path]) -> tuple[list[AnnotationFile], Document, list[Problem]]:
    """Load annotation files that must all annotate one document; returns warnings too."""
    models: list[AnnotationFile] = []
    problems: list[Problem] = []
    for path in files:
        model, found, _lines, _state = read_annotation_file(path)
        errors = [p for p in found if p.severity == "error"]
        if model is None or errors:
            problems += errors or found
            continue
        models.append(model)
    if problems:
        raise AnnotationFileError(problems)
    first = models[0]
    document_file = document_path_of(first, files[0])
    try:
        document = load_document(document_file)
    except DocumentError as error:
        raise AnnotationFileError(
            [
                Problem(
                    str(files[0]),
                    f"its document {document_file}: {error.problems[0].message}",
                    field="document.path",
                )
            ]
        ) from None
    for path, model in zip(files[1:], models[1:], strict=True):
        if model.document.sha256 != first.document.sha256:
            problems.append(
                Problem(
                    str(path),
                    f"annotates a different document (or version) than {files[0]}; summarise files of one document together",
                )
            )
    if problems:
        raise AnnotationFileError(problems)
    warnings = []
    if first.document.sha256 != document.sha256:
        warnings.append(
            Problem(
                str(files[0]),
                f"{document_file} changed since it was annotated; figures use the annotations' offsets",
                severity="warning",
            )
        )
    return models, document, warnings


def run_summary(options: argparse.Namespace) -> int:
    """Write the summary; returns the exit code."""
    output: Path | None = options.output
    fmt = options.format or (format_for(output) if output else "text")
    if options.quotes < 0:
        raise PolicyAnnotateError([Problem("--quotes", "must be 0 or more")])
    models, document, warnings = load_for_summary(options.files)
    for warning in warnings:
        print(f"policy-annotate: {warning}", file=sys.stderr)
    summary_filter = SummaryFilter(
        tuple(options.principle), tuple(options.recommendation), tuple(options.author)
    )
    names = [str(f) for f in options.files]
    views = tuple(options.by) if options.by else VIEWS
    if fmt == "csv":
        text = render_csv(zip(names, models, strict=True), summary_filter)
    else:
        summary = build_summary(
            models, document, names, summary_filter=summary_filter, quotes=options.quotes
        )
        if fmt == "json":
            text = render_json(summary)
        elif fmt == "md":
            text = render_markdown(summary, views)
        elif fmt == "html":
            text = render_html(summary, views)
        elif fmt == "svg":
            text = render_svg(summary, views)
        else:
            from rich.console import Console

            if output is None:
                render_console(summary, Console(), views)
                return 0
            import io

            buffer = io.StringIO()
            render_console(
                summary, Console(file=buffer, width=100, no_color=True, force_terminal=False), views
            )
            text = buffer.getvalue()
    if output is None:
        sys.stdout.write(text)
    else:
        atomic_write(
            output, text.encode("utf-8"), expected=None, overwrite_changed=True, backup=False
        )
        print(f"wrote {output}", file=sys.stderr)
    return 0


def format_for(output: Path) -> str:
    """The format named by an output file's extension (text if unknown)."""
    from tui.cli import SUMMARY_EXTENSIONS

    return SUMMARY_EXTENSIONS.get(output.suffix.lower(), "text")
