"""The text form of ``policy-annotate agreement``: the agreement report as Rich Text lines.

Everything that comes from the files or the document goes through
``display_safe`` and into Rich ``Text`` objects, never into markup. Each disagreement is
followed by the command that opens the first analyst's file there (``--at OFFSET``).
"""

from __future__ import annotations

import shlex

from rich.text import Text

from annotations.exchange.agreement import AgreementReport, CategoryAgreement
from annotations.summaries.render import plain_text
from annotations.text_plural import count_of, plural_word

TEXT_LIMIT = 20


def _figure(value: float | None, digits: int = 3) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def render_agreement(report: AgreementReport, width: int) -> list[Text]:
    """The text form, as Rich Text lines (styles are dropped when printed without colour)."""
    lines = [
        Text(
            f"Agreement of {len(report.analysts)} analysts over {count_of(report.units, report.unit)}",
            style="bold",
        )
    ]
    for index, name in enumerate(report.analysts):
        lines.append(Text(f"  {_letter(index)} = {plain_text(name)}", style="dim"))
    overall = report.overall
    lines += _joined(
        [
            f"Overall (all tag decisions pooled): alpha {_figure(overall.alpha)}",
            f"agreement {_figure(overall.percent, 1)}% of {count_of(overall.pairs, 'pair')} "
            f"({count_of(overall.n, 'decision')})",
        ],
        width,
        indent="  ",
    )
    for category in report.categories:
        lines += [Text(), *_category_lines(report, category, width)]
    return lines


def _joined(parts: list[str], width: int, indent: str) -> list[Text]:
    """``parts`` joined by ", " on as few lines as fit ``width``; a part that would pass the
    edge starts a new line, indented (a figure is never cut in two)."""
    lines = [parts[0]]
    for part in parts[1:]:
        if len(lines[-1]) + 2 + len(part) <= width:
            lines[-1] += f", {part}"
        else:
            lines[-1] += ","
            lines.append(indent + part)
    return [Text(line) for line in lines]


def _letter(index: int) -> str:
    return chr(ord("A") + index) if index < 26 else f"#{index + 1}"


def _category_lines(report: AgreementReport, category: CategoryAgreement, width: int) -> list[Text]:
    head = Text() if category.kind == "stance" else Text(f"{category.kind} ")
    head.append(plain_text(category.id), style="bold")
    if category.kind != "stance" and category.label != category.id:
        head.append(
            f"  {plain_text(category.label, max(20, width - len(category.id) - 20))}", style="dim"
        )
    counts = category.counts
    coded = ", ".join(f"{_letter(i)} {n}" for i, n in enumerate(category.coded))
    alpha = f"alpha {_figure(category.alpha)} ({count_of(counts.n, 'value')}"
    alpha += f", {count_of(counts.units, 'unit')})" if category.kind == "stance" else ")"
    figures = [
        f"  agreement {_figure(category.percent, 1)}% ({counts.agreeing_pairs}/{counts.pairs} "
        f"{plural_word(counts.pairs, 'pair')})",
        alpha,
    ]
    if category.kappa is not None:
        figures.append(
            f"kappa {_figure(category.kappa.kappa)} ({count_of(category.kappa.items, 'unit')})"
        )
    lines = [head, *_joined(figures, width, indent="    ")]
    lines.append(Text(f"  units coded: {coded}", style="dim"))
    open_command = f"policy-annotate {plain_text(shlex.quote(report.analysts[0]))}"
    shown = category.disagreements[:TEXT_LIMIT]
    if shown:
        lines.append(Text(f"  disagreements: {len(category.disagreements)}"))
    for item in shown:
        said = ", ".join(
            f"{_letter(i)} {value if value is not None else '-'}"
            for i, value in enumerate(item.values)
        )
        line = Text(f"    #{item.unit} ")
        line.append(said, style="yellow")
        excerpt = plain_text(report.text[item.start : item.end], max(20, width - len(said) - 16))
        line.append(f"  “{excerpt}”", style="italic")
        lines += [line, Text(f"      {open_command} --at {item.start}", style="dim", no_wrap=True)]
    if len(category.disagreements) > TEXT_LIMIT:
        lines.append(
            Text(
                f"    ... and {len(category.disagreements) - TEXT_LIMIT} more (--format json lists all)"
            )
        )
    return lines
