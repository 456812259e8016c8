"""The one home for saving: save jobs, conflicts, copies, and failures that keep the data."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path
from typing import Any

import pytest
from unit_helpers import Project

from annotations.documents.document import load_document
from annotations.errors import FileChangedError, SaveError
from annotations.session.editing_session import EditingSession
from annotations.session.files import changed_on_disk
from annotations.session.saving import copy_path_for, snapshot, write_annotation_file
from annotations.session.store import load_store

THIRD = (42, 63)


def edited_session(project: Project) -> EditingSession:
    session = EditingSession(load_store(project.annotations), "tester")
    session.toggle_tag(THIRD, "principles", "innovation-and-disruption")
    return session


def deeply_nested(depth: int = 5000) -> dict[str, Any]:
    """An unknown key nested deeper than the serialiser can recurse."""
    top: dict[str, Any] = {}
    level = top
    for _ in range(depth):
        level["a"] = {}
        level = level["a"]
    return top


def temporary_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_a_save_job_writes_the_snapshot(project: Project) -> None:
    session = edited_session(project)
    job = session.start_save()
    assert job is not None
    session.toggle_tag((0, 5), "principles", "redesign")  # after the snapshot: not in it
    session.finish_save(job.run())
    assert session.save_status == "unsaved"
    saved = load_store(project.annotations).model.annotations
    assert [(a.start, a.end) for a in saved] == [(0, 19), (20, 40), THIRD]


def test_any_failure_while_serialising_ends_as_a_save_error(project: Project) -> None:
    session = edited_session(project)
    original = project.annotations.read_bytes()
    assert session.model.model_extra is not None
    session.model.model_extra["deep"] = deeply_nested()
    job = session.start_save()
    assert job is not None
    outcome = job.run()
    assert isinstance(outcome.error, SaveError)
    assert "RecursionError" in str(outcome.error)
    session.finish_save(outcome)
    assert session.save_status == "error"
    assert not session.saving  # never stuck "saving"
    assert session.dirty  # kept in memory
    assert session.annotations.exact(*THIRD) is not None
    assert project.annotations.read_bytes() == original
    assert temporary_files(project.folder) == []
    # the blocking save (quitting, the command line) reports it the same way
    error = session.save()
    assert isinstance(error, SaveError)
    assert not session.saving


def test_the_store_saves_through_the_same_function(project: Project) -> None:
    store = load_store(project.annotations)
    assert store.model.model_extra is not None
    store.model.model_extra["deep"] = deeply_nested()
    with pytest.raises(SaveError):
        store.save()
    with pytest.raises(SaveError):
        write_annotation_file(store.path, store.model, expected=store.disk)


def test_a_copy_keeping_size_and_mtime_is_a_change(project: Project, tmp_path: Path) -> None:
    store = load_store(project.annotations)
    data = project.annotations.read_bytes()
    other = tmp_path / "other.toml"
    other.write_bytes(data.replace(b"a-second", b"a-secont"))  # same size
    info = project.annotations.stat()
    os.utime(other, ns=(info.st_atime_ns, info.st_mtime_ns))
    shutil.copy2(other, project.annotations)  # cp -p
    assert project.annotations.stat().st_mtime_ns == info.st_mtime_ns
    assert project.annotations.stat().st_size == info.st_size
    assert changed_on_disk(project.annotations, store.disk)
    session = EditingSession(store, "tester")
    session.toggle_tag(THIRD, "principles", "innovation-and-disruption")
    job = session.start_save()
    assert job is not None
    assert isinstance(job.run().error, FileChangedError)


def test_a_conflict_stops_saving_until_the_user_chooses(project: Project) -> None:
    session = edited_session(project)
    project.edit("Line one", "Line uno")
    assert session.check_disk()
    assert session.save_status == "conflict"
    assert session.start_save() is None
    session.keep_editing_over_conflict()
    job = session.start_save(overwrite_changed=True)
    assert job is not None
    session.finish_save(job.run())
    assert session.save_status == "saved"
    assert "Line uno" not in project.text()


def test_a_conflict_found_by_a_save_job(project: Project) -> None:
    session = edited_session(project)
    project.edit("Line one", "Line uno")
    job = session.start_save()
    assert job is not None
    session.finish_save(job.run())
    assert session.in_conflict
    assert session.save_status == "conflict"
    assert "Line uno" in project.text()


def test_save_my_version_as_a_copy_then_edit_the_copy(project: Project) -> None:
    session = edited_session(project)
    project.edit("Line one", "Line uno")
    session.check_disk()
    theirs = project.text()
    copy = session.save_copy()
    assert copy == project.folder / "doc.annotations.mine.toml"
    assert session.path == copy
    assert not session.in_conflict
    assert not session.dirty
    assert project.text() == theirs
    session.toggle_tag((0, 5), "principles", "redesign")
    assert session.save() is None
    assert len(load_store(copy).model.annotations) == 4
    assert copy_path_for(project.annotations).name == "doc.annotations.mine-2.toml"


def test_the_snapshot_names_the_document_as_it_is_when_nothing_is_stale(project: Project) -> None:
    store = load_store(project.annotations)
    store.model.document.sha256 = "0" * 64
    document = load_document(project.document)
    assert snapshot(store.model, document, any_stale=False).document.sha256 == document.sha256
    assert snapshot(store.model, document, any_stale=True).document.sha256 == "0" * 64
    copied = snapshot(store.model, document, any_stale=False)
    assert copied.annotations == store.model.annotations
    assert copied.annotations is not store.model.annotations


def test_two_writers_over_the_same_base_one_wins(project: Project) -> None:
    first, second = edited_session(project), edited_session(project)
    second.toggle_tag((0, 5), "principles", "redesign")
    jobs = [first.start_save(), second.start_save()]
    outcomes: list[Any] = [None, None]

    def run(index: int) -> None:
        job = jobs[index]
        assert job is not None
        outcomes[index] = job.run()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    errors = [o.error for o in outcomes]
    assert sum(e is None for e in errors) == 1
    assert sum(isinstance(e, FileChangedError) for e in errors) == 1


def test_a_file_not_yet_written_is_new_not_saved(tmp_path: Path) -> None:
    """Before the first save of a new annotation file the status is "new" (the header must not
    say "saved" of a file that does not exist); after it, "saved"."""
    from annotations.session.saving import SaveRecord

    record = SaveRecord(tmp_path / "new.toml", None)
    assert record.status(0) == "new"
    assert record.status(1) == "unsaved"
    record.in_progress = True
    assert record.status(1) == "saving"
