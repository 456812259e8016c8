"""Board benchmarks on the generated project of benchmarks/bench_project.py (2,000 documents,
100,000 annotations), in a real 120x40 pseudo-terminal (benchmarks/tui_pty.py):

    .venv/bin/python benchmarks/bench_board.py [--quick] [--strict] [--project DIR]

1. **first paint** of the board (``policy-annotate DIR``: the table's headings on screen under
   the folder's name, "reading the project file…"; the project's name follows once the file
   is read, after that frame) against the minimal Textual app (benchmarks/minimal_app.py),
   interleaved runs in the same session: the median ratio (budget <= 1.5x); and, in the same
   runs, when the project's name is shown, when the first rows appear, when the count
   "reading… N of 2,000 documents" is first shown, and when every row is read
   ("2,000 documents ·");
2. **moving in the board** (Down, after every row is read): key to screen, median and p95
   (budget <= 0.3 s);
3. **opening a document** of ~50 KB (the largest of the project not over 50,000 bytes, as one
   of its analysts): ``Enter`` on its row, and ``Ctrl+PgDn`` from the document before it in the
   annotator, to the frame with the document's title in the status bar (budget <= 0.3 s), and
   to its annotation count in the status bar (loaded after that frame);
4. **peak memory** of the board process after all that (VmHWM, budget <= 300 MiB).

The project is built in a temporary folder (~20 s) unless ``--project`` names one built by
``bench_project.build_project``. Prints each figure with its budget and PASS/FAIL and writes
benchmarks/results/board.json. Exit code 0 unless --strict and a budget fails.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

FOLDER = Path(__file__).resolve().parent
if str(FOLDER) not in sys.path:
    sys.path.insert(0, str(FOLDER))

from tui_common import (  # noqa: E402
    COMMAND,
    ESCAPES,
    MINIMAL_APP,
    PYTHON,
    bench_environment,
    machine_info,
    median,
    row,
    summary_ms,
)
from tui_pty import PtyApp, contains_text, status_bar_drawn  # noqa: E402

RESULTS = FOLDER / "results" / "board.json"
DOCUMENTS = 2000
BUDGET_RATIO = 1.5
BUDGET_STEP_S = 0.3
BUDGET_MIB = 300.0
TARGET_BYTES = 50_000
DOWN = b"\x1b[B"
ENTER = b"\r"
CTRL_PGDN = b"\x1b[6;5~"
CTRL_PGUP = b"\x1b[5;5~"


def all_read() -> Callable[[bytes], bool]:
    """Whether the status line says every document is read: "2000 documents · sorted…", not
    "reading… N of 2000 documents · sorted…"."""
    wanted = re.compile(rf"(?<!of ){DOCUMENTS} documents ·".encode())

    def found(output: bytes) -> bool:
        return wanted.search(ESCAPES.sub(b"", output)) is not None

    return found


def timed(
    app: PtyApp, data: bytes, markers: list[Callable[[bytes], bool]], timeout: float
) -> list[float | None]:
    """Send ``data``; seconds until each marker in turn holds for the output that followed."""
    offset = len(app.output)
    sent = time.perf_counter()
    os.write(app.master, data)
    times: list[float | None] = []
    for found in markers:
        seen = app.wait_for(lambda output, f=found: f(output[offset:]), timeout)
        times.append(None if seen is None else app.last_chunk_at - sent)
    return times


def shown_after(offset: int, marker: str) -> Callable[[bytes], bool]:
    """Whether ``marker`` is drawn in the output after its first ``offset`` bytes."""
    found = contains_text(marker)
    return lambda output: found(output[offset:])


def target_document(project: Path) -> tuple[str, str, int]:
    """The largest document of at most ``TARGET_BYTES`` bytes with a document before it, one
    of its analysts, and its size."""
    documents = project / "documents"
    sizes = {p.stem: p.stat().st_size for p in documents.glob("*.txt")}
    order = sorted(sizes)
    size, chosen = max((s, d) for d, s in sizes.items() if s <= TARGET_BYTES and d != order[0])
    analyst = next(p.name.split(".")[1] for p in sorted(documents.glob(f"{chosen}.*.toml")))
    return chosen, analyst, size


def paint_runs(
    project: Path, env: dict[str, str], reps: int
) -> tuple[list[float], list[dict[str, float | None]]]:
    """Interleaved first paints: the minimal app's, and the board's with its filling-in."""
    baseline: list[float] = []
    board: list[dict[str, float | None]] = []
    name = contains_text("Generated consultation")
    headings = contains_text("Annotated")
    reading_file = contains_text("reading the project file")
    for index in range(reps):
        for which in ("baseline", "board") if index % 2 == 0 else ("board", "baseline"):
            if which == "baseline":
                app = PtyApp([PYTHON, MINIMAL_APP], project, env)
                try:
                    paint = app.wait_for(contains_text("minimal app ready"), 60)
                    if paint is not None:
                        baseline.append(paint)
                finally:
                    app.kill()
                continue
            app = PtyApp([COMMAND, str(project)], project, env)
            try:
                # the board's first frame: its headings under the folder's name, the project
                # file being read (under the project's name: before the file was read after it)
                paint = app.wait_for(lambda o: headings(o) and (reading_file(o) or name(o)), 60)
                named = app.wait_for(lambda o: name(o) and headings(o), 60)
                counting = app.wait_for(contains_text("reading…"), 60)
                first_row = app.wait_for(contains_text("r00000"), 60)
                loaded = app.wait_for(all_read(), 120)
                board.append(
                    {
                        "first_paint_s": paint,
                        "project_name_shown_s": named,
                        "count_shown_s": counting,
                        "first_row_s": first_row,
                        "all_rows_s": loaded,
                        "peak_rss_mib": app.peak_rss_mib(),
                    }
                )
            finally:
                app.kill()
    return baseline, board


def steps(project: Path, env: dict[str, str], presses: int, opens: int) -> dict[str, Any]:
    """Down in the board, Enter on the ~50 KB document, Ctrl+PgDn onto it; peak memory."""
    from annotations.documents.document import load_document
    from annotations.text_plural import count_of

    chosen, analyst, size = target_document(project)
    number = int(chosen[1:])
    previous = f"r{number - 1:05d}"
    documents = project / "documents"
    title = load_document(documents / f"{chosen}.txt").title  # the status bar's: its first line
    previous_title = load_document(documents / f"{previous}.txt").title
    app = PtyApp([COMMAND, str(project), "--author", analyst], project, env)
    results: dict[str, Any] = {"document": chosen, "bytes": size, "analyst": analyst}
    try:
        if app.wait_for(all_read(), 120) is None:
            raise SystemExit(f"the board never read every row; screen ends with {app.tail()!r}")
        app.settle(0.5, 10)
        downs = []
        for _ in range(presses):
            latency = app.key_latency(DOWN)
            if latency is not None:
                downs.append(latency[1])
        results["down"] = summary_ms(downs)
        own = (project / "documents" / f"{chosen}.{analyst}.toml").read_text(encoding="utf-8")
        count = count_of(own.count("[[annotations]]"), "annotation")
        timings: dict[str, list[float]] = {
            "enter": [],
            "enter_annotations_shown": [],
            "ctrl_pgdn": [],
            "ctrl_pgdn_annotations_shown": [],
        }
        markers = [status_bar_drawn(title), contains_text(count)]
        for _ in range(opens):
            # the board's cursor onto the document: filtered to it, then the filter emptied
            for data in (b"f", chosen.encode(), b"\r", b"f", b"\x15", b"\r"):
                sent_at = len(app.output)
                os.write(app.master, data)
                time.sleep(0.3)
                app.settle(0.3, 30)
            # the box closed (the footer's Search is back): an Enter before that is the box's
            if app.wait_for(shown_after(sent_at, "Search"), 30) is None:
                print(f"  ! the filter box did not close: {app.tail(300)!r}")
            for key, data in (("enter", ENTER), ("ctrl_pgdn", CTRL_PGDN)):
                if key == "ctrl_pgdn":  # from the document before it
                    if timed(app, CTRL_PGUP, [status_bar_drawn(previous_title)], 30) == [None]:
                        print(f"  ! Ctrl+PgUp did not open {previous}: {app.tail(300)!r}")
                        break
                    app.settle(0.5, 10)
                shown, loaded = timed(app, data, markers, 30)
                if shown is not None:
                    timings[key].append(shown)
                if loaded is not None:
                    timings[f"{key}_annotations_shown"].append(loaded)
                app.settle(0.5, 10)
            os.write(app.master, b"\x1b")  # back to the board
            time.sleep(1.0)  # an Esc followed at once by "f" would be read as Alt+F
            app.settle(0.5, 10)
        for key, values in timings.items():
            results[key] = summary_ms(values)
        results["peak_rss_mib"] = app.peak_rss_mib()
    finally:
        app.kill()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (not for records)")
    parser.add_argument("--strict", action="store_true", help="exit 1 if a budget fails")
    parser.add_argument("--project", type=Path, help="a project built by bench_project")
    options = parser.parse_args()
    reps, presses, opens = (3, 20, 2) if options.quick else (5, 40, 3)
    machine = machine_info()
    load_start = os.getloadavg()
    print(
        f"board benchmarks: {machine['nproc']} CPUs, Python {machine['python']}, Textual "
        f"{machine['textual']}, {machine['date']}, load average {load_start[0]:.2f}"
    )
    folder = Path(tempfile.mkdtemp(prefix="bench-board-"))
    env = bench_environment(folder)
    try:
        project = options.project
        if project is None:
            from bench_project import build_project

            project = folder / "project"
            print("building the project (2,000 documents) ...", flush=True)
            build_project(project, DOCUMENTS)
        warm = PtyApp([COMMAND, str(project)], project, env)  # byte code, page cache: untimed
        warm.wait_for(all_read(), 120)
        warm.kill()
        print(
            f"1. first paint, board vs minimal app ({reps} interleaved runs each) ...", flush=True
        )
        baseline, board = paint_runs(project, env, reps)
        print("2.-4. moving, opening, memory ...", flush=True)
        stepping = steps(project, env, presses, opens)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    base = median(baseline)
    paint = median([r["first_paint_s"] for r in board if r["first_paint_s"]])
    ratio = paint / base

    def med(key: str) -> float:
        return median([r[key] for r in board if r[key] is not None])

    peak = max([stepping["peak_rss_mib"] or 0.0] + [r["peak_rss_mib"] or 0.0 for r in board])
    checks = [
        (
            "board first paint (median)",
            f"{paint:.3f} s",
            f"{BUDGET_RATIO}x",
            f"{base:.3f} s",
            f"{ratio:.2f}x",
            ratio <= BUDGET_RATIO,
        ),
        ("project's name shown", f"{med('project_name_shown_s'):.3f} s", "", "", "", None),
        ("count 'reading… N of 2,000' shown", f"{med('count_shown_s'):.3f} s", "", "", "", None),
        ("first row shown", f"{med('first_row_s'):.3f} s", "", "", "", None),
        ("every row read", f"{med('all_rows_s'):.3f} s", "", "", "", None),
    ]
    for key, label in (
        ("down", "Down in the board (p95)"),
        ("enter", f"Enter: {stepping['document']} ({stepping['bytes']:,} B) shown (p95)"),
        ("enter_annotations_shown", "Enter: its annotations shown (p95)"),
        ("ctrl_pgdn", "Ctrl+PgDn onto it: shown (p95)"),
        ("ctrl_pgdn_annotations_shown", "Ctrl+PgDn onto it: annotations shown (p95)"),
    ):
        p95 = (stepping[key]["p95_ms"] or float("nan")) / 1000
        budget = not key.endswith("annotations_shown")
        checks.append(
            (
                label,
                f"{p95:.3f} s",
                f"{BUDGET_STEP_S} s" if budget else "",
                "",
                "",
                p95 <= BUDGET_STEP_S if budget else None,
            )
        )
    checks.append(
        (
            "peak memory (VmHWM)",
            f"{peak:.0f} MiB",
            f"{BUDGET_MIB:.0f} MiB",
            "",
            "",
            peak <= BUDGET_MIB,
        )
    )
    print(row("figure", "value", "budget", "baseline", "ratio", None))
    for check in checks:
        print(row(*check))
    load_end = os.getloadavg()
    print(f"load average at the end: {load_end[0]:.2f}")
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "machine": machine,
                "load_average_at_start": load_start,
                "load_average_at_end": load_end,
                "settings": {"repetitions": reps, "presses": presses, "opens": opens},
                "baseline_first_paint_s": baseline,
                "board_runs": board,
                "steps": stepping,
                "checks": [
                    {"figure": c[0], "value": c[1], "budget": c[2], "pass": c[5]} for c in checks
                ],
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    failed = [c[0] for c in checks if c[5] is False]
    return 1 if options.strict and failed else 0


if __name__ == "__main__":
    sys.exit(main())
