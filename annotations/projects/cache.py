"""The project cache: what the cross-document commands need from each file, in SQLite.

Never the source of truth. ``FactsReader`` gives an annotation file's facts
(:mod:`annotations.projects.facts`) and a document's digest, from the cache when the file is the
one the cache saw, else by reading the file (and then remembering it). A file is the one seen
when its size, modification and change times (``mtime_ns``, ``ctime_ns``) and inode are those
recorded; when any differs, its bytes are hashed and, if the sha256 is the recorded one (a
``touch``, a checkout that rewrote the same bytes), the rows are kept, else the file is read
again. As git does for its index, a file changed less than ``RACY_NS`` before it was recorded is
always confirmed by its sha256 (a change in the same clock tick keeps the times). The cache also
records the folder tree an annotation file may name its document in (the checks that depend on
it are re-run when it changes) and, for a document, the importer's version.

A cache that cannot be opened, is of another schema or version, is corrupt, locked or
read-only is rebuilt or bypassed without a word: the outputs are those of reading the files.
It lives in the user's cache folder (``$XDG_CACHE_HOME/policy-annotate/projects/``, else
``~/.cache/...``), one SQLite file per project folder (named after the sha256 of its absolute
path), never in the project: deleting that folder is always safe.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import sqlite3
import stat
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from functools import cache
from pathlib import Path
from typing import Any

from annotations import __version__
from annotations.errors import PolicyAnnotateError, Problem
from annotations.format.model import Principle
from annotations.projects.facts import AnnotationFacts, FileFacts, ReadOutcome, read_facts
from annotations.projects.project import Project
from annotations.projects.tally import (
    FileQuotes,
    FileTally,
    file_tally,
    quotes_of_json,
    tally_of_json,
    to_json,
)

SCHEMA_VERSION = 2
"""Bumped whenever the tables or what a row means change: an older cache is rebuilt."""
GENERATOR = f"policy-annotate {__version__} cache {SCHEMA_VERSION}"
RACY_NS = 2_000_000_000
"""A file modified this close to when it was recorded is confirmed by its sha256."""
BATCH = 256
"""Files written to the cache per transaction."""
TIMEOUT_S = 0.5
"""How long to wait for another command's write before going on without the cache."""

_SCHEMA = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE files (path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, "
    "ctime_ns INTEGER, inode INTEGER, checked_ns INTEGER, sha256 TEXT, context TEXT, "
    "problems TEXT, document_path TEXT, document_sha256 TEXT, length INTEGER, "
    "principles TEXT, recommendations TEXT, authors TEXT, stale INTEGER, spans TEXT, tally TEXT, "
    "quotes TEXT)",
    "CREATE TABLE annotations (path TEXT, position INTEGER, id TEXT, author TEXT, "
    "start INTEGER, end INTEGER, stance TEXT, principles TEXT, recommendations TEXT, "
    "quote TEXT, note TEXT, stale INTEGER, created TEXT, updated TEXT, "
    "PRIMARY KEY (path, position)) WITHOUT ROWID",
    "CREATE TABLE documents (path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, "
    "ctime_ns INTEGER, inode INTEGER, checked_ns INTEGER, sha256 TEXT, context TEXT, "
    "digest TEXT, problem TEXT)",
)
_TABLES = ("meta", "files", "annotations", "documents")

Stamp = tuple[int, int, int, int]
"""size, mtime_ns, ctime_ns, inode."""


def cache_folder() -> Path:
    """Where project caches live: ``$XDG_CACHE_HOME/policy-annotate/projects`` (an absolute
    ``XDG_CACHE_HOME``), else ``~/.cache/policy-annotate/projects``."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    root = Path(base) if base and os.path.isabs(base) else Path.home() / ".cache"
    return root / "policy-annotate" / "projects"


def cache_path(project: Project) -> Path:
    """The cache file of a project folder."""
    key = hashlib.sha256(str(project.folder.resolve()).encode("utf-8", "surrogateescape"))
    return cache_folder() / f"{key.hexdigest()[:32]}.sqlite"


def _stamp(info: os.stat_result) -> Stamp:
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


def _racy(info: os.stat_result, checked_ns: int) -> bool:
    return max(info.st_mtime_ns, info.st_ctime_ns) + RACY_NS >= checked_ns


def _sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _problems_json(problems: list[Problem]) -> str:
    return json.dumps([[p.file, p.message, p.line, p.field, p.severity] for p in problems])


def _problems_of(text: str) -> list[Problem]:
    problems = [
        Problem(f, m, line, field, severity) for f, m, line, field, severity in json.loads(text)
    ]
    if not problems or not all(isinstance(p.message, str) for p in problems):
        raise ValueError("no problems recorded")
    return problems


class FactsReader:
    """Annotation files' facts and documents' digests, through the project's cache if it can.

    Use it as a context manager (or call ``close``): what was read is written to the cache in
    batches and at the end. ``use_cache=False`` reads every file and touches no cache;
    ``annotations=False`` gives files' counts only (their ``annotations`` are not read from the
    cache, and asking for them raises RuntimeError); ``tallies=True`` reads each file's
    ``tally`` from the cache too (else it is counted from the annotations when asked for).
    Every row is read at once on the first look (one query, not thousands); ``few=True`` looks
    each one up by its path instead, for a reader of a handful of files (one document's: all
    4,000 rows of a large project took ~30 ms to read one).
    """

    def __init__(
        self,
        project: Project,
        *,
        use_cache: bool = True,
        annotations: bool = True,
        tallies: bool = False,
        few: bool = False,
    ) -> None:
        self._project = project
        self._with_annotations = annotations
        self._with_tallies = tallies
        self._few = few
        self._db: sqlite3.Connection | None = None
        self._path: Path | None = None
        self._writable = True
        self._pending: list[tuple[str, tuple[Any, ...]]] = []
        self._pending_files = 0
        self._contexts: dict[Path, str] = {}
        self._rows: dict[str, tuple[Any, ...]] | None = None
        self._document_rows: dict[str, tuple[Any, ...]] | None = None
        self._principles: dict[str, tuple[Principle, ...]] = {}
        self._recommendations: dict[str, tuple[tuple[str, str], ...]] = {}
        if use_cache:
            self._path = cache_path(project)
            self._db = self._open(self._path)

    def __enter__(self) -> FactsReader:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- opening -----------------------------------------------------------------------------

    def _open(self, path: Path) -> sqlite3.Connection | None:
        """The cache's connection (created or rebuilt if need be), or None to go without."""
        for attempt in range(2):
            try:
                return self._connect(path)
            except (sqlite3.OperationalError, sqlite3.ProgrammingError, OSError):
                return None  # locked, read-only, no cache folder: go without
            except sqlite3.DatabaseError:  # corrupt, not a database: start again, once
                if attempt == 0:
                    _remove(path)
            except sqlite3.Error:
                return None
        return None

    def _connect(self, path: Path) -> sqlite3.Connection:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(path, timeout=TIMEOUT_S, isolation_level=None)
        try:
            db.execute("PRAGMA synchronous = NORMAL")
            version = db.execute("PRAGMA user_version").fetchone()[0]
            generator = None
            if version == SCHEMA_VERSION:
                row = db.execute("SELECT value FROM meta WHERE key = 'generator'").fetchone()
                generator = row[0] if row else None
            if version != SCHEMA_VERSION or generator != GENERATOR:
                self._create(db)
            elif db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                db.execute("PRAGMA journal_mode = WAL")
        except BaseException:
            db.close()
            raise
        return db

    def _create(self, db: sqlite3.Connection) -> None:
        """Drop whatever is there and create the tables (in one transaction)."""
        with suppress(sqlite3.Error):
            db.execute("PRAGMA journal_mode = WAL")
        db.execute("BEGIN IMMEDIATE")
        try:
            names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
            for name in names:
                db.execute(f'DROP TABLE "{name}"')
            for statement in _SCHEMA:
                db.execute(statement)
            db.executemany(
                "INSERT INTO meta VALUES (?, ?)",
                [("generator", GENERATOR), ("project", str(self._project.folder.resolve()))],
            )
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def close(self) -> None:
        """Write what is pending and close the cache."""
        if self._db is None:
            return
        self._flush()
        with suppress(sqlite3.Error):
            self._db.close()
        self._db = None

    def _failed(self, error: sqlite3.Error) -> None:
        """The cache failed while in use: go on without it; a corrupt one is removed, to be
        rebuilt by the next command."""
        if self._db is not None:
            with suppress(sqlite3.Error):
                self._db.close()
        self._db = None
        corrupt = isinstance(error, sqlite3.DatabaseError) and not isinstance(
            error, sqlite3.OperationalError
        )
        if corrupt and self._path is not None:
            _remove(self._path)

    # -- annotation files ----------------------------------------------------------------------

    def facts(self, path: Path) -> ReadOutcome:
        """The facts of the annotation file at ``path``, or the problems that make it unusable."""
        if self._db is None:
            return read_facts(path)[0]
        checked = time.time_ns()
        try:
            info = os.stat(path)
        except OSError:
            return read_facts(path)[0]  # it says why
        key = str(path)
        context = self._context(path)
        try:
            row = self._file_row(self._db, key)
            if row is not None and row[6] == context:
                same = (row[0], row[1], row[2], row[3]) == _stamp(info)
                if same and not _racy(info, row[4]):
                    return self._decoded(path, row)
                if _sha256(path) == row[5]:
                    self._queue(
                        "UPDATE files SET size = ?, mtime_ns = ?, ctime_ns = ?, inode = ?, "
                        "checked_ns = ? WHERE path = ?",
                        (*_stamp(info), checked, key),
                    )
                    return self._decoded(path, row)
        except sqlite3.Error as error:
            self._failed(error)
        except (ValueError, TypeError, KeyError, IndexError):
            pass  # a row that does not decode: read the file and replace it
        outcome, digest = read_facts(path)
        if digest is not None and not _names_document(outcome):
            self._remember(key, info, checked, digest, context, outcome)
        return outcome

    def _file_row(self, db: sqlite3.Connection, key: str) -> tuple[Any, ...] | None:
        """The cached row of the file at ``key`` (without its path), if there is one."""
        query = (
            "SELECT path, size, mtime_ns, ctime_ns, inode, checked_ns, sha256, "
            "context, problems, document_path, document_sha256, length, principles, "
            "recommendations, authors, stale, spans, "
            f"{'tally' if self._with_tallies else 'NULL'} FROM files"
        )
        if self._few:
            found = db.execute(f"{query} WHERE path = ?", (key,)).fetchone()
            return None if found is None else tuple(found[1:])
        if self._rows is None:  # every file's row at once: one query, not thousands
            self._rows = {row[0]: row[1:] for row in db.execute(query)}
        return self._rows.get(key)

    def _document_row(self, db: sqlite3.Connection, key: str) -> tuple[Any, ...] | None:
        """The cached row of the document at ``key`` (without its path), if there is one."""
        query = (
            "SELECT path, size, mtime_ns, ctime_ns, inode, checked_ns, sha256, "
            "context, digest, problem FROM documents"
        )
        if self._few:
            found = db.execute(f"{query} WHERE path = ?", (key,)).fetchone()
            return None if found is None else tuple(found[1:])
        if self._document_rows is None:
            self._document_rows = {row[0]: row[1:] for row in db.execute(query)}
        return self._document_rows.get(key)

    def _context(self, path: Path) -> str:
        """What an annotation file's checks depend on besides its bytes: its folder (links
        resolved) and the folder tree it may name a document in."""
        folder = path.parent
        context = self._contexts.get(folder)
        if context is None:
            from annotations.format.document_path import folder_tree

            try:
                context = f"{folder.resolve()}\n{folder_tree(path)}"
            except (OSError, RuntimeError):
                context = ""
            self._contexts[folder] = context
        return context

    def _decoded(self, path: Path, row: tuple[Any, ...]) -> ReadOutcome:
        if row[7] is not None:
            return _problems_of(row[7])
        document_path = row[8]
        if not isinstance(document_path, str) or not _trusted_target(path, document_path):
            raise ValueError("the document's path is checked by reading the file")
        authors = tuple((str(a), int(n)) for a, n in json.loads(row[13]))
        annotations = self._annotations_of(str(path), row[5], sum(n for _a, n in authors))
        read_annotations = _not_read if annotations is None else lambda: annotations
        tally = tally_of_json(row[16]) if self._with_tallies else None
        if tally is not None and tally.annotations != sum(n for _a, n in authors):
            raise ValueError("the tally does not count the file's annotations")
        read_tally, read_quotes = self._tally_readers(path, row[5], tally, read_annotations)
        return FileFacts(
            document_path=document_path,
            sha256=row[9],
            length=int(row[10]),
            principles=self._principles_of(row[11]),
            recommendations=self._recommendations_of(row[12]),
            authors=authors,
            stale=int(row[14]),
            spans=tuple((int(s), int(e)) for s, e in json.loads(row[15])),
            read_annotations=read_annotations,
            read_tally=read_tally,
            read_quotes=read_quotes,
        )

    def _tally_readers(
        self,
        path: Path,
        sha256: str,
        tally: FileTally | None,
        read_annotations: Callable[[], tuple[AnnotationFacts, ...]],
    ) -> tuple[Callable[[], FileTally], Callable[[], FileQuotes]]:
        """How a cached file's tally and quotes are given: the tally read with its row, its
        quotes read when asked for (a summary shows a few); without a cached tally, both are
        counted from the annotations."""
        if tally is None:
            counted = cache(lambda: file_tally(read_annotations()))
            return (lambda: counted()[0]), (lambda: counted()[1])
        return (lambda: tally), cache(lambda: self._quotes(path, sha256, len(tally.pairs)))

    def _quotes(self, path: Path, sha256: str, count: int) -> FileQuotes:
        """A file's quotes, from its row if it still has the ``sha256`` its tally came with,
        else from the file if its bytes still have it. A file that changed in between cannot
        give the quotes of the tally read: a one-line error, to run the command again."""
        with suppress(sqlite3.Error, ValueError, TypeError):
            row = None
            if self._db is not None:
                row = self._db.execute(
                    "SELECT quotes FROM files WHERE path = ? AND sha256 = ?", (str(path), sha256)
                ).fetchone()
            if row is not None:
                quotes = quotes_of_json(row[0])
                if len(quotes) == count:
                    return quotes
        outcome, digest = read_facts(path)
        if isinstance(outcome, FileFacts) and digest == sha256:
            return outcome.quotes
        message = "changed while it was being read; run the command again"
        raise PolicyAnnotateError([Problem(str(path), message)])

    def _annotations_of(
        self, key: str, sha256: str, count: int
    ) -> tuple[AnnotationFacts, ...] | None:
        """A file's annotation rows (None if this reader was asked for counts only). They are
        read in one statement with the file's row, which must still have the ``sha256`` the
        file's facts came with: rows that another command replaced meanwhile are not mixed in."""
        if not self._with_annotations:
            return None
        assert self._db is not None
        rows = self._db.execute(
            "SELECT a.id, a.author, a.start, a.end, a.stance, a.principles, a.recommendations, "
            "a.quote, a.note, a.stale, a.created, a.updated FROM annotations AS a "
            "JOIN files AS f ON f.path = a.path WHERE a.path = ? AND f.sha256 = ? "
            "ORDER BY a.position",
            (key, sha256),
        ).fetchall()
        if len(rows) != count:
            raise ValueError("the cached rows changed meanwhile: read the file")
        return tuple(
            AnnotationFacts(
                i,
                author,
                start,
                end,
                stance,
                tuple(principles.split(" ")) if principles else (),
                tuple(recommendations.split(" ")) if recommendations else (),
                quote,
                note,
                stale == 1,
                created,
                updated,
            )
            for i, author, start, end, stance, principles, recommendations, quote, note, stale, created, updated in rows
        )

    def _principles_of(self, text: str) -> tuple[Principle, ...]:
        found = self._principles.get(text)
        if found is None:
            found = self._principles[text] = tuple(
                Principle.model_validate(item) for item in json.loads(text)
            )
        return found

    def _recommendations_of(self, text: str) -> tuple[tuple[str, str], ...]:
        found = self._recommendations.get(text)
        if found is None:
            found = self._recommendations[text] = tuple(
                (str(i), str(t)) for i, t in json.loads(text)
            )
        return found

    def _remember(
        self,
        key: str,
        info: os.stat_result,
        checked: int,
        digest: str,
        context: str,
        outcome: ReadOutcome,
    ) -> None:
        stamp = (*_stamp(info), checked, digest, context)
        self._queue("DELETE FROM annotations WHERE path = ?", (key,))
        if not isinstance(outcome, FileFacts):
            self._queue(
                "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, "
                "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)",
                (key, *stamp, _problems_json(outcome)),
            )
        else:
            principles = json.dumps([p.model_dump(mode="json") for p in outcome.principles])
            self._queue(
                "INSERT OR REPLACE INTO files VALUES "
                "(?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    key,
                    *stamp,
                    outcome.document_path,
                    outcome.sha256,
                    outcome.length,
                    principles,
                    json.dumps(outcome.recommendations),
                    json.dumps(outcome.authors),
                    outcome.stale,
                    json.dumps(outcome.spans),
                    to_json(outcome.tally),
                    to_json(outcome.quotes),
                ),
            )
            for position, a in enumerate(outcome.annotations):
                self._queue(
                    "INSERT INTO annotations VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        key,
                        position,
                        a.id,
                        a.author,
                        a.start,
                        a.end,
                        a.stance,
                        " ".join(a.principles),
                        " ".join(a.recommendations),
                        a.quote,
                        a.note,
                        int(a.stale),
                        a.created,
                        a.updated,
                    ),
                )
        self._pending_files += 1
        if self._pending_files >= BATCH:
            self._flush()

    # -- documents -------------------------------------------------------------------------------

    def digest(self, path: Path) -> str | Problem:
        """The sha256 of the document's normalised text now, or why it cannot be read."""
        if self._db is None:
            return _load_digest(path)
        from annotations.documents.importers import IMPORTED_SUFFIXES, importer_version

        checked = time.time_ns()
        try:
            info = os.stat(path)
            imported = path.suffix.lower() in IMPORTED_SUFFIXES
            context = importer_version(path) if imported else "text"
        except OSError:
            return _load_digest(path)
        key = str(path)
        try:
            row = self._document_row(self._db, key)
        except sqlite3.Error as error:
            self._failed(error)
            return _load_digest(path)
        sha = None
        if row is not None and row[6] == context:
            same = (row[0], row[1], row[2], row[3]) == _stamp(info)
            confirmed = same and not _racy(info, row[4])
            if not confirmed:
                sha = _sha256(path)
                confirmed = sha is not None and sha == row[5]
            if confirmed:
                with suppress(ValueError, TypeError, KeyError, IndexError):
                    found = row[7] if row[8] is None else _problems_of(row[8])[0]
                    if isinstance(found, (str, Problem)):
                        if sha is not None:
                            self._queue(
                                "UPDATE documents SET size = ?, mtime_ns = ?, ctime_ns = ?, "
                                "inode = ?, checked_ns = ? WHERE path = ?",
                                (*_stamp(info), checked, key),
                            )
                        return found
        sha = sha or _sha256(path)
        outcome = _load_digest(path)
        if sha is not None:
            problem = None if isinstance(outcome, str) else _problems_json([outcome])
            self._queue(
                "INSERT OR REPLACE INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    key,
                    *_stamp(info),
                    checked,
                    sha,
                    context,
                    outcome if isinstance(outcome, str) else None,
                    problem,
                ),
            )
        return outcome

    # -- writing ---------------------------------------------------------------------------------

    def _queue(self, statement: str, values: tuple[Any, ...]) -> None:
        if self._db is not None and self._writable:
            self._pending.append((statement, values))

    def _flush(self) -> None:
        """Write what is pending in one transaction; a locked or read-only cache is left as it
        was (and not written again by this reader)."""
        pending, self._pending, self._pending_files = self._pending, [], 0
        if self._db is None or not self._writable or not pending:
            return
        try:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                for statement, values in pending:
                    self._db.execute(statement, values)
                self._db.execute("COMMIT")
            except BaseException:
                with suppress(sqlite3.Error):
                    self._db.execute("ROLLBACK")
                raise
        except sqlite3.OperationalError:
            self._writable = False  # locked by another command, or read-only: not written
        except sqlite3.Error as error:
            self._failed(error)


def _trusted_target(path: Path, document_path: str) -> bool:
    """Whether the verdict on ``[document].path`` recorded for ``path`` still holds without
    reading the file: the document is named in the file's own folder (whose links the cache's
    context records) and is not itself a symbolic link now."""
    name = posixpath.normpath(document_path)
    if "/" in name or name in {".", ".."}:
        return False
    try:
        target = os.path.join(os.path.dirname(path), name)
        return not stat.S_ISLNK(os.lstat(target).st_mode)
    except OSError:
        return True  # a missing document: its name alone decided the verdict


def _not_read() -> tuple[AnnotationFacts, ...]:
    raise RuntimeError("this FactsReader reads counts only (annotations=False)")


def _names_document(outcome: ReadOutcome) -> bool:
    """Whether the file was refused for its ``[document].path``: a verdict that depends on the
    document (a link, say), not only on the file's bytes, so it is not remembered."""
    return not isinstance(outcome, FileFacts) and any(p.field == "document.path" for p in outcome)


def _load_digest(path: Path) -> str | Problem:
    """The sha256 of the document's normalised text, or why it cannot be read."""
    from annotations.documents.document import load_document

    try:
        return load_document(path).sha256
    except PolicyAnnotateError as error:
        return error.problems[0]


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        with suppress(OSError):
            Path(f"{path}{suffix}").unlink()


@contextmanager
def facts_reader(
    project: Project,
    *,
    use_cache: bool = True,
    annotations: bool = True,
    tallies: bool = False,
    few: bool = False,
) -> Iterator[FactsReader]:
    """A ``FactsReader`` (see there) closed, its pending rows written, at the end of the block."""
    reader = FactsReader(
        project, use_cache=use_cache, annotations=annotations, tallies=tallies, few=few
    )
    try:
        yield reader
    finally:
        reader.close()
