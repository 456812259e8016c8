"""Merge benchmark of policy-annotate: two 10,000-annotation files of one 10 MB document.

Run from the project folder (about half a minute):

    .venv/bin/python benchmarks/bench_merge.py [--strict]

It builds bench_core's inputs (the 10 MB document and 10,000 annotations over it), then a second
analyst's file from the first: every 10th annotation's note changed (a conflict unless --prefer),
every 10th one removed, and 1,000 new annotations on other sentences. It times
`annotations.exchange.merging.merge` with prefer="newest" (median of 5; loading excluded), and, beside it,
the whole `policy-annotate merge A B -o OUT --prefer newest` command (median of 3). Budget: <= 2 s
for the merge of two 10,000-annotation files. Writes benchmarks/results/merge.json.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for folder in (ROOT, ROOT / "benchmarks"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from bench_core import build_annotations, build_document, machine_info, median_of, row  # noqa: E402

from annotations.documents.document import load_document  # noqa: E402
from annotations.exchange.merging import merge  # noqa: E402
from annotations.session.editing import AnnotationSet, Edit  # noqa: E402
from annotations.session.store import load_store  # noqa: E402

BUDGET_S = 2.0


def second_analyst(first: Path, second: Path) -> dict[str, int]:
    """Analyst B's file: some notes changed, some annotations gone, 1,000 new ones."""
    store = load_store(first)
    store.path, store.disk = second, None
    annotations = AnnotationSet(store.model, store.document)
    ordered = annotations.ordered()
    originals = tuple(ordered[::10])
    changed = tuple(
        a.model_copy(
            update={
                "note": a.note + " (B)",
                "author": "analyst-b",
                "updated": a.updated + timedelta(minutes=5),
            }
        )
        for a in originals
    )
    removed = tuple(ordered[5::10])
    taken = {(a.start, a.end) for a in ordered}
    document = store.document
    added = []
    position = 0
    while len(added) < 1000 and position < document.length:
        span = document.next_sentence(position)
        if span is None:
            break
        position = span[0]
        if span not in taken and position % 7 == 0:
            added.append(
                annotations.new_annotation(*span, "analyst-b").model_copy(
                    update={"principles": ["redesign"]}
                )
            )
        position += 1
    annotations.apply(Edit("analyst B", removed=originals + removed, added=changed + tuple(added)))
    annotations.sync_model()
    store.save()
    return {"changed": len(changed), "removed": len(removed), "added": len(added)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--strict", action="store_true", help="exit 1 if the budget fails")
    options = parser.parse_args()
    info = machine_info()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        document_path, origin = build_document(folder)
        document = load_document(document_path)
        first = folder / "large.analyst-a.toml"
        build_annotations(document, first)
        second = folder / "large.analyst-b.toml"
        made = second_analyst(first, second)
        models = [load_store(first, document).model, load_store(second, document).model]
        seconds, runs = median_of(5, lambda: merge(models, [str(first), str(second)], "newest"))
        result = merge(models, [str(first), str(second)], "newest")
        assert result.model is not None
        out = folder / "merged.toml"
        command = [
            sys.executable,
            "-m",
            "tui",
            "merge",
            str(first),
            str(second),
            "-o",
            str(out),
            "--prefer",
            "newest",
            "--force",  # each run replaces the previous run's output
        ]
        command_runs = []
        for _ in range(3):
            started = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True)
            command_runs.append(time.perf_counter() - started)
        command_runs.sort()
        passed = seconds <= BUDGET_S
        print(
            row(
                "merge of two 10,000-annotation files (in process)",
                f"{seconds:.3f} s",
                f"<= {BUDGET_S} s",
                passed,
            )
        )
        print(
            row(
                "policy-annotate merge ... -o OUT (whole command)",
                f"{command_runs[1]:.3f} s",
                "",
                None,
            )
        )
        print(
            f"inputs: {origin}; analyst B: {made}; merged annotations: {len(result.model.annotations)}"
        )
        report = {
            "benchmark": "merge",
            "machine": info,
            "inputs": {
                "document": origin,
                "analyst_b": made,
                "merged": len(result.model.annotations),
            },
            "merge_s": {"median": round(seconds, 4), "runs": [round(r, 4) for r in runs]},
            "command_s": [round(r, 4) for r in command_runs],
            "verdicts": {"merge": "PASS" if passed else "FAIL"},
        }
        output = ROOT / "benchmarks" / "results" / "merge.json"
        output.write_text(json.dumps(report, indent=2) + "\n")
    return 1 if options.strict and not passed else 0


if __name__ == "__main__":
    sys.exit(main())
