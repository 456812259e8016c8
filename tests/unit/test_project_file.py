"""The project file: reading with one-line errors, atomic writing, unknown keys kept."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from annotations.projects.model import (
    PROJECT_FILE,
    CodebookRecommendation,
    Passage,
    ProjectDocument,
)
from annotations.projects.project import ProjectFileError, load_project, new_project

GOOD = """\
format = "policy-annotate-project"
version = 1
name = "Eastmere"
owner = "policy team"

[codebook]
stances = ["support", "caution"]

[[codebook.recommendations]]
id = "R1"
title = "Set up a board"
colour = "blue"

[codebook.recommendations.passage]
document = "review"
start = 10
end = 20
quote = "0123456789"

[[documents]]
id = "review"
path = "review.md"
analyst = "analyst-a"

[documents.attributes]
kind = "review"
region = "north"

[future]
setting = 3
"""


def write(folder: Path, text: str) -> Path:
    path = folder / PROJECT_FILE
    path.write_text(text, encoding="utf-8")
    return path


def errors_of(folder: Path) -> list[str]:
    with pytest.raises(ProjectFileError) as caught:
        load_project(folder)
    return [str(problem) for problem in caught.value.problems]


def test_a_project_file_reads_and_keeps_unknown_keys_on_a_round_trip(tmp_path: Path) -> None:
    write(tmp_path, GOOD)
    project = load_project(tmp_path)
    assert project.model.name == "Eastmere"
    [document] = project.model.documents
    assert document.attributes == {"kind": "review", "region": "north"}
    assert document.analyst == "analyst-a"
    assert project.model.codebook.recommendations[0].passage == Passage(
        document="review", start=10, end=20, quote="0123456789"
    )
    project.save()
    text = (tmp_path / PROJECT_FILE).read_text(encoding="utf-8")
    assert 'owner = "policy team"' in text
    assert 'colour = "blue"' in text
    assert "[future]\nsetting = 3" in text
    assert load_project(tmp_path).model == project.model
    assert (tmp_path / (PROJECT_FILE + ".bak")).read_text(encoding="utf-8") == GOOD


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('path = "review.md"', 'path = "../review.md"', ":22: documents[0].path: "),
        ('path = "review.md"', 'path = "/etc/review.md"', ":22: documents[0].path: "),
        ('path = "review.md"', 'path = "a/../../x.md"', "leaves the project folder"),
        ("version = 1", "version = 2", "unsupported format version 2"),
        (
            'format = "policy-annotate-project"',
            'format = "policy-annotate"',
            "(an annotation file, not a project file)",
        ),
        ("start = 10", "start = -1", ":16: codebook.recommendations[0].passage.start: "),
        ('document = "review"', 'document = "other"', "is not a document of the project"),
        ('region = "north"', "region = 3", "documents[0].attributes.region: "),
        ('name = "Eastmere"', "name = [", "not valid TOML"),
    ],
)
def test_a_bad_project_file_is_one_line_naming_file_and_line(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    write(tmp_path, GOOD.replace(old, new))
    [message] = errors_of(tmp_path)
    assert message.startswith(str(tmp_path / PROJECT_FILE))
    assert expected in message
    assert "\n" not in message


def test_duplicate_document_ids_and_paths_are_errors(tmp_path: Path) -> None:
    twice = GOOD.split("[future]")[0] + '\n[[documents]]\nid = "review"\npath = "./review.md"\n'
    write(tmp_path, twice)
    messages = errors_of(tmp_path)
    assert any("duplicate document id 'review'" in m for m in messages)
    assert any("is listed twice" in m for m in messages)


def test_a_missing_project_is_one_line(tmp_path: Path) -> None:
    [message] = errors_of(tmp_path)
    assert "no such file (is this a policy-annotate project?)" in message
    [message] = errors_of(tmp_path / "absent")
    assert "no such folder" in message


def test_a_new_project_refuses_an_existing_one_unless_forced(tmp_path: Path) -> None:
    project = new_project(tmp_path, "First")
    project.save()
    with pytest.raises(ProjectFileError, match="a project is already here"):
        new_project(tmp_path, "Second")
    again = new_project(tmp_path, "Second", force=True)
    again.save()
    assert load_project(tmp_path).model.name == "Second"


def test_a_project_changed_on_disk_is_not_overwritten(tmp_path: Path) -> None:
    project = new_project(tmp_path, "First")
    project.save()
    write(tmp_path, GOOD)
    project.model.documents.append(ProjectDocument(id="x", path="x.md"))
    with pytest.raises(Exception, match="changed on disk"):
        project.save()
    assert (tmp_path / PROJECT_FILE).read_text(encoding="utf-8") == GOOD


def test_relative_refuses_a_path_outside_the_folder(tmp_path: Path) -> None:
    project = new_project(tmp_path / "p", "P")
    with pytest.raises(ProjectFileError, match="outside the project folder"):
        project.relative(tmp_path / "elsewhere.md")
    assert project.relative(tmp_path / "p" / "documents" / "a.md") == "documents/a.md"


def test_a_recommendation_carries_its_span_only_into_its_own_document() -> None:
    recommendation = CodebookRecommendation(
        id="R1", title="T", passage=Passage(document="review", start=1, end=4)
    )
    assert recommendation.for_document("review").start == 1
    assert recommendation.for_document("other").start is None


def test_schema_project_prints_the_project_file_schema(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tui", "schema", "project"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    assert schema["title"] == "policy-annotate project file, version 1"
    assert {"format", "version", "name", "codebook", "documents"} <= set(schema["properties"])


def test_validate_names_a_project_file_for_what_it_is(tmp_path: Path) -> None:
    write(tmp_path, GOOD)
    result = subprocess.run(
        [sys.executable, "-m", "tui", "validate", PROJECT_FILE],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert (
        '"format" is \'policy-annotate-project\'; expected "policy-annotate" (a project file: '
        "see 'policy-annotate project status DIR')" in result.stderr
    )
