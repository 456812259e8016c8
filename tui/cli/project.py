"""``policy-annotate project``: a project folder (its documents, codebook and team), through
subcommands declared like the top-level ones (``project_init``, ``project_add``...)."""

from __future__ import annotations

import argparse

from tui.cli import (
    project_add,
    project_add_csv,
    project_check,
    project_init,
    project_status,
)
from tui.cli.command import Command

SUBCOMMANDS: tuple[Command, ...] = (
    project_init.COMMAND,
    project_add.COMMAND,
    project_add_csv.COMMAND,
    project_status.COMMAND,
    project_check.COMMAND,
)
"""Every ``project`` subcommand, in the order its help lists them."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """One subparser per subcommand; each sets ``run`` to its handler."""
    subparsers = parser.add_subparsers(dest="project_command", metavar="SUBCOMMAND", required=True)
    for command in SUBCOMMANDS:
        subparser = subparsers.add_parser(
            command.name, help=command.help, description=command.description
        )
        command.add_arguments(subparser)
        subparser.set_defaults(run=command.run)


def run(options: argparse.Namespace) -> int:
    """Never called: each subcommand sets its own ``run``."""
    raise AssertionError("a project subcommand is required")


COMMAND = Command(
    name="project",
    help="create a project of many documents and one codebook, add documents, see its progress",
    description=(
        "Work with a project: a folder of documents coded against one codebook by a team "
        "(init, add, add-csv, status, check)."
    ),
    add_arguments=add_arguments,
    run=run,
)
