"""Hostile files for the importers: each refused with one line, or read in bounded time and size.

The fixtures are generated here, small: the size limits are lowered through the documented
environment variable, so a 2 MiB archive stands for a zip bomb of gigabytes.
"""

from __future__ import annotations

import zlib
from pathlib import Path

import pytest
from hostile_files import docx_parts, encrypted, one_page_pdf, with_declared_size, zip_bytes
from test_refi_qda import FOREIGN, IDS, write_qdpx

from annotations.documents.importers import import_document
from annotations.documents.importers.archives import LIMIT_VARIABLE
from annotations.documents.importers.blocks import MAX_LIST_DEPTH
from annotations.documents.importers.html import extract_html
from annotations.errors import DocumentError
from annotations.exchange.interchange import stable_guid
from annotations.exchange.refi_qda import METADATA_NOTE, ProjectFileError, read_project


def minimal_docx(body: bytes) -> bytes:
    """A Word document with this body XML (enough for python-docx to open)."""
    pytest.importorskip("docx")
    return zip_bytes(docx_parts(body))


def one_line(
    error: pytest.ExceptionInfo[DocumentError] | pytest.ExceptionInfo[ProjectFileError],
) -> str:
    problems = error.value.problems
    assert len(problems) == 1
    text = str(problems[0])
    assert "\n" not in text
    return text


# --- HTML -----------------------------------------------------------------------------------


def test_a_list_start_of_thousands_of_digits_counts_from_one() -> None:
    page = b'<ol start="' + b"9" * 5000 + b'"><li>first</li><li>second</li></ol>'
    assert extract_html(page, "page.html").text == "1. first\n2. second\n"


def test_a_list_start_of_nine_digits_is_kept() -> None:
    page = b'<ol start="123456789"><li>first</li></ol>'
    assert extract_html(page, "page.html").text == "123456789. first\n"


def test_lists_nested_ten_thousand_deep_are_indented_no_deeper_than_the_cap() -> None:
    page = b"<ul><li>x" * 10_000 + b"</li></ul>" * 10_000
    text = extract_html(page, "page.html").text
    lines = text.splitlines()
    assert len(lines) == 10_000
    assert max(len(line) - len(line.lstrip()) for line in lines) == 2 * MAX_LIST_DEPTH
    assert len(text) < 300_000  # 100 MB before the cap


def test_a_list_of_many_items_keeps_every_item_in_order() -> None:
    page = b"<ul>" + b"".join(b"<li>item %d</li>" % i for i in range(20_000)) + b"</ul>"
    lines = extract_html(page, "page.html").text.splitlines()
    assert lines == [f"- item {i}" for i in range(20_000)]


# --- Word -----------------------------------------------------------------------------------


def test_a_word_zip_bomb_is_refused_before_it_is_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(LIMIT_VARIABLE, "1")
    path = tmp_path / "bomb.docx"
    path.write_bytes(minimal_docx(b"<w:p><w:r><w:t>" + b"a" * (3 << 20) + b"</w:t></w:r></w:p>"))
    with pytest.raises(DocumentError) as error:
        import_document(path, path.read_bytes())
    message = one_line(error)
    assert message.startswith(f"{path}: ")
    assert "expands to more than 1 MiB" in message
    assert LIMIT_VARIABLE in message


def test_a_member_whose_header_understates_its_size_is_refused(tmp_path: Path) -> None:
    real = minimal_docx(b"<w:p><w:r><w:t>" + b"a" * (2 << 20) + b"</w:t></w:r></w:p>")
    path = tmp_path / "liar.docx"
    path.write_bytes(with_declared_size(real, 1000))
    with pytest.raises(DocumentError) as error:
        import_document(path, path.read_bytes())
    assert "cannot be read" in one_line(error)


def test_millions_of_empty_word_paragraphs_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.docx"
    path.write_bytes(minimal_docx(b"<w:p/>" * 300_000))
    with pytest.raises(DocumentError) as error:
        import_document(path, path.read_bytes())
    assert "has 300,000 paragraphs, more than the 200,000" in one_line(error)


def test_many_empty_word_paragraphs_below_the_limit_are_skipped(tmp_path: Path) -> None:
    body = b"<w:p/>" * 50_000 + b"<w:p><w:r><w:t>The end.</w:t></w:r></w:p>"
    path = tmp_path / "sparse.docx"
    path.write_bytes(minimal_docx(body))
    assert import_document(path, path.read_bytes()).text == "The end.\n"


def test_an_encrypted_word_member_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "locked.docx"
    path.write_bytes(encrypted(minimal_docx(b"<w:p><w:r><w:t>Hi</w:t></w:r></w:p>")))
    with pytest.raises(DocumentError) as error:
        import_document(path, path.read_bytes())
    assert "encrypted" in one_line(error)


# --- REFI-QDA -------------------------------------------------------------------------------


def test_an_encrypted_project_member_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "locked.qdpx"
    path.write_bytes(encrypted(zip_bytes({"project.qde": b"<Project/>"})))
    with pytest.raises(ProjectFileError) as error:
        read_project(path)
    message = one_line(error)
    assert message.startswith(f"{path}: ")
    assert "encrypted" in message


def test_a_project_zip_bomb_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(LIMIT_VARIABLE, "1")
    path = tmp_path / "bomb.qdpx"
    path.write_bytes(zip_bytes({"project.qde": b"<Project/>", "sources/a.txt": b"a" * (3 << 20)}))
    with pytest.raises(ProjectFileError) as error:
        read_project(path)
    assert "expands to more than 1 MiB" in one_line(error)


def test_a_project_member_whose_header_understates_its_size_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "liar.qdpx"
    path.write_bytes(with_declared_size(zip_bytes({"project.qde": b"<Project>" * 300_000}), 100))
    with pytest.raises(ProjectFileError) as error:
        read_project(path)
    assert "cannot be read" in one_line(error)


def foreign_project(tmp_path: Path, replace: dict[str, str], text: str = "some text") -> Path:
    """The foreign REFI-QDA project of test_refi_qda, with some of its XML replaced."""
    qde = FOREIGN.format(**IDS, start=0, end=4, ref=IDS["c3"])
    for old, new in replace.items():
        assert old in qde
        qde = qde.replace(old, new)
    members = {"project.qde": qde.encode(), f"sources/{IDS['s']}.txt": text.encode()}
    return write_qdpx(tmp_path / "project.qdpx", members)


def test_codes_nested_thousands_deep_are_read(tmp_path: Path) -> None:
    depth = 5000
    nested = (
        "".join(
            f'<Code guid="{i:08x}-0000-4000-8000-00000000ffff" name="level {i}" isCodable="true">'
            for i in range(depth)
        )
        + "</Code>" * depth
    )
    path = foreign_project(tmp_path, {"</Codes>": nested + "</Codes>"})
    project = read_project(path)
    labels = [p.label for p in project.taxonomy.principles]
    assert labels[:2] == ["Trust", "level 0"]
    assert len(labels) == 1 + depth


@pytest.mark.parametrize("stamp", ["0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00"])
def test_dates_out_of_range_in_utc_are_ignored(tmp_path: Path, stamp: str) -> None:
    path = foreign_project(tmp_path, {"2024-05-01T12:00:00.123+02:00": stamp})
    (annotation,) = read_project(path).annotations
    assert annotation.created.year not in {1, 9999}


@pytest.mark.parametrize(
    "content",
    [
        '{"format": "policy-annotate", "codes": 5}',
        '{"format": "policy-annotate", "codes": [1, "x", null]}',
        '{"format": "policy-annotate", "codes": [{"guid": 7}]}',
        '{"format": "policy-annotate", "codes": [{"guid": "GUID", "kind": "recommendation", '
        '"id": ["R1"]}]}',
    ],
)
def test_a_malformed_metadata_note_is_ignored(tmp_path: Path, content: str) -> None:
    guid = stable_guid("note", METADATA_NOTE)
    note = (
        f'<Note guid="{guid}" name="{METADATA_NOTE}"><PlainTextContent>'
        f"{content.replace('GUID', IDS['c3'])}</PlainTextContent></Note>"
    )
    path = foreign_project(tmp_path, {"</Notes>": note + "</Notes>"})
    project = read_project(path)
    assert [r.id for r in project.taxonomy.recommendations] == ["R7"]


@pytest.mark.parametrize(("start", "end"), [(5, 2), (-3, 2), (10**9, 10**9 + 4)])
def test_a_recommendation_span_outside_the_text_is_dropped(
    tmp_path: Path, start: int, end: int
) -> None:
    guid = stable_guid("note", METADATA_NOTE)
    entry = (
        f'{{"guid": "{IDS["c3"]}", "kind": "recommendation", "id": "R7", "title": "Train", '
        f'"start": {start}, "end": {end}}}'
    )
    content = f'{{"format": "policy-annotate", "codes": [{entry}]}}'
    note = f'<Note guid="{guid}" name="{METADATA_NOTE}"><PlainTextContent>{content}</PlainTextContent></Note>'
    path = foreign_project(tmp_path, {"</Notes>": note + "</Notes>"})
    (recommendation,) = read_project(path).taxonomy.recommendations
    assert (recommendation.id, recommendation.start, recommendation.end) == ("R7", None, None)


def test_thousands_of_codes_of_one_name_get_distinct_ids(tmp_path: Path) -> None:
    count = 5000
    codes = "".join(
        f'<Code guid="{i:08x}-0000-4000-8000-00000000eeee" name="Same" isCodable="true"/>'
        for i in range(count)
    )
    path = foreign_project(tmp_path, {"</Codes>": codes + "</Codes>"})
    ids = [p.id for p in read_project(path).taxonomy.principles]
    assert len(ids) == len(set(ids)) == 1 + count
    assert ids[1:4] == ["same", "same-2", "same-3"]


# --- HTML size and PDF bombs ------------------------------------------------------------------


def test_a_page_of_too_many_tags_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "list.html"
    path.write_bytes(b"<ul>" + b"<li>item</li>" * 130_000 + b"</ul>")
    with pytest.raises(DocumentError) as error:
        import_document(path, path.read_bytes())
    assert "has more than 250,000 tags; refused" in one_line(error)


def pdf_with_content(content: bytes) -> bytes:
    """A one-page PDF whose content stream is ``content``, Flate-compressed."""
    return one_page_pdf(zlib.compress(content, 9))


def test_a_pdf_bomb_is_refused_before_pdfium_inflates_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("pypdfium2")
    monkeypatch.setenv(LIMIT_VARIABLE, "1")
    path = tmp_path / "bomb.pdf"
    path.write_bytes(pdf_with_content(b"BT /F1 12 Tf 72 720 Td (a) Tj ET\n" * 70_000))
    with pytest.raises(DocumentError) as error:
        import_document(path, path.read_bytes())
    message = one_line(error)
    assert message.startswith(f"{path}: holds compressed content that expands to more than 1 MiB")


def test_a_small_pdf_with_compressed_content_is_read(tmp_path: Path) -> None:
    pytest.importorskip("pypdfium2")
    path = tmp_path / "small.pdf"
    path.write_bytes(pdf_with_content(b"BT /F1 12 Tf 72 720 Td (Hello there.) Tj ET\n"))
    assert import_document(path, path.read_bytes()).text.strip() == "Hello there."


def test_a_failed_project_import_leaves_nothing_behind(tmp_path: Path) -> None:
    """A source text with a NUL byte is refused, and neither the document nor OUT is written."""
    from unit_helpers import run_command

    path = foreign_project(tmp_path, {}, text="some\x00text")
    result = run_command("import", path.name, cwd=tmp_path)
    assert result.returncode == 1
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project.qdpx"]


def test_a_document_written_for_an_output_that_cannot_be_written_is_removed(
    tmp_path: Path,
) -> None:
    from unit_helpers import run_command

    path = foreign_project(tmp_path, {})
    result = run_command(
        "import", path.name, "-o", "no-such-folder/out.toml", "--document", "doc.txt", cwd=tmp_path
    )
    assert result.returncode == 1
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project.qdpx"]
