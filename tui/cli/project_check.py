"""``policy-annotate project check``: annotation files whose taxonomy is not the codebook's."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from annotations.documents.display import display_safe
from annotations.text_plural import count_of, plural_word
from tui.cli.command import Command


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """DIR and --fix."""
    parser.epilog = "Exit status: 0 every file follows the codebook (or was fixed), 1 some file diverges, cannot be read or could not be saved, 2 a usage error."
    parser.add_argument("folder", type=Path, metavar="DIR")
    parser.add_argument(
        "--fix",
        action="store_true",
        help="give every file the codebook's taxonomy, first adding to the codebook any "
        "principle or recommendation only a file has (no tag is lost; .bak files kept)",
    )


def run(options: argparse.Namespace) -> int:
    """Report each diverging file (1 if any, 0 if none); with --fix, fix them (1 if any file
    could not be read or saved)."""
    from annotations.errors import PolicyAnnotateError, Problem
    from annotations.format.reading import LoadedFile, load_annotation_file
    from annotations.projects.codebook import adopt_codebook, adopt_file_tags, divergence
    from annotations.projects.layout import annotation_files
    from annotations.projects.project import load_project
    from annotations.session.saving import write_annotation_file
    from tui.cli.problems import report

    project = load_project(options.folder)
    codebook = project.model.codebook
    loaded: list[tuple[str, LoadedFile]] = []
    problems: list[Problem] = []
    for document_id, refs in annotation_files(project).items():
        for ref in refs:
            try:
                loaded.append((document_id, load_annotation_file(ref.path)))
            except PolicyAnnotateError as error:
                problems += error.problems
    report(problems)
    diverging = [
        (document_id, file, found)
        for document_id, file in loaded
        if (found := divergence(codebook, file.model))
    ]
    if not options.fix:
        report([Problem(str(file.path), found.describe()) for _id, file, found in diverging])
        print(
            f"{count_of(len(loaded), 'file')} checked, {len(diverging)} "
            f"{plural_word(len(diverging), 'diverges', 'diverge')} from the codebook"
        )
        return 1 if diverging or problems else 0
    added: list[str] = []
    for document_id, file, _found in diverging:
        added += adopt_file_tags(codebook, file.model, document_id)
    if added:
        project.save()
        print(f"added to the codebook: {', '.join(added)}")
    fixed = 0
    for document_id, file in loaded:
        if not divergence(codebook, file.model):  # after the codebook grew, files may lag
            continue
        adopt_codebook(codebook, file.model, document_id)
        try:
            write_annotation_file(file.path, file.model, expected=file.disk)
        except PolicyAnnotateError as error:
            report(error.problems)
            problems += error.problems
            continue
        fixed += 1
        print(display_safe(f"{file.path}: now follows the codebook"))
    print(f"{count_of(len(loaded), 'file')} checked, {fixed} fixed", file=sys.stdout)
    return 1 if problems else 0


COMMAND = Command(
    name="check",
    help="report annotation files whose taxonomy diverges from the codebook; --fix adopts it",
    description=(
        "Report the annotation files whose principles or recommendations differ from the "
        "project's codebook, and with --fix give them the codebook's without losing a tag."
    ),
    add_arguments=add_arguments,
    run=run,
)
