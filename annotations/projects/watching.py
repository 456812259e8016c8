"""Noticing that a project's annotation files changed on disk (a teammate's work after a
``git pull``, a file copied in): the board re-reads those documents and marks them.

A look is cheap: the stat (size, mtime_ns) of each annotation file read, and of each folder
holding documents (a file added or removed changes its folder's mtime; then that folder is
listed again and each document's set of files compared). No file is read here; the caller
re-reads the documents found changed (``status.document_status``). Safe to call from a
worker thread while another records. No Textual.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Collection, Iterable
from pathlib import Path

from annotations.projects.layout import annotation_files
from annotations.projects.project import Project
from annotations.session.files import Stamp, stamp_of


class ProjectWatch:
    """The stamps of each document's annotation files as last read, and of its folder."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self._lock = threading.Lock()
        self._files: dict[str, dict[str, Stamp | None]] = {}
        """Per document id: its annotation files' paths and their stamps when last read
        (strings and numbers: nothing for the garbage collector to walk)."""
        self._folders: dict[Path, list[str]] = defaultdict(list)
        """The documents of each folder (by id)."""
        for document in project.model.documents:
            self._folders[project.document_path(document).parent].append(document.id)
        self._folder_stamps = {folder: stamp_of(folder) for folder in self._folders}

    def record(self, document_id: str, files: Iterable[Path | str]) -> None:
        """The document's annotation files were just read: remember their stamps."""
        stamps = {str(path): stamp_of(path) for path in files}
        with self._lock:
            self._files[document_id] = stamps

    def changed(self, skip: Collection[str] = ()) -> list[str]:
        """The documents (recorded, not in ``skip``) whose annotation files changed since they
        were recorded: a stamp moved, a file appeared or went. Their new stamps are recorded
        (each change is reported once), in the project file's order."""
        with self._lock:
            found = set(self._moved_files(skip)) | set(self._moved_folders(skip))
        return [d.id for d in self.project.model.documents if d.id in found]

    def _moved_files(self, skip: Collection[str]) -> list[str]:
        moved = []
        for document_id, stamps in self._files.items():
            if document_id in skip:
                continue
            now = {path: stamp_of(path) for path in stamps}
            if now != stamps:
                self._files[document_id] = now
                moved.append(document_id)
        return moved

    def _moved_folders(self, skip: Collection[str]) -> list[str]:
        """Documents whose set of files changed, in folders whose mtime moved."""
        moved: list[str] = []
        listing: dict[str, list[str]] | None = None
        for folder, documents in self._folders.items():
            stamp = stamp_of(folder)
            if stamp == self._folder_stamps.get(folder):
                continue
            self._folder_stamps[folder] = stamp
            if listing is None:  # one listing of every folder, only when one moved
                listing = {
                    document_id: [str(ref.path) for ref in refs]
                    for document_id, refs in annotation_files(self.project).items()
                }
            for document_id in documents:
                recorded = self._files.get(document_id)
                if document_id in skip or recorded is None:
                    continue
                files = listing.get(document_id, [])
                if set(files) != set(recorded):
                    self._files[document_id] = {path: stamp_of(path) for path in files}
                    moved.append(document_id)
        return moved
