"""``policy-annotate init``: a new annotation file for a document."""

from __future__ import annotations

import argparse
from pathlib import Path

from annotations.text_plural import count_of
from tui.cli.command import Command


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """DOCUMENT, -o FILE, --force and --no-detect."""
    parser.add_argument("document", type=Path, metavar="DOCUMENT")
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE",
        help="default: NAME.annotations.toml beside the document",
    )
    parser.add_argument(
        "--force", action="store_true", help="replace an existing file (kept as FILE.bak)"
    )
    parser.add_argument(
        "--no-detect",
        dest="detect",
        action="store_false",
        help="do not seed the recommendations with those detected in the document",
    )


def run(options: argparse.Namespace) -> int:
    """Create the file (refusing an existing one unless --force) and say what it holds."""
    from annotations.documents.document import load_document
    from annotations.session.files import default_annotation_path
    from annotations.session.store import new_store

    document = load_document(options.document)
    output = options.output or default_annotation_path(options.document)
    store = new_store(document, output)
    detected = ""
    reasons: list[str] = []
    if options.detect:
        from annotations.documents.detection import detect, in_number_order, summarise_ids
        from annotations.format.model import Recommendation

        detection = detect(document)
        found = in_number_order(list(detection.items))
        store.model.taxonomy.recommendations = [
            Recommendation(
                id=item.id,
                title=item.title,
                description=item.label if not item.label[:1].isdigit() else "",
                start=item.start,
                end=item.end,
            )
            for item in found
        ]
        ids = summarise_ids([item.id for item in found])
        detected = f"; {count_of(len(found), 'recommendation')} detected" + (
            f": {ids}" if ids else ""
        )
        reasons = detection.describe() or [
            "no numbered, lettered or announced items (add recommendations in the app with R or D)"
        ]
    if options.force and output.exists():
        from annotations.session.files import disk_state

        store.disk = disk_state(output, output.read_bytes())
    store.save()
    if options.output is not None:
        from tui.cli.outputs import warn_if_document_out_of_reach

        warn_if_document_out_of_reach(store.model, output)
    principles = ", ".join(p.label for p in store.model.taxonomy.principles)
    print(f"created {output} for {options.document} (principles: {principles}{detected})")
    for reason in reasons:
        print(f"  found: {reason}" if not reason.startswith("check:") else f"  {reason}")
    return 0


COMMAND = Command(
    name="init",
    help="create an annotation file for a document: the default principles, and the "
    "numbered recommendations found in it",
    description=(
        "Create an annotation file for a document, with the default principles and the numbered "
        "recommendations found in the document."
    ),
    add_arguments=add_arguments,
    run=run,
)
