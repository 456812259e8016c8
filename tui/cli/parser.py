"""The argument parser of ``policy-annotate``, built from the table of subcommands."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from annotations import __version__
from tui.cli.command import Command

COMMAND_NAMES: tuple[str, ...] = (
    "open",
    "validate",
    "schema",
    "init",
    "summary",
    "suggest",
    "reanchor",
    "merge",
    "diff",
    "agreement",
    "export",
    "import",
    "project",
)
"""Every subcommand's name, in the order ``policy-annotate --help`` lists them (a test checks
them against ``commands()``): telling a subcommand from a document imports no command."""


def commands() -> tuple[Command, ...]:
    """Every subcommand, in the order ``policy-annotate --help`` lists them."""
    from tui.cli import (
        agreement,
        diff,
        export,
        importing,
        init,
        merge,
        open,
        project,
        reanchor,
        schema,
        suggest,
        summary,
        validate,
    )

    return (
        open.COMMAND,
        validate.COMMAND,
        schema.COMMAND,
        init.COMMAND,
        summary.COMMAND,
        suggest.COMMAND,
        reanchor.COMMAND,
        merge.COMMAND,
        diff.COMMAND,
        agreement.COMMAND,
        export.COMMAND,
        importing.COMMAND,
        project.COMMAND,
    )


DESCRIPTION = """\
Tag passages of policy documents to recommendations and principles.

  policy-annotate                      open the bundled sample project's board (a copy in
                                       ./policy-annotate-sample)
  policy-annotate DOCUMENT [-a FILE]   annotate DOCUMENT (annotations in NAME.annotations.toml)
  policy-annotate FILE.toml            open an annotation file with the document it names
  policy-annotate COMMAND ...          see the commands below
"""


def build_parser(only: Sequence[Command] | None = None) -> argparse.ArgumentParser:
    """The argument parser, with one subparser per command (or only those of ``only``: what
    running one needs, so that opening the app imports no other command's module); each sets
    ``run`` to its handler."""
    parser = argparse.ArgumentParser(
        prog="policy-annotate",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Run 'policy-annotate COMMAND --help' for a command's options.",
    )
    parser.add_argument("--version", action="version", version=f"policy-annotate {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in commands() if only is None else only:
        subparser = subparsers.add_parser(
            command.name, help=command.help, description=command.description
        )
        command.add_arguments(subparser)
        subparser.set_defaults(run=command.run)
    return parser
