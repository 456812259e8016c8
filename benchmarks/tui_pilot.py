"""Key latency in-process with Textual's Pilot, and keys pressed while a save runs."""

from __future__ import annotations

import asyncio
import gc
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FOLDER = Path(__file__).resolve().parent
if str(FOLDER) not in sys.path:
    sys.path.insert(0, str(FOLDER))

from tui_common import (  # noqa: E402
    BUDGET_KEY_P95_MS,
    COLUMNS,
    ROWS,
    ms,
    summary_ms,
)

# --- in-process (Pilot) key latency --------------------------------------------------------


class FrameClock:
    """When each frame is composed (App._display runs right after the compositor's render, also
    headless), when full garbage collections ran, and when the screen re-did its whole layout."""

    def __init__(self, app: Any) -> None:
        self.frames: list[float] = []
        self.gc_full: list[tuple[float, float]] = []  # (start, seconds) of generation-2 collections
        self.layouts: list[float] = []  # Screen._refresh_layout: re-arrange and repaint everything
        original = app._display

        def display(screen: Any, renderable: Any) -> None:
            original(screen, renderable)
            if renderable is not None:
                self.frames.append(time.perf_counter())

        app._display = display
        self._gc_started = 0.0
        gc.callbacks.append(self._on_gc)

    def _on_gc(self, phase: str, info: dict[str, int]) -> None:
        if info.get("generation") != 2:
            return
        if phase == "start":
            self._gc_started = time.perf_counter()
        else:
            self.gc_full.append((self._gc_started, time.perf_counter() - self._gc_started))

    def watch_layout(self, screen: Any) -> None:
        original = screen._refresh_layout

        def refresh_layout(*args: Any, **kwargs: Any) -> None:
            self.layouts.append(time.perf_counter())
            original(*args, **kwargs)

        screen._refresh_layout = refresh_layout

    def close(self) -> None:
        if self._on_gc in gc.callbacks:
            gc.callbacks.remove(self._on_gc)

    def gc_between(self, start: float, end: float) -> float:
        return sum(seconds for began, seconds in self.gc_full if start <= began < end)

    def layouts_between(self, start: float, end: float) -> int:
        return sum(1 for t in self.layouts if start <= t < end)


@dataclass
class Press:
    key: str
    pilot_press_s: float
    to_frame_s: float | None  # key sent -> the last frame composed while Pilot waited
    gc_full_s: float
    relayouts: int


async def timed_press(pilot: Any, clock: FrameClock, key: str) -> Press:
    """``await pilot.press(key)``: its wall time, and key -> last frame composed during it.

    Pilot.press posts the key, then waits for the app to go idle (asyncio sleeps of at least
    20 ms, twice), so its wall time can never be below ~40 ms; the frames it waited for tell
    when the key's effect was on screen.
    """
    before = len(clock.frames)
    start = time.perf_counter()
    await pilot.press(key)
    end = time.perf_counter()
    frames = clock.frames[before:]
    return Press(
        key,
        end - start,
        (frames[-1] - start) if frames else None,
        clock.gc_between(start, end),
        clock.layouts_between(start, end),
    )


def summarise_presses(presses: list[Press]) -> dict[str, Any]:
    """Latency figures of a series, and what the slow presses had in common."""
    framed = [p for p in presses if p.to_frame_s is not None]
    slow = [p for p in framed if p.to_frame_s > BUDGET_KEY_P95_MS / 1000]  # type: ignore[operator]
    with_layout = [p.to_frame_s for p in framed if p.relayouts]
    without_layout = [p.to_frame_s for p in framed if not p.relayouts]
    return {
        "key_to_frame": summary_ms([p.to_frame_s for p in framed]),  # type: ignore[misc]
        "pilot_press": summary_ms([p.pilot_press_s for p in presses]),
        "presses_without_frame": len(presses) - len(framed),
        "presses_over_33ms": len(slow),
        "of_which_with_full_gc": sum(1 for p in slow if p.gc_full_s),
        "of_which_with_full_relayout": sum(1 for p in slow if p.relayouts),
        "presses_with_full_relayout": len(with_layout),
        "key_to_frame_with_full_relayout": summary_ms(with_layout),  # type: ignore[arg-type]
        "key_to_frame_without_full_relayout": summary_ms(without_layout),  # type: ignore[arg-type]
        "presses_with_full_gc": sum(1 for p in framed if p.gc_full_s),
        "full_gc_pause": summary_ms([p.gc_full_s for p in framed if p.gc_full_s]),
    }


async def key_series(pilot: Any, clock: FrameClock, plan: list[tuple[str, bool]]) -> list[Press]:
    """Press the keys of ``plan`` ((key, timed?)); the timed presses."""
    timed: list[Press] = []
    for key, counted in plan:
        press = await timed_press(pilot, clock, key)
        if counted:
            timed.append(press)
    return timed


def key_plans(presses: int, warmup: int = 5) -> dict[str, list[tuple[str, bool]]]:
    """What to press: j; shift+down in runs of 10 (then j, untimed, to drop the selection);
    1 on successive sentences (j untimed, then 1), so tags are added and removed all over."""
    j = [("j", False)] * warmup + [("j", True)] * presses
    select_plan: list[tuple[str, bool]] = [("shift+down", False)] * warmup + [("j", False)]
    counted = 0
    while counted < presses:
        for _ in range(min(10, presses - counted)):
            select_plan.append(("shift+down", True))
            counted += 1
        select_plan.append(("j", False))
    tag: list[tuple[str, bool]] = []
    for index in range(warmup + presses):
        tag += [("j", False), ("1", index >= warmup)]
    return {"j": j, "shift+down": select_plan, "1": tag}


async def open_main_screen(app: Any, pilot: Any) -> Any:
    from tui.screens.main import MainScreen

    for _ in range(400):
        if isinstance(app.screen, MainScreen):
            break
        await pilot.pause(0.05)
    screen = app.screen
    if not isinstance(screen, MainScreen):
        raise SystemExit("the main screen did not open")
    await app.workers.wait_for_complete()  # the background wrap of the whole document
    await pilot.pause(0.3)
    return screen


async def pilot_policy_annotate(
    document: Path, annotation_file: Path, presses: int, saves: int
) -> dict[str, Any]:
    """Key latency (budget 3) and key latency during saves (budget 4), in-process."""
    from tui.app import PolicyAnnotateApp
    from tui.launch import prepare_session

    app = PolicyAnnotateApp(prepare_session(document, annotation_file, "bench"))
    results: dict[str, Any] = {}
    async with app.run_test(size=(COLUMNS, ROWS)) as pilot:
        screen = await open_main_screen(app, pilot)
        clock = FrameClock(app)
        clock.watch_layout(screen)
        try:
            for key, plan in key_plans(presses).items():
                results[key] = summarise_presses(await key_series(pilot, clock, plan))
            await pilot.pause(1.2)  # let the autosave of the last toggle happen first
            while screen.editing.saving:
                await pilot.pause(0.05)
            results["save"] = await saves_under_keys(app, pilot, clock, screen, saves)
        finally:
            clock.close()
        screen.saving.cancel_scheduled()
        await app.workers.wait_for_complete()
    return results


def key_event(key: str) -> Any:
    from textual import events

    return events.Key(key, key if len(key) == 1 else None)


async def saves_under_keys(
    app: Any, pilot: Any, clock: FrameClock, screen: Any, saves: int
) -> dict[str, Any]:
    """Change something, press ctrl+s, and keep pressing j (every 25 ms, like a held key, sent
    from another thread as the terminal driver does) while the save runs.

    Each j's latency is the time from sending it to the first frame composed after its action
    ran; the save runs from ctrl+s being handled to the save worker's result being applied.
    Also: how long the ctrl+s handler itself ran on the UI thread, and the longest stall of the
    event loop (a 2 ms sleeper that notes how late it wakes up).
    """
    import threading

    view = screen.document_view
    marks: dict[str, list[float]] = {"start": [], "done": [], "j": []}
    handler_s: list[float] = []
    original_save, original_move = screen.action_save, view.action_move
    from annotations.session.editing_session import SaveStateChanged

    def action_save() -> None:
        began = time.perf_counter()
        marks["start"].append(began)
        try:
            original_save()
        finally:
            handler_s.append(time.perf_counter() - began)

    def save_done(event: Any) -> None:
        """The session's listener: a save ended when the save state changes with none running."""
        ended = isinstance(event, SaveStateChanged) and not screen.editing.saving
        if ended and len(marks["done"]) < len(marks["start"]):
            marks["done"].append(time.perf_counter())

    def action_move(unit: str, direction: int) -> None:
        marks["j"].append(time.perf_counter())
        original_move(unit, direction)

    screen.action_save, view.action_move = action_save, action_move
    screen.editing.subscribe(save_done)
    durations: list[float] = []
    latencies: list[float] = []
    handled: list[float] = []
    stalls: list[float] = []
    presses_per_save: list[int] = []
    try:
        for _ in range(saves):
            await pilot.press("j")
            await pilot.press("1")  # a change, so there is something to save
            screen.saving.cancel_scheduled()
            done_before, moves_before = len(marks["done"]), len(marks["j"])
            frames_before = len(clock.frames)
            stall = {"max": 0.0, "running": True}

            async def watch_loop(stall: dict[str, Any] = stall) -> None:
                while stall["running"]:
                    before = time.perf_counter()
                    await asyncio.sleep(0.002)
                    stall["max"] = max(stall["max"], time.perf_counter() - before - 0.002)

            watcher = asyncio.create_task(watch_loop())
            sent: list[float] = []
            stop = threading.Event()

            def typist(
                sent: list[float] = sent,
                stop: threading.Event = stop,
                done_before: int = done_before,
            ) -> None:
                sent.append(time.perf_counter())
                app.post_message(key_event("ctrl+s"))
                deadline = time.perf_counter() + 20
                extra = 2
                while extra and time.perf_counter() < deadline and not stop.is_set():
                    time.sleep(0.025)
                    sent.append(time.perf_counter())
                    app.post_message(key_event("j"))
                    if len(marks["done"]) > done_before:
                        extra -= 1

            thread = threading.Thread(target=typist, daemon=True)
            thread.start()
            while thread.is_alive():
                await asyncio.sleep(0.01)
            presses = len(sent) - 1
            deadline = time.perf_counter() + 10
            while len(marks["j"]) - moves_before < presses and time.perf_counter() < deadline:
                await asyncio.sleep(0.01)
            await pilot.pause(0.1)
            stall["running"] = False
            await watcher
            stalls.append(stall["max"])
            if len(marks["done"]) == done_before:
                continue
            start, done = marks["start"][-1], marks["done"][-1]
            durations.append(done - start)
            frames = clock.frames[frames_before:]
            moves = marks["j"][moves_before:]
            count = 0
            for sent_at, moved_at in zip(sent[1:], moves, strict=False):
                if sent_at > done:
                    break
                after = [f for f in frames if f >= moved_at]
                if after:
                    latencies.append(after[0] - sent_at)
                    handled.append(moved_at - sent_at)
                    count += 1
            presses_per_save.append(count)
    finally:
        screen.action_save, view.action_move = original_save, original_move
        screen.editing.unsubscribe(save_done)
    return {
        "saves": len(durations),
        "save_duration": summary_ms(durations),
        "ctrl_s_handler_on_ui_thread": summary_ms(handler_s),
        "j_during_save_key_to_frame": summary_ms(latencies),
        "j_during_save_key_to_handled": summary_ms(handled),
        "presses_during_saves": sum(presses_per_save),
        "max_event_loop_stall_during_save_ms": ms(max(stalls)) if stalls else None,
    }


async def pilot_baseline(presses: int) -> dict[str, Any]:
    """The same in-process measure on minimal_app.KeysApp: Textual's own floor."""
    from minimal_app import KeysApp

    app = KeysApp()
    results: dict[str, Any] = {}
    async with app.run_test(size=(COLUMNS, ROWS)) as pilot:
        await pilot.pause(0.2)
        clock = FrameClock(app)
        clock.watch_layout(app.screen)
        try:
            for key in ("j", "shift+down", "1"):
                plan = [(key, False)] * 3 + [(key, True)] * presses
                results[key] = summarise_presses(await key_series(pilot, clock, plan))
        finally:
            clock.close()
    return results
