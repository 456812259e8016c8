"""The PDF importer, on PDFs generated here with fpdf2: text, outline headings, pages, errors."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from unit_helpers import load_error, make_annotation, run_command, write_file

from annotations.checking import check_against_document, validate_file
from annotations.documents.document import Document, imported_document, load_document
from annotations.documents.importers import import_document
from annotations.format.model import AnnotationFile, Recommendation
from annotations.format.tomlfile import raw_toml
from annotations.session.store import load_store, new_store
from annotations.summaries.formats import render_csv, render_json, render_markdown
from annotations.summaries.render import render_text
from annotations.summaries.summary import build_summary

if TYPE_CHECKING:
    from fpdf import FPDF

fpdf = pytest.importorskip("fpdf")
pytest.importorskip("pypdfium2")

EXPECTED = (
    "# Digital Review\n\n"
    "Public bodies share information with each other. They publish reports every year.\n\n"
    "A second paragraph on page one.\n\n"
    "## Findings\n\n"
    "The findings start on page two. Anti-Corruption stays hyphenated.\n\n"
    "## Recommendations\n\n"
    "Page three holds the recommendations.\n"
)


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Extractions are cached under the test's own folder, never the user's."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    monkeypatch.delenv("POLICY_ANNOTATE_NO_CACHE", raising=False)
    return folder


def new_pdf(title: str | None = None) -> FPDF:
    pdf: FPDF = fpdf.FPDF()
    pdf.set_creation_date(datetime(2026, 11, 27, tzinfo=UTC))
    if title is not None:
        pdf.set_title(title)
    return pdf


def heading(pdf: FPDF, title: str, size: int, level: int | None) -> None:
    if level is not None:
        pdf.start_section(title, level=level)
    pdf.set_font("Helvetica", "B", size)
    pdf.cell(text=title, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("Helvetica", size=11)


def review_pdf(*, outline: bool = True, title: str | None = None) -> bytes:
    """Three pages: a title, a paragraph with a hyphenated line break, two chapters."""
    pdf = new_pdf(title)
    pdf.add_page()
    heading(pdf, "Digital Review", 18, 0 if outline else None)
    pdf.multi_cell(
        0,
        6,
        "Public bodies share infor-\nmation with each other. They publish\nreports every year.",
    )
    pdf.ln(6)
    pdf.multi_cell(0, 6, "A second paragraph on page one.")
    pdf.add_page()
    heading(pdf, "Findings", 14, 1 if outline else None)
    pdf.multi_cell(0, 6, "The findings start on page two. Anti-\nCorruption stays hyphenated.")
    pdf.add_page()
    heading(pdf, "Recommendations", 14, 1 if outline else None)
    pdf.multi_cell(0, 6, "Page three holds the recommendations.")
    return bytes(pdf.output())


def test_pdf_text_headings_and_pages(tmp_path: Path) -> None:
    path = write_file(tmp_path, "review.pdf", review_pdf())
    document = load_document(path)
    assert document.text == EXPECTED
    assert [(s.level, s.title) for s in document.sections] == [
        (1, "Digital Review"),
        (2, "Findings"),
        (2, "Recommendations"),
    ]
    assert document.title == "Digital Review"
    assert document.markdown
    assert document.importer == "pdf/1"
    assert document.source_sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert document.sha256 == hashlib.sha256(EXPECTED.encode()).hexdigest()
    text = document.text
    assert document.pages == (0, text.index("## Findings"), text.index("## Recommendations"))
    assert document.page_at(0) == 1
    assert document.page_at(text.index("A second paragraph")) == 1
    assert document.page_at(text.index("The findings")) == 2
    assert document.page_at(text.index("## Recommendations")) == 3
    assert document.page_at(len(text) - 1) == 3


def test_hyphenation_at_line_ends_is_repaired(tmp_path: Path) -> None:
    text = load_document(write_file(tmp_path, "review.pdf", review_pdf())).text
    assert "information" in text
    assert "infor-" not in text
    assert "Anti-Corruption" in text  # the next line starts with a capital: the hyphen stays


def test_without_an_outline_there_are_no_headings(tmp_path: Path) -> None:
    document = load_document(write_file(tmp_path, "plain.pdf", review_pdf(outline=False)))
    assert document.sections == []
    assert "Digital Review\n\nPublic bodies share information" in document.text
    assert "#" not in document.text
    assert len(document.pages) == 3


def test_a_heading_not_found_on_its_page_goes_to_the_top_of_it(tmp_path: Path) -> None:
    pdf = new_pdf()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, "First page text.")
    pdf.add_page()
    pdf.start_section("Annex A", level=0)
    pdf.multi_cell(0, 6, "The annex has no title line of its own.")
    document = load_document(write_file(tmp_path, "annex.pdf", bytes(pdf.output())))
    assert document.text == (
        "First page text.\n\n# Annex A\n\nThe annex has no title line of its own.\n"
    )
    assert document.page_at(document.text.index("# Annex A")) == 2


def test_extraction_is_deterministic(tmp_path: Path) -> None:
    path = write_file(tmp_path, "review.pdf", review_pdf())
    data = path.read_bytes()
    assert import_document(path, data) == import_document(path, data)
    assert imported_document(path, data).sha256 == imported_document(path, data).sha256


def test_password_protected_pdf_is_refused(tmp_path: Path) -> None:
    pdf = new_pdf()
    pdf.set_encryption(owner_password="owner", user_password="secret")
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.cell(text="Secret text.")
    path = write_file(tmp_path, "locked.pdf", bytes(pdf.output()))
    assert load_error(path) == f"{path}: is password-protected; save an unprotected copy first"


def test_image_only_pdf_asks_for_ocr(tmp_path: Path) -> None:
    from PIL import Image, ImageDraw

    picture = Image.new("RGB", (300, 120), "white")
    ImageDraw.Draw(picture).rectangle((20, 20, 280, 100), outline="black")
    pdf = new_pdf()
    pdf.add_page()
    pdf.image(picture, x=20, y=20, w=120)
    path = write_file(tmp_path, "scan.pdf", bytes(pdf.output()))
    assert load_error(path) == f"{path}: has no text layer (scanned images?); run OCR first"


@pytest.mark.parametrize("fraction", [0.02, 0.3, 0.6])
def test_corrupt_pdf_is_refused(tmp_path: Path, fraction: float) -> None:
    data = review_pdf()
    path = write_file(tmp_path, "broken.pdf", data[: int(len(data) * fraction)])
    assert load_error(path) == f"{path}: is not a valid PDF file (damaged or truncated?)"


def test_a_text_file_named_pdf_is_refused(tmp_path: Path) -> None:
    path = write_file(tmp_path, "notes.pdf", b"Just some notes.\n")
    assert load_error(path) == f"{path}: is not a PDF file (no %PDF header)"


def test_missing_pdf_extra_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_file(tmp_path, "review.pdf", review_pdf())
    monkeypatch.setitem(sys.modules, "pypdfium2", None)
    for module in [m for m in sys.modules if m.startswith("pypdfium2.")]:
        monkeypatch.setitem(sys.modules, module, None)  # as if never installed
    assert load_error(path) == (
        f"{path}: PDF import needs the 'pdf' extra: pip install 'policy-annotate[pdf]'"
    )


# --- the annotation file ------------------------------------------------------------------


def test_annotation_file_records_the_source_file(tmp_path: Path) -> None:
    path = write_file(tmp_path, "review.pdf", review_pdf())
    store = new_store(load_document(path), tmp_path / "review.annotations.toml")
    store.save()
    document = raw_toml(store.text())["document"]
    assert list(document) == ["path", "sha256", "length", "title", "source_sha256", "importer"]
    assert document["source_sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert document["importer"] == "pdf/1"
    assert document["path"] == "review.pdf"
    reloaded = load_store(store.path)
    assert reloaded.model.document.source_sha256 == document["source_sha256"]
    assert reloaded.text() == store.text()


def test_a_new_file_with_the_same_text_is_fine(tmp_path: Path) -> None:
    path = write_file(tmp_path, "review.pdf", review_pdf())
    store = new_store(load_document(path), tmp_path / "review.annotations.toml")
    store.save()
    path.write_bytes(review_pdf(title="Now with metadata"))  # other bytes, same text
    assert hashlib.sha256(path.read_bytes()).hexdigest() != store.model.document.source_sha256
    assert validate_file(store.path) == []
    assert load_store(store.path).warnings == []


def test_a_new_importer_version_is_explained(tmp_path: Path) -> None:
    path = write_file(tmp_path, "review.pdf", review_pdf())
    document = load_document(path)
    store = new_store(document, tmp_path / "review.annotations.toml")
    store.model.document.sha256 = "0" * 64
    store.model.document.importer = "pdf/0"
    [problem] = check_against_document(store.model, document, str(store.path))
    assert problem.severity == "warning"
    assert "the file is unchanged but was read by importer pdf/0 then and pdf/1 now" in str(problem)


# --- the cache ----------------------------------------------------------------------------


def test_extractions_are_cached_and_reused(
    tmp_path: Path, private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from annotations.documents.importers import pdf

    path = write_file(tmp_path, "review.pdf", review_pdf())
    first = load_document(path)
    [entry] = (private_cache / "policy-annotate" / "extracted").iterdir()
    assert entry.name == f"{first.source_sha256}-pdf-1.json"

    def refuse(data: bytes, name: str) -> None:
        raise AssertionError("the cache was not used")

    monkeypatch.setattr(pdf, "extract_pdf", refuse)
    second = load_document(path)
    assert (second.text, second.pages, second.importer) == (first.text, first.pages, "pdf/1")


def test_a_damaged_cache_entry_is_ignored(tmp_path: Path, private_cache: Path) -> None:
    path = write_file(tmp_path, "review.pdf", review_pdf())
    first = load_document(path)
    [entry] = (private_cache / "policy-annotate" / "extracted").iterdir()
    entry.write_text(entry.read_text(encoding="utf-8").replace("Findings", "Fiddled"))
    assert load_document(path).text == first.text == EXPECTED
    entry.write_bytes(b"\xff\x00 not json")
    assert load_document(path).text == EXPECTED


def test_the_cache_can_be_turned_off(
    tmp_path: Path, private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POLICY_ANNOTATE_NO_CACHE", "1")
    assert load_document(write_file(tmp_path, "review.pdf", review_pdf())).text == EXPECTED
    assert not private_cache.exists()


def test_an_unwritable_cache_is_no_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = write_file(tmp_path, "not-a-folder", b"")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert load_document(write_file(tmp_path, "review.pdf", review_pdf())).text == EXPECTED


# --- the command line ---------------------------------------------------------------------


def test_init_and_validate_a_pdf_from_the_command_line(tmp_path: Path) -> None:
    data = review_pdf()
    write_file(tmp_path, "review.pdf", data)
    result = run_command("init", "review.pdf", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    created = tmp_path / "review.annotations.toml"
    document = raw_toml(created.read_text(encoding="utf-8"))["document"]
    assert document["source_sha256"] == hashlib.sha256(data).hexdigest()
    assert document["importer"] == "pdf/1"
    assert document["title"] == "Digital Review"
    assert document["length"] == len(EXPECTED)
    result = run_command("validate", "review.annotations.toml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr


def test_init_on_a_locked_pdf_is_one_line(tmp_path: Path) -> None:
    pdf = new_pdf()
    pdf.set_encryption(owner_password="owner", user_password="secret")
    pdf.add_page()
    write_file(tmp_path, "locked.pdf", bytes(pdf.output()))
    result = run_command("init", "locked.pdf", cwd=tmp_path)
    assert result.returncode == 1
    assert "policy-annotate: locked.pdf: is password-protected" in result.stderr
    assert not (tmp_path / "locked.annotations.toml").exists()


# --- summaries cite pages -----------------------------------------------------------------


def annotated_review(tmp_path: Path) -> tuple[Document, AnnotationFile]:
    """The review PDF with one annotation on page 2, tagged to a recommendation."""
    document = load_document(write_file(tmp_path, "review.pdf", review_pdf()))
    store = new_store(document, tmp_path / "review.annotations.toml")
    store.model.taxonomy.recommendations.append(Recommendation(id="R1", title="Share more"))
    start = document.text.index("The findings start")
    end = start + len("The findings start on page two.")
    store.model.annotations.append(
        make_annotation(
            document.text, start, end, "a1", principles=["collaboration"], recommendations=["R1"]
        )
    )
    return document, store.model


def test_summary_quotes_and_sections_cite_pages(tmp_path: Path) -> None:
    document, model = annotated_review(tmp_path)
    summary = build_summary([model], document, ["review.annotations.toml"])
    [quote] = summary.recommendations[0].quotes
    assert quote.page == 2
    assert [(s.title, s.page) for s in summary.sections] == [
        ("Findings", 2),
        ("Recommendations", 3),
    ]
    data = json.loads(render_json(summary))
    assert data["recommendations"][0]["quotes"][0]["page"] == 2
    assert list(data["sections"][0]) == ["title", "level", "start", "end", "coverage", "page"]
    assert "analyst-a, neutral, p. 2" in render_markdown(summary)
    assert "Findings (p. 2)" in render_markdown(summary)
    assert "p. 2" in render_text(summary, width=120)


def test_summary_of_an_unpaged_document_has_no_page_keys(tmp_path: Path) -> None:
    path = write_file(tmp_path, "review.md", b"# Review\n\n## Part\n\nSome text here.\n")
    document = load_document(path)
    store = new_store(document, tmp_path / "review.annotations.toml")
    store.model.annotations.append(make_annotation(document.text, 19, 28, "a1"))
    data = json.loads(render_json(build_summary([store.model], document, ["x"])))
    assert "page" not in data["sections"][0]


def test_csv_has_a_page_column_for_a_paged_document(tmp_path: Path) -> None:
    document, model = annotated_review(tmp_path)
    rows = list(csv.reader(io.StringIO(render_csv([("f.toml", model)], document=document))))
    assert rows[0][:5] == ["file", "id", "start", "end", "page"]
    assert rows[1][4] == "2"
    plain = list(csv.reader(io.StringIO(render_csv([("f.toml", model)]))))
    assert "page" not in plain[0]
