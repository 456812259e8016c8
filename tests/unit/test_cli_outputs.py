"""The files commands write: never over one of their inputs (the document they read or the one
their annotation files name), never over an existing file unless --force (README, "Limits").

Each refusal is one line naming the output, exit code 1, and every file as it was.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from unit_helpers import Project, run_command, write_project


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (relative name) and the sha256 of its bytes."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def refused(result_stderr: str, returncode: int, output: str) -> str:
    """The one line of a refusal naming ``output``."""
    lines = result_stderr.splitlines()
    assert returncode == 1, result_stderr
    assert len(lines) == 1, result_stderr
    assert lines[0].startswith(f"policy-annotate: {output}: "), lines[0]
    return lines[0]


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """doc.md and doc.annotations.toml, and a second analyst's copy doc.b.toml."""
    made = write_project(tmp_path / "project")
    shutil.copy(made.annotations, made.folder / "doc.b.toml")
    return made


@pytest.mark.parametrize(
    "arguments",
    [
        ("init", "doc.md", "-o", "doc.md", "--force"),
        ("init", "./doc.md", "-o", "doc.md", "--force", "--no-detect"),
        ("reanchor", "doc.annotations.toml", "-o", "doc.md"),
        ("reanchor", "doc.annotations.toml", "--document", "doc.md", "-o", "./doc.md"),
        ("merge", "doc.annotations.toml", "doc.b.toml", "-o", "doc.md", "--force"),
    ],
)
def test_the_document_read_or_named_is_never_written_over(
    project: Project, arguments: tuple[str, ...]
) -> None:
    before = snapshot(project.folder)
    result = run_command(*arguments, cwd=project.folder)
    line = refused(result.stderr, result.returncode, "doc.md")
    assert "is an input" in line
    assert snapshot(project.folder) == before


def test_reanchor_to_a_revised_document_is_not_written_over_it(project: Project) -> None:
    revised = project.folder / "revised.md"
    revised.write_text(project.document.read_text(encoding="utf-8") + "More.\n", encoding="utf-8")
    before = snapshot(project.folder)
    result = run_command(
        "reanchor", "doc.annotations.toml", "--document", "revised.md", "-o", "revised.md",
        cwd=project.folder,
    )  # fmt: skip
    assert "is an input" in refused(result.stderr, result.returncode, "revised.md")
    assert snapshot(project.folder) == before


@pytest.mark.parametrize("output", ["doc.b.toml", "report.md"])
def test_summary_does_not_replace_an_existing_file_without_force(
    project: Project, output: str
) -> None:
    (project.folder / "report.md").write_text("last week's report\n", encoding="utf-8")
    before = snapshot(project.folder)
    result = run_command("summary", "doc.annotations.toml", "-o", output, cwd=project.folder)
    line = refused(result.stderr, result.returncode, output)
    assert "already exists" in line
    assert "--force" in line
    assert snapshot(project.folder) == before


def test_summary_with_force_replaces_it_and_keeps_the_previous_one(project: Project) -> None:
    report = project.folder / "report.md"
    report.write_text("last week's report\n", encoding="utf-8")
    result = run_command(
        "summary", "doc.annotations.toml", "-o", "report.md", "--force", cwd=project.folder
    )
    assert result.returncode == 0, result.stderr
    assert report.read_text(encoding="utf-8").startswith("# Summary")
    assert (project.folder / "report.md.bak").read_text(encoding="utf-8") == "last week's report\n"


def test_a_project_summary_does_not_replace_an_existing_file_without_force(
    samples_project: Path,
) -> None:
    other = samples_project / "public-responses.csv"  # the consultation export, not read
    before = snapshot(samples_project)
    result = run_command("summary", ".", "-o", other.name, cwd=samples_project)
    assert "already exists" in refused(result.stderr, result.returncode, other.name)
    assert snapshot(samples_project) == before
    forced = run_command("summary", ".", "-o", "report.md", "--force", cwd=samples_project)
    assert forced.returncode == 0, forced.stderr
    assert (samples_project / "report.md").read_text(encoding="utf-8").startswith("# Summary")


@pytest.fixture
def samples_project(tmp_path: Path) -> Path:
    """A copy of the bundled sample project."""
    samples = Path(__file__).resolve().parents[2] / "samples"
    return Path(shutil.copytree(samples, tmp_path / "samples"))


@pytest.mark.parametrize(
    "arguments",
    [
        ("summary", ".", "-o", "documents/council.md", "--force"),
        ("summary", ".", "-o", "documents/council.analyst-a.toml", "--force", "--format", "md"),
        ("export", ".", "-o", "documents/council.md", "--to", "csv", "--force"),
        ("export", ".", "-o", "review.analyst-b.toml", "--to", "qdpx", "--force"),
    ],
)
def test_a_project_command_never_writes_over_what_it_reads(
    samples_project: Path, arguments: tuple[str, ...]
) -> None:
    before = snapshot(samples_project)
    result = run_command(*arguments, cwd=samples_project)
    assert "is an input" in refused(result.stderr, result.returncode, arguments[3])
    assert snapshot(samples_project) == before


@pytest.mark.parametrize(
    "arguments",
    [
        ("summary", "doc.annotations.toml", "-o", "nowhere/report.md"),
        ("export", "doc.annotations.toml", "-o", "nowhere/out.csv"),
        ("init", "doc.md", "-o", "nowhere/doc.toml"),
    ],
)
def test_an_output_in_a_folder_that_does_not_exist_says_so(
    project: Project, arguments: tuple[str, ...]
) -> None:
    before = snapshot(project.folder)
    result = run_command(*arguments, cwd=project.folder)
    line = refused(result.stderr, result.returncode, arguments[3])
    assert "no folder nowhere" in line
    assert "nothing was written" in line  # not "the file on disk is unchanged": there is none
    assert "unchanged" not in line
    assert snapshot(project.folder) == before


def test_a_merge_refused_by_its_folder_says_only_why(project: Project) -> None:
    """merge -o into a folder that does not exist: the one line of the refusal, not first the
    warning about the document of a file that was never written."""
    before = snapshot(project.folder)
    result = run_command(
        "merge", "doc.annotations.toml", "doc.b.toml", "-o", "nowhere/merged.toml",
        cwd=project.folder,
    )  # fmt: skip
    line = refused(result.stderr, result.returncode, "nowhere/merged.toml")
    assert "no folder nowhere" in line
    assert snapshot(project.folder) == before


@pytest.mark.parametrize("output", [(), ("-o", "mine.toml")])
def test_init_of_a_file_of_no_document_type_warns_with_the_true_reason(
    project: Project, output: tuple[str, ...]
) -> None:
    (project.folder / "responses.csv").write_text("id,text\n1,Hello there.\n", encoding="utf-8")
    result = run_command("init", "responses.csv", *output, cwd=project.folder)
    assert result.returncode == 0, result.stderr
    [warning] = result.stderr.splitlines()
    written = output[1] if output else "responses.annotations.toml"
    assert warning.startswith(f"policy-annotate: warning: {written}: its document 'responses.csv'")
    assert "is not of a document type" in warning
    assert "outside" not in warning
    assert "--document" in warning


@pytest.mark.parametrize(
    "arguments",
    [
        ("init", "doc.md", "-o", "folder", "--force"),
        ("reanchor", "doc.annotations.toml", "-o", "folder"),
        ("merge", "doc.annotations.toml", "doc.b.toml", "-o", "folder", "--force"),
        ("summary", "doc.annotations.toml", "-o", "folder", "--force", "--format", "md"),
        ("export", "doc.annotations.toml", "-o", "folder", "--to", "csv", "--force"),
    ],
    ids=lambda arguments: arguments[0],
)
def test_an_output_that_is_a_folder_is_one_line(
    project: Project, arguments: tuple[str, ...]
) -> None:
    (project.folder / "folder").mkdir()
    (project.folder / "folder" / "kept.txt").write_text("mine\n", encoding="utf-8")
    before = snapshot(project.folder)
    result = run_command(*arguments, cwd=project.folder)
    refused(result.stderr, result.returncode, "folder")
    assert snapshot(project.folder) == before
