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
from annotations.format.model import Annotation

ARROW = " → "


def _safe(value: object) -> str:
    return display_safe("" if value is None else str(value), keep_newlines=False)


def _excerpt(quote: str, width: int) -> str:
    limit = max(20, width - 8)
    text = _safe(quote)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def summary_line(result: AnnotationDiff) -> str:
    """``A: 32 annotations, B: 30; 7 only in A, 5 only in B, 9 changed, 16 the same``."""
    return (
        f"A: {result.count_a} annotations, B: {result.count_b}; "
        f"{len(result.only_in_a)} only in A, {len(result.only_in_b)} only in B, "
        f"{len(result.changed)} changed, {result.same} the same"
    )


def render_diff(result: AnnotationDiff, name_a: str, name_b: str, width: int) -> list[Text]:
    """The text form, as Rich Text lines (styles are dropped when printed without colour)."""
    lines: list[Text] = []
    a, b = result.document_a, result.document_b
    if result.same_document:
        lines.append(Text(f"Both files annotate {_safe(a.path)} ({_safe(a.title)})."))
    else:
        lines.append(
            Text(
                "A and B annotate DIFFERENT documents (their sha256 differ): "
                f"A {_safe(a.path)} ({_safe(a.title)}), B {_safe(b.path)} ({_safe(b.title)}).",
                style="bold yellow",
            )
        )
    lines.append(Text(f"A = {_safe(name_a)}, B = {_safe(name_b)}", style="dim"))
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
    head.append(_safe(annotation.id), style="bold")
    head.append(f"  {annotation.start}-{annotation.end}  {annotation.stance.value}")
    if annotation.author:
        head.append(f"  {_safe(annotation.author)}", style="dim")
    quote = Text(f"    “{_excerpt(annotation.quote, width)}”", style="italic")
    return [head, quote]


def _changed_lines(changed: ChangedAnnotation, width: int) -> list[Text]:
    head = Text("  ")
    head.append(_safe(changed.id), style="bold")
    head.append(f"  “{_excerpt(changed.quote, width - len(changed.id) - 6)}”", style="italic")
    lines = [head]
    for change in changed.values:
        lines.append(_value_line(change, "    ", width if change.field == "quote" else 0))
    for tags in changed.tags:
        line = Text(f"    {tags.field}: ")
        parts = [("+" + _safe(tag), "green") for tag in tags.added]
        parts += [("−" + _safe(tag), "red") for tag in tags.removed]
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
            return f"“{_excerpt(value, excerpt_width // 2)}”"
        return f"“{_safe(value)}”" if quoted else _safe(value)

    line.append(show(change.before), style="red")
    line.append(ARROW)
    line.append(show(change.after), style="green")
    return line


def _taxonomy_lines(kind: str, difference: TaxonomyKindDiff) -> list[Text]:
    lines = [Text(f"  {kind} {_safe(i)} only in A") for i in difference.only_in_a]
    lines += [Text(f"  {kind} {_safe(i)} only in B") for i in difference.only_in_b]
    for entry in difference.changed:
        lines.append(Text(f"  {kind} {_safe(entry.id)}:"))
        lines += [_value_line(change, "    ") for change in entry.values]
    return lines
