"""Zip archives (Word .docx, REFI-QDA .qdpx) read defensively.

A small archive can expand to gigabytes (a zip bomb), and a member's header can understate its
size. Before anything parses an archive, ``check_archive`` refuses one whose members declare or
expand to more than the limits, reading every member in bounded pieces (so a lie in a header
costs no more memory than one piece). ``read_member`` reads one member the same way.
The limits are documented in docs/format.md; ``$POLICY_ANNOTATE_MAX_EXPANDED_MB`` raises them.
"""

from __future__ import annotations

import os
import zipfile
import zlib
from dataclasses import dataclass
from typing import IO

from annotations.errors import DocumentError

PIECE = 1 << 20
DEFAULT_MEMBER_LIMIT = 64 << 20
"""The most a single member may expand to, in bytes (64 MiB: ~20x the largest document seen)."""
DEFAULT_TOTAL_LIMIT = 256 << 20
"""The most a whole archive may expand to, in bytes."""
LIMIT_VARIABLE = "POLICY_ANNOTATE_MAX_EXPANDED_MB"


@dataclass(frozen=True, slots=True)
class ArchiveLimits:
    """How far an archive may expand: per member and in all, in bytes."""

    member: int = DEFAULT_MEMBER_LIMIT
    total: int = DEFAULT_TOTAL_LIMIT

    @classmethod
    def from_environment(cls) -> ArchiveLimits:
        """The default limits, or ``$POLICY_ANNOTATE_MAX_EXPANDED_MB`` megabytes for both."""
        value = os.environ.get(LIMIT_VARIABLE, "").strip()
        if value.isdigit() and int(value) > 0:
            size = int(value) << 20
            return cls(member=size, total=size)
        return cls()


class ArchiveError(DocumentError):
    """An archive that cannot be read safely (damaged, encrypted, or too large once expanded)."""


def _megabytes(size: int) -> str:
    return f"{size / (1 << 20):.0f} MiB"


def _too_large(name: str, what: str, limit: int) -> ArchiveError:
    return ArchiveError(
        name,
        f"{what} expands to more than {_megabytes(limit)} (a zip bomb?); refused "
        f"(set {LIMIT_VARIABLE} to allow more)",
    )


def read_member(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    name: str,
    limits: ArchiveLimits | None = None,
) -> bytes:
    """The bytes of one member, read in bounded pieces; ArchiveError when it is encrypted,
    damaged or larger than the member limit (whatever its header says)."""
    limits = limits or ArchiveLimits.from_environment()
    if info.file_size > limits.member:
        raise _too_large(name, info.filename, limits.member)
    pieces: list[bytes] = []
    size = 0
    with _open_member(archive, info, name) as stream:
        while piece := _read_piece(stream, info, name):
            size += len(piece)
            if size > limits.member:
                raise _too_large(name, info.filename, limits.member)
            pieces.append(piece)
    return b"".join(pieces)


def check_archive(
    archive: zipfile.ZipFile, name: str, limits: ArchiveLimits | None = None
) -> dict[str, int]:
    """Refuse an archive whose members expand past the limits, before it is parsed.

    Every member is expanded in bounded pieces and thrown away, so headers that understate a
    size are caught too. Returns each member's real expanded size.
    """
    limits = limits or ArchiveLimits.from_environment()
    declared = sum(info.file_size for info in archive.infolist())
    if declared > limits.total:
        raise _too_large(name, "the archive", limits.total)
    sizes: dict[str, int] = {}
    total = 0
    for info in archive.infolist():
        if info.file_size > limits.member:
            raise _too_large(name, info.filename, limits.member)
        size = 0
        with _open_member(archive, info, name) as stream:
            while piece := _read_piece(stream, info, name):
                size += len(piece)
                total += len(piece)
                if size > limits.member:
                    raise _too_large(name, info.filename, limits.member)
                if total > limits.total:
                    raise _too_large(name, "the archive", limits.total)
        sizes[info.filename] = size
    return sizes


def _open_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> IO[bytes]:
    if info.flag_bits & 0x1:
        raise ArchiveError(name, f"{info.filename} is encrypted; policy-annotate cannot read it")
    try:
        return archive.open(info)
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, EOFError) as error:
        raise ArchiveError(name, f"{info.filename} cannot be read ({error})") from None


def _read_piece(stream: IO[bytes], info: zipfile.ZipInfo, name: str) -> bytes:
    try:
        return stream.read(PIECE)
    except (zipfile.BadZipFile, zlib.error, RuntimeError, OSError, EOFError) as error:
        raise ArchiveError(name, f"{info.filename} cannot be read ({error})") from None
