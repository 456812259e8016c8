"""``policy-annotate import X.qdpx -o FOLDER``: a REFI-QDA project of many texts as a project.

Imports no Textual. The archive is never modified; a project already in FOLDER is refused unless
--force (its project file kept as ``policy-annotate.toml.bak``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from annotations.documents.display import display_safe
from annotations.text_plural import count_of


def wants_project(output: Path | None) -> bool:
    """Whether -o OUT names a project folder: an existing folder, or a name not ending .toml."""
    return output is not None and (output.is_dir() or output.suffix.lower() != ".toml")


def run(options: argparse.Namespace) -> int:
    """Import ``options.file`` into the project folder ``options.output``; 0 on success."""
    from annotations.projects.qdpx import import_corpus

    folder: Path = options.output
    imported = import_corpus(options.file, folder, force=options.force)
    for warning in imported.warnings:
        print(f"policy-annotate: {display_safe(str(warning))}", file=sys.stderr)
    documents = len(imported.project.model.documents)
    print(
        display_safe(
            f"wrote the project {folder} ({count_of(documents, 'document')}, "
            f"{count_of(imported.files, 'annotation file')}, "
            f"{count_of(imported.annotations, 'annotation')})"
        )
    )
    return 0
