"""The Markdown display map: what is shown of a paragraph maps back to exact source offsets."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.documents.markdown_display import (
    CODE,
    EMPHASIS,
    HEADING,
    LINK,
    STRONG,
    DisplayMap,
    display_map,
    load_parser,
)
from tui.wrapping import DocumentLayout

WORDS = st.sampled_from(["policy", "the", "Eastmere", "data", "a", "councils", "€1.9", "(b)"])


@st.composite
def pieces(draw: st.DrawFn) -> tuple[str, str]:
    """A piece of Markdown source and the text it shows."""
    word = draw(WORDS)
    kind = draw(st.sampled_from(["word", "link", "em", "strong", "code", "ref"]))
    if kind == "link":
        url = draw(st.sampled_from(["https://ex.org/a_b", "http://x.test/(p)", "/local"]))
        title = draw(st.sampled_from(["", ' "A title"']))
        return f"[{word}]({url}{title})", word
    if kind == "ref":  # a paragraph is read alone: a reference link is shown as written
        return f"[{word}][r1]", f"[{word}][r1]"
    if kind == "em":
        return f"*{word}*", word
    if kind == "strong":
        return f"**{word}**", word
    if kind == "code":
        return f"`{word}`", word
    return word, word


@st.composite
def paragraphs(draw: st.DrawFn) -> tuple[str, str]:
    """A hard-wrapped paragraph with links and emphasis, and the flowing text it shows."""
    drawn = draw(st.lists(pieces(), min_size=1, max_size=14))
    source, shown = drawn[0]
    for piece, text in drawn[1:]:
        separator = draw(st.sampled_from([" ", " ", "\n", "\n  "]))
        source += separator + piece
        shown += " " + text
    return source, shown


def shown_map(text: str, start: int, end: int, *, heading: bool = False) -> DisplayMap:
    """The display map with the parser loaded."""
    shown = display_map(text, start, end, heading=heading, parser=load_parser())
    assert shown is not None
    return shown


def _check_map(text: str, start: int, end: int, heading: bool = False) -> str:
    shown = shown_map(text, start, end, heading=heading)
    offsets = [shown.source_of(i) for i in range(len(shown.text))]
    assert all(start <= o < end for o in offsets)
    assert offsets == sorted(set(offsets))  # strictly increasing
    for column, (char, offset) in enumerate(zip(shown.text, offsets, strict=True)):
        assert text[offset] == char or (text[offset] == "\n" and char in " \n")
        assert shown.column_of(offset) == column
    return shown.text


@settings(max_examples=300, deadline=None)
@given(paragraphs(), st.text(alphabet="ab \n", max_size=6))
def test_reflowed_paragraph_reads_as_its_text_and_maps_back_exactly(
    paragraph: tuple[str, str], before: str
) -> None:
    source, expected = paragraph
    text = f"{before}\n\n{source}\n\n[r1]: https://ref.test\n"
    start = text.index(source, len(before))
    assert _check_map(text, start, start + len(source)) == expected


@settings(max_examples=200, deadline=None)
@given(paragraphs(), st.data())
def test_a_selection_in_the_reflowed_view_slices_the_source_span(
    paragraph: tuple[str, str], data: st.DataObject
) -> None:
    source, _ = paragraph
    text = f"Intro.\n\n{source}\n"
    start = text.index(source)
    shown = shown_map(text, start, start + len(source))
    first = data.draw(st.integers(0, len(shown.text) - 1))
    last = data.draw(st.integers(first + 1, len(shown.text)))
    span_start, span_end = shown.source_span(first, last)
    # the selection is the source from its first shown character to its last one, inclusive
    assert span_start == shown.source_of(first)
    assert text[span_end - 1] in (shown.text[last - 1], "\n")
    # every character shown in the selection is in the span, in order, and nothing else shown is
    inside = [i for i in range(len(shown.text)) if span_start <= shown.source_of(i) < span_end]
    assert inside == list(range(first, last))


def test_links_emphasis_code_and_headings_are_styled_without_their_markers() -> None:
    source = "See [the review](https://x.test) for *more* and **much** `code`."
    shown = shown_map(source, 0, len(source))
    assert shown.text == "See the review for more and much code."
    runs = {(shown.text[a:b], name) for a, b, name in shown.styles}
    assert runs == {("the review", LINK), ("more", EMPHASIS), ("much", STRONG), ("code", CODE)}
    heading = "## Scope of the *review*"
    shown = shown_map(heading, 0, len(heading), heading=True)
    assert shown.text == "Scope of the review"
    assert (0, len(shown.text), HEADING) in shown.styles


def test_list_items_tables_and_hard_breaks_keep_their_lines() -> None:
    source = "- first item\n  goes on\n- second [one](u)"
    assert shown_map(source, 0, len(source)).text == "- first item goes on\n- second one"
    table = "| a | b |\n|---|---|\n| 1 | 2 |"
    assert shown_map(table, 0, len(table)).text == table
    breaks = "line one  \nline two\\\nthree"
    assert shown_map(breaks, 0, len(breaks)).text == "line one\nline two\nthree"


def test_what_cannot_be_matched_is_shown_as_written() -> None:
    source = "&copy; 2024 the *authors*"
    shown = shown_map(source, 0, len(source))
    assert shown.text == source
    assert shown.offsets is None


def test_plain_text_documents_are_shown_as_written() -> None:
    from pathlib import Path

    from annotations.documents.document import Document

    text = "A [link](u) and *stars*\nover two lines.\n"
    for markdown, expected in (
        (False, "A [link](u) and *stars*"),
        (True, "A link and stars over two lines."),
    ):
        document = Document(text, path=Path("d.txt"), markdown=markdown)
        layout = DocumentLayout(document, 40, parser=load_parser())
        shown = layout.row_display(0)
        assert shown is not None
        display, first, last = shown
        assert display.text[first:last].rstrip() == expected


def test_imported_text_keeps_its_heading_markers_and_lines() -> None:
    """An imported (HTML, Word, PDF) document's Markdown-form text is shown as it is."""
    from pathlib import Path

    from annotations.documents.document import Document

    text = "## Scope\n\nA [link](u) and\n*stars*.\n"
    document = Document(text, path=Path("d.html"), markdown=True, importer="html/1")
    layout = DocumentLayout(document, 40, parser=load_parser())
    rows = []
    for row in range(layout.total_rows):
        shown = layout.row_display(row)
        rows.append("" if shown is None else shown[0].text[shown[1] : shown[2]])
    assert rows == ["## Scope", "", "A [link](u) and", "*stars*."]
    heading = layout.row_display(0)
    assert heading is not None
    assert (0, 3, "heading-marker") in heading[0].styles


def test_paragraphs_that_need_the_parser_wait_for_it_as_their_source() -> None:
    """Before the parser is loaded, a paragraph with links is shown as written; after
    ``set_parser`` it is wrapped again, rendered, and its height is exact."""
    from pathlib import Path

    from annotations.documents.document import Document

    text = "Plain line\nreflowed.\n\nSee [the review](https://example.test/a/very/long/path).\n"
    document = Document(text, path=Path("d.md"), markdown=True)
    layout = DocumentLayout(document, 40)
    first = layout.row_display(0)
    assert first is not None
    assert first[0].text == "Plain line reflowed."
    waiting = layout.row_display(2)
    assert waiting is not None
    assert waiting[0].text.startswith("See [the review](")
    assert not layout.complete
    assert layout.set_parser(load_parser())
    layout.ensure_exact(0, layout.total_rows)
    shown = layout.row_display(2)
    assert shown is not None
    assert shown[0].text == "See the review."
    assert layout.total_rows == 3
    assert layout.complete


def test_the_quick_heights_are_those_drawn() -> None:
    """``quick_counts`` (the worker's) gives the drawn height of every paragraph that needs no
    parser, and says which ones are estimates."""
    from pathlib import Path

    from annotations.documents.document import Document

    text = Path("samples/review.md").read_text(encoding="utf-8")
    document = Document(text, path=Path("review.md"), markdown=True)
    quick = DocumentLayout(document, 50).quick_counts(range(len(document.paragraph_starts)))
    drawn = DocumentLayout(document, 50, parser=load_parser())
    for paragraph, (count, exact) in enumerate(quick):
        if exact:
            assert count == len(drawn.wrap_paragraph(paragraph))
    assert sum(not exact for _, exact in quick) == 3  # two with "*", one table


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.text(alphabet="ab .,()\t-1:", min_size=0, max_size=12), min_size=1, max_size=6).map(
        "\n".join
    )
)
def test_plain_lines_reflow_as_markdown_it_reads_them(source: str) -> None:
    """The quick path for plain hard-wrapped lines shows what the parser would (a single line
    without Markdown is shown exactly as written)."""
    from annotations.documents import markdown_display

    quick = display_map(source, 0, len(source), parser=None)
    if "\n" not in source:
        assert quick is not None
        assert quick.text == source
        return
    if quick is None:  # not plain lines: the parser reads it
        return
    shown = quick
    try:
        parsed = markdown_display._build(source, 0, load_parser())
    except markdown_display._Unmatched:
        return
    assert shown.text == "".join(parsed.chars)
    if shown.offsets is not None:
        assert list(shown.offsets) == list(parsed.offsets)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="# ab", min_size=1, max_size=14))
def test_one_line_headings_show_what_the_parser_shows(source: str) -> None:
    """The quick path for a one-line heading shows its title as the parser would."""
    from annotations.documents import markdown_display

    if not source.lstrip(" ").startswith("#"):
        return
    shown = display_map(source, 0, len(source), heading=True, parser=None)
    if shown is None:  # not a simple one-line heading: the parser reads it
        return
    parsed = markdown_display._build(source, 0, load_parser())
    if "".join(parsed.chars) == source:  # not a heading to the parser
        return
    assert shown.text == "".join(parsed.chars)
    if shown.offsets is not None:
        assert list(shown.offsets) == list(parsed.offsets)
