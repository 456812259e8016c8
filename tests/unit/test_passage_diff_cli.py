"""``policy-annotate diff --by passage``: two analysts' files compared passage by passage."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from annotations.format.reading import read_annotation_file
from annotations.format.tomlfile import dump_annotation_text

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
A = SAMPLES / "review.analyst-a.toml"
B = SAMPLES / "review.analyst-b.toml"


def run(*arguments: str | Path, columns: int = 80) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "tui", "diff", *map(str, arguments)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={"PATH": "", "NO_COLOR": "1", "COLUMNS": str(columns), "PYTHONIOENCODING": "utf-8"},
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


def test_samples_by_passage_text_at_80_columns() -> None:
    result = run(A, B, "--by", "passage")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "By passage: 24 passages in both, 8 only in A, 6 only in B" in out
    assert "In both: 10 coded alike, 9 with different tags, 5 with a different stance" in out
    for title in (
        "Same tags (10)",
        "Different tags (9)",
        "Different stance (5)",
        "Only in A (8)",
        "Only in B (6)",
    ):
        assert title in out
    assert "stance: A support → B neutral" in out
    assert "“" in out  # short quotes
    assert all(len(line) <= 80 for line in out.splitlines()), max(out.splitlines(), key=len)
    assert "\x1b" not in out
    assert "only in A, 30 only in B" not in out  # not the id diff


def test_by_id_stays_the_default() -> None:
    assert "A: 32 annotations, B: 30;" in run(A, B).stdout
    assert "A: 32 annotations, B: 30;" in run(A, B, "--by", "id").stdout


def test_by_passage_json() -> None:
    result = run(A, B, "--by", "passage", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert list(data) == ["counts", "differing", "agreeing", "only_in_a", "only_in_b"]
    assert data["counts"]["paired"] == 24
    assert len(data["only_in_a"]) == data["counts"]["only_in_a"] == 8


def test_user_text_is_shown_literally(tmp_path: Path) -> None:
    model, _problems, _lines, _state = read_annotation_file(A)
    assert model is not None
    first = model.annotations[0]
    model.annotations[0] = first.model_copy(update={"author": "[bold]x\x1b[31m"})
    path = tmp_path / "a.toml"
    path.write_text(dump_annotation_text(model), encoding="utf-8")
    out = run(path, B, "--by", "passage", columns=200).stdout
    assert "[bold]x␛[31m" in out
    assert "\x1b" not in out


def test_different_documents_said_at_the_top() -> None:
    result = run(A, SAMPLES / "response.analyst-a.toml", "--by", "passage")
    assert result.returncode == 0
    assert result.stdout.splitlines()[0].startswith("A and B annotate DIFFERENT documents")


def test_unknown_by_is_a_usage_error() -> None:
    assert run(A, B, "--by", "colour").returncode == 2
