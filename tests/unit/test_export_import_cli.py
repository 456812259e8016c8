"""``policy-annotate export`` and ``import`` as a user runs them, on the sample files."""

from __future__ import annotations

import csv
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from unit_helpers import run_command

from tui.cli import main

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """A copy of samples/review.md and review.analyst-a.toml; returns the annotation file."""
    shutil.copy(SAMPLES / "review.md", tmp_path)
    shutil.copy(SAMPLES / "review.analyst-a.toml", tmp_path)
    return tmp_path / "review.analyst-a.toml"


def test_export_every_format_by_extension(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = sample.read_bytes()
    for name in ("out.qdpx", "out.qdc", "out.jsonld", "out.json", "out.csv"):
        assert main(["export", str(sample), "-o", str(sample.parent / name)]) == 0
        assert (sample.parent / name).is_file()
    assert sample.read_bytes() == before
    assert "wrote" in capsys.readouterr().out
    with zipfile.ZipFile(sample.parent / "out.qdpx") as archive:
        assert archive.namelist()[0] == "project.qde"
    items = json.loads((sample.parent / "out.jsonld").read_text(encoding="utf-8"))
    assert items["total"] == len(items["first"]["items"]) == 32
    rows = list(csv.reader((sample.parent / "out.csv").open(encoding="utf-8")))
    assert rows[0][:2] == ["file", "id"]
    assert len(rows) == 33


def test_export_default_output_name(sample: Path) -> None:
    assert main(["export", str(sample), "--to", "w3c"]) == 0
    assert (sample.parent / "review.analyst-a.jsonld").is_file()


def test_existing_output_needs_force(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = sample.parent / "out.qdpx"
    out.write_text("keep me", encoding="utf-8")
    assert main(["export", str(sample), "-o", str(out)]) == 1
    error = capsys.readouterr().err
    assert error.count("\n") == 1
    assert "already exists" in error
    assert "--force" in error
    assert out.read_text(encoding="utf-8") == "keep me"
    assert main(["export", str(sample), "-o", str(out), "--force"]) == 0
    assert zipfile.is_zipfile(out)
    assert (sample.parent / "out.qdpx.bak").read_text(encoding="utf-8") == "keep me"


def test_export_refuses_to_overwrite_its_input(
    sample: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = sample.parent / "review.md"
    before = document.read_bytes()
    assert main(["export", str(sample), "--to", "csv", "-o", str(document), "--force"]) == 1
    assert "is an input" in capsys.readouterr().err
    assert document.read_bytes() == before


def test_export_usage_errors(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(sample)]) == 2
    assert main(["export", str(sample), "-o", str(sample.parent / "out.xyz")]) == 2
    assert "cannot tell the format" in capsys.readouterr().err


def test_round_trip_through_qdpx_gives_the_same_file(sample: Path) -> None:
    out = sample.parent / "review.qdpx"
    assert main(["export", str(sample), "-o", str(out)]) == 0
    back = sample.parent / "imported" / "review.annotations.toml"
    back.parent.mkdir()
    assert main(["import", str(out), "-o", str(back)]) == 0
    assert (back.parent / "review.md").read_bytes() == (sample.parent / "review.md").read_bytes()
    assert back.read_text(encoding="utf-8") == sample.read_text(encoding="utf-8")
    assert main(["validate", str(back)]) == 0


def test_import_reuses_an_identical_document_and_refuses_another(
    sample: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = sample.parent / "review.qdpx"
    assert main(["export", str(sample), "-o", str(out)]) == 0
    target = sample.parent / "again.toml"
    assert main(["import", str(out), "-o", str(target)]) == 0  # review.md is there, same text
    assert "reused" in capsys.readouterr().out
    other = sample.parent / "other.md"
    other.write_text("Another text.\n", encoding="utf-8")
    code = main(["import", str(out), "-o", str(sample.parent / "x.toml"), "--document", str(other)])
    assert code == 1
    assert "already exists with another text" in capsys.readouterr().err
    assert other.read_text(encoding="utf-8") == "Another text.\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"plain text", "is not a zip archive"),
        (None, "has no project.qde"),
    ],
)
def test_import_bad_input_is_one_line_and_exit_1(
    tmp_path: Path, content: bytes | None, message: str
) -> None:
    path = tmp_path / "bad.qdpx"
    if content is None:
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("readme.txt", "nothing")
    else:
        path.write_bytes(content)
    result = run_command("import", str(path), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert str(path) in result.stderr
    assert message in result.stderr
    assert not (tmp_path / "bad.annotations.toml").exists()


def test_export_command_runs_as_a_program(sample: Path) -> None:
    result = run_command("export", sample.name, "--to", "qdc", cwd=sample.parent)
    assert result.returncode == 0, result.stderr
    assert (sample.parent / "review.analyst-a.qdc").read_text(encoding="utf-8").startswith("<?xml")
