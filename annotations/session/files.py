"""Files on disk: atomic, synced writes that keep a backup, and what a file was when read.

A save writes a temporary file in the same folder, flushes and fsyncs it, keeps the previous
version as ``FILE.bak`` and renames the new one into place with ``os.replace``: a crash at any
point leaves either the old file or the new one, never a mix. A file that changed on disk since
it was read (another analyst, a ``git pull``) is never overwritten unless the caller insists.
No pydantic here: the app saves its reading position through this module before the annotation
file's models are loaded.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import posixpath
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from annotations.documents.display import utf8_name
from annotations.errors import (
    DocumentError,
    FileChangedError,
    ReadOnlyError,
    SaveError,
    UnwritableError,
)


@dataclass(frozen=True, slots=True)
class DiskState:
    """What a file on disk was when it was last read or written."""

    mtime_ns: int
    size: int
    sha256: str


def disk_state(path: Path, data: bytes) -> DiskState:
    """The state of ``path`` whose content is ``data``."""
    info = path.stat()
    return DiskState(info.st_mtime_ns, info.st_size, hashlib.sha256(data).hexdigest())


Stamp = tuple[int, int]
"""A file's size and modification time in nanoseconds (``os.stat``): cheap to take, and what
a watch compares to notice a change (the content is compared by sha256 after)."""


def stamp_of(path: Path | str) -> Stamp | None:
    """The file's (size, mtime_ns), or None when it cannot be looked at (gone, unreadable)."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns


def changed_on_disk(path: Path, expected: DiskState | None) -> bool:
    """Whether the content of ``path`` differs from ``expected`` (a file that appeared counts as
    changed). The bytes are compared by sha256: a copy that kept the size and the modification
    time (``cp -p``, a restore from a backup) is a change all the same."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return False
    except OSError:
        return True
    if expected is None:
        return True
    return hashlib.sha256(data).hexdigest() != expected.sha256


def is_read_only(path: Path) -> bool:
    """Whether ``path`` is an existing file one must not replace: it has no write permission
    for anyone (``chmod a-w``; a rule the owner, even root, set on purpose) or none for us."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not mode & 0o222 or not os.access(path, os.W_OK)


_UNWRITABLE = {errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOENT, errno.ENOTDIR}
"""Why a save fails for good where it is: a read-only folder or file system, a folder gone."""


def atomic_write(
    path: Path,
    data: bytes | Iterable[bytes],
    *,
    expected: DiskState | None,
    overwrite_changed: bool = False,
    backup: bool = True,
) -> DiskState:
    """Write ``data`` (bytes, or pieces of bytes) to ``path`` atomically, keeping ``path.bak``.

    ``expected`` is what the caller last saw on disk (None: the file should not exist yet).
    Raises FileChangedError when the file differs from it, ReadOnlyError when it is read-only
    (``is_read_only``: it is respected, even with ``overwrite_changed``), UnwritableError when
    its folder is read-only or gone, SaveError when the disk refuses otherwise; in every case
    the file on disk is untouched. Temporaries of this file left by a save that
    was killed are removed first (``remove_stale_temporaries``). The lock is taken even when
    ``overwrite_changed``: a writer that checked meanwhile must not rename over the result.
    """
    with _writer_lock(path):
        remove_stale_temporaries(path)
        return _write(
            path, data, expected=expected, overwrite_changed=overwrite_changed, backup=backup
        )


def _temporary_name(path: Path) -> re.Pattern[str]:
    """The names of the temporaries a save of ``path`` writes, with the writer's PID as
    group ``pid``: ``.NAME.PID.RAND.tmp`` (the new file) and ``.NAME.bak.PID.tmp`` (the
    backup being copied)."""
    name = re.escape(path.name)
    return re.compile(rf"\.{name}\.(?:(?P<pid>\d+)\.[0-9a-f]+|bak\.(?P<bak_pid>\d+))\.tmp")


def _process_is_alive(pid: int) -> bool:
    """Whether a process ``pid`` runs on this machine (one of another user counts)."""
    try:
        os.kill(pid, 0)  # signal 0: nothing is sent, the PID is only looked up
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except (OverflowError, OSError):
        return False
    return True


def remove_stale_temporaries(path: Path) -> list[Path]:
    """Remove the temporaries of ``path`` left beside it by a save whose process is dead
    (killed mid-save); returns what was removed. A live process's temporary is never touched,
    nor any other file; where PIDs cannot be checked safely (Windows), nothing is removed."""
    if os.name != "posix":
        return []
    pattern = _temporary_name(path)
    directory = path.parent if str(path.parent) else Path(".")
    removed: list[Path] = []
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return removed
    prefix = f".{path.name}."
    for entry in entries:
        match = pattern.fullmatch(entry.name) if entry.name.startswith(prefix) else None
        if match is None:
            continue
        pid = int(match.group("pid") or match.group("bak_pid"))
        if pid <= 0 or pid == os.getpid() or _process_is_alive(pid):
            continue
        with contextlib.suppress(OSError):
            os.unlink(entry.path)
            removed.append(Path(entry.path))
    return removed


@contextlib.contextmanager
def _writer_lock(path: Path) -> Iterator[None]:
    """Hold an advisory lock (``fcntl.flock``) on the file's folder while checking and
    replacing it, so that of two writers saving over the same file, the second sees the
    first's result as a change on disk. The folder itself is locked, not a sidecar lock file:
    a ``.NAME.lock`` left beside the file would show in ``git status`` and in the folder the
    analysts exchange. Where ``fcntl`` or the lock is unavailable, the file is saved without it."""
    try:
        import fcntl
    except ImportError:  # Windows
        yield
        return
    directory = path.parent if str(path.parent) else Path(".")
    try:
        descriptor = os.open(directory, os.O_RDONLY)
    except OSError:
        yield
        return
    try:
        with contextlib.suppress(OSError):
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock


def _write(
    path: Path,
    data: bytes | Iterable[bytes],
    *,
    expected: DiskState | None,
    overwrite_changed: bool,
    backup: bool,
) -> DiskState:
    name = str(path)
    if is_read_only(path):
        raise ReadOnlyError(
            name, "is read-only; not replaced (make it writable or write another file)"
        )
    if not overwrite_changed and changed_on_disk(path, expected):
        what = (
            "already exists"
            if expected is None
            else "changed on disk since it was read (by another analyst, or a git pull?)"
        )
        raise FileChangedError(name, f"{what}; not overwritten")
    directory = path.parent if str(path.parent) else Path(".")
    temporary = directory / f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
    existed = path.exists()
    try:
        mode = path.stat().st_mode & 0o777 if existed else 0o644
        digest = _write_synced(temporary, data, mode)
        if backup and path.exists():
            backup_path = path.with_name(path.name + ".bak")
            backup_temporary = directory / f".{backup_path.name}.{os.getpid()}.tmp"
            try:
                _write_synced(backup_temporary, _read_pieces(path), mode)
                os.replace(backup_temporary, backup_path)
            finally:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(backup_temporary)
        os.replace(temporary, path)
    except OSError as error:
        reason = error.strerror or str(error)
        if not directory.is_dir():  # say which: the file's folder, not the file, is missing
            reason = f"{reason} (no folder {directory})"
        kind = UnwritableError if error.errno in _UNWRITABLE else SaveError
        left = "the file on disk is unchanged" if existed else "nothing was written"
        raise kind(name, f"not saved: {reason}; {left}") from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)  # gone already after a successful rename
    _sync_directory(directory)
    info = path.stat()
    return DiskState(info.st_mtime_ns, info.st_size, digest)


def _write_synced(path: Path, data: bytes | Iterable[bytes], mode: int) -> str:
    """Write, flush and fsync a new file; returns the sha256 of what was written."""
    hasher = hashlib.sha256()
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        for piece in (data,) if isinstance(data, bytes) else data:
            hasher.update(piece)
            view = memoryview(piece)
            while view:
                written = os.write(descriptor, view)
                view = view[written:]
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    return hasher.hexdigest()


def _read_pieces(path: Path, size: int = 1 << 20) -> Iterator[bytes]:
    with path.open("rb") as stream:
        while piece := stream.read(size):
            yield piece


def _sync_directory(directory: Path) -> None:
    with contextlib.suppress(OSError):
        descriptor = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def relative_document_path(document: Path, annotation_file: Path) -> str:
    """The document's path relative to the annotation file's folder, with POSIX separators."""
    relative = os.path.relpath(document.resolve(), annotation_file.resolve().parent)
    if utf8_name(relative) != relative:  # TOML text, and [document].path, are UTF-8
        raise DocumentError(
            str(document), "its name is not UTF-8; an annotation file cannot name it (rename it)"
        )
    return relative.replace(os.sep, posixpath.sep)


def default_annotation_path(document: Path) -> Path:
    """``NAME.annotations.toml`` beside the document ``NAME.md``."""
    return document.with_name(document.stem + ".annotations.toml")
