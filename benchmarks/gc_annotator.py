"""The annotator's GC-tracked objects: how many, what a full collection costs, and how many
each key press leaves behind (which decides how often a full collection comes).

Run from the project folder (a minute or so):

    .venv/bin/python benchmarks/gc_annotator.py [--presses N] [--folder DIR]

Why: a full (generation-2) collection walks every tracked object while holding the GIL, so a key
that meets one waits for all of it; bench_tui.py's "slowest `j` during a save" and `j` p95 fail
when one lands on a key. The collector is not switched, frozen or tuned (house rules), so what
can be measured and changed is the number of objects and how fast new long-lived ones pile up
(CPython 3.11 runs a full collection once the objects promoted since the last one exceed a
quarter of those that survived it).

Four figures, each after ``gc.collect()``:

1. a minimal Textual app (benchmarks/minimal_app.py's) at 120x40, in a fresh interpreter:
   tracked objects and the time of one full collection (median of 5): the floor any Textual
   app pays;
2. the annotator on bench_tui.py's inputs (the 10 MB document, 10,000 annotations) at 120x40,
   loaded and shown: the same two figures, and the ten biggest types;
3. ``--presses`` presses of ``j`` (after 30 to settle): the tracked objects still alive after
   each press that were not there before it (what the press leaves for later collections),
   averaged, and the biggest types among them;
4. the full collections seen during those presses (``gc.callbacks``): how many, and how long.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import gc
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
for folder in (ROOT, ROOT / "benchmarks"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

MINIMAL = """
import asyncio, gc, json, statistics, time
from minimal_app import MinimalApp

async def main():
    app = MinimalApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.2)
        gc.collect()
        times = []
        for _ in range(5):
            started = time.perf_counter()
            gc.collect()
            times.append(time.perf_counter() - started)
        count = len(gc.get_objects())
    print(json.dumps({"tracked": count, "full_collection_ms": round(statistics.median(times) * 1000, 1)}))

asyncio.run(main())
"""


def type_name(value: object) -> str:
    kind = type(value)
    return f"{kind.__module__}.{kind.__qualname__}"


def collection_ms(runs: int = 5) -> float:
    """The median time of a full collection, in ms."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        gc.collect()
        times.append(time.perf_counter() - started)
    return round(statistics.median(times) * 1000, 1)


def minimal() -> dict[str, Any]:
    """Figure 1, in a fresh interpreter (this one has imported the benchmarks' modules)."""
    completed = subprocess.run(
        [sys.executable, "-c", MINIMAL],
        cwd=ROOT / "benchmarks",
        capture_output=True,
        text=True,
        check=True,
    )
    figures: dict[str, Any] = json.loads(completed.stdout.strip().splitlines()[-1])
    return figures


async def annotator(document: Path, annotations: Path, presses: int) -> dict[str, Any]:
    from tui_pilot import open_main_screen

    from tui.app import PolicyAnnotateApp
    from tui.launch import prepare_session

    app = PolicyAnnotateApp(prepare_session(document, annotations, "bench"))
    full: list[float] = []
    started = [0.0]

    def on_gc(phase: str, info: dict[str, int]) -> None:
        if info.get("generation") == 2:
            if phase == "start":
                started[0] = time.perf_counter()
            else:
                full.append(time.perf_counter() - started[0])

    figures: dict[str, Any] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await open_main_screen(app, pilot)
        for _ in range(30):
            await pilot.press("j")
        await pilot.pause(0.3)
        gc.collect()
        objects = gc.get_objects()
        figures["tracked"] = len(objects)
        figures["biggest_types"] = collections.Counter(map(type_name, objects)).most_common(10)
        del objects
        figures["full_collection_ms"] = collection_ms()
        left: collections.Counter[str] = collections.Counter()
        for _ in range(presses):
            gc.collect()
            before = {id(value) for value in gc.get_objects()}
            await pilot.press("j")
            await pilot.pause(0.05)
            left.update(type_name(v) for v in gc.get_objects() if id(v) not in before)
        figures["left_per_press"] = round(sum(left.values()) / presses, 1)
        figures["left_per_press_by_type"] = [
            (name, round(count / presses, 1)) for name, count in left.most_common(8)
        ]
        gc.callbacks.append(on_gc)
        try:
            for _ in range(presses * 5):
                await pilot.press("j")
        finally:
            gc.callbacks.remove(on_gc)
        figures["presses_without_forced_collections"] = presses * 5
        figures["full_collections_during_them"] = len(full)
        figures["full_collections_ms"] = [round(seconds * 1000, 1) for seconds in full]
        await app.workers.wait_for_complete()
    return figures


def main() -> int:
    """Print the four figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--presses", type=int, default=20)
    parser.add_argument("--folder", type=Path, help="reuse (or build) the inputs here")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = options.folder or Path(temporary)
        folder.mkdir(parents=True, exist_ok=True)
        document = folder / "large.md"
        annotations = folder / "large.10k.annotations.toml"
        if not document.exists():
            from tui_common import build_large_document

            document, _origin = build_large_document(folder)
        if not annotations.exists():
            from tui_common import build_annotation_file

            build_annotation_file(document, annotations)
        print(f"1. minimal Textual app: {minimal()}")
        figures = asyncio.run(annotator(document, annotations, options.presses))
    print(
        f"2. annotator, 10 MB + 10,000 annotations: {figures['tracked']} tracked, "
        f"full collection {figures['full_collection_ms']} ms"
    )
    for name, count in figures["biggest_types"]:
        print(f"     {count:8d}  {name}")
    print(f"3. left alive per j press: {figures['left_per_press']}")
    for name, count in figures["left_per_press_by_type"]:
        print(f"     {count:8.1f}  {name}")
    print(
        f"4. full collections during {figures['presses_without_forced_collections']} presses: "
        f"{figures['full_collections_during_them']}, ms: {figures['full_collections_ms']}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
