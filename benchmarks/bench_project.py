"""Project benchmarks: a generated project of 2,000 documents and 100,000 annotations.

Run from the project folder with the project's interpreter (a few minutes):

    .venv/bin/python benchmarks/bench_project.py [--strict] [--documents N] [--keep DIR] [--no-add]

It builds, in a temporary folder, through the core API (the project file's models and
``Project.save``, ``document_from_bytes`` for each text's digest, ``anchor_span`` for each quote,
the annotation file model and ``dump_annotation_text`` for each file), a project of 2,000 plain-text
documents of 2–50 KB (triangular, mode 8 KB: about 40 MB in all) and 100,000 annotations by 5
analysts (each document coded by two of them, 25 annotations each: 4,000 annotation files), and
measures

1. ``project status DIR``, ``summary DIR`` (text) and ``summary DIR --format json``, the project
   cache in a folder of the benchmark's own (``XDG_CACHE_HOME``):
   - **first run**: a fresh interpreter with no project cache (it reads every file and builds the
     cache): wall time of one run, and its peak memory (no budget: it happens once per project,
     and again only for the files that change);
   - **warm**: ``tui.cli.main`` called again in one interpreter (a child process), output to a
     StringIO, after one call to warm up (modules imported, files in the page cache, the project
     cache built): median of 3 (budget <= 1 s);
   - **cold**: a fresh interpreter running the same ``main`` call (everything imported anew, no
     state kept between runs but the project cache on disk). The page cache is **not** dropped:
     that needs root and would slow every other session on this shared machine, so "cold" here is
     a cold interpreter on warm files. Median of 3 of the wall time seen from outside,
     interpreter start included (budget <= 5 s);
   - **peak memory**: the fresh interpreters' largest ``ru_maxrss``, first run included
     (budget <= 300 MiB);
2. ``project add DIR`` of 2,000 generated ``.txt`` files into a new project, in a fresh interpreter
   (its default threads): wall time (budget <= 20 s) and peak memory (budget <= 300 MiB).

prints each figure with its budget and PASS/FAIL, and writes everything to
benchmarks/results/project.json. Exit code 0 unless --strict and a budget fails.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT / "benchmarks"
for folder in (ROOT, BENCHMARKS):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from bench_core import _load_average, machine_info, row, write_results  # noqa: E402

from annotations.documents.anchoring import anchor_span  # noqa: E402
from annotations.documents.document import document_from_bytes  # noqa: E402
from annotations.format.model import (  # noqa: E402
    Annotation,
    AnnotationFile,
    DocumentRef,
    Recommendation,
    Stance,
    Taxonomy,
)
from annotations.format.tomlfile import dump_annotation_text  # noqa: E402
from annotations.projects.model import CodebookRecommendation, ProjectDocument  # noqa: E402
from annotations.projects.project import new_project  # noqa: E402
from tui.cli import main  # noqa: E402

RESULTS = BENCHMARKS / "results" / "project.json"
DOCUMENTS = 2000
ANALYSTS = ("ana", "ben", "chloe", "dev", "esme")
PER_FILE = 25  # two files per document: 2,000 x 2 x 25 = 100,000 annotations
RECOMMENDATIONS = 10
BUDGET_WARM_S = 1.0
BUDGET_COLD_S = 5.0
BUDGET_ADD_S = 20.0
BUDGET_MIB = 300.0
KINDS = ("council", "charity", "supplier-body", "individual", "association")
REGIONS = ("north", "south", "east", "west")
WORDS = [
    "digital",
    "services",
    "government",
    "council",
    "data",
    "sharing",
    "public",
    "trust",
    "the",
    "and",
    "of",
    "to",
    "in",
    "for",
    "residents",
    "platform",
    "standards",
    "leadership",
    "board",
    "funding",
    "skills",
    "inclusion",
    "procurement",
    "should",
    "must",
    "will",
    "we",
    "support",
    "recommendation",
    "caution",
    "oppose",
    "local",
    "central",
    "review",
    "programme",
    "capability",
    "infrastructure",
    "security",
    "privacy",
    "accessibility",
    "partnership",
]

# Runs main(ARGS) once to warm up, then RUNS times, in one fresh interpreter; prints each time.
WARM_CHILD = """
import io, contextlib, sys, time
from tui.cli import main
times = []
for n in range({runs} + 1):
    t0 = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        code = main({arguments!r})
    assert code == 0, code
    if n:
        times.append(time.perf_counter() - t0)
print(*times)
"""
# Runs main(ARGS) in a fresh interpreter and prints its time and peak memory (ru_maxrss, KiB).
CHILD = """
import io, contextlib, resource, sys, time
t0 = time.perf_counter()
from tui.cli import main
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    code = main({arguments!r})
elapsed = time.perf_counter() - t0
print(code, elapsed, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(8, 24))
    return " ".join(words).capitalize() + "."


def document_text(rng: random.Random, size: int) -> tuple[str, list[tuple[int, int]]]:
    """A text of about ``size`` characters in paragraphs, and its sentences' spans."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    length = 0
    while length < size:
        paragraph = []
        for _ in range(rng.randint(2, 6)):
            text = sentence(rng)
            start = length + sum(len(p) + 1 for p in paragraph)
            spans.append((start, start + len(text)))
            paragraph.append(text)
        block = " ".join(paragraph)
        parts.append(block)
        length += len(block) + 2
    return "\n\n".join(parts) + "\n", spans


def annotations_of(
    rng: random.Random, text: str, spans: list[tuple[int, int]], author: str, when: datetime
) -> list[Annotation]:
    """``PER_FILE`` annotations on sentences (one to three in a row) of ``text``."""
    found = []
    for n in range(PER_FILE):
        first = rng.randrange(len(spans))
        last = min(len(spans) - 1, first + rng.randint(0, 2))
        start, end = spans[first][0], spans[last][1]
        if "\n" in text[start:end]:
            end = spans[first][1]
        anchor = anchor_span(text, start, end)
        found.append(
            Annotation(
                id=f"{author}-{rng.getrandbits(64):016x}-{n}",
                start=start,
                end=end,
                quote=anchor.quote,
                prefix=anchor.prefix,
                suffix=anchor.suffix,
                principles=rng.sample(
                    ["collaboration", "redesign", "innovation"], rng.randint(0, 2)
                ),
                recommendations=[f"R{rng.randint(1, RECOMMENDATIONS)}"],
                stance=rng.choice(list(Stance)),
                author=author,
                created=when,
                updated=when,
            )
        )
    return found


def build_project(folder: Path, documents: int) -> dict[str, Any]:
    """The generated project in ``folder`` (see the module docstring); what it holds."""
    rng = random.Random(20261203)
    started = time.perf_counter()
    project = new_project(folder, "Generated consultation")
    project.model.codebook.principles = [
        p for p in project.model.codebook.principles if p.id in {"collaboration", "redesign"}
    ] + [p.model_copy(update={"id": "innovation"}) for p in project.model.codebook.principles[2:3]]
    project.model.codebook.recommendations = [
        CodebookRecommendation(id=f"R{n}", title=f"Recommendation {n}")
        for n in range(1, RECOMMENDATIONS + 1)
    ]
    taxonomy = Taxonomy(
        principles=list(project.model.codebook.principles),
        recommendations=[
            Recommendation(id=f"R{n}", title=f"Recommendation {n}")
            for n in range(1, RECOMMENDATIONS + 1)
        ],
    )
    (folder / "documents").mkdir(parents=True, exist_ok=True)
    when = datetime(2026, 12, 1, tzinfo=UTC)
    total_bytes = 0
    total_annotations = 0
    for index in range(documents):
        document_id = f"r{index:05d}"
        size = int(rng.triangular(2_000, 50_000, 8_000))
        text, spans = document_text(rng, size)
        data = text.encode("utf-8")
        total_bytes += len(data)
        path = folder / "documents" / f"{document_id}.txt"
        path.write_bytes(data)
        document = document_from_bytes(data, path=path)
        pair = rng.sample(ANALYSTS, 2)
        project.model.documents.append(
            ProjectDocument(
                id=document_id,
                path=f"documents/{document_id}.txt",
                title=f"Response {index}",
                sha256=hashlib.sha256(data).hexdigest(),
                attributes={"kind": rng.choice(KINDS), "region": rng.choice(REGIONS)},
                analyst=pair[0],
            )
        )
        reference = DocumentRef(
            path=f"{document_id}.txt",
            sha256=document.sha256,
            length=document.length,
            title=f"Response {index}",
        )
        for analyst in pair:
            own = annotations_of(rng, document.text, spans, analyst, when + timedelta(days=index))
            model = AnnotationFile(document=reference, taxonomy=taxonomy, annotations=own)
            model.sort_annotations()
            (folder / "documents" / f"{document_id}.{analyst}.toml").write_text(
                dump_annotation_text(model), encoding="utf-8"
            )
            total_annotations += len(own)
    project.save()
    return {
        "documents": documents,
        "bytes": total_bytes,
        "annotations": total_annotations,
        "annotation_files": documents * 2,
        "analysts": len(ANALYSTS),
        "seconds_to_generate": round(time.perf_counter() - started, 1),
    }


CACHE_ENV: dict[str, str] = {}
"""The children's environment: the project cache in the benchmark's temporary folder."""


def warm(arguments: list[str], runs: int = 3) -> tuple[float, list[float]]:
    """Median wall time of ``main(arguments)`` called again in one interpreter, after a first
    call to warm up (in a child process: this one holds the generator's objects, whose garbage
    collection would be measured too)."""
    result = subprocess.run(
        [sys.executable, "-c", WARM_CHILD.format(arguments=arguments, runs=runs)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env=CACHE_ENV or None,
    )
    times = [float(t) for t in result.stdout.split()]
    return statistics.median(times), [round(t, 3) for t in times]


def cold(arguments: list[str], runs: int = 3, *, empty_cache: bool = False) -> dict[str, Any]:
    """Median wall time of a fresh interpreter running ``main(arguments)``, and its peak memory
    (``empty_cache``: the project cache removed before each run)."""
    walls, insides, peaks = [], [], []
    for _ in range(runs):
        if empty_cache and CACHE_ENV:
            shutil.rmtree(CACHE_ENV["XDG_CACHE_HOME"], ignore_errors=True)
        started = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-c", CHILD.format(arguments=arguments)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
            env=CACHE_ENV or None,
        )
        walls.append(time.perf_counter() - started)
        code, inside, peak = result.stdout.split()
        assert code == "0", (arguments, code, result.stderr)
        insides.append(float(inside))
        peaks.append(int(peak) / 1024)
    return {
        "wall_s": statistics.median(walls),
        "runs_s": [round(t, 3) for t in walls],
        "inside_s": statistics.median(insides),
        "peak_mib": max(peaks),
    }


def add_files(folder: Path, count: int) -> list[str]:
    """``count`` text files of 2–50 KB to add (other texts than the project's)."""
    rng = random.Random(20261204)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        text, _ = document_text(rng, int(rng.triangular(2_000, 50_000, 8_000)))
        path = folder / f"response-{index:05d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    return paths


OFFICE = 40
"""Word files and PDF files each, for the ``project add`` figure of Word and PDF files."""
# Adds the files to a new project with add_documents(workers=N) and prints time and peak memory.
OFFICE_CHILD = """
import resource, sys, time
from pathlib import Path
from annotations.projects.adding import Source, add_documents
from annotations.projects.project import new_project
project = new_project(Path({target!r}), "Office")
t0 = time.perf_counter()
sources = [Source.file(Path(p)) for p in {paths!r}]
added = add_documents(project, sources, workers={workers}, processes={processes})
elapsed = time.perf_counter() - t0
assert all(a.document is not None for a in added), [str(a.problem) for a in added if a.problem]
print(elapsed, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def office_files(folder: Path, count: int) -> list[str]:
    """``count`` Word files (python-docx, 150 paragraphs) and ``count`` PDF files (fpdf2, ~10
    pages) of generated sentences."""
    import docx
    from fpdf import FPDF

    rng = random.Random(20261205)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        document = docx.Document()
        document.add_heading(f"Response {index}", level=1)
        for n in range(150):
            if n % 30 == 0:
                document.add_heading(f"Section {n // 30 + 1}", level=2)
            document.add_paragraph(" ".join(sentence(rng) for _ in range(3)))
        path = folder / f"word-{index:03d}.docx"
        document.save(str(path))
        paths.append(str(path))
        pdf = FPDF()
        pdf.add_page()
        pdf.set_font("Helvetica", size=10)
        for _ in range(60):
            pdf.multi_cell(0, 5, " ".join(sentence(rng) for _ in range(4)))
            pdf.ln(2)
        path = folder / f"pdf-{index:03d}.pdf"
        pdf.output(str(path))
        paths.append(str(path))
    return paths


def add_office(paths: list[str], target: Path, workers: int, processes: bool) -> dict[str, Any]:
    """``add_documents`` of ``paths`` into a new project at ``target`` in a fresh interpreter,
    with ``workers`` threads (and, with ``processes``, as many worker processes for Word/PDF)."""
    started = time.perf_counter()
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            OFFICE_CHILD.format(
                target=str(target), paths=paths, workers=workers, processes=processes
            ),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "XDG_CACHE_HOME": str(target.parent / "cache")},
    )
    inside, peak = result.stdout.split()
    return {
        "wall_s": round(time.perf_counter() - started, 3),
        "inside_s": round(float(inside), 3),
        "peak_mib": round(int(peak) / 1024, 1),
        "load_average": _load_average(),
    }


def main_benchmark() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--strict", action="store_true", help="exit 1 if a budget fails")
    parser.add_argument("--documents", type=int, default=DOCUMENTS)
    parser.add_argument("--keep", type=Path, help="build the project here and keep it")
    parser.add_argument("--no-add", action="store_true", help="skip the project add figures")
    parser.add_argument(
        "--office-only",
        action="store_true",
        help="only the project add figures of Word and PDF files (one thread, then two threads "
        "and two worker processes)",
    )
    options = parser.parse_args()
    load_before = _load_average()
    temporary = Path(tempfile.mkdtemp(prefix="bench-project-"))
    folder = options.keep or temporary / "project"
    CACHE_ENV.update(os.environ, XDG_CACHE_HOME=str(temporary / "cache"))
    if options.office_only:
        try:
            paths = office_files(temporary / "office", OFFICE)
            figures = {
                f"project add of {len(paths)} Word and PDF files, {label}": add_office(
                    paths, temporary / f"office-{n}" / "project", workers, processes
                )
                for n, (label, workers, processes) in enumerate(
                    (
                        ("1 thread", 1, False),
                        ("2 threads", 2, False),
                        ("2 threads + 2 processes", 2, True),
                    )
                )
            }
        finally:
            shutil.rmtree(temporary, ignore_errors=True)
        for name, figure in figures.items():
            print(row(name, f"{figure['wall_s']:.2f} s", "-", None))
        result = {"machine": machine_info(), "load_average_before": load_before, "figures": figures}
        return write_results(
            result, {}, BENCHMARKS / "results" / "project_office.json", strict=False
        )
    try:
        if options.keep and (folder / "policy-annotate.toml").is_file():
            inputs = {"documents": options.documents, "kept": str(folder)}
        else:
            inputs = build_project(folder, options.documents)
        if "bytes" in inputs:
            print(
                f"generated {inputs['documents']} documents ({inputs['bytes'] / 1e6:.1f} MB), "
                f"{inputs['annotations']} annotations in {inputs['annotation_files']} files "
                f"({inputs['seconds_to_generate']} s)"
            )
        commands = {
            "project status": ["project", "status", str(folder)],
            "summary (text)": ["summary", str(folder)],
            "summary (json)": ["summary", str(folder), "--format", "json"],
        }
        figures: dict[str, Any] = {}
        verdicts: dict[str, bool] = {}
        print(row("figure", "value", "budget", None))
        for name, arguments in commands.items():
            first = cold(arguments, runs=1, empty_cache=True)
            median, runs = warm(arguments)
            measured = cold(arguments)
            measured["peak_mib"] = max(measured["peak_mib"], first["peak_mib"])
            figures[name] = {
                "first_run_s": first["wall_s"],
                "first_run_peak_mib": first["peak_mib"],
                "warm_s": median,
                "warm_runs_s": runs,
                **measured,
                "load_average": _load_average(),
            }
            print(row(f"{name} first run (no cache)", f"{first['wall_s']:.2f} s", "-", None))
            checks = {
                f"{name} warm": (f"{median:.2f} s", f"{BUDGET_WARM_S} s", median <= BUDGET_WARM_S),
                f"{name} cold": (
                    f"{measured['wall_s']:.2f} s",
                    f"{BUDGET_COLD_S} s",
                    measured["wall_s"] <= BUDGET_COLD_S,
                ),
                f"{name} peak memory": (
                    f"{measured['peak_mib']:.0f} MiB",
                    f"{BUDGET_MIB:.0f} MiB",
                    measured["peak_mib"] <= BUDGET_MIB,
                ),
            }
            for label, (value, budget, passed) in checks.items():
                print(row(label, value, budget, passed))
                verdicts[label] = passed
        if not options.no_add:
            sources = add_files(temporary / "to-add", options.documents)
            target = temporary / "added"
            with contextlib.redirect_stdout(io.StringIO()):
                assert main(["project", "init", str(target)]) == 0
            measured = cold(["project", "add", str(target), *sources], runs=1)
            figures["project add"] = measured
            for label, value, budget, passed in (
                (
                    f"project add of {len(sources)} text files",
                    f"{measured['wall_s']:.2f} s",
                    f"{BUDGET_ADD_S} s",
                    measured["wall_s"] <= BUDGET_ADD_S,
                ),
                (
                    "project add peak memory",
                    f"{measured['peak_mib']:.0f} MiB",
                    f"{BUDGET_MIB:.0f} MiB",
                    measured["peak_mib"] <= BUDGET_MIB,
                ),
            ):
                print(row(label, value, budget, passed))
                verdicts[label] = passed
    finally:
        shutil.rmtree(temporary, ignore_errors=True)
    result = {
        "machine": machine_info(),
        "load_average_before": load_before,
        "load_average_after": _load_average(),
        "inputs": inputs,
        "figures": figures,
        "verdicts": verdicts,
    }
    return write_results(result, verdicts, RESULTS, strict=options.strict)


if __name__ == "__main__":
    sys.exit(main_benchmark())
