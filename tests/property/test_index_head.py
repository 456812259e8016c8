"""Indexing the head of a document first: its paragraphs are the whole index's first ones, and
lookups there answer as the whole index would, without making it."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.documents.document import Document

LINES = st.sampled_from(
    [
        "# Title",
        "## A section ##",
        "Some text. More text here.",
        "a hard-wrapped line",
        "- an item",
        "1. a numbered item",
        "(a) a lettered one. Two sentences.",
        "",
        "",
        "   ",
        "    indented code",
        "#not a heading",
        "| a | b |",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(LINES, min_size=1, max_size=30).map("\n".join), st.integers(0, 300), st.booleans())
def test_the_head_index_is_the_start_of_the_whole_one(
    text: str, limit: int, markdown: bool
) -> None:
    whole = Document(text, path=Path("d.md"), markdown=markdown)
    document = Document(text, path=Path("d.md"), markdown=markdown)
    document.index_head(limit)
    head, complete = document.available_index()
    full = whole.text_index
    count = len(head.paragraph_starts)
    assert list(head.paragraph_starts) == list(full.paragraph_starts[:count])
    assert list(head.paragraph_ends) == list(full.paragraph_ends[:count])
    assert list(head.paragraph_newlines) == list(full.paragraph_newlines[:count])
    assert head.headings == full.headings[: len(head.headings)]
    if complete:
        return
    covered = head.paragraph_ends[-1] if count else 0
    for offset in range(covered):
        assert document.paragraph_at(offset) == whole.paragraph_at(offset)
        assert document.sentence_containing(offset) == whole.sentence_containing(offset)
    for paragraph in range(count):
        assert document.is_heading(paragraph) == whole.is_heading(paragraph)
    assert not document.index_complete  # nothing above needed the whole text's index
    # past the head, lookups make the whole index and answer the same
    assert document.title == whole.title
    for offset in range(max(0, covered - 3), len(text)):
        assert document.next_sentence(offset) == whole.next_sentence(offset)
        assert document.previous_sentence(offset) == whole.previous_sentence(offset)
        assert document.sentence_containing(offset) == whole.sentence_containing(offset)


def test_a_text_with_code_fences_is_indexed_whole() -> None:
    """Headings inside a fence are text, which only the whole text can tell."""
    text = "Intro.\n\n```\n# not a heading\n```\n\n" + "More text.\n\n" * 50
    document = Document(text, path=Path("d.md"), markdown=True)
    document.index_head(10)
    _, complete = document.available_index()
    assert complete


def test_the_layout_grows_when_the_whole_text_is_indexed() -> None:
    """The view's layout starts with the head's paragraphs; ``extend`` adds the others (the
    last paragraph of the head gets its blank row), and an offset past the head lays out the
    whole text at once."""
    from tui.wrapping import DocumentLayout

    text = "# Title\n\n" + "".join(f"Paragraph {n}. It has two sentences.\n\n" for n in range(400))
    whole = DocumentLayout(Document(text, path=Path("d.md"), markdown=True), 60)
    document = Document(text, path=Path("d.md"), markdown=True)
    document.index_head(500)
    layout = DocumentLayout(document, 60)
    assert not layout.whole
    assert layout.paragraph_count < whole.paragraph_count
    layout.ensure_exact(0, layout.total_rows)
    layout.extend(document.text_index)
    layout.ensure_exact(0, layout.total_rows)
    whole.ensure_exact(0, whole.total_rows)
    assert layout.total_rows == whole.total_rows
    assert [layout.row_span(r) for r in range(layout.total_rows)] == [
        whole.row_span(r) for r in range(whole.total_rows)
    ]
    again = Document(text, path=Path("d.md"), markdown=True)
    again.index_head(500)
    lazy = DocumentLayout(again, 60)
    assert lazy.row_of_offset(len(text) - 3) > 0
    assert lazy.whole
    assert again.index_complete
