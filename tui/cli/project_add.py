"""``policy-annotate project add``: import many documents into a project at once."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from annotations.documents.display import display_safe
from annotations.text_plural import count_of
from tui.cli.command import Command
from tui.cli.problems import UsageError

if TYPE_CHECKING:
    from annotations.projects.adding import Added


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """DIR, FILES... and --attr key=value."""
    parser.epilog = "Exit status: 0 every file was added, 1 some were skipped (each named on standard error) or the project cannot be read, 2 a usage error."
    parser.add_argument("folder", type=Path, metavar="DIR")
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
    add_attr_argument(parser)


def add_attr_argument(parser: argparse.ArgumentParser) -> None:
    """--attr KEY=VALUE, repeatable: attributes given to every document added."""
    parser.add_argument(
        "--attr",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="an attribute given to every document added (repeat for more)",
    )


def parse_attributes(pairs: list[str]) -> dict[str, str]:
    """``["kind=council", ...]`` → ``{"kind": "council"}``; a pair without ``=`` is a usage error."""
    attributes: dict[str, str] = {}
    for pair in pairs:
        key, equals, value = pair.partition("=")
        if not equals or not key.strip():
            raise UsageError(f"--attr {pair!r}: expected KEY=VALUE")
        attributes[key.strip()] = value.strip()
    return attributes


@contextmanager
def progress_reporter(total: int) -> Iterator[Callable[[Added], None]]:
    """A Rich progress bar on a terminal (standard error), else one plain line per file; bad
    files are reported on standard error either way."""
    from rich.console import Console

    console = Console(file=sys.stderr, highlight=False, markup=False, emoji=False)
    if console.is_terminal:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

        with Progress(
            "adding",
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        ) as progress:
            task = progress.add_task("adding", total=total)

            def advance(added: Added) -> None:
                if added.problem is not None:
                    progress.console.print(display_safe(f"policy-annotate: {added.problem}"))
                progress.advance(task)

            yield advance
        return

    def line(added: Added) -> None:
        if added.problem is not None:
            print(f"policy-annotate: {added.problem}", file=sys.stderr)
        elif added.document is not None:
            print(display_safe(f"added {added.source} as {added.document.path}"))

    yield line


def run(options: argparse.Namespace) -> int:
    """Add each file (0), or skip the bad ones and say so (1: some were skipped)."""
    from annotations.projects.adding import Source, add_documents
    from annotations.projects.project import load_project

    attributes = parse_attributes(options.attr)
    project = load_project(options.folder)
    with progress_reporter(len(options.files)) as on_done:
        sources = [Source.file(path, attributes) for path in options.files]
        results = add_documents(project, sources, on_done=on_done)
    added = [r for r in results if r.document is not None]
    if added:
        project.save()
    skipped = len(results) - len(added)
    print(
        display_safe(
            f"added {count_of(len(added), 'document')} to {project.path}"
            + (f"; {skipped} skipped" if skipped else "")
        )
    )
    return 1 if skipped else 0


COMMAND = Command(
    name="add",
    help="import documents (txt, md, html, docx, pdf) into a project; exit 1 if any was skipped",
    description=(
        "Import documents (.txt, .md, .html, .docx, .pdf) into a project in parallel, skipping "
        "with a one-line reason any file that cannot be read or duplicates one already there."
    ),
    add_arguments=add_arguments,
    run=run,
)
