"""Search across the corpus from the board: first results, the whole corpus, keys never blocked.

Run from the project folder with the project's interpreter (a few minutes):

    .venv/bin/python benchmarks/bench_corpus_search.py [--strict] [--documents N] [--project DIR]

On the generated project of ``bench_project.py`` (2,000 documents of 2–50 KB, about 40 MB; built
in a temporary folder, or ``--project DIR`` reused, as ``bench_project.py --keep DIR`` leaves it),
the app is driven by Pilot at 120x40: the board is opened and read, then for each query ``/``,
the query and ``Enter`` are pressed, and measured from ``Enter``:

1. **first results**: until the results screen holds its first hit (budget <= 0.3 s);
2. **whole corpus**: until every document is searched (budget <= 2 s);
3. **longest stall of the event loop** while searching (budget <= 50 ms): a task sleeping 2 ms
   in a loop records how much later than asked it wakes up (as ``tui_pilot.py`` measures the
   stall during a save), while a thread posts ``j`` every 25 ms to the results list, as a user
   moving in the results would.

Two queries: ``digital`` (a word of nearly every sentence: 10,000 results listed, the rest
counted) and ``trust digital`` (a phrase, in fewer places). Three runs each, the median and the
worst are reported. Writes benchmarks/results/corpus_search.json; exit code 0 unless --strict
and a budget fails.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT / "benchmarks"
for folder in (ROOT, BENCHMARKS):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from bench_core import _load_average, machine_info, row, write_results  # noqa: E402
from bench_project import build_project  # noqa: E402
from tui_pilot import key_event  # noqa: E402

RESULTS = BENCHMARKS / "results" / "corpus_search.json"
QUERIES = ("digital", "trust digital")
RUNS = 3
FIRST_BUDGET = 0.3
WHOLE_BUDGET = 2.0
STALL_BUDGET = 0.050


class Watch:
    """The longest stall of the event loop while a thread posts ``j`` every 25 ms."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.longest = 0.0
        self.running = True
        self.stopping = threading.Event()
        self.watcher: asyncio.Task[None] | None = None
        self.thread = threading.Thread(target=self._typist, daemon=True)

    def start(self) -> None:
        """Start watching (and typing)."""
        self.watcher = asyncio.create_task(self._watch())
        self.thread.start()

    async def _watch(self) -> None:
        while self.running:
            before = time.perf_counter()
            await asyncio.sleep(0.002)
            self.longest = max(self.longest, time.perf_counter() - before - 0.002)

    def _typist(self) -> None:
        while not self.stopping.is_set():
            time.sleep(0.025)
            self.app.post_message(key_event("j"))

    async def stop(self) -> float:
        """Stop; the longest stall seen (seconds)."""
        self.stopping.set()
        self.thread.join()
        await asyncio.sleep(0.05)
        self.running = False
        if self.watcher is not None:
            await self.watcher
        return self.longest


async def idle_stall(pilot: Any, seconds: float = 2.0) -> float:
    """The longest stall on the board with nothing searched: what the machine's load alone
    costs (the same watch, the same keys)."""
    watch = Watch(pilot.app)
    watch.start()
    await asyncio.sleep(seconds)
    return await watch.stop()


async def one_search(pilot: Any, query: str) -> dict[str, float | int]:
    """Search ``query`` from the board; the figures of that search."""
    from tui.screens.board import BoardScreen
    from tui.screens.corpus_search import CorpusSearchScreen

    app = pilot.app
    if isinstance(app.screen, BoardScreen):
        await pilot.press("slash")
    while not isinstance(app.screen, CorpusSearchScreen):
        await asyncio.sleep(0.005)
    screen = app.screen
    await pilot.pause()
    if screen.search.results is not None:
        await pilot.press("slash")  # from the last results to the search box
    await pilot.press("ctrl+u", *query)
    await pilot.pause()
    search = screen.search
    watch = Watch(app)
    started = time.perf_counter()
    # posted, not pressed: Pilot's press waits until the app is idle, i.e. the search done
    app.post_message(key_event("enter"))
    watch.start()
    first = whole = None
    deadline = started + 60
    while time.perf_counter() < deadline:
        results = search.results
        now = time.perf_counter()
        if results is not None and results.query == query:
            if first is None and results.hits:
                first = now - started
            if results.done:
                whole = now - started
                break
        await asyncio.sleep(0.002)
    stall = await watch.stop()
    results = search.results
    assert results is not None
    return {
        "first_results_s": round(first if first is not None else float("nan"), 4),
        "whole_corpus_s": round(whole if whole is not None else float("nan"), 4),
        "max_event_loop_stall_ms": round(stall * 1000, 1),
        "matches": results.matches,
        "listed": len(results.hits),
        "documents": len(results.order),
    }


async def measure(folder: Path) -> tuple[dict[str, list[dict[str, float | int]]], float]:
    """Open the project's board, wait until it is read, run each query ``RUNS`` times."""
    from tui.app import PolicyAnnotateApp
    from tui.project_launch import prepare_board
    from tui.screens.board import BoardScreen

    app = PolicyAnnotateApp(board=prepare_board(folder, None))
    runs: dict[str, list[dict[str, float | int]]] = {query: [] for query in QUERIES}
    async with app.run_test(size=(120, 40)) as pilot:
        while not isinstance(app.screen, BoardScreen) or not app.screen.loaded:
            await asyncio.sleep(0.05)
        await pilot.pause(0.2)
        idle = await idle_stall(pilot)
        for _ in range(RUNS):
            for query in QUERIES:
                runs[query].append(await one_search(pilot, query))
    return runs, idle


def main_benchmark() -> int:
    """Build (or reuse) the project, measure, print and write the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--strict", action="store_true", help="exit 1 if a budget fails")
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--project", type=Path, help="a generated project to reuse")
    options = parser.parse_args()
    load_before = _load_average()
    with tempfile.TemporaryDirectory() as temporary:
        folder = options.project
        built: dict[str, Any] = {}
        if folder is None:
            folder = Path(temporary) / "project"
            built = build_project(folder, options.documents)
        runs, idle = asyncio.run(measure(folder))
    verdicts: dict[str, bool] = {}
    figures: dict[str, Any] = {}
    print(row("figure", "value", "budget", None))
    print(
        row("longest stall on the idle board (the load alone)", f"{idle * 1000:.0f} ms", "", None)
    )
    for query, measured in runs.items():
        firsts = [float(r["first_results_s"]) for r in measured]
        wholes = [float(r["whole_corpus_s"]) for r in measured]
        stalls = [float(r["max_event_loop_stall_ms"]) for r in measured]
        figures[query] = {
            "runs": measured,
            "first_results_median_s": statistics.median(firsts),
            "whole_corpus_median_s": statistics.median(wholes),
            "max_stall_worst_ms": max(stalls),
        }
        checks = (
            ("first results (median)", statistics.median(firsts), FIRST_BUDGET, "s"),
            ("whole corpus (median)", statistics.median(wholes), WHOLE_BUDGET, "s"),
            ("longest event-loop stall (worst)", max(stalls) / 1000, STALL_BUDGET, "ms"),
        )
        for name, value, budget, unit in checks:
            passed = value <= budget
            verdicts[f"{query}: {name}"] = passed
            shown = f"{value * 1000:.0f} ms" if unit == "ms" else f"{value:.3f} s"
            limit = f"{budget * 1000:.0f} ms" if unit == "ms" else f"{budget} s"
            print(row(f"{query!r}: {name}", shown, limit, passed))
        print(f"    {measured[0]['matches']} matches, {measured[0]['listed']} listed")
    result = {
        "benchmark": "corpus_search",
        "project": built or str(options.project),
        "figures": figures,
        "idle_stall_ms": round(idle * 1000, 1),
        "machine": machine_info(),
        "load_average_before": load_before,
        "load_average_after": _load_average(),
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    return write_results(result, verdicts, RESULTS, strict=options.strict)


if __name__ == "__main__":
    raise SystemExit(main_benchmark())
