"""The HTML and Word importers and the dispatcher, on fixtures generated here."""

from __future__ import annotations

import hashlib
import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from unit_helpers import load_error, run_command, write_file

from annotations.documents.document import load_document
from annotations.documents.importers import ImportedText, import_document
from annotations.format.model import DocumentRef
from annotations.format.tomlfile import raw_toml
from annotations.session.store import new_store

PAGE = b"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Site title</title>
<style>p { color: red }</style><script>var x = "<p>not text</p>";</script></head>
<body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<main>
<h1>The  Digital
  Review &amp; Response</h1>
<p>Public   bodies
share <b>platforms</b>&nbsp;and&#160;data.<br>A line after a break.</p>
<ul><li>collaboration</li><li><p>redesign</p><ol start="3"><li>first</li><li>second</li></ol></li>
<li>innovation</ul>
<table><caption>Budget</caption>
<tr><th>Year</th><th>Amount</th></tr>
<tr><td>2016</td><td><p>&pound;10m</p><p>(estimated)</p></td></tr>
</table>
<pre>
  keep   this
    as it is</pre>
<div>Loose text<p>inner paragraph</p>tail text</div>
<h2></h2>
<h3>Caf&eacute; culture</h3>
<noscript>Enable scripts</noscript><template><p>hidden</p></template>
</main>
<footer>Footer links</footer>
</body></html>
"""

PAGE_TEXT = (
    "# The Digital Review & Response\n\n"
    "Public bodies share platforms and data.\nA line after a break.\n\n"
    "- collaboration\n- redesign\n  3. first\n  4. second\n- innovation\n\n"
    "Budget\nYear | Amount\n2016 | £10m (estimated)\n\n"
    "  keep   this\n    as it is\n\n"
    "Loose text\n\ninner paragraph\n\ntail text\n\n"
    "### Café culture\n"
)


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Extractions are cached under the test's own folder, never the user's."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    return folder


# --- HTML ---------------------------------------------------------------------------------


def test_html_page_becomes_markdown_text(tmp_path: Path) -> None:
    path = write_file(tmp_path, "review.html", PAGE)
    document = load_document(path)
    assert document.text == PAGE_TEXT
    assert [(s.level, s.title) for s in document.sections] == [
        (1, "The Digital Review & Response"),
        (3, "Café culture"),
    ]
    assert document.title == "The Digital Review & Response"
    assert document.importer == "html/2"
    assert document.source_sha256 == hashlib.sha256(PAGE).hexdigest()
    assert document.pages == ()
    assert document.page_at(10) is None


def test_html_without_main_keeps_the_body_but_not_navigation(tmp_path: Path) -> None:
    page = (
        b"<html><head><title>T</title><script>alert(1)</script>"
        b"<body><nav>Menu</nav><h2>Part one</h2><p>Body text.</p><footer>Small print</footer>"
    )
    text = load_document(write_file(tmp_path, "page.htm", page)).text
    assert text == "## Part one\n\nBody text.\n\nSmall print\n"


def test_html_head_without_its_end_tag(tmp_path: Path) -> None:
    page = b"<html><head><title>T</title><meta charset=utf-8><p>First words.</p>"
    assert load_document(write_file(tmp_path, "page.xhtml", page)).text == "First words.\n"


def test_html_role_main_is_the_main_content(tmp_path: Path) -> None:
    page = (
        b"<div>Banner</div><div role=main><p>Kept.</p><div><p>Also kept.</p></div></div><p>Not.</p>"
    )
    assert load_document(write_file(tmp_path, "page.html", page)).text == "Kept.\n\nAlso kept.\n"


def test_html_declared_charset_is_used(tmp_path: Path) -> None:
    page = '<meta charset="windows-1252"><p>Café – “quoted”</p>'.encode("cp1252")
    assert load_document(write_file(tmp_path, "page.html", page)).text == "Café – “quoted”\n"


@pytest.mark.parametrize(
    "data",
    [b"", b"   \n", b"<html><body></body></html>", b"<html><body><div", b"<script>only()</script>"],
)
def test_html_without_text_is_refused(tmp_path: Path, data: bytes) -> None:
    path = write_file(tmp_path, "empty.html", data)
    assert load_error(path) == f"{path}: has no text"


def test_binary_data_named_html_is_refused(tmp_path: Path) -> None:
    path = write_file(tmp_path, "picture.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert load_error(path) == f"{path}: is not an HTML page (it holds binary data)"


def test_html_extraction_is_deterministic(tmp_path: Path) -> None:
    path = write_file(tmp_path, "review.html", PAGE)
    first, second = import_document(path, PAGE), import_document(path, PAGE)
    assert first == second
    assert first == ImportedText(PAGE_TEXT, (), "html/2", hashlib.sha256(PAGE).hexdigest())


@pytest.mark.parametrize(
    ("page", "text"),
    [
        (b"<p>Press <button>OK</button> to go on.</p>", "Press to go on.\n"),
        (b"<h2>Where <math><mi>x</mi></math> is small</h2>", "## Where is small\n"),
        (b"<ul><li>Read <svg><path/></svg> more</li><li>Two</li></ul>", "- Read more\n- Two\n"),
        (b"<p>a <script>var x = 1;</script>b</p>", "a b\n"),
        (b"<div>Above<nav>Menu</nav>below</div>", "Above\n\nbelow\n"),
    ],
)
def test_html_inline_dropped_elements_do_not_split_the_block(
    tmp_path: Path, page: bytes, text: str
) -> None:
    assert load_document(write_file(tmp_path, "page.html", page)).text == text


# --- Word ---------------------------------------------------------------------------------


def review_docx() -> bytes:
    """A Word document with a title, headings, bullets, a numbered list and a table."""
    import docx

    document = docx.Document()
    document.add_heading("Digital Review", 0)
    document.add_paragraph("An opening paragraph  with\ttabs.")
    document.add_heading("Findings", 1)
    document.add_paragraph("Share platforms", style="List Bullet")
    document.add_paragraph("Share data", style="List Bullet")
    document.add_paragraph("Plan", style="List Number")
    document.add_paragraph("Build", style="List Number")
    document.add_heading("Costs", 2)
    table = document.add_table(rows=2, cols=3)
    for column, label in enumerate(("Item", "Year", "Amount")):
        table.cell(0, column).text = label
    table.cell(1, 0).text = "Hosting"
    table.cell(1, 1).merge(table.cell(1, 2)).text = "unknown"
    document.add_paragraph("After the table.")
    document.add_paragraph("   ")
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


DOCX_TEXT = (
    "# Digital Review\n\n"
    "An opening paragraph with tabs.\n\n"
    "# Findings\n\n"
    "- Share platforms\n- Share data\n1. Plan\n2. Build\n\n"
    "## Costs\n\n"
    "Item | Year | Amount\nHosting | unknown\n\n"
    "After the table.\n"
)


def test_docx_becomes_markdown_text(tmp_path: Path) -> None:
    pytest.importorskip("docx")
    data = review_docx()
    document = load_document(write_file(tmp_path, "review.docx", data))
    assert document.text == DOCX_TEXT
    assert [(s.level, s.title) for s in document.sections] == [
        (1, "Digital Review"),
        (1, "Findings"),
        (2, "Costs"),
    ]
    assert document.importer == "docx/2"
    assert document.source_sha256 == hashlib.sha256(data).hexdigest()
    assert document.page_at(0) is None


def test_docx_extraction_is_deterministic(tmp_path: Path) -> None:
    pytest.importorskip("docx")
    data = review_docx()
    path = tmp_path / "review.docx"
    assert import_document(path, data) == import_document(path, data)


def test_docx_that_is_not_a_zip_is_refused(tmp_path: Path) -> None:
    pytest.importorskip("docx")
    path = write_file(tmp_path, "report.docx", b"This is plain text, not Word.\n")
    assert load_error(path) == f"{path}: is not a Word .docx file (not a zip archive)"


def test_other_zip_named_docx_is_refused(tmp_path: Path) -> None:
    pytest.importorskip("docx")
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w") as archive:
        archive.writestr("notes.txt", "hello")
    path = write_file(tmp_path, "report.docx", stream.getvalue())
    assert load_error(path) == (
        f"{path}: is not a valid Word .docx file (damaged, or another kind of zip archive?)"
    )


def test_truncated_docx_is_refused(tmp_path: Path) -> None:
    pytest.importorskip("docx")
    data = review_docx()
    path = write_file(tmp_path, "report.docx", data[: len(data) // 2])
    assert "is not a valid Word .docx file" in load_error(path)


def test_empty_docx_has_no_text(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    stream = io.BytesIO()
    docx.Document().save(stream)
    path = write_file(tmp_path, "empty.docx", stream.getvalue())
    assert load_error(path) == f"{path}: has no text"


def test_docx_text_inside_inline_wrappers_and_nested_tables_is_kept(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document = docx.Document()
    paragraph = document.add_paragraph("See ")
    for xml in (
        f"<w:sdt {w}><w:sdtContent><w:r><w:t>the title</w:t></w:r></w:sdtContent></w:sdt>",
        f'<w:fldSimple {w} w:instr="REF r1"><w:r><w:t>, Recommendation 1</w:t></w:r></w:fldSimple>',
        f'<w:ins {w} w:id="1" w:author="A"><w:r><w:t> and 2</w:t></w:r></w:ins>',
        f'<w:del {w} w:id="2" w:author="A"><w:r><w:delText> and 3</w:delText></w:r></w:del>',
    ):
        paragraph._p.append(parse_xml(xml))
    paragraph.add_run(".")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Outer"
    inner = table.cell(0, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "inner one"
    inner.cell(0, 1).text = "inner two"
    stream = io.BytesIO()
    document.save(stream)
    text = load_document(write_file(tmp_path, "wrapped.docx", stream.getvalue())).text
    assert text == "See the title, Recommendation 1 and 2.\n\nOuter | inner one inner two\n"


def test_missing_docx_extra_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_file(tmp_path, "review.docx", b"PK\x03\x04")
    monkeypatch.setitem(sys.modules, "docx", None)
    for module in [m for m in sys.modules if m.startswith("docx.")]:
        monkeypatch.setitem(sys.modules, module, None)  # as if never installed
    assert load_error(path) == (
        f"{path}: Word import needs the 'docx' extra: pip install 'policy-annotate[docx]'"
    )


@pytest.mark.parametrize(
    ("name", "what"),
    [
        ("old.doc", "an old Word .doc file"),
        ("text.odt", "an OpenDocument"),
        ("a.rtf", "a Rich Text file"),
    ],
)
def test_other_office_formats_are_refused(tmp_path: Path, name: str, what: str) -> None:
    path = write_file(tmp_path, name, b"\xd0\xcf\x11\xe0 whatever")
    message = load_error(path)
    assert message.startswith(f"{path}: cannot be read: it is {what}")


def test_init_and_validate_a_docx_from_the_command_line(tmp_path: Path) -> None:
    pytest.importorskip("docx")
    data = review_docx()
    write_file(tmp_path, "review.docx", data)
    result = run_command("init", "review.docx", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    created = tmp_path / "review.annotations.toml"
    document = raw_toml(created.read_text(encoding="utf-8"))["document"]
    assert document["source_sha256"] == hashlib.sha256(data).hexdigest()
    assert document["importer"] == "docx/2"
    assert document["length"] == len(DOCX_TEXT)
    result = run_command("validate", "review.annotations.toml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr


# --- the annotation file and the core's imports --------------------------------------------


def test_plain_documents_record_no_source(tmp_path: Path) -> None:
    path = write_file(tmp_path, "review.md", b"# Review\n\nText.\n")
    document = load_document(path)
    assert (document.source_sha256, document.importer, document.pages) == (None, None, ())
    store = new_store(document, tmp_path / "review.annotations.toml")
    assert list(raw_toml(store.text())["document"]) == ["path", "sha256", "length", "title"]


def test_source_sha256_must_be_a_sha256() -> None:
    with pytest.raises(ValueError, match="source_sha256"):
        DocumentRef(path="a.pdf", sha256="0" * 64, length=0, source_sha256="nope")


def test_importers_import_no_textual(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "import annotations.documents.importers.html, annotations.documents.importers.docx\n"
        "import annotations.documents.importers.pdf, annotations.documents.importers.cache\n"
        "bad = [m for m in sys.modules if m == 'textual' or m.startswith('textual.')]\n"
        "heavy = [m for m in ('docx', 'pypdfium2') if m in sys.modules]\n"
        "assert not bad and not heavy, (bad[:5], heavy)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
