"""A read-only annotation file is respected: never replaced, by the app's saves or any command;
the changes stay in memory and can be saved under another path, where editing goes on. A
folder that is gone offers the same."""

from __future__ import annotations

import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from unit_helpers import DOCUMENT_TEXT, Project, run_command

from annotations.documents.document import load_document
from annotations.errors import FileChangedError, ReadOnlyError, UnwritableError
from annotations.session.editing_session import EditingSession
from annotations.session.files import atomic_write, is_read_only
from annotations.session.saving import save_as_suggestion
from annotations.session.store import load_store

THIRD = (42, 63)


def make_read_only(path: Path) -> bytes:
    """``chmod a-w path``; returns the bytes that must stay."""
    path.chmod(path.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    return path.read_bytes()


def edited(project: Project) -> EditingSession:
    session = EditingSession(load_store(project.annotations), "tester")
    session.toggle_tag(THIRD, "principles", "innovation-and-disruption")
    return session


def test_atomic_write_refuses_a_read_only_file(project: Project) -> None:
    before = make_read_only(project.annotations)
    assert is_read_only(project.annotations)
    for overwrite in (False, True):
        with pytest.raises(ReadOnlyError) as caught:
            atomic_write(project.annotations, b"x", expected=None, overwrite_changed=overwrite)
        assert "is read-only" in str(caught.value)
    assert project.annotations.read_bytes() == before
    assert not is_read_only(project.folder / "missing.toml")


def test_a_read_only_file_keeps_the_changes_in_memory(project: Project) -> None:
    before = make_read_only(project.annotations)
    session = edited(project)
    assert session.read_only
    assert session.save_status == "read-only"
    assert session.start_save() is None  # autosave does not try, and try again
    assert isinstance(session.save(), ReadOnlyError)
    assert session.dirty
    assert project.annotations.read_bytes() == before


def test_save_as_goes_on_editing_the_new_file(project: Project) -> None:
    before = make_read_only(project.annotations)
    session = edited(project)
    new = project.folder / "mine.toml"
    session.save_as(new)
    assert session.path == new
    assert session.save_status == "saved"
    assert not session.read_only
    session.toggle_tag((0, 5), "principles", "redesign")
    job = session.start_save()
    assert job is not None
    session.finish_save(job.run())
    assert len(load_store(new).model.annotations) == 4
    assert project.annotations.read_bytes() == before


def test_save_as_never_replaces_an_existing_file(project: Project) -> None:
    make_read_only(project.annotations)
    session = edited(project)
    other = project.folder / "other.toml"
    other.write_text("kept", encoding="utf-8")
    with pytest.raises(FileChangedError):
        session.save_as(other)
    assert other.read_text(encoding="utf-8") == "kept"
    assert session.read_only
    assert session.dirty


def test_save_as_the_same_path_tries_again(project: Project) -> None:
    make_read_only(project.annotations)
    session = edited(project)
    with pytest.raises(ReadOnlyError):
        session.save_as(project.annotations)
    project.annotations.chmod(0o644)  # made writable meanwhile
    session.save_as(project.annotations)
    assert session.save_status == "saved"
    assert len(load_store(project.annotations).model.annotations) == 3


def test_a_file_made_writable_again_is_saved_where_it_is(project: Project) -> None:
    make_read_only(project.annotations)
    session = edited(project)
    assert not session.check_writable()
    project.annotations.chmod(0o644)
    assert session.check_writable()
    assert session.save_status == "unsaved"
    job = session.start_save()
    assert job is not None
    session.finish_save(job.run())
    assert session.save_status == "saved"
    assert len(load_store(project.annotations).model.annotations) == 3


def test_a_deleted_folder_offers_another_path(project: Project, tmp_path: Path) -> None:
    session = edited(project)
    shutil.rmtree(project.folder)
    job = session.start_save()
    assert job is not None
    outcome = job.run()
    assert isinstance(outcome.error, UnwritableError)
    session.finish_save(outcome)
    assert session.needs_new_path
    assert session.save_status == "error"
    assert session.start_save() is None
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    project.folder.mkdir()
    project.document.write_text(DOCUMENT_TEXT, encoding="utf-8")  # the document is back
    new = elsewhere / "doc.annotations.toml"
    session.save_as(new)
    assert not session.needs_new_path
    # The copy names its document relative to itself; being out of its folder's tree, it is
    # read back when the document is named (as the app and --document do).
    document = load_document(project.document)
    assert load_store(new, document).model.document.path == "../project/doc.md"


def test_the_suggestion_is_beside_the_file_or_at_home(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    assert save_as_suggestion(project.annotations) == project.folder / "doc.annotations.mine.toml"
    gone = tmp_path / "gone" / "x.toml"
    assert save_as_suggestion(gone) == tmp_path / "x.mine.toml"


# --- the commands ------------------------------------------------------------------------------


def refused(result: subprocess.CompletedProcess[str], path: Path, before: bytes) -> None:
    """The command failed with one line naming the file, which is as it was, read-only."""
    assert result.returncode == 1
    [line] = result.stderr.strip().splitlines()
    assert f"{path.name}: is read-only" in line
    assert path.read_bytes() == before
    assert is_read_only(path)


def test_commands_refuse_a_read_only_annotation_file(project: Project) -> None:
    before = make_read_only(project.annotations)
    name = project.annotations.name
    refused(run_command("reanchor", name, cwd=project.folder), project.annotations, before)
    refused(
        run_command("init", "doc.md", "--force", cwd=project.folder), project.annotations, before
    )


def test_commands_refuse_a_read_only_output(project: Project) -> None:
    out = project.folder / "out.toml"
    shutil.copyfile(project.annotations, out)
    before = make_read_only(out)
    name = project.annotations.name
    refused(run_command("reanchor", name, "-o", "out.toml", cwd=project.folder), out, before)
    refused(
        run_command("merge", name, "-o", "out.toml", "--force", cwd=project.folder), out, before
    )
    qdpx = project.folder / "out.qdpx"
    assert run_command("export", name, "-o", "out.qdpx", cwd=project.folder).returncode == 0
    refused(
        run_command("import", "out.qdpx", "-o", "out.toml", "--force", cwd=project.folder),
        out,
        before,
    )
    exported = make_read_only(qdpx)
    refused(
        run_command("export", name, "-o", "out.qdpx", "--force", cwd=project.folder),
        qdpx,
        exported,
    )
