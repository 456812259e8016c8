"""End-to-end tests of the installed ``policy-annotate`` command, driven through tmux.

Each tmux test starts its own tmux server (a private socket, no user configuration) running the
command in a detached 120x40 session, reads the screen with ``capture-pane``, types with
``send-keys`` and waits, by polling with a timeout, for what each key should show. User config
and state go to temporary folders.
"""

from __future__ import annotations

import hashlib
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

COMMAND = Path(sys.executable).parent / "policy-annotate"
TMUX = shutil.which("tmux")
TITLE = "The Eastmere Digital Government Review"
STARTUP_TIMEOUT = 30.0
STEP_TIMEOUT = 15.0
# pytest imports readline, which exports COLUMNS=80 and LINES=24 into the process's C environment
# (not os.environ); children that inherit them would be drawn at 80x24 whatever the pane's size.
SIZE_VARIABLES = ("COLUMNS", "LINES")

needs_command = pytest.mark.skipif(
    not COMMAND.is_file(),
    reason=f"the policy-annotate console script is not installed next to Python ({COMMAND})",
)
needs_tmux = pytest.mark.skipif(TMUX is None, reason="tmux is not installed (not on PATH)")

pytestmark = [pytest.mark.e2e, needs_command]


def status_line(screen: str) -> str:
    """The first line of the screen: the app's status bar."""
    return screen.split("\n", 1)[0]


@dataclass
class Terminal:
    """The installed command running in a detached tmux session."""

    socket: Path
    session: str
    folder: Path

    def tmux(self, *arguments: str) -> subprocess.CompletedProcess[str]:
        assert TMUX is not None
        return subprocess.run(
            [TMUX, "-S", str(self.socket), "-f", os.devnull, *arguments],
            env={k: v for k, v in os.environ.items() if k not in SIZE_VARIABLES},
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )

    def start(
        self, arguments: list[str], environment: dict[str, str], unset: tuple[str, ...] = ()
    ) -> None:
        """Run ``policy-annotate ARGUMENTS`` in the folder (the variables ``unset`` taken out
        of its environment); its exit code goes to exit.txt."""
        settings = " ".join(f"{name}={shlex.quote(value)}" for name, value in environment.items())
        unsetting = "".join(f" -u {name}" for name in unset)
        command = (
            f"cd {shlex.quote(str(self.folder))} && env -u COLUMNS -u LINES{unsetting} {settings}"
            f" {shlex.quote(str(COMMAND))} {shlex.join(arguments)}; echo EXIT=$? > exit.txt"
        )
        result = self.tmux(
            "new-session", "-d", "-x", "120", "-y", "40", "-s", self.session, command
        )
        assert result.returncode == 0, f"tmux new-session failed: {result.stderr}"

    def screen(self) -> str:
        """The text on screen now ('' once the session has ended)."""
        result = self.tmux("capture-pane", "-p", "-t", self.session)
        return result.stdout if result.returncode == 0 else ""

    def wait_for(self, condition: Callable[[str], bool], what: str, timeout: float) -> str:
        """Poll the screen until ``condition`` holds; return that screen."""
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if condition(screen):
                return screen
            time.sleep(0.05)
        pytest.fail(f"timed out after {timeout:.0f}s waiting for {what}; the screen was:\n{screen}")

    def wait_for_text(self, text: str, timeout: float = STEP_TIMEOUT) -> str:
        return self.wait_for(lambda screen: text in screen, repr(text), timeout)

    def keys(self, *keys: str) -> None:
        """Press keys, in tmux's names (``J``, ``C-s``, ``Enter``)."""
        result = self.tmux("send-keys", "-t", self.session, *keys)
        assert result.returncode == 0, f"tmux send-keys failed: {result.stderr}"

    def type(self, text: str) -> None:
        """Type ``text`` literally."""
        result = self.tmux("send-keys", "-t", self.session, "-l", text)
        assert result.returncode == 0, f"tmux send-keys failed: {result.stderr}"

    def wait_for_exit(self, timeout: float = STEP_TIMEOUT) -> int:
        """Wait for the command to end; its exit code."""
        marker = self.folder / "exit.txt"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if marker.is_file():
                content = marker.read_text(encoding="utf-8").strip()
                if content.startswith("EXIT="):
                    return int(content.removeprefix("EXIT="))
            time.sleep(0.05)
        pytest.fail(
            f"the command did not exit within {timeout:.0f}s; the screen was:\n{self.screen()}"
        )


@pytest.fixture
def environment(tmp_path: Path) -> dict[str, str]:
    """The command's environment settings: config and state in temporary folders."""
    home = tmp_path / "home"
    return {
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_STATE_HOME": str(home / "state"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "TERM": "xterm-256color",
        "POLICY_ANNOTATE_AUTHOR": "not-this-one",
    }


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    """A tmux session (on its own server) for the command, killed afterwards."""
    if TMUX is None:
        pytest.skip("tmux is not installed (not on PATH)")
    name = f"policy-annotate-e2e-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    folder = tmp_path / "work"
    folder.mkdir()
    # The server's socket in a short-lived folder of its own (socket paths are limited to ~100
    # bytes, too short for some pytest temporary folders); tmux leaves it behind otherwise.
    sockets = Path(tempfile.mkdtemp(prefix="pa-tmux-"))
    terminal = Terminal(socket=sockets / "socket", session=name, folder=folder)
    try:
        yield terminal
    finally:
        terminal.tmux("kill-session", "-t", name)
        terminal.tmux("kill-server")
        shutil.rmtree(sockets, ignore_errors=True)


@needs_tmux
def test_tag_a_passage_write_a_note_save_and_quit(
    terminal: Terminal, environment: dict[str, str], samples: Path
) -> None:
    """Tag a sentence, set its stance, write a note, save, quit: the TOML file holds it all."""
    shutil.copyfile(samples / "review.md", terminal.folder / "review.md")
    note = "Shared platforms first (e2e)"
    started = time.monotonic()
    terminal.start(["review.md", "--author", "e2e"], environment)

    opened = terminal.wait_for(
        lambda screen: TITLE in status_line(screen) and annotation_count(screen) is not None,
        "the status bar to show the document title and the count (the file is loaded)",
        STARTUP_TIMEOUT,
    )
    assert annotation_count(opened) == 0

    # Three paragraphs down: "When the Minister for the Civil Service asked me ..."
    terminal.keys("J", "J", "J")
    terminal.wait_for_text("When the Minister")
    terminal.keys("1")
    terminal.wait_for_text("1 annotation ")
    terminal.keys("s")
    terminal.wait_for_text("Stance: support")
    terminal.keys("e")
    terminal.wait_for_text("Ctrl+S keep")
    terminal.type(note)
    terminal.wait_for_text(note)
    terminal.keys("C-s")
    terminal.wait_for(
        lambda screen: "Ctrl+S keep" not in screen and note in screen,  # in the list
        "the note editor to close, the note shown in the panel",
        STEP_TIMEOUT,
    )
    terminal.keys("C-s")
    before_quitting = terminal.wait_for_text("✓ saved")
    assert TITLE in before_quitting
    assert "1 annotation " in before_quitting
    terminal.keys("q")
    exit_code = terminal.wait_for_exit()
    elapsed = time.monotonic() - started

    assert exit_code == 0
    saved = terminal.folder / "review.annotations.toml"
    assert saved.is_file(), sorted(p.name for p in terminal.folder.iterdir())
    data = tomllib.loads(saved.read_text(encoding="utf-8"))
    annotations = data["annotations"]
    assert len(annotations) == 1, annotations
    (annotation,) = annotations
    assert annotation["principles"] == ["collaboration"]
    assert annotation.get("recommendations", []) == []
    assert annotation["stance"] == "support"
    assert annotation["note"] == note
    assert annotation["author"] == "e2e"
    assert annotation["quote"].startswith("When the Minister for the Civil Service asked me")
    print(f"tag, note, save and quit took {elapsed:.1f}s")


def test_a_missing_document_is_one_line_on_stderr_and_exit_1(
    tmp_path: Path, environment: dict[str, str]
) -> None:
    """``policy-annotate missing.md``: one line naming the file, exit code 1, no traceback."""
    result = subprocess.run(
        [str(COMMAND), "missing.md"],
        cwd=tmp_path,
        env={**{k: v for k, v in os.environ.items() if k not in SIZE_VARIABLES}, **environment},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1, result
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "missing.md" in lines[0]
    assert lines[0].startswith("policy-annotate: ")
    assert result.stdout == ""
    assert not (tmp_path / "missing.annotations.toml").exists()


@needs_tmux
def test_no_arguments_opens_a_copy_of_the_sample_project_on_its_board(
    terminal: Terminal, environment: dict[str, str], samples: Path
) -> None:
    """In an empty folder, with nobody known to be annotating (a fresh config, no
    $POLICY_ANNOTATE_AUTHOR), ``policy-annotate`` copies the sample project into
    ./policy-annotate-sample/ and opens its board; Enter asks who is annotating, and analyst-a
    (picked) sees their annotations of the review, the header saying whose file it is; the name
    is remembered; opening and quitting write nothing in the project."""
    del environment["POLICY_ANNOTATE_AUTHOR"]
    terminal.start([], environment, unset=("POLICY_ANNOTATE_AUTHOR",))
    opened = terminal.wait_for_text("\n 8 documents ·", timeout=STARTUP_TIMEOUT)  # every row read
    assert "you:" not in opened
    assert "Eastmere Digital Government Review: responses" in opened
    copy = terminal.folder / "policy-annotate-sample"
    assert (copy / "policy-annotate.toml").is_file()
    copied = sorted(p.relative_to(copy) for p in copy.rglob("*") if p.is_file())
    bundled = sorted(
        p.relative_to(samples)
        for p in samples.rglob("*")
        if p.is_file() and p.suffix in {".md", ".toml", ".csv"}
    )
    assert copied == bundled

    terminal.keys("Enter")  # the review, the first row
    asked = terminal.wait_for_text("Who is annotating?")
    assert "review.NAME.toml" in asked
    assert "analyst-b" in asked
    terminal.keys("Enter")  # the first analyst offered: analyst-a
    review = tomllib.loads((copy / "review.analyst-a.toml").read_text(encoding="utf-8"))
    expected = len(review["annotations"])
    shown = terminal.wait_for(
        lambda screen: annotation_count(screen) is not None,
        "the annotator to show analyst-a's annotations of the review",
        STEP_TIMEOUT,
    )
    assert annotation_count(shown) == expected > 0
    assert "analyst-a's file (+1 other)" in status_line(shown)
    assert "review.analyst-a.toml" in status_line(shown)
    config = Path(environment["XDG_CONFIG_HOME"]) / "policy-annotate" / "config.toml"
    assert tomllib.loads(config.read_text(encoding="utf-8")) == {"author": "analyst-a"}

    terminal.keys("q")
    assert terminal.wait_for_exit() == 0
    for name in bundled:
        assert (copy / name).read_bytes() == (samples / name).read_bytes(), name


def write_pdf(path: Path) -> None:
    """A three-page PDF with bookmarks and a word hyphenated at a line end (fpdf2)."""
    from fpdf import FPDF

    pdf = FPDF()
    for number, title in enumerate(["Shared platforms", "Local partnership", "Skills"], start=1):
        pdf.add_page()
        pdf.start_section(title)
        pdf.set_font("helvetica", "B", 14)
        pdf.cell(0, 10, title, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("helvetica", size=11)
        pdf.multi_cell(
            0,
            6,
            f"Recommendation {number}: councils should share their identity platforms with "
            "neighbouring authori-\nties. Each council then publishes what it has learned.",
        )
    pdf.output(str(path))


@needs_tmux
def test_a_pdf_opens_with_its_pages_and_annotations_record_the_source(
    terminal: Terminal, environment: dict[str, str]
) -> None:
    """``policy-annotate report.pdf``: the text (hyphenation repaired), an outline with page
    numbers, and a tag saved to report.annotations.toml with the PDF's sha256 and importer."""
    write_pdf(terminal.folder / "report.pdf")
    terminal.start(["report.pdf", "--author", "e2e"], environment)
    terminal.wait_for(
        lambda screen: (
            "neighbouring authorities" in screen and "Shared platforms" in status_line(screen)
        ),
        "the document and its title in the status line",
        STARTUP_TIMEOUT,
    )
    # the annotations are loaded after the first frame: keys before that are not live yet
    terminal.wait_for_text("○ new file", STARTUP_TIMEOUT)
    terminal.keys("o")
    # the outline's title and its list are drawn in turn: wait for both
    terminal.wait_for(
        lambda screen: "Outline: 3 headings" in screen and "Local partnership  p. 2" in screen,
        "the outline with its headings and pages",
        STEP_TIMEOUT,
    )
    terminal.keys("Escape")
    terminal.wait_for(lambda screen: "Outline:" not in screen, "the outline to close", STEP_TIMEOUT)
    terminal.keys("J")  # from the heading to the first paragraph
    terminal.keys("1")
    terminal.wait_for_text("1 annotation ")
    terminal.keys("q")
    assert terminal.wait_for_exit() == 0
    data = tomllib.loads((terminal.folder / "report.annotations.toml").read_text("utf-8"))
    assert data["document"]["path"] == "report.pdf"
    assert data["document"]["importer"] == "pdf/1"
    source = (terminal.folder / "report.pdf").read_bytes()
    assert data["document"]["source_sha256"] == hashlib.sha256(source).hexdigest()
    (annotation,) = data["annotations"]
    assert annotation["quote"].startswith("Recommendation 1: councils should share")
    assert annotation["principles"] == ["collaboration"]


@needs_tmux
def test_a_revised_document_is_reanchored_and_reviewed(
    terminal: Terminal, environment: dict[str, str], samples: Path
) -> None:
    """Open an analyst's file after its document was revised: the app re-anchors, says so, and
    the review queue (A) accepts the approximately found passage (a); the file is saved."""
    shutil.copyfile(samples / "review.analyst-a.toml", terminal.folder / "review.analyst-a.toml")
    text = (samples / "review.md").read_text("utf-8")
    reworded = "Second, too many services have been digitised without being redesigned"
    assert reworded in text
    text = text.replace(
        reworded, "Second, too many services were digitised without being redesigned"
    )
    (terminal.folder / "review.md").write_text("A sentence added in revision.\n\n" + text, "utf-8")
    terminal.start(["review.analyst-a.toml"], environment)
    terminal.wait_for_text("Document revised", timeout=STARTUP_TIMEOUT)
    terminal.wait_for_text("1 annotation needs review (A)")
    terminal.keys("A")
    terminal.wait_for_text("Review 1/1")
    terminal.keys("a")
    terminal.wait_for_text("Review done")
    terminal.keys("q")
    assert terminal.wait_for_exit() == 0
    saved = (terminal.folder / "review.analyst-a.toml").read_text("utf-8")
    assert "anchor = " not in saved
    data = tomllib.loads(saved)
    document = (terminal.folder / "review.md").read_text("utf-8")
    assert data["document"]["sha256"] == hashlib.sha256(document.encode("utf-8")).hexdigest()
    for annotation in data["annotations"]:
        assert document[annotation["start"] : annotation["end"]] == annotation["quote"]
    assert (terminal.folder / "review.analyst-a.toml.bak").is_file()


ANNOTATION_COUNT = re.compile(r"\b(\d+) annotations?\b")
"""The count in the status bar (absent while the annotation file loads; "annotation" alone would
also match the file's name, review.annotations.toml)."""


def annotation_count(screen: str) -> int | None:
    """The number of annotations the status bar shows, or None (not shown yet)."""
    found = ANNOTATION_COUNT.search(status_line(screen))
    return int(found.group(1)) if found else None


@needs_tmux
def test_a_broken_annotation_file_shows_its_problems_then_exits_1_with_them_on_stderr(
    terminal: Terminal, environment: dict[str, str], samples: Path
) -> None:
    """An annotation whose start is not a number: the document is shown, then a screen lists
    the file's problem (one line naming the file and line); Enter ends the app with exit code
    1, and the same line, prefixed ``policy-annotate: ``, is printed on standard error once the
    terminal is restored. The file is left as it was."""
    shutil.copyfile(samples / "review.md", terminal.folder / "review.md")
    path = terminal.folder / "review.analyst-a.toml"
    text = (samples / "review.analyst-a.toml").read_text(encoding="utf-8")
    head, marker, rest = text.partition("[[annotations]]")
    rest, replaced = re.subn(r"(?m)^start = \d+$", 'start = "x"', rest, count=1)
    assert replaced == 1
    path.write_text(head + marker + rest, encoding="utf-8")
    before = path.read_bytes()
    broken_line = (head + marker + rest).splitlines().index('start = "x"') + 1
    problem = f"review.analyst-a.toml:{broken_line}: annotations[0].start: "
    # Textual draws on standard error, so it is read from the pane: what the command prints
    # there once the app has ended stays on screen (the shell then waits).
    settings = " ".join(f"{name}={shlex.quote(value)}" for name, value in environment.items())
    command = (
        f"cd {shlex.quote(str(terminal.folder))} && env -u COLUMNS -u LINES {settings}"
        f" {shlex.quote(str(COMMAND))} review.md -a review.analyst-a.toml;"
        " echo EXIT=$? > exit.txt; sleep 60"
    )
    started = terminal.tmux(
        "new-session", "-d", "-x", "120", "-y", "40", "-s", terminal.session, command
    )
    assert started.returncode == 0, started.stderr

    shown = terminal.wait_for_text("The annotation file could not be loaded", STARTUP_TIMEOUT)
    assert problem in shown, shown
    assert "Enter, Esc or q: quit" in shown
    assert not (terminal.folder / "exit.txt").is_file()

    terminal.keys("Enter")
    assert terminal.wait_for_exit() == 1
    after = terminal.wait_for_text(f"policy-annotate: {problem}")
    printed = [line for line in after.splitlines() if line.startswith("policy-annotate: ")]
    assert len(printed) == 1, after
    assert "Input should be a valid integer" in printed[0]
    assert "Traceback" not in after
    assert path.read_bytes() == before
    assert not (terminal.folder / "review.analyst-a.toml.bak").exists()


@needs_tmux
def test_tag_after_the_annotations_have_loaded_save_and_quit(
    terminal: Terminal, environment: dict[str, str], samples: Path
) -> None:
    """Open analyst A's file: the document first, then (loaded after the first frame) the
    annotation count; tag a sentence with 1, save, quit: the file holds one more annotation."""
    shutil.copyfile(samples / "review.md", terminal.folder / "review.md")
    path = terminal.folder / "review.analyst-a.toml"
    shutil.copyfile(samples / "review.analyst-a.toml", path)
    count = len(tomllib.loads(path.read_text(encoding="utf-8"))["annotations"])
    terminal.start(["review.analyst-a.toml", "--author", "e2e"], environment)
    opened = terminal.wait_for(
        lambda screen: annotation_count(screen) is not None,
        "the annotation count in the status bar",
        STARTUP_TIMEOUT,
    )
    assert TITLE in status_line(opened)
    assert annotation_count(opened) == count
    assert "loading" not in status_line(opened)

    # Three paragraphs down: "When the Minister for the Civil Service asked me ..." (untagged)
    terminal.keys("J", "J", "J")
    terminal.wait_for_text("When the Minister")
    terminal.keys("1")
    terminal.wait_for(
        lambda screen: annotation_count(screen) == count + 1, "one more annotation", STEP_TIMEOUT
    )
    terminal.keys("C-s")
    terminal.wait_for(
        lambda screen: "✓ saved" in status_line(screen) and annotation_count(screen) == count + 1,
        "the save",
        STEP_TIMEOUT,
    )
    terminal.keys("q")
    assert terminal.wait_for_exit() == 0

    annotations = tomllib.loads(path.read_text(encoding="utf-8"))["annotations"]
    assert len(annotations) == count + 1
    [mine] = [a for a in annotations if a["author"] == "e2e"]
    assert mine["quote"].startswith("When the Minister for the Civil Service asked me")
    assert mine["principles"] == ["collaboration"]
