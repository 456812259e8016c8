"""The ``policy-annotate`` command: argument parsing, subcommands and exit codes.

One module per subcommand (``tui.cli.validate``, ``tui.cli.summary`` ...), each declaring its
arguments and handler as a ``Command``; ``tui.cli.parser`` builds the parser from their table.
Only the path that opens the app imports Textual; every other command stays light and quick.
Exit codes: 0 success, 1 a problem with the input (each printed on one line), 2 a usage error,
130 interrupted.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence

from annotations.errors import PolicyAnnotateError
from tui.cli.parser import COMMAND_NAMES, build_parser
from tui.cli.problems import UsageError, report

__all__ = ["build_parser", "main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    # pydantic looks for plugins in every installed distribution when the first model is built;
    # policy-annotate uses none, and the scan is a noticeable part of start-up.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    arguments = list(sys.argv[1:] if argv is None else argv)
    if not arguments or (
        arguments[0] not in COMMAND_NAMES and arguments[0] not in {"-h", "--help", "--version"}
    ):
        arguments.insert(0, "open")
    if arguments[0] == "open":  # the app: its parser alone (the others import their modules)
        from tui.cli.open import COMMAND as OPEN

        options = build_parser([OPEN]).parse_args(arguments)
    else:
        options = build_parser().parse_args(arguments)
    run: Callable[[argparse.Namespace], int] = options.run
    try:
        return run(options)
    except PolicyAnnotateError as error:
        report(error.problems)
        return 1
    except UsageError as error:
        print(f"policy-annotate: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        sys.stderr.close()
        return 1
