"""Start-up work done in a forked process while the parent imports Textual.

A broken annotation file must be reported before the app starts (a one-line message, a non-zero
exit), but validating it needs its pydantic models, which take longer to import (~60 ms) than the
app's whole start-up budget allows on top of Textual, and the app's first frame needs none of
them; and a large document's paragraph index takes ~50 ms per 10 MB. So, where the system has
``fork``, a child process indexes the document and validates the annotation file while the parent
imports Textual. It sends two answers through a pipe: first the index, the sha256 and the file's
problems, read before the app starts; then the loaded file itself, read by the app's worker after
the first frame (unpickling 10,000 annotations takes ~0.1 s, validating them again ~0.3 s).
Where there is no ``fork``, or other threads are running (forking those is unsafe), or the child
fails for any reason, the same work is done here instead, before the app starts (or, for the
loaded file, by the app's worker).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import threading
from typing import IO, TYPE_CHECKING, TypedDict, cast

from annotations.documents.document import TextIndex
from annotations.errors import AnnotationFileError, PolicyAnnotateError, Problem
from tui.launch import Session

if TYPE_CHECKING:
    from annotations.session.store import AnnotationStore


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
        self._stream: IO[bytes] | None = None
        self._to_compute = [name for name in COMPUTED if name not in vars(session.document)]
        self._needs_check = session.store is None and not session.is_new_file
        if (self._to_compute or self._needs_check) and _can_fork():
            self._start_child()

    @property
    def forked(self) -> bool:
        """Whether a child process is working for this session."""
        return self._child is not None

    def _start_child(self) -> None:
        read_end, write_end = os.pipe()
        _widen(write_end)
        pid = os.fork()
        if pid == 0:  # the child: work, answer, and leave without running the parent's cleanup
            os.close(read_end)
            status = 1
            try:
                _silence_output()
                with os.fdopen(write_end, "wb") as pipe:
                    self._child_work(pipe)
                status = 0
            finally:
                os._exit(status)
        os.close(write_end)
        self._child, self._stream = pid, os.fdopen(read_end, "rb")

    def _child_work(self, pipe: IO[bytes]) -> None:
        """In the child: compute, check, answer; then send the loaded file if it is fine."""
        document = self._session.document
        computed = {name: getattr(document, name) for name in self._to_compute}
        store, problems = _load(self._session) if self._needs_check else (None, [])
        pickle.dump((computed, problems), pipe)
        pipe.flush()  # the parent reads this before the app starts
        if store is not None:
            pickle.dump((store.model, store.disk, store.warnings), pipe)

    def finish(self) -> None:
        """Take the child's first answer; raise the file's problems (PolicyAnnotateError) if it
        is broken. Without an answer, load the annotation file here (the session keeps it); the
        document is then indexed when first shown, and a new annotation file is created by the
        app after its first frame. If the file is fine, the session's ``preloaded`` takes the
        loaded file from the child later."""
        answer = self._first_answer()
        if answer is None:
            self._end_child()
            if self._needs_check:
                self._session.store, self._session.reanchored = self._session.load_annotations()
            return
        computed, problems = answer
        self._session.document.provide(**computed)
        if problems:
            self._end_child()
            raise AnnotationFileError(problems)
        if self._needs_check:
            self._session.preloaded = self.loaded_store
        else:
            self._end_child()

    def loaded_store(self) -> AnnotationStore | None:
        """The annotation file as the child loaded it (None if it cannot give it: load it)."""
        from annotations.session.store import AnnotationStore

        stream = self._stream
        try:
            if stream is None:
                return None
            model, disk, warnings = pickle.load(stream)
        except Exception:  # a child that died meanwhile: the caller loads the file itself
            return None
        finally:
            self._end_child()
        return AnnotationStore(
            path=self._session.annotation_path,
            model=model,
            document=self._session.document,
            disk=disk,
            warnings=warnings,
        )

    def _first_answer(self) -> tuple[Computed, list[Problem]] | None:
        """What the child computed and the file's problems (empty: the file is fine), or None
        if it gave no answer."""
        if self._stream is None:
            return None
        try:
            answer = pickle.load(self._stream)
        except Exception:  # no answer, or a truncated one: do the work here instead
            return None
        match answer:
            case (dict() as computed, list() as problems) if _well_formed(computed, problems):
                return cast(Computed, computed), cast(list[Problem], problems)
        return None

    def _end_child(self) -> None:
        """Close the pipe and collect the child (which leaves when the pipe closes)."""
        if self._stream is not None:
            self._stream.close()
            self._stream = None
        if self._child is not None:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self._child, 0)
            self._child = None


def _load(session: Session) -> tuple[AnnotationStore | None, list[Problem]]:
    """The session's annotation file loaded as the app will load it (without re-anchoring: the
    app does that), or the problems that stop it."""
    from annotations.session.store import load_store

    try:
        return load_store(session.annotation_path, session.document), []
    except PolicyAnnotateError as error:
        return None, list(error.problems)


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
