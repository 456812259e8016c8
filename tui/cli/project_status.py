"""``policy-annotate project status``: the team's progress board for a project."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotations.text_plural import count_of, plural_word
from tui.cli.command import Command
from tui.cli.problems import UsageError

if TYPE_CHECKING:
    from annotations.projects.status import ProjectStatus, Totals


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """DIR, --by analyst|attr:KEY and --format text|json."""
    parser.epilog = "Exit status: 0 the board was printed (broken files are listed on it), 1 the project file cannot be read, 2 a usage error."
    parser.add_argument("folder", type=Path, metavar="DIR")
    parser.add_argument(
        "--by",
        metavar="analyst|attr:KEY",
        help="break the counts down per analyst, or per value of the attribute KEY",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="read every file, neither using nor updating the project cache",
    )


def _groups(status: ProjectStatus, by: str | None) -> dict[str, Totals] | None:
    if by is None:
        return None
    if by == "analyst":
        return status.by_analyst()
    if by.startswith("attr:") and by[5:]:
        return status.by_attribute(by[5:])
    raise UsageError(f"--by {by!r}: expected 'analyst' or 'attr:KEY'")


def _totals_json(totals: Totals) -> dict[str, Any]:
    return {
        "documents": totals.documents,
        "annotated": totals.annotated,
        "annotated_share": round(totals.annotated_share, 4),
        "annotations": totals.annotations,
        "analysts": sorted(totals.analysts),
        "stale": totals.stale,
        "revised": totals.revised,
        "broken": totals.broken,
    }


def status_json(status: ProjectStatus, groups: dict[str, Totals] | None) -> dict[str, Any]:
    """The board as JSON: totals, groups (if asked), each document, and every problem."""
    data: dict[str, Any] = {
        "project": status.project.model.name,
        "folder": str(status.project.folder),
        "totals": _totals_json(status.totals()),
    }
    if groups is not None:
        data["groups"] = {name: _totals_json(totals) for name, totals in groups.items()}
    data["documents"] = [
        {
            "id": s.document.id,
            "path": s.document.path,
            "attributes": s.document.attributes,
            "assigned": s.document.analyst,
            "files": [str(path) for path in s.files],
            "annotations": dict(sorted(s.annotations.items())),
            "stale": s.stale,
            "revised": s.revised,
            "problems": [str(problem) for problem in s.problems],
        }
        for s in status.documents
    ]
    data["problems"] = [str(problem) for problem in status.problems()]
    return data


def _row(name: str, totals: Totals, width: int) -> str:
    share = f"{totals.annotated_share:.0%}"
    return (
        f"{name:<{width}} {totals.documents:>9} {totals.annotated:>9} {share:>5} "
        f"{totals.annotations:>11} {totals.stale:>5} {totals.revised:>7} {totals.broken:>6}"
    )


def status_text(status: ProjectStatus, groups: dict[str, Totals] | None) -> list[str]:
    """The board as lines of text."""
    totals = status.totals()
    analysts = ", ".join(sorted(totals.analysts)) or "none yet"
    lines = [
        f"{status.project.model.name} ({status.project.path})",
        f"documents    {totals.documents}",
        f"annotated    {totals.annotated} ({totals.annotated_share:.0%})",
        f"annotations  {totals.annotations}",
        f"analysts     {analysts}",
        f"stale marks  {totals.stale}",
        f"revised      {count_of(totals.revised, 'document')} changed since "
        f"{plural_word(totals.revised, 'it was', 'they were')} annotated",
        f"broken       {count_of(totals.broken, 'document')} with problems",
    ]
    if groups is not None:
        width = max([len(name) for name in groups] + [12])
        lines += [
            "",
            f"{'':<{width}} {'documents':>9} {'annotated':>9} {'':>5} {'annotations':>11} "
            f"{'stale':>5} {'revised':>7} {'broken':>6}",
            *(_row(name, group, width) for name, group in groups.items()),
        ]
    problems = status.problems()
    if problems:
        lines += ["", "problems:", *(f"  {problem}" for problem in problems)]
    return lines


def run(options: argparse.Namespace) -> int:
    """Print the board (0, even when it lists broken files); 1 if the project file is bad."""
    from annotations.documents.display import display_safe
    from annotations.projects.project import load_project
    from annotations.projects.status import project_status

    project = load_project(options.folder)
    status = project_status(project, use_cache=not options.no_cache)
    groups = _groups(status, options.by)
    if options.format == "json":
        print(json.dumps(status_json(status, groups), indent=2, ensure_ascii=False))
    else:
        for line in status_text(status, groups):
            print(display_safe(line))
    return 0


COMMAND = Command(
    name="status",
    help="the team's progress board: documents, annotated share, analysts, stale marks, "
    "revised and broken files",
    description=(
        "Show a project's progress: documents, annotated share, annotations, analysts, stale "
        "marks, revised documents and broken files (listed, never refusing the project)."
    ),
    add_arguments=add_arguments,
    run=run,
)
