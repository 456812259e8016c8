"""The text form of ``policy-annotate diff --by passage``: passages both analysts annotated,
coded alike or not, and the passages only one of them annotated, as Rich Text lines.

Everything that comes from the files goes through ``display_safe`` and into Rich ``Text``
objects, never into markup.
"""

from __future__ import annotations

from rich.text import Text

from annotations.exchange.diffing import TagChange
from annotations.exchange.passage_diff import PassageDiff, PassagePair
from annotations.format.model import Annotation, AnnotationFile
from annotations.text_plural import count_of
from tui.cli.diff_text import ARROW, excerpt, header_lines, safe


def summary_lines(result: PassageDiff) -> list[Text]:
    """``By passage: 24 passages in both, 8 only in A, 6 only in B`` and how the 24 compare."""
    tags, stance = _split(result.differing)
    return [
        Text(
            f"By passage: {count_of(len(result.pairs), 'passage')} in both, "
            f"{len(result.only_in_a)} only in A, {len(result.only_in_b)} only in B",
            style="bold",
        ),
        Text(
            f"In both: {len(result.agreeing)} coded alike, {len(tags)} with different tags, "
            f"{len(stance)} with a different stance"
        ),
    ]


def render_passage_diff(
    result: PassageDiff, a: AnnotationFile, b: AnnotationFile, names: tuple[str, str], width: int
) -> list[Text]:
    """The text form: header, counts, then one section per kind of pair and the unmatched."""
    lines = header_lines(a.document, b.document, *names)
    lines += summary_lines(result)
    tags, stance = _split(result.differing)
    sections: list[tuple[str, list[Text]]] = [
        ("Same tags", [line for pair in result.agreeing for line in _pair_lines(pair, width)]),
        ("Different tags", [line for pair in tags for line in _pair_lines(pair, width)]),
        ("Different stance", [line for pair in stance for line in _pair_lines(pair, width)]),
        ("Only in A", [line for x in result.only_in_a for line in _single_lines(x, width)]),
        ("Only in B", [line for x in result.only_in_b for line in _single_lines(x, width)]),
    ]
    counts = [
        len(result.agreeing),
        len(tags),
        len(stance),
        len(result.only_in_a),
        len(result.only_in_b),
    ]
    for (title, body), count in zip(sections, counts, strict=True):
        if count:
            lines += [Text(), Text(f"{title} ({count})", style="bold underline"), *body]
    return lines


def _split(pairs: list[PassagePair]) -> tuple[list[PassagePair], list[PassagePair]]:
    """The pairs whose tags differ, and those whose tags agree but not their stance."""
    return [p for p in pairs if p.tags], [p for p in pairs if not p.tags]


def _span(annotation: Annotation) -> str:
    return f"{annotation.start}-{annotation.end}"


def _pair_lines(pair: PassagePair, width: int) -> list[Text]:
    head = Text(f"  {_span(pair.a)}  ")
    head.append(f"A {safe(pair.a.id)}", style="bold")
    head.append("  ")
    head.append(f"B {safe(pair.b.id)}", style="bold")
    lines = [head, Text(f"    “{excerpt(pair.a.quote, width)}”", style="italic")]
    if (pair.a.start, pair.a.end) != (pair.b.start, pair.b.end):
        lines.append(Text(f"    B's span: {_span(pair.b)}", style="dim"))
    if pair.agrees:
        lines.append(_tags(pair.a))
    lines += [_tags_line(change) for change in pair.tags]
    if pair.stance is not None:
        line = Text("    stance: ")
        line.append(f"A {safe(pair.stance.before)}", style="red")
        line.append(ARROW)
        line.append(f"B {safe(pair.stance.after)}", style="green")
        lines.append(line)
    return lines


def _tags_line(change: TagChange) -> Text:
    line = Text(f"    {change.field}: ")
    if change.removed:
        line.append("only A " + ", ".join(safe(tag) for tag in change.removed), style="red")
    if change.removed and change.added:
        line.append("; ")
    if change.added:
        line.append("only B " + ", ".join(safe(tag) for tag in change.added), style="green")
    return line


def _single_lines(annotation: Annotation, width: int) -> list[Text]:
    head = Text(f"  {_span(annotation)}  ")
    head.append(safe(annotation.id), style="bold")
    head.append(f"  {annotation.stance.value}")
    if annotation.author:
        head.append(f"  {safe(annotation.author)}", style="dim")
    return [
        head,
        Text(f"    “{excerpt(annotation.quote, width)}”", style="italic"),
        _tags(annotation),
    ]


def _tags(annotation: Annotation) -> Text:
    tags = [*annotation.principles, *annotation.recommendations]
    return Text("    tags: " + (", ".join(safe(tag) for tag in tags) or "none"), style="dim")
