"""``policy-annotate agreement A B ...``: inter-annotator agreement, as text or JSON.

Imports no Textual; the text form is drawn by ``tui.cli.agreement_text``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from annotations.documents.display import display_safe
from tui.cli.command import Command, add_document_argument
from tui.cli.problems import UsageError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """FILE..., --unit, --format, --document and --no-cache."""
    parser.add_argument(
        "files",
        nargs="+",
        type=Path,
        metavar="FILE",
        help="two or more annotation files of the same document (one per analyst), or one "
        "project folder (each pair of analysts over every document both coded)",
    )
    parser.add_argument(
        "--unit",
        choices=("sentence", "paragraph"),
        default="sentence",
        help="the unit compared (default: sentence)",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text", help="default: text")
    add_document_argument(parser)
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="for a project folder: read every file, neither using nor updating the project cache",
    )


def run(options: argparse.Namespace) -> int:
    """Load the files and their document, compute the agreement and print it; 0 on success."""
    if len(options.files) == 1 and options.files[0].is_dir():
        from tui.cli import project_agreement

        return project_agreement.run(options)
    if len(options.files) < 2:
        raise UsageError("agreement needs at least two annotation files")
    given: dict[Path, Path] = {}
    for path in options.files:
        first = given.setdefault(path.resolve(), path)
        if first is not path:
            raise UsageError(
                f"agreement: {display_safe(str(path))} is {display_safe(str(first))} given twice; "
                "each file is one analyst's"
            )
    from annotations.checking import load_document_of
    from annotations.documents.document import load_document
    from annotations.errors import AnnotationFileError, Problem
    from annotations.exchange.agreement import check_same_document, coded_file, compute_agreement
    from annotations.format.reading import document_path_of, load_annotation_files

    named: Path | None = options.document
    loaded = load_annotation_files(options.files, disk=False, check_document_path=named is None)
    models = [each.model for each in loaded]
    names = [str(path) for path in options.files]
    coded = [coded_file(model) for model in models]
    check_same_document(coded, names)
    document_file = named or document_path_of(models[0], options.files[0])
    document = load_document(named) if named else load_document_of(models[0], options.files[0])
    if document.sha256 != models[0].document.sha256:
        raise AnnotationFileError(
            [
                Problem(
                    names[0],
                    f"its document {document_file} has changed "
                    "since it was annotated; re-anchor first ('policy-annotate reanchor FILE')",
                )
            ]
        )
    report = compute_agreement(document, coded, names, options.unit)
    if options.format == "json":
        import json

        print(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
        return 0
    from tui.cli.agreement_text import render_agreement
    from tui.cli.terminal import output_console, print_lines

    console = output_console()
    print_lines(console, render_agreement(report, console.width))
    return 0


COMMAND = Command(
    name="agreement",
    help="inter-annotator agreement (percent, Cohen's kappa, Krippendorff's alpha) per tag",
    description=(
        "Measure how far analysts agree on each tag of the same document, or of every document "
        "of a project pair by pair: percent agreement, Cohen's kappa and Krippendorff's alpha."
    ),
    add_arguments=add_arguments,
    run=run,
)
