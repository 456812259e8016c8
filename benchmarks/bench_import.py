"""Import benchmark of policy-annotate: a 300-page PDF and a ~1 MB HTML page.

Run from the project folder (about a minute, most of it spent generating the PDF with fpdf2):

    .venv/bin/python benchmarks/bench_import.py [--strict]

Both inputs are generated at run time in a temporary folder from the paragraphs of the corpus
bill (../shared/corpus/us-consolidated-appropriations-act-2016.md, read at run time; never copied
into the project), falling back to the samples when the corpus is absent:

- a 300-page PDF (fpdf2, Helvetica 10 pt, the bill's headings as bold lines and PDF bookmarks);
- a ~1 MB HTML page with headings, paragraphs, lists, tables, and scripts and styles to drop.

It times `annotations.documents.document.load_document` on each with the extraction cache off (median of 3:
import, normalise and index, as when a document is first opened; budgets <= 10 s for the PDF and
<= 1 s for the HTML page), and, beside them, a second open of the PDF served from the extraction
cache. Writes benchmarks/results/import.json.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for folder in (ROOT, ROOT / "benchmarks"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from bench_core import CORPUS, CORPUS_DOCUMENT, SAMPLES, machine_info, median_of, row  # noqa: E402

from annotations.documents.document import load_document  # noqa: E402

BUDGET_PDF_S = 10.0
BUDGET_HTML_S = 1.0
PDF_PAGES = 300
HTML_BYTES = 1_000_000


def corpus_blocks() -> tuple[list[str], str]:
    """The source's blocks (split at blank lines) and where they came from."""
    source = CORPUS / CORPUS_DOCUMENT
    if source.is_file():
        text, origin = source.read_text(encoding="utf-8"), f"corpus/{CORPUS_DOCUMENT}"
    else:
        paths = sorted(SAMPLES.glob("*.md"))
        text = "\n\n".join(path.read_text(encoding="utf-8") for path in paths)
        origin = "samples/*.md"
    blocks = [" ".join(block.split()) for block in text.split("\n\n")]
    return [block for block in blocks if block], origin


def latin1(text: str) -> str:
    """fpdf2's core fonts hold Latin-1 only."""
    text = text.translate({0x2018: "'", 0x2019: "'", 0x201C: '"', 0x201D: '"', 0x2014: "-"})
    return text.encode("latin-1", "replace").decode("latin-1")


def build_pdf(blocks: list[str], path: Path) -> int:
    """A PDF of PDF_PAGES pages of the blocks (repeated as needed); returns its page count."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    index = 0
    while pdf.page_no() < PDF_PAGES:
        block = latin1(blocks[index % len(blocks)])
        index += 1
        if block.startswith("#"):
            level = min(len(block) - len(block.lstrip("#")), 3)
            title = block.lstrip("#").strip()[:120]
            if not title:
                continue
            pdf.start_section(title, level=level - 1, strict=False)
            pdf.set_font("Helvetica", "B", 13)
            pdf.multi_cell(0, 7, title)
            pdf.ln(2)
        else:
            pdf.set_font("Helvetica", size=10)
            pdf.multi_cell(0, 5, block)
            pdf.ln(3)
    pdf.output(str(path))
    return pdf.page_no()


def build_html(blocks: list[str], path: Path) -> int:
    """A ~HTML_BYTES page of the blocks with lists, tables, scripts and styles; returns its size."""
    parts = [
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Bill</title>",
        "<style>body { font-family: serif } table td { padding: 2px }</style>",
        "<script>window.analytics = { track: function (e) { return e < 3 } };</script>",
        "</head><body><nav><a href='/'>Home</a> <a href='/bills'>Bills</a></nav><main>",
    ]
    size = sum(len(part) for part in parts)
    index = 0
    while size < HTML_BYTES:
        block = blocks[index % len(blocks)]
        index += 1
        if block.startswith("#"):
            level = min(len(block) - len(block.lstrip("#")) + 1, 6)
            piece = f"<h{level}>{html.escape(block.lstrip('#').strip())}</h{level}>\n"
        elif index % 9 == 0:
            items = [s for s in block.split(". ") if s][:6]
            piece = "<ul>" + "".join(f"<li>{html.escape(s)}</li>" for s in items) + "</ul>\n"
        elif index % 23 == 0:
            words = block.split()[:15]
            rows = ["<tr>" + "".join(f"<td>{html.escape(w)}</td>" for w in words[:3]) + "</tr>"]
            rows += [
                "<tr>" + "".join(f"<td>{html.escape(w)}</td>" for w in words[i : i + 3]) + "</tr>"
                for i in range(3, len(words), 3)
            ]
            piece = f"<table><tbody>{''.join(rows)}</tbody></table>\n"
        elif index % 50 == 0:
            piece = f"<script>track({index});</script><style>.p{index} {{ margin: 0 }}</style>\n"
        else:
            piece = f"<p class='p'>\n  {html.escape(block)}\n</p>\n"
        parts.append(piece)
        size += len(piece)
    parts.append("</main><footer>Footer</footer></body></html>\n")
    data = "".join(parts).encode("utf-8")
    path.write_bytes(data)
    return len(data)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--strict", action="store_true", help="exit 1 if a budget fails")
    options = parser.parse_args()
    info = machine_info(("pypdfium2", "fpdf2"))
    blocks, origin = corpus_blocks()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        os.environ["XDG_CACHE_HOME"] = str(folder / "cache")
        pdf_path, html_path = folder / "bill.pdf", folder / "bill.html"
        started = time.perf_counter()
        pages = build_pdf(blocks, pdf_path)
        generate_s = time.perf_counter() - started
        html_size = build_html(blocks, html_path)

        os.environ["POLICY_ANNOTATE_NO_CACHE"] = "1"
        pdf_s, pdf_runs = median_of(3, lambda: load_document(pdf_path))
        html_s, html_runs = median_of(3, lambda: load_document(html_path))
        pdf_document = load_document(pdf_path)
        html_document = load_document(html_path)
        del os.environ["POLICY_ANNOTATE_NO_CACHE"]
        load_document(pdf_path)  # fills the cache
        cached_s, cached_runs = median_of(3, lambda: load_document(pdf_path))

        pdf_passed = pdf_s <= BUDGET_PDF_S
        html_passed = html_s <= BUDGET_HTML_S
        print(
            row(
                f"load_document: {pages}-page PDF (pdf/1)",
                f"{pdf_s:.3f} s",
                f"<= {BUDGET_PDF_S:g} s",
                pdf_passed,
            )
        )
        print(
            row(
                f"load_document: {html_size / 1e6:.2f} MB HTML page (html/2)",
                f"{html_s:.3f} s",
                f"<= {BUDGET_HTML_S:g} s",
                html_passed,
            )
        )
        print(row("load_document: the PDF again, from the cache", f"{cached_s:.3f} s", "", None))
        print(
            f"inputs: {origin}; PDF {pdf_path.stat().st_size:,} bytes, {pages} pages, "
            f"{pdf_document.length:,} code points, {len(pdf_document.sections)} sections "
            f"(generated in {generate_s:.1f} s); HTML {html_size:,} bytes -> "
            f"{html_document.length:,} code points, {len(html_document.sections)} sections"
        )
        report = {
            "benchmark": "import",
            "machine": info,
            "inputs": {
                "source": origin,
                "pdf": {
                    "bytes": pdf_path.stat().st_size,
                    "pages": pages,
                    "code_points": pdf_document.length,
                    "sections": len(pdf_document.sections),
                    "generate_s": round(generate_s, 2),
                },
                "html": {
                    "bytes": html_size,
                    "code_points": html_document.length,
                    "sections": len(html_document.sections),
                },
            },
            "pdf_s": {"median": round(pdf_s, 4), "runs": [round(r, 4) for r in pdf_runs]},
            "html_s": {"median": round(html_s, 4), "runs": [round(r, 4) for r in html_runs]},
            "pdf_cached_s": {
                "median": round(cached_s, 4),
                "runs": [round(r, 4) for r in cached_runs],
            },
            "verdicts": {
                "pdf": "PASS" if pdf_passed else "FAIL",
                "html": "PASS" if html_passed else "FAIL",
            },
        }
        output = ROOT / "benchmarks" / "results" / "import.json"
        output.write_text(json.dumps(report, indent=2) + "\n")
    return 1 if options.strict and not (pdf_passed and html_passed) else 0


if __name__ == "__main__":
    sys.exit(main())
