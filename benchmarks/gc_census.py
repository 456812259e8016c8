"""A census of the objects the garbage collector tracks in the app, and who holds them.

Run from the project folder with the project's interpreter (a minute or so):

    .venv/bin/python benchmarks/gc_census.py [--project DIR] [--documents N] [--query Q]
        [--top N] [--referrers N] [--json FILE]

Why: a full (generation-2) collection walks every tracked object, holding the GIL, and its time
grows with their number (~0.4 ms per 1,000 objects here); ``bench_corpus_search.py`` found such
collections behind its longest stalls. The lever is to hold fewer tracked objects (the collector
itself is not switched, frozen or tuned).

The scenario is ``bench_corpus_search.py``'s: the generated project of ``bench_project.py``
(2,000 documents; built in a temporary folder, or ``--project DIR`` reused) opened on its board
at 120x40 by Pilot, every row read, then ``/``, the query (default ``digital``: 10,000 results
listed) and ``Enter``, until the whole corpus is searched and the results are drawn. Then, after
``gc.collect()``:

1. **tracked objects**: ``len(gc.get_objects())``, the references they hold (what a
   collection follows: ``gc.get_referents``), and the time of one ``gc.collect()`` (the
   median and the shortest of eleven; on a shared machine the collector's walk through
   memory competes for the caches, so these times move more than the counts);
2. **by type**: the ``--top`` types with the most tracked objects;
3. **by holder**: each named root of ours (the project, the board's statuses, the board's table,
   the search and its results, the results list, the disk watch; then the rest of the app and
   what only the interpreter holds) claims the tracked objects reachable from it
   (``gc.get_referents``) that no earlier root claimed. The walk stops at modules, classes,
   functions and at Textual nodes other than the root (a widget's parent would lead to the whole
   app), so each root counts what it holds itself; the biggest types of each are listed;
4. **referrers**: for the ``--referrers`` biggest types, one sampled object's chain of referrers
   (``gc.get_referrers``, up to four levels, the census's own lists left out), to check what
   the walk says.

The figures are counts of the app's own objects, not timings: they hold on a loaded machine.
``--json FILE`` writes them for comparison between two versions of the code.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import statistics
import sys
import tempfile
import time
import types
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT / "benchmarks"
for folder in (ROOT, BENCHMARKS):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from bench_project import build_project  # noqa: E402
from tui_pilot import key_event  # noqa: E402

BARRIER_TYPES: tuple[type, ...] = (
    types.ModuleType,
    type,
    types.FunctionType,
    types.BuiltinFunctionType,
    types.CodeType,
    types.FrameType,
)
"""What a holder's walk does not enter: shared by everything, held by no root of ours."""


def type_name(value: object) -> str:
    """``module.QualName`` of ``value``'s type."""
    kind = type(value)
    return f"{kind.__module__}.{kind.__qualname__}"


def collect_times(runs: int = 11) -> tuple[float, float]:
    """The shortest and the median time of one full ``gc.collect()`` (seconds): on a loaded
    machine the shortest is the steadier figure."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        gc.collect()
        times.append(time.perf_counter() - started)
    return min(times), statistics.median(times)


def claim(
    root: object, claimed: dict[int, str], name: str, stop: set[int], barrier: tuple[type, ...]
) -> Counter[str]:
    """Claim for ``name`` every tracked object reachable from ``root`` not claimed yet (not
    entering ``stop`` ids or ``barrier`` types); the types claimed, counted."""
    counts: Counter[str] = Counter()
    pending = [root]
    while pending:
        value = pending.pop()
        key = id(value)
        if key in claimed or key in stop or not gc.is_tracked(value):
            continue
        if value is not root and isinstance(value, barrier):
            continue
        claimed[key] = name
        counts[type_name(value)] += 1
        pending.extend(gc.get_referents(value))
    return counts


def referrer_chain(value: object, ignore: set[int], depth: int = 4) -> list[str]:
    """The types of ``value``'s referrers, then of theirs, up to ``depth`` levels (the first
    referrer at each level that is not one of ``ignore``)."""
    chain: list[str] = []
    for _ in range(depth):
        referrers = [
            r
            for r in gc.get_referrers(value)
            if id(r) not in ignore and not isinstance(r, types.FrameType)
        ]
        ignore.add(id(referrers))
        if not referrers:
            break
        value = referrers[0]
        ignore.add(id(value))
        extra = f" ({len(value)} items)" if isinstance(value, list | dict | tuple | set) else ""
        chain.append(type_name(value) + extra)
    return chain


def holders(app: Any, board: Any) -> list[tuple[str, object]]:
    """The named roots, in the order they claim their objects."""
    from tui.widgets.line_list import LineList

    roots: list[tuple[str, object]] = [
        ("project (model, codebook, documents)", board.project),
        ("board.statuses (DocumentStatus per document)", board.statuses),
        ("board.order and changed ids", [board.order, board.changed_ids]),
        ("board.project_watch (stamps)", board.project_watch),
        ("corpus search results (CorpusResults)", board.corpus_search.results),
        ("board table (BoardTable widget)", board.table),
    ]
    lists = list(app.screen.query(LineList))
    if lists:
        roots.append(("results list (LineList widget)", lists[0]))
    roots.append(("the rest of the app (screens, Textual, caches)", app))
    return roots


def census(app: Any, board: Any, top: int, referrers: int) -> dict[str, Any]:
    """Count the tracked objects by type and by holder (after a full collection)."""
    from textual.dom import DOMNode

    gc.collect()
    shortest, median = collect_times()
    objects = gc.get_objects()
    total = len(objects)
    references = sum(len(gc.get_referents(value)) for value in objects)
    by_type = Counter(type_name(value) for value in objects)
    roots = holders(app, board)
    nodes = {id(value) for value in objects if isinstance(value, DOMNode)}
    claimed: dict[int, str] = {}
    by_holder: dict[str, dict[str, Any]] = {}
    for name, root in roots:
        stop = nodes - {id(root)} if name != roots[-1][0] else set()
        parts: dict[str, int] = {}
        counts: Counter[str] = Counter()
        if isinstance(root, DOMNode) and name != roots[-1][0]:
            # a widget of ours: what each of its attributes holds (the largest listed)
            for attribute, value in vars(root).items():
                held = claim(value, claimed, name, stop | {id(root)}, BARRIER_TYPES)
                parts[attribute] = sum(held.values())
                counts += held
        counts += claim(root, claimed, name, stop, BARRIER_TYPES)
        by_holder[name] = {
            "objects": sum(counts.values()),
            "types": counts.most_common(top),
            "attributes": sorted(parts.items(), key=lambda item: -item[1])[:top],
        }
    rest = Counter(type_name(value) for value in objects if id(value) not in claimed)
    by_holder["unreached (interpreter, modules, garbage)"] = {
        "objects": sum(rest.values()),
        "types": rest.most_common(top),
    }
    chains: dict[str, list[str]] = {}
    ignore = {id(objects), id(roots)}
    for kind, _count in by_type.most_common(referrers):
        sample = next(value for value in objects if type_name(value) == kind)
        held_by = claimed.get(id(sample), "unreached")
        chains[kind] = [f"claimed by: {held_by}", *referrer_chain(sample, set(ignore))]
        del sample
    del objects
    return {
        "tracked_objects": total,
        "references": references,
        "gc_collect_ms": round(median * 1000, 1),
        "gc_collect_min_ms": round(shortest * 1000, 1),
        "by_type": by_type.most_common(top),
        "by_holder": by_holder,
        "referrers": chains,
    }


async def run_scenario(folder: Path, query: str, top: int, referrers: int) -> dict[str, Any]:
    """Open the board, read every row, search ``query``; the census once the results show."""
    from tui.app import PolicyAnnotateApp
    from tui.project_launch import prepare_board
    from tui.screens.board import BoardScreen
    from tui.screens.corpus_search import CorpusSearchScreen

    app = PolicyAnnotateApp(board=prepare_board(folder, None))
    async with app.run_test(size=(120, 40)) as pilot:
        while not isinstance(app.screen, BoardScreen) or not app.screen.loaded:
            await asyncio.sleep(0.05)
        board = app.screen
        await pilot.pause(0.2)
        board_only = census(app, board, top, 0)
        await pilot.press("slash")
        while not isinstance(app.screen, CorpusSearchScreen):
            await asyncio.sleep(0.01)
        await pilot.pause()
        await pilot.press(*query)
        app.post_message(key_event("enter"))
        while True:
            results = board.corpus_search.results
            if results is not None and results.query == query and results.done:
                break
            await asyncio.sleep(0.02)
        for _ in range(20):  # move in the results, as bench_corpus_search's typist does
            await pilot.press("j")
        await pilot.pause(0.2)
        searched = census(app, board, top, referrers)
        searched["hits"] = len(results.hits)
        searched["board_only"] = {
            "tracked_objects": board_only["tracked_objects"],
            "references": board_only["references"],
            "gc_collect_ms": board_only["gc_collect_ms"],
            "gc_collect_min_ms": board_only["gc_collect_min_ms"],
            "by_holder": {k: v["objects"] for k, v in board_only["by_holder"].items()},
        }
    return searched


def show(figures: dict[str, Any]) -> None:
    """Print the census."""
    before = figures["board_only"]
    print(
        f"board read, no search: {before['tracked_objects']:,} tracked objects "
        f"({before['references']:,} references), "
        f"gc.collect() {before['gc_collect_ms']} ms (shortest {before['gc_collect_min_ms']} ms)"
    )
    print(
        f"after the search ({figures['hits']:,} results listed): "
        f"{figures['tracked_objects']:,} tracked objects ({figures['references']:,} references), "
        f"gc.collect() {figures['gc_collect_ms']} ms (shortest {figures['gc_collect_min_ms']} ms)\n"
    )
    print("by type:")
    for kind, count in figures["by_type"]:
        print(f"  {count:>9,}  {kind}")
    print("\nby holder (each claims what no holder above it claimed):")
    for name, holder in figures["by_holder"].items():
        print(f"  {holder['objects']:>9,}  {name}")
        for attribute, count in holder.get("attributes", []):
            print(f"  {'':>9}    {count:>8,}  .{attribute}")
        for kind, count in holder["types"]:
            print(f"  {'':>9}    {count:>8,}  {kind}")
    print("\nreferrers of a sample of each of the biggest types:")
    for kind, chain in figures["referrers"].items():
        print(f"  {kind}")
        for link in chain:
            print(f"      <- {link}")


def main(arguments: Iterable[str] | None = None) -> int:
    """Build (or reuse) the project, take the census, print it (and write it with --json)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, help="a generated project to reuse")
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--query", default="digital")
    parser.add_argument("--top", type=int, default=8, help="types listed per holder")
    parser.add_argument("--referrers", type=int, default=6, help="types whose referrers to show")
    parser.add_argument("--json", type=Path, help="write the figures there")
    options = parser.parse_args(None if arguments is None else list(arguments))
    with tempfile.TemporaryDirectory() as temporary:
        folder = options.project
        if folder is None:
            folder = Path(temporary) / "project"
            build_project(folder, options.documents)
        figures = asyncio.run(run_scenario(folder, options.query, options.top, options.referrers))
    show(figures)
    if options.json is not None:
        options.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
