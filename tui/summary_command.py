"""``policy-annotate summary``: load annotation files, build the summary, write it in a format.

No Textual here: Rich renders the terminal form.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from annotations.checking import check_against_document
from annotations.documents.document import Document, load_document
from annotations.errors import AnnotationFileError, DocumentError, PolicyAnnotateError, Problem
from annotations.format.model import AnnotationFile
from annotations.format.reading import document_path_of, read_annotation_file
from annotations.format.tomlfile import LineMap
from annotations.session.files import atomic_write
from annotations.summaries.render import VIEWS, render_console, render_text
from annotations.summaries.summary import SummaryFilter, build_summary

FILE_WIDTH = 100  # columns of the text form written to a file (-o summary.txt)


def load_for_summary(files: list[Path]) -> tuple[list[AnnotationFile], Document, list[Problem]]:
    """Load annotation files that must all annotate one document; returns warnings too.

    Raises AnnotationFileError (every problem, one line each) when a file cannot be read or fails
    validation, when the document is missing, or when the files annotate different documents.
    """
    models: list[AnnotationFile] = []
    line_maps: list[LineMap | None] = []
    problems: list[Problem] = []
    for path in files:
        model, found, lines, _state = read_annotation_file(path)
        errors = [p for p in found if p.severity == "error"]
        if model is None or errors:
            problems += errors or found
            continue
        models.append(model)
        line_maps.append(lines)
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
    if first.document.sha256 == document.sha256:
        # The document is the one annotated: every offset and quote must fit it, as validate checks.
        for path, model, lines in zip(files, models, line_maps, strict=True):
            problems += [
                p
                for p in check_against_document(model, document, str(path), lines)
                if p.severity == "error"
            ]
        if problems:
            raise AnnotationFileError(problems)
    else:
        unfit = sum(
            1
            for model in models
            for a in model.annotations
            if document.text[a.start : a.end] != a.quote
        )
        detail = f"; {unfit} annotation(s) no longer match it" if unfit else ""
        warnings.append(
            Problem(
                str(files[0]),
                f"{document_file} changed since it was annotated; figures use the annotations' offsets{detail}",
                severity="warning",
            )
        )
    return models, document, warnings


def _check_filters(models: list[AnnotationFile], options: argparse.Namespace) -> None:
    """An id given to --principle or --recommendation that no taxonomy has is a typo: say so."""
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


def _refuse_overwriting_inputs(output: Path, inputs: list[Path]) -> None:
    """-o naming an annotation file or the document would destroy it: refuse."""
    target = output.resolve()
    for path in inputs:
        same = target == path.resolve()
        if not same and output.exists() and path.exists():
            same = os.path.samefile(output, path)
        if same:
            raise PolicyAnnotateError(
                [Problem(str(output), f"is an input ({path}); write the summary to another file")]
            )


def run_summary(options: argparse.Namespace) -> int:
    """Write the summary; returns the exit code."""
    output: Path | None = options.output
    fmt = options.format or (format_for(output) if output else "text")
    if options.quotes < 0:
        raise PolicyAnnotateError([Problem("--quotes", "must be 0 or more")])
    models, document, warnings = load_for_summary(options.files)
    if output is not None:
        inputs = list(options.files)
        if document.path is not None:
            inputs.append(document.path)
        _refuse_overwriting_inputs(output, inputs)
    _check_filters(models, options)
    for warning in warnings:
        print(f"policy-annotate: {warning}", file=sys.stderr)
    summary_filter = SummaryFilter(
        tuple(options.principle), tuple(options.recommendation), tuple(options.author)
    )
    names = [str(f) for f in options.files]
    views = tuple(options.by) if options.by else VIEWS
    if fmt in {"csv", "json", "md", "html", "svg"}:
        from annotations.summaries.formats import (
            render_csv,
            render_html,
            render_json,
            render_markdown,
            render_svg,
        )
    if fmt == "csv":
        text = render_csv(zip(names, models, strict=True), summary_filter, document=document)
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
        elif output is not None:
            text = render_text(summary, FILE_WIDTH, views)
        else:
            from rich.console import Console

            console = Console()
            if console.is_terminal and not console.no_color:
                render_console(summary, console, views)
                return 0
            # NO_COLOR, a pipe or a file: plain text, no escape sequences at all (bold included)
            text = render_text(summary, console.width, views)
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
