"""Summary benchmarks of policy-annotate, checked against the budgets of the design.

Run from the project folder with the project's interpreter (about a minute):

    .venv/bin/python benchmarks/bench_summary.py [--strict]

It builds the inputs of bench_core.py (its own functions: the 10 MB document and 10,000 annotations
over it, made with the annotation API) in a temporary folder, and measures

1. the summary as text: build_summary + render_console to a Rich console writing to a StringIO
   at 120 columns                                         (median of 5, budget <= 1 s)
2. the summary as JSON: build_summary + render_json      (median of 5, budget <= 1 s)
   both from the loaded files (loading excluded), and, reported beside them, the same including
   loading (annotations.summaries.loading.load_for_summary: read, parse, validate, load the document)
3. `policy-annotate summary samples/review.analyst-a.toml` (output to /dev/null) against the floor
   of benchmarks/cli_floor.py (pydantic, Rich's console, tomli, one model with one constrained
   field), run alternately                                (ratio of medians, budget <= 1.5)

prints a table with each figure, its budget and PASS/FAIL, then where the time goes (each step on
its own; the imports of the command beyond the floor; the command's own phases), and writes
everything to benchmarks/results/summary.json. Exit code 0 unless --strict and a budget fails.
See benchmarks/README.md ("Summaries") for what each figure means exactly.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT / "benchmarks"
for folder in (ROOT, BENCHMARKS):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from bench_core import (  # noqa: E402
    _load_average,
    build_annotations,
    build_document,
    machine_info,
    median_of,
    row,
    small_annotation_file,
    write_results,
)
from cli_floor import (  # noqa: E402
    FLOOR_CODE,
    FLOOR_SHOWN,
    cli_command,
    imports_beyond_floor,
    interleaved,
)
from rich.console import Console  # noqa: E402

from annotations.documents.document import load_document  # noqa: E402
from annotations.format.model import AnnotationFile  # noqa: E402
from annotations.summaries.formats import render_json  # noqa: E402
from annotations.summaries.loading import load_for_summary  # noqa: E402
from annotations.summaries.render import render_console  # noqa: E402
from annotations.summaries.summary import build_summary  # noqa: E402

RESULTS = BENCHMARKS / "results" / "summary.json"
BUDGET_TEXT_S = 1.0
BUDGET_JSON_S = 1.0
BUDGET_CLI_RATIO = 1.5
WIDTH = 120

# The phases of one `policy-annotate summary FILE` run, timed inside a fresh interpreter.
PHASES_CODE = """
import time, sys
t0 = time.perf_counter()
from pydantic import BaseModel, Field
import rich.console, tomli
class Floor(BaseModel):
    value: int = Field(ge=0)
Floor(value=1)
t1 = time.perf_counter()
from tui.cli import build_parser
t2 = time.perf_counter()
import annotations.session.store, annotations.checking
t3 = time.perf_counter()
import annotations.summaries.render
t4 = time.perf_counter()
import tui.cli.summary
from annotations.summaries.loading import load_for_summary
from annotations.summaries.render import render_text
from annotations.summaries.summary import build_summary
t5 = time.perf_counter()
options = build_parser().parse_args(["summary", sys.argv[1]])
models, document, warnings = load_for_summary(options.files)
t6 = time.perf_counter()
summary = build_summary(models, document, [str(f) for f in options.files])
t7 = time.perf_counter()
text = render_text(summary, 80)
t8 = time.perf_counter()
print(t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4, t6 - t5, t7 - t6, t8 - t7)
"""
PHASE_NAMES = (
    "the floor (pydantic, rich.console, tomli, one constrained model)",
    "import tui.cli (argparse, annotations.errors)",
    "import the core: annotations.format.model/document/store/validation (pydantic models)",
    "import annotations.summaries.summary + summary_render (6 models, rich.table ...)",
    "import tui.cli.summary and annotations.summaries.loading (the rest)",
    "load_for_summary (read, parse, validate, load the document)",
    "build_summary",
    "render the text (Rich, 80 columns)",
)


def render_text_console(summary: Any) -> str:
    """What figure 1 renders: the text summary on a Rich console writing to a StringIO."""
    buffer = io.StringIO()
    render_console(summary, Console(file=buffer, width=WIDTH))
    return buffer.getvalue()


def load(path: Path) -> tuple[list[AnnotationFile], Any]:
    """Load the annotation file and its document as the command does, sections indexed."""
    models, document, warnings = load_for_summary([path])
    if warnings:
        raise SystemExit(f"unexpected warnings: {warnings[:3]}")
    document.sections  # noqa: B018 - indexed on first use: part of loading the document
    return models, document


def bench_in_process(path: Path, runs: int) -> dict[str, Any]:
    models, document = load(path)
    name = [path.name]

    def text() -> str:
        return render_text_console(build_summary(models, document, name))

    def as_json() -> str:
        return render_json(build_summary(models, document, name))

    def text_with_loading() -> str:
        loaded_models, loaded_document = load(path)
        return render_text_console(build_summary(loaded_models, loaded_document, name))

    def json_with_loading() -> str:
        loaded_models, loaded_document = load(path)
        return render_json(build_summary(loaded_models, loaded_document, name))

    text_s, text_runs = median_of(runs, text)
    json_s, json_runs = median_of(runs, as_json)
    text_total_s, text_total_runs = median_of(runs, text_with_loading)
    json_total_s, json_total_runs = median_of(runs, json_with_loading)

    summary = build_summary(models, document, name)
    rendered = render_text_console(summary)
    breakdown = {
        "load_for_summary + document.sections (loading)": median_of(runs, lambda: load(path))[0],
        "build_summary": median_of(runs, lambda: build_summary(models, document, name))[0],
        f"render_console to a StringIO at {WIDTH} columns": median_of(
            runs, lambda: render_text_console(summary)
        )[0],
        "render_json": median_of(runs, lambda: render_json(summary))[0],
    }
    return {
        "text": {"median_s": text_s, "runs_s": text_runs, "budget_s": BUDGET_TEXT_S},
        "json": {"median_s": json_s, "runs_s": json_runs, "budget_s": BUDGET_JSON_S},
        "text_including_loading": {"median_s": text_total_s, "runs_s": text_total_runs},
        "json_including_loading": {"median_s": json_total_s, "runs_s": json_total_runs},
        "breakdown_median_s": breakdown,
        "summary": {
            "annotations": summary.annotations,
            "passages": summary.passages,
            "characters": summary.characters,
            "share": round(summary.share, 4),
            "sections_shown": len(summary.sections),
            "sections_in_document": len(document.sections),
            "recommendations": len(summary.recommendations),
            "text_lines": rendered.count("\n"),
            "json_bytes": len(render_json(summary).encode("utf-8")),
        },
    }


def bench_cli(folder: Path, runs: int) -> dict[str, Any]:
    path, origin = small_annotation_file(folder)
    command = [*cli_command(), "summary", str(path)]
    floor = [sys.executable, "-c", FLOOR_CODE]
    cli_times, floor_times = interleaved(command, floor, runs)
    cli_median = statistics.median(cli_times)
    floor_median = statistics.median(floor_times)

    # The same with the bytecode of every module cached, for both, in a folder of its own: where
    # PYTHONDONTWRITEBYTECODE is set and the project is installed editable, the project's modules
    # are compiled on every run while the floor's (site-packages) are not.
    cache = folder / "pycache"
    cached_env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    cached_env["PYTHONPYCACHEPREFIX"] = str(cache)
    cached_cli, cached_floor = interleaved(command, floor, runs, cached_env)

    # Where the time goes: the imports beyond the floor, and the phases of the command itself.
    beyond_floor = imports_beyond_floor(["summary", str(path)])
    phase_runs: list[list[float]] = [[] for _ in PHASE_NAMES]
    for _ in range(5):
        completed = subprocess.run(
            [sys.executable, "-c", PHASES_CODE, str(path)],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        )
        for values, value in zip(phase_runs, completed.stdout.split(), strict=True):
            values.append(float(value))
    return {
        "file": origin,
        "command": " ".join(Path(a).name if i == 0 else a for i, a in enumerate(command)),
        "floor": FLOOR_SHOWN,
        "runs_each": runs,
        "cli_median_s": cli_median,
        "floor_median_s": floor_median,
        "ratio": cli_median / floor_median,
        "budget_ratio": BUDGET_CLI_RATIO,
        "cli_runs_s": cli_times,
        "floor_runs_s": floor_times,
        "pythondontwritebytecode": os.environ.get("PYTHONDONTWRITEBYTECODE"),
        "bytecode_cached": {
            "cli_median_s": statistics.median(cached_cli),
            "floor_median_s": statistics.median(cached_floor),
            "ratio": statistics.median(cached_cli) / statistics.median(cached_floor),
            "cli_runs_s": cached_cli,
            "floor_runs_s": cached_floor,
        },
        "imports_beyond_floor_ms": round(sum(i[0] for i in beyond_floor) / 1000, 1),
        "top_imports_beyond_floor": [
            {"module": m, "self_ms": round(o / 1000, 1), "cumulative_ms": round(c / 1000, 1)}
            for o, c, m in beyond_floor[:15]
        ],
        "phases_median_s": {
            name: statistics.median(values)
            for name, values in zip(PHASE_NAMES, phase_runs, strict=True)
        },
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each in-process figure (5)")
    parser.add_argument("--cli-runs", type=int, default=20, help="runs of each command (20)")
    parser.add_argument(
        "--output", type=Path, default=RESULTS, help=f"default: {RESULTS.relative_to(ROOT)}"
    )
    parser.add_argument("--strict", action="store_true", help="exit 1 when a budget fails")
    options = parser.parse_args()

    info = machine_info()
    print(f"policy-annotate summary benchmarks, {info['date']}")
    print(
        f"{info['cpu_model']}, {info['nproc']} CPU(s), Python {info['python']}, {info['platform']}"
    )
    load_average = info["load_average_at_start"]
    if load_average and info["nproc"] and load_average[0] > 0.5 * info["nproc"]:
        print(
            f"warning: the machine is busy (load average {load_average[0]}); figures will be high"
        )

    with tempfile.TemporaryDirectory(prefix="policy-annotate-bench-summary-") as temporary:
        folder = Path(temporary)
        document_path, origin = build_document(folder)
        print(f"document: {origin}, {document_path.stat().st_size:,} bytes", flush=True)
        document = load_document(document_path)
        document.sentence_starts  # noqa: B018 - the annotations are laid on sentences
        annotation_path = folder / "large.annotations.toml"
        _store, generated = build_annotations(document, annotation_path)
        del _store, document
        print(
            f"annotations: {generated['annotations']:,}, {generated['file_bytes']:,} bytes",
            flush=True,
        )
        in_process = bench_in_process(annotation_path, options.runs)
        print("running the command line ...", flush=True)
        cli_result = bench_cli(folder, options.cli_runs)

    checks: list[tuple[str, float, float]] = [
        (
            f"text: build + render at {WIDTH} columns (10,000 annotations)",
            in_process["text"]["median_s"],
            BUDGET_TEXT_S,
        ),
        (
            "json: build + render (10,000 annotations)",
            in_process["json"]["median_s"],
            BUDGET_JSON_S,
        ),
    ]
    print()
    print(row("figure", "measured", "budget", None))
    print("-" * 90)
    verdicts: dict[str, bool] = {}
    for name, value, budget in checks:
        passed = value <= budget
        verdicts[name] = passed
        print(row(name, f"{value:.3f} s", f"<= {budget} s", passed))
    for name, key in (
        ("  the same, including loading (text)", "text_including_loading"),
        ("  the same, including loading (json)", "json_including_loading"),
    ):
        print(row(name, f"{in_process[key]['median_s']:.3f} s", "", None))
    ratio = cli_result["ratio"]
    cli_passed = ratio <= BUDGET_CLI_RATIO
    verdicts["policy-annotate summary / floor"] = cli_passed
    print(
        row(
            f"`policy-annotate summary` / floor ({cli_result['cli_median_s'] * 1000:.0f} / "
            f"{cli_result['floor_median_s'] * 1000:.0f} ms)",
            f"{ratio:.2f}x",
            f"<= {BUDGET_CLI_RATIO}x",
            cli_passed,
        )
    )
    cached = cli_result["bytecode_cached"]
    print(
        row(
            f"  with every module's bytecode cached ({cached['cli_median_s'] * 1000:.0f} / "
            f"{cached['floor_median_s'] * 1000:.0f} ms)",
            f"{cached['ratio']:.2f}x",
            "",
            None,
        )
    )
    print()
    print("10,000 annotations, each step on its own (median):")
    for part, value in in_process["breakdown_median_s"].items():
        print(f"  {part:<62} {value:.3f} s")
    print("the command on the small file, phases in a fresh interpreter (median of 5):")
    for part, value in cli_result["phases_median_s"].items():
        print(f"  {part:<84} {value * 1000:6.1f} ms")
    print(
        f"imports beyond the floor: {cli_result['imports_beyond_floor_ms']} ms (self time, "
        "importtime inflates it); the largest:"
    )
    for item in cli_result["top_imports_beyond_floor"][:10]:
        print(
            f"  {item['module']:<40} self {item['self_ms']:>5} ms, cumulative {item['cumulative_ms']:>6} ms"
        )

    result = {
        "benchmark": "summary",
        "machine": info,
        "inputs": {"document": origin, "annotation_file": generated},
        "in_process": in_process,
        "cli": cli_result,
        "verdicts": {name: ("PASS" if ok else "FAIL") for name, ok in verdicts.items()},
        "load_average_at_end": _load_average(),
    }
    return write_results(result, verdicts, options.output, strict=options.strict)


if __name__ == "__main__":
    sys.exit(main())
