"""``policy-annotate diff``: the core comparison, the text and JSON forms, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from annotations.exchange.diffing import diff
from annotations.format.model import AnnotationFile, Principle, Recommendation, Stance
from annotations.format.reading import read_annotation_file
from annotations.format.tomlfile import dump_annotation_text

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
A = SAMPLES / "review.analyst-a.toml"
B = SAMPLES / "review.analyst-b.toml"
NASTY_NOTE = "see [bold]x[/bold] and \x1b[31mred"


def read(path: Path) -> AnnotationFile:
    model, problems, _lines, _state = read_annotation_file(path)
    assert model is not None, [str(p) for p in problems]
    return model


def run(*arguments: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", "diff", *map(str, arguments)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=cwd,
        env={"PATH": "", "NO_COLOR": "1", "COLUMNS": "100", "PYTHONIOENCODING": "utf-8"},
    )


def modified_pair(tmp_path: Path) -> tuple[Path, Path]:
    """A file and a copy with every kind of difference."""
    a = read(A)
    b = a.model_copy(deep=True)
    removed = b.annotations.pop(0)  # only in A
    added = a.annotations[1].model_copy(update={"id": "only-in-b"})
    b.annotations.append(added)  # only in B
    first, second = b.annotations[0], b.annotations[1]
    principle = a.taxonomy.principles[0].id
    b.annotations[0] = first.model_copy(
        update={
            "note": NASTY_NOTE,
            "stance": Stance.OPPOSE if first.stance != Stance.OPPOSE else Stance.SUPPORT,
            "author": "someone-else",
            "principles": [p for p in first.principles if p != principle]
            if principle in first.principles
            else [*first.principles, principle],
            "updated": first.updated + timedelta(minutes=5),
        }
    )
    b.annotations[1] = second.model_copy(
        update={"end": second.end - 1, "quote": second.quote[:-1], "recommendations": ["R1"]}
    )
    b.taxonomy.principles[0] = b.taxonomy.principles[0].model_copy(
        update={"label": "Renamed", "color": "#000000"}
    )
    b.taxonomy.principles.append(Principle(id="only-b-principle", label="New", color="#123456"))
    a.taxonomy.recommendations.append(Recommendation(id="R-only-a", title="Only in A"))
    b.sort_annotations()
    path_a, path_b = tmp_path / "a.toml", tmp_path / "b.toml"
    path_a.write_text(dump_annotation_text(a), encoding="utf-8")
    path_b.write_text(dump_annotation_text(b), encoding="utf-8")
    assert removed.id not in {x.id for x in b.annotations}
    return path_a, path_b


def test_samples_text() -> None:
    result = run(A, B)
    assert result.returncode == 0, result.stderr
    assert "A: 32 annotations, B: 30;" in result.stdout
    assert "Both files annotate review.md" in result.stdout
    assert "Only in A" in result.stdout
    assert "\x1b" not in result.stdout
    assert "Traceback" not in result.stderr


def test_samples_json_counts_are_consistent() -> None:
    result = run(A, B, "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    counts = data["counts"]
    assert counts["a"] == len(read(A).annotations) == 32
    assert counts["b"] == len(read(B).annotations) == 30
    assert counts["only_in_a"] + counts["same"] + counts["changed"] == counts["a"]
    assert counts["only_in_b"] + counts["same"] + counts["changed"] == counts["b"]
    assert counts["only_in_a"] == len(data["only_in_a"])
    assert data["same_document"] is True
    assert list(data) == [
        "same_document",
        "documents",
        "counts",
        "only_in_a",
        "only_in_b",
        "changed",
        "taxonomy",
        "identical",
    ]


def test_every_kind_of_difference(tmp_path: Path) -> None:
    path_a, path_b = modified_pair(tmp_path)
    result = diff(read(path_a), read(path_b))
    assert [x.id for x in result.only_in_b] == ["only-in-b"]
    assert len(result.only_in_a) == 1
    assert len(result.changed) == 2
    assert result.same == 32 - 1 - 2
    fields = {c.id: [v.field for v in c.values] + [t.field for t in c.tags] for c in result.changed}
    assert sorted(name for names in fields.values() for name in names) == sorted(
        ["note", "stance", "author", "principles", "end", "quote", "recommendations"]
    )
    assert result.principles.only_in_b == ("only-b-principle",)
    assert [v.field for v in result.principles.changed[0].values] == ["label", "color"]
    assert result.recommendations.only_in_a == ("R-only-a",)
    assert not result.identical

    data = json.loads(run(path_a, path_b, "--format", "json").stdout)
    notes = [c["changes"]["note"] for c in data["changed"] if "note" in c["changes"]]
    assert notes[0]["b"] == NASTY_NOTE
    assert data["taxonomy"]["principles"]["only_in_b"] == ["only-b-principle"]

    text = run(path_a, path_b)
    assert text.returncode == 0, text.stderr
    out = text.stdout
    assert "1 only in A, 1 only in B, 2 changed, 29 the same" in out
    assert "[bold]x[/bold]" in out  # markup shown literally
    assert "␛[31m" in out  # the escape made visible
    assert "\x1b" not in out
    for word in ("stance:", "author:", "principles:", "recommendations:", "end:", "quote:"):
        assert word in out
    assert "Taxonomy" in out
    assert "only-b-principle only in B" in out
    assert "label: “" in out


def test_different_documents_said_at_the_top(tmp_path: Path) -> None:
    result = run(A, SAMPLES / "response.analyst-a.toml")
    assert result.returncode == 0
    assert result.stdout.splitlines()[0].startswith("A and B annotate DIFFERENT documents")


def test_identical_files() -> None:
    result = run(A, A)
    assert result.returncode == 0
    assert "no differences" in result.stdout
    assert "0 only in A, 0 only in B, 0 changed, 32 the same" in result.stdout
    assert json.loads(run(A, A, "--format", "json").stdout)["identical"] is True


def test_broken_file_exits_1_without_traceback(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text(A.read_text(encoding="utf-8").replace("version = 1", "version = 7"))
    result = run(A, broken)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("policy-annotate: ")
    assert "version" in result.stderr
    assert result.stdout == ""
    missing = run(tmp_path / "missing.toml", A)
    assert missing.returncode == 1
    assert "no such file" in missing.stderr


def test_usage_errors_exit_2() -> None:
    assert run(A).returncode == 2
    assert run(A, B, "--format", "xml").returncode == 2


def test_diff_loads_no_textual(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from tui.cli import main\n"
        f"code = main(['diff', {str(A)!r}, {str(B)!r}])\n"
        "assert code == 0, code\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "assert not bad, bad[:5]\n"
        "print('no textual')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("no textual")
