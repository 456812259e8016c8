"""Annotation files on disk: checks against the document, atomic and careful saving."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from unit_helpers import DOCUMENT_TEXT, Project, write_project

from annotations.checking import validate_file
from annotations.documents.document import load_document
from annotations.errors import AnnotationFileError, FileChangedError, SaveError
from annotations.session.files import default_annotation_path
from annotations.session.store import AnnotationStore, load_store, new_store

SECOND = 'id = "a-second"'


def problem_lines(project: Project) -> list[str]:
    result = project.cli("validate", "doc.annotations.toml")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    return [x for x in result.stderr.splitlines() if x.startswith("policy-annotate: ")]


def leftovers(folder: Path) -> list[str]:
    """Temporary files a save may have left behind."""
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# --- checks against the document -----------------------------------------------------------


def test_offsets_outside_the_document_name_file_and_line(project: Project) -> None:
    project.edit("start = 20", "start = 120")
    line = project.edit("end = 40", "end = 140", after=SECOND)
    [message] = [str(p) for p in validate_file(project.annotations)]
    assert message.startswith(f"{project.annotations}:{line}: ")
    assert "outside the document" in message


def test_offsets_outside_the_document_in_validate_command(project: Project) -> None:
    project.edit("start = 20", "start = 120")
    line = project.edit("end = 40", "end = 140", after=SECOND)
    [message] = problem_lines(project)
    assert message.startswith(f"policy-annotate: doc.annotations.toml:{line}: ")


def test_offsets_outside_the_document_refuse_to_load(project: Project) -> None:
    project.edit("start = 20", "start = 120")
    line = project.edit("end = 40", "end = 140", after=SECOND)
    with pytest.raises(AnnotationFileError) as caught:
        load_store(project.annotations)
    assert f"{project.annotations}:{line}: " in str(caught.value)


def test_quote_not_matching_the_document_names_file_and_line(project: Project) -> None:
    line = project.edit('quote = "The first sentence."', 'quote = "The FIRST sentence."')
    [message] = [str(p) for p in validate_file(project.annotations)]
    assert message.startswith(f"{project.annotations}:{line}: ")
    assert "quote does not match the document at 0-19" in message


def test_quote_not_matching_in_validate_command(project: Project) -> None:
    line = project.edit('quote = "The first sentence."', 'quote = "The FIRST sentence."')
    [message] = problem_lines(project)
    assert message.startswith(f"policy-annotate: doc.annotations.toml:{line}: ")


def test_quote_not_matching_refuses_to_load(project: Project) -> None:
    line = project.edit('quote = "The first sentence."', 'quote = "The FIRST sentence."')
    with pytest.raises(AnnotationFileError) as caught:
        load_store(project.annotations)
    assert f"{project.annotations}:{line}: " in str(caught.value)


def test_orphaned_mark_on_a_quote_that_matches_says_so(project: Project) -> None:
    """A passage marked orphaned by re-anchoring whose quote is at its span again (the document
    reverted, the mark kept): the warning must not say the quote was not found."""
    line = project.edit('id = "a-first"', 'id = "a-first"\nanchor = "orphaned"') + 1
    [problem] = validate_file(project.annotations)
    assert problem.severity == "warning"
    assert str(problem).startswith(f"{project.annotations}:{line}: ")
    assert "not found" not in problem.message
    assert "marked orphaned by re-anchoring" in problem.message
    assert "matches the document at 0-19" in problem.message


def test_missing_document_names_file_line_and_document(project: Project) -> None:
    line = project.edit('path = "doc.md"', 'path = "missing.md"')
    [message] = [str(p) for p in validate_file(project.annotations)]
    assert message.startswith(f"{project.annotations}:{line}: ")
    assert "missing.md" in message
    assert "no such file" in message


def test_missing_document_in_validate_command(project: Project) -> None:
    line = project.edit('path = "doc.md"', 'path = "missing.md"')
    [message] = problem_lines(project)
    assert message.startswith(f"policy-annotate: doc.annotations.toml:{line}: ")
    assert "missing.md" in message


def test_binary_document_is_reported_at_the_path_line(project: Project) -> None:
    project.document.write_bytes(b"%PDF-1.4\n\x00\x01")
    [message] = problem_lines(project)
    assert message.startswith(
        f"policy-annotate: doc.annotations.toml:{project.line_of('path = ')}: "
    )
    assert "PDF" in message


def test_missing_annotation_file_is_one_line(project: Project) -> None:
    result = project.cli("validate", "nowhere.toml")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "policy-annotate: nowhere.toml: no such file" in result.stderr.splitlines()


def test_problems_in_file_and_against_document_are_all_reported(project: Project) -> None:
    duplicate = project.edit(SECOND, 'id = "a-first"')
    principle = project.edit('principles = ["redesign"]', 'principles = ["nope"]')
    quote = project.edit('quote = "The first sentence."', 'quote = "The FIRST sentence."')
    problems = problem_lines(project)
    assert len(problems) == 3
    for line in (duplicate, principle, quote):
        assert any(
            p.startswith(f"policy-annotate: doc.annotations.toml:{line}: ") for p in problems
        )


def test_changed_document_with_matching_quotes_is_a_warning(project: Project) -> None:
    project.document.write_text(DOCUMENT_TEXT + "An added paragraph.\n", encoding="utf-8")
    result = project.cli("validate", "doc.annotations.toml")
    assert result.returncode == 0
    [warning] = result.stderr.splitlines()
    assert warning.startswith(
        f"policy-annotate: doc.annotations.toml:{project.line_of('sha256')}: "
    )
    assert "warning:" in warning
    assert "has changed since it was annotated" in warning
    assert "doc.annotations.toml: valid" in result.stdout


def test_changed_document_loads_with_warnings(project: Project) -> None:
    project.document.write_text("Inserted. " + DOCUMENT_TEXT, encoding="utf-8")
    store = load_store(project.annotations)
    assert len(store.model.annotations) == 2
    assert any("has changed since it was annotated" in str(p) for p in store.warnings)


def test_changed_document_with_moved_quotes_fails_validation(project: Project) -> None:
    project.document.write_text("Inserted. " + DOCUMENT_TEXT, encoding="utf-8")
    problems = problem_lines(project)
    assert len(problems) == 3
    assert "sha256 differs" in problems[0]


# --- saving --------------------------------------------------------------------------------


def loaded(project: Project) -> AnnotationStore:
    store = load_store(project.annotations)
    store.model.annotations[1] = store.model.annotations[1].model_copy(update={"note": "changed"})
    return store


def test_save_keeps_the_previous_version_as_bak(project: Project) -> None:
    before = project.annotations.read_bytes()
    loaded(project).save()
    backup = project.folder / "doc.annotations.toml.bak"
    assert backup.read_bytes() == before
    assert project.annotations.read_bytes() != before
    assert 'note = "changed"' in project.text()


def test_save_leaves_no_temporary_files(project: Project) -> None:
    loaded(project).save()
    assert leftovers(project.folder) == []


def test_crash_before_final_rename_keeps_old_file(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = project.annotations.read_bytes()
    store = loaded(project)
    real_replace = os.replace

    def crash_on_final_rename(source: object, destination: object) -> None:
        if Path(str(destination)) == project.annotations:
            raise OSError(errno.EIO, "Input/output error")
        real_replace(source, destination)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", crash_on_final_rename)
    with pytest.raises(SaveError) as caught:
        store.save()
    assert str(project.annotations) in str(caught.value)
    assert project.annotations.read_bytes() == before
    assert leftovers(project.folder) == []


def test_file_changed_on_disk_is_not_overwritten(project: Project) -> None:
    store = loaded(project)
    theirs = project.text().replace('note = ""', 'note = "their change, made meanwhile"')
    project.annotations.write_text(theirs, encoding="utf-8")
    with pytest.raises(FileChangedError) as caught:
        store.save()
    assert str(project.annotations) in str(caught.value)
    assert "changed on disk" in str(caught.value)
    assert project.text() == theirs


def test_file_changed_on_disk_is_overwritten_when_asked(project: Project) -> None:
    store = loaded(project)
    project.annotations.write_text(project.text() + "\n# theirs\n", encoding="utf-8")
    store.save(overwrite_changed=True)
    assert 'note = "changed"' in project.text()
    assert "# theirs" not in project.text()


def test_file_deleted_on_disk_is_saved_again(project: Project) -> None:
    store = loaded(project)
    project.annotations.unlink()
    store.save()
    assert 'note = "changed"' in project.text()


def test_new_file_does_not_replace_one_that_appeared(project: Project, tmp_path: Path) -> None:
    document = load_document(project.document)
    target = tmp_path / "fresh.annotations.toml"
    store = new_store(document, target)
    target.write_text("someone else's file\n", encoding="utf-8")
    with pytest.raises(FileChangedError):
        store.save()
    assert target.read_text(encoding="utf-8") == "someone else's file\n"


def test_full_disk_gives_save_error_and_intact_file(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = project.annotations.read_bytes()
    store = loaded(project)

    def no_space(descriptor: int, data: object) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "write", no_space)
    with pytest.raises(SaveError) as caught:
        store.save()
    monkeypatch.undo()
    assert str(project.annotations) in str(caught.value)
    assert os.strerror(errno.ENOSPC) in str(caught.value)
    assert project.annotations.read_bytes() == before
    assert leftovers(project.folder) == []


def test_save_after_a_failed_save_succeeds(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = loaded(project)

    def no_space(descriptor: int, data: object) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "write", no_space)
    with pytest.raises(SaveError):
        store.save()
    monkeypatch.undo()
    store.save()
    assert 'note = "changed"' in project.text()


@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0, reason="root ignores folder permissions"
)
def test_read_only_folder_gives_save_error_and_intact_file(project: Project) -> None:
    before = project.annotations.read_bytes()
    store = loaded(project)
    project.folder.chmod(0o555)
    try:
        with pytest.raises(SaveError) as caught:
            store.save()
    finally:
        project.folder.chmod(0o755)
    assert str(project.annotations) in str(caught.value)
    assert project.annotations.read_bytes() == before
    assert leftovers(project.folder) == []


def test_saved_file_keeps_its_permissions(project: Project) -> None:
    project.annotations.chmod(0o600)
    loaded(project).save()
    assert project.annotations.stat().st_mode & 0o777 == 0o600


# --- new files -----------------------------------------------------------------------------


def test_default_annotation_path_is_beside_the_document(tmp_path: Path) -> None:
    assert default_annotation_path(tmp_path / "review.md") == tmp_path / "review.annotations.toml"


def test_new_store_refers_to_the_document_relatively(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()  # a git work tree: notes/ may name ../docs/doc.md
    project = write_project(tmp_path / "docs")
    target = tmp_path / "notes" / "review.toml"
    target.parent.mkdir()
    store = new_store(load_document(project.document), target)
    store.save()
    assert store.model.document.path == "../docs/doc.md"
    assert validate_file(target) == []


def test_new_store_records_hash_and_length_of_the_document(project: Project) -> None:
    document = load_document(project.document)
    store = new_store(document, project.folder / "other.toml")
    assert store.model.document.sha256 == document.sha256
    assert store.model.document.length == len(DOCUMENT_TEXT)
    assert [p.id for p in store.model.taxonomy.principles] == [
        "collaboration",
        "redesign",
        "innovation-and-disruption",
    ]
