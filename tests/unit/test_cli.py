"""The installed command: help, version, schema, init and validate, with their exit codes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from unit_helpers import Project, run_command, write_project

from annotations import __version__

run = run_command


def problems(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [x for x in result.stderr.splitlines() if x.startswith("policy-annotate: ")]


def test_help_lists_the_commands(tmp_path: Path) -> None:
    result = run("--help", cwd=tmp_path)
    assert result.returncode == 0
    for command in ("validate", "schema", "init", "open"):
        assert command in result.stdout


def test_command_help(tmp_path: Path) -> None:
    result = run("init", "--help", cwd=tmp_path)
    assert result.returncode == 0
    assert "--force" in result.stdout


def test_version(tmp_path: Path) -> None:
    result = run("--version", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.strip() == f"policy-annotate {__version__}"


def installed_command() -> str | None:
    """The console script: on PATH, or beside this Python (a virtual environment's bin)."""
    beside = Path(sys.executable).parent / "policy-annotate"
    return shutil.which("policy-annotate") or (str(beside) if beside.is_file() else None)


@pytest.mark.skipif(installed_command() is None, reason="the command is not installed")
def test_installed_command_runs(tmp_path: Path) -> None:
    command = installed_command()
    assert command is not None
    result = subprocess.run(
        [command, "--version"], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert result.stdout.strip() == f"policy-annotate {__version__}"


@pytest.mark.skipif(installed_command() is None, reason="the command is not installed")
def test_installed_command_validates(project: Project) -> None:
    command = installed_command()
    assert command is not None
    result = subprocess.run(
        [command, "validate", "doc.annotations.toml"],
        cwd=project.folder,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert result.stdout == "doc.annotations.toml: valid\n"


def test_schema_is_json_schema_of_the_file(tmp_path: Path) -> None:
    result = run("schema", cwd=tmp_path)
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert schema["type"] == "object"
    assert {"annotations", "document", "taxonomy", "format", "version"} <= set(schema["properties"])


# --- init ----------------------------------------------------------------------------------


def test_init_creates_the_file_beside_the_document(tmp_path: Path) -> None:
    folder = tmp_path / "papers"
    folder.mkdir()
    (folder / "review.md").write_text("# Review\n\nOne sentence. Two.\n", encoding="utf-8")
    result = run("init", "papers/review.md", cwd=tmp_path)
    assert result.returncode == 0
    created = folder / "review.annotations.toml"
    assert created.is_file()
    assert 'path = "review.md"' in created.read_text(encoding="utf-8").splitlines()
    assert str(Path("papers/review.annotations.toml")) in result.stdout
    assert run("validate", "papers/review.annotations.toml", cwd=tmp_path).returncode == 0


def test_init_refuses_to_overwrite(project: Project) -> None:
    before = project.annotations.read_bytes()
    result = run("init", "doc.md", cwd=project.folder)
    assert result.returncode == 1
    assert project.annotations.read_bytes() == before
    [message] = problems(result)
    assert "doc.annotations.toml" in message
    assert "already exists" in message


def test_init_force_overwrites_and_keeps_a_backup(project: Project) -> None:
    before = project.annotations.read_bytes()
    result = run("init", "--force", "doc.md", cwd=project.folder)
    assert result.returncode == 0
    assert "[[annotations]]" not in project.text()
    assert (project.folder / "doc.annotations.toml.bak").read_bytes() == before


def test_init_output_option(project: Project) -> None:
    result = run("init", "doc.md", "-o", "mine.toml", cwd=project.folder)
    assert result.returncode == 0
    assert (project.folder / "mine.toml").is_file()


def test_init_missing_document_is_one_line(tmp_path: Path) -> None:
    result = run("init", "absent.md", cwd=tmp_path)
    assert result.returncode == 1
    assert problems(result) == ["policy-annotate: absent.md: no such file"]
    assert not (tmp_path / "absent.annotations.toml").exists()


def test_init_binary_document_is_refused(tmp_path: Path) -> None:
    (tmp_path / "scan.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    result = run("init", "scan.md", cwd=tmp_path)
    assert result.returncode == 1
    [message] = problems(result)
    assert message.startswith("policy-annotate: scan.md: binary file")


DETECTABLE = (
    "# Review\n\n## Summary\n\nWe recommend that the government:\n\n"
    "1. create a board;\n2. fund platforms;\n3. open the data.\n\n"
    "## Recommendations\n\n"
    "Recommendation 1: The government should create a board. It should meet quarterly.\n\n"
    "Recommendation 2: The government should fund platforms café-style.\n"
)


def test_init_seeds_the_detected_recommendations(tmp_path: Path) -> None:
    import tomli

    (tmp_path / "review.md").write_text(DETECTABLE, encoding="utf-8")
    result = run("init", "review.md", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "3 recommendations detected: R1–R3" in result.stdout
    # What was found and why, so the analyst can trust or fix it.
    assert result.stdout.splitlines()[1:] == [
        '  found: 2 recommendations (R1–R2), labelled statements, "Recommendation 1" (line 13)',
        "  found: 1 recommendation (R3), listed after a lead-in, "
        '"We recommend that the government" (line 5)',
    ]
    created = tmp_path / "review.annotations.toml"
    recommendations = tomli.loads(created.read_text(encoding="utf-8"))["taxonomy"][
        "recommendations"
    ]
    assert [r["id"] for r in recommendations] == ["R1", "R2", "R3"]  # in number order
    first = recommendations[0]
    assert first["title"] == "The government should create a board"
    assert first["description"] == "Recommendation 1"
    assert DETECTABLE[first["start"] : first["end"]].startswith("Recommendation 1:")
    assert "description" not in recommendations[2]  # "3" adds nothing to the id
    assert run("validate", "review.annotations.toml", cwd=tmp_path).returncode == 0


def test_init_no_detect_seeds_none(tmp_path: Path) -> None:
    (tmp_path / "review.md").write_text(DETECTABLE, encoding="utf-8")
    result = run("init", "--no-detect", "review.md", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "detected" not in result.stdout
    text = (tmp_path / "review.annotations.toml").read_text(encoding="utf-8")
    assert "[[taxonomy.recommendations]]" not in text
    assert run("validate", "review.annotations.toml", cwd=tmp_path).returncode == 0


def test_init_reports_when_nothing_is_detected(tmp_path: Path) -> None:
    (tmp_path / "note.md").write_text("# Note\n\nNothing numbered here.\n", encoding="utf-8")
    result = run("init", "note.md", cwd=tmp_path)
    assert result.returncode == 0
    assert "0 recommendations detected)" in result.stdout
    assert "found: no numbered, lettered or announced items" in result.stdout


# --- validate ------------------------------------------------------------------------------


def test_validate_valid_files_exit_0(tmp_path: Path) -> None:
    first = write_project(tmp_path / "one")
    second = write_project(tmp_path / "two")
    result = run("validate", str(first.annotations), str(second.annotations), cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        f"{first.annotations}: valid",
        f"{second.annotations}: valid",
    ]
    assert result.stderr == ""


def test_validate_quiet_prints_nothing_for_valid_files(project: Project) -> None:
    result = run("validate", "-q", "doc.annotations.toml", cwd=project.folder)
    assert result.returncode == 0
    assert result.stdout == ""


def test_validate_one_bad_file_among_several_exits_1(tmp_path: Path) -> None:
    good = write_project(tmp_path / "good")
    bad = write_project(tmp_path / "bad")
    line = bad.edit("version = 1", "version = 7")
    result = run("validate", str(bad.annotations), str(good.annotations), cwd=tmp_path)
    assert result.returncode == 1
    assert problems(result) == [
        f"policy-annotate: {bad.annotations}:{line}: unsupported format version 7; "
        "this policy-annotate reads version 1"
    ]
    assert f"{good.annotations}: valid" in result.stdout.splitlines()
    assert f"{bad.annotations}: 1 problem" in result.stderr.splitlines()


def test_validate_every_bad_file_is_reported(tmp_path: Path) -> None:
    first = write_project(tmp_path / "first")
    second = write_project(tmp_path / "second")
    first.edit("version = 1", "version = 9")
    second.annotations.write_text("not [ toml", encoding="utf-8")
    result = run("validate", str(first.annotations), str(second.annotations), cwd=tmp_path)
    assert result.returncode == 1
    reported = problems(result)
    assert len(reported) == 2
    assert str(first.annotations) in reported[0]
    assert str(second.annotations) in reported[1]


def test_validate_a_folder_is_one_line(tmp_path: Path) -> None:
    result = run("validate", ".", cwd=tmp_path)
    assert result.returncode == 1
    assert problems(result) == ["policy-annotate: .: is a folder, not an annotation file"]


def test_validate_binary_annotation_file(tmp_path: Path) -> None:
    (tmp_path / "x.toml").write_bytes(b"\xff\xfe\x00garbage")
    result = run("validate", "x.toml", cwd=tmp_path)
    assert result.returncode == 1
    [message] = problems(result)
    assert message.startswith("policy-annotate: x.toml: not UTF-8")


def test_validate_without_files_is_a_usage_error(tmp_path: Path) -> None:
    result = run("validate", cwd=tmp_path)
    assert result.returncode == 2
    assert "usage:" in result.stderr


def test_opening_a_missing_document_fails_before_the_app(tmp_path: Path) -> None:
    result = run("absent.md", cwd=tmp_path)
    assert result.returncode == 1
    assert problems(result) == ["policy-annotate: absent.md: no such file"]


def test_opening_a_folder_fails_before_the_app(tmp_path: Path) -> None:
    """A folder is opened as a project (its board): without a project file, one line, exit 1."""
    (tmp_path / "folder").mkdir()
    result = run("folder", cwd=tmp_path)
    assert result.returncode == 1
    assert problems(result) == [
        "policy-annotate: folder/policy-annotate.toml: no such file "
        "(is this a policy-annotate project?)"
    ]


def test_the_app_refuses_to_start_without_a_terminal(tmp_path: Path) -> None:
    """Piped or scripted, the app does not paint escape codes into a file: one line, exit 2."""
    document = tmp_path / "review.md"
    document.write_text("# Title\n\nA sentence.\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "tui", str(document)],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )
    assert result.returncode == 2
    assert "needs a terminal" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert not (tmp_path / "review.annotations.toml").exists()


def test_no_argument_copies_the_sample_project_and_needs_a_terminal(tmp_path: Path) -> None:
    """``policy-annotate`` alone copies the sample project, then (piped) refuses to paint."""
    result = subprocess.run(
        [sys.executable, "-m", "tui"],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=60,
        cwd=tmp_path,
    )
    assert result.returncode == 2
    assert "needs a terminal" in result.stderr
    assert (tmp_path / "policy-annotate-sample" / "policy-annotate.toml").is_file()
    assert (tmp_path / "policy-annotate-sample" / "documents" / "council.md").is_file()


def test_no_argument_where_the_sample_cannot_be_copied_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "policy-annotate-sample").write_text("a file", encoding="utf-8")
    result = run(cwd=tmp_path)
    assert result.returncode == 1
    assert len(problems(result)) == 1
    assert "the sample project cannot be copied here" in problems(result)[0]
    assert "Traceback" not in result.stderr


def test_an_annotation_file_opens_with_its_document_or_is_refused(tmp_path: Path) -> None:
    """'policy-annotate FILE.toml' reads the file first: a broken one is refused before the app."""
    broken = tmp_path / "broken.toml"
    broken.write_text('format = "policy-annotate"\nversion = 1\n[document\n', encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "tui", str(broken)],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )
    assert result.returncode == 1
    assert f"{broken}:3: not valid TOML" in result.stderr
    assert "Traceback" not in result.stderr
