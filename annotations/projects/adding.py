"""Adding documents to a project: each file checked, hashed and copied in, many at once.

A file is read, hashed (sha256 of its bytes), read as a document (text files decoded, HTML,
Word and PDF through their importer, whose extraction is cached) so that an unreadable file is
refused before it enters the project, then copied to ``documents/ID.EXT`` (atomically). The
project file keeps the original file, as ``init`` does: annotation files record the importer
and the source digest, and the text is extracted again (or taken from the cache) when needed.

The files are handled by a pool of threads (``concurrent.futures``): for a text file the time
goes to reading, hashing and fsyncing the copy, which release the GIL. Reading a Word or PDF file
as a document is Python work that holds it (python-docx, our PDF layout code), so those are read
in a pool of worker processes (``ProcessPoolExecutor``, started with "spawn": the threads must not
be forked), as many as the threads, only when the batch has such files; the thread copying the
file waits for its answer. Measured figures are in benchmarks/README.md, "Projects". A bad file
or a duplicate is reported and skipped, never aborting the batch.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from contextlib import ExitStack
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

from annotations.errors import PolicyAnnotateError, Problem
from annotations.projects.model import ProjectDocument
from annotations.projects.project import Project
from annotations.regular_files import read_regular_file

DOCUMENTS_FOLDER = "documents"
"""Where ``project add`` puts the documents it copies in, in the project folder."""
WORKERS = 2
PROCESS_SUFFIXES = frozenset({".docx", ".pdf"})
"""Files read as documents in worker processes (their reading holds the GIL)."""

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


def title_or_problems(path: Path, data: bytes, name: str) -> str | list[Problem]:
    """``read_as_document``'s title, or its problems as a value (run in a worker process, whose
    exceptions would have to cross back)."""
    try:
        return read_as_document(path, data, name)
    except PolicyAnnotateError as error:
        return error.problems


def _title(path: Path, data: bytes, name: str, processes: Executor | None) -> str | list[Problem]:
    """The title of a source read as a document, in a worker process if it is Word or PDF and
    there is a pool (in this thread if the pool broke)."""
    if processes is not None and path.suffix.lower() in PROCESS_SUFFIXES:
        try:
            return processes.submit(title_or_problems, path, data, name).result()
        except (BrokenProcessPool, OSError):
            pass
    return title_or_problems(path, data, name)


def _read(source: Source) -> bytes | Problem:
    """The bytes of a source, or why they cannot be read."""
    if source.data is not None:
        return source.data
    path = source.path if source.path is not None else Path(source.name)
    try:
        return read_regular_file(path)
    except FileNotFoundError:
        return Problem(source.name, "no such file; skipped")
    except IsADirectoryError:
        return Problem(source.name, "is a folder, not a document; skipped")
    except OSError as error:
        return Problem(source.name, f"cannot be read ({error.strerror}); skipped")


def _digest(source: Source) -> str | Problem:
    """The sha256 of a source's bytes, or why they cannot be read."""
    data = _read(source)
    return data if isinstance(data, Problem) else hashlib.sha256(data).hexdigest()


def _add_one(
    project: Project,
    source: Source,
    digest: str,
    document_id: str,
    processes: Executor | None = None,
) -> Added:
    """Check one source as a document (Word and PDF in ``processes``, if given) and copy it into
    the project; never raises for a bad one."""
    from annotations.session.files import atomic_write

    name = source.name
    data = _read(source)
    if isinstance(data, Problem):
        return Added(name, problem=data)
    title = _title(source.path or Path("text" + source.suffix), data, name, processes)
    if not isinstance(title, str):
        message = "; ".join(p.message for p in title)
        return Added(name, problem=Problem(name, f"{message}; skipped"))
    relative = f"{DOCUMENTS_FOLDER}/{document_id}{source.suffix}"
    try:
        atomic_write(
            project.folder / DOCUMENTS_FOLDER / f"{document_id}{source.suffix}",
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
    processes: bool = True,
) -> list[Added]:
    """Add ``sources`` to ``project`` (in memory: the caller saves the project file).

    Each source is copied to ``documents/ID.EXT``; a file that cannot be read as a document, or
    whose bytes are those of a document already in the project (or earlier in the batch), is
    skipped with a problem. ``on_done`` hears of each source as it finishes (on the calling
    thread); ``workers`` threads and, with ``processes`` and more than one worker, as many worker
    processes for Word and PDF files. Returns one ``Added`` per source, in the order given; the added documents are
    appended to the project in that order. Which of two identical files is kept, and which
    ids files of the same name get, follow the order given, whatever the threads do.
    """
    items = list(sources)
    taken = {document.id for document in project.model.documents}
    taken |= {path.stem for path in _existing(project.folder / DOCUMENTS_FOLDER)}
    known = {d.sha256: d.path for d in project.model.documents if d.sha256 is not None}
    (project.folder / DOCUMENTS_FOLDER).mkdir(parents=True, exist_ok=True)
    results: dict[int, Added] = {}

    def finish(index: int, added: Added) -> None:
        results[index] = added
        if on_done is not None:
            on_done(added)

    heavy = sum(source.suffix in PROCESS_SUFFIXES for source in items)
    with ExitStack() as stack:
        readers = None
        if heavy and workers > 1 and processes:
            readers = stack.enter_context(
                ProcessPoolExecutor(min(workers, heavy), mp_context=get_context("spawn"))
            )
        pool = stack.enter_context(ThreadPoolExecutor(max_workers=max(1, workers)))
        digests = list(pool.map(_digest, items))
        futures = {}
        for index, (source, digest) in enumerate(zip(items, digests, strict=True)):
            if isinstance(digest, Problem):
                finish(index, Added(source.name, problem=digest))
                continue
            if digest in known:
                problem = Problem(source.name, f"is the same as {known[digest]}; skipped")
                finish(index, Added(source.name, problem=problem))
                continue
            known[digest] = source.name
            document_id = document_id_for(source.stem, taken)
            taken.add(document_id)
            future = pool.submit(_add_one, project, source, digest, document_id, readers)
            futures[future] = index
        for future in as_completed(futures):
            finish(futures[future], future.result())
    ordered = [results[i] for i in range(len(items))]
    project.model.documents.extend(a.document for a in ordered if a.document is not None)
    return ordered


def _existing(folder: Path) -> list[Path]:
    try:
        return list(folder.iterdir())
    except OSError:
        return []
