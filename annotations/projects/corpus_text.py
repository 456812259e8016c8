"""The cross-document summary as plain text lines (the terminal form of ``summary DIR``)."""

from __future__ import annotations

import textwrap

from annotations.projects.corpus import CorpusSummary

QUOTE_LENGTH = 240
"""Quotes longer than this (in characters) are shortened at a word, with " …"."""


def _counts(stances: dict[str, int]) -> str:
    return ", ".join(f"{count} {stance}" for stance, count in stances.items()) or "no stance"


def corpus_text(summary: CorpusSummary, width: int = 100) -> list[str]:
    """Lines of text: the project, then each recommendation with its sides, groups and quotes."""
    lines = [
        f"{summary.project}: {summary.documents} document(s), {summary.files} annotation "
        f"file(s), {summary.annotations} annotation(s)",
    ]
    if summary.filters.get("where"):
        lines.append("only documents with " + ", ".join(summary.filters["where"]))
    if summary.left_out:
        lines.append(f"{len(summary.left_out)} file(s) left out (see the warnings above)")
    for recommendation in summary.recommendations:
        heading = f"{recommendation.id}  {recommendation.title}"
        lines += ["", *textwrap.wrap(heading, width, subsequent_indent="    ")]
        if not recommendation.documents:
            lines.append("    no document speaks to it")
            continue
        for stance, ids in recommendation.documents.items():
            noun = "document" if len(ids) == 1 else "documents"
            lines.append(f"    {stance:<8} {len(ids)} {noun}: {', '.join(ids)}")
        if summary.by is not None and recommendation.groups:
            lines.append(f"    by {summary.by}:")
            lines += [
                f"      {value}: {_counts(stances)}"
                for value, stances in recommendation.groups.items()
            ]
        for quote in recommendation.quotes:
            text = textwrap.shorten(quote.quote, QUOTE_LENGTH, placeholder=" …")
            who = quote.author or "unsigned"
            cited = f"“{text}” — {quote.document} ({who}, {quote.stance})"
            lines += textwrap.wrap(cited, width, initial_indent="    ", subsequent_indent="      ")
    return lines
