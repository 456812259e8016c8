"""``policy-annotate summary DIR``: the cross-document summary of a project (text or JSON)."""

from __future__ import annotations

import argparse
import json
import sys

from tui.cli.problems import UsageError

FORMATS = ("text", "json")


def project_by(values: list[str] | None) -> str | None:
    """The attribute key of ``--by attr:KEY`` (at most one), or None."""
    if not values:
        return None
    if len(values) > 1 or not values[0].startswith("attr:") or not values[0][5:]:
        raise UsageError(f"--by {' '.join(values)}: a project summary takes one --by attr:KEY")
    return values[0][5:]


def run(options: argparse.Namespace) -> int:
    """Summarise the project in ``options.files[0]`` (text or JSON, to stdout or -o OUT)."""
    from annotations.documents.display import display_safe
    from annotations.projects.corpus import corpus_summary
    from annotations.projects.corpus_text import corpus_text
    from annotations.projects.project import load_project
    from annotations.summaries.summary import SummaryFilter
    from tui.cli.project_add import parse_attributes

    fmt = options.format or (
        "json" if options.output is not None and options.output.suffix == ".json" else "text"
    )
    if fmt not in FORMATS:
        raise UsageError(f"--format {fmt}: a project summary is written as text or json")
    by = project_by(options.by)
    project = load_project(options.files[0])
    keep = SummaryFilter(
        tuple(options.principle), tuple(options.recommendation), tuple(options.author)
    )
    summary = corpus_summary(
        project,
        by=by,
        keep=keep.keeps,
        where=parse_attributes(options.attr),
        quotes=options.quotes,
    )
    for line in summary.left_out:
        print(f"policy-annotate: {line} (left out)", file=sys.stderr)
    if fmt == "json":
        text = json.dumps(summary.as_json(), indent=2, ensure_ascii=False) + "\n"
    else:
        text = "\n".join(display_safe(line) for line in corpus_text(summary)) + "\n"
    if options.output is None:
        sys.stdout.write(text)
    else:
        from annotations.session.files import atomic_write
        from tui.cli.outputs import refuse_overwriting_inputs

        refuse_overwriting_inputs(options.output, [project.path])
        atomic_write(
            options.output,
            text.encode("utf-8"),
            expected=None,
            overwrite_changed=True,
            backup=False,
        )
        print(f"wrote {options.output}", file=sys.stderr)
    return 0
