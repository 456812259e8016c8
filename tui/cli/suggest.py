"""``policy-annotate suggest``: the passages of a document, or of a project, most likely to speak
to a tag.

No Textual here. The ranking is ``annotations.suggesting``'s (numpy, the ``suggest`` extra,
imported only when the command runs); this module loads the file, checks the tag and prints
(a project folder: ``suggest_project``); ``suggest_text`` prints.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from tui.cli.command import Command
from tui.cli.suggest_text import FORMATS, Row, missing_extra, print_rows, unknown_tag

if TYPE_CHECKING:
    from annotations.documents.document import Document
    from annotations.suggesting import Suggestion


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """FILE|DIR, --tag, --top, --format."""
    parser.add_argument(
        "file",
        type=Path,
        metavar="FILE|DIR",
        help="an annotation file (.toml), or a project folder (or its policy-annotate.toml): "
        "the best passages across the project's documents",
    )
    parser.add_argument(
        "--tag",
        required=True,
        metavar="ID",
        help="a recommendation id (R4) or principle id (collaboration) of the file's taxonomy "
        "or the project's codebook",
    )
    parser.add_argument(
        "--top", type=int, default=10, metavar="N", help="how many passages (default 10)"
    )
    parser.add_argument("--format", choices=FORMATS, default="text", help="default: text")


def run(options: argparse.Namespace) -> int:
    """Print the ranked passages; returns the exit code."""
    from annotations.errors import PolicyAnnotateError, Problem
    from annotations.projects import is_project_path

    if options.top < 1:
        raise PolicyAnnotateError([Problem("--top", "must be 1 or more")])
    if is_project_path(options.file):
        from tui.cli import suggest_project

        return suggest_project.run(options)
    from annotations.summaries.loading import load_for_summary
    from tui.cli.problems import report

    models, document, warnings = load_for_summary([options.file])
    report(warnings)
    model = models[0]
    try:
        from annotations.suggesting import find_tag, suggest
        from annotations.suggesting.index import SentenceIndex
    except ImportError as error:
        raise missing_extra(str(options.file), error) from None
    kind = find_tag(model, options.tag)
    if kind is None:
        ids = [r.id for r in model.taxonomy.recommendations] + [
            p.id for p in model.taxonomy.principles
        ]
        raise unknown_tag(str(options.file), options.tag, ids)
    suggestions = suggest(SentenceIndex(document), model, options.tag, top=options.top)
    rows = [_row(document, s) for s in suggestions]
    head = {"file": str(options.file), "tag": options.tag, "kind": kind}
    print_rows(options.format, head, model_title(model, options.tag), rows)
    return 0


def model_title(model: object, tag: str) -> str:
    """The tag's title (recommendation) or label (principle)."""
    from annotations.format.model import AnnotationFile

    assert isinstance(model, AnnotationFile)
    recommendation = model.recommendation(tag)
    if recommendation is not None:
        return recommendation.title
    principle = model.principle(tag)
    return principle.label if principle is not None else tag


def _row(document: Document, s: Suggestion) -> Row:
    line = document.text.count("\n", 0, s.start) + 1
    return Row(s.start, s.end, line, s.score, document.text[s.start : s.end], s.reasons)


COMMAND = Command(
    name="suggest",
    help="rank the passages of a document (or of a project's documents) most likely to "
    "speak to a tag",
    description=(
        "Rank the sentences of an annotation file's document, or of every document of a "
        "project folder (the tag from its codebook, every analyst's tagged and rejected "
        "passages as examples), by how likely they speak to a recommendation or principle, "
        "with the words that matched."
    ),
    add_arguments=add_arguments,
    run=run,
)
