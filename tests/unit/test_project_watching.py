"""Noticing a project's annotation files changed on disk (ProjectWatch): stamps of the files
read, and of their folders for files added or removed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from annotations.projects.layout import annotation_files
from annotations.projects.project import Project, load_project
from annotations.projects.watching import ProjectWatch


@pytest.fixture
def project(tmp_path: Path, samples: Path) -> Project:
    folder = tmp_path / "project"
    shutil.copytree(samples, folder)
    return load_project(folder)


@pytest.fixture
def watch(project: Project) -> ProjectWatch:
    """Every document recorded as read, as the board does while it fills in."""
    watch = ProjectWatch(project)
    for document_id, refs in annotation_files(project).items():
        watch.record(document_id, [ref.path for ref in refs])
    return watch


def documents(project: Project) -> Path:
    return project.folder / "documents"


def test_nothing_changed(watch: ProjectWatch) -> None:
    assert watch.changed() == []


def test_a_rewritten_file_is_reported_once(project: Project, watch: ProjectWatch) -> None:
    path = documents(project) / "council.analyst-b.toml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# pulled\n", encoding="utf-8")
    assert watch.changed() == ["council"]
    assert watch.changed() == []


def test_a_file_added_or_removed_is_reported(project: Project, watch: ProjectWatch) -> None:
    shutil.copyfile(
        documents(project) / "charity.analyst-a.toml", documents(project) / "charity.carol.toml"
    )
    (documents(project) / "algdl.analyst-b.toml").unlink()
    assert watch.changed() == ["algdl", "charity"]
    assert watch.changed() == []


def test_other_files_of_the_folder_are_not_changes(project: Project, watch: ProjectWatch) -> None:
    (documents(project) / "notes.txt").write_text("hello", encoding="utf-8")
    (documents(project) / "council.analyst-b.toml.bak").write_text("old", encoding="utf-8")
    assert watch.changed() == []


def test_a_document_skipped_is_reported_once_no_longer_skipped(
    project: Project, watch: ProjectWatch
) -> None:
    path = documents(project) / "suppliers.analyst-b.toml"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert watch.changed(skip={"suppliers"}) == []
    assert watch.changed() == ["suppliers"]


def test_recording_after_our_own_save_is_no_change(project: Project, watch: ProjectWatch) -> None:
    """The board records a document again once the annotator that saved it is left."""
    path = documents(project) / "suppliers.analyst-b.toml"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    watch.record("suppliers", [path, documents(project) / "suppliers.analyst-a.toml"])
    assert watch.changed() == []


def test_documents_not_yet_read_are_not_reported(project: Project) -> None:
    watch = ProjectWatch(project)
    path = documents(project) / "council.analyst-b.toml"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert watch.changed() == []
