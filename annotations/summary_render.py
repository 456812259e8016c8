"""Summaries rendered: Rich renderables (terminal text, SVG, the app), Markdown, HTML, JSON, CSV.

Text from documents and annotation files only ever enters Rich as ``Text`` objects (never markup)
and passes through ``display_safe``, so quotes holding ``[bold]`` or escape sequences print
literally.
"""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Callable, Iterable, Sequence

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.padding import Padding
from rich.style import Style
from rich.table import Table
from rich.text import Text

from annotations.display import display_safe
from annotations.document import Document
from annotations.model import AnnotationFile
from annotations.summary import STANCES, Summary, SummaryFilter

VIEWS = ("principle", "recommendation", "section", "author")
STANCE_COLORS = {
    "support": "#4e9a06",
    "caution": "#c4a000",
    "oppose": "#cc0000",
    "neutral": "#888888",
}
# Each stance has a glyph as well as a colour: bars read in plain text and for colour-blind readers.
STANCE_GLYPHS = {"neutral": "░", "support": "█", "caution": "▓", "oppose": "▒"}
NOTHING_TAGGED = "No annotations yet: nothing has been tagged in this document."
SHADES = " ░▒▓█"
BAR = 20


def _safe(text: str, limit: int | None = None) -> str:
    flat = display_safe(" ".join(text.split()), keep_newlines=False)
    if limit is not None and len(flat) > limit:
        return flat[: limit - 1] + "…"
    return flat


def _shade(value: float, top: float) -> str:
    if value <= 0 or top <= 0:
        return SHADES[0]
    return SHADES[min(len(SHADES) - 1, 1 + int((len(SHADES) - 2) * value / top + 0.5))]


# --- Rich ------------------------------------------------------------------------------------


class _FitWidth:
    """A renderable built for the width it is given: tables leave out what a narrow one cannot hold."""

    def __init__(self, build: Callable[[Console, ConsoleOptions], RenderableType]) -> None:
        self.build = build

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.build(console, options)


def _page(page: int | None, form: str = ", p. {}") -> str:
    """A page citation ("p. 12") for a paged document; empty when the page is unknown."""
    return form.format(page) if page is not None else ""


def _title(text: str) -> Text:
    return Text(text, style="bold")


def renderables(summary: Summary, views: Sequence[str] = VIEWS) -> list[RenderableType]:
    """The summary as Rich renderables, one block per view."""
    blocks: list[RenderableType] = [_heading(summary)]
    if "principle" in views:
        blocks += [
            _FitWidth(lambda console, options: _principles(summary, console, options)),
            _callouts(summary),
        ]
    if "recommendation" in views and summary.recommendations:
        blocks += [
            _FitWidth(lambda console, options: _recommendations(summary, options.max_width)),
            _matrix(summary),
        ]
    if "section" in views and summary.sections:
        blocks.append(_sections(summary))
    if "author" in views and (len(summary.authors) > 1 or tuple(views) == ("author",)):
        blocks.append(_authors(summary))
    return [Padding(block, (0, 0, 1, 0)) for block in blocks]


def _heading(summary: Summary) -> Text:
    text = Text()
    text.append(
        _safe(str(summary.document["title"]) or str(summary.document["path"])), style="bold"
    )
    text.append("\n")
    files = ", ".join(_safe(f) for f in summary.files)
    text.append(
        f"{summary.annotations} annotations on {summary.passages} passages covering {summary.share:.1%} of the text · {files}",
        style="dim",
    )
    filters = [f"{k}: {', '.join(v)}" for k, v in summary.filters.items() if v]
    if filters:
        text.append("\nFiltered by " + _safe("; ".join(filters)), style="italic")
    if not summary.annotations:
        text.append(f"\n{NOTHING_TAGGED}", style="italic")
    return text


# The numeric columns of the principles table, with long and short headers.
_LONG_HEADERS = ("Annotations", "Passages", "Chars", "Share")
_SHORT_HEADERS = ("Ann.", "Pass.", "Chars", "Share")


def _principles(summary: Summary, console: Console, options: ConsoleOptions) -> Table:
    """The principles table at its widest that fits: long headers, characters and a bar if room.

    Narrower, it takes short headers, then leaves out the characters, then lets labels wrap.
    """
    width = options.max_width
    variants = (
        (_LONG_HEADERS, True, 16),
        (_SHORT_HEADERS, True, 16),
        (_SHORT_HEADERS, False, 16),
        (_SHORT_HEADERS, False, 0),
    )
    fallback: Table | None = None
    candidate: Table | None = None
    for headers, characters, label_width in variants:
        candidate = _principle_table(summary, headers, characters, label_width, bar=0)
        # measured as if there were room (Measurement.get clamps to the width it is given)
        minimum = Measurement.get(console, options.update_width(10_000), candidate).minimum
        spare = width - minimum
        if spare - 3 >= 8:  # the coverage column: its bar, a cell of padding each side, a rule
            bar = min(BAR, spare - 3)
            return _principle_table(summary, headers, characters, label_width, bar=bar)
        if spare >= 0 and fallback is None:
            fallback = candidate
    assert candidate is not None
    return fallback or candidate


def _principle_table(
    summary: Summary, headers: tuple[str, ...], characters: bool, label_width: int, *, bar: int
) -> Table:
    table = Table(title=_title("Principles"), title_justify="left", expand=False)
    table.add_column(Text("Principle"), min_width=label_width or None, max_width=30)
    for header in headers:
        if header == "Chars" and not characters:
            continue
        table.add_column(Text(header), justify="right", no_wrap=True)
    if bar:
        table.add_column(Text("Coverage"), no_wrap=True)
    top = max([p.share for p in summary.principles] + [0.0])
    for principle in summary.principles:
        label = Text(_safe(principle.label), style=Style(color=principle.color, bold=True))
        if principle.low_coverage:
            label.append(" ⚠", style="bold yellow")
        cells: list[RenderableType] = [
            label,
            Text(str(principle.annotations)),
            Text(str(principle.passages)),
        ]
        if characters:
            cells.append(Text(f"{principle.characters:,}"))
        cells.append(Text(f"{principle.share:.1%}"))
        if bar:
            filled = round(bar * principle.share / top) if top else 0
            cells.append(
                Text("█" * filled, style=Style(color=principle.color))
                + Text("·" * (bar - filled), style="dim")
            )
        table.add_row(*cells)
    return table


def _callouts(summary: Summary) -> Group:
    """The principles with little coverage (a bulleted list) and the recommendations nobody tagged."""
    parts: list[RenderableType] = []
    low = [p for p in summary.principles if p.low_coverage]
    if low:
        parts.append(Text("Little coverage", style="bold yellow"))
        bullets = Table.grid()
        bullets.add_column(no_wrap=True)
        bullets.add_column()
        for principle in low:
            bullets.add_row(Text("  • "), Text(_safe(principle.verdict)))
        parts.append(bullets)
    elif summary.principles:
        parts.append(Text("Every principle is covered.", style="green"))
    if summary.untagged_recommendations:
        untagged = Text("Recommendations nobody tagged: ", style="bold")
        untagged.append(_safe(", ".join(summary.untagged_recommendations)))
        parts.append(untagged)
    return Group(*parts)


def _stance_legend() -> Text:
    legend = Text("Stances: ", style="dim")
    for stance in STANCES:
        legend.append(STANCE_GLYPHS[stance], style=STANCE_COLORS[stance])
        legend.append(f" {stance}  ", style="dim")
    legend.rstrip()
    return legend


def _stance_bar(stances: dict[str, int], width: int = 12) -> Text:
    """A bar split by stance: each its colour and its own glyph, so it reads without colour too."""
    total = sum(stances.values())
    text = Text()
    if not total:
        return Text("·" * width, style="dim")
    used = 0
    for stance in STANCES:
        cells = round(width * stances.get(stance, 0) / total)
        cells = min(cells, width - used)
        text.append(STANCE_GLYPHS[stance] * cells, style=STANCE_COLORS[stance])
        used += cells
    if used < width:
        text.append("·" * (width - used), style="dim")
    return text


def _recommendations(summary: Summary, width: int) -> Table:
    """Each recommendation with its counts, linked principles and quotes; narrow: no stance bar."""
    id_width = max([len(r.id) for r in summary.recommendations] + [2])
    # id, "Annotations" and a 12-cell bar, with padding and rules, leave the text at least 24 cells
    wide = width - (id_width + 11 + 12 + 13) >= 24
    table = Table(
        title=_title("Recommendations"),
        title_justify="left",
        expand=True,
        caption=_stance_legend(),
        caption_justify="left",
    )
    table.add_column(Text("Id"), no_wrap=True, style="bold")
    table.add_column(Text("Recommendation"), ratio=1)
    table.add_column(Text("Annotations" if wide else "Ann."), justify="right", no_wrap=True)
    if wide:
        table.add_column(Text("Stances"), no_wrap=True)
    for recommendation in summary.recommendations:
        body = Text(_safe(recommendation.title))
        counts = ", ".join(f"{n} {s}" for s, n in recommendation.stances.items() if n)
        if counts:
            body.append(f"\n{counts}", style="dim")
        linked = [p.label for p in summary.principles if recommendation.principles.get(p.id)]
        if linked:
            body.append("\nPrinciples: " + _safe(", ".join(linked)), style="dim")
        for quote in recommendation.quotes:
            body.append("\n“" + _safe(quote.quote, 160) + "”", style="italic")
            body.append(
                f" — {_safe(quote.author)}, {quote.stance}{_page(quote.page)}",
                style=STANCE_COLORS.get(quote.stance, ""),
            )
        cells: list[RenderableType] = [
            Text(_safe(recommendation.id)),
            body,
            Text(str(recommendation.annotations)),
        ]
        if wide:
            cells.append(_stance_bar(recommendation.stances))
        table.add_row(*cells)
    return table


def _matrix(summary: Summary) -> Table:
    table = Table(title=_title("Recommendations × principles (annotations)"), title_justify="left")
    table.add_column(Text(""))
    for principle in summary.principles:
        table.add_column(
            Text(_safe(principle.label, 16), style=Style(color=principle.color)), justify="center"
        )
    top = max([n for row in summary.matrix.values() for n in row.values()] + [0])
    for recommendation_id, row in summary.matrix.items():
        cells = []
        for principle in summary.principles:
            count = row.get(principle.id, 0)
            shade = _shade(count, top)
            cells.append(
                Text(
                    f"{shade * 2} {count}" if count else "·",
                    style=Style(color=principle.color) if count else "dim",
                )
            )
        table.add_row(Text(_safe(recommendation_id)), *cells)
    return table


def _sections(summary: Summary) -> Group:
    table = Table(show_header=False, box=None)
    table.add_column("Principle", no_wrap=True, min_width=16, max_width=30)
    table.add_column("Sections", overflow="fold")
    for principle in summary.principles:
        strip = Text()
        for section in summary.sections:
            share = section.coverage.get(principle.id, 0.0)
            strip.append(
                _shade(share, 0.5) if share else "·",
                style=Style(color=principle.color) if share else "dim",
            )
        table.add_row(
            Text(_safe(principle.label, 30), style=Style(color=principle.color, bold=True)), strip
        )
    key = Text("Sections: ", style="dim")
    key.append(
        _safe(
            " · ".join(
                f"{i + 1}. {s.title}{_page(s.page, ' (p. {})')}"
                for i, s in enumerate(summary.sections)
            )
        ),
        style="dim",
    )
    return Group(_title("Coverage along the document (one cell per section)"), table, key)


def _authors(summary: Summary) -> Table:
    table = Table(title=_title("By analyst"), title_justify="left")
    table.add_column(Text(""))
    for author in summary.authors:
        table.add_column(Text(_safe(author.author, 20)), justify="right")

    def counts(values: Iterable[int]) -> list[RenderableType]:
        return [Text(str(value)) for value in values]

    table.add_row(Text("Annotations"), *counts(a.annotations for a in summary.authors))
    for principle in summary.principles:
        table.add_row(
            Text(_safe(principle.label, 28), style=Style(color=principle.color)),
            *counts(a.principles.get(principle.id, 0) for a in summary.authors),
        )
    for stance in STANCES:
        table.add_row(
            Text(stance, style=STANCE_COLORS[stance]),
            *counts(a.stances.get(stance, 0) for a in summary.authors),
        )
    for recommendation in summary.recommendations:
        table.add_row(
            Text(_safe(recommendation.id)),
            *counts(a.recommendations.get(recommendation.id, 0) for a in summary.authors),
        )
    return table


def render_console(summary: Summary, console: Console, views: Sequence[str] = VIEWS) -> None:
    """Print the summary to a Rich console (which decides width, colour and NO_COLOR)."""
    console.print(Group(*renderables(summary, views)))


def render_text(summary: Summary, width: int = 100, views: Sequence[str] = VIEWS) -> str:
    """The summary as plain text at ``width`` columns: no escape sequences, no trailing spaces."""
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width,
        color_system=None,
        force_terminal=False,
        force_jupyter=False,
        no_color=True,
        legacy_windows=False,
        emoji=False,
        markup=False,
        highlight=False,
    )
    render_console(summary, console, views)
    return "\n".join(line.rstrip() for line in buffer.getvalue().split("\n"))


# Rich's SVG template fetches its font from a CDN when the viewer has no Fira Code: left out,
# so the file opens offline and tells nobody it was opened (the font falls back to monospace).
_FONT_URL = re.compile(r',\s*url\("https?://[^"]*"\)\s*format\("[^"]*"\)')


def render_svg(summary: Summary, views: Sequence[str] = VIEWS, width: int = 110) -> str:
    """The summary as an SVG image (Rich's export), with no external resources."""
    console = Console(
        record=True, width=width, file=io.StringIO(), force_terminal=True, color_system="truecolor"
    )
    render_console(summary, console, views)
    svg = console.export_svg(
        title=_safe(str(summary.document["title"]) or "policy-annotate summary")
    )
    return _FONT_URL.sub("", svg)


# --- Markdown ----------------------------------------------------------------------------------


def _md(text: str, limit: int | None = None) -> str:
    return _safe(text, limit).replace("|", "\\|").replace("<", "&lt;")


def render_markdown(summary: Summary, views: Sequence[str] = VIEWS) -> str:
    """The summary as GitHub-flavoured Markdown tables."""
    lines = [f"# Summary: {_md(str(summary.document['title']))}", ""]
    lines.append(
        f"{summary.annotations} annotations on {summary.passages} passages, covering {summary.share:.1%} of the text. Files: {', '.join(_md(f) for f in summary.files)}."
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
                f"| {_md(p.label)}{flag} | {p.annotations} | {p.passages} | {p.characters} | {p.share:.1%} |"
            )
        lines.append("")
        for p in summary.principles:
            if p.low_coverage:
                lines.append(f"- **{_md(p.verdict)}**")
        if summary.untagged_recommendations:
            lines.append(
                f"- Recommendations nobody tagged: {', '.join(_md(r) for r in summary.untagged_recommendations)}"
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
                f"| {_md(r.id)} | {_md(r.title)} | {r.annotations} | "
                + " | ".join(str(r.stances[s]) for s in STANCES)
                + " |"
            )
        lines.append("")
        for r in summary.recommendations:
            if r.quotes:
                lines.append(f"**{_md(r.id)}**")
                lines.append("")
                for q in r.quotes:
                    lines.append(
                        f"> “{_md(q.quote, 300)}” — {_md(q.author)}, {q.stance}{_page(q.page)}"
                    )
                    lines.append(">")
                lines[-1] = ""
        lines += [
            "## Recommendations × principles",
            "",
            "| | " + " | ".join(_md(p.label) for p in summary.principles) + " |",
            "|---|" + "---:|" * len(summary.principles),
        ]
        for rid, row in summary.matrix.items():
            lines.append(
                f"| {_md(rid)} | "
                + " | ".join(str(row.get(p.id, 0)) for p in summary.principles)
                + " |"
            )
        lines.append("")
    if "section" in views and summary.sections:
        lines += [
            "## Coverage by section",
            "",
            "| Section | " + " | ".join(_md(p.label) for p in summary.principles) + " |",
            "|---|" + "---:|" * len(summary.principles),
        ]
        for s in summary.sections:
            lines.append(
                f"| {_md(s.title)}{_page(s.page, ' (p. {})')} | "
                + " | ".join(f"{s.coverage.get(p.id, 0):.0%}" for p in summary.principles)
                + " |"
            )
        lines.append("")
    if "author" in views and (len(summary.authors) > 1 or tuple(views) == ("author",)):
        lines += [
            "## By analyst",
            "",
            "| | " + " | ".join(_md(a.author) for a in summary.authors) + " |",
            "|---|" + "---:|" * len(summary.authors),
        ]
        lines.append(
            "| Annotations | " + " | ".join(str(a.annotations) for a in summary.authors) + " |"
        )
        for p in summary.principles:
            lines.append(
                f"| {_md(p.label)} | "
                + " | ".join(str(a.principles.get(p.id, 0)) for a in summary.authors)
                + " |"
            )
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


# --- HTML ----------------------------------------------------------------------------------------

_CSS = """
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


def _h(text: str, limit: int | None = None) -> str:
    return html.escape(_safe(text, limit))


def render_html(summary: Summary, views: Sequence[str] = VIEWS) -> str:
    """The summary as one self-contained HTML page (inline CSS, no scripts, no network)."""
    title = _h(str(summary.document["title"]) or "Summary")
    out = [
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Summary: {title}</title><style>{_CSS}</style></head><body>'
    ]
    out.append(
        f'<h1>{title}</h1><p class="dim">{summary.annotations} annotations on {summary.passages} passages, covering {summary.share:.1%} of the text. Files: {_h(", ".join(summary.files))}.</p>'
    )
    if not summary.annotations:
        out.append(f"<p><em>{NOTHING_TAGGED}</em></p>")
    top = max([p.share for p in summary.principles] + [0.0])
    if "principle" in views:
        out.append(
            "<h2>Principles</h2><table><tr><th>Principle</th><th class=n>Annotations</th><th class=n>Passages</th><th class=n>Share</th><th>Coverage</th></tr>"
        )
        for p in summary.principles:
            width = 10 * p.share / top if top else 0
            flag = ' <span class="low">⚠ little coverage</span>' if p.low_coverage else ""
            out.append(
                f'<tr><td style="color:{html.escape(p.color)}"><b>{_h(p.label)}</b>{flag}</td><td class=n>{p.annotations}</td><td class=n>{p.passages}</td><td class=n>{p.share:.1%}</td>'
                f'<td><span class=track><span class=bar style="width:{width:.2f}rem;background:{html.escape(p.color)}"></span></span></td></tr>'
            )
        out.append("</table><ul>")
        out += [f"<li class=low>{_h(p.verdict)}</li>" for p in summary.principles if p.low_coverage]
        if summary.untagged_recommendations:
            out.append(
                f"<li>Recommendations nobody tagged: {_h(', '.join(summary.untagged_recommendations))}</li>"
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
                f"<blockquote>“{_h(q.quote, 400)}” <span class=dim>— {_h(q.author)}, {q.stance}{_page(q.page)}</span></blockquote>"
                for q in r.quotes
            )
            out.append(
                f"<tr><td><b>{_h(r.id)}</b></td><td>{_h(r.title)}{quotes}</td><td class=n>{r.annotations}</td><td><span class=stack>{stack}</span></td></tr>"
            )
        out.append(
            "</table><p class=dim>"
            + " ".join(f'<span style="color:{c}">■</span> {s}' for s, c in STANCE_COLORS.items())
            + "</p>"
        )
        peak = max([n for row in summary.matrix.values() for n in row.values()] + [1])
        out.append(
            "<h2>Recommendations × principles</h2><table><tr><th></th>"
            + "".join(f"<th class=n>{_h(p.label)}</th>" for p in summary.principles)
            + "</tr>"
        )
        for rid, row in summary.matrix.items():
            cells = "".join(
                f'<td class=n style="background:{html.escape(p.color)}{int(40 + 215 * row.get(p.id, 0) / peak):02x}">{row.get(p.id, 0)}</td>'
                if row.get(p.id, 0)
                else "<td class=n>·</td>"
                for p in summary.principles
            )
            out.append(f"<tr><td><b>{_h(rid)}</b></td>{cells}</tr>")
        out.append("</table>")
    if "section" in views and summary.sections:
        out.append("<h2>Coverage along the document</h2><table>")
        for p in summary.principles:
            cells = "".join(
                f'<span class=cell title="{_h(s.title)}: {s.coverage.get(p.id, 0):.0%}" style="background:{html.escape(p.color)}{int(20 + 235 * min(1.0, s.coverage.get(p.id, 0) * 2)):02x}"></span>'
                for s in summary.sections
            )
            out.append(f"<tr><td>{_h(p.label)}</td><td><span class=strip>{cells}</span></td></tr>")
        out.append(
            "</table><ol class=dim>"
            + "".join(
                f"<li>{_h(s.title)}{_page(s.page, ' (p. {})')}</li>" for s in summary.sections
            )
            + "</ol>"
        )
    if "author" in views and (len(summary.authors) > 1 or tuple(views) == ("author",)):
        out.append(
            "<h2>By analyst</h2><table><tr><th></th>"
            + "".join(f"<th class=n>{_h(a.author)}</th>" for a in summary.authors)
            + "</tr>"
        )
        out.append(
            "<tr><td>Annotations</td>"
            + "".join(f"<td class=n>{a.annotations}</td>" for a in summary.authors)
            + "</tr>"
        )
        for p in summary.principles:
            out.append(
                f"<tr><td>{_h(p.label)}</td>"
                + "".join(f"<td class=n>{a.principles.get(p.id, 0)}</td>" for a in summary.authors)
                + "</tr>"
            )
        out.append("</table>")
    out.append("</body></html>\n")
    return "\n".join(out)


# --- JSON and CSV --------------------------------------------------------------------------------


def render_json(summary: Summary) -> str:
    """The summary model as JSON (docs/summary.md)."""
    return summary.model_dump_json(indent=2) + "\n"


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


def render_csv(
    models: Iterable[tuple[str, AnnotationFile]],
    keep: SummaryFilter | None = None,
    document: Document | None = None,
) -> str:
    """One row per annotation (tags joined with ';'), for spreadsheets.

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
