"""Adding documents to a project: each file checked, hashed and copied in, many at once.

A file is read, hashed (sha256 of its bytes), read as a document (text files decoded, HTML,
Word and PDF through their importer, whose extraction is cached) so that an unreadable file is
refused before it enters the project, then copied to ``documents/ID.EXT`` (atomically). The
project file keeps the original file, as ``init`` does: annotation files record the importer
and the source digest, and the text is extracted again (or taken from the cache) when needed.

The files are handled by a pool of threads (``concurrent.futures``): the time goes to reading,
hashing, fsyncing the copy and (for Word and PDF) the parsers' C code, which release the GIL;
measured figures (and why not processes) are in benchmarks/README.md, "Projects". A bad file or a duplicate is reported and skipped,
never aborting the batch.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from annotations.errors import PolicyAnnotateError, Problem
from annotations.projects.model import ProjectDocument
from annotations.projects.project import Project

DOCUMENTS_FOLDER = "documents"
"""Where ``project add`` puts the documents it copies in, in the project folder."""
WORKERS = 2

_NOT_ID = re.compile(r"[^A-Za-z0-9._-]+")


def document_id_for(stem: str, taken: set[str]) -> str:
    """A tag id for a document named ``stem``, not in ``taken`` (``-2``, ``-3``... appended)."""
    base = _NOT_ID.sub("-", stem).strip("-._").lower()[:80] or "document"
    if not base[0].isalnum():
        base = "d" + base
    candidate, number = base, 2
    while candidate in taken:
        candidate = f"{base}-{number}"
        number += 1
    return candidate


@dataclass(frozen=True, slots=True)
class Source:
    """Something to add: a file, or (``data`` given) text made from elsewhere, e.g. a CSV row."""

    name: str
    """How messages name it (the file's path, or ``responses.csv:12``)."""
    stem: str
    """What its document id is made from."""
    suffix: str
    """The stored file's extension (``.md``, ``.pdf``...), which also chooses how it is read."""
    path: Path | None = None
    data: bytes | None = None
    attributes: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def file(cls, path: Path, attributes: Mapping[str, str] | None = None) -> Source:
        """A file on disk."""
        return cls(str(path), path.stem, path.suffix.lower(), path, None, attributes or {})


@dataclass(frozen=True, slots=True)
class Added:
    """What became of one source: the document added, or the one-line reason it was skipped."""

    source: str
    document: ProjectDocument | None = None
    problem: Problem | None = None


@dataclass
class _Batch:
    """What the workers share: the ids taken and the digests known, under one lock."""

    project: Project
    lock: threading.Lock = field(default_factory=threading.Lock)
    ids: set[str] = field(default_factory=set)
    digests: dict[str, str] = field(default_factory=dict)
    """sha256 of the bytes → the name of the document (or file) that has them."""


def read_as_document(path: Path, data: bytes, name: str) -> str:
    """Read ``data`` as a document named like ``path`` (its extension chooses how), refusing
    what the app could not open; returns its title. Messages name ``name``."""
    from annotations.documents.document import (
        TEXT_SUFFIXES,
        document_from_bytes,
        imported_document,
    )
    from annotations.documents.importers import IMPORTED_SUFFIXES, REFUSED_SUFFIXES
    from annotations.errors import DocumentError

    suffix = path.suffix.lower()
    if suffix in REFUSED_SUFFIXES:
        raise DocumentError(name, f"cannot be read: it is {REFUSED_SUFFIXES[suffix]}")
    if suffix in IMPORTED_SUFFIXES:
        document = imported_document(path, data, use_cache=True)
    elif suffix in TEXT_SUFFIXES:
        document = document_from_bytes(data, path=path)
    else:
        raise DocumentError(
            name, "is not a document policy-annotate reads (.txt, .md, .html, .docx, .pdf)"
        )
    if not document.text.strip():
        raise DocumentError(name, "has no text")
    return document.title


def _read(source: Source) -> bytes | Problem:
    """The bytes of a source, or why they cannot be read."""
    if source.data is not None:
        return source.data
    path = source.path if source.path is not None else Path(source.name)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return Problem(source.name, "no such file; skipped")
    except IsADirectoryError:
        return Problem(source.name, "is a folder, not a document; skipped")
    except OSError as error:
        return Problem(source.name, f"cannot be read ({error.strerror}); skipped")


def _add_one(batch: _Batch, source: Source) -> Added:
    """Check, hash and copy one source into the project; never raises for a bad one."""
    from annotations.session.files import atomic_write

    name = source.name
    data = _read(source)
    if isinstance(data, Problem):
        return Added(name, problem=data)
    digest = hashlib.sha256(data).hexdigest()
    with batch.lock:
        twin = batch.digests.get(digest)
        if twin is None:
            batch.digests[digest] = name
    if twin is not None:
        return Added(name, problem=Problem(name, f"is the same as {twin}; skipped"))
    try:
        title = read_as_document(source.path or Path("text" + source.suffix), data, name)
    except PolicyAnnotateError as error:
        with batch.lock:
            del batch.digests[digest]
        message = "; ".join(p.message for p in error.problems)
        return Added(name, problem=Problem(name, f"{message}; skipped"))
    with batch.lock:
        document_id = document_id_for(source.stem, batch.ids)
        batch.ids.add(document_id)
    relative = f"{DOCUMENTS_FOLDER}/{document_id}{source.suffix}"
    try:
        atomic_write(
            batch.project.folder / DOCUMENTS_FOLDER / f"{document_id}{source.suffix}",
            data,
            expected=None,
            backup=False,
        )
    except PolicyAnnotateError as error:
        return Added(name, problem=Problem(name, f"{error.problems[0].message}; skipped"))
    document = ProjectDocument(
        id=document_id,
        path=relative,
        title=title,
        sha256=digest,
        attributes=dict(source.attributes),
    )
    return Added(name, document=document)


def add_documents(
    project: Project,
    sources: Iterable[Source],
    *,
    on_done: Callable[[Added], None] | None = None,
    workers: int = WORKERS,
) -> list[Added]:
    """Add ``sources`` to ``project`` (in memory: the caller saves the project file).

    Each source is copied to ``documents/ID.EXT``; a file that cannot be read as a document, or
    whose bytes are those of a document already in the project (or earlier in the batch), is
    skipped with a problem. ``on_done`` hears of each file as it finishes (on the calling
    thread). Returns one ``Added`` per source, in the order given; the added documents are
    appended to the project in that order.
    """
    files = list(sources)
    batch = _Batch(project)
    batch.ids = {document.id for document in project.model.documents}
    batch.ids |= {path.stem for path in _existing(project.folder / DOCUMENTS_FOLDER)}
    for document in project.model.documents:
        if document.sha256 is not None:
            batch.digests[document.sha256] = document.path
    (project.folder / DOCUMENTS_FOLDER).mkdir(parents=True, exist_ok=True)
    results: dict[int, Added] = {}
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        futures = {pool.submit(_add_one, batch, source): i for i, source in enumerate(files)}
        for future in as_completed(futures):
            added = future.result()
            results[futures[future]] = added
            if on_done is not None:
                on_done(added)
    ordered = [results[i] for i in range(len(files))]
    project.model.documents.extend(a.document for a in ordered if a.document is not None)
    return ordered


def _existing(folder: Path) -> list[Path]:
    try:
        return list(folder.iterdir())
    except OSError:
        return []
