"""Suggested passages in the app: keys while the index is built, and a project's first suggestion.

Run from the project folder (a few minutes, most of it generating the project):

    .venv/bin/python benchmarks/bench_suggest_app.py [--strict] [--documents N] [--presses N]

1. **Stalls while the index is built.** The 10 MB document of bench_core.py opened in the app
   (Pilot, in-process) with an annotation file holding one recommendation. First ``j`` is pressed
   ``--presses`` times with nothing else running (the baseline: what the machine's load alone
   costs), then the suggestion queue is started for the recommendation and ``j`` pressed again
   and again until the index, built in a thread worker, reaches the UI thread. Throughout, a
   task on the event loop sleeps 5 ms at a time and records how late it wakes: the **event
   loop's longest stall** while the worker builds (budget <= 50 ms) is the longest time no key
   could have been handled. Then the first ranking and showing it, on the UI thread (its own
   figure, not a stall of the build). The keys' own latency (key -> frame) is reported too.
2. **Longest single call of the build.** ``SentenceIndex`` built with a profile hook timing
   every call into C (``str.lower``, ``Pattern.findall``, numpy's methods...): a call that holds
   the GIL stalls the UI thread for its whole length, so the longest of those that hold it
   bounds the stall the build can cause, independently of how the OS schedules threads. numpy's
   sorting releases the GIL (reported, but not a stall).
3. **A project's first suggestion.** bench_project.py's generated project (2,000 documents)
   opened on its board; a document opened; the queue started for R1: seconds from the start to
   the first suggestion on screen (budget <= 1 s), and from running out of suggestions in that
   document to the next document's first suggestion (saving, opening, indexing it).
4. **Memory with the index built.** In a fresh interpreter: the 10 MB document with bench_core's
   10,000 annotations opened in the app (Pilot), then the queue started for a principle and the
   index built: the peak resident memory (``VmHWM``) before and after (budget <= 150 MiB,
   the app's). ``--memory-only`` runs this section alone (a minute).

Writes benchmarks/results/suggest_app.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
for folder in (ROOT, ROOT / "benchmarks"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from bench_core import build_document, machine_info  # noqa: E402
from tui_pilot import FrameClock, open_main_screen, timed_press  # noqa: E402

from annotations.documents.document import load_document  # noqa: E402
from annotations.format.model import AnnotationFile, DocumentRef, Recommendation  # noqa: E402
from annotations.format.tomlfile import dump_annotation_text  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "suggest_app.json"
STALL_BUDGET_MS = 50.0
FIRST_SUGGESTION_BUDGET_S = 1.0
MEMORY_BUDGET_MIB = 150.0
TICK_S = 0.005
TITLE = "The Secretary shall establish a program for financial management of contracts"


class LoopWatch:
    """A task on the event loop that sleeps ``TICK_S`` and records how late it wakes."""

    def __init__(self) -> None:
        self.lateness: list[tuple[float, float]] = []  # (when, seconds late)
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run())

    async def _run(self) -> None:
        while True:
            before = time.perf_counter()
            await asyncio.sleep(TICK_S)
            now = time.perf_counter()
            self.lateness.append((now, now - before - TICK_S))

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()

    def longest(self, start: float, end: float) -> float:
        """The longest stall that began inside the window."""
        return max(
            (late for when, late in self.lateness if start <= when - late - TICK_S <= end),
            default=0.0,
        )

    def over(self, start: float, end: float, limit: float) -> list[tuple[float, float]]:
        """The stalls over ``limit`` in the window: (ms after its start when it began, ms)."""
        return [
            (round((when - late - start) * 1000), round(late * 1000, 1))
            for when, late in self.lateness
            if start <= when - late - TICK_S <= end and late > limit
        ]


def _annotation_file(document_path: Path) -> Path:
    document = load_document(document_path)
    model = AnnotationFile(
        document=DocumentRef(
            path=document_path.name, sha256=document.sha256, length=document.length
        )
    )
    model.taxonomy.recommendations.append(Recommendation(id="R1", title=TITLE))
    path = document_path.with_suffix(".annotations.toml")
    path.write_text(dump_annotation_text(model), encoding="utf-8")
    return path


async def _stalls(document: Path, annotations: Path, presses: int) -> dict[str, Any]:
    from tui.app import PolicyAnnotateApp
    from tui.launch import prepare_session

    app = PolicyAnnotateApp(prepare_session(document, annotations, "bench"))
    watch = LoopWatch()
    figures: dict[str, Any] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_main_screen(app, pilot)
        clock = FrameClock(app)
        flow = screen.suggesting
        handed: list[float] = []  # when each index reached the UI thread, and after showing
        built = flow._index_built

        def index_built(*arguments: Any) -> None:
            handed.append(time.perf_counter())
            built(*arguments)  # ranks the first suggestion and shows it, on the UI thread
            handed.append(time.perf_counter())

        flow._index_built = index_built  # type: ignore[method-assign]
        import numpy  # noqa: F401  (the worker's first import: outside the windows measured)

        watch.start()
        try:
            # the bar mounted and shown once (a re-layout of the screen), before any window
            mounted = time.perf_counter()
            flow._bar().display = True
            await pilot.pause(0.5)
            figures["bar_first_shown_stall_ms"] = round(
                watch.longest(mounted, time.perf_counter()) * 1000, 1
            )
            flow._bar().display = False
            await pilot.pause(0.5)
            start = time.perf_counter()
            await pilot.pause(2.0)
            figures["idle_longest_stall_ms"] = round(
                watch.longest(start, time.perf_counter()) * 1000, 1
            )
            start = time.perf_counter()
            baseline = [await timed_press(pilot, clock, "j") for _ in range(presses)]
            figures["keys_longest_stall_ms"] = round(
                watch.longest(start, time.perf_counter()) * 1000, 1
            )
            figures["keys_slowest_key_to_frame_ms"] = _slowest(baseline)
            for label, pressing in (("building_no_keys", False), ("building_with_keys", True)):
                flow.end()
                flow.index = None
                handed.clear()
                await pilot.pause(0.3)
                began = time.perf_counter()
                flow.begin("R1")
                during = []
                while not handed:
                    if pressing:
                        during.append(await timed_press(pilot, clock, "j"))
                    else:
                        await pilot.pause(0.01)
                while len(handed) < 2:
                    await pilot.pause(0.01)
                arrived, shown = handed
                figures[f"{label}_build_s"] = round(arrived - began, 2)
                figures[f"{label}_longest_stall_ms"] = round(
                    watch.longest(began, arrived) * 1000, 1
                )
                figures[f"{label}_stalls_over_30ms"] = watch.over(began, arrived, 0.03)
                figures[f"{label}_full_collections_ms"] = [
                    (round((when - began) * 1000), round(seconds * 1000, 1))
                    for when, seconds in clock.gc_full
                    if began <= when <= arrived
                ]
                if pressing:
                    figures[f"{label}_presses"] = len(during)
                    figures[f"{label}_slowest_key_to_frame_ms"] = _slowest(during)
                figures[f"{label}_first_suggestion_on_ui_thread_ms"] = round(
                    (shown - arrived) * 1000, 1
                )
                await pilot.pause(0.3)
        finally:
            watch.stop()
            clock.close()
    return figures


def _slowest(presses: list[Any]) -> float | None:
    framed = [p.to_frame_s for p in presses if p.to_frame_s is not None]
    return round(max(framed) * 1000, 1) if framed else None


def longest_calls(document_path: Path) -> list[dict[str, Any]]:
    """Section 2: the longest calls into C while the index is built (profiled)."""
    import numpy  # noqa: F401  (imports run Python code: not single calls holding the GIL)

    from annotations.suggesting.index import SentenceIndex
    from annotations.suggesting.tokens import Stems

    Stems().word("imported")  # the stemmer's module too
    document = load_document(document_path)
    document.sentence_starts  # noqa: B018 (the app has segmented the document already)
    document.sections  # noqa: B018
    calls: list[tuple[float, str, str]] = []
    started: list[float] = []

    def profile(frame: Any, event: str, argument: Any) -> None:
        if event == "c_call":
            started.append(time.perf_counter())
        elif event in ("c_return", "c_exception") and started:
            seconds = time.perf_counter() - started.pop()
            if seconds > 0.002:
                name = getattr(argument, "__qualname__", str(argument))
                calls.append((seconds, name, f"{frame.f_code.co_name}:{frame.f_lineno}"))

    sys.setprofile(profile)
    try:
        SentenceIndex(document)
    finally:
        sys.setprofile(None)
    calls.sort(reverse=True)
    return [{"ms": round(s * 1000, 1), "call": name, "in": where} for s, name, where in calls[:8]]


async def _project(folder: Path) -> dict[str, Any]:
    from annotations.projects.layout import file_to_open
    from tui.app import PolicyAnnotateApp
    from tui.project_launch import prepare_board
    from tui.screens.board import BoardScreen
    from tui.screens.main import MainScreen

    start_board = prepare_board(folder, "ana")
    project = start_board.project
    documents = project.model.documents
    # the first document ana has coded (her file, with the codebook's recommendations)
    row = next(
        i
        for i, d in enumerate(documents)
        if (mine := file_to_open(project, d, "ana")).name.endswith(".ana.toml") and mine.is_file()
    )
    app = PolicyAnnotateApp(board=start_board)

    def showing() -> MainScreen | None:
        screen = app.screen
        if isinstance(screen, MainScreen) and screen.suggesting.queue is not None:
            return screen if screen.suggesting.queue.current is not None else None
        return None

    async def until(check: Any, limit: float = 120.0) -> None:
        deadline = time.perf_counter() + limit
        while not check() and time.perf_counter() < deadline:
            await pilot.pause(0.005)
        if not check():
            raise SystemExit("the app did not get there")

    async with app.run_test(size=(120, 40)) as pilot:
        await until(lambda: isinstance(app.screen, BoardScreen) and app.screen.loaded)
        await pilot.press(*["down"] * row, "enter")
        await until(lambda: isinstance(app.screen, MainScreen) and app.screen.is_loaded)
        first = app.screen
        assert isinstance(first, MainScreen)
        start = time.perf_counter()
        first.suggesting.begin("R1")
        await until(lambda: showing() is first)
        to_first = time.perf_counter() - start
        skipped = 0
        while showing() is first:  # skip to the end of this document: on to the next one
            first.suggesting.skip()
            skipped += 1
        moved = time.perf_counter()
        await until(lambda: showing() not in (None, first))
        to_next = time.perf_counter() - moved
        run = app.screen.suggesting.run  # type: ignore[attr-defined]
    return {
        "documents": len(documents),
        "first_suggestion_s": round(to_first, 3),
        "skipped_in_first_document": skipped,
        "next_documents_first_suggestion_s": round(to_next, 3),
        "documents_looked_at": run.documents if run else None,
    }


def _peak_mib() -> float:
    """This process's peak resident memory (VmHWM). Not ``ru_maxrss``: on Linux that keeps the
    peak of the process before its exec, i.e. of the parent benchmark that forked it."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


async def _memory_child(document: Path, annotations: Path) -> dict[str, Any]:
    """In this (fresh) interpreter: peak memory with the annotations shown, then with the
    suggestion index built."""
    from tui.app import PolicyAnnotateApp
    from tui.launch import prepare_session

    app = PolicyAnnotateApp(prepare_session(document, annotations, "bench"))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_main_screen(app, pilot)
        for _ in range(10):
            await pilot.press("j")
        loaded = _peak_mib()
        model = screen.editing.model
        started = time.perf_counter()
        screen.suggesting.begin(model.taxonomy.principles[0].id)
        while screen.suggesting.index is None or screen.suggesting.queue is None:
            await pilot.pause(0.05)
        built = time.perf_counter() - started
        await app.workers.wait_for_complete()
    return {
        "annotations": len(model.annotations),
        "peak_rss_loaded_mib": round(loaded, 1),
        "peak_rss_with_index_mib": round(_peak_mib(), 1),
        "index_built_and_shown_s": round(built, 2),
    }


def _memory(folder: Path, document: Path) -> dict[str, Any]:
    """Section 4, in a fresh interpreter (the other sections' memory would count)."""
    import subprocess

    from tui_common import build_annotation_file

    annotations = folder / "large.10k.annotations.toml"
    if not annotations.exists():
        build_annotation_file(document, annotations)
    completed = subprocess.run(
        [sys.executable, __file__, "--memory-child", str(document), str(annotations)],
        capture_output=True,
        text=True,
        check=True,
    )
    figures: dict[str, Any] = json.loads(completed.stdout.strip().splitlines()[-1])
    return figures


def main() -> int:
    """Run the four sections, print them with their budgets, write the JSON."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--strict", action="store_true")
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--presses", type=int, default=40)
    parser.add_argument("--memory-only", action="store_true", help="section 4 alone")
    parser.add_argument("--memory-child", nargs=2, type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.memory_child:
        print(json.dumps(asyncio.run(_memory_child(*options.memory_child))))
        return 0
    from bench_project import build_project

    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        document, origin = build_document(folder)
        if options.memory_only:
            memory = _memory(folder, document)
            print(f"4. memory, {origin} with 10,000 annotations: {memory}")
            ok = memory["peak_rss_with_index_mib"] <= MEMORY_BUDGET_MIB
            print(f"   verdict: {'PASS' if ok else 'FAIL'} (budget {MEMORY_BUDGET_MIB} MiB)")
            return 1 if options.strict and not ok else 0
        annotations = _annotation_file(document)
        print(f"1. stalls while the index of {origin} is built (load {os.getloadavg()[0]:.1f})")
        stalls = asyncio.run(_stalls(document, annotations, options.presses))
        for key, value in stalls.items():
            print(f"   {key}: {value}")
        calls = longest_calls(document)
        print("2. longest calls into C during the build (profiled)")
        for call in calls:
            print(f"   {call['ms']:7.1f} ms  {call['call']}  ({call['in']})")
        project = folder / "project"
        build_project(project, options.documents)
        print(f"3. a project of {options.documents} documents (load {os.getloadavg()[0]:.1f})")
        first = asyncio.run(_project(project))
        for key, value in first.items():
            print(f"   {key}: {value}")
        memory = _memory(folder, document)
        print(f"4. memory, {origin} with 10,000 annotations (load {os.getloadavg()[0]:.1f})")
        for key, value in memory.items():
            print(f"   {key}: {value}")
    verdicts = {
        "stall": max(
            stalls["building_no_keys_longest_stall_ms"],
            stalls["building_with_keys_longest_stall_ms"],
        )
        <= STALL_BUDGET_MS,
        "first_suggestion": first["first_suggestion_s"] <= FIRST_SUGGESTION_BUDGET_S,
        "memory": memory["peak_rss_with_index_mib"] <= MEMORY_BUDGET_MIB,
    }
    print(f"   verdicts: {verdicts}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "machine": machine_info(("numpy",)),
                "load_average": os.getloadavg()[0],
                "stalls": stalls,
                "longest_calls": calls,
                "project": first,
                "memory": memory,
                "verdicts": verdicts,
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    return 1 if options.strict and not all(verdicts.values()) else 0


if __name__ == "__main__":
    raise SystemExit(main())
