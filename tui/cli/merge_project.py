"""``policy-annotate merge --git`` on a project file: git's three-way merge of ``policy-annotate.toml``.

Imports no Textual. The result is written atomically over git's %A, and not at all when
conflicts remain (exit 1: git then marks the file conflicted) or the merge would not be valid.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from annotations.documents.display import display_safe
from annotations.text_plural import count_of

if TYPE_CHECKING:
    from annotations.projects.model import ProjectFile


def is_project_file(path: Path) -> bool:
    """Whether ``path`` holds a project file (its ``format``), not an annotation file."""
    from annotations.format.toml_reading import TomlSyntaxError, parse_toml
    from annotations.projects.model import PROJECT_FORMAT

    try:
        raw = parse_toml(path.read_bytes().decode("utf-8").removeprefix("\ufeff"))
    except (OSError, UnicodeDecodeError, TomlSyntaxError, RecursionError):
        return False  # read again as an annotation file, which says what is wrong
    return raw.get("format") == PROJECT_FORMAT


def merge_git(ancestor: Path | None, ours: Path, theirs: Path, prefer: str | None) -> int:
    """Merge project files BASE OURS THEIRS (no BASE: added on both branches) into OURS; 0 when
    written, 1 when conflicts remain or the merge would not be valid."""
    from annotations.projects.merging import merge_project_files
    from annotations.projects.projectfile import dump_project_text
    from annotations.session.files import atomic_write

    base = None if ancestor is None else _read(ancestor)
    result = merge_project_files(
        base,
        _read(ours),
        _read(theirs),
        prefer=prefer,
        names=("base", "ours", "theirs"),  # git's %O %A %B are temporary files
        file=str(ours),
    )
    if result.model is None:
        for conflict in result.conflicts:
            print(f"policy-annotate: conflict: {display_safe(str(conflict))}", file=sys.stderr)
        for problem in result.problems:
            print(f"policy-annotate: merged result: {problem}", file=sys.stderr)
        what = (
            count_of(len(result.conflicts), "unresolved conflict")
            if result.conflicts
            else "the merge would not be valid"
        )
        print(
            f"policy-annotate: {what}; {display_safe(str(ours))} not written"
            + (" (use --prefer ours|theirs)" if result.conflicts else ""),
            file=sys.stderr,
        )
        return 1
    atomic_write(
        ours,
        dump_project_text(result.model).encode("utf-8"),
        expected=None,
        overwrite_changed=True,
        backup=False,  # git's %A is a temporary file of git's: no .bak in the working tree
    )
    for conflict in result.resolved:
        print(f"policy-annotate: resolved: {display_safe(str(conflict))}", file=sys.stderr)
    model = result.model
    print(
        display_safe(
            f"{ours}: project merged: {count_of(len(model.documents), 'document')}, "
            f"{count_of(len(model.codebook.recommendations), 'recommendation')}; "
            f"{count_of(len(result.resolved), 'conflict')} resolved"
        ),
        file=sys.stderr,
    )
    return 0


def _read(path: Path) -> ProjectFile:
    from annotations.projects.project import ProjectFileError, read_project_file

    model, problems, _state = read_project_file(path)
    errors = [p for p in problems if p.severity == "error"]
    if model is None or errors:
        raise ProjectFileError(errors or problems)
    return model
