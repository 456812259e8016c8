"""Recommendation detection benchmark: precision and recall against hand-made truth, and speed.

Run from the project folder (a few seconds):

    .venv/bin/python benchmarks/bench_detection.py [--strict]

For each document of benchmarks/detection_truth.toml (corpus documents read from
../shared/corpus or $POLICY_ANNOTATE_CORPUS at run time, and the project's samples) it runs
`annotations.documents.detection.detect_recommendations` and counts a detected item as a true positive
when its id (kind letter and number) is in the truth and its span starts on one of the lines
where the truth says that item is stated. Precision = TP / detected, recall = TP / expected
(shown as "-" when the denominator is 0). Aim: >= 90 % each, per document.

It then times detection on us-consolidated-appropriations-act-2016.md (2.6 MB; median of 5,
each on a freshly loaded document, so the indexes detection asks the document for are built
inside the timing; load_document is timed separately). Budget: <= 1 s. The other corpus
documents, which have no truth, are listed with what detection finds there (a flood check).
Writes benchmarks/results/detection.json.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
for folder in (ROOT, ROOT / "benchmarks"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

import tomli  # noqa: E402
from bench_core import CORPUS, SAMPLES, machine_info, median_of, row  # noqa: E402

from annotations.documents.detection import DetectedRecommendation, detect_recommendations  # noqa: E402
from annotations.documents.document import Document, load_document  # noqa: E402

TRUTH = ROOT / "benchmarks" / "detection_truth.toml"
RESULTS = ROOT / "benchmarks" / "results" / "detection.json"
LARGE = "us-consolidated-appropriations-act-2016.md"
BUDGET_S = 1.0
AIM = 0.9


def score(document: Document, truth: dict[str, Any]) -> dict[str, Any]:
    """Detection on one document against its truth: counts, precision, recall, time."""
    seconds, _runs = median_of(5, lambda: detect_recommendations(document))
    detected = detect_recommendations(document)
    expected = {item["id"]: set(item["lines"]) for item in truth["items"]}
    hits = [item for item in detected if _line(document, item) in expected.get(item.id, set())]
    missed = sorted(set(expected) - {item.id for item in hits}, key=_natural)
    wrong = [f"{item.id}@L{_line(document, item)}" for item in detected if item not in hits]
    return {
        "document": truth["name"],
        "expected": len(expected),
        "detected": len(detected),
        "true_positives": len(hits),
        "precision": len(hits) / len(detected) if detected else None,
        "recall": len(hits) / len(expected) if expected else None,
        "seconds": round(seconds, 5),
        "missed": missed,
        "false_positives": wrong,
    }


def _line(document: Document, item: DetectedRecommendation) -> int:
    """The 1-based line the item's span starts on."""
    return document.text.count("\n", 0, item.start) + 1


def _natural(identifier: str) -> tuple[str, tuple[int, ...]]:
    letters = identifier.rstrip("0123456789.")
    return letters, tuple(int(part) for part in identifier[len(letters) :].split(".") if part)


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.0f} %"


def _meets_aim(result: dict[str, Any]) -> bool:
    return all(result[key] is None or result[key] >= AIM for key in ("precision", "recall"))


def large_document_timing(path: Path) -> dict[str, Any]:
    """Median load and detection times on the large bill (fresh document every run)."""
    loads: list[float] = []
    detections: list[float] = []
    found = 0
    for _ in range(5):
        gc.collect()
        started = time.perf_counter()
        document = load_document(path)
        loads.append(time.perf_counter() - started)
        gc.collect()
        started = time.perf_counter()
        found = len(detect_recommendations(document))
        detections.append(time.perf_counter() - started)
    return {
        "document": path.name,
        "bytes": path.stat().st_size,
        "detected": found,
        "load_s": {"median": round(statistics.median(loads), 4), "runs": _rounded(loads)},
        "detect_s": {
            "median": round(statistics.median(detections), 4),
            "runs": _rounded(detections),
        },
    }


def _rounded(values: list[float]) -> list[float]:
    return [round(value, 4) for value in values]


def flood_check(names: set[str]) -> dict[str, int]:
    """How many items detection finds in the corpus documents that have no truth."""
    counts: dict[str, int] = {}
    for path in sorted(CORPUS.glob("*.md")):
        if path.name not in names and path.name != "SOURCES.md":
            counts[path.name] = len(detect_recommendations(load_document(path)))
    return counts


def print_table(results: list[dict[str, Any]]) -> None:
    """The per-document table."""
    header = f"{'document':<54} {'expected':>8} {'detected':>8} {'TP':>4} {'precision':>9} {'recall':>7} {'time':>9}"
    print(header)
    print("-" * len(header))
    for result in results:
        print(
            f"{result['document']:<54} {result['expected']:>8} {result['detected']:>8} "
            f"{result['true_positives']:>4} {_percent(result['precision']):>9} "
            f"{_percent(result['recall']):>7} {1000 * result['seconds']:>7.2f} ms"
        )
        if result["missed"] or result["false_positives"]:
            print(f"    missed: {result['missed']}  false positives: {result['false_positives']}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--strict", action="store_true", help="exit 1 if an aim or budget fails")
    options = parser.parse_args()
    info = machine_info()
    truth = tomli.loads(TRUTH.read_text(encoding="utf-8"))
    results = []
    skipped = []
    for entry in truth["documents"]:
        folder = CORPUS if entry["source"] == "corpus" else SAMPLES
        path = folder / entry["name"]
        if not path.is_file():
            skipped.append(entry["name"])
            continue
        results.append(score(load_document(path), entry))
    print_table(results)
    if skipped:
        print(f"skipped (not found): {', '.join(skipped)}")
    large_path = CORPUS / LARGE
    large = large_document_timing(large_path) if large_path.is_file() else None
    passed = large is not None and large["detect_s"]["median"] <= BUDGET_S
    if large is not None:
        print()
        print(
            row(
                f"detection on {LARGE}",
                f"{large['detect_s']['median']:.3f} s",
                f"<= {BUDGET_S} s",
                passed,
            )
        )
        print(
            row(
                "  (load_document of it, not included)",
                f"{large['load_s']['median']:.3f} s",
                "",
                None,
            )
        )
        print(f"  detected there: {large['detected']}")
    flood = flood_check({entry["name"] for entry in truth["documents"]}) if CORPUS.is_dir() else {}
    if flood:
        print(f"no truth, detected: {flood}")
    aims = all(_meets_aim(result) for result in results)
    report = {
        "benchmark": "detection",
        "machine": info,
        "aim": {"precision": AIM, "recall": AIM},
        "documents": results,
        "skipped": skipped,
        "large_document": large,
        "budget_s": BUDGET_S,
        "no_truth_detected": flood,
        "verdicts": {
            "accuracy": "PASS" if aims else "FAIL",
            "large_document": "PASS" if passed else ("SKIPPED" if large is None else "FAIL"),
        },
    }
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")
    return 1 if options.strict and not (aims and passed) else 0


if __name__ == "__main__":
    sys.exit(main())
