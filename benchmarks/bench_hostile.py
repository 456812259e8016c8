"""Hostile-input benchmark: time and peak memory of reading small files built to hurt.

Run from the project folder (about a minute; the fixtures are generated in a temporary folder,
never kept):

    .venv/bin/python benchmarks/bench_hostile.py [--strict]

Each file is read by a fresh interpreter (``import_document`` for HTML/Word/PDF, ``read_project``
for REFI-QDA), which reports its own wall time for the read and its peak resident memory
(``ru_maxrss``: the interpreter and its imports included). Goal for every case: read in <= 2 s or
refused in <= 1 s, peak memory <= 300 MiB. Writes benchmarks/results/hostile.json.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for folder in (ROOT, ROOT / "benchmarks", ROOT / "tests" / "unit"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from bench_core import machine_info, row  # noqa: E402
from hostile_files import docx_parts, one_page_pdf, with_declared_size  # noqa: E402

BUDGET_READ_S = 2.0
BUDGET_REFUSE_S = 1.0
BUDGET_MEMORY_MIB = 300.0
MiB = 1 << 20

CHILD = """
import json, resource, sys, time
from pathlib import Path
path = Path(sys.argv[1])
started = time.perf_counter()
try:
    if path.suffix == ".qdpx":
        from annotations.exchange.refi_qda import read_project
        outcome = f"read: {len(read_project(path).text):,} characters"
    else:
        from annotations.documents.importers import import_document
        outcome = f"read: {len(import_document(path, path.read_bytes()).text):,} characters"
    refused = False
except Exception as error:  # what the user would see, one line
    problems = getattr(error, "problems", None)
    outcome = str(problems[0]) if problems else f"{type(error).__name__}: {error}"
    refused = True
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "peak_mib": peak, "refused": refused, "outcome": outcome}))
"""


def zip_streamed(
    path: Path,
    members: dict[str, Callable[[], bytes] | bytes],
    repeat: int = 1,
    *,
    zip64: bool = True,
) -> None:
    """A deflated zip whose callable members are written ``repeat`` times, piece by piece."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, content in members.items():
            with archive.open(name, "w", force_zip64=zip64) as stream:
                if callable(content):
                    piece = content()
                    for _ in range(repeat):
                        stream.write(piece)
                else:
                    stream.write(content)


def docx_bomb(path: Path) -> None:
    """~1 MB of .docx whose text run expands to 1 GiB."""
    parts = docx_parts(b"")
    head, _, tail = parts["word/document.xml"].partition(b"<w:body>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in parts.items():
            if name != "word/document.xml":
                archive.writestr(name, data)
        with archive.open("word/document.xml", "w", force_zip64=True) as stream:
            stream.write(head + b"<w:body><w:p><w:r><w:t>")
            piece = b"a" * MiB
            for _ in range(1024):
                stream.write(piece)
            stream.write(b"</w:t></w:r></w:p>" + tail.partition(b"</w:body>")[2])


def understated(path: Path) -> None:
    """A .qdpx whose project.qde expands to 1 GiB while its headers say 1 KB."""
    zip_streamed(path, {"project.qde": lambda: b"<a/>" * (MiB // 4)}, repeat=1024, zip64=False)
    path.write_bytes(with_declared_size(path.read_bytes(), 1024))


def pdf_bomb(path: Path) -> None:
    """A one-page PDF whose content stream inflates to 1 GiB of text-showing operators."""
    compressor = zlib.compressobj(9)
    piece = b"BT /F1 12 Tf 72 720 Td (a) Tj ET\n" * (MiB // 34)
    stream = b"".join(compressor.compress(piece) for _ in range(1024)) + compressor.flush()
    path.write_bytes(one_page_pdf(stream))


def qdpx_codes(path: Path, count: int) -> None:
    """A .qdpx with ``count`` codes of one name (their ids must be made distinct)."""
    codes = "".join(
        f'<Code guid="{i:08x}-0000-4000-8000-000000000001" name="Same" isCodable="true"/>'
        for i in range(count)
    )
    project = (
        '<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" name="p">'
        f"<CodeBook><Codes>{codes}</Codes></CodeBook><Sources>"
        '<TextSource guid="00000000-0000-4000-8000-000000000009" name="t" '
        'plainTextPath="internal://t.txt"/></Sources></Project>'
    )
    zip_streamed(path, {"project.qde": project.encode(), "sources/t.txt": b"some text"})


def qdpx_large_source(path: Path) -> None:
    """An ~800 KB .qdpx whose source text expands to 400 MiB."""
    project = (
        '<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" name="p">'
        "<Sources>"
        '<TextSource guid="00000000-0000-4000-8000-000000000009" name="t" '
        'plainTextPath="internal://t.txt"/></Sources></Project>'
    )
    zip_streamed(path, {"project.qde": project.encode(), "sources/t.txt": lambda: b"a" * MiB}, 400)


def cases() -> dict[str, tuple[str, Callable[[Path], None]]]:
    """Each case: its file name and how to build it."""
    return {
        "HTML, 200,000 <li> (2.6 MB)": (
            "list.html",
            lambda p: p.write_bytes(b"<ul>" + b"<li>item</li>" * 200_000 + b"</ul>"),
        ),
        "HTML, 10,000 nested <ul> (230 KB)": (
            "nested.html",
            lambda p: p.write_bytes(b"<ul><li>x" * 10_000 + b"</li></ul>" * 10_000),
        ),
        'HTML, <ol start="5,000 digits">': (
            "start.html",
            lambda p: p.write_bytes(b'<ol start="' + b"9" * 5000 + b'"><li>a</li></ol>'),
        ),
        "Word, 2,000,000 empty paragraphs": (
            "empty.docx",
            lambda p: zip_streamed(p, docx_parts(b"<w:p/>" * 2_000_000)),
        ),
        "Word, zip bomb (1 GiB run)": ("bomb.docx", docx_bomb),
        "REFI-QDA, header understates 1 GiB": ("liar.qdpx", understated),
        "REFI-QDA, 30,000 codes of one name": ("codes.qdpx", lambda p: qdpx_codes(p, 30_000)),
        "REFI-QDA, 400 MiB source text": ("source.qdpx", qdpx_large_source),
        "PDF, content stream of 1 GiB": ("bomb.pdf", pdf_bomb),
    }


def run_case(path: Path) -> dict[str, object]:
    """Read ``path`` in a fresh interpreter; its own report of time, memory and outcome."""
    completed = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )
    if completed.returncode != 0 or not completed.stdout.strip():
        last = (completed.stderr.strip().splitlines() or ["no output"])[-1]
        return {"seconds": None, "peak_mib": None, "refused": None, "outcome": f"crashed: {last}"}
    result: dict[str, object] = json.loads(completed.stdout.strip().splitlines()[-1])
    return result


def main() -> int:
    """Build each hostile file, read it, print and record the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--strict", action="store_true", help="exit 1 when a goal is missed")
    options = parser.parse_args()
    results = []
    failed = False
    print(f"{'case':42} {'size':>9} {'seconds':>8} {'peak MiB':>9}  outcome")
    with tempfile.TemporaryDirectory() as folder:
        for label, (name, build) in cases().items():
            path = Path(folder) / name
            build(path)
            size = path.stat().st_size
            result = run_case(path)
            path.unlink()
            seconds, peak = result["seconds"], result["peak_mib"]
            budget = BUDGET_REFUSE_S if result["refused"] else BUDGET_READ_S
            passed = (
                isinstance(seconds, float)
                and isinstance(peak, float)
                and seconds <= budget
                and peak <= BUDGET_MEMORY_MIB
            )
            failed = failed or not passed
            shown_seconds = f"{seconds:.2f}" if isinstance(seconds, float) else "-"
            shown_peak = f"{peak:.0f}" if isinstance(peak, float) else "-"
            print(
                f"{label:42} {size / 1024:>7.0f}KB {shown_seconds:>8} {shown_peak:>9}  "
                f"{'ok ' if passed else 'MISS'} {str(result['outcome'])[:90]}"
            )
            results.append({"case": label, "bytes": size, **result, "passed": passed})
    summary = {
        "machine": machine_info(("python-docx", "pypdfium2")),
        "goals": {
            "read_s": BUDGET_READ_S,
            "refuse_s": BUDGET_REFUSE_S,
            "peak_mib": BUDGET_MEMORY_MIB,
        },
        "cases": results,
    }
    output = ROOT / "benchmarks" / "results" / "hostile.json"
    output.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    print(row("every case within its goal", "yes" if not failed else "no", "", not failed))
    return 1 if failed and options.strict else 0


if __name__ == "__main__":
    raise SystemExit(main())
