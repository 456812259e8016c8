"""``policy-annotate init``: a new annotation file for a document."""

from __future__ import annotations

import argparse
from pathlib import Path

from annotations.documents.display import display_safe
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


def detected_phrase(ids: list[str]) -> str:
    """``10 recommendations detected: R1–R10`` (what init says it seeded)."""
    from annotations.documents.detection import summarise_ids

    summary = summarise_ids(ids)
    return f"{count_of(len(ids), 'recommendation')} detected" + (f": {summary}" if summary else "")


def run(options: argparse.Namespace) -> int:
    """Create the file (refusing an existing one unless --force) and say what it holds."""
    from annotations.documents.document import load_document
    from annotations.session.files import default_annotation_path
    from annotations.session.store import new_store
    from tui.cli.outputs import refuse_overwriting_inputs

    output = options.output or default_annotation_path(options.document)
    refuse_overwriting_inputs(output, [options.document])
    document = load_document(options.document)
    store = new_store(document, output)
    detected = ""
    reasons: list[str] = []
    if options.detect:
        from annotations.documents.detection import detect
        from annotations.projects.seeding import recommendations_of

        detection = detect(document)
        found = recommendations_of(detection)
        store.model.taxonomy.recommendations = found
        detected = "; " + detected_phrase([item.id for item in found])
        reasons = detection.describe() or [
            "no numbered, lettered or announced items (add recommendations in the app with R or D)"
        ]
    if options.force:
        from tui.cli.outputs import replaced_state

        store.disk = replaced_state(output)
    store.save()
    from tui.cli.outputs import warn_if_document_out_of_reach

    warn_if_document_out_of_reach(store.model, output)
    principles = ", ".join(p.label for p in store.model.taxonomy.principles)
    print(
        display_safe(
            f"created {output} for {options.document} (principles: {principles}{detected})"
        )
    )
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
