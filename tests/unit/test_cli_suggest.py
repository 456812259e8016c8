"""``policy-annotate suggest``: what the user reads, in each format, and the one-line problems."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from unit_helpers import run_command, write_project

DOCUMENT = """# Review

## Platforms

Councils should share platforms across government. Rain fell all day.

The \x1b[31mshared platforms\x1b[0m of government save money. See Recommendation 1 above.
"""


def project_with(tmp_path: Path) -> Path:
    """A project whose document talks about shared platforms (R1 of the file)."""
    project = write_project(tmp_path / "p")
    project.document.write_text(DOCUMENT, encoding="utf-8")
    text = project.text()
    # The annotations no longer fit the new document: keep only the taxonomy.
    head = text[: text.index("[[annotations]]")]
    from annotations.documents.document import load_document

    document = load_document(project.document)
    head = head.replace(
        head[head.index('sha256 = "') : head.index("\ntitle")],
        f'sha256 = "{document.sha256}"\nlength = {document.length}',
    )
    project.annotations.write_text(head, encoding="utf-8")
    return project.annotations


def test_text_lists_ranked_passages_with_reasons_at_80_columns(tmp_path: Path) -> None:
    path = project_with(tmp_path)
    result = run_command("suggest", str(path), "--tag", "R1", "--top", "3", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("R1 (recommendation): Share platforms across government")
    assert " 1. score " in out
    assert "why: " in out
    assert "Councils should share platforms across government." in out
    assert all(len(line) <= 80 for line in out.splitlines())
    assert "\x1b" not in out
    assert "␛[31m" in out


def test_json_gives_offsets_quotes_and_reasons(tmp_path: Path) -> None:
    path = project_with(tmp_path)
    result = run_command("suggest", str(path), "--tag", "R1", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout
    data = json.loads(result.stdout)
    assert data["tag"] == "R1"
    assert data["kind"] == "recommendation"
    first = data["suggestions"][0]
    assert DOCUMENT[first["start"] : first["end"]] == first["quote"]
    assert [s["rank"] for s in data["suggestions"]] == list(range(1, len(data["suggestions"]) + 1))
    assert {"kind", "text", "weight"} <= set(first["reasons"][0])
    cited = [s for s in data["suggestions"] if "Recommendation 1" in s["quote"]]
    assert cited
    assert "citation" in {r["kind"] for r in cited[0]["reasons"]}


def test_csv_has_a_row_per_passage(tmp_path: Path) -> None:
    path = project_with(tmp_path)
    result = run_command(
        "suggest", str(path), "--tag", "collaboration", "--format", "csv", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows
    assert rows[0]["rank"] == "1"
    assert "\x1b" not in result.stdout


def test_an_unknown_tag_is_one_line_naming_the_file_and_the_ids(tmp_path: Path) -> None:
    path = project_with(tmp_path)
    result = run_command("suggest", str(path), "--tag", "R9", cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert str(path) in lines[0]
    assert "'R9'" in lines[0]
    assert "R1" in lines[0]


def test_top_must_be_positive(tmp_path: Path) -> None:
    path = project_with(tmp_path)
    result = run_command("suggest", str(path), "--tag", "R1", "--top", "0", cwd=tmp_path)
    assert result.returncode == 1
    assert "--top" in result.stderr


def test_a_missing_file_is_one_line(tmp_path: Path) -> None:
    result = run_command("suggest", "absent.toml", "--tag", "R1", cwd=tmp_path)
    assert result.returncode == 1
    assert len(result.stderr.splitlines()) == 1
    assert "absent.toml" in result.stderr
