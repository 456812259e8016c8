"""TUI performance benchmarks of policy-annotate, each against a baseline measured in the same run.

Run from the project folder with the project's interpreter (about 3-4 minutes):

    .venv/bin/python benchmarks/bench_tui.py [--quick] [--strict]

Everything runs in a temporary folder (documents, annotation files, $XDG_STATE_HOME and
$XDG_CONFIG_HOME), so nothing is written into the repository or your home folder. The apps run
as real processes in a pseudo-terminal of 120x40 (TERM=xterm-256color), started with the same
Python as benchmarks/minimal_app.py, the baseline; key latency is also measured in-process with
Textual's Pilot. Figures:

1. first paint of samples/review.md with review.analyst-a.toml   vs minimal_app.py   <= 1.5x
2. first paint of a 10 MB document with a new annotation file      vs minimal_app.py   <= 1.5x
   (for scale: a read-only TextArea holding the same text: first paint and peak RSS)
3. on the 10 MB document with 10,000 annotations: the latency of j, shift+down and 1
   (median <= 16 ms, p95 <= 33 ms over >= 100 presses each) in-process (key -> frame composed)
   and in the pty (key bytes -> screen output settled); peak RSS of that process <= 150 MiB
4. a save of the 10,000 annotations (ctrl+s) never delays a key press by more than 50 ms

It prints a table (figure, budget, baseline, ratio, PASS/FAIL) and writes every run, the machine
and the date to benchmarks/results/tui.json. Exit code 0 unless --strict and a budget fails.
Needs only the project's own dependencies. See benchmarks/README.md ("TUI") for the details.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import math
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import tomli

FOLDER = Path(__file__).resolve().parent
if str(FOLDER) not in sys.path:
    sys.path.insert(0, str(FOLDER))

from tui_common import (  # noqa: E402
    BUDGET_KEY_MEDIAN_MS,
    BUDGET_KEY_P95_MS,
    BUDGET_LARGE_RATIO,
    BUDGET_RSS_MIB,
    BUDGET_SAMPLE_RATIO,
    BUDGET_SAVE_BLOCK_MS,
    COLUMNS,
    COMMAND,
    MINIMAL_APP,
    PYTHON,
    QUIET_S,
    RESULTS,
    ROOT,
    ROWS,
    SAMPLES,
    bench_environment,
    build_annotation_file,
    build_large_document,
    machine_info,
    median,
    row,
)
from tui_pilot import key_plans, pilot_baseline, pilot_policy_annotate  # noqa: E402
from tui_pty import (  # noqa: E402
    PaintRun,
    body_words,
    breakdown,
    contains_text,
    first_paint,
    pty_key_latency,
    screen_drawn,
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (not for records)")
    parser.add_argument("--strict", action="store_true", help="exit 1 if a budget fails")
    parser.add_argument("--no-write", action="store_true", help="do not write results/tui.json")
    options = parser.parse_args()
    reps_sample = 3 if options.quick else 15
    reps_large = 2 if options.quick else 7
    reps_textarea = 1 if options.quick else 3
    presses = 30 if options.quick else 100
    saves = 2 if options.quick else 4

    began = time.perf_counter()
    machine = machine_info()
    print(
        f"policy-annotate TUI benchmarks: {machine['cpu_model']}, {machine['nproc']} CPUs, "
        f"Python {machine['python']}, Textual {machine['textual']}, {machine['date']}"
    )
    if machine["load_average_at_start"][0] > machine["nproc"] / 2:
        print(
            f"warning: load average {machine['load_average_at_start'][0]:.1f} on {machine['nproc']} CPUs: "
            "other work is running; absolute latencies will be inflated (the first-paint ratios "
            "are interleaved with their baseline and suffer less)"
        )
    folder = Path(tempfile.mkdtemp(prefix="bench-tui-"))
    env = bench_environment(folder)
    for variable in ("XDG_STATE_HOME", "XDG_CONFIG_HOME", "POLICY_ANNOTATE_AUTHOR"):
        os.environ[variable] = env[variable]  # for the in-process runs
    results: dict[str, Any] = {
        "machine": machine,
        "settings": {
            "terminal": f"{COLUMNS}x{ROWS} pty, TERM=xterm-256color",
            "repetitions": {"sample": reps_sample, "large": reps_large, "textarea": reps_textarea},
            "presses_per_key": presses,
            "saves": saves,
            "pty_quiet_ms": QUIET_S * 1000,
            "quick": options.quick,
        },
    }
    try:
        # inputs
        for name in ("review.md", "review.analyst-a.toml"):
            shutil.copyfile(SAMPLES / name, folder / name)
        large, origin = build_large_document(folder)
        annotated = folder / "large.10k.annotations.toml"
        print("building the 10,000-annotation file ...", flush=True)
        inputs = build_annotation_file(large, annotated)
        pristine = folder / "large.10k.pristine.toml"
        shutil.copyfile(annotated, pristine)

        def fresh_annotations() -> None:
            """The 10,000 annotations as built, and no remembered reading position."""
            shutil.copyfile(pristine, annotated)
            annotated.with_name(annotated.name + ".bak").unlink(missing_ok=True)
            shutil.rmtree(folder / "state", ignore_errors=True)

        from annotations.documents.document import load_document

        sample_document = load_document(folder / "review.md")
        sample_title = sample_document.title
        sample_drawn = screen_drawn(sample_title, body_words(sample_document))
        sample_count = len(
            tomli.loads((folder / "review.analyst-a.toml").read_text())["annotations"]
        )
        large_document = load_document(large)
        large_title = large_document.title
        large_drawn = screen_drawn(large_title, body_words(large_document))
        del large_document
        inputs.update(large_document=origin, large_document_bytes=large.stat().st_size)
        results["inputs"] = inputs
        baseline_command = [PYTHON, MINIMAL_APP]
        baseline_marker = contains_text("minimal app ready")
        sample_command = [COMMAND, "review.md", "-a", "review.analyst-a.toml"]
        large_command = [COMMAND, "large.md"]  # annotations: large.annotations.toml, not there
        new_file = folder / "large.annotations.toml"

        # warm the caches (page cache, byte code) once, untimed
        for command, marker in (
            (baseline_command, baseline_marker),
            (sample_command, sample_drawn),
            ([PYTHON, MINIMAL_APP, "--textarea", "review.md"], contains_text("textarea app ready")),
            ([PYTHON, MINIMAL_APP, "--keys"], baseline_marker),
        ):
            first_paint("warm-up", command, folder, env, marker, timeout=120)

        # 1. the sample
        print(
            f"1. first paint, sample vs baseline ({reps_sample} interleaved runs each) ...",
            flush=True,
        )
        runs: dict[str, list[PaintRun]] = {"baseline": [], "sample": []}
        for index in range(reps_sample):
            order = ["baseline", "sample"] if index % 2 == 0 else ["sample", "baseline"]
            for name in order:
                if name == "baseline":
                    runs[name].append(
                        first_paint(name, baseline_command, folder, env, baseline_marker)
                    )
                else:
                    runs[name].append(
                        first_paint(
                            name,
                            sample_command,
                            folder,
                            env,
                            sample_drawn,
                            contains_text(sample_title),
                            annotations_marker=contains_text(f"{sample_count} annotations"),
                        )
                    )
        base_1 = median([r.first_paint_s for r in runs["baseline"] if r.first_paint_s])
        sample_1 = median([r.first_paint_s for r in runs["sample"] if r.first_paint_s])
        content_1 = median([r.first_content_s for r in runs["sample"] if r.first_content_s])
        shown_1 = median([r.annotations_shown_s for r in runs["sample"] if r.annotations_shown_s])
        results["first_paint_sample"] = {
            "baseline_s": [r.first_paint_s for r in runs["baseline"]],
            "sample_s": [r.first_paint_s for r in runs["sample"]],
            "sample_title_first_on_screen_s": [r.first_content_s for r in runs["sample"]],
            "sample_annotations_shown_s": [r.annotations_shown_s for r in runs["sample"]],
            "median_sample_annotations_shown_s": round(shown_1, 3),
            "baseline_peak_rss_mib": [r.peak_rss_mib for r in runs["baseline"]],
            "sample_peak_rss_mib": [r.peak_rss_mib for r in runs["sample"]],
            "median_baseline_s": round(base_1, 3),
            "median_sample_s": round(sample_1, 3),
            "median_sample_title_first_on_screen_s": round(content_1, 3),
            "ratio": round(sample_1 / base_1, 2),
            "budget_ratio": BUDGET_SAMPLE_RATIO,
        }

        # 2. the 10 MB document, a new annotation file
        print(
            f"2. first paint, 10 MB document vs baseline ({reps_large} runs; TextArea {reps_textarea}) ...",
            flush=True,
        )
        runs2: dict[str, list[PaintRun]] = {"baseline": [], "large": [], "textarea": []}
        for index in range(reps_large):
            names = ["baseline", "large"] if index % 2 == 0 else ["large", "baseline"]
            if index < reps_textarea:
                names.append("textarea")
            for name in names:
                if name == "baseline":
                    runs2[name].append(
                        first_paint(name, baseline_command, folder, env, baseline_marker)
                    )
                elif name == "large":
                    new_file.unlink(missing_ok=True)
                    runs2[name].append(
                        first_paint(
                            name,
                            large_command,
                            folder,
                            env,
                            large_drawn,
                            contains_text(large_title[:24]),
                            rss_settle_s=0.5,
                        )
                    )
                    new_file.unlink(missing_ok=True)
                else:
                    runs2[name].append(
                        first_paint(
                            name,
                            [PYTHON, MINIMAL_APP, "--textarea", str(large)],
                            folder,
                            env,
                            contains_text("textarea app ready"),
                            timeout=120,
                            rss_settle_s=0.5,
                        )
                    )
        base_2 = median([r.first_paint_s for r in runs2["baseline"] if r.first_paint_s])
        large_2 = median([r.first_paint_s for r in runs2["large"] if r.first_paint_s])
        textarea_2 = median([r.first_paint_s for r in runs2["textarea"] if r.first_paint_s])
        results["first_paint_large"] = {
            "baseline_s": [r.first_paint_s for r in runs2["baseline"]],
            "large_s": [r.first_paint_s for r in runs2["large"]],
            "large_title_first_on_screen_s": [r.first_content_s for r in runs2["large"]],
            "textarea_s": [r.first_paint_s for r in runs2["textarea"]],
            "large_peak_rss_mib": [r.peak_rss_mib for r in runs2["large"]],
            "textarea_peak_rss_mib": [r.peak_rss_mib for r in runs2["textarea"]],
            "median_baseline_s": round(base_2, 3),
            "median_large_s": round(large_2, 3),
            "median_textarea_s": round(textarea_2, 3),
            "median_large_peak_rss_mib": median(
                [r.peak_rss_mib for r in runs2["large"] if r.peak_rss_mib]
            ),
            "median_textarea_peak_rss_mib": median(
                [r.peak_rss_mib for r in runs2["textarea"] if r.peak_rss_mib]
            ),
            "ratio": round(large_2 / base_2, 2),
            "budget_ratio": BUDGET_LARGE_RATIO,
        }

        # 3 + 4 in-process
        print(
            f"3. key latency in-process (Pilot), 10 MB + 10,000 annotations, {presses} presses a key ...",
            flush=True,
        )
        gc.collect()
        fresh_annotations()
        inproc = asyncio.run(pilot_policy_annotate(large, annotated, presses, saves))
        floor = asyncio.run(pilot_baseline(presses))
        results["keys_in_process"] = {"policy_annotate": inproc, "baseline_keys_app": floor}

        # 3 in the pty, with peak memory
        print(
            "3. key latency in the pty (+ peak RSS), and the same on the baseline keys app ...",
            flush=True,
        )
        plans = key_plans(presses)
        fresh_annotations()
        pty_ours = pty_key_latency(
            [COMMAND, "large.md", "-a", annotated.name],
            folder,
            env,
            contains_text(f"{inputs['annotations']} annotations"),  # loaded after first paint
            plans,
            settle_s=1.0,
            save_at_end=True,
        )
        pty_floor = pty_key_latency(
            [PYTHON, MINIMAL_APP, "--keys"],
            folder,
            env,
            baseline_marker,
            {
                k: [(k, False)] * 3 + [(k, True)] * min(presses, 50)
                for k in ("j", "shift+down", "1")
            },
            settle_s=0.3,
            save_at_end=False,
        )
        results["keys_pty"] = {"policy_annotate": pty_ours, "baseline_keys_app": pty_floor}

        # where the time goes
        print("startup breakdown (fresh interpreters) ...", flush=True)
        results["startup_breakdown_ms"] = {
            "sample": breakdown(
                ["review.md", "review.analyst-a.toml"], folder, env, 1 if options.quick else 3
            ),
            "large_new_file": breakdown(["large.md"], folder, env, 1),
            "large_10k_annotations": breakdown(["large.md", annotated.name], folder, env, 1),
        }
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    machine["load_average_at_end"] = os.getloadavg()

    # verdicts
    verdicts: list[dict[str, Any]] = []

    def verdict(
        name: str,
        value: float,
        budget: float,
        unit: str,
        baseline: float | None = None,
        ratio: float | None = None,
        compare: float | None = None,
    ) -> None:
        checked = compare if compare is not None else value
        passed = checked is not None and not math.isnan(checked) and checked <= budget
        verdicts.append(
            {
                "figure": name,
                "value": value,
                "unit": unit,
                "budget": budget,
                "baseline": baseline,
                "ratio": ratio,
                "pass": passed,
            }
        )

    s1 = results["first_paint_sample"]
    verdict(
        "1. first paint, sample (s)",
        s1["median_sample_s"],
        BUDGET_SAMPLE_RATIO,
        "x",
        s1["median_baseline_s"],
        s1["ratio"],
        s1["ratio"],
    )
    s2 = results["first_paint_large"]
    verdict(
        "2. first paint, 10 MB new file (s)",
        s2["median_large_s"],
        BUDGET_LARGE_RATIO,
        "x",
        s2["median_baseline_s"],
        s2["ratio"],
        s2["ratio"],
    )
    for key in ("j", "shift+down", "1"):
        figures = inproc[key]["key_to_frame"]
        base = floor[key]["key_to_frame"]
        verdict(
            f"3. {key}: key->frame median, Pilot (ms)",
            figures["median_ms"],
            BUDGET_KEY_MEDIAN_MS,
            "ms",
            base["median_ms"],
        )
        verdict(
            f"3. {key}: key->frame p95, Pilot (ms)",
            figures["p95_ms"],
            BUDGET_KEY_P95_MS,
            "ms",
            base["p95_ms"],
        )
    for key in ("j", "shift+down", "1"):
        figures = pty_ours[key]["to_output_settled"]
        base = pty_floor[key]["to_output_settled"]
        verdict(
            f"3. {key}: key->screen median, pty (ms)",
            figures["median_ms"],
            BUDGET_KEY_MEDIAN_MS,
            "ms",
            base["median_ms"],
        )
        verdict(
            f"3. {key}: key->screen p95, pty (ms)",
            figures["p95_ms"],
            BUDGET_KEY_P95_MS,
            "ms",
            base["p95_ms"],
        )
    peak = max(
        v
        for v in (pty_ours.get("peak_rss_after_save_mib"), pty_ours["peak_rss_after_keys_mib"])
        if v
    )
    verdict("3. peak RSS, 10 MB + 10k annotations (MiB)", peak, BUDGET_RSS_MIB, "MiB")
    save = inproc["save"]
    verdict(
        "4. max j key->frame during a save (ms)",
        save["j_during_save_key_to_frame"]["max_ms"],
        BUDGET_SAVE_BLOCK_MS,
        "ms",
    )
    results["verdicts"] = verdicts
    results["elapsed_s"] = round(time.perf_counter() - began, 1)

    # the table
    print()
    print(row("figure", "value", "budget", "baseline", "ratio", None))
    print("-" * 103)
    for v in verdicts:
        budget = f"<= {v['budget']}{'x' if v['unit'] == 'x' else ''}"
        value = (
            "n/a"
            if v["value"] is None
            else (f"{v['value']:.3f}" if v["unit"] == "x" else f"{v['value']:.1f}")
        )
        baseline = (
            ""
            if v["baseline"] is None
            else (f"{v['baseline']:.3f}" if v["unit"] == "x" else f"{v['baseline']:.1f}")
        )
        ratio = "" if v["ratio"] is None else f"{v['ratio']:.2f}"
        print(row(v["figure"], value, budget, baseline, ratio, v["pass"]))
    print("-" * 103)
    print("for scale / context:")
    print(
        f"  sample: first paint (document and status bar) {s1['median_sample_title_first_on_screen_s']:.3f} s; "
        f"annotations shown (loaded after the first frame) {s1['median_sample_annotations_shown_s']:.3f} s "
        f"({s1['median_sample_annotations_shown_s'] / s1['median_baseline_s']:.2f}x baseline)"
    )
    print(
        f"  10 MB read-only TextArea: first paint {s2['median_textarea_s']:.3f} s "
        f"({s2['median_textarea_s'] / s2['median_baseline_s']:.1f}x baseline), peak RSS "
        f"{s2['median_textarea_peak_rss_mib']} MiB; policy-annotate 10 MB (new file) peak RSS "
        f"{s2['median_large_peak_rss_mib']} MiB"
    )
    for key in ("j", "shift+down", "1"):
        print(
            f"  {key:<10} await pilot.press(): median {inproc[key]['pilot_press']['median_ms']:.1f} ms "
            f"(baseline app {floor[key]['pilot_press']['median_ms']:.1f} ms: Pilot's own idle waits); "
            f"pty first output {pty_ours[key]['to_first_output']['median_ms']:.1f} ms"
        )
    print(
        f"  save of 10,000 annotations: {save['save_duration']['median_ms']:.0f} ms median over "
        f"{save['saves']} saves; the ctrl+s handler ran {save['ctrl_s_handler_on_ui_thread']['median_ms']} ms "
        f"(median) on the UI thread; j during saves: median {save['j_during_save_key_to_frame']['median_ms']} ms, "
        f"max {save['j_during_save_key_to_frame']['max_ms']} ms over {save['presses_during_saves']} presses; "
        f"longest event-loop stall {save['max_event_loop_stall_during_save_ms']} ms"
    )
    for key in ("j", "shift+down", "1"):
        k = inproc[key]
        print(
            f"  {key:<10} in-process: {k['presses_over_33ms']} presses over 33 ms, of which "
            f"{k['of_which_with_full_relayout']} re-did the whole layout and {k['of_which_with_full_gc']} "
            f"ran a full GC ({k['presses_with_full_gc']} presses with a full GC, pause median "
            f"{k['full_gc_pause']['median_ms']} ms); with/without relayout: "
            f"{k['key_to_frame_with_full_relayout']['median_ms']}/{k['key_to_frame_without_full_relayout']['median_ms']} ms"
        )
    print(
        f"  load average at start {machine['load_average_at_start']}, at end {machine['load_average_at_end']}"
    )
    print("  startup breakdown (ms, median of fresh interpreters):")
    for case, phases in results["startup_breakdown_ms"].items():
        print(f"    {case}: " + "; ".join(f"{k.split(' (')[0]} {v:.0f}" for k, v in phases.items()))
    failed = [v["figure"] for v in verdicts if not v["pass"]]
    print(
        f"\n{len(verdicts) - len(failed)} passed, {len(failed)} failed  ({results['elapsed_s']} s)"
    )

    if not options.no_write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(
            json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        print(f"wrote {RESULTS.relative_to(ROOT)}")
    return 1 if options.strict and failed else 0


if __name__ == "__main__":
    sys.exit(main())
