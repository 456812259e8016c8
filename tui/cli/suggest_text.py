"""How ``policy-annotate suggest`` prints its passages (text, JSON, CSV), for a file or a
project, and the one-line problems both forms share.

Everything taken from the files goes through ``display_safe`` in the text and CSV forms; the
JSON form escapes every non-ASCII and control character.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from annotations.suggesting import Reason

FORMATS = ("text", "json", "csv")
WIDTH = 80
REASONS_SHOWN = 6


class Row(NamedTuple):
    """A suggested passage as printed: where, how good, why, and its document in a project."""

    start: int
    end: int
    line: int
    score: float
    quote: str
    reasons: tuple[Reason, ...]
    document: str | None = None
    """The project document's id (None for a single file)."""
    path: str | None = None
    """The project document's path, as the project file gives it."""


def missing_extra(name: str, error: ImportError) -> Exception:
    """The one-line problem of the ``suggest`` extra not installed."""
    from annotations.errors import PolicyAnnotateError, Problem

    return PolicyAnnotateError(
        [
            Problem(
                name,
                f"suggestions need the 'suggest' extra ({error.name} is missing): "
                "pip install 'policy-annotate[suggest]'",
            )
        ]
    )


def unknown_tag(name: str, tag: str, ids: list[str], where: str = "the taxonomy") -> Exception:
    """The one-line problem of a tag that is not there, naming the ids that are."""
    from annotations.errors import PolicyAnnotateError, Problem

    return PolicyAnnotateError(
        [
            Problem(
                name,
                f"no recommendation or principle {tag!r} in {where} "
                f"(ids: {', '.join(ids) or 'none'})",
                field="--tag",
            )
        ]
    )


def print_rows(fmt: str, head: dict[str, object], title: str, rows: list[Row]) -> None:
    """Print the passages in ``fmt``; ``head`` starts the JSON object (file or project, tag,
    kind, ...)."""
    if fmt == "json":
        print(_json(head, rows))
    elif fmt == "csv":
        print(_csv(rows), end="")
    else:
        print(_text(str(head["tag"]), str(head["kind"]), title, rows))


def _flat(text: str) -> str:
    from annotations.documents.display import display_safe

    return display_safe(" ".join(text.split()), keep_newlines=False)


def _text(tag: str, kind: str, title: str, rows: list[Row]) -> str:
    import textwrap

    lines = textwrap.wrap(
        f"{_flat(tag)} ({kind}): {_flat(title)}",
        WIDTH,
        subsequent_indent="  ",
    )
    if not rows:
        lines.append("No passage found: none shares a word with the tag or its examples.")
    for number, row in enumerate(rows, 1):
        head = f"{number:>2}. score {row.score:.2f}, line {row.line}, offsets {row.start}-{row.end}"
        lines += ["", head]
        if row.document is not None:
            lines += textwrap.wrap(
                f"in {_flat(row.document)} ({_flat(row.path or '')})",
                WIDTH,
                initial_indent="    ",
                subsequent_indent="      ",
            )
        lines += textwrap.wrap(
            _flat(row.quote), WIDTH, initial_indent="    ", subsequent_indent="    "
        )
        shown = [
            f"{_flat(r.text) if r.kind == 'word' else r.kind + ' “' + _flat(r.text) + '”'}"
            f" ({r.weight:.2f})"
            for r in row.reasons[:REASONS_SHOWN]
        ]
        more = len(row.reasons) - REASONS_SHOWN
        if more > 0:
            shown.append(f"{more} more")
        lines += textwrap.wrap(
            "why: " + ", ".join(shown), WIDTH, initial_indent="    ", subsequent_indent="         "
        )
    return "\n".join(lines)


def _json(head: dict[str, object], rows: list[Row]) -> str:
    import json

    suggestions: list[dict[str, object]] = []
    for number, row in enumerate(rows, 1):
        item: dict[str, object] = {"rank": number}
        if row.document is not None:
            item |= {"document": row.document, "path": row.path}
        item |= {
            "start": row.start,
            "end": row.end,
            "line": row.line,
            "score": row.score,
            "quote": row.quote,
            "reasons": [{"kind": r.kind, "text": r.text, "weight": r.weight} for r in row.reasons],
        }
        suggestions.append(item)
    return json.dumps(
        {**head, "suggestions": suggestions},
        indent=2,
        ensure_ascii=True,  # escapes control characters and bidi overrides too: safe to print
    )


def _csv(rows: list[Row]) -> str:
    import csv
    import io

    from annotations.documents.display import display_safe

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    project = bool(rows) and rows[0].document is not None
    where = ["document", "path"] if project else []
    writer.writerow(["rank", *where, "start", "end", "line", "score", "quote", "reasons"])
    for number, row in enumerate(rows, 1):
        reasons = "; ".join(f"{r.kind}:{display_safe(r.text)}={r.weight}" for r in row.reasons)
        located = (
            [display_safe(row.document or ""), display_safe(row.path or "")] if project else []
        )
        quote = display_safe(row.quote)
        writer.writerow([number, *located, row.start, row.end, row.line, row.score, quote, reasons])
    return out.getvalue()
