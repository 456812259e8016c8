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
    analyst_of,
    arrange,
    keeps_read_order,
    neighbour,
    next_sort,
    parse_filter,
    share_bar,
    sort_by_heading,
)
from annotations.projects.layout import document_annotation_files, file_to_open
from annotations.projects.model import ProjectDocument
from annotations.projects.project import load_project
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


def test_file_to_open(samples: Path, tmp_path: Path) -> None:
    folder = tmp_path / "project"
    shutil.copytree(samples, folder)
    project = load_project(folder)
    document = project.model.document("council")
    assert document is not None
    documents = folder / "documents"
    assert file_to_open(project, document, "analyst-b") == documents / "council.analyst-b.toml"
    assert file_to_open(project, document, "someone") == documents / "council.annotations.toml"
    assert file_to_open(project, document, None) == documents / "council.annotations.toml"
