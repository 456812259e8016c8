"""``policy-annotate project init``: a new project folder, optionally seeded from a review."""

from __future__ import annotations

import argparse
import contextlib
from pathlib import Path

from annotations.documents.display import display_safe
from tui.cli.command import Command


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """DIR, --review REVIEW, --name NAME and --force."""
    parser.epilog = "Exit status: 0 created, 1 a project is already there (without --force) or the review cannot be read, 2 a usage error."
    parser.add_argument("folder", type=Path, metavar="DIR")
    parser.add_argument(
        "--review",
        type=Path,
        metavar="REVIEW",
        help="a document (any format) added to the project, whose numbered recommendations "
        "seed the codebook",
    )
    parser.add_argument("--name", help="the project's name (default: the review's title, or DIR)")
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace an existing project file (kept as policy-annotate.toml.bak)",
    )


def run(options: argparse.Namespace) -> int:
    """Create DIR/policy-annotate.toml; 1 if a project is there (without --force) or the review
    cannot be read."""
    from annotations.projects.adding import Source, add_documents
    from annotations.projects.project import new_project
    from annotations.projects.seeding import codebook_recommendations
    from tui.cli.init import detected_phrase
    from tui.cli.problems import report

    folder: Path = options.folder
    project = new_project(folder, options.name or folder.resolve().name, force=options.force)
    detected = ""
    if options.review is not None:
        from annotations.documents.document import load_document
        from annotations.projects.adding import DOCUMENTS_FOLDER

        made = [f for f in (folder / DOCUMENTS_FOLDER, folder) if not f.exists()]
        added = add_documents(project, [Source.file(options.review, {"kind": "review"})])[0]
        if added.document is None:
            report([added.problem] if added.problem else [])
            _remove_empty(made)
            return 1
        document = load_document(project.document_path(added.document))
        found = codebook_recommendations(document, added.document.id)
        project.model.codebook.recommendations = found
        if options.name is None and document.title:
            project.model.name = document.title
        phrase = detected_phrase([item.id for item in found])
        detected = f"; review {added.document.path}, {phrase}"
    project.save(overwrite_changed=options.force)
    principles = ", ".join(p.label for p in project.model.codebook.principles)
    print(display_safe(f"created project {project.path} (principles: {principles}{detected})"))
    return 0


def _remove_empty(folders: list[Path]) -> None:
    """Remove the folders made for a project that was not created (deepest first), if empty."""
    for made in folders:
        with contextlib.suppress(OSError):  # not empty after all, or gone: left as it is
            made.rmdir()


COMMAND = Command(
    name="init",
    help="create a project folder; with --review, the review becomes a document and its "
    "recommendations seed the codebook",
    description=(
        "Create a project (DIR/policy-annotate.toml) with the default principles, optionally "
        "adding a review whose numbered recommendations seed the codebook."
    ),
    add_arguments=add_arguments,
    run=run,
)
