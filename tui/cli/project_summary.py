"""``policy-annotate summary DIR``: the cross-document summary of a project, in any summary format.

The formats are ``annotations.summaries.registry``'s (each entry's ``write_project``).
"""

from __future__ import annotations

import argparse
import sys

from annotations.documents.display import display_safe
from tui.cli.problems import UsageError


def project_by(values: list[str] | None) -> str | None:
    """The attribute key of ``--by attr:KEY`` (at most one), or None."""
    if not values:
        return None
    if len(values) > 1 or not values[0].startswith("attr:") or not values[0][5:]:
        raise UsageError(f"--by {' '.join(values)}: a project summary takes one --by attr:KEY")
    return values[0][5:]


def run(options: argparse.Namespace) -> int:
    """Summarise the project in ``options.files[0]`` (to stdout or -o OUT)."""
    from annotations.errors import PolicyAnnotateError, Problem
    from annotations.projects.project import load_project
    from annotations.summaries.registry import (
        DEFAULT_FORMAT,
        ProjectRequest,
        summary_format,
        summary_format_for,
    )
    from annotations.summaries.summary import SummaryFilter
    from tui.cli.project_add import parse_attributes

    if options.format is not None:
        fmt = summary_format(options.format)
    elif options.output is not None:
        fmt = summary_format_for(options.output)
    else:
        fmt = summary_format(DEFAULT_FORMAT)
    if fmt.write_project is None:
        raise UsageError(f"--format {fmt.name}: not written for a project")
    if options.quotes < 0:
        raise PolicyAnnotateError([Problem("--quotes", "must be 0 or more")])
    by = project_by(options.by)
    project = load_project(options.files[0])
    if options.output is not None:
        from tui.cli.outputs import project_inputs, refuse_existing, refuse_overwriting_inputs

        refuse_overwriting_inputs(options.output, project_inputs(project))
        refuse_existing(options.output, options.force)
    request = ProjectRequest(
        project=project,
        keep=SummaryFilter(
            tuple(options.principle), tuple(options.recommendation), tuple(options.author)
        ),
        where=parse_attributes(options.attr),
        by=by,
        quotes=options.quotes,
        use_cache=not options.no_cache,
    )
    summary = request.summary()
    for line in summary.left_out:
        print(f"policy-annotate: {line} (left out)", file=sys.stderr)
    text = fmt.write_project(request, summary)
    if options.output is None:
        sys.stdout.write(text)
    else:
        from annotations.session.files import atomic_write

        # with --force an existing OUT is replaced and kept as OUT.bak
        atomic_write(
            options.output, text.encode("utf-8"), expected=None, overwrite_changed=True, backup=True
        )
        print(display_safe(f"wrote {options.output}"), file=sys.stderr)
    return 0
