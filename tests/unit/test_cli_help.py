"""The command line's help: every command listed, each command's help opening with a sentence."""

from __future__ import annotations

import argparse
import re

import pytest

from tui.cli import build_parser
from tui.cli.command import Command
from tui.cli.parser import COMMAND_NAMES, commands

COMMANDS = commands()


def command_parsers() -> dict[str, argparse.ArgumentParser]:
    """The subparser of each command, by name."""
    parser = build_parser()
    [action] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(action.choices)


def test_every_command_of_the_table_is_in_the_parser() -> None:
    assert list(command_parsers()) == [command.name for command in COMMANDS]


def test_the_names_that_tell_a_command_from_a_document_are_the_table_s() -> None:
    assert tuple(command.name for command in COMMANDS) == COMMAND_NAMES


def test_opening_a_document_builds_the_open_command_s_parser_alone() -> None:
    """``policy-annotate FILE`` parses as ``open FILE`` without importing the other commands."""
    from tui.cli.open import COMMAND as OPEN

    options = build_parser([OPEN]).parse_args(["open", "review.md", "--at", "5"])
    assert (options.command, str(options.document), options.at) == ("open", "review.md", 5)
    assert options.run is OPEN.run


def test_the_help_lists_every_command() -> None:
    text = build_parser().format_help()
    for command in COMMANDS:
        assert re.search(rf"^\s+{command.name}\s", text, re.M), command.name


@pytest.mark.parametrize("command", COMMANDS, ids=lambda command: command.name)
def test_a_command_s_help_starts_with_one_sentence_saying_what_it_does(command: Command) -> None:
    assert_help_opens_with_its_sentence(
        command_parsers()[command.name], f"policy-annotate {command.name}", command.description
    )


def assert_help_opens_with_its_sentence(
    parser: argparse.ArgumentParser, prog: str, description: str
) -> None:
    """The parser's help: usage for ``prog``, then ``description``, one sentence."""
    assert re.fullmatch(r"[A-Z][^\n]*[.]", description), description
    assert description.count(". ") == 0, "one sentence"
    usage, _, rest = parser.format_help().partition("\n\n")
    assert usage.startswith(f"usage: {prog}")
    assert " ".join(rest.split("\n\n")[0].split()) == description
