"""``policy-annotate summary DIR``: the cross-document summary of a project."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tui.cli import main

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def summary_json(capsys: pytest.CaptureFixture[str], *arguments: str) -> dict[str, object]:
    assert main(["summary", *arguments, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_each_recommendation_has_its_sides_and_quotes_with_documents(
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = summary_json(capsys, str(SAMPLES), "--attr", "kind=response")
    assert data["documents"] == 7
    assert data["left_out"] == []
    recommendations = {r["id"]: r for r in data["recommendations"]}  # type: ignore[union-attr]
    r2 = recommendations["R2"]
    assert r2["documents"]["oppose"] == ["response", "suppliers"]
    assert "suppliers" not in r2["documents"].get("support", [])
    assert r2["stances"]["oppose"] == 2
    quotes = {(q["document"], q["stance"]) for q in r2["quotes"]}
    assert ("suppliers", "oppose") in quotes
    r8 = recommendations["R8"]
    assert "suppliers" in r8["documents"]["support"]


def test_by_attribute_counts_documents_per_value(capsys: pytest.CaptureFixture[str]) -> None:
    data = summary_json(
        capsys, str(SAMPLES), "--attr", "kind=response", "--by", "attr:organisation-type"
    )
    r6 = next(r for r in data["recommendations"] if r["id"] == "R6")  # type: ignore[union-attr]
    assert r6["groups"]["council"] == {"oppose": 1}
    assert main(["summary", str(SAMPLES), "--by", "attr:respondent"]) == 0
    out = capsys.readouterr().out
    assert "by respondent:" in out
    assert "individual: " in out


def test_filters_keep_only_some_annotations(capsys: pytest.CaptureFixture[str]) -> None:
    data = summary_json(capsys, str(SAMPLES), "--author", "analyst-b", "--recommendation", "R9")
    for recommendation in data["recommendations"]:  # type: ignore[union-attr]
        for quote in recommendation["quotes"]:
            assert quote["author"] == "analyst-b"
    r9 = next(r for r in data["recommendations"] if r["id"] == "R9")  # type: ignore[union-attr]
    assert r9["annotations"] > 0


def test_a_broken_file_is_left_out_with_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "samples"
    shutil.copytree(SAMPLES, folder)
    (folder / "documents" / "council.analyst-a.toml").write_text("junk", encoding="utf-8")
    assert main(["summary", str(folder)]) == 0
    captured = capsys.readouterr()
    [warning] = captured.err.strip().splitlines()
    assert "council.analyst-a.toml:1: not valid TOML" in warning
    assert warning.endswith("(left out)")
    assert "1 file left out" in captured.out


def test_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summary", str(SAMPLES), "--by", "principle"]) == 2
    assert "one --by attr:KEY" in capsys.readouterr().err


def test_the_text_names_documents_and_sides(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summary", str(SAMPLES)]) == 0
    out = capsys.readouterr().out
    assert "R4  The government should create a Local Digital Partnership" in out
    assert "    support  " in out
    assert "— council (analyst-" in out


def test_the_matrix_gives_each_document_s_stances_on_each_recommendation(
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = summary_json(capsys, str(SAMPLES))
    matrix = data["matrix"]
    assert list(matrix) == [  # type: ignore[call-overload]
        "review",
        "response",
        "algdl",
        "suppliers",
        "charity",
        "council",
        "public-0417",
        "public-0932",
    ]
    assert matrix["suppliers"]["R2"] == ["oppose"]  # type: ignore[index]
    assert matrix["charity"]["R6"] == ["caution", "oppose"]  # type: ignore[index]
    assert "R1" not in matrix["charity"]  # type: ignore[index]
    assert main(["summary", str(SAMPLES)]) == 0
    out = capsys.readouterr().out
    assert "Documents × recommendations" in out
    assert "    suppliers    ·   ×  " in out


def test_principle_coverage_across_the_corpus_calls_out_little_to_say(
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = summary_json(capsys, str(SAMPLES))
    principles = {p["id"]: p for p in data["principles"]}  # type: ignore[union-attr]
    assert principles["redesign"]["documents"] == 8
    innovation = principles["innovation-and-disruption"]
    assert innovation["low_coverage"] is True
    assert innovation["verdict"].startswith(
        "Innovation and disruption: little to say across the corpus — in 3 of 8 documents"
    )
    assert principles["collaboration"]["low_coverage"] is False
    only = summary_json(capsys, str(SAMPLES), "--principle", "redesign")
    assert [p["id"] for p in only["principles"]] == ["redesign"]  # type: ignore[union-attr]
    assert main(["summary", str(SAMPLES)]) == 0
    out = capsys.readouterr().out
    assert "Little to say across the corpus:" in out
    assert "Innovation and disruption: little to say across the corpus" in out


@pytest.mark.parametrize(
    ("extension", "marker"),
    [
        ("md", "## Documents × recommendations"),
        ("html", "<h2>Documents × recommendations</h2>"),
        ("svg", "<svg"),
        ("csv", "document,document_title,document_path,file,analyst,annotation"),
    ],
)
def test_every_format_is_written_for_a_project(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extension: str, marker: str
) -> None:
    out = tmp_path / f"summary.{extension}"
    assert main(["summary", str(SAMPLES), "-o", str(out)]) == 0
    assert f"wrote {out}" in capsys.readouterr().err
    text = out.read_text(encoding="utf-8")
    assert marker in text
    if extension != "csv":
        assert "Innovation and disruption" in text.replace("&#160;", " ")
        assert "suppliers" in text


def test_user_text_is_escaped_in_markdown_and_html(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "samples"
    shutil.copytree(SAMPLES, folder)
    project_file = folder / "policy-annotate.toml"
    text = project_file.read_text(encoding="utf-8")
    text = text.replace(
        'name = "Eastmere Digital Government Review: responses"',
        'name = "<script>alert(1)</script> [x](javascript:alert(1))"',
    )
    project_file.write_text(text, encoding="utf-8")
    assert main(["summary", str(folder), "--format", "html"]) == 0
    html = capsys.readouterr().out
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert main(["summary", str(folder), "--format", "md"]) == 0
    markdown = capsys.readouterr().out
    assert "<script>" not in markdown
    assert "\\[x\\](javascript" in markdown


def test_the_help_does_not_restrict_a_project_to_some_formats(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        main(["summary", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "project folder (a cross-document summary, in any of the formats)" in help_text
