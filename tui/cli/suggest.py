"""``policy-annotate suggest``: the passages of a document most likely to speak to a tag.

No Textual here. The ranking is ``annotations.suggesting``'s (numpy, the ``suggest`` extra,
imported only when the command runs); this module loads the file, checks the tag and prints.
Everything taken from the files goes through ``display_safe`` in the text and CSV forms; the
JSON form escapes every non-ASCII and control character.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from tui.cli.command import Command

if TYPE_CHECKING:
    from annotations.documents.document import Document
    from annotations.suggesting import Suggestion

FORMATS = ("text", "json", "csv")
WIDTH = 80
REASONS_SHOWN = 6


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """FILE, --tag, --top, --format."""
    parser.add_argument("file", type=Path, metavar="FILE", help="an annotation file (.toml)")
    parser.add_argument(
        "--tag",
        required=True,
        metavar="ID",
        help="a recommendation id (R4) or principle id (collaboration) of the file's taxonomy",
    )
    parser.add_argument(
        "--top", type=int, default=10, metavar="N", help="how many passages (default 10)"
    )
    parser.add_argument("--format", choices=FORMATS, default="text", help="default: text")


def run(options: argparse.Namespace) -> int:
    """Print the ranked passages; returns the exit code."""
    from annotations.errors import PolicyAnnotateError, Problem
    from annotations.summaries.loading import load_for_summary
    from tui.cli.problems import report

    if options.top < 1:
        raise PolicyAnnotateError([Problem("--top", "must be 1 or more")])
    models, document, warnings = load_for_summary([options.file])
    report(warnings)
    model = models[0]
    try:
        from annotations.suggesting import find_tag, suggest
        from annotations.suggesting.index import SentenceIndex
    except ImportError as error:
        raise PolicyAnnotateError(
            [
                Problem(
                    str(options.file),
                    f"suggestions need the 'suggest' extra ({error.name} is missing): "
                    "pip install 'policy-annotate[suggest]'",
                )
            ]
        ) from None
    kind = find_tag(model, options.tag)
    if kind is None:
        ids = [r.id for r in model.taxonomy.recommendations] + [
            p.id for p in model.taxonomy.principles
        ]
        raise PolicyAnnotateError(
            [
                Problem(
                    str(options.file),
                    f"no recommendation or principle {options.tag!r} in the taxonomy "
                    f"(ids: {', '.join(ids) or 'none'})",
                    field="--tag",
                )
            ]
        )
    suggestions = suggest(SentenceIndex(document), model, options.tag, top=options.top)
    if options.format == "json":
        print(_json(options, kind, document, suggestions))
    elif options.format == "csv":
        print(_csv(document, suggestions), end="")
    else:
        print(_text(options, kind, model_title(model, options.tag), document, suggestions))
    return 0


def model_title(model: object, tag: str) -> str:
    """The tag's title (recommendation) or label (principle)."""
    from annotations.format.model import AnnotationFile

    assert isinstance(model, AnnotationFile)
    recommendation = model.recommendation(tag)
    if recommendation is not None:
        return recommendation.title
    principle = model.principle(tag)
    return principle.label if principle is not None else tag


def _line(document: Document, offset: int) -> int:
    return document.text.count("\n", 0, offset) + 1


def _flat(text: str) -> str:
    from annotations.documents.display import display_safe

    return display_safe(" ".join(text.split()), keep_newlines=False)


def _text(
    options: argparse.Namespace,
    kind: str,
    title: str,
    document: Document,
    suggestions: list[Suggestion],
) -> str:
    import textwrap

    lines = textwrap.wrap(
        f"{_flat(options.tag)} ({kind}): {_flat(title)}",
        WIDTH,
        subsequent_indent="  ",
    )
    if not suggestions:
        lines.append("No passage found: none shares a word with the tag or its examples.")
    for number, suggestion in enumerate(suggestions, 1):
        quote = _flat(document.text[suggestion.start : suggestion.end])
        head = (
            f"{number:>2}. score {suggestion.score:.2f}, line {_line(document, suggestion.start)},"
            f" offsets {suggestion.start}-{suggestion.end}"
        )
        lines += ["", head]
        lines += textwrap.wrap(quote, WIDTH, initial_indent="    ", subsequent_indent="    ")
        shown = [
            f"{_flat(r.text) if r.kind == 'word' else r.kind + ' “' + _flat(r.text) + '”'}"
            f" ({r.weight:.2f})"
            for r in suggestion.reasons[:REASONS_SHOWN]
        ]
        more = len(suggestion.reasons) - REASONS_SHOWN
        if more > 0:
            shown.append(f"{more} more")
        lines += textwrap.wrap(
            "why: " + ", ".join(shown), WIDTH, initial_indent="    ", subsequent_indent="         "
        )
    return "\n".join(lines)


def _json(
    options: argparse.Namespace, kind: str, document: Document, suggestions: list[Suggestion]
) -> str:
    import json

    return json.dumps(
        {
            "file": str(options.file),
            "tag": options.tag,
            "kind": kind,
            "suggestions": [
                {
                    "rank": number,
                    "start": s.start,
                    "end": s.end,
                    "line": _line(document, s.start),
                    "score": s.score,
                    "quote": document.text[s.start : s.end],
                    "reasons": [
                        {"kind": r.kind, "text": r.text, "weight": r.weight} for r in s.reasons
                    ],
                }
                for number, s in enumerate(suggestions, 1)
            ],
        },
        indent=2,
        ensure_ascii=True,  # escapes control characters and bidi overrides too: safe to print
    )


def _csv(document: Document, suggestions: list[Suggestion]) -> str:
    import csv
    import io

    from annotations.documents.display import display_safe

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["rank", "start", "end", "line", "score", "quote", "reasons"])
    for number, s in enumerate(suggestions, 1):
        reasons = "; ".join(f"{r.kind}:{display_safe(r.text)}={r.weight}" for r in s.reasons)
        quote = display_safe(document.text[s.start : s.end])
        writer.writerow([number, s.start, s.end, _line(document, s.start), s.score, quote, reasons])
    return out.getvalue()


COMMAND = Command(
    name="suggest",
    help="rank the passages of a document most likely to speak to a tag",
    description=(
        "Rank the sentences of an annotation file's document by how likely they speak to a "
        "recommendation or principle, with the words that matched."
    ),
    add_arguments=add_arguments,
    run=run,
)
