"""``policy-annotate export DIR -o OUT``: a whole project, as long-form CSV or one REFI-QDA project.

Imports no Textual. The project is never modified; OUT is written atomically and an existing OUT
is refused unless --force (kept as OUT.bak). Broken annotation files and missing documents are
left out with a warning line each, never refusing the project.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from annotations.documents.display import display_safe
from annotations.text_plural import count_of
from tui.cli.problems import UsageError

PROJECT_FORMATS = {".csv": "csv", ".qdpx": "qdpx"}
"""The formats a project is exported to, by the extension of -o."""


def _format(options: argparse.Namespace) -> str:
    """``csv`` or ``qdpx``, from --to or the extension of -o; UsageError otherwise."""
    if options.output is None:
        raise UsageError("export DIR: give -o OUT.csv (long form) or -o OUT.qdpx (REFI-QDA)")
    name = options.to or PROJECT_FORMATS.get(options.output.suffix.lower())
    if name not in PROJECT_FORMATS.values():
        raise UsageError(
            f"export DIR: a project is exported as csv or qdpx, not "
            f"{display_safe(options.to or options.output.name)!r}"
        )
    return str(name)


def run(options: argparse.Namespace) -> int:
    """Export the project in ``options.file`` to -o OUT; 0 on success."""
    from annotations.errors import PolicyAnnotateError
    from annotations.projects.enclosing import missing_project_problem
    from annotations.projects.project import load_project
    from annotations.session.files import atomic_write
    from tui.cli.outputs import project_inputs, refuse_existing, refuse_overwriting_inputs

    not_a_project = missing_project_problem(options.file)
    if not_a_project is not None:  # said before the formats a project is exported in
        raise PolicyAnnotateError([not_a_project])
    fmt = _format(options)
    output: Path = options.output
    project = load_project(options.file)
    refuse_overwriting_inputs(output, project_inputs(project))
    refuse_existing(output, options.force)
    if fmt == "csv":
        from annotations.projects.long_form import long_form_csv

        text, rows, left_out = long_form_csv(project)
        data = text.encode("utf-8")
        contents = count_of(rows, "row")
    else:
        from annotations.projects.qdpx import export_corpus

        exported = export_corpus(project)
        data, left_out, contents = exported.data, exported.left_out, exported.contents
    for line in left_out:
        print(f"policy-annotate: {display_safe(line)} (left out)", file=sys.stderr)
    atomic_write(output, data, expected=None, overwrite_changed=options.force, backup=True)
    print(display_safe(f"wrote {output} ({fmt}: {contents})"))
    return 0
