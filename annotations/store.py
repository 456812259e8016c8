"""Annotation files on disk: load with every problem reported, save atomically and safely.

A save writes a temporary file in the same folder, flushes and fsyncs it, keeps the previous
version as ``FILE.bak`` and renames the new one into place with ``os.replace``: a crash at any
point leaves either the old file or the new one, never a mix. A file that changed on disk since
it was read (another analyst, a ``git pull``) is never overwritten unless the caller insists.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import posixpath
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from annotations.document import Document, load_document
from annotations.errors import (
    AnnotationFileError,
    DocumentError,
    FileChangedError,
    Problem,
    SaveError,
)
from annotations.model import AnnotationFile, DocumentRef, Taxonomy
from annotations.tomlfile import (
    LineMap,
    dump_annotation_text,
    iter_annotation_text,
    parse_annotation_text,
)
from annotations.validation import check_against_document


@dataclass(frozen=True, slots=True)
class DiskState:
    """What a file on disk was when it was last read or written."""

    mtime_ns: int
    size: int
    sha256: str


@dataclass
class AnnotationStore:
    """An annotation file in memory, with its document and what is on disk."""

    path: Path
    model: AnnotationFile
    document: Document
    disk: DiskState | None = None
    warnings: list[Problem] = field(default_factory=list)

    @property
    def name(self) -> str:
        """The file's path, for messages."""
        return str(self.path)

    def text(self) -> str:
        """The TOML text this store would save."""
        return dump_annotation_text(self.model)

    def save(self, *, overwrite_changed: bool = False) -> DiskState:
        """Save atomically; raises FileChangedError if someone else changed the file meanwhile."""
        pieces = (piece.encode("utf-8") for piece in iter_annotation_text(self.model))
        self.disk = atomic_write(
            self.path,
            pieces,
            expected=self.disk,
            overwrite_changed=overwrite_changed,
        )
        return self.disk


def disk_state(path: Path, data: bytes) -> DiskState:
    """The state of ``path`` whose content is ``data``."""
    info = path.stat()
    return DiskState(info.st_mtime_ns, info.st_size, hashlib.sha256(data).hexdigest())


def changed_on_disk(path: Path, expected: DiskState | None) -> bool:
    """Whether ``path`` differs from ``expected`` (a file that appeared counts as changed)."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return False
    if expected is None:
        return True
    if (info.st_mtime_ns, info.st_size) == (expected.mtime_ns, expected.size):
        return False
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest() != expected.sha256
    except OSError:
        return True


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
    Raises FileChangedError when the file differs from it, SaveError when the disk refuses;
    in both cases the file on disk is untouched.
    """
    name = str(path)
    if not overwrite_changed and changed_on_disk(path, expected):
        what = (
            "already exists"
            if expected is None
            else "changed on disk since it was read (by another analyst, or a git pull?)"
        )
        raise FileChangedError(name, f"{what}; not overwritten")
    directory = path.parent if str(path.parent) else Path(".")
    temporary = directory / f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
    try:
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
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
        raise SaveError(name, f"not saved: {reason}; the file on disk is unchanged") from None
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
    return relative.replace(os.sep, posixpath.sep)


def document_path_of(model: AnnotationFile, annotation_file: Path) -> Path:
    """Where the annotation file says its document is."""
    return annotation_file.parent / Path(*posixpath.normpath(model.document.path).split("/"))


def read_annotation_file(
    path: Path, *, disk: bool = True
) -> tuple[AnnotationFile | None, list[Problem], LineMap | None, DiskState | None]:
    """Read and parse an annotation file; problems are returned, not raised.

    ``disk=False`` skips the DiskState (a sha256 of the file), returning None in its place,
    for a caller that will not save.
    """
    name = str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None, [Problem(name, "no such file")], None, None
    except IsADirectoryError:
        return None, [Problem(name, "is a folder, not an annotation file")], None, None
    except OSError as error:
        return None, [Problem(name, f"cannot be read ({error.strerror or error})")], None, None
    state = disk_state(path, data) if disk else None
    try:
        holder = [data.decode("utf-8").removeprefix("\ufeff")]
    except UnicodeDecodeError as error:
        message = f"not UTF-8 text (byte {error.start}); annotation files are UTF-8 TOML"
        return None, [Problem(name, message)], None, state
    del data

    def reread() -> str:
        return path.read_bytes().decode("utf-8", "replace").removeprefix("\ufeff")

    # The parser gets the only reference to the text and lets go of it before validating,
    # which lowers the peak memory of opening a large file.
    model, problems, lines = parse_annotation_text(holder.pop(), name, source=reread)
    return model, problems, lines, state


def validate_file(path: Path, document: Document | None = None) -> list[Problem]:
    """Every problem with an annotation file, including against its document (warnings too)."""
    model, problems, lines, _state = read_annotation_file(path, disk=False)
    if model is None:
        return problems
    if document is None:
        document_file = document_path_of(model, path)
        try:
            document = load_document(document_file)
        except DocumentError as error:
            line = lines.line_of(("document", "path")) if lines else None
            reason = error.problems[0].message
            return [
                *problems,
                Problem(
                    str(path), f"its document {document_file}: {reason}", line, "document.path"
                ),
            ]
    return problems + check_against_document(model, document, str(path), lines)


def load_store(path: Path, document: Document | None = None) -> AnnotationStore:
    """Load an annotation file and its document, ready to edit.

    Raises AnnotationFileError listing every problem, or DocumentError. A document whose sha256
    differs is accepted: the annotations that no longer match it are listed in ``warnings``
    for the caller to mark, never dropped.
    """
    model, problems, lines, state = read_annotation_file(path)
    errors = [p for p in problems if p.severity == "error"]
    if model is None or errors:
        raise AnnotationFileError(errors or problems)
    if document is None:
        document = load_document(document_path_of(model, path))
    checks = check_against_document(model, document, str(path), lines)
    if model.document.sha256 == document.sha256 and any(p.severity == "error" for p in checks):
        raise AnnotationFileError(checks)
    return AnnotationStore(path=path, model=model, document=document, disk=state, warnings=checks)


def new_store(document: Document, path: Path) -> AnnotationStore:
    """A new, empty annotation file for ``document`` with the default taxonomy (not yet saved)."""
    from annotations.taxonomy_defaults import DEFAULT_PRINCIPLES

    if document.path is None:
        raise ValueError("the document has no path")
    model = AnnotationFile(
        document=DocumentRef(
            path=relative_document_path(document.path, path),
            sha256=document.sha256,
            length=document.length,
            title=document.title,
            source_sha256=document.source_sha256,
            importer=document.importer,
        ),
        taxonomy=Taxonomy(principles=[p.model_copy(deep=True) for p in DEFAULT_PRINCIPLES]),
    )
    return AnnotationStore(path=path, model=model, document=document, disk=None)


def default_annotation_path(document: Path) -> Path:
    """``NAME.annotations.toml`` beside the document ``NAME.md``."""
    return document.with_name(document.stem + ".annotations.toml")
