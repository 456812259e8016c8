"""The project a document lies in, found without reading any project file.

Light on purpose (no pydantic): the app asks before its first frame whether a document it opens
directly (``policy-annotate DIR/doc.md``) may belong to a project, and reads the project file
only afterwards, in its worker (:mod:`.shared_codebook`).
"""

from __future__ import annotations

from pathlib import Path

from annotations.errors import Problem
from annotations.projects import PROJECT_FILE

NOT_A_PROJECT = "no such file (is this a policy-annotate project?)"
"""What a missing project file is told."""

FOLDER_NOT_FILE = "is a folder, not a project file"
"""What a project file that is a folder is told."""


def enclosing_projects(document: Path) -> list[Path]:
    """The folders above ``document`` holding a project file, nearest first (candidates only:
    whether a project lists the document needs its project file read)."""
    found = []
    for folder in document.resolve().parents:
        if (folder / PROJECT_FILE).is_file():
            found.append(folder)
    return found


def missing_project_problem(folder: Path) -> Problem | None:
    """Why ``folder`` holds no project file to read (None: it holds one), checked without
    reading it: what ``project.load_project`` says, also said before the app's first frame."""
    if not folder.is_dir():
        what = "no such folder" if not folder.exists() else "is not a folder"
        return Problem(str(folder), f"{what} (expected a project folder)")
    path = folder / PROJECT_FILE
    if path.is_dir():
        return Problem(str(path), FOLDER_NOT_FILE)
    if not path.is_file():
        return Problem(str(path), NOT_A_PROJECT)
    return None
