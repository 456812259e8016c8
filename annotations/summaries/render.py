"""Summaries rendered: Rich renderables (terminal text, SVG, the app), Markdown, HTML, JSON, CSV.

The Rich renderables and the text form are here; Markdown, HTML, JSON, CSV and SVG are written by
``annotations.summaries.formats``, which only a command asking for one of them imports (through
``annotations.summaries.registry``), keeping the start of ``policy-annotate summary`` short.

Text from documents and annotation files only ever enters Rich as ``Text`` objects (never markup)
and passes through ``display_safe``, so quotes holding ``[bold]`` or escape sequences print
literally.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.padding import Padding
from rich.style import Style
from rich.table import Table
from rich.text import Text

from annotations.documents.display import display_safe
from annotations.summaries.summary import STANCES, Summary
from annotations.text_plural import count_of

VIEWS = ("principle", "recommendation", "section", "author")
STANCE_COLORS = {
    "support": "#4e9a06",
    "caution": "#c4a000",
    "oppose": "#cc0000",
    "neutral": "#888888",
}
# Each stance has a glyph as well as a colour: bars read in plain text and for colour-blind readers.
# None of them is a shade (SHADES, the matrix and the coverage strips) or a bar's █ and ·.
STANCE_GLYPHS = {"neutral": "=", "support": "+", "caution": "~", "oppose": "×"}
NOTHING_TAGGED = "No annotations yet: nothing has been tagged in this document."
SHADES = " ░▒▓█"
BAR = 20


def plain_text(text: str, limit: int | None = None) -> str:
    """``text`` on one line, safe to print (no escape sequences), cut to ``limit`` with "…"."""
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


def page_citation(page: int | None, form: str = ", p. {}") -> str:
    """A page citation ("p. 12") for a paged document; empty when the page is unknown."""
    return form.format(page) if page is not None else ""


def _title(text: str) -> Text:
    return Text(text, style="bold")


MARKED_QUOTE = "▶ "
"""Before the quote ``renderables`` is asked to mark (the app's summary moves a mark over them)."""


def quote_positions(summary: Summary) -> list[tuple[str, str]]:
    """Every quote the recommendations view shows, in order: (recommendation id, annotation id)."""
    return [
        (recommendation.id, quote.annotation_id)
        for recommendation in summary.recommendations
        for quote in recommendation.quotes
    ]


def renderables(
    summary: Summary, views: Sequence[str] = VIEWS, *, marked: tuple[str, str] | None = None
) -> list[RenderableType]:
    """The summary as Rich renderables, one block per view; ``marked`` (a recommendation id and
    an annotation id, as ``quote_positions`` gives them) is the quote drawn reversed after ▶."""
    blocks: list[RenderableType] = [_heading(summary)]
    if "principle" in views:
        blocks += [
            _FitWidth(lambda console, options: _principles(summary, console, options)),
            _callouts(summary),
        ]
    if "recommendation" in views and summary.recommendations:
        blocks += [
            _FitWidth(
                lambda console, options: _recommendations(summary, options.max_width, marked)
            ),
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
        plain_text(str(summary.document["title"]) or str(summary.document["path"])), style="bold"
    )
    text.append("\n")
    files = ", ".join(plain_text(f) for f in summary.files)
    text.append(
        f"{counts_phrase(summary)} covering {summary.share:.1%} of the text · {files}",
        style="dim",
    )
    filters = [f"{k}: {', '.join(v)}" for k, v in summary.filters.items() if v]
    if filters:
        text.append("\nFiltered by " + plain_text("; ".join(filters)), style="italic")
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
        minimum = _minimum_width(candidate, console, options)
        spare = width - minimum
        if spare - 3 >= 8:  # the coverage column: its bar, a cell of padding each side, a rule
            bar = min(BAR, spare - 3)
            return _principle_table(summary, headers, characters, label_width, bar=bar)
        if spare >= 0 and fallback is None:
            fallback = candidate
    assert candidate is not None
    return fallback or candidate


def _minimum_width(table: Table, console: Console, options: ConsoleOptions) -> int:
    """The table's minimum width, measured as if there were room for every column."""
    return Measurement.get(console, options.update_width(10_000), table).minimum


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
    for principle in summary.principles:
        label = Text(plain_text(principle.label), style=Style(color=principle.color, bold=True))
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
            filled = min(bar, round(bar * principle.share))  # a full bar is the whole text
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
            bullets.add_row(Text("  • "), Text(plain_text(principle.verdict)))
        parts.append(bullets)
    elif summary.principles:
        parts.append(Text("Every principle is covered.", style="green"))
    if summary.untagged_recommendations:
        untagged = Text("Recommendations nobody tagged: ", style="bold")
        untagged.append(plain_text(", ".join(summary.untagged_recommendations)))
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


def _recommendations(summary: Summary, width: int, marked: tuple[str, str] | None = None) -> Table:
    """Each recommendation with its counts, linked principles and quotes; narrow: no stance bar.
    The ``marked`` quote is reversed, after ▶."""
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
        body = Text(plain_text(recommendation.title))
        counts = ", ".join(f"{n} {s}" for s, n in recommendation.stances.items() if n)
        if counts:
            body.append(f"\n{counts}", style="dim")
        linked = [p.label for p in summary.principles if recommendation.principles.get(p.id)]
        if linked:
            body.append("\nPrinciples: " + plain_text(", ".join(linked)), style="dim")
        for quote in recommendation.quotes:
            if marked == (recommendation.id, quote.annotation_id):
                body.append("\n" + MARKED_QUOTE, style="bold")
                body.append("“" + plain_text(quote.quote, 160) + "”", style="italic reverse")
            else:
                body.append("\n“" + plain_text(quote.quote, 160) + "”", style="italic")
            body.append(
                f" — {plain_text(quote.author)}, {quote.stance}{page_citation(quote.page)}",
                style=STANCE_COLORS.get(quote.stance, ""),
            )
        cells: list[RenderableType] = [
            Text(plain_text(recommendation.id)),
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
            Text(plain_text(principle.label, 16), style=Style(color=principle.color)),
            justify="center",
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
        table.add_row(Text(plain_text(recommendation_id)), *cells)
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
            Text(plain_text(principle.label, 30), style=Style(color=principle.color, bold=True)),
            strip,
        )
    key = Text("Sections: ", style="dim")
    key.append(
        plain_text(
            " · ".join(
                f"{i + 1}. {s.title}{page_citation(s.page, ' (p. {})')}"
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
        table.add_column(Text(plain_text(author.author, 20)), justify="right")

    def counts(values: Iterable[int]) -> list[RenderableType]:
        return [Text(str(value)) for value in values]

    table.add_row(Text("Annotations"), *counts(a.annotations for a in summary.authors))
    for principle in summary.principles:
        table.add_row(
            Text(plain_text(principle.label, 28), style=Style(color=principle.color)),
            *counts(a.principles.get(principle.id, 0) for a in summary.authors),
        )
    for stance in STANCES:
        table.add_row(
            Text(stance, style=STANCE_COLORS[stance]),
            *counts(a.stances.get(stance, 0) for a in summary.authors),
        )
    for recommendation in summary.recommendations:
        table.add_row(
            Text(plain_text(recommendation.id)),
            *counts(a.recommendations.get(recommendation.id, 0) for a in summary.authors),
        )
    return table


def render_console(summary: Summary, console: Console, views: Sequence[str] = VIEWS) -> None:
    """Print the summary to a Rich console (which decides width, colour and NO_COLOR)."""
    console.print(Group(*renderables(summary, views)))


def _plain_console(width: int) -> Console:
    """A console for plain text: no colour, no escape sequences, no markup or highlighting."""
    return Console(
        file=io.StringIO(),
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


def counts_phrase(summary: Summary) -> str:
    """``12 annotations on 9 passages`` (``1 annotation on 1 passage``)."""
    return (
        f"{count_of(summary.annotations, 'annotation')} on {count_of(summary.passages, 'passage')}"
    )


def render_text(summary: Summary, width: int = 100, views: Sequence[str] = VIEWS) -> str:
    """The summary as plain text at ``width`` columns: no escape sequences, no trailing spaces."""
    console = _plain_console(width)
    render_console(summary, console, views)
    buffer = console.file
    assert isinstance(buffer, io.StringIO)
    return "\n".join(line.rstrip() for line in buffer.getvalue().split("\n"))
