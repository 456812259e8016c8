"""The paragraph and heading index of Document against the reference implementation it replaced.

``Document`` finds headings and paragraphs in one regular-expression pass over the text. The
functions below are the earlier implementation (one pass per kind of break, a sort, and
character-by-character trimming), kept here as the reference: on any Markdown-ish text both
must give exactly the same headings, paragraph spans and heading paragraphs.
"""

from __future__ import annotations

import re
from array import array

from hypothesis import example, given, settings
from hypothesis import strategies as st

from annotations.documents.document import Document

# --- the reference (the implementation before the single-pass index) ----------------------

_BLANK_LINES = re.compile(r"\n(?:[ \t]*\n)+")
_LIST_ITEM = re.compile(r"\n(?=[ \t]*(?:[-*+•]|\d{1,9}[.)]|\([0-9A-Za-z]{1,6}\))[ \t])")
_HEADING_LINE = r"([ \t]{0,3}(#{1,6})(?:[ \t]+([^\n]*?))?[ \t#]*)(?=\n|\Z)"
_HEADING = re.compile(r"\n" + _HEADING_LINE)
_FIRST_HEADING = re.compile(_HEADING_LINE)
_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})[^\n]*\n.*?(?:^[ \t]{0,3}\1[ \t]*$|\Z)", re.M | re.S)


def reference_headings(text: str) -> list[tuple[int, str, int, int]]:
    """(level, title, start, end) of each ATX heading outside fenced code blocks."""
    fences = []
    if "```" in text or "~~~" in text:
        fences = [(m.start(), m.end()) for m in _FENCE.finditer(text)]
    matches = list(_HEADING.finditer(text))
    found = []
    first = _FIRST_HEADING.match(text)
    if first is not None:
        found.append(
            (len(first.group(2)), (first.group(3) or "").strip(), first.start(1), first.end(1))
        )
    for match in matches:
        start = match.start(1)
        if fences and any(a <= start < b for a, b in fences):
            continue
        found.append((len(match.group(2)), (match.group(3) or "").strip(), start, match.end(1)))
    return found


def reference_paragraphs(
    text: str, headings: list[tuple[int, int]]
) -> tuple[array[int], array[int]]:
    """Paragraph spans: runs of lines between blank lines; list items and headings stand alone."""
    breaks: list[tuple[int, int]] = [(m.start(), m.end()) for m in _BLANK_LINES.finditer(text)]
    breaks.extend((m.start(), m.end()) for m in _LIST_ITEM.finditer(text))
    for start, end in headings:
        if start > 0 and text[start - 1] == "\n":
            breaks.append((start - 1, start))
        if end < len(text) and text[end] == "\n":
            breaks.append((end, end + 1))
    breaks.sort()
    starts: array[int] = array("q")
    ends: array[int] = array("q")
    position = 0
    for break_start, break_end in breaks:
        if break_start < position:
            position = max(position, break_end)
            continue
        _add_span(text, position, break_start, starts, ends)
        position = break_end
    _add_span(text, position, len(text), starts, ends)
    return starts, ends


def _add_span(text: str, start: int, end: int, starts: array[int], ends: array[int]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        starts.append(start)
        ends.append(end)


def reference_index(
    text: str, markdown: bool
) -> tuple[list[tuple[int, str, int, int]], set[int], list[int], list[int]]:
    """Headings, heading paragraph starts, paragraph starts and ends, as the reference has them."""
    headings = reference_headings(text) if markdown else []
    heading_starts = {
        start + len(text[start:end]) - len(text[start:end].lstrip())
        for _level, _title, start, end in headings
    }
    starts, ends = reference_paragraphs(text, [(start, end) for _l, _t, start, end in headings])
    return headings, heading_starts, list(starts), list(ends)


def index_of(
    text: str, markdown: bool
) -> tuple[list[tuple[int, str, int, int]], set[int], list[int], list[int]]:
    """The same from Document."""
    document = Document(text, markdown=markdown)
    return (
        document._headings,
        document._heading_starts,
        list(document.paragraph_starts),
        list(document.paragraph_ends),
    )


# --- strategies: text made of the pieces the index cares about ----------------------------

PIECES = [
    "\n",
    "\n\n",
    "\n \t\n",
    " ",
    "\t",
    "  ",
    "\f",
    "\v",
    "\r",
    "\x1c",
    "\u00a0",
    "\u2028",
    "\u3000",
    "#",
    "##",
    "###### ",
    "####### ",
    "# ",
    "#\t",
    " #",
    "   #",
    "    # ",
    "- ",
    "* ",
    "+\t",
    "• ",
    "-",
    "1. ",
    "12) ",
    "1234567890. ",
    "(a) ",
    "(iv)\t",
    "(1234567) ",
    "()",
    "```",
    "```\n",
    "~~~",
    "~~~~\n",
    "`",
    "word",
    "Title",
    "a.",
    "x",
    "é",
    "\U0001f600",
]
markdownish = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)
any_text = st.text(alphabet=st.sampled_from("\n\n\n \t#-*+•1.)(a`~ \f\u00a0xY"), max_size=120)


@settings(max_examples=1500, deadline=None)
@given(markdownish, st.booleans())
@example("# Title\nA paragraph.\n\n## Sub ##\n- item\n- item two\n\n(a) x", True)
@example("```\n# not a heading\n```\n# heading\ntext", True)
@example("   # indented\n    # code\n\f# no", True)
@example("", True)
@example("   \n\n  ", False)
def test_the_index_matches_the_reference_on_markdownish_text(text: str, markdown: bool) -> None:
    assert index_of(text, markdown) == reference_index(text, markdown)


@settings(max_examples=1500, deadline=None)
@given(any_text, st.booleans())
def test_the_index_matches_the_reference_on_any_text(text: str, markdown: bool) -> None:
    assert index_of(text, markdown) == reference_index(text, markdown)


@settings(max_examples=500, deadline=None)
@given(markdownish, st.booleans())
def test_each_paragraphs_line_breaks_are_counted(text: str, markdown: bool) -> None:
    document = Document(text, markdown=markdown)
    assert list(document.paragraph_newlines) == [
        text.count("\n", start, end)
        for start, end in zip(document.paragraph_starts, document.paragraph_ends, strict=True)
    ]
