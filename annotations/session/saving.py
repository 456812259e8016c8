"""The one home for saving an annotation file: autosave, Ctrl+S, quitting, "overwrite theirs"
and "save my version as a copy" all write through here.

A save is taken in two steps so that the UI thread never waits on the disk: ``SaveRecord.job``
takes a cheap snapshot (on the UI thread), ``SaveJob.run`` serialises and writes it (in a thread
if the caller likes) and never raises, and ``SaveRecord.record`` keeps what came of it. Whether
the file changed on disk is decided in one place, ``files.changed_on_disk``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from annotations.documents.document import Document
from annotations.errors import FileChangedError, ReadOnlyError, SaveError, UnwritableError
from annotations.format.model import AnnotationFile
from annotations.session.files import DiskState, atomic_write, changed_on_disk, is_read_only

SaveStatus = Literal["new", "saved", "unsaved", "saving", "conflict", "read-only", "error"]
"""What the status bar says about saving ("new": no change yet, and no file written yet)."""

Pause = Callable[[], None]
"""Called now and then while serialising (to let a UI thread run)."""


def write_annotation_file(
    path: Path,
    model: AnnotationFile,
    *,
    expected: DiskState | None,
    overwrite_changed: bool = False,
    pause: Pause | None = None,
) -> DiskState:
    """Serialise ``model`` and write it atomically to ``path`` (keeping ``path.bak``).

    Raises FileChangedError when the file on disk is not ``expected``, and SaveError for any
    other failure, serialising included (a bug there must not lose the data in memory).
    """
    from annotations.format.tomlfile import iter_annotation_text

    try:
        pieces = (piece.encode("utf-8") for piece in iter_annotation_text(model, pause))
        return atomic_write(path, pieces, expected=expected, overwrite_changed=overwrite_changed)
    except SaveError:
        raise
    except Exception as error:  # e.g. RecursionError on a deeply nested unknown key
        reason = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
        raise SaveError(
            str(path), f"not saved ({reason}); the file on disk is unchanged"
        ) from error


def copy_path_for(path: Path, whose: str = "mine") -> Path:
    """Where 'save a copy' writes after a conflict: NAME.mine.toml, else the first free
    NAME.mine-2.toml, NAME.mine-3.toml, ... (an earlier copy is never overwritten); ``whose``
    "theirs" for the copy of the changed file a merge keeps (NAME.theirs.toml, ...)."""
    copy = path.with_name(f"{path.stem}.{whose}{path.suffix}")
    number = 2
    while copy.exists():
        copy = path.with_name(f"{path.stem}.{whose}-{number}{path.suffix}")
        number += 1
    return copy


def save_as_suggestion(path: Path) -> Path:
    """The path to offer when ``path`` cannot be written: NAME.mine.toml beside it (see
    ``copy_path_for``) when its folder can be written, else the same in the home folder."""
    folder = path.parent if str(path.parent) else Path(".")
    if not (folder.is_dir() and os.access(folder, os.W_OK | os.X_OK)):
        folder = Path.home()
    return copy_path_for(folder / path.name)


def snapshot(model: AnnotationFile, document: Document, *, any_stale: bool) -> AnnotationFile:
    """A copy of ``model`` to save, safe from later edits (its lists are copied).

    When no annotation is stale, ``[document]`` is brought up to the document as it is now
    (sha256, length, source digest, importer): the annotations were checked against it.
    """
    reference = model.document
    if not any_stale and reference.sha256 != document.sha256:
        reference = reference.model_copy(
            update={
                "sha256": document.sha256,
                "length": document.length,
                "source_sha256": document.source_sha256,
                "importer": document.importer,
            }
        )
    taxonomy = model.taxonomy.model_copy(
        update={"recommendations": list(model.taxonomy.recommendations)}
    )
    return model.model_copy(
        update={"annotations": list(model.annotations), "taxonomy": taxonomy, "document": reference}
    )


@dataclass(frozen=True, slots=True)
class SaveOutcome:
    """What came of a save job: the file's new state, or the error (the data stays in memory)."""

    job: SaveJob
    disk: DiskState | None = None
    error: SaveError | None = None


@dataclass(frozen=True, slots=True)
class SaveJob:
    """One save, ready to run: the snapshot to write, where, and what the file should be now."""

    path: Path
    revision: int
    model: AnnotationFile
    expected: DiskState | None
    overwrite_changed: bool = False

    def run(self, pause: Pause | None = None) -> SaveOutcome:
        """Serialise and write the snapshot (thread-safe: it touches nothing shared); never
        raises, the error is in the outcome."""
        try:
            disk = write_annotation_file(
                self.path,
                self.model,
                expected=self.expected,
                overwrite_changed=self.overwrite_changed,
                pause=pause,
            )
        except SaveError as error:
            return SaveOutcome(self, error=error)
        except Exception as error:  # nothing may leave a save half-finished
            return SaveOutcome(self, error=SaveError(str(self.path), f"not saved ({error!r})"))
        return SaveOutcome(self, disk=disk)


class SaveRecord:
    """Where the annotation file is saved and what is known about it: its state on disk, the
    revision saved last, whether a save is running, a conflict, the last error."""

    def __init__(self, path: Path, disk: DiskState | None, *, saved_revision: int = 0) -> None:
        self.path = path
        self.disk = disk
        """The file as last read or written (None: it does not exist yet)."""
        self.saved_revision = saved_revision
        """The revision of the annotation set that is on disk (-1: none is)."""
        self.in_progress = False
        self.conflict = False
        """The file changed on disk: autosave stops until the user chooses what to do."""
        self.read_only = is_read_only(path)
        """The file is read-only: it is never replaced, the changes wait in memory."""
        self.error: SaveError | None = None
        self.base: AnnotationFile | None = None
        """The annotation file as last read or written (a snapshot): the common ancestor of a
        three-way merge when the file changed on disk (``disk_changes``)."""

    @property
    def needs_new_path(self) -> bool:
        """Whether saving here cannot work (a read-only file, a read-only or deleted folder):
        autosave stops, and the user is offered to save elsewhere."""
        return self.read_only or isinstance(self.error, UnwritableError)

    def status(self, revision: int) -> SaveStatus:
        """What to tell the user about saving, the annotation set being at ``revision``."""
        if self.conflict:
            return "conflict"
        if self.in_progress:
            return "saving"
        if self.read_only:
            return "read-only"
        if self.error is not None:
            return "error"
        if self.saved_revision != revision:
            return "unsaved"
        return "new" if self.disk is None else "saved"

    def changed_on_disk(self) -> bool:
        """Whether the file's content on disk is no longer what was last read or written."""
        return self.disk is not None and changed_on_disk(self.path, self.disk)

    def job(
        self, revision: int, model: AnnotationFile, *, overwrite_changed: bool = False
    ) -> SaveJob:
        """A job saving ``model`` (a snapshot) over the file as last seen."""
        return SaveJob(self.path, revision, model, self.disk, overwrite_changed)

    def record(self, outcome: SaveOutcome) -> None:
        """Keep what came of a job: the new state on disk, or a conflict or error."""
        self.in_progress = False
        if outcome.error is None:
            assert outcome.disk is not None
            self.path = outcome.job.path
            self.disk = outcome.disk
            self.base = outcome.job.model
            self.saved_revision = outcome.job.revision
            self.conflict = False
            self.read_only = False
            self.error = None
        elif isinstance(outcome.error, FileChangedError):
            self.conflict = True
        else:
            self.read_only = isinstance(outcome.error, ReadOnlyError)
            self.error = outcome.error
