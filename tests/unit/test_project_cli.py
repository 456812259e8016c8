"""``policy-annotate project init`` and ``project add``: files on disk, messages, exit codes."""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import pytest
from test_cli_help import assert_help_opens_with_its_sentence

from annotations.projects.model import PROJECT_FILE
from annotations.projects.project import load_project
from tui.cli import build_parser, main
from tui.cli.command import Command
from tui.cli.project import SUBCOMMANDS

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"


def project_parsers() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    [top] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    project = top.choices["project"]
    [sub] = [a for a in project._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(sub.choices)


@pytest.mark.parametrize("command", SUBCOMMANDS, ids=lambda command: command.name)
def test_each_project_subcommand_s_help_starts_with_one_sentence(command: Command) -> None:
    assert_help_opens_with_its_sentence(
        project_parsers()[command.name],
        f"policy-annotate project {command.name}",
        command.description,
    )


def test_project_without_a_subcommand_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["project"])
    assert exit_.value.code == 2


# --- init ------------------------------------------------------------------------------------


def test_init_with_a_review_seeds_the_codebook_and_adds_the_review(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "proj"
    assert main(["project", "init", str(folder), "--review", str(SAMPLES / "review.md")]) == 0
    assert "10 recommendations detected: R1–R10" in capsys.readouterr().out
    project = load_project(folder)
    [review] = project.model.documents
    assert review.id == "review"
    assert project.document_path(review).read_bytes() == (SAMPLES / "review.md").read_bytes()
    assert project.model.name == "The Eastmere Digital Government Review"
    recommendations = project.model.codebook.recommendations
    assert [r.id for r in recommendations] == [f"R{n}" for n in range(1, 11)]
    passage = recommendations[0].passage
    assert passage is not None
    assert passage.document == "review"
    text = project.document_path(review).read_text(encoding="utf-8")
    assert text[passage.start : passage.end] == passage.quote
    assert passage.quote.startswith("Recommendation 1:")


def test_init_without_a_review_has_the_default_principles(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["project", "init", str(tmp_path / "new"), "--name", "Mine"]) == 0
    project = load_project(tmp_path / "new")
    assert project.model.name == "Mine"
    assert [p.id for p in project.model.codebook.principles] == [
        "collaboration",
        "redesign",
        "innovation-and-disruption",
    ]
    assert project.model.documents == []


def test_init_refuses_an_existing_project_unless_forced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["project", "init", str(tmp_path), "--name", "First"]) == 0
    before = (tmp_path / PROJECT_FILE).read_bytes()
    assert main(["project", "init", str(tmp_path), "--name", "Second"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        f"policy-annotate: {tmp_path / PROJECT_FILE}: a project is already here; not "
        "overwritten (--force replaces it)"
    ]
    assert (tmp_path / PROJECT_FILE).read_bytes() == before
    assert main(["project", "init", str(tmp_path), "--name", "Second", "--force"]) == 0
    assert load_project(tmp_path).model.name == "Second"
    assert (tmp_path / (PROJECT_FILE + ".bak")).read_bytes() == before


def test_init_with_an_unreadable_review_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01")
    assert main(["project", "init", str(tmp_path / "p"), "--review", str(bad)]) == 1
    assert "bad.txt: binary file" in capsys.readouterr().err
    assert not (tmp_path / "p").exists()  # nor the folders made for it


def test_init_with_a_missing_review_in_an_existing_folder_leaves_it_as_it_was(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine\n", encoding="utf-8")
    assert main(["project", "init", str(folder), "--review", str(tmp_path / "nope.md")]) == 1
    assert "nope.md: no such file" in capsys.readouterr().err
    assert sorted(path.name for path in folder.iterdir()) == ["notes.txt"]


# --- add -------------------------------------------------------------------------------------


@pytest.fixture
def empty(tmp_path: Path) -> Path:
    folder = tmp_path / "proj"
    assert main(["project", "init", str(folder), "--name", "P"]) == 0
    return folder


def test_add_imports_every_kind_of_file_with_attributes(
    empty: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sources = tmp_path / "in"
    sources.mkdir()
    (sources / "one.txt").write_text("First response. It agrees.\n", encoding="utf-8")
    (sources / "Two Words.md").write_text("# Second\n\nIt disagrees.\n", encoding="utf-8")
    (sources / "page.html").write_text(
        "<html><body><h1>Third</h1><p>Cautious.</p></body></html>", encoding="utf-8"
    )
    files = sorted(sources.iterdir())
    code = main(["project", "add", str(empty), *map(str, files), "--attr", "kind=council"])
    out = capsys.readouterr().out
    assert code == 0
    assert "added 3 documents" in out
    project = load_project(empty)
    by_id = {d.id: d for d in project.model.documents}
    assert set(by_id) == {"one", "two-words", "page"}
    assert by_id["two-words"].path == "documents/two-words.md"
    assert by_id["two-words"].title == "Second"
    assert by_id["page"].title == "Third"
    assert all(d.attributes == {"kind": "council"} for d in by_id.values())
    assert (empty / "documents" / "one.txt").read_bytes() == (sources / "one.txt").read_bytes()


def test_add_skips_bad_files_and_duplicates_and_exits_1(
    empty: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "good.txt"
    good.write_text("A response.\n", encoding="utf-8")
    twin = tmp_path / "twin.md"
    shutil.copyfile(good, twin)
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x00\x01\x02")
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"not a zip")
    empty_file = tmp_path / "empty.md"
    empty_file.write_text("  \n", encoding="utf-8")
    files = [good, twin, binary, broken, empty_file, tmp_path / "absent.pdf"]
    assert main(["project", "add", str(empty), *map(str, files)]) == 1
    captured = capsys.readouterr()
    err = captured.err.strip().splitlines()
    assert len(err) == 5, err
    assert f"policy-annotate: {twin}: is the same as {good}; skipped" in err
    assert any(line.startswith(f"policy-annotate: {binary}: ") for line in err)
    assert any(line.startswith(f"policy-annotate: {broken}: ") for line in err)
    assert f"policy-annotate: {empty_file}: has no text; skipped" in err
    assert f"policy-annotate: {tmp_path / 'absent.pdf'}: no such file; skipped" in err
    assert "added 1 document to" in captured.out
    assert "5 skipped" in captured.out
    assert [d.id for d in load_project(empty).model.documents] == ["good"]
    # the same file again is refused by name, and the project is unchanged
    assert main(["project", "add", str(empty), str(good)]) == 1
    assert "is the same as documents/good.txt; skipped" in capsys.readouterr().err
    assert [d.id for d in load_project(empty).model.documents] == ["good"]


def test_add_gives_distinct_ids_to_files_of_the_same_name(
    empty: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for folder, text in (("a", "One.\n"), ("b", "Two.\n")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "reply.txt").write_text(text, encoding="utf-8")
    files = [str(tmp_path / "a" / "reply.txt"), str(tmp_path / "b" / "reply.txt")]
    assert main(["project", "add", str(empty), *files]) == 0
    assert sorted(d.id for d in load_project(empty).model.documents) == ["reply", "reply-2"]


def test_add_to_a_folder_without_a_project_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.txt").write_text("x\n", encoding="utf-8")
    assert main(["project", "add", str(tmp_path), str(tmp_path / "a.txt")]) == 1
    [line] = capsys.readouterr().err.strip().splitlines()
    assert "no such file (is this a policy-annotate project?)" in line


def test_a_bad_attr_is_a_usage_error(empty: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["project", "add", str(empty), "x.txt", "--attr", "novalue"]) == 2
    assert "expected KEY=VALUE" in capsys.readouterr().err


def test_the_same_file_given_twice_is_added_once(
    empty: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.txt").write_text("One.\n", encoding="utf-8")
    assert (
        main(["project", "add", str(empty), str(tmp_path / "a.txt"), str(tmp_path / "a.txt")]) == 1
    )
    assert [d.id for d in load_project(empty).model.documents] == ["a"]


@pytest.mark.parametrize("command", SUBCOMMANDS, ids=lambda command: command.name)
def test_each_project_subcommand_s_help_gives_its_exit_status(command: Command) -> None:
    text = " ".join(project_parsers()[command.name].format_help().split())
    assert "Exit status: 0 " in text
    assert ", 2 a usage error." in text
