"""What the TUI benchmarks share: paths, budgets, statistics, the machine and the inputs."""

from __future__ import annotations

import math
import os
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
BENCHMARKS = ROOT / "benchmarks"
if str(BENCHMARKS) not in sys.path:
    sys.path.insert(0, str(BENCHMARKS))

PYTHON = sys.executable
COMMAND = str(Path(sys.executable).parent / "policy-annotate")
MINIMAL_APP = str(BENCHMARKS / "minimal_app.py")
SAMPLES = ROOT / "samples"
CORPUS = Path(os.environ.get("POLICY_ANNOTATE_CORPUS", ROOT.parent / "shared" / "corpus"))
CORPUS_DOCUMENT = "us-consolidated-appropriations-act-2016.md"
RESULTS = BENCHMARKS / "results" / "tui.json"

COLUMNS, ROWS = 120, 40
FALLBACK_TARGET_BYTES = 10_500_000
ANNOTATION_COUNT = 10_000
RECOMMENDATION_COUNT = 20

BUDGET_SAMPLE_RATIO = 1.5
BUDGET_LARGE_RATIO = 1.5
BUDGET_KEY_MEDIAN_MS = 16.0
BUDGET_KEY_P95_MS = 33.0
BUDGET_RSS_MIB = 150.0
BUDGET_SAVE_BLOCK_MS = 50.0

KEY_BYTES = {"j": b"j", "shift+down": b"\x1b[1;2B", "1": b"1", "ctrl+s": b"\x13"}
QUIET_S = 0.05  # in the pty, a key's output is over when nothing more arrives for this long
SGR = re.compile(rb"\x1b\[[0-9;:]*m")
ESCAPES = re.compile(
    rb"\x1b\[[0-9;:?<>=$ ]*[A-Za-z@`~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>78]"
)


# --- statistics and machine ---------------------------------------------------------------


def median(values: list[float]) -> float:
    return statistics.median(values) if values else math.nan


def p95(values: list[float]) -> float:
    """The 95th percentile, nearest-rank."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def ms(seconds: float) -> float | None:
    """Seconds as milliseconds, rounded (None for no value, so the JSON stays valid)."""
    return None if seconds is None or math.isnan(seconds) else round(seconds * 1000, 2)


def summary_ms(values: list[float]) -> dict[str, Any]:
    """Median, p95, min and max (ms) of seconds, plus the count."""
    return {
        "count": len(values),
        "median_ms": ms(median(values)),
        "p95_ms": ms(p95(values)),
        "min_ms": ms(min(values)) if values else None,
        "max_ms": ms(max(values)) if values else None,
    }


def machine_info() -> dict[str, Any]:
    """bench_core's machine facts, with Textual's version at the top level as before."""
    from bench_core import machine_info as core_machine_info

    info = core_machine_info(("textual",))
    info["textual"] = info["packages"]["textual"]
    return info


# --- inputs ----------------------------------------------------------------------------------


def build_large_document(folder: Path) -> tuple[Path, str]:
    """The 10 MB document: the corpus bill repeated 4x, else samples/review.md repeated."""
    source = CORPUS / CORPUS_DOCUMENT
    if source.is_file():
        data = (source.read_bytes().rstrip(b"\n") + b"\n\n") * 4
        origin = f"{CORPUS_DOCUMENT} (corpus) repeated 4x"
    else:
        piece = (SAMPLES / "review.md").read_bytes().rstrip(b"\n") + b"\n\n"
        repeats = -(-FALLBACK_TARGET_BYTES // len(piece))
        data = piece * repeats
        origin = f"samples/review.md repeated {repeats}x (corpus absent)"
    path = folder / "large.md"
    path.write_bytes(data)
    return path, origin


def build_annotation_file(document_path: Path, output: Path) -> dict[str, Any]:
    """10,000 annotations over sentences spread through the document, made with the core API.

    The generator is bench_core's, so the core and the app are measured on the same file.
    """
    from bench_core import build_annotations

    from annotations.documents.document import load_document

    started = time.perf_counter()
    document = load_document(document_path)
    _store, facts = build_annotations(document, output)
    return {
        "annotations": facts["annotations"],
        "sentences_in_document": len(document.sentence_starts),
        "file_bytes": facts["file_bytes"],
        "built_in_s": round(time.perf_counter() - started, 2),
    }


def bench_environment(folder: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("TEXTUAL", "POLICY_ANNOTATE", "COLUMNS", "LINES"))
    }
    env.update(
        TERM="xterm-256color",
        COLORTERM="truecolor",
        XDG_STATE_HOME=str(folder / "state"),
        XDG_CONFIG_HOME=str(folder / "config"),
        POLICY_ANNOTATE_AUTHOR="bench",
        # Byte code cached as after any install, for the app and the baseline alike, but in the
        # temporary folder: nothing is written into the repository (warm-up runs fill it).
        PYTHONPYCACHEPREFIX=str(folder / "pycache"),
    )
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def row(
    figure: str, value: str, budget: str, baseline: str, ratio: str, verdict: bool | None
) -> str:
    mark = "" if verdict is None else ("PASS" if verdict else "FAIL")
    return f"{figure:<52} {value:>11} {budget:>10} {baseline:>11} {ratio:>7}  {mark}"
