"""``policy-annotate suggest DIR --tag ID``: a codebook tag's best passages across a project.

The rules are ``annotations.projects.corpus_suggest``'s; this module loads the project, checks
the tag, reports what was left out (one line each on standard error, then how many) and prints
the passages in the forms of ``suggest FILE``, each with its document.
"""

from __future__ import annotations

import argparse
import sys

from annotations.projects import PROJECT_FILE
from tui.cli.suggest_text import Row, missing_extra, print_rows, unknown_tag


def run(options: argparse.Namespace) -> int:
    """Print the project's best passages for ``--tag``; returns the exit code."""
    from annotations.projects.corpus_suggest import codebook_ids, suggest_in_project
    from annotations.projects.project import load_project
    from annotations.text_plural import count_of

    folder = options.file.parent if options.file.name == PROJECT_FILE else options.file
    project = load_project(folder)
    try:
        found = suggest_in_project(project, options.tag, top=options.top)
    except KeyError:
        ids = codebook_ids(project.model.codebook)
        raise unknown_tag(str(project.path), options.tag, ids, "the codebook") from None
    except ImportError as error:
        raise missing_extra(str(project.path), error) from None
    for line in found.left_out:
        print(f"policy-annotate: {line} (left out)", file=sys.stderr)
    if found.left_out:
        print(
            f"policy-annotate: {count_of(len(found.left_out), 'file')} left out; "
            f"{count_of(found.ranked, 'document')} ranked",
            file=sys.stderr,
        )
    rows = [
        Row(
            item.suggestion.start,
            item.suggestion.end,
            item.line,
            item.suggestion.score,
            item.quote,
            item.suggestion.reasons,
            item.document.id,
            item.document.path,
        )
        for item in found.suggestions
    ]
    head: dict[str, object] = {
        "project": str(folder),
        "tag": found.tag,
        "kind": found.kind,
        "documents_ranked": found.ranked,
        "left_out": found.left_out,
    }
    print_rows(options.format, head, found.title, rows)
    return 0
