"""``policy-annotate schema``: the JSON Schema of the annotation file, or of the project file."""

from __future__ import annotations

import argparse

from tui.cli.command import Command


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Which file: the annotation file (default) or the project file."""
    parser.add_argument(
        "which",
        nargs="?",
        choices=("annotation", "project"),
        default="annotation",
        help="the annotation file (default) or the project file (policy-annotate.toml)",
    )


def run(options: argparse.Namespace) -> int:
    """Print the schema, indented by two spaces."""
    import json

    if options.which == "project":
        from annotations.projects.model import project_json_schema

        schema = project_json_schema()
    else:
        from annotations.format.model import json_schema

        schema = json_schema()
    print(json.dumps(schema, indent=2, ensure_ascii=False))
    return 0


COMMAND = Command(
    name="schema",
    help="print the JSON Schema of the annotation file (or of the project file: schema project)",
    description=(
        "Print the JSON Schema of the annotation file, or of the project file with 'project' "
        "(docs/format.md is the full spec)."
    ),
    add_arguments=add_arguments,
    run=run,
)
