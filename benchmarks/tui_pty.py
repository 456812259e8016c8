"""The apps in a real pseudo-terminal: first paint, key latency and the start-up breakdown."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FOLDER = Path(__file__).resolve().parent
if str(FOLDER) not in sys.path:
    sys.path.insert(0, str(FOLDER))

from tui_common import (  # noqa: E402
    COLUMNS,
    ESCAPES,
    KEY_BYTES,
    PYTHON,
    QUIET_S,
    ROWS,
    SGR,
    median,
    ms,
    summary_ms,
)


class PtyApp:
    """A command running in a 120x40 pseudo-terminal, with its output timed as it arrives."""

    def __init__(self, command: list[str], cwd: Path, env: dict[str, str]) -> None:
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            command,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            cwd=cwd,
            env=env,
            start_new_session=True,
            close_fds=True,
        )
        os.close(slave)
        self.output = bytearray()
        self.last_chunk_at = self.started
        self.closed = False

    def _read(self, timeout: float) -> bool:
        """Read what is there (waiting up to ``timeout``); False on timeout or end of output."""
        if self.closed:
            time.sleep(max(0.0, timeout))
            return False
        ready, _, _ = select.select([self.master], [], [], max(0.0, timeout))
        if not ready:
            return False
        try:
            chunk = os.read(self.master, 1 << 16)
        except OSError:
            chunk = b""
        if not chunk:
            self.closed = True
            return False
        self.last_chunk_at = time.perf_counter()
        self.output += chunk
        return True

    def wait_for(self, found: Callable[[bytes], bool], timeout: float) -> float | None:
        """Seconds from the start until ``found(output)``; None on timeout or exit."""
        deadline = time.perf_counter() + timeout
        while not found(bytes(self.output)):
            if time.perf_counter() > deadline or self.closed:
                return None
            self._read(min(0.5, deadline - time.perf_counter()))
        return self.last_chunk_at - self.started

    def settle(self, quiet: float, timeout: float) -> bool:
        """Read until no output arrives for ``quiet`` seconds (False if ``timeout`` first)."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if not self._read(quiet) and not self.closed:
                return True
        return False

    def key_latency(
        self, data: bytes, quiet: float = QUIET_S, timeout: float = 2.0
    ) -> tuple[float, float] | None:
        """Send a key; (seconds to the first output, seconds to the last output before quiet)."""
        self.settle(0.005, 0.5)  # drain anything pending
        sent = time.perf_counter()
        os.write(self.master, data)
        if not self._read(timeout):
            return None
        first = self.last_chunk_at - sent
        while self._read(quiet):
            if time.perf_counter() - sent > timeout:
                break
        return first, self.last_chunk_at - sent

    def peak_rss_mib(self) -> float | None:
        """VmHWM of the process, MiB."""
        try:
            for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
        except OSError:
            return None
        return None

    def rss_mib(self) -> float | None:
        try:
            for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return round(int(line.split()[1]) / 1024, 1)
        except OSError:
            return None
        return None

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):  # the process group of this app only
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        os.close(self.master)

    def tail(self, size: int = 600) -> str:
        return ESCAPES.sub(b"", bytes(self.output[-4000:]))[-size:].decode("utf-8", "replace")


def contains_text(marker: str) -> Callable[[bytes], bool]:
    """Whether the marker is on screen (looked for in the output with escapes removed)."""
    wanted = marker.encode()

    def found(output: bytes) -> bool:
        return wanted in output or wanted in ESCAPES.sub(b"", output)

    return found


def status_bar_drawn(title: str) -> Callable[[bytes], bool]:
    """Whether the status bar (row 1) has been drawn with the document title.

    policy-annotate's first write is the document pane alone (rows 2-40), the whole screen
    follows some milliseconds later; the status bar with the title marks that full frame.
    """
    wanted = (" " + title[:24]).encode()
    home = b"\x1b[1;1H"

    def found(output: bytes) -> bool:
        start = output.find(home)
        while start >= 0:
            if SGR.sub(b"", output[start + len(home) : start + len(home) + 600]).startswith(wanted):
                return True
            start = output.find(home, start + 1)
        return False

    return found


def screen_drawn(title: str, body: str) -> Callable[[bytes], bool]:
    """Whether the status bar (with the title) and the document's text (``body``, words from
    its second paragraph) are both on screen: the first frame that shows the document."""
    status, text = status_bar_drawn(title), contains_text(body)

    def found(output: bytes) -> bool:
        return status(output) and text(output)

    return found


def body_words(document: Any) -> str:
    """The first words of the first paragraph after the title with four or more words (few
    enough to fit on one row)."""
    for start, end in zip(document.paragraph_starts[1:], document.paragraph_ends[1:], strict=True):
        words = document.text[start:end].split()
        if len(words) >= 4:
            return " ".join(words[:4]).strip("*_#")
    raise ValueError("no paragraph of four words after the title")


@dataclass
class PaintRun:
    name: str
    first_paint_s: float | None
    first_content_s: float | None = None
    annotations_shown_s: float | None = None
    peak_rss_mib: float | None = None
    notes: dict[str, Any] = field(default_factory=dict)


def first_paint(
    name: str,
    command: list[str],
    cwd: Path,
    env: dict[str, str],
    marker: Callable[[bytes], bool],
    content_marker: Callable[[bytes], bool] | None = None,
    timeout: float = 60.0,
    rss_settle_s: float = 0.0,
    annotations_marker: Callable[[bytes], bool] | None = None,
) -> PaintRun:
    """Start ``command`` in the pty; time until the marker is on screen (and then, if given,
    until the annotations are shown: policy-annotate loads them after its first frame); peak
    RSS; kill it."""
    app = PtyApp(command, cwd, env)
    try:
        content = None
        if content_marker is not None:
            content = app.wait_for(content_marker, timeout)
        paint = app.wait_for(marker, timeout)
        if paint is None:
            print(
                f"  ! {name}: no first paint within {timeout} s; screen ends with: {app.tail()!r}"
            )
        shown = app.wait_for(annotations_marker, timeout) if annotations_marker else None
        if rss_settle_s:
            app.settle(rss_settle_s, rss_settle_s * 4)
        return PaintRun(name, paint, content, shown, app.peak_rss_mib())
    finally:
        app.kill()


# --- pty key latency ---------------------------------------------------------------------------


def pty_key_latency(
    command: list[str],
    cwd: Path,
    env: dict[str, str],
    marker: Callable[[bytes], bool],
    plans: dict[str, list[tuple[str, bool]]],
    settle_s: float,
    save_at_end: bool,
) -> dict[str, Any]:
    """Key -> screen output latencies in the pty, and the process's peak RSS."""
    app = PtyApp(command, cwd, env)
    results: dict[str, Any] = {}
    try:
        paint = app.wait_for(marker, 60)
        if paint is None:
            raise SystemExit(f"no first paint in the pty; screen ends with {app.tail()!r}")
        results["first_paint_s"] = round(paint, 3)
        settled = time.perf_counter()
        app.settle(settle_s, 60)  # e.g. the background wrap of the whole document
        results["settled_after_s"] = round(time.perf_counter() - settled, 2)
        results["rss_after_open_mib"] = app.rss_mib()
        results["peak_rss_after_open_mib"] = app.peak_rss_mib()
        for key, plan in plans.items():
            first: list[float] = []
            last: list[float] = []
            silent = 0
            for name, counted in plan:
                latency = app.key_latency(KEY_BYTES[name])
                if not counted:
                    continue
                if latency is None:
                    silent += 1
                else:
                    first.append(latency[0])
                    last.append(latency[1])
            results[key] = {
                "to_first_output": summary_ms(first),
                "to_output_settled": summary_ms(last),
                "presses_without_output": silent,
            }
        results["peak_rss_after_keys_mib"] = app.peak_rss_mib()
        if save_at_end:
            app.key_latency(KEY_BYTES["ctrl+s"], quiet=1.0, timeout=30)
            app.settle(1.0, 30)
            results["peak_rss_after_save_mib"] = app.peak_rss_mib()
        results["rss_at_end_mib"] = app.rss_mib()
    finally:
        app.kill()
    return results


# --- where the time goes (cheap breakdowns in fresh processes) ------------------------------

BREAKDOWN_CODE = r"""
import json, sys, time
t0 = time.perf_counter()
import textual.app, textual.widgets
from textual.widgets import Footer, Header, Static
t1 = time.perf_counter()
import tui.launch
t2 = time.perf_counter()
import tui.app
t3 = time.perf_counter()
from pathlib import Path
from tui.launch import prepare_session
args = sys.argv[1:]
session = prepare_session(
    Path(args[0]), Path(args[1]) if len(args) > 1 else None, "bench", load_annotations=False
)
t4 = time.perf_counter()
document = session.document
document.paragraph_starts  # built when the view is built
t5 = time.perf_counter()
document.sentence_containing(0)  # the cursor's sentence; the rest are segmented on demand
t6 = time.perf_counter()
store, _reanchored = session.load_annotations()
t7 = time.perf_counter()
from annotations.session.editing import AnnotationSet
annotations = AnnotationSet(store.model, document)
annotations.stale()
t8 = time.perf_counter()
print(json.dumps({
    "import textual + Header/Footer/Static (what the baseline imports)": t1 - t0,
    "import tui.launch (no pydantic)": t2 - t1,
    "import tui.app (the rest of Textual and the app's screens)": t3 - t2,
    "prepare_session (read, decode, normalise the document)": t4 - t3,
    "paragraph index (built with the view)": t5 - t4,
    "the cursor's first sentence (sentencex), done when the view is built": t6 - t5,
    "load_annotations (pydantic imports + validation: the app, after its first frame)": t7 - t6,
    "AnnotationSet + stale check (the app, after its first frame)": t8 - t7,
}))
"""


def breakdown(
    arguments: list[str], cwd: Path, env: dict[str, str], runs: int
) -> dict[str, float | None]:
    """Median seconds of each startup phase, each run in a fresh interpreter."""
    samples: dict[str, list[float]] = {}
    for _ in range(runs):
        completed = subprocess.run(
            [PYTHON, "-c", BREAKDOWN_CODE, *arguments],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        for name, value in json.loads(completed.stdout).items():
            samples.setdefault(name, []).append(value)
    return {name: ms(median(values)) for name, values in samples.items()}
