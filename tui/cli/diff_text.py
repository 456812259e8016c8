"""The text form of ``policy-annotate diff``: what differs between two files, as Rich Text lines.

Everything that comes from the files goes through ``display_safe`` and into
Rich ``Text`` objects, never into markup, so a note holding ``[bold]`` or an escape sequence is
shown as it is written.
"""

from __future__ import annotations

from rich.text import Text

from annotations.documents.display import display_safe
from annotations.exchange.diffing import (
    AnnotationDiff,
    ChangedAnnotation,
    TaxonomyKindDiff,
    ValueChange,
)
from annotations.format.model import Annotation, DocumentRef
from annotations.text_plural import count_of

ARROW = " → "


def safe(value: object) -> str:
    """``value`` as one line of plain text, control characters made visible."""
    return display_safe("" if value is None else str(value), keep_newlines=False)


def excerpt(quote: str, width: int) -> str:
    """A quote shortened to fit a line of ``width`` cells (with indent and quotes)."""
    limit = max(20, width - 8)
    text = safe(quote)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def summary_line(result: AnnotationDiff) -> str:
    """``A: 32 annotations, B: 30; 7 only in A, 5 only in B, 9 changed, 16 the same``."""
    return (
        f"A: {count_of(result.count_a, 'annotation')}, B: {result.count_b}; "
        f"{len(result.only_in_a)} only in A, {len(result.only_in_b)} only in B, "
        f"{len(result.changed)} changed, {result.same} the same"
    )


def header_lines(a: DocumentRef, b: DocumentRef, name_a: str, name_b: str) -> list[Text]:
    """Which document(s) the files annotate (said loudly when they differ), and which is A, B."""
    if a.sha256 == b.sha256:
        first = Text(f"Both files annotate {safe(a.path)} ({safe(a.title)}).")
    else:
        first = Text(
            "A and B annotate DIFFERENT documents (their sha256 differ): "
            f"A {safe(a.path)} ({safe(a.title)}), B {safe(b.path)} ({safe(b.title)}).",
            style="bold yellow",
        )
    return [first, Text(f"A = {safe(name_a)}, B = {safe(name_b)}", style="dim")]


def render_diff(result: AnnotationDiff, name_a: str, name_b: str, width: int) -> list[Text]:
    """The text form, as Rich Text lines (styles are dropped when printed without colour)."""
    lines = header_lines(result.document_a, result.document_b, name_a, name_b)
    lines.append(Text(summary_line(result), style="bold"))
    if result.identical:
        lines.append(Text("no differences"))
        return lines
    for title, listed in (("Only in A", result.only_in_a), ("Only in B", result.only_in_b)):
        if listed:
            lines += [Text(), Text(f"{title} ({len(listed)})", style="bold underline")]
            for annotation in listed:
                lines += _annotation_lines(annotation, width)
    if result.changed:
        lines += [Text(), Text(f"Changed ({len(result.changed)})", style="bold underline")]
        for changed in result.changed:
            lines += _changed_lines(changed, width)
    if not (result.principles.empty and result.recommendations.empty):
        lines += [Text(), Text("Taxonomy", style="bold underline")]
        lines += _taxonomy_lines("principle", result.principles)
        lines += _taxonomy_lines("recommendation", result.recommendations)
    return lines


def _annotation_lines(annotation: Annotation, width: int) -> list[Text]:
    head = Text("  ")
    head.append(safe(annotation.id), style="bold")
    head.append(f"  {annotation.start}-{annotation.end}  {annotation.stance.value}")
    if annotation.author:
        head.append(f"  {safe(annotation.author)}", style="dim")
    quote = Text(f"    “{excerpt(annotation.quote, width)}”", style="italic")
    return [head, quote]


def _changed_lines(changed: ChangedAnnotation, width: int) -> list[Text]:
    head = Text("  ")
    head.append(safe(changed.id), style="bold")
    head.append(f"  “{excerpt(changed.quote, width - len(changed.id) - 6)}”", style="italic")
    lines = [head]
    for change in changed.values:
        lines.append(_value_line(change, "    ", width if change.field == "quote" else 0))
    for tags in changed.tags:
        line = Text(f"    {tags.field}: ")
        parts = [("+" + safe(tag), "green") for tag in tags.added]
        parts += [("−" + safe(tag), "red") for tag in tags.removed]
        for index, (label, style) in enumerate(parts):
            if index:
                line.append(" ")
            line.append(label, style=style)
        lines.append(line)
    return lines


def _value_line(change: ValueChange, indent: str, excerpt_width: int = 0) -> Text:
    line = Text(f"{indent}{change.field}: ")
    quoted = isinstance(change.before, str) or isinstance(change.after, str)

    def show(value: object) -> str:
        if excerpt_width and isinstance(value, str):
            return f"“{excerpt(value, excerpt_width // 2)}”"
        return f"“{safe(value)}”" if quoted else safe(value)

    line.append(show(change.before), style="red")
    line.append(ARROW)
    line.append(show(change.after), style="green")
    return line


def _taxonomy_lines(kind: str, difference: TaxonomyKindDiff) -> list[Text]:
    lines = [Text(f"  {kind} {safe(i)} only in A") for i in difference.only_in_a]
    lines += [Text(f"  {kind} {safe(i)} only in B") for i in difference.only_in_b]
    for entry in difference.changed:
        lines.append(Text(f"  {kind} {safe(entry.id)}:"))
        lines += [_value_line(change, "    ") for change in entry.values]
    return lines
