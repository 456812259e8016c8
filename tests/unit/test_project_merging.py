"""Merging project files three ways: the core, ``merge --git`` on them, and git itself."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from test_merging import git, needs_git
from unit_helpers import run_command

from annotations.projects.merging import merge_project_files
from annotations.projects.model import CodebookRecommendation, ProjectDocument, ProjectFile
from annotations.projects.project import read_project_file
from annotations.projects.projectfile import dump_project_text, parse_project_text

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def sample() -> ProjectFile:
    model, problems, _state = read_project_file(SAMPLES / "policy-annotate.toml")
    assert model is not None, problems
    return model


def copy(model: ProjectFile) -> ProjectFile:
    return model.model_copy(deep=True)


def document(model: ProjectFile, document_id: str) -> ProjectDocument:
    found = model.document(document_id)
    assert found is not None
    return found


def added_document(document_id: str) -> ProjectDocument:
    return ProjectDocument(
        id=document_id, path=f"documents/{document_id}.md", attributes={"kind": "response"}
    )


def test_a_document_added_on_one_side_and_a_recommendation_on_the_other_are_both_kept() -> None:
    base = sample()
    ours, theirs = copy(base), copy(base)
    ours.documents.append(added_document("late-reply"))
    theirs.codebook.recommendations.append(CodebookRecommendation(id="R99", title="A new one"))
    result = merge_project_files(base, ours, theirs)
    assert result.model is not None, result.conflicts
    assert [d.id for d in result.model.documents] == [d.id for d in ours.documents]
    assert result.model.codebook.recommendations[-1].id == "R99"
    assert result.model.codebook.recommendations == theirs.codebook.recommendations


def test_different_fields_of_one_document_are_merged() -> None:
    base = sample()
    ours, theirs = copy(base), copy(base)
    document(ours, "council").analyst = "analyst-c"
    document(theirs, "council").attributes["region"] = "south"
    document(theirs, "council").attributes["sector"] = "local government"
    result = merge_project_files(base, ours, theirs)
    assert result.model is not None, result.conflicts
    merged = document(result.model, "council")
    assert merged.analyst == "analyst-c"
    assert merged.attributes["region"] == "south"
    assert merged.attributes["sector"] == "local government"


def test_one_field_changed_differently_is_a_conflict_naming_the_id_and_the_field() -> None:
    base = sample()
    ours, theirs = copy(base), copy(base)
    document(ours, "council").attributes["region"] = "east"
    document(theirs, "council").attributes["region"] = "west"
    recommendation = theirs.codebook.recommendations[0]
    recommendation.title = "Theirs"
    ours.codebook.recommendations[0].title = "Ours"
    result = merge_project_files(base, ours, theirs)
    assert result.model is None
    assert [str(c) for c in result.conflicts] == [
        "ours, theirs: recommendation R1 title: changed differently on both sides",
        "ours, theirs: document council attributes.region: changed differently on both sides",
    ]
    resolved = merge_project_files(base, ours, theirs, prefer="theirs")
    assert resolved.model is not None
    assert document(resolved.model, "council").attributes["region"] == "west"
    assert len(resolved.resolved) == 2


def test_a_deletion_against_a_change_is_a_conflict_and_against_nothing_deletes() -> None:
    base = sample()
    ours, theirs = copy(base), copy(base)
    ours.documents = [d for d in ours.documents if d.id not in {"council", "charity"}]
    document(theirs, "council").title = "Renamed"
    result = merge_project_files(base, ours, theirs)
    assert [str(c) for c in result.conflicts] == [
        "ours, theirs: document council: deleted in ours, changed in theirs"
    ]
    theirs = copy(base)
    result = merge_project_files(base, ours, theirs)
    assert result.model is not None
    assert {d.id for d in result.model.documents} == {d.id for d in ours.documents}


def test_unknown_keys_are_kept_and_merged() -> None:
    text = (SAMPLES / "policy-annotate.toml").read_text(encoding="utf-8")
    base, _ = parse_project_text(text + '\n[tool]\nsetting = "a"\n', "base")
    assert base is not None
    ours, theirs = copy(base), copy(base)
    setattr(document(theirs, "council"), "x-reviewed", "yes")  # an unknown key
    result = merge_project_files(base, ours, theirs)
    assert result.model is not None
    written = dump_project_text(result.model)
    assert 'x-reviewed = "yes"' in written
    assert 'setting = "a"' in written


def test_two_documents_given_one_path_make_no_file() -> None:
    base = sample()
    ours, theirs = copy(base), copy(base)
    ours.documents.append(added_document("one"))
    theirs.documents.append(added_document("two").model_copy(update={"path": "documents/one.md"}))
    result = merge_project_files(base, ours, theirs)
    assert result.model is None
    assert not result.conflicts
    assert ["is listed twice" in str(p) for p in result.problems] == [True]


def test_without_an_ancestor_the_files_are_joined() -> None:
    base = sample()
    ours, theirs = copy(base), copy(base)
    ours.documents.append(added_document("mine"))
    theirs.documents.append(added_document("yours"))
    result = merge_project_files(None, ours, theirs)
    assert result.model is not None
    assert [d.id for d in result.model.documents][-2:] == ["mine", "yours"]


# --- the command -------------------------------------------------------------------------------


def write(path: Path, model: ProjectFile) -> Path:
    path.write_text(dump_project_text(model), encoding="utf-8")
    return path


def test_merge_git_writes_the_merged_project_file(tmp_path: Path) -> None:
    base = sample()
    ours, theirs = copy(base), copy(base)
    ours.documents.append(added_document("late-reply"))
    theirs.codebook.recommendations.append(CodebookRecommendation(id="R99", title="A new one"))
    files = [write(tmp_path / n, m) for n, m in (("O", base), ("A", ours), ("B", theirs))]
    result = run_command("merge", "--git", *map(str, files), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    merged, problems, _ = read_project_file(files[1])
    assert merged is not None, problems
    assert merged.document("late-reply") is not None
    assert merged.codebook.recommendations[-1].id == "R99"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["A", "B", "O"]  # no .bak, no temporary


def test_merge_git_conflicts_leave_ours_and_exit_1(tmp_path: Path) -> None:
    base = sample()
    ours, theirs = copy(base), copy(base)
    document(ours, "council").analyst = "analyst-a"
    document(theirs, "council").analyst = "analyst-c"
    files = [write(tmp_path / n, m) for n, m in (("O", base), ("A", ours), ("B", theirs))]
    before = files[1].read_bytes()
    result = run_command("merge", "--git", *map(str, files), cwd=tmp_path)
    assert result.returncode == 1
    assert files[1].read_bytes() == before
    assert result.stderr.splitlines() == [
        "policy-annotate: conflict: ours, theirs: document council analyst: changed differently "
        "on both sides",
        f"policy-annotate: 1 unresolved conflict; {files[1]} not written (use --prefer ours|theirs)",
    ]


def test_merge_git_refuses_a_broken_project_file_in_one_line(tmp_path: Path) -> None:
    good = write(tmp_path / "O", sample())
    shutil.copy(good, tmp_path / "A")
    (tmp_path / "B").write_text(
        'format = "policy-annotate-project"\nversion = 1\nname = ""\n', encoding="utf-8"
    )
    before = (tmp_path / "A").read_bytes()
    result = run_command("merge", "--git", "O", "A", "B", cwd=tmp_path)
    assert result.returncode == 1
    assert len(result.stderr.splitlines()) == 1
    assert "B:3: name:" in result.stderr
    assert (tmp_path / "A").read_bytes() == before


# --- git ---------------------------------------------------------------------------------------


@needs_git
def test_git_merges_two_branches_that_changed_the_project_file(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    for arguments in (
        ("init", "-q"),
        ("checkout", "-q", "-b", "main"),
        ("config", "user.name", "Tester"),
        ("config", "user.email", "tester@example.org"),
        ("config", "commit.gpgsign", "false"),
        (
            "config",
            "merge.policy-annotate.driver",
            f'"{sys.executable}" -m tui merge --git %O %A %B',
        ),
    ):
        git(repo, *arguments)
    (repo / ".gitattributes").write_text(
        "policy-annotate.toml merge=policy-annotate\n", encoding="utf-8"
    )
    project = repo / "policy-annotate.toml"
    write(project, sample())
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "base")
    git(repo, "checkout", "-q", "-b", "recommendation")
    theirs = sample()
    theirs.codebook.recommendations.append(CodebookRecommendation(id="R99", title="A new one"))
    write(project, theirs)
    git(repo, "commit", "-q", "-am", "a recommendation")
    git(repo, "checkout", "-q", "main")
    ours = sample()
    ours.documents.append(added_document("late-reply"))
    write(project, ours)
    git(repo, "commit", "-q", "-am", "a document")
    git(repo, "merge", "-q", "--no-edit", "recommendation")
    merged, problems, _ = read_project_file(project)
    assert merged is not None, problems
    assert merged.document("late-reply") is not None
    assert [r.id for r in merged.codebook.recommendations][-1] == "R99"
    assert "<<<<<<<" not in project.read_text(encoding="utf-8")
    assert git(repo, "status", "--porcelain", "--untracked-files=all").stdout == ""
