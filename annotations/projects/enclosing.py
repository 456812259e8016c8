"""The project a document lies in, found without reading any project file.

Light on purpose (no pydantic): the app asks before its first frame whether a document it opens
directly (``policy-annotate DIR/doc.md``) may belong to a project, and reads the project file
only afterwards, in its worker (:mod:`.shared_codebook`).
"""

from __future__ import annotations

from pathlib import Path

from annotations.projects import PROJECT_FILE


def enclosing_projects(document: Path) -> list[Path]:
    """The folders above ``document`` holding a project file, nearest first (candidates only:
    whether a project lists the document needs its project file read)."""
    found = []
    for folder in document.resolve().parents:
        if (folder / PROJECT_FILE).is_file():
            found.append(folder)
    return found
