"""The start-up check of the annotation file (tui.preflight.Preflight): in a forked child
where possible (which also indexes the document), else in-process; either way a broken file
raises the problems ``load_store`` would, and a good file is left for the app to load (forked)
or loaded here (not forked, or the child failed)."""

from __future__ import annotations

import os
import pickle
import re
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import IO

import pytest

from annotations.documents.document import load_document
from annotations.errors import AnnotationFileError, Problem

# Imported before any fork: the child must never need the import lock (other threads of the
# test process may hold it when it forks).
from annotations.session.store import AnnotationStore, load_store
from tui import preflight
from tui.launch import Session, prepare_session
from tui.preflight import Preflight

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file descriptors")

Breakage = Callable[[str], str]


def _first_annotation_field(text: str, name: str, value: str) -> str:
    """``text`` with the first annotation's ``name = ...`` line set to ``name = value``."""
    head, marker, rest = text.partition("[[annotations]]")
    assert marker
    rest, count = re.subn(rf"(?m)^{name} = .*$", f"{name} = {value}", rest, count=1)
    assert count == 1
    return head + marker + rest


BREAKAGES: dict[str, Breakage] = {
    "a string start": lambda text: _first_annotation_field(text, "start", '"x"'),
    "an end past the document": lambda text: _first_annotation_field(text, "end", "99999999"),
    "a TOML syntax error": lambda text: text + "\n[[annotations\n",
}


@pytest.fixture
def folder(tmp_path: Path, samples: Path) -> Path:
    """The sample review and analyst A's annotations, copied."""
    shutil.copyfile(samples / "review.md", tmp_path / "review.md")
    shutil.copyfile(samples / "review.analyst-a.toml", tmp_path / "review.analyst-a.toml")
    return tmp_path


def deferred(folder: Path, annotations: str = "review.analyst-a.toml") -> Session:
    """The session as the command prepares it: the annotation file not loaded."""
    session = prepare_session(
        folder / "review.md", folder / annotations, None, load_annotations=False
    )
    assert session.store is None
    return session


def expected_problems(session: Session) -> list[str]:
    """What ``load_store`` says about the session's (broken) annotation file."""
    with pytest.raises(AnnotationFileError) as raised:
        load_store(session.annotation_path, session.document)
    problems = [str(p) for p in raised.value.problems]
    assert problems
    return problems


def broken(folder: Path, breakage: str) -> Session:
    """A session on the annotation file broken as ``breakage`` says."""
    path = folder / "review.analyst-a.toml"
    path.write_text(BREAKAGES[breakage](path.read_text(encoding="utf-8")), encoding="utf-8")
    return deferred(folder)


@pytest.fixture(autouse=True)
def _warm_imports(tmp_path: Path, samples: Path) -> None:
    """Check a good and a broken file in-process first, so every module the check imports
    lazily is imported before any child is forked."""
    warm = tmp_path / "warm"
    warm.mkdir()
    shutil.copyfile(samples / "review.md", warm / "review.md")
    shutil.copyfile(samples / "review.analyst-a.toml", warm / "review.analyst-a.toml")
    assert preflight._load(deferred(warm))[1] == []
    assert preflight._load(broken(warm, "a string start"))[1]


@pytest.fixture
def forking(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fork whatever other threads run (pytest-xdist's workers have some)."""
    if not hasattr(os, "fork"):
        pytest.skip("this system has no fork")
    monkeypatch.setattr(preflight, "_can_fork", lambda: hasattr(os, "fork"))


@pytest.fixture
def not_forking(monkeypatch: pytest.MonkeyPatch) -> None:
    """As on a system without fork."""
    monkeypatch.setattr(preflight, "_can_fork", lambda: False)


# --- forked ------------------------------------------------------------------------------------


@pytest.mark.usefixtures("forking")
def test_forked_a_good_file_is_left_for_the_app(folder: Path) -> None:
    before = (folder / "review.analyst-a.toml").read_bytes()
    session = deferred(folder)
    check = Preflight(session)
    assert check.forked
    check.finish()
    assert check.forked  # it waits to hand the loaded file over to the app's worker
    assert session.preloaded is not None
    assert session.store is None  # the app loads it after its first frame
    assert session.reanchored is None
    # The child indexed the document too: the parent has the index without computing it.
    assert "text_index" in vars(session.document)
    fresh = load_document(folder / "review.md")
    assert list(session.document.paragraph_starts) == list(fresh.paragraph_starts)
    assert list(session.document.paragraph_ends) == list(fresh.paragraph_ends)
    # ... and took its sha256 (the parent did not hash the document before the first frame)
    assert vars(session.document)["sha256"] == fresh.sha256
    assert (folder / "review.analyst-a.toml").read_bytes() == before


@pytest.mark.usefixtures("forking")
@pytest.mark.parametrize("breakage", sorted(BREAKAGES))
def test_forked_a_broken_file_raises_what_load_store_says(folder: Path, breakage: str) -> None:
    session = broken(folder, breakage)
    before = session.annotation_path.read_bytes()
    expected = expected_problems(session)
    check = Preflight(session)
    assert check.forked
    with pytest.raises(AnnotationFileError) as raised:
        check.finish()
    assert [str(p) for p in raised.value.problems] == expected
    assert all(isinstance(p, Problem) for p in raised.value.problems)
    assert session.store is None
    assert session.annotation_path.read_bytes() == before


@pytest.mark.usefixtures("forking")
def test_forked_the_child_never_writes_to_the_terminal(
    folder: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    """Even a check that prints (a warning, a library's message) stays off the terminal."""
    real = preflight._load

    def noisy(session: Session) -> tuple[AnnotationStore | None, list[Problem]]:
        # The streams the terminal would get (capfd replaces sys.stdout and sys.stderr with
        # objects that write to its files directly, not through the file descriptors).
        print("to standard output", file=sys.__stdout__, flush=True)
        print("to standard error", file=sys.__stderr__, flush=True)
        os.write(1, b"to file descriptor 1\n")
        os.write(2, b"to file descriptor 2\n")
        return real(session)

    monkeypatch.setattr(preflight, "_load", noisy)
    capfd.readouterr()
    good = Preflight(deferred(folder))
    assert good.forked
    good.finish()
    bad = Preflight(broken(folder, "a string start"))
    assert bad.forked
    with pytest.raises(AnnotationFileError):
        bad.finish()
    out, err = capfd.readouterr()
    assert (out, err) == ("", "")


# --- not forked --------------------------------------------------------------------------------


@pytest.mark.usefixtures("not_forking")
def test_not_forked_a_good_file_is_loaded_here(folder: Path) -> None:
    session = deferred(folder)
    check = Preflight(session)
    assert not check.forked
    check.finish()
    assert session.store is not None
    assert len(session.store.model.annotations) == 32
    assert session.store.path == folder / "review.analyst-a.toml"
    assert session.reanchored is None


@pytest.mark.usefixtures("not_forking")
@pytest.mark.parametrize("breakage", sorted(BREAKAGES))
def test_not_forked_a_broken_file_raises_what_load_store_says(folder: Path, breakage: str) -> None:
    session = broken(folder, breakage)
    expected = expected_problems(session)
    check = Preflight(session)
    assert not check.forked
    with pytest.raises(AnnotationFileError) as raised:
        check.finish()
    assert [str(p) for p in raised.value.problems] == expected
    assert session.store is None


@pytest.mark.usefixtures("not_forking")
def test_not_forked_a_revised_document_is_reanchored_here(folder: Path) -> None:
    document = folder / "review.md"
    document.write_text(
        "A sentence added in revision.\n\n" + document.read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    session = deferred(folder)
    Preflight(session).finish()
    assert session.store is not None
    assert session.reanchored is not None
    assert len(session.store.model.annotations) == 32


# --- the child fails -----------------------------------------------------------------------------


def _fails(session: Session) -> tuple[AnnotationStore | None, list[Problem]]:
    raise RuntimeError("the child broke")


def _answers_nonsense(session: Session) -> tuple[AnnotationStore | None, list[Problem]]:
    return None, "not a list of problems"  # type: ignore[return-value]


CHILD_FAILURES = {"raises": _fails, "answers nonsense": _answers_nonsense}


@pytest.mark.usefixtures("forking")
@pytest.mark.parametrize("failure", sorted(CHILD_FAILURES))
def test_when_the_child_fails_a_good_file_is_loaded_here(
    folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
    failure: str,
) -> None:
    monkeypatch.setattr(preflight, "_load", CHILD_FAILURES[failure])
    session = deferred(folder)
    capfd.readouterr()
    check = Preflight(session)
    assert check.forked
    check.finish()
    assert session.store is not None
    assert len(session.store.model.annotations) == 32
    assert capfd.readouterr() == ("", "")  # no traceback from the child


@pytest.mark.usefixtures("forking")
@pytest.mark.parametrize("failure", sorted(CHILD_FAILURES))
@pytest.mark.parametrize("breakage", sorted(BREAKAGES))
def test_when_the_child_fails_a_broken_file_still_raises(
    folder: Path, monkeypatch: pytest.MonkeyPatch, breakage: str, failure: str
) -> None:
    session = broken(folder, breakage)
    expected = expected_problems(session)
    monkeypatch.setattr(preflight, "_load", CHILD_FAILURES[failure])
    check = Preflight(session)
    assert check.forked
    with pytest.raises(AnnotationFileError) as raised:
        check.finish()
    assert [str(p) for p in raised.value.problems] == expected
    assert session.store is None


# --- nothing to check ----------------------------------------------------------------------------


@pytest.mark.parametrize("fork", [True, False], ids=["forked", "not forked"])
def test_a_new_file_is_left_for_the_app_to_start(
    folder: Path, monkeypatch: pytest.MonkeyPatch, fork: bool
) -> None:
    """No annotation file yet: nothing to check (a child only indexes the document); the app
    starts the new file after its first frame, and nothing is written."""
    monkeypatch.setattr(preflight, "_can_fork", lambda: fork and hasattr(os, "fork"))
    session = deferred(folder, "review.annotations.toml")
    assert session.is_new_file
    check = Preflight(session)
    assert check.forked == (fork and hasattr(os, "fork"))
    check.finish()
    assert session.store is None
    assert session.reanchored is None
    assert sorted(p.name for p in folder.iterdir()) == [
        "review.analyst-a.toml",
        "review.md",
        "warm",
    ]


@pytest.mark.usefixtures("forking")
def test_a_session_already_loaded_is_kept(folder: Path) -> None:
    session = prepare_session(folder / "review.md", folder / "review.analyst-a.toml", None)
    store = session.store
    assert store is not None
    Preflight(session).finish()
    assert session.store is store


def test_the_real_guard_refuses_to_fork_beside_other_threads() -> None:
    import threading

    started = threading.Event()
    stop = threading.Event()

    def wait() -> None:
        started.set()
        stop.wait(10)

    thread = threading.Thread(target=wait)
    thread.start()
    try:
        started.wait(10)
        assert not preflight._can_fork()
    finally:
        stop.set()
        thread.join()


# --- the loaded file, handed over after the first frame --------------------------------------------


@pytest.mark.usefixtures("forking")
def test_forked_the_app_takes_the_file_the_child_loaded(folder: Path) -> None:
    """The app's worker gets the annotation file from the child (no second validation): the
    same annotations, disk state and warnings as loading it here, and the child is collected."""
    session = deferred(folder)
    check = Preflight(session)
    check.finish()
    assert session.preloaded is not None
    store, reanchored = session.load_annotations()
    assert reanchored is None
    assert session.preloaded is None  # used once
    assert not check.forked  # the child was collected
    here = load_store(folder / "review.analyst-a.toml", session.document)
    assert store.model == here.model
    assert store.disk == here.disk
    assert store.warnings == here.warnings
    assert store.document is session.document
    assert store.path == session.annotation_path


@pytest.mark.usefixtures("forking")
def test_forked_a_child_gone_before_handing_over_means_loading_here(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If the child's second answer never comes, the worker loads the file itself."""

    def first_answer_only(self: Preflight, pipe: IO[bytes]) -> None:
        pickle.dump(({}, []), pipe)

    monkeypatch.setattr(Preflight, "_child_work", first_answer_only)
    session = deferred(folder)
    check = Preflight(session)
    check.finish()
    assert session.preloaded is not None
    assert check.loaded_store() is None
    assert not check.forked
    session.preloaded = check.loaded_store
    store, _reanchored = session.load_annotations()
    assert len(store.model.annotations) == 32


def test_not_forked_nothing_is_handed_over(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(preflight, "_can_fork", lambda: False)
    session = deferred(folder)
    Preflight(session).finish()
    assert session.preloaded is None
    assert session.store is not None  # loaded before the start instead
