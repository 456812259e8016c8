"""Summaries as files: Markdown, HTML, JSON, CSV and SVG.

Kept apart from the terminal text, which ``policy-annotate summary`` writes most often, so that
it neither compiles nor imports what only these formats need (``html``, ``csv``, ``re``).
"""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Iterable, Sequence

from pydantic_core import to_json
from rich.console import Console

from annotations.documents.document import Document
from annotations.format.model import AnnotationFile
from annotations.summaries.render import (
    NOTHING_TAGGED,
    STANCE_COLORS,
    VIEWS,
    counts_phrase,
    page_citation,
    plain_text,
    render_console,
)
from annotations.summaries.summary import STANCES, Summary, SummaryFilter

# Rich's SVG template fetches its font from a CDN when the viewer has no Fira Code: left out,
# so the file opens offline and tells nobody it was opened (the font falls back to monospace).
REMOTE_FONT = re.compile(r',\s*url\("https?://[^"]*"\)\s*format\("[^"]*"\)')
CSV_COLUMNS = [
    "file",
    "id",
    "start",
    "end",
    "principles",
    "recommendations",
    "stance",
    "author",
    "created",
    "updated",
    "quote",
    "note",
]


def render_svg(summary: Summary, views: Sequence[str] = VIEWS, width: int = 110) -> str:
    """The summary as an SVG image (Rich's export), with no external resources."""
    console = Console(
        record=True, width=width, file=io.StringIO(), force_terminal=True, color_system="truecolor"
    )
    render_console(summary, console, views)
    svg = console.export_svg(
        title=plain_text(str(summary.document["title"]) or "policy-annotate summary")
    )
    return REMOTE_FONT.sub("", svg)


# --- Markdown ----------------------------------------------------------------------------------


_MARKDOWN_ESCAPES = str.maketrans(
    {
        **{c: "\\" + c for c in "\\`*_[]!~|"},
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
    }
)
"""What a title, note, quote or name could mean as Markdown, escaped to show as text: links
and images (``[x](javascript:…)``, ``![x](http://remote/…)``), raw HTML and entities
(``<script>``, ``&lt;``), emphasis, code, strikethrough and table cells."""


def markdown_text(text: str, limit: int | None = None) -> str:
    """``text`` as inert Markdown: on one line, escaped, cut to ``limit``."""
    return plain_text(text, limit).translate(_MARKDOWN_ESCAPES)


def render_markdown(summary: Summary, views: Sequence[str] = VIEWS) -> str:
    """The summary as GitHub-flavoured Markdown tables."""
    lines = [f"# Summary: {markdown_text(str(summary.document['title']))}", ""]
    lines.append(
        f"{counts_phrase(summary)}, covering {summary.share:.1%} of the text. Files: {', '.join(markdown_text(f) for f in summary.files)}."
    )
    if not summary.annotations:
        lines += ["", f"*{NOTHING_TAGGED}*"]
    lines.append("")
    if "principle" in views:
        lines += [
            "## Principles",
            "",
            "| Principle | Annotations | Passages | Characters | Share |",
            "|---|---:|---:|---:|---:|",
        ]
        for p in summary.principles:
            flag = " ⚠" if p.low_coverage else ""
            lines.append(
                f"| {markdown_text(p.label)}{flag} | {p.annotations} | {p.passages} | {p.characters} | {p.share:.1%} |"
            )
        lines.append("")
        for p in summary.principles:
            if p.low_coverage:
                lines.append(f"- **{markdown_text(p.verdict)}**")
        if summary.untagged_recommendations:
            lines.append(
                f"- Recommendations nobody tagged: {', '.join(markdown_text(r) for r in summary.untagged_recommendations)}"
            )
        lines.append("")
    if "recommendation" in views and summary.recommendations:
        lines += [
            "## Recommendations",
            "",
            "| Id | Recommendation | Annotations | " + " | ".join(STANCES) + " |",
            "|---|---|---:|" + "---:|" * len(STANCES),
        ]
        for r in summary.recommendations:
            lines.append(
                f"| {markdown_text(r.id)} | {markdown_text(r.title)} | {r.annotations} | "
                + " | ".join(str(r.stances[s]) for s in STANCES)
                + " |"
            )
        lines.append("")
        for r in summary.recommendations:
            if r.quotes:
                lines.append(f"**{markdown_text(r.id)}**")
                lines.append("")
                for q in r.quotes:
                    lines.append(
                        f"> “{markdown_text(q.quote, 300)}” — {markdown_text(q.author)}, {q.stance}{page_citation(q.page)}"
                    )
                    lines.append(">")
                lines[-1] = ""
        lines += [
            "## Recommendations × principles",
            "",
            "| | " + " | ".join(markdown_text(p.label) for p in summary.principles) + " |",
            "|---|" + "---:|" * len(summary.principles),
        ]
        for rid, row in summary.matrix.items():
            lines.append(
                f"| {markdown_text(rid)} | "
                + " | ".join(str(row.get(p.id, 0)) for p in summary.principles)
                + " |"
            )
        lines.append("")
    if "section" in views and summary.sections:
        lines += [
            "## Coverage by section",
            "",
            "| Section | " + " | ".join(markdown_text(p.label) for p in summary.principles) + " |",
            "|---|" + "---:|" * len(summary.principles),
        ]
        for s in summary.sections:
            lines.append(
                f"| {markdown_text(s.title)}{page_citation(s.page, ' (p. {})')} | "
                + " | ".join(f"{s.coverage.get(p.id, 0):.0%}" for p in summary.principles)
                + " |"
            )
        lines.append("")
    if "author" in views and (len(summary.authors) > 1 or tuple(views) == ("author",)):
        lines += [
            "## By analyst",
            "",
            "| | " + " | ".join(markdown_text(a.author) for a in summary.authors) + " |",
            "|---|" + "---:|" * len(summary.authors),
        ]
        lines.append(
            "| Annotations | " + " | ".join(str(a.annotations) for a in summary.authors) + " |"
        )
        for p in summary.principles:
            lines.append(
                f"| {markdown_text(p.label)} | "
                + " | ".join(str(a.principles.get(p.id, 0)) for a in summary.authors)
                + " |"
            )
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


# --- HTML ----------------------------------------------------------------------------------------

HTML_STYLE = """
body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222;line-height:1.45}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{padding:.3rem .5rem;border-bottom:1px solid #eee;text-align:left;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.bar{height:.8rem;border-radius:2px;display:inline-block;vertical-align:middle}
.track{background:#eee;width:10rem;display:inline-block;border-radius:2px}
.low{color:#8a6d00;font-weight:600}.dim{color:#777}
blockquote{margin:.3rem 0 .3rem 1rem;padding-left:.6rem;border-left:3px solid #ccc;color:#444}
.stack{display:flex;width:8rem;height:.8rem;background:#eee}.strip{display:flex;gap:1px}.cell{width:1rem;height:1rem}
"""


def html_text(text: str, limit: int | None = None) -> str:
    """``text`` as escaped HTML: on one line, cut to ``limit``."""
    return html.escape(plain_text(text, limit))


def render_html(summary: Summary, views: Sequence[str] = VIEWS) -> str:
    """The summary as one self-contained HTML page (inline CSS, no scripts, no network)."""
    title = html_text(str(summary.document["title"]) or "Summary")
    out = [
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Summary: {title}</title><style>{HTML_STYLE}</style></head><body>'
    ]
    out.append(
        f'<h1>{title}</h1><p class="dim">{counts_phrase(summary)}, covering {summary.share:.1%} of the text. Files: {html_text(", ".join(summary.files))}.</p>'
    )
    if not summary.annotations:
        out.append(f"<p><em>{NOTHING_TAGGED}</em></p>")
    if "principle" in views:
        out.append(
            "<h2>Principles</h2><table><tr><th>Principle</th><th class=n>Annotations</th><th class=n>Passages</th><th class=n>Share</th><th>Coverage</th></tr>"
        )
        for p in summary.principles:
            width = 10 * min(1.0, p.share)  # the track's 10rem is the whole text
            flag = ' <span class="low">⚠ little coverage</span>' if p.low_coverage else ""
            out.append(
                f'<tr><td style="color:{html.escape(p.color)}"><b>{html_text(p.label)}</b>{flag}</td><td class=n>{p.annotations}</td><td class=n>{p.passages}</td><td class=n>{p.share:.1%}</td>'
                f'<td><span class=track><span class=bar style="width:{width:.2f}rem;background:{html.escape(p.color)}"></span></span></td></tr>'
            )
        out.append("</table><ul>")
        out += [
            f"<li class=low>{html_text(p.verdict)}</li>"
            for p in summary.principles
            if p.low_coverage
        ]
        if summary.untagged_recommendations:
            out.append(
                f"<li>Recommendations nobody tagged: {html_text(', '.join(summary.untagged_recommendations))}</li>"
            )
        out.append("</ul>")
    if "recommendation" in views and summary.recommendations:
        out.append(
            "<h2>Recommendations</h2><table><tr><th>Id</th><th>Recommendation</th><th class=n>Annotations</th><th>Stances</th></tr>"
        )
        for r in summary.recommendations:
            total = sum(r.stances.values()) or 1
            stack = "".join(
                f'<span title="{s}: {n}" style="width:{100 * n / total:.1f}%;background:{STANCE_COLORS[s]}"></span>'
                for s, n in r.stances.items()
                if n
            )
            quotes = "".join(
                f"<blockquote>“{html_text(q.quote, 400)}” <span class=dim>— {html_text(q.author)}, {q.stance}{page_citation(q.page)}</span></blockquote>"
                for q in r.quotes
            )
            out.append(
                f"<tr><td><b>{html_text(r.id)}</b></td><td>{html_text(r.title)}{quotes}</td><td class=n>{r.annotations}</td><td><span class=stack>{stack}</span></td></tr>"
            )
        out.append(
            "</table><p class=dim>"
            + " ".join(f'<span style="color:{c}">■</span> {s}' for s, c in STANCE_COLORS.items())
            + "</p>"
        )
        peak = max([n for row in summary.matrix.values() for n in row.values()] + [1])
        out.append(
            "<h2>Recommendations × principles</h2><table><tr><th></th>"
            + "".join(f"<th class=n>{html_text(p.label)}</th>" for p in summary.principles)
            + "</tr>"
        )
        for rid, row in summary.matrix.items():
            cells = "".join(
                f'<td class=n style="background:{html.escape(p.color)}{int(40 + 215 * row.get(p.id, 0) / peak):02x}">{row.get(p.id, 0)}</td>'
                if row.get(p.id, 0)
                else "<td class=n>·</td>"
                for p in summary.principles
            )
            out.append(f"<tr><td><b>{html_text(rid)}</b></td>{cells}</tr>")
        out.append("</table>")
    if "section" in views and summary.sections:
        out.append("<h2>Coverage along the document</h2><table>")
        for p in summary.principles:
            cells = "".join(
                f'<span class=cell title="{html_text(s.title)}: {s.coverage.get(p.id, 0):.0%}" style="background:{html.escape(p.color)}{int(20 + 235 * min(1.0, s.coverage.get(p.id, 0) * 2)):02x}"></span>'
                for s in summary.sections
            )
            out.append(
                f"<tr><td>{html_text(p.label)}</td><td><span class=strip>{cells}</span></td></tr>"
            )
        out.append(
            "</table><ol class=dim>"
            + "".join(
                f"<li>{html_text(s.title)}{page_citation(s.page, ' (p. {})')}</li>"
                for s in summary.sections
            )
            + "</ol>"
        )
    if "author" in views and (len(summary.authors) > 1 or tuple(views) == ("author",)):
        out.append(
            "<h2>By analyst</h2><table><tr><th></th>"
            + "".join(f"<th class=n>{html_text(a.author)}</th>" for a in summary.authors)
            + "</tr>"
        )
        out.append(
            "<tr><td>Annotations</td>"
            + "".join(f"<td class=n>{a.annotations}</td>" for a in summary.authors)
            + "</tr>"
        )
        for p in summary.principles:
            out.append(
                f"<tr><td>{html_text(p.label)}</td>"
                + "".join(f"<td class=n>{a.principles.get(p.id, 0)}</td>" for a in summary.authors)
                + "</tr>"
            )
        out.append("</table>")
    out.append("</body></html>\n")
    return "\n".join(out)


# --- JSON and CSV --------------------------------------------------------------------------------


def render_json(summary: Summary) -> str:
    """The summary as JSON (docs/summary.md): UTF-8 text, indented by two spaces.

    Written by pydantic-core's serializer, as when the summary was a pydantic model: the same
    number formatting (``1e-7``, not Python's ``1e-07``) and escapes, byte for byte.
    """
    return to_json(summary.as_json(), indent=2).decode("utf-8") + "\n"


def render_csv(
    models: Iterable[tuple[str, AnnotationFile]],
    keep: SummaryFilter | None = None,
    document: Document | None = None,
) -> str:
    """One row per annotation (tags joined with ';'), for spreadsheets (docs/summary.md).

    Given a paged ``document`` (a PDF), a ``page`` column after ``end`` gives each annotation's
    first page.
    """
    paged = document is not None and bool(document.pages)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    columns = list(CSV_COLUMNS)
    if paged:
        columns.insert(columns.index("end") + 1, "page")
    writer.writerow(columns)
    for name, model in models:
        for a in model.annotations:
            if keep is not None and not keep.keeps(a):
                continue
            page: list[int | None] = []
            if document is not None and paged:
                page = [document.page_at(a.start)]
            writer.writerow(
                [
                    name,
                    a.id,
                    a.start,
                    a.end,
                    *page,
                    ";".join(a.principles),
                    ";".join(a.recommendations),
                    a.stance.value,
                    a.author,
                    a.created.strftime("%Y-%m-%dT%H:%M:%SZ"),
                    a.updated.strftime("%Y-%m-%dT%H:%M:%SZ"),
                    a.quote,
                    a.note,
                ]
            )
    return buffer.getvalue()
