"""A received annotation file must not make any command read a file outside the folder it came in.

``[document].path`` that leaves the annotation file's tree (its folder, or the git work tree
above it), or names a file of no document type, is refused by every command with one line
naming the file and the path, and nothing is written; ``--document`` names a document
explicitly and lifts the refusal.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from unit_helpers import Project, run_command, write_project


def problems(result: subprocess.CompletedProcess[str]) -> list[str]:
    """The problem lines of standard error (validate adds ``FILE: N problem(s)`` after them)."""
    lines = result.stderr.splitlines()
    assert all(
        line.startswith("policy-annotate: ") or re.search(r": \d+ problems?$", line)
        for line in lines
    ), result.stderr
    return [line for line in lines if line.startswith("policy-annotate: ")]


ESCAPES = (
    "../../../../../../etc/passwd",
    "../outside/secret.md",
)


@pytest.fixture
def escaping(tmp_path: Path) -> tuple[Project, Path]:
    """A project (not in git) and a secret document beside it, outside its folder."""
    project = write_project(tmp_path / "project")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_bytes(project.document.read_bytes())
    return project, outside / "secret.md"


def with_path(project: Project, name: str, document_path: str) -> Path:
    """A copy of the project's annotation file whose document is ``document_path``."""
    text = project.text().replace('path = "doc.md"', f'path = "{document_path}"')
    assert text != project.text()
    path = project.folder / name
    path.write_text(text, encoding="utf-8")
    return path


COMMANDS: list[tuple[str, ...]] = [
    ("summary", "evil.toml"),
    ("summary", "evil.toml", "-o", "OUT.md"),
    ("validate", "evil.toml"),
    ("export", "evil.toml", "-o", "OUT.qdpx"),
    ("export", "evil.toml", "-o", "OUT.qdc"),
    ("export", "evil.toml", "-o", "OUT.jsonld"),
    ("export", "evil.toml", "-o", "OUT.csv"),
    ("reanchor", "evil.toml", "-o", "OUT.toml"),
    ("agreement", "evil.toml", "doc.annotations.toml"),
    ("diff", "evil.toml", "doc.annotations.toml"),
    ("merge", "evil.toml", "doc.annotations.toml", "-o", "OUT.toml"),
    ("evil.toml",),  # the app's open
]


@pytest.mark.parametrize("document_path", ESCAPES)
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_a_path_out_of_the_tree_is_refused_by_every_command(
    escaping: tuple[Project, Path], command: tuple[str, ...], document_path: str
) -> None:
    project, _secret = escaping
    with_path(project, "evil.toml", document_path)
    before = sorted(p.name for p in project.folder.iterdir())
    result = run_command(*command, cwd=project.folder)
    assert result.returncode == 1, result.stdout + result.stderr
    lines = problems(result)
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("policy-annotate: evil.toml:")
    assert document_path in lines[0]
    assert "outside" in lines[0]
    assert "root:" not in result.stdout
    assert sorted(p.name for p in project.folder.iterdir()) == before


@pytest.mark.parametrize(
    "command",
    [
        ("summary", "evil.toml"),
        ("validate", "evil.toml"),
        ("export", "evil.toml", "-o", "OUT.qdpx"),
        ("agreement", "evil.toml", "doc.annotations.toml"),
    ],
    ids=" ".join,
)
def test_a_document_named_with_document_is_used_wherever_it_is(
    escaping: tuple[Project, Path], command: tuple[str, ...]
) -> None:
    project, secret = escaping
    with_path(project, "evil.toml", "../outside/secret.md")
    result = run_command(*command, "--document", str(secret), cwd=project.folder)
    assert result.returncode == 0, result.stderr


def test_reanchor_with_document_takes_a_document_out_of_the_tree(
    escaping: tuple[Project, Path],
) -> None:
    project, secret = escaping
    with_path(project, "evil.toml", "../outside/secret.md")
    result = run_command(
        "reanchor", "evil.toml", "--document", str(secret), "-o", "OUT.toml", cwd=project.folder
    )
    assert result.returncode == 0, result.stderr


def test_the_app_opens_a_document_named_beside_its_annotation_file(
    escaping: tuple[Project, Path],
) -> None:
    """``policy-annotate DOC -a FILE`` names the document: only the terminal is missing."""
    project, secret = escaping
    with_path(project, "evil.toml", "../outside/secret.md")
    result = run_command(str(secret), "-a", "evil.toml", cwd=project.folder)
    assert result.returncode == 2
    assert "needs a terminal" in result.stderr


def test_a_path_inside_the_git_work_tree_is_allowed(tmp_path: Path) -> None:
    """In a git work tree, the tree is the whole work tree: ``../doc.md`` from a subfolder."""
    repo = tmp_path / "repo"
    project = write_project(repo)
    (repo / ".git").mkdir()
    (repo / "analysis").mkdir()
    moved = repo / "analysis" / "doc.toml"
    moved.write_text(project.text().replace('path = "doc.md"', 'path = "../doc.md"'), "utf-8")
    assert run_command("validate", "analysis/doc.toml", cwd=repo).returncode == 0
    (repo / ".git").rmdir()
    result = run_command("validate", "analysis/doc.toml", cwd=repo)
    assert result.returncode == 1
    assert "../doc.md" in result.stderr


def test_a_symbolic_link_out_of_the_tree_is_refused(escaping: tuple[Project, Path]) -> None:
    project, secret = escaping
    (project.folder / "link.md").symlink_to(secret)
    with_path(project, "evil.toml", "link.md")
    result = run_command("summary", "evil.toml", cwd=project.folder)
    assert result.returncode == 1
    assert "link.md" in result.stderr
    assert len(problems(result)) == 1


@pytest.mark.parametrize("name", ["notes.cfg", "id_rsa", ".git/config", "doc.toml"])
def test_a_file_of_no_document_type_is_refused(escaping: tuple[Project, Path], name: str) -> None:
    project, _secret = escaping
    target = project.folder / name
    target.parent.mkdir(exist_ok=True)
    target.write_bytes(project.document.read_bytes())
    with_path(project, "evil.toml", name)
    for command in (("summary", "evil.toml"), ("validate", "evil.toml")):
        result = run_command(*command, cwd=project.folder)
        assert result.returncode == 1
        [line] = problems(result)
        assert line.startswith("policy-annotate: evil.toml:")
        assert name in line
        assert "not a document" in line


@pytest.mark.parametrize(
    "name", ["doc.md", "sub/doc.markdown", "doc.txt", "doc.html", "doc.htm", "doc.xhtml"]
)
def test_every_document_type_in_the_tree_is_read(tmp_path: Path, name: str) -> None:
    from annotations.documents.document import load_document
    from annotations.session.store import new_store

    document = tmp_path / name
    document.parent.mkdir(exist_ok=True)
    document.write_text("<p>Some text.</p>\n", encoding="utf-8")
    store = new_store(load_document(document), tmp_path / "a.toml")
    store.save()
    assert run_command("validate", "a.toml", cwd=tmp_path).returncode == 0


# --- export --to csv checks the file against its document ---------------------------------


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('quote = "The first sentence."', 'quote = "The first sentencX."', "quote does not match"),
        ("start = 20\nend = 40", "start = 2000\nend = 2020", "outside the document"),
    ],
)
def test_csv_export_refuses_a_file_that_does_not_fit_its_document(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    project = write_project(tmp_path)
    project.edit(old, new)
    for output in ("OUT.csv", "OUT.qdpx"):
        result = run_command("export", "doc.annotations.toml", "-o", output, cwd=tmp_path)
        assert result.returncode == 1, result.stdout
        assert message in result.stderr
        assert not (tmp_path / output).exists()


@pytest.mark.parametrize(
    "command",
    [
        ("merge", "doc.annotations.toml", "doc.annotations.toml", "-o", "out/m.toml"),
        ("reanchor", "doc.annotations.toml", "-o", "out/m.toml"),
        ("init", "doc.md", "-o", "out/m.toml"),
    ],
    ids=lambda command: command[0],
)
def test_writing_a_file_whose_document_is_out_of_its_tree_warns(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    """Out of a git work tree, ``out/m.toml`` naming ``../doc.md`` will be refused: say so."""
    write_project(tmp_path)
    (tmp_path / "out").mkdir()
    result = run_command(*command, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    [warning] = result.stderr.splitlines()
    assert warning.startswith("policy-annotate: warning: out/m.toml: its document '../doc.md'")
    assert run_command("validate", "out/m.toml", cwd=tmp_path).returncode == 1
    assert (
        run_command("validate", "out/m.toml", "--document", "doc.md", cwd=tmp_path).returncode == 0
    )
