"""The cross-document summary as plain text lines (the terminal form of ``summary DIR``)."""

from __future__ import annotations

import textwrap
from typing import NamedTuple

from annotations.projects.corpus import CorpusSummary
from annotations.text_plural import count_of

QUOTE_LENGTH = 240
"""Quotes longer than this (in characters) are shortened at a word, with " …"."""
STANCE_GLYPHS = {"support": "+", "caution": "~", "oppose": "×", "neutral": "="}
"""A matrix cell: one glyph per stance the document takes (as the single-document stance bars)."""
NO_STANCE = "·"


class CorpusLine(NamedTuple):
    """A line of the summary, its kind (for styling) and what it opens: the document of a
    quote (at its passage) or of a matrix row, else nothing."""

    text: str
    kind: str = ""
    """``title``, ``heading``, ``quote``, ``matrix`` (a document's row) or ``""``."""
    document: str | None = None
    start: int | None = None


def matrix_cell(stances: list[str]) -> str:
    """The glyphs of the stances a document takes on a recommendation, or ``·``."""
    return "".join(STANCE_GLYPHS.get(s, "?") for s in stances) or NO_STANCE


def principle_lines(summary: CorpusSummary, width: int = 100) -> list[str]:
    """Principle coverage across the corpus, then the "little to say" call-out."""
    if not summary.principles:
        return []
    size = max(len(p.label) for p in summary.principles)
    lines = ["", "Principles across the corpus (documents, annotations, share of their text):"]
    for p in summary.principles:
        flag = " ⚠" if p.low_coverage else ""
        lines.append(
            f"    {p.label:<{size}}  {p.documents:>5} doc  {p.annotations:>6} ann  "
            f"{p.share:>6.1%}{flag}"
        )
    low = [p for p in summary.principles if p.low_coverage]
    if low:
        lines += ["", "Little to say across the corpus:"]
        for p in low:
            lines += textwrap.wrap(
                p.verdict, width, initial_indent="    ", subsequent_indent="      "
            )
    return lines


def matrix_lines(summary: CorpusSummary) -> list[str]:
    """The document × recommendation matrix: one row per document, a column per recommendation."""
    ids = [r.id for r in summary.recommendations]
    if not ids or not summary.matrix:
        return []
    size = max(len(d) for d in summary.matrix)
    widths = [
        max([len(i)] + [len(matrix_cell(row.get(i, []))) for row in summary.matrix.values()])
        for i in ids
    ]
    key = ", ".join(f"{glyph} {stance}" for stance, glyph in STANCE_GLYPHS.items())
    lines = ["", f"Documents × recommendations ({key}, {NO_STANCE} nothing):"]
    lines.append(
        " " * (size + 6) + "  ".join(f"{i:<{w}}" for i, w in zip(ids, widths, strict=True))
    )
    for document, row in summary.matrix.items():
        cells = "  ".join(
            f"{matrix_cell(row.get(i, [])):<{w}}" for i, w in zip(ids, widths, strict=True)
        )
        lines.append(f"    {document:<{size}}  {cells}".rstrip())
    return lines


def _counts(stances: dict[str, int]) -> str:
    return ", ".join(f"{count} {stance}" for stance, count in stances.items()) or "no stance"


def corpus_lines(summary: CorpusSummary, width: int = 100) -> list[CorpusLine]:
    """The summary's lines: the project, then each recommendation with its sides, groups and
    quotes (each line of a quote opens it), the matrix (a row opens its document), principles."""
    lines = [
        CorpusLine(
            f"{summary.project}: {count_of(summary.documents, 'document')}, "
            f"{count_of(summary.files, 'annotation file')}, "
            f"{count_of(summary.annotations, 'annotation')}",
            "title",
        )
    ]
    if summary.filters.get("where"):
        lines.append(CorpusLine("only documents with " + ", ".join(summary.filters["where"])))
    if summary.left_out:
        lines.append(
            CorpusLine(
                f"{count_of(len(summary.left_out), 'file')} left out (see the warnings above)"
            )
        )
    for recommendation in summary.recommendations:
        heading = f"{recommendation.id}  {recommendation.title}"
        lines.append(CorpusLine(""))
        lines += [
            CorpusLine(text, "heading")
            for text in textwrap.wrap(heading, width, subsequent_indent="    ")
        ]
        if not recommendation.documents:
            lines.append(CorpusLine("    no document speaks to it"))
            continue
        for stance, ids in recommendation.documents.items():
            noun = "document" if len(ids) == 1 else "documents"
            lines.append(CorpusLine(f"    {stance:<8} {len(ids)} {noun}: {', '.join(ids)}"))
        if summary.by is not None and recommendation.groups:
            lines.append(CorpusLine(f"    by {summary.by}:"))
            lines += [
                CorpusLine(f"      {value}: {_counts(stances)}")
                for value, stances in recommendation.groups.items()
            ]
        for quote in recommendation.quotes:
            text = textwrap.shorten(quote.quote, QUOTE_LENGTH, placeholder=" …")
            who = quote.author or "unsigned"
            cited = f"“{text}” — {quote.document} ({who}, {quote.stance})"
            lines += [
                CorpusLine(part, "quote", quote.document, quote.start)
                for part in textwrap.wrap(
                    cited, width, initial_indent="    ", subsequent_indent="      "
                )
            ]
    matrix = matrix_lines(summary)
    documents = [None, None, None, *summary.matrix] if matrix else []
    lines += [
        CorpusLine(text, "matrix" if document else "heading" if index == 1 else "", document)
        for index, (text, document) in enumerate(zip(matrix, documents, strict=True))
    ]
    return lines + [CorpusLine(text) for text in principle_lines(summary, width)]


def corpus_text(summary: CorpusSummary, width: int = 100) -> list[str]:
    """Lines of text: the project, then each recommendation with its sides, groups and quotes."""
    return [line.text for line in corpus_lines(summary, width)]
