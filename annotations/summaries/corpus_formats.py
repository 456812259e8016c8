"""A project's cross-document summary as Markdown, HTML and SVG (``summary DIR --format …``).

User text (titles, ids, quotes, notes, analysts, attribute values) is escaped as the
single-document renderers escape it (``annotations.summaries.formats``): Markdown syntax with a
backslash or an entity, HTML with ``html.escape``, and control characters shown as pictures.
"""

from __future__ import annotations

import io

from rich.console import Console
from rich.text import Text

from annotations.documents.display import display_safe
from annotations.projects.corpus import CorpusSummary
from annotations.projects.corpus_text import STANCE_GLYPHS, corpus_text, matrix_cell
from annotations.summaries.formats import HTML_STYLE, REMOTE_FONT, html_text, markdown_text
from annotations.summaries.render import STANCE_COLORS, plain_text
from annotations.text_plural import count_of


def _heading(summary: CorpusSummary) -> str:
    return (
        f"{count_of(summary.documents, 'document')}, {count_of(summary.files, 'annotation file')}, "
        f"{count_of(summary.annotations, 'annotation')}"
    )


def _counts(stances: dict[str, int]) -> str:
    return ", ".join(f"{count} {stance}" for stance, count in stances.items()) or "no stance"


def render_corpus_markdown(summary: CorpusSummary) -> str:
    """The cross-document summary as GitHub-flavoured Markdown."""
    lines = [f"# Summary: {markdown_text(summary.project)}", "", _heading(summary) + "."]
    if summary.filters.get("where"):
        lines.append(
            "Only documents with " + ", ".join(markdown_text(w) for w in summary.filters["where"])
        )
    if summary.left_out:
        lines.append(
            f"{count_of(len(summary.left_out), 'file')} left out: unreadable or misplaced."
        )
    lines += ["", "## Recommendations", ""]
    for r in summary.recommendations:
        lines += [f"### {markdown_text(r.id)}: {markdown_text(r.title)}", ""]
        if not r.documents:
            lines += ["No document speaks to it.", ""]
            continue
        for stance, ids in r.documents.items():
            lines.append(f"- **{stance}** ({len(ids)}): {', '.join(markdown_text(i) for i in ids)}")
        if summary.by is not None and r.groups:
            lines.append(f"- by {markdown_text(summary.by)}:")
            lines += [f"  - {markdown_text(v)}: {_counts(s)}" for v, s in r.groups.items()]
        lines.append("")
        for q in r.quotes:
            who = markdown_text(q.author or "unsigned")
            lines += [
                f"> “{markdown_text(q.quote, 300)}” — {markdown_text(q.document)} ({who}, {q.stance})",
                "",
            ]
    ids = [r.id for r in summary.recommendations]
    if ids and summary.matrix:
        key = ", ".join(f"{markdown_text(g)} {s}" for s, g in STANCE_GLYPHS.items())
        lines += ["## Documents × recommendations", "", f"Key: {key}, · nothing.", ""]
        lines.append("| Document | " + " | ".join(markdown_text(i) for i in ids) + " |")
        lines.append("|---|" + ":---:|" * len(ids))
        for document, row in summary.matrix.items():
            cells = " | ".join(markdown_text(matrix_cell(row.get(i, []))) for i in ids)
            lines.append(f"| {markdown_text(document)} | {cells} |")
        lines.append("")
    if summary.principles:
        lines += [
            "## Principles across the corpus",
            "",
            "| Principle | Documents | Annotations | Share |",
            "|---|---:|---:|---:|",
        ]
        for p in summary.principles:
            flag = " ⚠" if p.low_coverage else ""
            lines.append(
                f"| {markdown_text(p.label)}{flag} | {p.documents} | {p.annotations} | {p.share:.1%} |"
            )
        lines.append("")
        lines += [f"- **{markdown_text(p.verdict)}**" for p in summary.principles if p.low_coverage]
    return "\n".join(lines).rstrip() + "\n"


def render_corpus_html(summary: CorpusSummary) -> str:
    """The cross-document summary as one self-contained HTML page (no scripts, no network)."""
    title = html_text(summary.project)
    out = [
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Summary: {title}'
        f"</title><style>{HTML_STYLE}</style></head><body>",
        f'<h1>{title}</h1><p class="dim">{_heading(summary)}.</p>',
    ]
    if summary.filters.get("where"):
        out.append(f"<p>Only documents with {html_text(', '.join(summary.filters['where']))}</p>")
    if summary.left_out:
        out.append(f"<p class=low>{count_of(len(summary.left_out), 'file')} left out.</p>")
    out.append("<h2>Recommendations</h2>")
    for r in summary.recommendations:
        out.append(f"<h3>{html_text(r.id)}: {html_text(r.title)}</h3>")
        if not r.documents:
            out.append("<p class=dim>No document speaks to it.</p>")
            continue
        out.append("<ul>")
        for stance, ids in r.documents.items():
            color = STANCE_COLORS.get(stance, "#888888")
            out.append(
                f'<li><b style="color:{color}">{stance}</b> ({len(ids)}): {html_text(", ".join(ids))}</li>'
            )
        if summary.by is not None and r.groups:
            groups = "".join(f"<li>{html_text(v)}: {_counts(s)}</li>" for v, s in r.groups.items())
            out.append(f"<li>by {html_text(summary.by)}:<ul>{groups}</ul></li>")
        out.append("</ul>")
        out += [
            f"<blockquote>“{html_text(q.quote, 400)}” <span class=dim>— {html_text(q.document)} "
            f"({html_text(q.author or 'unsigned')}, {q.stance})</span></blockquote>"
            for q in r.quotes
        ]
    ids = [r.id for r in summary.recommendations]
    if ids and summary.matrix:
        out.append("<h2>Documents × recommendations</h2><table><tr><th>Document</th>")
        out += [f"<th>{html_text(i)}</th>" for i in ids]
        out.append("</tr>")
        for document, row in summary.matrix.items():
            cells = "".join(
                f'<td title="{html_text(", ".join(row.get(i, [])) or "nothing")}">'
                f"{html_text(matrix_cell(row.get(i, [])))}</td>"
                for i in ids
            )
            out.append(f"<tr><td>{html_text(document)}</td>{cells}</tr>")
        key = " ".join(f"{html_text(g)} {s}" for s, g in STANCE_GLYPHS.items())
        out.append(f"</table><p class=dim>{key}, · nothing</p>")
    if summary.principles:
        out.append(
            "<h2>Principles across the corpus</h2><table><tr><th>Principle</th>"
            "<th class=n>Documents</th><th class=n>Annotations</th><th class=n>Share</th></tr>"
        )
        for p in summary.principles:
            flag = ' <span class="low">⚠ little to say</span>' if p.low_coverage else ""
            out.append(
                f'<tr><td style="color:{html_text(p.color)}"><b>{html_text(p.label)}</b>{flag}</td>'
                f"<td class=n>{p.documents}</td><td class=n>{p.annotations}</td>"
                f"<td class=n>{p.share:.1%}</td></tr>"
            )
        out.append("</table><ul>")
        out += [
            f"<li class=low>{html_text(p.verdict)}</li>"
            for p in summary.principles
            if p.low_coverage
        ]
        out.append("</ul>")
    out.append("</body></html>\n")
    return "\n".join(out)


def render_corpus_svg(summary: CorpusSummary, width: int = 110) -> str:
    """The text form drawn as an SVG image (Rich's export), with no external resources."""
    console = Console(
        record=True, width=width, file=io.StringIO(), force_terminal=True, color_system="truecolor"
    )
    for line in corpus_text(summary, width):
        console.print(Text(display_safe(line)), overflow="fold", crop=False)
    svg = console.export_svg(title=plain_text(summary.project or "policy-annotate summary"))
    return REMOTE_FONT.sub("", svg)
