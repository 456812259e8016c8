"""Start-up work done in a forked process while the parent imports Textual.

A broken annotation file must be reported before the app starts (a one-line message, a non-zero
exit), but validating it needs its pydantic models, which take longer to import (~60 ms) than the
app's whole start-up budget allows on top of Textual, and the app's first frame needs none of
them; and a large document's paragraph index takes ~50 ms per 10 MB. So, where the system has
``fork``, a child process indexes the document and validates the annotation file while the parent
imports Textual, sends the index and any problems back through a pipe, and exits; the app then
loads the file again after its first frame, in a worker. Where there is no ``fork``, or other
threads are running (forking those is unsafe), or the child fails for any reason, the same work
is done here instead, before the app starts.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import threading
from typing import TypedDict, cast

from annotations.document import TextIndex
from annotations.errors import AnnotationFileError, PolicyAnnotateError, Problem
from tui.launch import Session


class Computed(TypedDict, total=False):
    """The document's values the child computes (those the document has not computed yet)."""

    text_index: TextIndex
    sha256: str


COMPUTED = tuple(Computed.__annotations__)


class Preflight:
    """The start-up work of a session (the annotation file's check; the document's index and
    sha256): started now, in a child process if possible, and finished by ``finish``."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._child: int | None = None
        self._pipe: int | None = None
        self._to_compute = [name for name in COMPUTED if name not in vars(session.document)]
        self._needs_check = session.store is None and not session.is_new_file
        if (self._to_compute or self._needs_check) and _can_fork():
            self._start_child()

    @property
    def forked(self) -> bool:
        """Whether a child process is checking the file."""
        return self._child is not None

    def _start_child(self) -> None:
        read_end, write_end = os.pipe()
        _widen(write_end)
        pid = os.fork()
        if pid == 0:  # the child: check, answer, and leave without running the parent's cleanup
            os.close(read_end)
            status = 1
            try:
                _silence_output()
                document = self._session.document
                computed = {name: getattr(document, name) for name in self._to_compute}
                problems = _problems(self._session) if self._needs_check else []
                answer = pickle.dumps((computed, problems))
                with os.fdopen(write_end, "wb") as pipe:
                    pipe.write(answer)
                status = 0
            finally:
                os._exit(status)
        os.close(write_end)
        self._child, self._pipe = pid, read_end

    def finish(self) -> None:
        """Wait for the child; raise the file's problems (PolicyAnnotateError) if it is broken.

        Without a child's answer, load the annotation file here (the session keeps it); the
        document is then indexed when first shown, and a new annotation file is created by the
        app after its first frame.
        """
        answer = self._child_answer()
        if answer is None:
            if self._needs_check:
                self._session.store, self._session.reanchored = self._session.load_annotations()
            return
        computed, problems = answer
        self._session.document.provide(**computed)
        if problems:
            raise AnnotationFileError(problems)

    def _child_answer(self) -> tuple[Computed, list[Problem]] | None:
        """What the child computed and the file's problems (empty: the file is fine), or None
        if it gave no answer."""
        if self._child is None or self._pipe is None:
            return None
        chunks = []
        with os.fdopen(self._pipe, "rb") as pipe:
            while chunk := pipe.read(PIPE_SIZE):
                chunks.append(chunk)
        _pid, status = os.waitpid(self._child, 0)
        self._child = self._pipe = None
        if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
            return None
        try:
            answer = pickle.loads(b"".join(chunks))
        except Exception:  # a truncated answer: check here instead
            return None
        match answer:
            case (dict() as computed, list() as problems) if _well_formed(computed, problems):
                return cast(Computed, computed), cast(list[Problem], problems)
        return None


def _problems(session: Session) -> list[Problem]:
    """What would stop the app from loading the session's annotation file (empty: nothing).

    The file is validated as the app will load it, without re-anchoring (the app does that).
    """
    from annotations.store import load_store

    try:
        load_store(session.annotation_path, session.document)
    except PolicyAnnotateError as error:
        return list(error.problems)
    return []


def _well_formed(computed: dict[object, object], problems: list[object]) -> bool:
    """Whether the child's answer holds what it should (an answer is checked, not trusted)."""
    index, sha256 = computed.get("text_index"), computed.get("sha256")
    return (
        set(computed) <= set(COMPUTED)
        and (index is None or isinstance(index, TextIndex))
        and (sha256 is None or isinstance(sha256, str))
        and all(isinstance(p, Problem) for p in problems)
    )


PIPE_SIZE = 1 << 20
"""What the pipe holds (Linux; elsewhere its default): a 10 MB document's index is ~1.6 MB, and
in a 64 KB pipe the child would wait for the parent after each 64 KB."""


def _widen(pipe: int) -> None:
    """Let the pipe hold PIPE_SIZE bytes where the system allows it (Linux's F_SETPIPE_SZ)."""
    import fcntl

    set_size = getattr(fcntl, "F_SETPIPE_SZ", None)
    if set_size is not None:
        with contextlib.suppress(OSError):
            fcntl.fcntl(pipe, set_size, PIPE_SIZE)


def _can_fork() -> bool:
    """Whether forking is possible and safe: the system has fork and only this thread runs."""
    return hasattr(os, "fork") and threading.active_count() == 1


def _silence_output() -> None:
    """Point the child's standard output and error at /dev/null: the terminal is the parent's."""
    with contextlib.suppress(OSError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.dup2(null, 2)
        os.close(null)
