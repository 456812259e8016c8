"""Merging annotation files: the core (n-way and three-way), the command, and git's merge driver."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from unit_helpers import run_command

from annotations.exchange.merging import MergeError, MergeResult, merge, merge3
from annotations.format.model import AnnotationFile, Principle
from annotations.format.reading import read_annotation_file
from annotations.format.tomlfile import dump_annotation_text, raw_toml
from annotations.session.editing import AnnotationSet
from annotations.session.store import load_store

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
SAMPLE = SAMPLES / "review.analyst-a.toml"


def sample() -> AnnotationFile:
    model, _problems, _lines, _state = read_annotation_file(SAMPLE)
    assert model is not None
    return model


BASE = sample()


def subset(indices: list[int] | set[int]) -> AnnotationFile:
    """The sample with only these annotations."""
    model = BASE.model_copy(deep=True)
    model.annotations = [a for i, a in enumerate(model.annotations) if i in set(indices)]
    model.sort_annotations()
    return model


def text(result: MergeResult) -> str:
    assert result.model is not None, [str(c) for c in result.conflicts]
    return dump_annotation_text(result.model)


def ids(model: AnnotationFile | None) -> set[str]:
    assert model is not None
    return {a.id for a in model.annotations}


def with_note(model: AnnotationFile, index: int, note: str, minutes: int = 0) -> AnnotationFile:
    changed = model.model_copy(deep=True)
    old = changed.annotations[index]
    changed.annotations[index] = old.model_copy(
        update={"note": note, "updated": old.updated + timedelta(minutes=minutes)}
    )
    return changed


# --- n-way ----------------------------------------------------------------------------------


def test_union_of_annotations() -> None:
    a, b = subset({0, 1, 2}), subset({2, 3})
    result = merge([a, b], ["a", "b"], None)
    assert result.ok
    assert ids(result.model) == ids(subset({0, 1, 2, 3}))
    assert result.counts == [("a", 3), ("b", 2)]
    assert result.merged == 4
    assert text(result) == dump_annotation_text(subset({0, 1, 2, 3}))


def test_conflict_reported_without_prefer() -> None:
    a = subset({0, 1})
    b = with_note(a, 0, "a different note", minutes=5)
    result = merge([a, b], ["a.toml", "b.toml"], None)
    assert not result.ok
    assert result.model is None
    [conflict] = result.conflicts
    assert conflict.id == a.annotations[0].id
    assert conflict.files == ("a.toml", "b.toml")
    assert "note" in str(conflict)
    assert "updated" in str(conflict)


@pytest.mark.parametrize(
    ("prefer", "minutes", "expected"),
    [
        ("newest", 5, "b"),
        ("newest", -5, "a"),
        ("newest", 0, "b"),  # a tie: the later file
        ("ours", 5, "a"),
        ("theirs", -5, "b"),
    ],
)
def test_prefer(prefer: str, minutes: int, expected: str) -> None:
    a = subset({0, 1})
    b = with_note(a, 0, "note of b", minutes=minutes)
    result = merge([a, b], ["a", "b"], prefer)
    assert result.ok
    assert result.model is not None
    note = next(x.note for x in result.model.annotations if x.id == a.annotations[0].id)
    assert note == ("note of b" if expected == "b" else a.annotations[0].note)
    assert len(result.resolved) == 1
    assert result.resolved[0].resolution == expected


def test_newest_with_equal_updated_says_it_kept_the_later_file() -> None:
    a = subset({0, 1})
    b = with_note(a, 0, "note of b", minutes=0)
    result = merge([a, b], ["a.toml", "b.toml"], "newest")
    (resolved,) = result.resolved
    assert resolved.tie
    assert resolved.resolution == "b.toml"
    assert "same 'updated'" in str(resolved)
    assert "kept b.toml, the later file" in str(resolved)
    later = merge([a, with_note(a, 0, "newer", minutes=5)], ["a.toml", "b.toml"], "newest")
    assert not later.resolved[0].tie


def test_newest_three_way_tie_keeps_theirs_and_says_so() -> None:
    base = subset({0})
    ours, theirs = with_note(base, 0, "ours", minutes=3), with_note(base, 0, "theirs", minutes=3)
    result = merge3(base, ours, theirs, prefer="newest")
    (resolved,) = result.resolved
    assert resolved.tie
    assert resolved.resolution == "theirs"
    assert result.model is not None
    assert result.model.annotations[0].note == "theirs"


def test_prefer_theirs_is_the_last_file() -> None:
    a = subset({0})
    b, c = with_note(a, 0, "b"), with_note(a, 0, "c")
    result = merge([a, b, c], ["a", "b", "c"], "theirs")
    assert result.model is not None
    assert result.model.annotations[0].note == "c"
    result = merge([a, b, c], ["a", "b", "c"], "ours")
    assert result.model is not None
    assert result.model.annotations[0].note == a.annotations[0].note


def test_taxonomy_merged_in_first_seen_order_and_conflicts() -> None:
    a, b = subset({0}), subset({1})
    extra = Principle(id="fairness", label="Fairness", color="#123456")
    b.taxonomy.principles.append(extra)
    result = merge([a, b], ["a", "b"], None)
    assert result.model is not None
    assert [p.id for p in result.model.taxonomy.principles] == [
        *(p.id for p in a.taxonomy.principles),
        "fairness",
    ]
    b.taxonomy.principles[0] = b.taxonomy.principles[0].model_copy(update={"label": "Other"})
    b.taxonomy.recommendations[0] = b.taxonomy.recommendations[0].model_copy(
        update={"title": "Another title"}
    )
    result = merge([a, b], ["a", "b"], None)
    assert {(c.kind, c.id) for c in result.conflicts} == {
        ("principle", a.taxonomy.principles[0].id),
        ("recommendation", a.taxonomy.recommendations[0].id),
    }
    assert any("label" in str(c) for c in result.conflicts)
    result = merge([a, b], ["a", "b"], "theirs")
    assert result.model is not None
    assert result.model.taxonomy.principles[0].label == "Other"
    assert result.model.taxonomy.recommendations[0].title == "Another title"
    result = merge([a, b], ["a", "b"], "ours")
    assert result.model is not None
    assert result.model.taxonomy.principles[0].label == a.taxonomy.principles[0].label


def test_unknown_top_level_keys_first_file_wins() -> None:
    a = AnnotationFile.model_validate({**subset({0}).model_dump(), "tool": "a", "only_a": 1})
    b = AnnotationFile.model_validate({**subset({1}).model_dump(), "tool": "b", "only_b": 2})
    result = merge([a, b], ["a", "b"], None)
    assert result.model is not None
    assert result.model.model_extra == {"tool": "a", "only_a": 1, "only_b": 2}


def test_different_documents_refused() -> None:
    a, b = subset({0}), subset({1})
    b.document.sha256 = "0" * 64
    with pytest.raises(MergeError) as caught:
        merge([a, b], ["a.toml", "b.toml"], None)
    message = str(caught.value)
    assert "b.toml" in message
    assert "policy-annotate reanchor" in message


# --- three-way ------------------------------------------------------------------------------


def test_merge3_one_side_changes_and_additions() -> None:
    base = subset({0, 1, 2})
    ours = with_note(subset({0, 1, 2, 3}), 0, "ours changed")  # changed 0, added 3
    theirs = subset({0, 2, 4})  # deleted 1 (unchanged on our side), added 4
    result = merge3(base, ours, theirs)
    assert result.ok
    assert result.model is not None
    assert ids(result.model) == ids(subset({0, 2, 3, 4}))
    first = next(a for a in result.model.annotations if a.id == base.annotations[0].id)
    assert first.note == "ours changed"


def test_merge3_same_change_both_sides_is_taken() -> None:
    base = subset({0, 1})
    both = with_note(base, 1, "same")
    result = merge3(base, both, both.model_copy(deep=True))
    assert result.ok
    assert text(result) == dump_annotation_text(both)


def test_merge3_conflicts() -> None:
    base = subset({0, 1})
    target = base.annotations[1].id
    ours, theirs = with_note(base, 1, "ours", 1), with_note(base, 1, "theirs", 2)
    result = merge3(base, ours, theirs, names=("O", "A", "B"))
    [conflict] = result.conflicts
    assert conflict.id == target
    assert "note" in str(conflict)
    assert "A, B" in str(conflict)
    resolved = merge3(base, ours, theirs, prefer="newest")
    assert resolved.model is not None
    assert resolved.model.annotations[1].note == "theirs"
    # deleted on one side, changed on the other
    deleted = subset({0})
    result = merge3(base, deleted, theirs, names=("O", "A", "B"))
    [conflict] = result.conflicts
    assert conflict.id == target
    assert "deleted in A" in conflict.reason
    assert ids(merge3(base, deleted, theirs, prefer="ours").model) == ids(subset({0}))
    assert ids(merge3(base, deleted, theirs, prefer="newest").model) == ids(base)
    # added differently on both sides
    small = subset({0})
    result = merge3(small, with_note(base, 1, "x"), with_note(base, 1, "y"))
    assert [c.id for c in result.conflicts] == [target]
    assert "added" in result.conflicts[0].reason


def test_merge3_taxonomy() -> None:
    base = subset({0})
    ours, theirs = base.model_copy(deep=True), base.model_copy(deep=True)
    ours.taxonomy.principles.append(Principle(id="p-ours", label="Ours", color="#000000"))
    theirs.taxonomy.principles[0] = theirs.taxonomy.principles[0].model_copy(
        update={"color": "#ffffff"}
    )
    result = merge3(base, ours, theirs)
    assert result.model is not None
    assert result.model.taxonomy.principles[0].color == "#ffffff"
    assert result.model.taxonomy.principles[-1].id == "p-ours"
    ours.taxonomy.principles[0] = ours.taxonomy.principles[0].model_copy(update={"label": "X"})
    result = merge3(base, ours, theirs)
    assert [(c.kind, c.id) for c in result.conflicts] == [
        ("principle", base.taxonomy.principles[0].id)
    ]


def test_merge3_different_documents_refused() -> None:
    base, ours = subset({0}), subset({0})
    ours.document.sha256 = "f" * 64
    with pytest.raises(MergeError, match="reanchor"):
        merge3(base, ours, subset({0}))


# --- properties -----------------------------------------------------------------------------

COUNT = len(BASE.annotations)
subsets = st.sets(st.integers(0, COUNT - 1), max_size=8).map(subset)
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(subsets, subsets)
def test_commutative(a: AnnotationFile, b: AnnotationFile) -> None:
    assert text(merge([a, b], ["a", "b"], None)) == text(merge([b, a], ["b", "a"], None))


@SETTINGS
@given(subsets, subsets, subsets)
def test_associative(a: AnnotationFile, b: AnnotationFile, c: AnnotationFile) -> None:
    ab = merge([a, b], ["a", "b"], None).model
    bc = merge([b, c], ["b", "c"], None).model
    assert ab is not None
    assert bc is not None
    left = merge([ab, c], ["ab", "c"], None)
    right = merge([a, bc], ["a", "bc"], None)
    assert text(left) == text(right) == text(merge([a, b, c], ["a", "b", "c"], None))


@SETTINGS
@given(subsets)
def test_idempotent(a: AnnotationFile) -> None:
    assert text(merge([a, a], ["a", "a"], None)) == dump_annotation_text(a)
    assert text(merge3(a, a, a)) == dump_annotation_text(a)


# --- the command ----------------------------------------------------------------------------


run = run_command


def write_pair(folder: Path, conflicting: bool) -> tuple[Path, Path]:
    shutil.copy(SAMPLES / "review.md", folder / "review.md")
    a, b = subset({0, 1, 2}), subset({2, 3})
    if conflicting:
        b = with_note(b, 0, "b disagrees", minutes=3)
    paths = (folder / "a.toml", folder / "b.toml")
    for path, model in zip(paths, (a, b), strict=True):
        path.write_text(dump_annotation_text(model), encoding="utf-8")
    return paths


def test_cli_merge(tmp_path: Path) -> None:
    a, b = write_pair(tmp_path, conflicting=False)
    before = (a.read_bytes(), b.read_bytes())
    (tmp_path / "out").mkdir()
    (tmp_path / ".git").mkdir()  # a git work tree: out/merged.toml may name ../review.md
    result = run("merge", "a.toml", "b.toml", "-o", "out/merged.toml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.count("\n") == 1
    assert "4 annotations merged" in result.stdout
    assert "3 from a.toml" in result.stdout
    assert (a.read_bytes(), b.read_bytes()) == before
    assert run("validate", "out/merged.toml", cwd=tmp_path).returncode == 0


def test_cli_conflicts(tmp_path: Path) -> None:
    a, b = write_pair(tmp_path, conflicting=True)
    before = (a.read_bytes(), b.read_bytes())
    result = run("merge", "a.toml", "b.toml", "-o", "merged.toml", cwd=tmp_path)
    assert result.returncode == 1
    assert not (tmp_path / "merged.toml").exists()
    conflict_lines = [line for line in result.stderr.splitlines() if "conflict:" in line]
    assert len(conflict_lines) == 1
    assert BASE.annotations[2].id in conflict_lines[0]
    assert "a.toml, b.toml" in conflict_lines[0]
    assert "note" in conflict_lines[0]
    for prefer in ("newest", "ours", "theirs"):
        result = run(
            "merge", "a.toml", "b.toml", "-o", "m.toml", "--prefer", prefer, "--force", cwd=tmp_path
        )
        assert result.returncode == 0, result.stderr
        assert "1 conflict resolved" in result.stdout
        assert run("validate", "m.toml", cwd=tmp_path).returncode == 0
    assert (a.read_bytes(), b.read_bytes()) == before


def test_cli_newest_tie_is_reported(tmp_path: Path) -> None:
    shutil.copy(SAMPLES / "review.md", tmp_path / "review.md")
    a = subset({0, 1})
    b = with_note(a, 1, "b disagrees", minutes=0)
    for name, model in (("a.toml", a), ("b.toml", b)):
        (tmp_path / name).write_text(dump_annotation_text(model), encoding="utf-8")
    result = run("merge", "a.toml", "b.toml", "-o", "m.toml", "--prefer", "newest", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    (tie,) = [line for line in result.stdout.splitlines() if "same 'updated'" in line]
    assert a.annotations[1].id in tie
    assert "kept b.toml, the later file" in tie
    assert "1 conflict resolved" in result.stdout


def test_cli_output_is_not_overwritten_without_force(tmp_path: Path) -> None:
    write_pair(tmp_path, conflicting=False)
    existing = tmp_path / "merged.toml"
    existing.write_text("precious\n", encoding="utf-8")
    result = run("merge", "a.toml", "b.toml", "-o", "merged.toml", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert "merged.toml" in result.stderr
    assert "--force" in result.stderr
    assert existing.read_text(encoding="utf-8") == "precious\n"
    result = run("merge", "a.toml", "b.toml", "-o", "merged.toml", "--force", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert run("validate", "merged.toml", cwd=tmp_path).returncode == 0
    result = run("merge", "a.toml", "b.toml", "-o", "a.toml", "--force", cwd=tmp_path)
    assert result.returncode == 1
    assert "is an input" in result.stderr


def test_cli_bad_inputs(tmp_path: Path) -> None:
    write_pair(tmp_path, conflicting=False)
    (tmp_path / "bad.toml").write_text("format = [oops\n", encoding="utf-8")
    result = run("merge", "a.toml", "bad.toml", "-o", "m.toml", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith("policy-annotate: bad.toml")
    result = run("merge", "a.toml", "missing.toml", "-o", "m.toml", cwd=tmp_path)
    assert result.returncode == 1
    assert "missing.toml" in result.stderr
    other = subset({1})
    other.document.sha256 = "0" * 64
    (tmp_path / "other.toml").write_text(dump_annotation_text(other), encoding="utf-8")
    result = run("merge", "a.toml", "other.toml", "-o", "m.toml", cwd=tmp_path)
    assert result.returncode == 1
    assert "reanchor" in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert not (tmp_path / "m.toml").exists()
    assert run("merge", "a.toml", "b.toml", cwd=tmp_path).returncode == 2


def test_merge_imports_no_textual(tmp_path: Path) -> None:
    write_pair(tmp_path, conflicting=False)
    code = (
        "import sys\n"
        "from tui.cli import main\n"
        "assert main(['merge', 'a.toml', 'b.toml', '-o', 'm.toml']) == 0\n"
        "assert not [m for m in sys.modules if m == 'textual' or m.startswith('textual.')]\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr


# --- git ------------------------------------------------------------------------------------

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(repo: Path, *arguments: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}
    result = subprocess.run(
        ["git", *arguments],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=environment,
    )
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def make_repo(tmp_path: Path) -> tuple[Path, Path]:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    git(repo, "checkout", "-q", "-b", "main")
    git(repo, "config", "user.name", "Tester")
    git(repo, "config", "user.email", "tester@example.org")
    git(repo, "config", "commit.gpgsign", "false")
    git(
        repo,
        "config",
        "merge.policy-annotate.driver",
        f'"{sys.executable}" -m tui merge --git %O %A %B',
    )
    (repo / ".gitattributes").write_text(
        "*.annotations.toml merge=policy-annotate\n*.analyst-*.toml merge=policy-annotate\n",
        encoding="utf-8",
    )
    shutil.copy(SAMPLES / "review.md", repo / "review.md")
    shutil.copy(SAMPLE, repo / "review.analyst-a.toml")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "base")
    return repo, repo / "review.analyst-a.toml"


def edit(path: Path, change: str) -> str:
    """Tag a new span (change "add-N") or set the first annotation's note; returns the id."""
    store = load_store(path)
    annotations = AnnotationSet(store.model, store.document)
    if change.startswith("add-"):
        start = 2 + 40 * int(change[4:])
        assert annotations.exact(start, start + 20) is None
        annotations.toggle_tag((start, start + 20), "principles", "redesign", "tester")
        changed = annotations.exact(start, start + 20)
    else:
        changed = annotations.ordered()[0]
        annotations.set_note(changed, change, "tester")
    assert changed is not None
    annotations.sync_model()
    store.save()
    return changed.id


@needs_git
def test_git_merge_driver_unions(tmp_path: Path) -> None:
    repo, path = make_repo(tmp_path)
    git(repo, "checkout", "-q", "-b", "other")
    theirs = edit(path, "add-1")
    git(repo, "commit", "-q", "-am", "theirs")
    git(repo, "checkout", "-q", "main")
    ours = edit(path, "add-2")
    git(repo, "commit", "-q", "-am", "ours")
    result = git(repo, "merge", "-q", "--no-edit", "other", check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    content = path.read_text(encoding="utf-8")
    assert "<<<<<<<" not in content
    assert f'id = "{ours}"' in content
    assert f'id = "{theirs}"' in content
    assert run("validate", path.name, cwd=repo).returncode == 0
    # Only the .bak of the edits above; the driver leaves nothing behind.
    status = git(repo, "status", "--porcelain", "--untracked-files=all").stdout
    assert status.splitlines() == ["?? review.analyst-a.toml.bak"]


@needs_git
def test_git_merge_driver_conflict(tmp_path: Path) -> None:
    repo, path = make_repo(tmp_path)
    git(repo, "checkout", "-q", "-b", "other")
    target = edit(path, "their note")
    git(repo, "commit", "-q", "-am", "theirs")
    git(repo, "checkout", "-q", "main")
    assert edit(path, "our note") == target
    git(repo, "commit", "-q", "-am", "ours")
    ours_text = path.read_text(encoding="utf-8")
    result = git(repo, "merge", "--no-edit", "other", check=False)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert target in output
    assert "Traceback" not in output
    assert path.read_text(encoding="utf-8") == ours_text


@pytest.mark.parametrize("base", [b"", b"\n"])
def test_git_driver_with_an_empty_ancestor_merges_both_sides(tmp_path: Path, base: bytes) -> None:
    """A file added on both branches: git passes an empty %O; the driver takes the union."""
    ours, theirs = write_pair(tmp_path, conflicting=False)
    ancestor = tmp_path / ".merge_file_O"
    ancestor.write_bytes(base)
    theirs_before = theirs.read_bytes()
    result = run("merge", "--git", ancestor.name, ours.name, theirs.name, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    merged = raw_toml(ours.read_text(encoding="utf-8"))
    assert len(merged["annotations"]) == 4
    assert theirs.read_bytes() == theirs_before
    assert run("validate", ours.name, cwd=tmp_path).returncode == 0


def test_git_driver_with_an_empty_ancestor_reports_conflicts(tmp_path: Path) -> None:
    ours, theirs = write_pair(tmp_path, conflicting=True)
    ancestor = tmp_path / ".merge_file_O"
    ancestor.write_bytes(b"")
    before = ours.read_bytes()
    result = run("merge", "--git", ancestor.name, ours.name, theirs.name, cwd=tmp_path)
    assert result.returncode == 1
    assert BASE.annotations[2].id in result.stderr
    assert ours.read_bytes() == before


@needs_git
def test_git_merge_driver_with_a_file_added_on_both_branches(tmp_path: Path) -> None:
    repo, path = make_repo(tmp_path)
    added = repo / "review.analyst-b.toml"
    git(repo, "checkout", "-q", "-b", "other")
    shutil.copy(path, added)
    theirs = edit(added, "add-1")
    git(repo, "add", added.name)
    git(repo, "commit", "-q", "-m", "theirs adds analyst b")
    git(repo, "checkout", "-q", "main")
    shutil.copy(path, added)
    ours = edit(added, "add-2")
    git(repo, "add", added.name)
    git(repo, "commit", "-q", "-m", "ours adds analyst b")
    result = git(repo, "merge", "-q", "--no-edit", "other", check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    content = added.read_text(encoding="utf-8")
    assert "<<<<<<<" not in content
    assert f'id = "{ours}"' in content
    assert f'id = "{theirs}"' in content
    assert run("validate", added.name, cwd=repo).returncode == 0


def test_a_merge_that_would_leave_a_dangling_tag_is_not_written(tmp_path: Path) -> None:
    """Ours deletes a principle, theirs tags a new annotation with it: nothing is written."""
    samples = Path(__file__).resolve().parents[2] / "samples"
    shutil.copyfile(samples / "review.md", tmp_path / "review.md")
    base_path = tmp_path / "base.toml"
    shutil.copyfile(samples / "review.analyst-a.toml", base_path)
    ours_path = tmp_path / "ours.toml"
    theirs_path = tmp_path / "theirs.toml"
    ours = load_store(base_path)
    ours.path = ours_path
    ours.disk = None
    for annotation in ours.model.annotations:
        annotation.principles = [
            p for p in annotation.principles if p != "innovation-and-disruption"
        ]
    ours.model.annotations = [
        a for a in ours.model.annotations if a.principles or a.recommendations or a.note
    ]
    ours.model.taxonomy.principles = [
        p for p in ours.model.taxonomy.principles if p.id != "innovation-and-disruption"
    ]
    ours.save()
    theirs = load_store(base_path)
    theirs.path = theirs_path
    theirs.disk = None
    edits = AnnotationSet(theirs.model, theirs.document)
    sentence = theirs.document.sentence_containing(theirs.document.text.index("When the Minister"))
    assert sentence is not None
    edits.toggle_tag(sentence, "principles", "innovation-and-disruption", "analyst-b")
    edits.sync_model()
    theirs.save()
    before = ours_path.read_bytes()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "tui",
            "merge",
            "--git",
            str(base_path),
            str(ours_path),
            str(theirs_path),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "innovation-and-disruption" in result.stderr
    assert "not written" in result.stderr
    assert "Traceback" not in result.stderr
    assert ours_path.read_bytes() == before


# --- rejected suggestions ----------------------------------------------------------------


def rejected(model: AnnotationFile, *spans: tuple[int, int]) -> AnnotationFile:
    """``model`` with R4 rejected at each span (quotes from the sample's annotations' text)."""
    from annotations.format.model import Rejection

    changed = model.model_copy(deep=True)
    moment = BASE.annotations[0].created
    changed.rejections = [
        Rejection(tag="R4", start=start, end=end, quote="x" * (end - start), time=moment)
        for start, end in spans
    ]
    return changed


def test_merge_keeps_every_rejection_once() -> None:
    a, b = rejected(subset({0}), (10, 20), (30, 40)), rejected(subset({1}), (30, 40), (50, 60))
    result = merge([a, b], ["a", "b"], None)
    assert result.model is not None
    assert [(r.start, r.end) for r in result.model.rejections] == [(10, 20), (30, 40), (50, 60)]
    assert text(result).count("[[rejections]]") == 3


def test_merge3_adds_both_sides_rejections_and_keeps_a_removal() -> None:
    base = rejected(subset({0}), (10, 20), (30, 40))
    ours = rejected(subset({0}), (10, 20), (30, 40), (50, 60))  # added one
    theirs = rejected(subset({0}), (10, 20), (70, 80))  # removed (30, 40), added one
    result = merge3(base, ours, theirs)
    assert result.model is not None, [str(c) for c in result.conflicts]
    spans = sorted((r.start, r.end) for r in result.model.rejections)
    assert spans == [(10, 20), (50, 60), (70, 80)]
