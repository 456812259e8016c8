"""Annotation files as TOML: problems named by file and line, unknown keys kept, stable output."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
import tomli
from unit_helpers import DOCUMENT_TEXT, MOMENT, Project, make_annotation

from annotations.checking import validate_file
from annotations.errors import AnnotationFileError
from annotations.format.model import AnnotationFile, DocumentRef
from annotations.format.tomlfile import dump_annotation_text, parse_annotation_text
from annotations.session.store import load_store

SECOND = 'id = "a-second"'


@dataclass(frozen=True)
class Case:
    """One bad edit of the valid file and what its message must say."""

    old: str
    new: str
    says: str
    after: str | None = None


CASES = {
    "malformed TOML": Case("start = 20\n", "start = 20 21\n", "not valid TOML", SECOND),
    "unclosed string": Case(
        'author = "analyst-a"', 'author = "analyst-a', "not valid TOML", SECOND
    ),
    "wrong type of start": Case("start = 20", 'start = "ten"', "annotations[1].start"),
    "wrong type in document": Case("length = 88", 'length = "long"', "document.length"),
    "wrong type of tag list": Case(
        'principles = ["redesign"]', 'principles = "redesign"', "annotations[1].principles"
    ),
    "bad stance": Case('stance = "neutral"', 'stance = "maybe"', "annotations[1].stance"),
    "unknown version": Case("version = 1", "version = 2", "unsupported format version 2"),
    "wrong format": Case(
        'format = "policy-annotate"', 'format = "other-tool"', "\"format\" is 'other-tool'"
    ),
    "duplicate annotation id": Case(SECOND, 'id = "a-first"', "duplicate annotation id 'a-first'"),
    "principle not in taxonomy": Case(
        'principles = ["redesign"]', 'principles = ["nope"]', "principle 'nope' is not in"
    ),
    "recommendation not in taxonomy": Case(
        'recommendations = ["R1"]', 'recommendations = ["R9"]', "recommendation 'R9' is not in"
    ),
    "absolute document path": Case(
        'path = "doc.md"', 'path = "/home/someone/doc.md"', "document.path: an absolute path"
    ),
    "local date-time": Case(
        "updated = 2026-11-27T10:00:00Z",
        "updated = 2026-11-27T10:00:00",
        "annotations[1].updated: a local date-time (no offset)",
        SECOND,
    ),
    "date without a time": Case(
        "updated = 2026-11-27T10:00:00Z",
        "updated = 2026-11-27",
        "annotations[1].updated: a date without a time",
        SECOND,
    ),
    "duplicate principle id": Case(
        'id = "innovation-and-disruption"',
        'id = "collaboration"',
        "duplicate principle id 'collaboration'",
    ),
}


def break_file(project: Project, case: Case) -> int:
    return project.edit(case.old, case.new, after=case.after)


@pytest.mark.parametrize("case", CASES.values(), ids=list(CASES))
def test_problem_names_file_and_line(project: Project, case: Case) -> None:
    line = break_file(project, case)
    messages = [str(problem) for problem in validate_file(project.annotations)]
    assert len(messages) == 1, messages
    assert messages[0].startswith(f"{project.annotations}:{line}: ")
    assert case.says in messages[0]


@pytest.mark.parametrize("case", CASES.values(), ids=list(CASES))
def test_loading_refuses_with_file_and_line(project: Project, case: Case) -> None:
    line = break_file(project, case)
    with pytest.raises(AnnotationFileError) as caught:
        load_store(project.annotations)
    assert f"{project.annotations}:{line}: " in str(caught.value)


@pytest.mark.parametrize("case", CASES.values(), ids=list(CASES))
def test_validate_command_prints_one_line_and_exits_1(project: Project, case: Case) -> None:
    line = break_file(project, case)
    result = project.cli("validate", "doc.annotations.toml")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    problems = [x for x in result.stderr.splitlines() if x.startswith("policy-annotate: ")]
    assert problems == [problems[0]]
    assert problems[0].startswith(f"policy-annotate: doc.annotations.toml:{line}: ")
    assert case.says in problems[0]


def test_several_problems_are_all_reported(project: Project) -> None:
    duplicate = project.edit(SECOND, 'id = "a-first"')
    principle = project.edit('principles = ["redesign"]', 'principles = ["nope"]')
    recommendation = project.edit('recommendations = ["R1"]', 'recommendations = ["R9"]')
    result = project.cli("validate", "doc.annotations.toml")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    problems = [x for x in result.stderr.splitlines() if x.startswith("policy-annotate: ")]
    assert len(problems) == 3
    for line, says in [
        (duplicate, "duplicate annotation id"),
        (principle, "principle 'nope'"),
        (recommendation, "recommendation 'R9'"),
    ]:
        assert any(f"doc.annotations.toml:{line}: " in p and says in p for p in problems)


def test_several_type_errors_are_all_reported(project: Project) -> None:
    first = project.edit("start = 0", 'start = "zero"')
    second = project.edit("end = 40", 'end = "forty"', after=SECOND)
    length = project.edit("length = 88", "length = -1")
    lines = {problem.line for problem in validate_file(project.annotations)}
    assert lines == {first, second, length}


def test_line_numbers_survive_a_note_holding_triple_quotes(project: Project) -> None:
    project.edit('Line two"""', 'Line \\""" two"""')
    line = project.edit('principles = ["redesign"]', 'principles = ["nope"]')
    messages = [str(problem) for problem in validate_file(project.annotations)]
    assert messages == [
        f"{project.annotations}:{line}: annotations[1].principles: "
        "principle 'nope' is not in the taxonomy"
    ]


def test_problem_message_is_one_line_even_with_newlines_in_values(project: Project) -> None:
    project.edit(SECOND, 'id = "a-first"')
    project.edit('id = "a-first"', 'id = "a\\u001b[2Jfirst"')
    project.edit('id = "a-first"', 'id = "a\\u001b[2Jfirst"')
    for problem in validate_file(project.annotations):
        assert "\n" not in str(problem)
        assert "\x1b" not in str(problem)


# --- unknown keys --------------------------------------------------------------------------

EXTRAS = [
    ("version = 1\n", 'version = 1\ngenerator = "other-tool 2.0"\n'),
    ('title = "The first', 'language = "en"\ntitle = "The first'),
    (
        "\n[[taxonomy.principles]]",
        '\n[document.source]\nurl = "https://example.org/review"\nfetched = 2026-01-02\n'
        "\n[[taxonomy.principles]]",
    ),
    ('color = "#4e9a06"\n', 'color = "#4e9a06"\nicon = "handshake"\n'),
    ('title = "Share platforms', 'weight = 2\ntitle = "Share platforms'),
    (
        "updated = 2026-11-27T10:00:00Z\n",
        "updated = 2026-11-27T10:00:00Z\nconfidence = 0.75\n"
        '\n[annotations.review]\nchecked = true\nby = ["analyst-b"]\n'
        "\n[annotations.review.detail]\nlevel = 2\n"
        '\n[[annotations.links]]\nhref = "https://example.org/a"\n',
    ),
]
TRAILING_TABLES = '\n[workflow]\nstage = "draft"\n\n[workflow.owner]\nname = "team"\n'


def add_unknown_keys(project: Project) -> None:
    for old, new in EXTRAS:
        project.edit(old, new)
    project.annotations.write_text(project.text() + TRAILING_TABLES, encoding="utf-8")


def test_unknown_keys_and_tables_survive_load_and_save(project: Project) -> None:
    add_unknown_keys(project)
    before = tomli.loads(project.text())
    store = load_store(project.annotations)
    store.save()
    assert tomli.loads(project.text()) == before


def test_unknown_keys_are_still_in_the_saved_text(project: Project) -> None:
    add_unknown_keys(project)
    store = load_store(project.annotations)
    store.save()
    saved = project.text().splitlines()
    for line in ('generator = "other-tool 2.0"', 'icon = "handshake"', "confidence = 0.75"):
        assert line in saved
    assert "[annotations.review.detail]" in saved
    assert "[workflow.owner]" in saved


def test_file_with_unknown_keys_is_still_valid(project: Project) -> None:
    add_unknown_keys(project)
    assert validate_file(project.annotations) == []


# --- deterministic output ------------------------------------------------------------------


def test_saving_twice_gives_identical_bytes(project: Project) -> None:
    store = load_store(project.annotations)
    store.save()
    first = project.annotations.read_bytes()
    store.save()
    assert project.annotations.read_bytes() == first


def test_load_and_save_of_a_saved_file_changes_nothing(project: Project) -> None:
    add_unknown_keys(project)
    load_store(project.annotations).save()
    once = project.annotations.read_bytes()
    load_store(project.annotations).save()
    assert project.annotations.read_bytes() == once


def test_annotations_are_written_sorted_by_start_end_id() -> None:
    spans = [(20, 40, "b"), (0, 19, "z"), (20, 40, "a"), (0, 40, "m"), (0, 19, "c")]
    model = AnnotationFile(
        document=DocumentRef(path="doc.md", sha256="0" * 64, length=len(DOCUMENT_TEXT)),
        annotations=[make_annotation(DOCUMENT_TEXT, s, e, i, note="n") for s, e, i in spans],
    )
    raw = tomli.loads(dump_annotation_text(model))
    written = [(a["start"], a["end"], a["id"]) for a in raw["annotations"]]
    assert written == sorted(spans)


def test_multiline_note_is_written_as_a_multiline_string(project: Project) -> None:
    lines = project.text().splitlines()
    at = lines.index('note = """')
    assert lines[at + 1 : at + 3] == ["Line one", 'Line two"""']


def test_single_line_note_is_a_basic_string(project: Project) -> None:
    assert 'note = ""' in project.text().splitlines()


def test_times_are_written_in_utc_to_the_second(project: Project) -> None:
    assert f"created = {MOMENT:%Y-%m-%dT%H:%M:%SZ}" in project.text().splitlines()


def test_parsing_reports_the_file_name_given(project: Project) -> None:
    text = project.text().replace("version = 1", "version = 3")
    model, problems, _lines = parse_annotation_text(text, "some/where.toml")
    assert model is None
    assert [str(p) for p in problems] == [
        "some/where.toml:2: unsupported format version 3; this policy-annotate reads version 1"
    ]


def test_a_missing_version_is_named_as_missing(project: Project) -> None:
    text = project.text().replace("version = 1\n", "")
    model, problems, _lines = parse_annotation_text(text, "some/where.toml")
    assert model is None
    assert [str(p) for p in problems] == [
        'some/where.toml: "version" is missing; this policy-annotate reads version 1'
    ]


def test_annotation_file_need_not_end_in_toml(project: Project, tmp_path: Path) -> None:
    other = project.folder / "review.analyst-a"
    other.write_bytes(project.annotations.read_bytes())
    assert validate_file(other) == []
