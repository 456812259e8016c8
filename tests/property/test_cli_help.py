"""The command line's parser (which spares importing shutil) formats help as argparse's own."""

from __future__ import annotations

import argparse

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui import cli


def helps(parser: argparse.ArgumentParser) -> list[str]:
    """The help and usage of the parser and of each command."""
    subparsers = parser._subparsers
    assert subparsers is not None
    choices = subparsers._group_actions[0].choices
    assert isinstance(choices, dict)
    texts = [parser.format_help(), parser.format_usage()]
    for command in cli.COMMANDS:
        texts += [choices[command].format_help(), choices[command].format_usage()]
    return texts


@settings(max_examples=25, deadline=None)
@given(st.sampled_from(["", "0", "-3", "abc", "20", "60", "79", "80", "81", "120", "300"]))
def test_help_is_formatted_as_with_argparse_s_own_parser(columns: str) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COLUMNS", columns)
        ours = helps(cli.build_parser())
        patch.setattr(cli, "_Parser", argparse.ArgumentParser)
        assert helps(cli.build_parser()) == ours
