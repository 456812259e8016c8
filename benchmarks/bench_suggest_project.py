"""``policy-annotate suggest DIR``: a tag's best passages across a project of 2,000 documents.

Run from the project folder with the project's interpreter (a few minutes on a loaded machine):

    .venv/bin/python benchmarks/bench_suggest_project.py [--documents N] [--keep DIR] [--runs N]

The project is ``bench_project.py``'s (2,000 plain-text documents, about 40 MB, 4,000
annotation files of 25 annotations; ``--keep DIR`` builds it there or reuses it). Measured:

1. the whole command, ``suggest DIR --tag R4`` (text, top 10) and ``--top 100 --format json``,
   each in a fresh interpreter (interpreter start and imports included, output to a pipe):
   median wall time of ``--runs`` runs and peak memory (``ru_maxrss``);
2. where one run goes, in one fresh interpreter: reading the 4,000 annotation files for the
   tag's examples (``corpus_suggest.project_examples``), then reading and indexing the 2,000
   documents (``load_document`` + ``SentenceIndex``, what ranking needs), then the whole
   ``suggest_in_project`` again (files, documents, indexes, queries, ranking: the ranking's
   share is what is left over the first two).

No budget: the issue's "first suggestions <= 1 s" is the app's queue (``bench_suggest_app.py``),
which ranks one document at a time. Prints each figure with the load average (the machine is
shared) and writes benchmarks/results/suggest_project.json.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT / "benchmarks"
for folder in (ROOT, BENCHMARKS):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from bench_core import _load_average, machine_info, row, write_results  # noqa: E402
from bench_project import DOCUMENTS, build_project  # noqa: E402

RESULTS = BENCHMARKS / "results" / "suggest_project.json"

COMMAND_CHILD = """
import resource, sys
from tui.cli import main
code = main({arguments!r})
print(code, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""

PHASES_CHILD = """
import resource, time
from pathlib import Path
from annotations.documents.document import load_document
from annotations.projects.corpus_suggest import project_examples, suggest_in_project
from annotations.projects.project import load_project
from annotations.suggesting.index import SentenceIndex

project = load_project(Path({folder!r}))
started = time.perf_counter()
project_examples(project, "R4", "recommendation", [])
files = time.perf_counter() - started
started = time.perf_counter()
for document in project.model.documents:
    SentenceIndex(load_document(project.document_path(document)))
documents = time.perf_counter() - started
started = time.perf_counter()
found = suggest_in_project(project, "R4", top=10)
whole = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(files, documents, whole, found.ranked, peak)
"""


def command(arguments: list[str], runs: int) -> dict[str, Any]:
    """Median wall time and peak memory of fresh interpreters running ``main(arguments)``."""
    walls: list[float] = []
    peaks: list[float] = []
    loads: list[Any] = []
    for _ in range(runs):
        loads.append(_load_average())
        started = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-c", COMMAND_CHILD.format(arguments=arguments)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        walls.append(time.perf_counter() - started)
        code, peak = result.stderr.split()[-2:]
        assert code == "0", result.stderr
        peaks.append(int(peak) / 1024)
    return {
        "wall_s": round(statistics.median(walls), 3),
        "runs_s": [round(t, 3) for t in walls],
        "peak_mib": round(max(peaks), 1),
        "load_average_at_each_start": loads,
    }


def phases(folder: Path) -> dict[str, Any]:
    """One fresh interpreter: the annotation files, the documents' indexes, the whole ranking."""
    load = _load_average()
    result = subprocess.run(
        [sys.executable, "-c", PHASES_CHILD.format(folder=str(folder))],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    files, documents, whole, ranked, peak = result.stdout.split()
    return {
        "annotation_files_s": round(float(files), 3),
        "documents_read_and_indexed_s": round(float(documents), 3),
        "suggest_in_project_s": round(float(whole), 3),
        "documents_ranked": int(ranked),
        "peak_mib": round(int(peak) / 1024, 1),
        "load_average_at_start": load,
    }


def main_benchmark() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=DOCUMENTS)
    parser.add_argument("--keep", type=Path, help="build the project here (or reuse it)")
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    temporary = tempfile.TemporaryDirectory(prefix="bench-suggest-project-")
    folder = options.keep or Path(temporary.name) / "project"
    if (folder / "policy-annotate.toml").is_file():
        inputs: dict[str, Any] = {"documents": options.documents, "kept": str(folder)}
    else:
        inputs = build_project(folder, options.documents)
    figures: dict[str, Any] = {}
    print(row("figure", "value", "budget", None))
    for name, arguments in {
        "suggest DIR --tag R4": ["suggest", str(folder), "--tag", "R4"],
        "suggest DIR --tag R4 --top 100 --format json": [
            "suggest",
            str(folder),
            "--tag",
            "R4",
            "--top",
            "100",
            "--format",
            "json",
        ],
    }.items():
        figures[name] = measured = command(arguments, options.runs)
        print(row(f"{name}: wall", f"{measured['wall_s']:.2f} s", "-", None))
        print(row(f"{name}: peak memory", f"{measured['peak_mib']:.0f} MiB", "-", None))
    figures["phases"] = split = phases(folder)
    print(row("reading the annotation files", f"{split['annotation_files_s']:.2f} s", "-", None))
    print(
        row(
            "reading and indexing the documents",
            f"{split['documents_read_and_indexed_s']:.2f} s",
            "-",
            None,
        )
    )
    print(row("suggest_in_project", f"{split['suggest_in_project_s']:.2f} s", "-", None))
    result = {
        "machine": machine_info(),
        "inputs": inputs,
        "figures": figures,
        "load_average_after": _load_average(),
    }
    temporary.cleanup()
    return write_results(result, {}, RESULTS, strict=False)


if __name__ == "__main__":
    sys.exit(main_benchmark())
