"""TOML that tomli refuses with RecursionError (nesting deeper than it allows, a dotted key of
thousands of parts) is reported like any other TOML error, and values nested deeper than the
tool reads and writes (MAX_DEPTH) are refused on reading: one line naming the file, exit 1."""

from __future__ import annotations

from pathlib import Path

import pytest
from unit_helpers import Project, run_command, write_project

from annotations.format.nesting import MAX_DEPTH
from annotations.format.tomlfile import raw_toml

DEEP = {
    "nested arrays": "deep = " + "[" * 5000 + "]" * 5000 + "\n",
    "nested tables": "deep = " + "{a = " * 5000 + "1" + "}" * 5000 + "\n",
    "dotted key": "a" + ".b" * 20_000 + " = 1\n",
    "arrays 399 deep": "deep = " + "[" * 399 + "]" * 399 + "\n",
    "tables 999 deep": "[x" + ".b" * 998 + "]\nk = 1\n",
}

COMMANDS: list[tuple[str, ...]] = [
    ("summary", "bad.toml"),
    ("validate", "bad.toml"),
    ("export", "bad.toml", "-o", "OUT.qdpx"),
    ("export", "bad.toml", "-o", "OUT.csv"),
    ("reanchor", "bad.toml"),
    ("agreement", "bad.toml", "doc.annotations.toml"),
    ("diff", "bad.toml", "doc.annotations.toml"),
    ("merge", "bad.toml", "doc.annotations.toml", "-o", "OUT.toml"),
    ("merge", "--git", "doc.annotations.toml", "bad.toml", "doc.annotations.toml"),
    ("bad.toml",),  # the app's open
]


def write_deep(project: Project, kind: str) -> None:
    """A copy of the project's annotation file with a hostile key at its top (or its end)."""
    text = project.text()
    if DEEP[kind].startswith("["):
        text += "\n" + DEEP[kind]
    else:
        text = text.replace("version = 1\n", "version = 1\n" + DEEP[kind], 1)
    (project.folder / "bad.toml").write_text(text, encoding="utf-8")


@pytest.mark.parametrize("kind", DEEP)
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_toml_too_deep_for_tomli_is_one_line(
    tmp_path: Path, command: tuple[str, ...], kind: str
) -> None:
    project = write_project(tmp_path)
    write_deep(project, kind)
    before = {p.name: p.read_bytes() for p in project.folder.iterdir()}
    result = run_command(*command, cwd=project.folder)
    assert result.returncode == 1, result.stderr
    problems = [x for x in result.stderr.splitlines() if x.startswith("policy-annotate: ")]
    assert len(problems) == 1, result.stderr
    assert problems[0].startswith("policy-annotate: bad.toml")
    assert "not valid TOML" in problems[0] or "nested more than 64 levels" in problems[0]
    assert {p.name: p.read_bytes() for p in project.folder.iterdir()} == before


def test_an_unknown_key_nested_as_deep_as_allowed_is_kept_through_a_merge(tmp_path: Path) -> None:
    project = write_project(tmp_path)
    value = "[" * MAX_DEPTH + "]" * MAX_DEPTH
    project.edit("version = 1\n", f"version = 1\ndeep = {value}\n")
    result = run_command("merge", "doc.annotations.toml", "-o", "out.toml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (
        raw_toml((tmp_path / "out.toml").read_text(encoding="utf-8"))["deep"]
        == raw_toml(f"deep = {value}")["deep"]
    )


def test_a_key_map_too_deep_for_tomli_is_one_problem(tmp_path: Path) -> None:
    from annotations.errors import PolicyAnnotateError
    from tui.keymap import load_keymap

    path = tmp_path / "keys.toml"
    path.write_text(DEEP["nested arrays"], encoding="utf-8")
    with pytest.raises(PolicyAnnotateError) as caught:
        load_keymap(path)
    [problem] = caught.value.problems
    assert str(problem).startswith(f"{path}: not valid TOML")
