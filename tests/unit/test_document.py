"""Loading documents: decoding, newline normalisation, refusals, paragraphs, sentences, sections."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from annotations.documents.display import display_safe, shortened
from annotations.documents.document import Document, load_document
from annotations.errors import DocumentError


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def paragraphs(document: Document) -> list[str]:
    return [
        document.text[start:end]
        for start, end in zip(document.paragraph_starts, document.paragraph_ends, strict=True)
    ]


def sentences(document: Document) -> list[str]:
    return [
        document.text[start:end]
        for start, end in zip(document.sentence_starts, document.sentence_ends, strict=True)
    ]


def load_error(path: Path) -> str:
    with pytest.raises(DocumentError) as caught:
        load_document(path)
    return str(caught.value)


# --- decoding ----------------------------------------------------------------------------


def test_utf8_file_loads_as_is(tmp_path: Path) -> None:
    text = "Policy on café services — “digital by default”.\n"
    document = load_document(write(tmp_path, "doc.md", text.encode("utf-8")))
    assert document.text == text
    assert document.length == len(text)
    assert document.encoding == "utf-8"


def test_utf8_bom_is_removed(tmp_path: Path) -> None:
    document = load_document(write(tmp_path, "doc.md", b"\xef\xbb\xbfHello world.\n"))
    assert document.text == "Hello world.\n"
    assert not document.text.startswith("\ufeff")


def test_crlf_becomes_lf(tmp_path: Path) -> None:
    document = load_document(write(tmp_path, "doc.txt", b"one\r\ntwo\r\n\r\nthree\r\n"))
    assert document.text == "one\ntwo\n\nthree\n"


def test_lone_cr_becomes_lf(tmp_path: Path) -> None:
    document = load_document(write(tmp_path, "doc.txt", b"one\rtwo\r\rthree"))
    assert document.text == "one\ntwo\n\nthree"


def test_newline_normalisation_changes_nothing_else(tmp_path: Path) -> None:
    original = "Tab\there,  trailing  \r\nNFD e\u0301 NBSP\u00a0 ZWSP\u200b form\x0cfeed\rend \t"
    document = load_document(write(tmp_path, "doc.txt", original.encode("utf-8")))
    assert document.text == original.replace("\r\n", "\n").replace("\r", "\n")


def test_latin1_file_is_detected(tmp_path: Path) -> None:
    text = "The café served a résumé of the review to every visitor who asked for one. " * 3
    document = load_document(write(tmp_path, "doc.txt", text.encode("latin-1")))
    assert document.text == text


def test_latin1_french_paragraph_is_detected(tmp_path: Path) -> None:
    text = "Le café et le résumé sont très appréciés à la réunion. " * 5
    document = load_document(write(tmp_path, "doc.txt", text.encode("latin-1")))
    assert document.text == text


def test_cyrillic_code_page_is_still_detected(tmp_path: Path) -> None:
    text = "Цифровая стратегия правительства была принята министром в среду. " * 3
    document = load_document(write(tmp_path, "doc.txt", text.encode("cp1251")))
    assert document.text == text


def test_utf16_with_bom_is_decoded(tmp_path: Path) -> None:
    text = "Hello café world.\r\nSecond line 😀.\n"
    document = load_document(write(tmp_path, "doc.txt", text.encode("utf-16")))
    assert document.text == "Hello café world.\nSecond line 😀.\n"


def test_empty_file_is_a_valid_empty_document(tmp_path: Path) -> None:
    document = load_document(write(tmp_path, "empty.md", b""))
    assert document.text == ""
    assert document.length == 0
    assert len(document.paragraph_starts) == 0
    assert len(document.sentence_starts) == 0
    assert document.sections == []


# --- refusals ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "what"),
    [
        ("nul.txt", b"Some text\x00with a NUL byte\n", "NUL"),
        ("report.md", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "PDF"),
        ("picture.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
    ],
)
def test_binary_file_is_refused_in_one_line_naming_it(
    tmp_path: Path, name: str, data: bytes, what: str
) -> None:
    path = write(tmp_path, name, data)
    message = load_error(path)
    assert str(path) in message
    assert what in message
    assert "\n" not in message


def test_pdf_suffix_is_refused_naming_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "report.pdf", b"%PDF-1.7\n")
    message = load_error(path)
    assert str(path) in message
    assert "\n" not in message


def test_missing_file_is_refused_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.md"
    message = load_error(path)
    assert str(path) in message
    assert "no such file" in message


def test_folder_is_refused_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "folder.md"
    path.mkdir()
    message = load_error(path)
    assert str(path) in message
    assert "folder" in message


# --- large input -------------------------------------------------------------------------


def test_ten_megabytes_without_newline_is_one_paragraph(tmp_path: Path) -> None:
    unit = "The review asks every department to share what it builds. "
    text = unit * (10_000_000 // len(unit) + 1)
    document = load_document(write(tmp_path, "big.txt", text.encode("ascii")))
    assert document.length == len(text)
    assert len(document.paragraph_starts) == 1
    assert len(document.sentence_starts) > 1000
    first = document.text[document.sentence_starts[0] : document.sentence_ends[0]]
    assert first == unit.strip()


# --- paragraphs --------------------------------------------------------------------------


def test_blank_lines_separate_paragraphs() -> None:
    document = Document("First line\nsame paragraph.\n\n\nSecond.\n  \t\nThird.\n")
    assert paragraphs(document) == ["First line\nsame paragraph.", "Second.", "Third."]


def test_heading_stands_alone_as_a_paragraph() -> None:
    document = Document("Before.\n# Title\nText right after.\n")
    assert paragraphs(document) == ["Before.", "# Title", "Text right after."]


def test_list_items_are_separate_paragraphs() -> None:
    document = Document("Intro:\n- one\n- two\n* three\n1. four\n2) five\n(a) six\n")
    assert paragraphs(document) == [
        "Intro:",
        "- one",
        "- two",
        "* three",
        "1. four",
        "2) five",
        "(a) six",
    ]


def test_paragraphs_are_stripped_of_indentation_and_trailing_space() -> None:
    document = Document("Intro.\n  - nested item\n    - deeper item\u00a0\n\n   indented text \t\n")
    assert paragraphs(document) == ["Intro.", "- nested item", "- deeper item", "indented text"]


def test_indented_heading_is_still_one_sentence() -> None:
    document = Document("Text.\n\n  ## 2. Indented. Heading\n\nMore.\n")
    assert sentences(document) == ["Text.", "## 2. Indented. Heading", "More."]


def test_numbered_paragraph_is_split_into_sentences() -> None:
    document = Document("(9) The first sentence here. The second one here. A third.\n")
    assert sentences(document) == [
        "(9) The first sentence here.",
        "The second one here.",
        "A third.",
    ]


def test_list_marker_stays_with_the_first_sentence() -> None:
    document = Document("- First point here. Its detail.\n(a) Lettered item. More.\n")
    assert sentences(document) == [
        "- First point here.",
        "Its detail.",
        "(a) Lettered item.",
        "More.",
    ]


def test_plain_text_has_no_headings() -> None:
    document = Document("# not a heading\nbody\n", markdown=False)
    assert document.sections == []
    assert paragraphs(document) == ["# not a heading\nbody"]


# --- sections ----------------------------------------------------------------------------

NESTED = "# A\nintro\n## B\nb text\n### C\nc text\n## D\nd text\n# E\ne text\n"


def test_sections_have_levels_titles_and_heading_lines() -> None:
    document = Document(NESTED)
    found = [(s.level, s.title, NESTED[s.start : s.heading_end]) for s in document.sections]
    assert found == [
        (1, "A", "# A"),
        (2, "B", "## B"),
        (3, "C", "### C"),
        (2, "D", "## D"),
        (1, "E", "# E"),
    ]


def test_section_ends_at_next_heading_of_same_or_higher_level() -> None:
    document = Document(NESTED)
    ends = {s.title: s.end for s in document.sections}
    assert ends["A"] == NESTED.index("# E")
    assert ends["B"] == NESTED.index("## D")
    assert ends["C"] == NESTED.index("## D")
    assert ends["D"] == NESTED.index("# E")
    assert ends["E"] == len(NESTED)


def test_section_at_gives_the_innermost_section() -> None:
    document = Document(NESTED)
    inner = document.section_at(NESTED.index("c text"))
    assert inner is not None
    assert inner.title == "C"
    outer = document.section_at(NESTED.index("intro"))
    assert outer is not None
    assert outer.title == "A"


def test_headings_inside_fenced_code_are_ignored() -> None:
    text = "# Real\n\n```\n# not a heading\n```\n\n~~~python\n## nor this\n~~~\n\n## Also real\n"
    document = Document(text)
    assert [s.title for s in document.sections] == ["Real", "Also real"]


def test_heading_is_one_sentence() -> None:
    document = Document("## 1. Start here. Then more\n\nBody one. Body two.\n")
    assert sentences(document) == ["## 1. Start here. Then more", "Body one.", "Body two."]


def test_title_is_first_level_one_heading() -> None:
    assert Document("Intro line.\n\n# The Review\n").title == "The Review"


# --- hashes and offsets ------------------------------------------------------------------


def test_sha256_is_of_the_normalised_text(tmp_path: Path) -> None:
    raw = b"\xef\xbb\xbfLine one.\r\nLine two.\r"
    document = load_document(write(tmp_path, "doc.md", raw))
    expected = hashlib.sha256(b"Line one.\nLine two.\n").hexdigest()
    assert document.sha256 == expected
    assert document.sha256 != hashlib.sha256(raw).hexdigest()


CONTROL_TEXT = (
    "Before \x1b[2J\x1b]0;title\x07 after.\x08\x7f Bidi \u202eevil\u202c and \u2067iso\u2069.\n"
    "C1 \x9b31m and \x85 next \x0b\x0c tab\there.\n"
)


@pytest.mark.parametrize(
    "raw",
    [
        b"Line one.\nLine two.\n",
        b"\xef\xbb\xbfWith a BOM, caf\xc3\xa9.\n",
        b"\xef\xbb\xbfA BOM and CRLF.\r\nTwo.\r\n",
        b"Lone CR.\rTwo.",
        "\u00e9\u2014\U0001f600 and a control \x1b.".encode(),
        "Caf\u00e9 in Latin-1.".encode("latin-1"),
        "UTF-16.".encode("utf-16"),
        b"",
    ],
)
def test_sha256_of_a_loaded_file_is_that_of_its_normalised_text(tmp_path: Path, raw: bytes) -> None:
    """load_document hashes the file's bytes when they are the normalised text in UTF-8."""
    document = load_document(write(tmp_path, "doc.md", raw))
    expected = hashlib.sha256(document.text.encode("utf-8", "surrogatepass")).hexdigest()
    assert document.sha256 == expected
    assert Document(document.text).sha256 == expected


def test_headings_inside_fenced_code_do_not_split_paragraphs() -> None:
    """(The general way of finding paragraphs, used when a fence holds a heading-like line.)"""
    document = Document("Text\n```\n# comment\n  ## more\ncode\n```\n# Real\nAfter\n\n- item\n")
    assert [s.title for s in document.sections] == ["Real"]
    assert paragraphs(document) == [
        "Text\n```\n# comment\n  ## more\ncode\n```",
        "# Real",
        "After",
        "- item",
    ]


def test_control_characters_stay_in_the_text(tmp_path: Path) -> None:
    document = load_document(write(tmp_path, "doc.txt", CONTROL_TEXT.encode("utf-8")))
    assert document.text == CONTROL_TEXT
    assert document.length == len(CONTROL_TEXT)


def test_sentence_offsets_unchanged_by_control_characters(tmp_path: Path) -> None:
    document = load_document(write(tmp_path, "doc.txt", CONTROL_TEXT.encode("utf-8")))
    for text in sentences(document):
        assert text in CONTROL_TEXT
        assert text == text.strip()


def test_display_safe_keeps_length_and_removes_dangerous_characters() -> None:
    text = CONTROL_TEXT + "\x00 nul \u2066 \u202a\u202b\u202d \u200e\u200f \u061c \u2028\u2029"
    safe = display_safe(text)
    assert len(safe) == len(text)
    for char in safe:
        code = ord(char)
        assert char == "\n" or code >= 0x20, repr(char)
        assert not 0x7F <= code <= 0x9F, repr(char)
        assert not 0x202A <= code <= 0x202E, repr(char)
        assert not 0x2066 <= code <= 0x2069, repr(char)
    assert safe.count("\n") == text.count("\n")


def test_display_safe_without_newlines_replaces_them_too() -> None:
    safe = display_safe("a\nb\x1b", keep_newlines=False)
    assert len(safe) == 4
    assert "\n" not in safe
    assert "\x1b" not in safe


def test_display_safe_leaves_ordinary_text_alone() -> None:
    text = "Café “naïve” 😀 — 日本語.\nNext line."
    assert display_safe(text) == text


NON_ASCII = (
    "Le café “naïve” coûte 3 €. Emoji 😀 works here! The family 👩\u200d👩\u200d👧 arrived. "
    "Zoë’s résumé was e\u0301lite. She said “stop.” Then she left… Done?"
)


def test_sentence_offsets_on_non_ascii_text_slice_exactly() -> None:
    document = Document(NON_ASCII)
    assert sentences(document) == [
        "Le café “naïve” coûte 3 €.",
        "Emoji 😀 works here!",
        "The family 👩\u200d👩\u200d👧 arrived.",
        "Zoë’s résumé was e\u0301lite.",
        "She said “stop.”",
        "Then she left… Done?",
    ]


def test_is_heading_marks_heading_paragraphs_indented_or_not() -> None:
    document = Document(
        "# Title\n\nIntro.\n\n   ## Indented heading\n\n    # code, not a heading\n"
    )
    headings = [document.is_heading(i) for i in range(len(document.paragraph_starts))]
    assert headings == [True, False, True, False]


@pytest.mark.parametrize("name", ["review.md", "response.md"])
def test_paragraph_sentences_are_the_same_before_and_after_the_whole_text_is_segmented(
    name: str,
) -> None:
    """After ``sentence_starts`` (suggestions, detection), a paragraph's sentences come from the
    whole text's arrays instead of being segmented again: the same spans, in any order of use."""
    path = Path(__file__).resolve().parents[2] / "samples" / name
    one_by_one = load_document(path)
    expected = [one_by_one.paragraph_sentences(p) for p in range(len(one_by_one.paragraph_starts))]
    whole_first = load_document(path)
    whole_first.paragraph_sentences(3)  # one paragraph visited before, one after
    starts, ends = whole_first.sentence_starts, whole_first.sentence_ends
    assert list(zip(starts, ends, strict=True)) == [span for spans in expected for span in spans]
    found = [whole_first.paragraph_sentences(p) for p in range(len(expected))]
    assert found == expected
    assert whole_first.sentence_containing(expected[5][-1][0]) == expected[5][-1]


def test_shortened_says_when_it_cut() -> None:
    assert shortened("short", 80) == "short"
    assert shortened("x" * 80, 80) == "x" * 80
    cut = shortened("a few words of a long title", 12)
    assert cut == "a few words…"
    assert len(cut) <= 12
