"""``add_documents``: Word and PDF files read in worker processes, with the same outcome."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotations.projects.adding import Source, add_documents
from annotations.projects.project import new_project

docx = pytest.importorskip("docx")
fpdf = pytest.importorskip("fpdf")


def word(path: Path, title: str) -> Path:
    document = docx.Document()
    document.add_heading(title, level=1)
    for n in range(20):
        document.add_paragraph(f"Paragraph {n} of {title}: the council supports the review.")
    document.save(str(path))
    return path


def pdf(path: Path, title: str) -> Path:
    page = fpdf.FPDF()
    page.add_page()
    page.set_font("Helvetica", size=11)
    page.multi_cell(0, 6, f"{title}\n\nThe charity cautions against the timetable.")
    page.output(str(path))
    return path


def batch(folder: Path) -> list[Path]:
    folder.mkdir()
    files = [word(folder / f"reply-{n}.docx", f"Reply {n}") for n in range(3)]
    files += [pdf(folder / f"letter-{n}.pdf", f"Letter {n}") for n in range(3)]
    (folder / "broken.docx").write_bytes(b"not a zip")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 broken")
    (folder / "note.txt").write_text("A plain reply.\n", encoding="utf-8")
    return [*files, folder / "broken.docx", folder / "broken.pdf", folder / "note.txt"]


@pytest.mark.parametrize("workers", [1, 2])
def test_word_and_pdf_files_are_added_alike_with_or_without_processes(
    tmp_path: Path, workers: int
) -> None:
    files = batch(tmp_path / "in")
    project = new_project(tmp_path / "project", "Replies")
    added = add_documents(project, [Source.file(p) for p in files], workers=workers)
    outcome = [
        (a.source, a.document.id if a.document else None, a.document.title if a.document else None)
        for a in added
    ]
    assert [o[1] for o in outcome] == [
        "reply-0",
        "reply-1",
        "reply-2",
        "letter-0",
        "letter-1",
        "letter-2",
        None,
        None,
        "note",
    ]
    assert outcome[0][2] == "Reply 0"
    problems = [str(a.problem) for a in added if a.problem is not None]
    assert len(problems) == 2
    assert all(line.endswith("; skipped") for line in problems)
    assert sorted(p.name for p in (tmp_path / "project" / "documents").iterdir()) == sorted(
        f"{o[1]}{Path(o[0]).suffix}" for o in outcome if o[1]
    )
