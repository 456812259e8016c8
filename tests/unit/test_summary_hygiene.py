"""``policy-annotate summary`` never imports Textual, in any format (Rich renders the text form)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
SAMPLE = ROOT / "samples" / "review.analyst-a.toml"

# What `python -m tui summary ...` runs, in a fresh interpreter, followed by the check.
WRAPPER = """
import sys
from tui.cli import main
code = main({arguments!r})
bad = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
assert not bad, f"textual was imported: {{bad[:5]}}"
assert "tui.screens.summary" not in sys.modules
assert code == 0, f"exit code {{code}}"
print("no textual", file=sys.stderr)
"""


def run_wrapper(arguments: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", WRAPPER.format(arguments=arguments)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_summary_json_loads_no_textual(tmp_path: Path) -> None:
    result = run_wrapper(["summary", str(SAMPLE), "--format", "json"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "no textual"
    assert '"summary_version": 1' in result.stdout


@pytest.mark.parametrize("fmt", ["text", "md", "html", "svg", "csv"])
def test_every_summary_format_loads_no_textual(tmp_path: Path, fmt: str) -> None:
    result = run_wrapper(["summary", str(SAMPLE), "--format", fmt], tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "no textual"


def test_summary_to_a_file_loads_no_textual(tmp_path: Path) -> None:
    output = tmp_path / "summary.html"
    result = run_wrapper(["summary", str(SAMPLE), "-o", str(output)], tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip().endswith("no textual")
    assert output.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_the_wrapper_would_notice_textual(tmp_path: Path) -> None:
    code = "import textual\n" + WRAPPER.format(
        arguments=["summary", str(SAMPLE), "--format", "csv"]
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "textual was imported" in result.stderr


def test_the_text_summary_loads_only_what_text_needs(tmp_path: Path) -> None:
    """The text form (the command's default) imports neither the other formats nor pydantic models
    of its own: they cost start-up time (benchmarks/README.md, "Summary")."""
    code = WRAPPER.format(arguments=["summary", str(SAMPLE)]) + (
        "\nassert 'annotations.summaries.formats' not in sys.modules"
        "\nimport annotations.summaries.summary as summary, pydantic"
        "\nassert not isinstance(summary.Summary, type(pydantic.BaseModel))"
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
