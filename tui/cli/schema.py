"""``policy-annotate schema``: the JSON Schema of the annotation file."""

from __future__ import annotations

import argparse

from tui.cli.command import Command


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """No arguments."""


def run(options: argparse.Namespace) -> int:
    """Print the schema, indented by two spaces."""
    import json

    from annotations.format.model import json_schema

    print(json.dumps(json_schema(), indent=2, ensure_ascii=False))
    return 0


COMMAND = Command(
    name="schema",
    help="print the JSON Schema of the annotation file",
    description="Print the JSON Schema of the annotation file (docs/format.md is the full spec).",
    add_arguments=add_arguments,
    run=run,
)
