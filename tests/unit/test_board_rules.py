"""The document board's rules: rows' wording, filters, orders and the next document."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotations.projects.board import (
    SORT_KEYS,
    analyst_choices,
    analyst_of,
    arrange,
    keeps_read_order,
    neighbour,
    next_sort,
    parse_filter,
    share_bar,
    sort_by_heading,
)
from annotations.projects.layout import (
    analyst_name_problem,
    annotation_files,
    document_annotation_files,
    file_to_open,
    other_analysts,
    others_note,
    owner_label,
    saving_to_label,
    whose_file,
)
from annotations.projects.model import ProjectDocument
from annotations.projects.project import Project, load_project
from annotations.projects.status import DocumentStatus, covered_length, project_status


def status(
    doc_id: str,
    *,
    analyst: str | None = None,
    attributes: dict[str, str] | None = None,
    annotations: dict[str, int] | None = None,
    stale: int = 0,
    revised: bool = False,
    covered: int = 0,
) -> DocumentStatus:
    """A document's status made by hand."""
    document = ProjectDocument(
        id=doc_id, path=f"documents/{doc_id}.md", analyst=analyst, attributes=attributes or {}
    )
    return DocumentStatus(
        document,
        annotations=Counter(annotations or {}),
        stale=stale,
        revised=revised,
        length=100,
        covered=covered,
    )


ROWS = [
    status(
        "council",
        analyst="analyst-b",
        attributes={"region": "north"},
        annotations={"analyst-b": 3},
        covered=30,
    ),
    status(
        "charity", attributes={"region": "south"}, annotations={"analyst-a": 5}, stale=2, covered=60
    ),
    status("algdl", attributes={"region": "North"}),
    status("suppliers", analyst="analyst-a", revised=True, annotations={"analyst-a": 1}, covered=5),
]


def ids(rows: list[DocumentStatus]) -> list[str]:
    return [row.document.id for row in rows]


def test_filter_by_attribute_ignores_case() -> None:
    assert ids(arrange(ROWS, board_filter=parse_filter("region=north"))) == ["council", "algdl"]
    assert ids(arrange(ROWS, board_filter=parse_filter("attr:Region=SOUTH"))) == ["charity"]


def test_filter_by_analyst_assigned_else_coding() -> None:
    assert ids(arrange(ROWS, board_filter=parse_filter("analyst:analyst-a"))) == [
        "charity",
        "suppliers",
    ]
    coded_by_both = status("x", analyst="analyst-b", annotations={"analyst-a": 2})
    assert not parse_filter("analyst:analyst-a").matches(coded_by_both)


def test_filter_not_started_and_needs_review() -> None:
    assert ids(arrange(ROWS, board_filter=parse_filter("not started"))) == ["algdl"]
    assert ids(arrange(ROWS, board_filter=parse_filter("Needs  Review"))) == [
        "charity",
        "suppliers",
    ]


def test_filter_terms_all_hold_and_words_match_names() -> None:
    assert ids(arrange(ROWS, board_filter=parse_filter("needs review south"))) == ["charity"]
    assert ids(arrange(ROWS, board_filter=parse_filter("supp"))) == ["suppliers"]
    assert not parse_filter("  ")
    assert ids(arrange(ROWS, board_filter=parse_filter(""))) == ids(ROWS)


def test_orders() -> None:
    assert ids(arrange(ROWS, "name")) == ["algdl", "charity", "council", "suppliers"]
    assert ids(arrange(ROWS, "share")) == ["charity", "council", "suppliers", "algdl"]
    assert ids(arrange(ROWS, "share", reverse=True)) == ["algdl", "suppliers", "council", "charity"]
    assert ids(arrange(ROWS, "annotations")) == ["charity", "council", "suppliers", "algdl"]
    assert ids(arrange(ROWS, "stale"))[0] == "charity"
    assert ids(arrange(ROWS, "revised"))[0] == "suppliers"
    # assigned first by name, then coders, the unassigned and uncoded last
    assert ids(arrange(ROWS, "analyst")) == ["charity", "suppliers", "council", "algdl"]
    with pytest.raises(ValueError, match="unknown board order"):
        arrange(ROWS, "colour")


def test_sort_cycle_comes_round() -> None:
    sort = "project"
    seen = []
    for _ in SORT_KEYS:
        sort = next_sort(sort)
        seen.append(sort)
    assert sorted(seen) == sorted(SORT_KEYS)
    assert sort == "project"


def test_a_heading_sorts_by_its_column_and_again_reverses() -> None:
    assert sort_by_heading("project", False, "share") == ("share", False)
    assert sort_by_heading("share", False, "share") == ("share", True)
    assert sort_by_heading("share", True, "share") == ("share", False)
    assert sort_by_heading("share", True, "name") == ("name", False)
    assert sort_by_heading("share", True, "attributes") is None  # no order of its own


def test_rows_read_go_at_the_end_only_in_the_project_order_unfiltered() -> None:
    assert keeps_read_order("project", False, parse_filter(""))
    assert not keeps_read_order("project", True, parse_filter(""))
    assert not keeps_read_order("name", False, parse_filter(""))
    assert not keeps_read_order("project", False, parse_filter("region=north"))


def test_neighbour() -> None:
    order = ["a", "b", "c"]
    assert neighbour(order, "b", 1) == "c"
    assert neighbour(order, "b", -1) == "a"
    assert neighbour(order, "c", 1) is None
    assert neighbour(order, "a", -1) is None
    assert neighbour(order, "gone", 1) is None


def test_analyst_of() -> None:
    assert analyst_of(ROWS[0]) == "analyst-b"
    assert analyst_of(ROWS[1]) == "analyst-a"
    assert analyst_of(ROWS[2]) == ""


@given(st.floats(min_value=0, max_value=1), st.integers(min_value=1, max_value=20))
def test_share_bar_has_its_width_and_grows(share: float, width: int) -> None:
    bar = share_bar(share, width)
    assert len(bar) == width
    assert share_bar(1.0, width) == "█" * width
    assert share_bar(0.0, width) == " " * width


@given(st.lists(st.tuples(st.integers(0, 200), st.integers(0, 50))))
def test_covered_length_is_the_union(spans: list[tuple[int, int]]) -> None:
    pairs = [(start, start + size) for start, size in spans]
    points = {p for start, end in pairs for p in range(start, end)}
    assert covered_length(pairs) == len(points)


def test_sample_project_status_has_shares(samples: Path, tmp_path: Path) -> None:
    folder = tmp_path / "project"
    shutil.copytree(samples, folder)
    project = load_project(folder)
    statuses = {s.document.id: s for s in project_status(project).documents}
    council = statuses["council"]
    assert council.length > 0
    assert 0 < council.annotated_share <= 1
    document = project.model.document("council")
    assert document is not None
    refs = document_annotation_files(project, document)
    assert [r.analyst for r in refs] == ["analyst-a", "analyst-b"]
    assert [r.path for r in refs] == council.files


def test_one_documents_files_are_those_of_the_whole_listing(samples: Path, tmp_path: Path) -> None:
    """Listing one document's files (each open does) finds what listing the folder for every
    document finds: names that only start like the document's are someone else's."""
    folder = tmp_path / "project"
    shutil.copytree(samples, folder)
    documents = folder / "documents"
    for name in (
        "council.v2.analyst-c.toml",  # the file of a document "council.v2"
        "councils.analyst-d.toml",
        "council.toml",
        "council.analyst-e.toml.bak",
        "council.annotations.toml",
    ):
        (documents / name).write_text("", encoding="utf-8")
    project = load_project(folder)
    everyone = annotation_files(project)
    for document in project.model.documents:
        assert document_annotation_files(project, document) == everyone[document.id]
    council = project.model.document("council")
    assert council is not None
    refs = document_annotation_files(project, council)
    assert [r.analyst for r in refs] == ["analyst-a", "analyst-b", None]
    # the files listed once, handed to both: the same answers as listing them again
    assert file_to_open(project, council, "someone", refs) == file_to_open(
        project, council, "someone"
    )
    assert other_analysts(project, council, "analyst-a", refs) == ["analyst-b"]


@pytest.fixture
def council_copy(samples: Path, tmp_path: Path) -> tuple[Project, ProjectDocument]:
    """A copy of the sample project (in ``tmp_path / "project"``) and its council document,
    coded one file per analyst (analyst-a, analyst-b)."""
    folder = tmp_path / "project"
    shutil.copytree(samples, folder)
    project = load_project(folder)
    document = project.model.document("council")
    assert document is not None
    return project, document


def test_file_to_open(council_copy: tuple[Project, ProjectDocument]) -> None:
    """The author's file; else the shared one if there is one; else, where other analysts
    have their own, the author's new one; else the shared one."""
    project, document = council_copy
    documents = project.folder / "documents"
    assert file_to_open(project, document, "analyst-b") == documents / "council.analyst-b.toml"
    # a newcomer to a document coded one file per analyst: their own, new file
    assert file_to_open(project, document, "someone") == documents / "council.someone.toml"
    assert not (documents / "council.someone.toml").exists()
    # nobody known, or a name that cannot name a file: the shared file
    assert file_to_open(project, document, None) == documents / "council.annotations.toml"
    for name in ("Jane Doe", "a.b", "../x", "annotations", "a/b"):
        assert file_to_open(project, document, name) == documents / "council.annotations.toml"
    # a shared file is used by those without their own
    (documents / "council.annotations.toml").write_text("", encoding="utf-8")
    assert file_to_open(project, document, "someone") == documents / "council.annotations.toml"
    assert file_to_open(project, document, "analyst-a") == documents / "council.analyst-a.toml"
    # a document nobody has coded yet: the shared file, as for a single document
    for path in documents.glob("algdl.*.toml"):
        path.unlink()
    algdl = project.model.document("algdl")
    assert algdl is not None
    assert file_to_open(project, algdl, "someone") == documents / "algdl.annotations.toml"


def test_other_analysts_and_whose_file(samples: Path) -> None:
    project = load_project(samples)
    document = project.model.document("council")
    assert document is not None
    assert other_analysts(project, document, "analyst-a") == ["analyst-b"]
    assert other_analysts(project, document, "new") == ["analyst-a", "analyst-b"]
    assert other_analysts(project, document, None) == ["analyst-a", "analyst-b"]
    assert whose_file(Path("d/council.analyst-a.toml")) == "analyst-a"
    assert whose_file(Path("d/council.annotations.toml")) is None
    assert whose_file(Path("d/policy-annotate.toml")) is None


def test_what_the_annotator_says_about_whose_file_it_shows() -> None:
    mine = Path("review.newbie.toml")
    assert owner_label(mine, 2) == "newbie's file (+2 others)"
    assert owner_label(mine, 1) == "newbie's file (+1 other)"
    assert owner_label(Path("review.annotations.toml"), 0) == "shared file"
    assert others_note(mine, ["analyst-a", "analyst-b"], exists=False) == (
        "This is newbie's file (new: created on your first change); analyst-a, analyst-b have "
        "their own for this document (the board's counts are everyone's)."
    )
    assert others_note(Path("review.analyst-a.toml"), ["analyst-b"], exists=True) == (
        "This is analyst-a's file; analyst-b has their own for this document "
        "(the board's counts are everyone's)."
    )
    assert others_note(mine, [], exists=True) is None
    assert others_note(mine, [], exists=False) == (
        "This is newbie's file (new: created on your first change)."
    )


def test_whose_file_the_annotator_saves_to_after_saving_under_another_name(
    council_copy: tuple[Project, ProjectDocument], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One of the document's files is whose its name says; a copy beside it, or a file of the
    same name in another folder, is nobody's and not on the board."""
    project, document = council_copy
    documents = project.folder / "documents"
    assert saving_to_label(project, document, documents / "council.analyst-a.toml") == (
        "analyst-a's file (+1 other)"
    )
    copy = documents / "council.analyst-a.mine.toml"
    copy.write_text("", encoding="utf-8")
    assert saving_to_label(project, document, copy) == "a copy (+2 others)"
    carol = documents / "council.carol.toml"
    carol.write_text("", encoding="utf-8")
    assert saving_to_label(project, document, carol) == "carol's file (+2 others)"
    elsewhere = tmp_path / "council.carol.toml"
    elsewhere.write_text("", encoding="utf-8")
    assert saving_to_label(project, document, elsewhere) == "a copy (+3 others)"
    monkeypatch.chdir(documents)  # a path as typed in the save-as dialog
    assert saving_to_label(project, document, Path("council.carol.toml")) == (
        "carol's file (+2 others)"
    )
    assert saving_to_label(project, document, Path("council.annotations.toml")) == (
        "shared file (+3 others)"
    )


@pytest.mark.parametrize("name", ["newbie", "Ana", "ana_b", "a-2", "Zoë", "7"])
def test_names_that_can_name_a_file(name: str) -> None:
    assert analyst_name_problem(name) is None


@pytest.mark.parametrize(
    "name", ["", "Jane Doe", "a.b", "../x", "a/b", "a\\b", "-x", "_x", "annotations", "x" * 41]
)
def test_names_that_cannot(name: str) -> None:
    assert analyst_name_problem(name)


def test_analyst_choices_put_the_document_s_own_first() -> None:
    council = status("council", analyst="carol")
    council.file_analysts = {"analyst-b", "analyst-a"}
    other = status("algdl")
    other.file_analysts = {"analyst-a", "dora"}
    documents = [council.document, other.document, status("x", analyst="bob").document]
    assert analyst_choices(council.document, documents, [council, other]) == [
        "analyst-a",
        "analyst-b",
        "carol",
        "bob",
        "dora",
    ]
    # before the board has read the document's files: its assigned analyst still first
    assert analyst_choices(council.document, documents, [other]) == [
        "carol",
        "analyst-a",
        "bob",
        "dora",
    ]
