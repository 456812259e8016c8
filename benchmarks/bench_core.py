"""Core performance benchmarks of policy-annotate, checked against the budgets of the design.

Run from the project folder with the project's interpreter:

    .venv/bin/python benchmarks/bench_core.py

It builds its inputs in a temporary folder (a 10 MB document made by repeating a real one, and a
file of 10,000 annotations over it made with the annotation API), measures

1. load + normalise + index the 10 MB document        (median of 5, budget <= 0.5 s)
2. load + validate the 10,000-annotation file          (median of 5, budget <= 0.5 s)
   a. annotations.session.store.load_store(path, document)     with the document already loaded
   b. annotations.checking.validate_file(path)                  which loads the document itself
3. save it (AnnotationStore.save: atomic, fsync, .bak)  (median of 5, budget <= 0.5 s)
4. `policy-annotate validate` on a small file against the floor of benchmarks/cli_floor.py
   (pydantic, Rich's console, tomli and one model with one constrained field),
   run alternately in the same session                 (ratio of medians, budget <= 1.5)

prints a table with each figure, its budget and PASS/FAIL, and writes everything (machine, Python,
date, every run, breakdowns that show which part dominates) to benchmarks/results/core.json.

The exit code is 0 unless --strict is given and a budget fails (then 1).
See benchmarks/README.md for what each figure means exactly.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import tomli

ROOT = Path(__file__).resolve().parent.parent
for folder in (ROOT, ROOT / "benchmarks"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from cli_floor import (  # noqa: E402
    FLOOR_CODE,
    FLOOR_SHOWN,
    cli_command,
    imports_beyond_floor,
    interleaved,
)

from annotations.checking import check_against_document, validate_file  # noqa: E402
from annotations.documents.document import Document, load_document  # noqa: E402
from annotations.documents.text import decode_bytes, normalise_newlines  # noqa: E402
from annotations.format.model import AnnotationFile, Recommendation, Stance  # noqa: E402
from annotations.format.tomlfile import (  # noqa: E402
    LineMap,
    check_consistency,
    dump_annotation_text,
)
from annotations.session.editing import AnnotationSet, Edit  # noqa: E402
from annotations.session.files import atomic_write  # noqa: E402
from annotations.session.store import AnnotationStore, load_store, new_store  # noqa: E402

SAMPLES = ROOT / "samples"
CORPUS = Path(os.environ.get("POLICY_ANNOTATE_CORPUS", ROOT.parent / "shared" / "corpus"))
CORPUS_DOCUMENT = "us-consolidated-appropriations-act-2016.md"
RESULTS = ROOT / "benchmarks" / "results" / "core.json"

BUDGET_DOCUMENT_S = 0.5
BUDGET_LOAD_VALIDATE_S = 0.5
BUDGET_SAVE_S = 0.5
BUDGET_CLI_RATIO = 1.5

ANNOTATION_COUNT = 10_000
RECOMMENDATION_COUNT = 20
FALLBACK_TARGET_BYTES = 10_500_000  # about the size of the corpus document repeated 4x


# --- helpers -----------------------------------------------------------------------------


def timed(function: Callable[[], Any]) -> tuple[float, Any]:
    """Run ``function`` once after a full garbage collection; (seconds, result)."""
    gc.collect()
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def median_of(runs: int, function: Callable[[], Any]) -> tuple[float, list[float]]:
    """The median of ``runs`` timed calls, and every run."""
    times = [timed(function)[0] for _ in range(runs)]
    return statistics.median(times), times


def machine_info(extra_packages: tuple[str, ...] = ()) -> dict[str, Any]:
    """What the figures were measured on (with the versions of ``extra_packages`` too)."""
    cpu_model = platform.processor() or platform.machine()
    memory = None
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    usable: int | None
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    packages: dict[str, str | None] = {}
    for name in (
        "policy-annotate",
        "pydantic",
        "pydantic-core",
        "tomli",
        "tomli-w",
        "sentencex",
        "rich",
        *extra_packages,
    ):
        try:
            packages[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            packages[name] = None
    return {
        "date": datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        "nproc": usable,
        "cpu_count": os.cpu_count(),
        "cpu_model": cpu_model,
        "memory": memory,
        "platform": platform.platform(),
        "python": sys.version.split()[0],
        "python_implementation": platform.python_implementation(),
        "python_executable": sys.executable,
        "packages": packages,
        "load_average_at_start": _load_average(),
    }


def _load_average() -> list[float] | None:
    """The 1, 5 and 15 minute load averages: other work on the machine skews every figure."""
    try:
        return [round(value, 2) for value in os.getloadavg()]
    except OSError:
        return None


def row(name: str, value: str, budget: str, passed: bool | None) -> str:
    verdict = "" if passed is None else ("PASS" if passed else "FAIL")
    return f"{name:<58} {value:>12} {budget:>10}  {verdict}"


# --- inputs ------------------------------------------------------------------------------


def build_document(folder: Path) -> tuple[Path, str]:
    """The 10 MB document: the corpus bill repeated 4x, else the samples repeated."""
    source = CORPUS / CORPUS_DOCUMENT
    if source.is_file():
        piece = source.read_bytes().rstrip(b"\n") + b"\n\n"
        data = piece * 4
        origin = f"{CORPUS_DOCUMENT} (corpus) repeated 4x"
    else:
        piece = b"".join(
            (SAMPLES / name).read_bytes().rstrip(b"\n") + b"\n\n"
            for name in ("review.md", "response.md")
        )
        repeats = -(-FALLBACK_TARGET_BYTES // len(piece))
        data = piece * repeats
        origin = f"samples/review.md + samples/response.md repeated {repeats}x (corpus absent)"
    path = folder / "large.md"
    path.write_bytes(data)
    return path, origin


def build_annotations(document: Document, path: Path) -> tuple[AnnotationStore, dict[str, Any]]:
    """10,000 annotations spread evenly over the sentences, made with the editing API."""
    rng = random.Random(20261127)
    store = new_store(document, path)
    annotations = AnnotationSet(store.model, document)
    annotations.apply(
        Edit(
            "recommendations",
            added_recommendations=tuple(
                Recommendation(id=f"R{n}", title=f"Recommendation {n} of the benchmark")
                for n in range(1, RECOMMENDATION_COUNT + 1)
            ),
        )
    )
    principles = [p.id for p in store.model.taxonomy.principles]
    stances = list(Stance)
    starts, ends = document.sentence_starts, document.sentence_ends
    if len(starts) < ANNOTATION_COUNT:
        raise SystemExit(f"the document has only {len(starts)} sentences")
    step = len(starts) / ANNOTATION_COUNT
    made = []
    for k in range(ANNOTATION_COUNT):
        i = int(k * step)
        annotation = annotations.new_annotation(starts[i], ends[i], f"analyst-{'abc'[k % 3]}")
        if k % 3 == 0:
            note = ""
        elif k % 3 == 1:
            note = f"Note {k}: relevant to the recommendation."
        else:
            note = (
                f"Note {k}, first line.\nSecond line, with “quotes”, a € sign and \\ a backslash."
            )
        recommendations = [f"R{rng.randint(1, RECOMMENDATION_COUNT)}"] if k % 4 else []
        made.append(
            annotation.model_copy(
                update={
                    "principles": rng.sample(principles, rng.randint(1, 2)),
                    "recommendations": recommendations,
                    "stance": stances[k % len(stances)],
                    "note": note,
                }
            )
        )
    annotations.apply(Edit("add 10,000 annotations", added=tuple(made)))
    annotations.sync_model()
    first_save, _ = timed(store.save)
    quote_lengths = [a.end - a.start for a in made]
    return store, {
        "annotations": len(made),
        "recommendations": RECOMMENDATION_COUNT,
        "file_bytes": path.stat().st_size,
        "mean_quote_code_points": round(statistics.mean(quote_lengths), 1),
        "max_quote_code_points": max(quote_lengths),
        "first_save_s": round(first_save, 4),
    }


# --- the benchmarks ----------------------------------------------------------------------


def bench_document(path: Path, runs: int) -> dict[str, Any]:
    def load_and_index() -> Document:
        document = load_document(path)
        document.sentence_starts  # noqa: B018 - computed on first access
        document.sections  # noqa: B018
        document.sha256  # noqa: B018
        return document

    times = []
    phases: dict[str, list[float]] = {
        "load_document (read, decode, normalise, sha256 of the bytes)": [],
        "paragraphs (one pass)": [],
        "sentences (sentencex)": [],
        "sections": [],
        "sha256 (left to do after load_document)": [],
    }
    document = None
    for _ in range(runs):
        gc.collect()
        t0 = time.perf_counter()
        document = load_document(path)
        t1 = time.perf_counter()
        document.paragraph_starts  # noqa: B018
        t1b = time.perf_counter()
        document.sentence_starts  # noqa: B018
        t2 = time.perf_counter()
        document.sections  # noqa: B018
        t3 = time.perf_counter()
        document.sha256  # noqa: B018
        t4 = time.perf_counter()
        times.append(t4 - t0)
        for name, value in zip(
            phases, (t1 - t0, t1b - t1, t2 - t1b, t3 - t2, t4 - t3), strict=True
        ):
            phases[name].append(value)
    assert document is not None
    # finer split of load_document, with the same public functions it uses
    data = path.read_bytes()
    read_s, _ = median_of(3, path.read_bytes)
    decode_s, _ = median_of(3, lambda: decode_bytes(data, str(path)))
    text = decode_bytes(data, str(path))[0]
    normalise_s, _ = median_of(3, lambda: normalise_newlines(text))
    index_s, _ = median_of(
        3, lambda: Document(normalise_newlines(text), path=path).paragraph_starts
    )
    return {
        "median_s": statistics.median(times),
        "runs_s": times,
        "budget_s": BUDGET_DOCUMENT_S,
        "document": {
            "bytes": path.stat().st_size,
            "code_points": document.length,
            "paragraphs": len(document.paragraph_starts),
            "sentences": len(document.sentence_starts),
            "sections": len(document.sections),
            "encoding": document.encoding,
        },
        "breakdown_median_s": {
            **{name: statistics.median(values) for name, values in phases.items()},
            "load_document part: read_bytes": read_s,
            "load_document part: decode_bytes": decode_s,
            "load_document part: normalise_newlines": normalise_s,
            "load_document part: Document() (headings, paragraphs)": index_s,
        },
        "_document": document,
    }


def bench_load_validate(path: Path, document: Document, runs: int) -> dict[str, Any]:
    load_s, load_runs = median_of(runs, lambda: load_store(path, document))
    problems = validate_file(path)
    if problems:
        raise SystemExit(f"unexpected problems: {problems[:3]}")
    validate_s, validate_runs = median_of(runs, lambda: validate_file(path))

    # Where the time of load_store goes: the steps it takes, timed one after the other in each
    # run (so the same objects are alive as in load_store), median per step.
    name = str(path)
    steps: dict[str, list[float]] = {
        "read + decode the file": [],
        "LineMap (line numbers for messages)": [],
        "tomli.loads": [],
        "AnnotationFile.model_validate (pydantic)": [],
        "check_consistency (ids, tags)": [],
        "check_against_document (quotes)": [],
    }
    timings = list(steps.values())
    for _ in range(runs):
        gc.collect()
        t0 = time.perf_counter()
        text = path.read_bytes().decode("utf-8")
        t1 = time.perf_counter()
        lines = LineMap(text)
        t2 = time.perf_counter()
        raw = tomli.loads(text)  # what parse_annotation_text calls
        t3 = time.perf_counter()
        model = AnnotationFile.model_validate(raw)
        t4 = time.perf_counter()
        check_consistency(model, name, lines)
        t5 = time.perf_counter()
        check_against_document(model, document, name, lines)
        t6 = time.perf_counter()
        for values, value in zip(
            timings, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4, t6 - t5), strict=True
        ):
            values.append(value)
        del text, lines, raw, model
    breakdown = {step: statistics.median(values) for step, values in steps.items()}
    breakdown["load_document of the 10 MB document (validate_file only)"] = median_of(
        runs, lambda: load_document(path.with_name("large.md"))
    )[0]
    store = load_store(path, document)
    if store.warnings:
        raise SystemExit(f"unexpected problems: {store.warnings[:3]}")
    return {
        "load_store": {"median_s": load_s, "runs_s": load_runs, "budget_s": BUDGET_LOAD_VALIDATE_S},
        "validate_file": {
            "median_s": validate_s,
            "runs_s": validate_runs,
            "budget_s": BUDGET_LOAD_VALIDATE_S,
        },
        "breakdown_median_s": breakdown,
        "_store": store,
    }


def bench_save(store: AnnotationStore, runs: int) -> dict[str, Any]:
    save_s, save_runs = median_of(runs, store.save)
    backup = store.path.with_name(store.path.name + ".bak")
    if not backup.is_file():
        raise SystemExit("the save kept no .bak")
    text = dump_annotation_text(store.model)
    data = text.encode("utf-8")
    scratch = store.path.with_name("scratch.annotations.toml")
    scratch.write_bytes(data)
    from annotations.session.files import disk_state

    def write_only() -> None:
        atomic_write(scratch, data, expected=disk_state(scratch, data))

    return {
        "median_s": save_s,
        "runs_s": save_runs,
        "budget_s": BUDGET_SAVE_S,
        "file_bytes": len(data),
        "breakdown_median_s": {
            "dump_annotation_text (TOML text)": median_of(
                3, lambda: dump_annotation_text(store.model)
            )[0],
            "encode UTF-8": median_of(3, lambda: text.encode("utf-8"))[0],
            "atomic_write (temp, fsync, .bak, rename, dir fsync)": median_of(3, write_only)[0],
        },
    }


def small_annotation_file(folder: Path) -> tuple[Path, str]:
    sample = SAMPLES / "review.analyst-a.toml"
    if sample.is_file():
        return sample, "samples/review.analyst-a.toml"
    small = folder / "small"
    small.mkdir()
    shutil.copyfile(SAMPLES / "review.md", small / "review.md")
    subprocess.run(
        [*cli_command(), "init", str(small / "review.md")],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return (
        small / "review.annotations.toml",
        "made by `policy-annotate init` on a copy of samples/review.md (samples/review.analyst-a.toml is absent)",
    )


def bench_cli(folder: Path, runs: int) -> dict[str, Any]:
    path, origin = small_annotation_file(folder)
    command = [*cli_command(), "validate", str(path)]
    floor = [sys.executable, "-c", FLOOR_CODE]
    cli_times, floor_times = interleaved(command, floor, runs)
    cli_median = statistics.median(cli_times)
    floor_median = statistics.median(floor_times)
    beyond_floor = imports_beyond_floor(["validate", str(path)])
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
        "imports_beyond_floor_ms": round(sum(i[0] for i in beyond_floor) / 1000, 1),
        "top_imports_beyond_floor": [
            {"module": m, "self_ms": round(o / 1000, 1), "cumulative_ms": round(c / 1000, 1)}
            for o, c, m in beyond_floor[:10]
        ],
    }


def write_results(
    result: dict[str, Any], verdicts: dict[str, bool], output: Path, *, strict: bool
) -> int:
    """Write ``result`` as JSON to ``output``, say which budgets failed; the exit code."""
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    shown = output.relative_to(ROOT) if output.is_relative_to(ROOT) else output
    print(f"\nwritten to {shown}")
    failed = [name for name, ok in verdicts.items() if not ok]
    if failed:
        print(f"{len(failed)} budget(s) failed: {'; '.join(failed)}")
    return 1 if failed and strict else 0


# --- main --------------------------------------------------------------------------------


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
    print(f"policy-annotate core benchmarks, {info['date']}")
    print(
        f"{info['cpu_model']}, {info['nproc']} CPU(s), Python {info['python']}, {info['platform']}"
    )
    load = info["load_average_at_start"]
    if load and info["nproc"] and load[0] > 0.5 * info["nproc"]:
        print(f"warning: the machine is busy (load average {load[0]}); figures will be high")

    with tempfile.TemporaryDirectory(prefix="policy-annotate-bench-") as temporary:
        folder = Path(temporary)
        document_path, origin = build_document(folder)
        print(f"document: {origin}, {document_path.stat().st_size:,} bytes", flush=True)

        document_result = bench_document(document_path, options.runs)
        document = document_result.pop("_document")

        annotation_path = folder / "large.annotations.toml"
        generation_s, (store, generated) = timed(
            lambda: build_annotations(document, annotation_path)
        )
        generated["generation_s"] = round(generation_s, 3)
        print(
            f"annotations: {generated['annotations']:,} over the sentences, "
            f"{generated['file_bytes']:,} bytes, mean quote {generated['mean_quote_code_points']} code points",
            flush=True,
        )
        del store

        load_result = bench_load_validate(annotation_path, document, options.runs)
        store = load_result.pop("_store")
        save_result = bench_save(store, options.runs)
        print("running the command line ...", flush=True)
        cli_result = bench_cli(folder, options.cli_runs)

    checks = [
        (
            "load + normalise + index the 10 MB document",
            document_result["median_s"],
            BUDGET_DOCUMENT_S,
        ),
        (
            "load_store: 10,000 annotations, document preloaded",
            load_result["load_store"]["median_s"],
            BUDGET_LOAD_VALIDATE_S,
        ),
        (
            "validate_file: 10,000 annotations, incl. document load",
            load_result["validate_file"]["median_s"],
            BUDGET_LOAD_VALIDATE_S,
        ),
        ("save: 10,000 annotations (atomic, fsync, .bak)", save_result["median_s"], BUDGET_SAVE_S),
    ]
    print()
    print(row("figure", "measured", "budget", None))
    print("-" * 90)
    verdicts = {}
    for name, value, budget in checks:
        passed = value <= budget
        verdicts[name] = passed
        print(row(name, f"{value:.3f} s", f"<= {budget} s", passed))
    ratio = cli_result["ratio"]
    cli_passed = ratio <= BUDGET_CLI_RATIO
    verdicts["policy-annotate validate / floor"] = cli_passed
    print(
        row(
            f"`policy-annotate validate` / floor ({cli_result['cli_median_s'] * 1000:.0f} / "
            f"{cli_result['floor_median_s'] * 1000:.0f} ms)",
            f"{ratio:.2f}x",
            f"<= {BUDGET_CLI_RATIO}x",
            cli_passed,
        )
    )
    print()
    for title, breakdown in (
        ("document, median per part", document_result["breakdown_median_s"]),
        ("load + validate, each step on its own", load_result["breakdown_median_s"]),
        ("save, each step on its own", save_result["breakdown_median_s"]),
    ):
        print(f"{title}:")
        for part, value in breakdown.items():
            print(f"  {part:<62} {value:.3f} s")
    print(
        f"command line: imports beyond the floor take {cli_result['imports_beyond_floor_ms']} ms (self time); the largest:"
    )
    for item in cli_result["top_imports_beyond_floor"][:6]:
        print(
            f"  {item['module']:<40} self {item['self_ms']:>5} ms, cumulative {item['cumulative_ms']:>6} ms"
        )

    result = {
        "benchmark": "core",
        "machine": info,
        "inputs": {"document": origin, "annotation_file": generated},
        "document": document_result,
        "load_validate": load_result,
        "save": save_result,
        "cli": cli_result,
        "verdicts": {name: ("PASS" if ok else "FAIL") for name, ok in verdicts.items()},
        "load_average_at_end": _load_average(),
    }
    return write_results(result, verdicts, options.output, strict=options.strict)


if __name__ == "__main__":
    sys.exit(main())
