"""Agreement statistics against published worked examples, and the ``agreement`` command."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from annotations.documents.document import load_document
from annotations.errors import AnnotationFileError
from annotations.exchange.agreement import (
    AlphaCounts,
    alpha_counts,
    cohen_kappa,
    compute_agreement,
    krippendorff_alpha_nominal,
)
from annotations.format.model import AnnotationFile
from annotations.format.reading import document_path_of, read_annotation_file

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
A = SAMPLES / "review.analyst-a.toml"
B = SAMPLES / "review.analyst-b.toml"
OTHER = SAMPLES / "response.analyst-a.toml"

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 observers,
# 12 units, missing data; nominal alpha = 0.743.
_ = None
KRIPPENDORFF = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
    [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
]


def test_krippendorff_alpha_nominal_published_example() -> None:
    alpha = krippendorff_alpha_nominal(KRIPPENDORFF)
    assert alpha is not None
    assert round(alpha, 3) == 0.743
    counts = alpha_counts(KRIPPENDORFF)
    assert counts.n == 40  # unit 12 has a single value and is not pairable
    assert dict(counts.values) == {1: 9, 2: 13, 3: 10, 4: 5, 5: 3}


def test_alpha_perfect_agreement_is_one_and_no_variation_undefined() -> None:
    assert krippendorff_alpha_nominal([[1, 2, 1, 2], [1, 2, 1, 2], [1, 2, None, 2]]) == 1.0
    assert krippendorff_alpha_nominal([[1, 1], [1, 1]]) is None


def test_alpha_two_coders_binary_matches_krippendorff_example() -> None:
    # Krippendorff (2011) section A: two observers, binary data, 10 units: alpha = 0.095.
    data = [[0, 1, 0, 0, 0, 0, 0, 0, 1, 0], [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]]
    alpha = krippendorff_alpha_nominal(data)
    assert alpha is not None
    assert round(alpha, 3) == 0.095


def test_unanimous_units_equal_explicit_units() -> None:
    explicit = alpha_counts([[1, 0, 0, 0, 0], [1, 1, 0, 0, 0]])
    sparse = AlphaCounts()
    sparse.add_unit({1: 2})
    sparse.add_unit({1: 1, 0: 1})
    sparse.add_unanimous(0, analysts=2, units=3)
    assert sparse.alpha == pytest.approx(explicit.alpha)
    assert sparse.percent == pytest.approx(explicit.percent)


def test_cohen_kappa_wikipedia_example() -> None:
    pairs = [("yes", "yes")] * 20 + [("yes", "no")] * 5 + [("no", "yes")] * 10 + [("no", "no")] * 15
    result = cohen_kappa(pairs)
    assert result.items == 50
    assert result.observed == pytest.approx(0.7)
    assert result.expected == pytest.approx(0.5)
    assert result.kappa == pytest.approx(0.4)


def test_cohen_kappa_perfect_agreement() -> None:
    assert cohen_kappa([("a", "a"), ("b", "b"), ("a", "a")]).kappa == pytest.approx(1.0)
    assert cohen_kappa([("a", "a"), ("a", "a")]).kappa is None


def _load(path: Path) -> AnnotationFile:
    model, _problems, _lines, _state = read_annotation_file(path)
    assert model is not None
    return model


def test_same_file_twice_agrees_perfectly() -> None:
    model = _load(A)
    document = load_document(document_path_of(model, A))
    report = compute_agreement(document, [model, model], ["a", "a2"], "paragraph")
    assert report.overall.alpha == pytest.approx(1.0)
    for category in report.categories:
        assert not category.disagreements
        assert category.percent in (None, 100.0)


def test_different_documents_refused_in_core() -> None:
    model_a, other = _load(A), _load(OTHER)
    document = load_document(document_path_of(model_a, A))
    with pytest.raises(AnnotationFileError, match="reanchor"):
        compute_agreement(document, [model_a, other], ["a", "o"])


def run_cli(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", "agreement", *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_cli_text_on_samples() -> None:
    result = run_cli(str(A), str(B))
    assert result.returncode == 0, result.stderr
    assert "Overall" in result.stdout
    assert "principle collaboration" in result.stdout
    assert "kappa" in result.stdout
    assert "alpha" in result.stdout
    assert "stance" in result.stdout


@pytest.mark.parametrize("unit", ["sentence", "paragraph"])
def test_cli_json_on_samples(unit: str) -> None:
    result = run_cli(str(A), str(B), "--format", "json", "--unit", unit)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["unit"] == unit
    assert data["units"] > 0
    assert len(data["analysts"]) == 2
    kinds = {c["kind"] for c in data["categories"]}
    assert kinds == {"principle", "recommendation", "stance"}
    principles = [c for c in data["categories"] if c["kind"] == "principle"]
    assert principles
    for category in data["categories"]:
        for key in ("percent_agreement", "kappa", "alpha"):
            value = category[key]
            if key == "percent_agreement":
                assert value is None or 0 <= value <= 100
            else:
                assert value is None or -1 <= value <= 1
        assert category["counts"]["alpha"]["pairable_values"] >= 0
        assert category["counts"]["kappa"]["items"] >= 0
        for item in category["disagreements"]:
            assert set(item["values"]) == set(data["analysts"])
    assert -1 <= data["overall"]["alpha"] <= 1
    assert data["overall"]["counts"]["pairs"] > 0


def test_cli_three_analysts_has_no_kappa(tmp_path: Path) -> None:
    for name in ("review.md", A.name, B.name):
        shutil.copyfile(SAMPLES / name, tmp_path / name)
    third = tmp_path / "review.analyst-c.toml"  # a third analyst who coded as the first
    shutil.copyfile(A, third)
    result = run_cli(str(tmp_path / A.name), str(tmp_path / B.name), str(third), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert all(c["kappa"] is None for c in data["categories"])


def test_cli_refuses_the_same_file_twice() -> None:
    """One analyst's file given twice would count as two analysts who always agree."""
    result = run_cli(str(A), str(B), str(A.parent / ".." / A.parent.name / A.name))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    [line] = result.stderr.strip().splitlines()
    assert "given twice" in line
    assert A.name in line


def test_cli_different_documents_one_line() -> None:
    result = run_cli(str(A), str(OTHER))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "reanchor" in lines[0]


def test_cli_agreement_imports_no_textual() -> None:
    code = (
        "import sys\n"
        "from tui.cli import main\n"
        f"code = main(['agreement', {str(A)!r}, {str(B)!r}, '--format', 'json'])\n"
        "assert code == 0, code\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "assert not bad, bad[:5]\n"
        "print('no textual', file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip().endswith("no textual")


def test_cli_text_says_how_to_open_each_disagreement() -> None:
    """Each disagreement is followed by the command that opens the document there."""
    import shlex

    result = run_cli(str(A), str(B))
    assert result.returncode == 0, result.stderr
    data = json.loads(run_cli(str(A), str(B), "--format", "json").stdout)
    collaboration = next(c for c in data["categories"] if c["id"] == "collaboration")
    first = collaboration["disagreements"][0]
    lines = result.stdout.splitlines()
    index = next(i for i, line in enumerate(lines) if line.strip().startswith(f"#{first['unit']} "))
    assert (
        lines[index + 1].strip() == f"policy-annotate {shlex.quote(str(A))} --at {first['start']}"
    )


@pytest.mark.parametrize("columns", [60, 80])
def test_cli_text_fits_the_terminal_without_cutting_a_figure(columns: int) -> None:
    """At 80 (and 60) columns no line passes the edge, and each figure stays on one line:
    a figure that does not fit starts the next line, indented."""
    import os

    result = subprocess.run(
        [sys.executable, "-m", "tui", "agreement", str(A), str(B)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "COLUMNS": str(columns)},
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    too_long = [line for line in lines if len(line) > columns and "--at" not in line]
    assert too_long == []
    text = "\n".join(lines)
    assert "kappa 0.660 (271 units)" in text
    assert "agreement 98.6% of 3523 pairs (7046 decisions)" in text
