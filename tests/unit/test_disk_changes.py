"""The annotation file being edited changed on disk: noticing it, reloading it when nothing is
unsaved, and merging theirs into mine (three-way from the version last read or written), with
the files on disk checked."""

from __future__ import annotations

import os

import pytest
from unit_helpers import DOCUMENT_TEXT, Project, make_annotation

from annotations.exchange.merging import Conflict, MergeError
from annotations.format.model import AnnotationFile, Principle, Recommendation, Rejection
from annotations.format.reading import load_annotation_file
from annotations.session.disk_changes import (
    OnDisk,
    conflict_lines,
    edit_towards,
    keep_theirs,
    may_have_changed,
    read_on_disk,
)
from annotations.session.editing import AnnotationSet, Edit
from annotations.session.editing_session import EditingSession
from annotations.session.store import load_store

THIRD = (42, 63)


def open_session(project: Project) -> EditingSession:
    return EditingSession(load_store(project.annotations), "analyst-a")


def merge(session: EditingSession, on_disk: OnDisk) -> tuple[Edit | None, list[Conflict]]:
    """Merge theirs into mine as the app does: the plan, then its edit."""
    merged = session.merge_plan(on_disk)
    return session.apply_merge(merged, on_disk), merged.unresolved


def teammate_saves(project: Project, change: dict[str, object] | None = None) -> None:
    """Another analyst's copy of the file: a new annotation, and ``change`` to a-second."""
    store = load_store(project.annotations)
    store.model.annotations.append(
        make_annotation(DOCUMENT_TEXT, *THIRD, "b-third", author="analyst-b", note="theirs")
    )
    if change:
        store.model.annotations[1] = store.model.annotations[1].model_copy(update=change)
    store.model.sort_annotations()
    store.save()


def on_disk_ids(project: Project) -> list[str]:
    return [a.id for a in load_annotation_file(project.annotations).model.annotations]


def notes_on_disk(project: Project) -> dict[str, str]:
    return {a.id: a.note for a in load_annotation_file(project.annotations).model.annotations}


# --- edit_towards -------------------------------------------------------------------------------


def _model(project: Project) -> AnnotationFile:
    return load_store(project.annotations).model


def test_edit_towards_the_same_file_is_none(project: Project) -> None:
    assert edit_towards(_model(project), _model(project), "same") is None


def test_edit_towards_changes_everything_by_id_and_undoes_in_one_step(project: Project) -> None:
    store = load_store(project.annotations)
    target = _model(project)
    target.annotations[0] = target.annotations[0].model_copy(update={"note": "changed"})
    del target.annotations[1]
    target.annotations.append(make_annotation(DOCUMENT_TEXT, *THIRD, "c-third"))
    target.taxonomy.recommendations.append(Recommendation(id="R2", title="Another"))
    target.taxonomy.principles.append(Principle(id="extra", label="Extra", color="#123456"))
    target.rejections.append(
        Rejection(
            tag="R1",
            kind="recommendation",
            start=0,
            end=3,
            quote="The",
            author="b",
            time="2026-11-27T10:00:00Z",
        )
    )
    annotations = AnnotationSet(store.model, store.document)
    before = store.model.model_dump()
    edit = edit_towards(store.model, target, "towards")
    assert edit is not None
    annotations.apply(edit)
    target.sort_annotations()
    assert store.model.model_dump() == target.model_dump()
    annotations.undo()
    assert store.model.model_dump() == before


# --- noticing a change ----------------------------------------------------------------------------


def test_a_stat_change_is_noticed_and_a_save_of_ours_is_not(project: Project) -> None:
    session = open_session(project)
    assert not session.may_have_changed_on_disk()
    session.toggle_tag((20, 40), "recommendations", "R1")
    assert session.save() is None
    assert not session.may_have_changed_on_disk()
    teammate_saves(project)
    assert session.may_have_changed_on_disk()
    on_disk = read_on_disk(project.annotations, session.document)
    assert on_disk.changed_from(load_store(project.annotations).disk) is False
    assert on_disk.model is not None


def test_a_file_that_appeared_may_have_changed(project: Project) -> None:
    missing = project.folder / "other.toml"
    assert not may_have_changed(missing, None)
    missing.write_text("", encoding="utf-8")
    assert may_have_changed(missing, None)


def test_a_deleted_file_is_gone_and_a_broken_one_is_not(project: Project) -> None:
    document = open_session(project).document
    assert not read_on_disk(project.annotations, document).gone
    broken = project.folder / "broken.toml"
    broken.write_text("oops = = =", encoding="utf-8")
    read = read_on_disk(broken, document)
    assert read.model is None
    assert not read.gone
    project.annotations.unlink()
    gone = read_on_disk(project.annotations, document)
    assert gone.gone
    assert gone.model is None
    assert not gone.changed_from(None)


def test_a_version_that_does_not_fit_its_document_is_refused_as_opening_refuses_it(
    project: Project,
) -> None:
    """A quote that is not the text at its span, the document unchanged: opening the file
    refuses it, so taking it in (reload, merge) would write a file the app cannot open."""
    session = open_session(project)
    store = load_store(project.annotations)
    first = store.model.annotations[0]
    store.model.annotations[0] = first.model_copy(update={"quote": "x" * len(first.quote)})
    store.save()
    on_disk = read_on_disk(project.annotations, session.document)
    assert on_disk.model is None
    assert "quote does not match the document" in on_disk.problems[0].message
    assert not on_disk.gone


def test_touching_the_file_keeps_its_content(project: Project) -> None:
    """A new mtime with the same bytes: worth reading, and found unchanged."""
    session = open_session(project)
    disk = load_store(project.annotations).disk
    os.utime(project.annotations, ns=(1, 1))
    assert session.may_have_changed_on_disk()
    assert not read_on_disk(project.annotations, session.document).changed_from(disk)


# --- reload ---------------------------------------------------------------------------------------


def test_reload_takes_theirs_and_is_saved(project: Project) -> None:
    session = open_session(project)
    teammate_saves(project, {"note": "their note"})
    edit = session.reload(read_on_disk(project.annotations, session.document))
    assert edit is not None
    assert edit.label == "reload from disk"
    assert [a.id for a in session.annotations] == ["a-first", "a-second", "b-third"]
    assert not session.dirty
    assert not session.may_have_changed_on_disk()
    session.undo()  # back to what was shown before: unsaved, and saved over theirs
    assert session.dirty
    assert session.save() is None
    assert on_disk_ids(project) == ["a-first", "a-second"]


# --- merge theirs into mine -----------------------------------------------------------------------


def test_merge_theirs_into_mine_gives_the_union_on_disk(project: Project) -> None:
    session = open_session(project)
    session.toggle_tag((0, 19), "principles", "redesign")  # mine: a-first changed
    teammate_saves(project, {"note": "their note"})  # theirs: a-second changed, b-third new
    assert session.save() is not None  # the save refuses: changed on disk
    edit, unresolved = merge(session, read_on_disk(project.annotations, session.document))
    assert edit is not None
    assert unresolved == []
    assert not session.in_conflict
    assert session.save() is None
    saved = load_annotation_file(project.annotations).model
    by_id = {a.id: a for a in saved.annotations}
    assert sorted(by_id) == ["a-first", "a-second", "b-third"]
    assert "redesign" in by_id["a-first"].principles
    assert by_id["a-second"].note == "their note"


def test_merge_then_undo_is_mine_again(project: Project) -> None:
    session = open_session(project)
    session.delete(session.annotations.get("a-first"))  # type: ignore[arg-type]
    teammate_saves(project)
    merge(session, read_on_disk(project.annotations, session.document))
    assert [a.id for a in session.annotations] == ["a-second", "b-third"]
    session.undo()
    assert [a.id for a in session.annotations] == ["a-second"]
    assert session.save() is None  # over the file read last: theirs
    assert on_disk_ids(project) == ["a-second"]


def test_what_i_saved_before_is_not_a_conflict(project: Project) -> None:
    """The ancestor follows the saves: a change saved, then theirs, then mine again."""
    session = open_session(project)
    session.set_note(session.annotations.get("a-second"), "mine, saved")  # type: ignore[arg-type]
    assert session.save() is None
    store = load_store(project.annotations)  # the teammate starts from what I saved
    store.model.annotations.append(make_annotation(DOCUMENT_TEXT, *THIRD, "b-third"))
    store.model.sort_annotations()
    store.save()
    session.toggle_tag((0, 19), "principles", "redesign")
    _edit, unresolved = merge(session, read_on_disk(project.annotations, session.document))
    assert unresolved == []
    assert session.save() is None
    assert notes_on_disk(project)["a-second"] == "mine, saved"
    assert on_disk_ids(project) == ["a-first", "a-second", "b-third"]


def test_a_conflict_keeps_mine_and_theirs_beside_it(project: Project) -> None:
    session = open_session(project)
    session.set_note(session.annotations.get("a-second"), "my note")  # type: ignore[arg-type]
    teammate_saves(project, {"note": "their note"})
    on_disk = read_on_disk(project.annotations, session.document)
    _edit, unresolved = merge(session, on_disk)
    assert [(c.kind, c.id) for c in unresolved] == [("annotation", "a-second")]
    assert conflict_lines(unresolved) == [
        "annotation a-second: changed differently on both sides (note, updated); yours kept"
    ]
    copy = keep_theirs(on_disk)
    assert copy.name == "doc.annotations.theirs.toml"
    assert session.save() is None
    assert notes_on_disk(project)["a-second"] == "my note"
    assert "b-third" in on_disk_ids(project)
    theirs = {a.id: a.note for a in load_annotation_file(copy).model.annotations}
    assert theirs["a-second"] == "their note"


def test_theirs_of_another_document_version_is_refused(project: Project) -> None:
    session = open_session(project)
    store = load_store(project.annotations)
    store.model.document.sha256 = "0" * 64
    store.save()
    with pytest.raises(MergeError):
        merge(session, read_on_disk(project.annotations, session.document))
    assert [a.id for a in session.annotations] == ["a-first", "a-second"]


# --- a version on disk that does not fit the document ---------------------------------------------


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"start": 500, "end": 510, "quote": "0123456789"}, "is outside the document"),
        ({"quote": "The FIRST sentence."}, "quote does not match the document"),
    ],
)
def test_a_version_that_does_not_fit_the_document_is_not_taken_in(
    project: Project, change: dict[str, object], problem: str
) -> None:
    """Opening the file would refuse it (load_store): reloading or merging it must not take
    it in either, or the app would write a file that it then refuses to open."""
    session = open_session(project)
    store = load_store(project.annotations)
    store.model.annotations[0] = store.model.annotations[0].model_copy(update=change)
    store.save()
    on_disk = read_on_disk(project.annotations, session.document)
    assert on_disk.model is None
    assert on_disk.changed_from(session.store.disk)  # there, changed: the next save conflicts
    [first] = on_disk.problems
    assert first.file == str(project.annotations)
    assert problem in first.message
    assert first.line is not None


# --- the file deleted on disk ---------------------------------------------------------------------


def test_a_file_deleted_on_disk_is_written_again_by_the_next_save(project: Project) -> None:
    """Nothing unsaved, the file deleted (a branch without it, a slip): the annotations shown
    become unsaved, not "saved" over nothing, and the next save writes them again."""
    session = open_session(project)
    assert not session.dirty
    project.annotations.unlink()
    assert session.may_have_changed_on_disk()
    on_disk = read_on_disk(project.annotations, session.document)
    assert on_disk.gone
    assert session.gone_from_disk()
    assert session.dirty
    assert session.save_status == "unsaved"
    assert not session.gone_from_disk()  # told once
    assert session.save() is None
    assert on_disk_ids(project) == ["a-first", "a-second"]
    assert not read_on_disk(project.annotations, session.document).gone


def test_a_file_that_comes_back_before_the_save_is_a_conflict(project: Project) -> None:
    session = open_session(project)
    theirs = project.annotations.read_bytes()
    project.annotations.unlink()
    session.gone_from_disk()
    project.annotations.write_bytes(theirs)  # back (a git checkout), before the save
    job = session.start_save()  # as autosave does
    assert job is not None
    session.finish_save(job.run())
    assert session.in_conflict
    assert project.annotations.read_bytes() == theirs
