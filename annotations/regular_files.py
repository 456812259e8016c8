"""Reading a file the user named: a pipe, a socket or a device is refused before it is opened
(opening a pipe waits for a writer forever; ``/dev/zero`` never ends)."""

from __future__ import annotations

import errno
import stat
from pathlib import Path

NOT_REGULAR = "not a regular file (a pipe or a device)"


class NotARegularFile(OSError):
    """The path is a pipe, a socket or a device: not opened (its ``strerror`` says so)."""

    def __init__(self, path: Path) -> None:
        super().__init__(errno.EINVAL, NOT_REGULAR, str(path))


def check_regular(path: Path) -> None:
    """Raise NotARegularFile if ``path`` is a pipe, a socket or a device; a folder, a missing
    file or one that cannot be looked at is left for opening it to report."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        raise NotARegularFile(path)


def read_regular_file(path: Path) -> bytes:
    """The bytes of the file at ``path``, refusing a pipe, a socket or a device first
    (NotARegularFile); otherwise as ``Path.read_bytes`` (FileNotFoundError, IsADirectoryError…)."""
    check_regular(path)
    return path.read_bytes()
