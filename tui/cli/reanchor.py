"""``policy-annotate reanchor``: relocate annotations after the document was revised.

Imports no Textual: it runs the core's re-anchoring and writes the file atomically.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from annotations.documents.display import display_safe
from tui.cli.command import Command

if TYPE_CHECKING:
    from annotations.exchange.reanchoring import Outcome, ReanchorResult

EXCERPT_LENGTH = 60


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """FILE.toml, --document NEW and -o OUT."""
    parser.add_argument("file", type=Path, metavar="FILE.toml")
    parser.add_argument(
        "--document",
        type=Path,
        metavar="NEW",
        help="the revised document (default: the one the file names); [document].path is updated",
    )
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="OUT",
        help="write here (default: over FILE, the previous version kept as FILE.bak)",
    )


def run(options: argparse.Namespace) -> int:
    """Re-anchor FILE against its document (or --document NEW) and write it (or -o OUT)."""
    from annotations.checking import load_document_of
    from annotations.documents.document import load_document
    from annotations.exchange.reanchoring import reanchor
    from annotations.format.reading import document_path_of, load_annotation_file
    from annotations.format.tomlfile import iter_annotation_text
    from annotations.session.files import atomic_write, relative_document_path

    path: Path = options.file
    output: Path = options.output or path
    in_place = output.resolve() == path.resolve()
    loaded = load_annotation_file(path, check_document_path=options.document is None)
    model = loaded.model
    document_file: Path = options.document or document_path_of(model, path)
    if not in_place:
        from tui.cli.outputs import refuse_overwriting_inputs

        refuse_overwriting_inputs(output, [document_file])
    document = load_document(document_file) if options.document else load_document_of(model, path)
    if options.document is not None:
        model.document.path = relative_document_path(document_file, output)
    elif not in_place:
        model.document.path = relative_document_path(document_path_of(model, path), output)
    result = reanchor(model, document)
    if in_place:
        expected = loaded.disk
    else:  # an existing OUT is replaced (kept as OUT.bak), not refused
        from tui.cli.outputs import replaced_state

        expected = replaced_state(output)
    pieces = (piece.encode("utf-8") for piece in iter_annotation_text(model))
    atomic_write(output, pieces, expected=expected)
    if options.document is not None or not in_place:
        from tui.cli.outputs import warn_if_document_out_of_reach

        warn_if_document_out_of_reach(model, output)
    _print_result(result, output)
    return 0


def _print_result(result: ReanchorResult, output: Path) -> None:
    from annotations.exchange.reanchoring import AnchorClass

    counts = result.counts
    summary = ", ".join(f"{counts[kind]} {kind.value}" for kind in AnchorClass)
    print(f"{display_safe(str(output))}: {summary}")
    for kind in (AnchorClass.FUZZY, AnchorClass.ORPHANED):
        for outcome in result.of(kind):
            print(f"  {kind.value}: {_describe(outcome)}")
    for lost in result.lost_recommendations:
        print(
            f"  recommendation {display_safe(lost.recommendation_id)}: title not found; "
            f"span {lost.old_start}-{lost.old_end} left as it was"
        )


def _describe(outcome: Outcome) -> str:
    from annotations.exchange.reanchoring import AnchorClass

    quote = " ".join(outcome.old_quote.split())
    if len(quote) > EXCERPT_LENGTH:
        quote = quote[: EXCERPT_LENGTH - 1] + "…"
    where = f"{outcome.old_start}-{outcome.old_end}"
    if outcome.kind == AnchorClass.FUZZY:
        where += f" -> {outcome.new_start}-{outcome.new_end} (score {outcome.score or 0:.2f})"
    return f"{display_safe(outcome.annotation_id)} at {where}: “{display_safe(quote)}”"


COMMAND = Command(
    name="reanchor",
    help="relocate annotations after their document was revised (exact, moved, fuzzy, orphaned)",
    description=(
        "Relocate annotations after their document was revised: each is found again exactly, "
        "moved, fuzzily, or kept as orphaned."
    ),
    add_arguments=add_arguments,
    run=run,
)
