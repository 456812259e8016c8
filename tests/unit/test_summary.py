"""The summary: its figures, computed by hand on a small document, every format, and the command.

The fixture is a 130-code-point Markdown text with three ``##`` sections and two annotation files
(analysts "ana" and "ben") whose every figure is worked out in the comments below; the tests compare
against those literal numbers, not against a second implementation.

The text rendering of the sample review is compared with a golden file,
``tests/unit/golden/summary_review_100.txt``. After a deliberate change to the rendering, rewrite it
with ``UPDATE_GOLDEN=1 pytest tests/unit/test_summary.py -k golden``, look at it, and commit it.
"""

from __future__ import annotations

import csv
import difflib
import io
import itertools
import json
import os
import pty
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console

from annotations.documents.anchoring import anchor_span
from annotations.documents.document import Document, load_document
from annotations.format.model import Annotation, AnnotationFile, Principle, Recommendation, Stance
from annotations.session.store import new_store
from annotations.summaries.formats import (
    CSV_COLUMNS,
    render_csv,
    render_html,
    render_json,
    render_markdown,
    render_svg,
)
from annotations.summaries.loading import load_for_summary
from annotations.summaries.registry import SUMMARY_FORMATS
from annotations.summaries.render import (
    MARKED_QUOTE,
    quote_positions,
    render_console,
    render_text,
    renderables,
)
from annotations.summaries.summary import (
    LOW_RELATIVE,
    LOW_SHARE,
    Summary,
    SummaryFilter,
    build_summary,
    merged_length,
)

GOLDEN = Path(__file__).resolve().parent / "golden" / "summary_review_100.txt"
MOMENT = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)

# --- the fixture document ----------------------------------------------------------------------
#
# offset  text
#   0     "# Review\n"                               title, 8 code points + newline (0-9)
#   9     "\n"
#  10     "## Alpha\n"                               10-18, newline at 18
#  19     "\n"
#  20     "Share the platform. Build it once.\n"     "Share the platform." 20-39 (19),
#                                                  " " at 39, "Build it once." 40-54 (14),
#                                                  the paragraph 20-54 (34), newline at 54
#  55     "\n"
#  56     "## Beta\n"                                56-63, newline at 63
#  64     "\n"
#  65     "Redesign the forms. Try new tools.\n"     "Redesign the forms." 65-84 (19),
#                                                  "Try new tools." 85-99 (14),
#                                                  the paragraph 65-99 (34), newline at 99
# 100     "\n"
# 101     "## Gamma\n"                               101-109, newline at 109
# 110     "\n"
# 111     "Report every year.\n"                     111-129 (18), newline at 129
# 130     end: the document is 130 code points long
#
# Sections (a section runs from its heading to the next heading of the same or a higher level):
# "# Review" 0-130 spans the whole text, so the summary leaves it out for its chapters;
# "## Alpha" 10-56 (46 code points), "## Beta" 56-101 (45), "## Gamma" 101-130 (29).
TEXT = (
    "# Review\n"
    "\n"
    "## Alpha\n"
    "\n"
    "Share the platform. Build it once.\n"
    "\n"
    "## Beta\n"
    "\n"
    "Redesign the forms. Try new tools.\n"
    "\n"
    "## Gamma\n"
    "\n"
    "Report every year.\n"
)
LENGTH = 130

# The taxonomy: the three default principles plus "equity"; four recommendations, R4 never tagged.
EQUITY = Principle(id="equity", label="Equity", color="#75507b")
RECOMMENDATIONS = [
    Recommendation(id="R1", title="Share platforms across government"),
    Recommendation(id="R2", title="Redesign services around their users"),
    Recommendation(id="R3", title="Report on progress every year"),
    Recommendation(id="R4", title="Fund the academy"),
]
COLLAB, REDESIGN, INNOVATION = "collaboration", "redesign", "innovation-and-disruption"

# The annotations. ana's file:
#   a1 20-54  the Alpha paragraph        collaboration      R1  support  note
#   a2 20-39  its first sentence         collaboration      R1  caution
#   a3 65-84  "Redesign the forms."      redesign           R2  neutral
#   a4 111-129 the Gamma paragraph       collaboration      R3  neutral
#   e1 38-39  "." (one code point)       equity             -   neutral
# ben's file:
#   b1 20-39  the same sentence as a2    collaboration      R1  support
#   b3 65-99  the Beta paragraph         redesign+innovation R2 oppose
#   b4 111-129 the same span as a4       collaboration      R3  support  note
#   e2 38-39  the same "." as e1         equity             -   neutral
ANA = [
    ("a1", 20, 54, [COLLAB], ["R1"], Stance.SUPPORT, "The whole paragraph."),
    ("a2", 20, 39, [COLLAB], ["R1"], Stance.CAUTION, ""),
    ("a3", 65, 84, [REDESIGN], ["R2"], Stance.NEUTRAL, ""),
    ("a4", 111, 129, [COLLAB], ["R3"], Stance.NEUTRAL, ""),
    ("e1", 38, 39, ["equity"], [], Stance.NEUTRAL, ""),
]
BEN = [
    ("b1", 20, 39, [COLLAB], ["R1"], Stance.SUPPORT, ""),
    ("b3", 65, 99, [REDESIGN, INNOVATION], ["R2"], Stance.OPPOSE, ""),
    ("b4", 111, 129, [COLLAB], ["R3"], Stance.SUPPORT, "Yearly reports, good."),
    ("e2", 38, 39, ["equity"], [], Stance.NEUTRAL, ""),
]


def annotation(
    text: str,
    annotation_id: str,
    start: int,
    end: int,
    principles: list[str],
    recommendations: list[str],
    stance: Stance,
    note: str,
    author: str,
) -> Annotation:
    """An annotation of text[start:end] (the quote is exactly that slice), at a fixed time."""
    anchor = anchor_span(text, start, end)
    return Annotation(
        id=annotation_id,
        start=start,
        end=end,
        quote=anchor.quote,
        prefix=anchor.prefix,
        suffix=anchor.suffix,
        principles=principles,
        recommendations=recommendations,
        stance=stance,
        note=note,
        author=author,
        created=MOMENT,
        updated=MOMENT,
    )


@dataclass
class Fixture:
    """The fixture document on disk with ana's and ben's annotation files (and an empty one)."""

    folder: Path
    document: Document
    ana: Path
    ben: Path
    empty: Path
    models: list[AnnotationFile]
    empty_model: AnnotationFile


def write_file(
    document: Document,
    path: Path,
    rows: list[tuple[str, int, int, list[str], list[str], Stance, str]],
    author: str,
) -> AnnotationFile:
    store = new_store(document, path)
    store.model.taxonomy.principles.append(EQUITY.model_copy())
    store.model.taxonomy.recommendations.extend(r.model_copy() for r in RECOMMENDATIONS)
    store.model.annotations = [annotation(document.text, *row, author=author) for row in rows]
    store.save()
    return store.model


@pytest.fixture
def fixture(tmp_path: Path) -> Fixture:
    folder = tmp_path / "fixture"
    folder.mkdir()
    path = folder / "policy.md"
    path.write_text(TEXT, encoding="utf-8")
    document = load_document(path)
    ana = write_file(document, folder / "policy.ana.toml", ANA, "ana")
    ben = write_file(document, folder / "policy.ben.toml", BEN, "ben")
    empty = write_file(document, folder / "policy.empty.toml", [], "nobody")
    return Fixture(
        folder,
        document,
        folder / "policy.ana.toml",
        folder / "policy.ben.toml",
        folder / "policy.empty.toml",
        [ana, ben],
        empty,
    )


def summarise(fixture: Fixture, **options: object) -> Summary:
    return build_summary(
        fixture.models,
        fixture.document,
        ["policy.ana.toml", "policy.ben.toml"],
        **options,  # type: ignore[arg-type]
    )


def test_the_fixture_offsets_are_what_the_comments_say(fixture: Fixture) -> None:
    text = fixture.document.text
    assert fixture.document.length == LENGTH == len(TEXT)
    assert text[20:54] == "Share the platform. Build it once."
    assert text[20:39] == "Share the platform."
    assert text[38:39] == "."
    assert text[65:99] == "Redesign the forms. Try new tools."
    assert text[65:84] == "Redesign the forms."
    assert text[111:129] == "Report every year."
    assert [(s.level, s.title, s.start, s.end) for s in fixture.document.sections] == [
        (1, "Review", 0, 130),
        (2, "Alpha", 10, 56),
        (2, "Beta", 56, 101),
        (2, "Gamma", 101, 130),
    ]


# --- figures -------------------------------------------------------------------------------------


def test_totals(fixture: Fixture) -> None:
    summary = summarise(fixture)
    assert summary.summary_version == 1
    assert summary.document == {
        "title": "Review",
        "path": str(fixture.document.path),
        "length": 130,
        "sha256": fixture.document.sha256,
    }
    assert summary.files == ["policy.ana.toml", "policy.ben.toml"]
    assert summary.filters == {"principles": [], "recommendations": [], "authors": []}
    # 5 of ana's + 4 of ben's
    assert summary.annotations == 9
    # distinct spans: 20-54, 20-39, 38-39, 65-84, 65-99, 111-129 (b1 = a2, b4 = a4, e2 = e1)
    assert summary.passages == 6
    # union: 20-54 (34, holding 20-39 and 38-39) + 65-99 (34, holding 65-84) + 111-129 (18) = 86
    assert summary.characters == 86
    assert summary.share == pytest.approx(86 / 130)  # 0.6615...


def test_principles(fixture: Fixture) -> None:
    summary = summarise(fixture)
    assert [p.id for p in summary.principles] == [COLLAB, REDESIGN, INNOVATION, "equity"]
    rows = {p.id: p for p in summary.principles}
    # The low-coverage rule: share < 1% or fewer than a quarter of the annotations of the
    # best-covered principle. The best is collaboration with 5, so the bar is 5 / 4 = 1.25.
    assert LOW_SHARE == 0.01
    assert LOW_RELATIVE == 0.25

    collaboration = rows[COLLAB]
    # a1, a2, b1, a4, b4
    assert collaboration.annotations == 5
    # 20-54, 20-39, 111-129 (b1 repeats a2's span and b4 a4's)
    assert collaboration.passages == 3
    # 20-54 covers 20-39: 34 + 18 = 52, not 34 + 19 + 19 + 18 + 18 = 108
    assert collaboration.characters == 52
    assert collaboration.share == pytest.approx(0.4)  # 52 / 130
    assert collaboration.stances == {"neutral": 1, "support": 3, "caution": 1, "oppose": 0}
    assert collaboration.low_coverage is False
    assert collaboration.verdict == "Collaboration: 3 passages, 40.0% of the text"
    assert collaboration.label == "Collaboration"
    assert collaboration.color == "#4e9a06"

    redesign = rows[REDESIGN]
    # a3 65-84 and b3 65-99: 2 annotations, 2 passages, union 65-99 = 34 code points
    assert (redesign.annotations, redesign.passages, redesign.characters) == (2, 2, 34)
    assert redesign.share == pytest.approx(34 / 130)  # 0.2615...
    assert redesign.stances == {"neutral": 1, "support": 0, "caution": 0, "oppose": 1}
    assert redesign.low_coverage is False  # 2 >= 1.25 and 26.2% >= 1%
    assert redesign.verdict == "Redesign: 2 passages, 26.2% of the text"

    innovation = rows[INNOVATION]
    # b3 only: 34 code points, 26.2% of the text, but 1 annotation < 1.25: low, by the relative rule
    assert (innovation.annotations, innovation.passages, innovation.characters) == (1, 1, 34)
    assert innovation.low_coverage is True
    assert innovation.verdict == (
        "Innovation and disruption: little to say — 1 passage, 26.2% of the text"
    )

    equity = rows["equity"]
    # e1 and e2 on the same full stop: 2 annotations (>= 1.25), 1 passage, 1 code point,
    # 1 / 130 = 0.77% < 1%: low, by the share rule
    assert (equity.annotations, equity.passages, equity.characters) == (2, 1, 1)
    assert equity.share == pytest.approx(1 / 130)
    assert equity.low_coverage is True
    assert equity.verdict == "Equity: little to say — 1 passage, 0.8% of the text"


def test_recommendations(fixture: Fixture) -> None:
    summary = summarise(fixture)
    assert [r.id for r in summary.recommendations] == ["R1", "R2", "R3", "R4"]
    rows = {r.id: r for r in summary.recommendations}

    r1 = rows["R1"]
    assert r1.title == "Share platforms across government"
    assert r1.annotations == 3  # a1, a2, b1
    assert r1.stances == {"neutral": 0, "support": 2, "caution": 1, "oppose": 0}
    assert r1.principles == {COLLAB: 3, REDESIGN: 0, INNOVATION: 0, "equity": 0}
    # two distinct passages (b1 repeats a2's): 20-39, where a2 (caution) beats b1 (support),
    # and 20-54 (a1); one quote per passage, in document order (both start at 20)
    assert [(q.annotation_id, q.quote, q.stance, q.author) for q in r1.quotes] == [
        ("a2", "Share the platform.", "caution", "ana"),
        ("a1", "Share the platform. Build it once.", "support", "ana"),
    ]
    assert r1.quotes[1].note == "The whole paragraph."
    assert r1.quotes[1].start == 20

    r2 = rows["R2"]
    assert r2.annotations == 2  # a3, b3
    assert r2.stances == {"neutral": 1, "support": 0, "caution": 0, "oppose": 1}
    assert r2.principles == {COLLAB: 0, REDESIGN: 2, INNOVATION: 1, "equity": 0}
    # both start at 65: at equal starts the more telling comes first, b3 (oppose) before a3
    assert [q.annotation_id for q in r2.quotes] == ["b3", "a3"]

    r3 = rows["R3"]
    # a4 and b4 tag the same span: two annotations, one quote (b4's: a stance and a note)
    assert r3.annotations == 2
    assert r3.stances == {"neutral": 1, "support": 1, "caution": 0, "oppose": 0}
    assert r3.principles == {COLLAB: 2, REDESIGN: 0, INNOVATION: 0, "equity": 0}
    assert [(q.annotation_id, q.quote, q.author) for q in r3.quotes] == [
        ("b4", "Report every year.", "ben")
    ]

    r4 = rows["R4"]
    assert r4.annotations == 0
    assert r4.quotes == []
    assert summary.untagged_recommendations == ["R4"]


def test_quotes_option_limits_the_quotes(fixture: Fixture) -> None:
    one = {r.id: r for r in summarise(fixture, quotes=1).recommendations}
    # the most telling: a2 (caution) over a1 (support with a note)
    assert [q.annotation_id for q in one["R1"].quotes] == ["a2"]
    # a3 (neutral) and b3 (oppose): b3
    assert [q.annotation_id for q in one["R2"].quotes] == ["b3"]
    none = summarise(fixture, quotes=0)
    assert all(r.quotes == [] for r in none.recommendations)
    # the counts do not depend on the quotes shown
    assert [r.annotations for r in none.recommendations] == [3, 2, 2, 0]


def test_matrix(fixture: Fixture) -> None:
    summary = summarise(fixture)
    assert summary.matrix == {
        "R1": {COLLAB: 3, REDESIGN: 0, INNOVATION: 0, "equity": 0},
        "R2": {COLLAB: 0, REDESIGN: 2, INNOVATION: 1, "equity": 0},
        "R3": {COLLAB: 2, REDESIGN: 0, INNOVATION: 0, "equity": 0},
        "R4": {COLLAB: 0, REDESIGN: 0, INNOVATION: 0, "equity": 0},
    }


def test_sections(fixture: Fixture) -> None:
    summary = summarise(fixture)
    assert [(s.title, s.level, s.start, s.end) for s in summary.sections] == [
        ("Alpha", 2, 10, 56),
        ("Beta", 2, 56, 101),
        ("Gamma", 2, 101, 130),
    ]
    alpha, beta, gamma = summary.sections
    # Alpha (46 code points): collaboration's 20-54 (34); equity's 38-39 (1)
    assert alpha.coverage == pytest.approx(
        {COLLAB: 34 / 46, REDESIGN: 0.0, INNOVATION: 0.0, "equity": 1 / 46}
    )
    # Beta (45): redesign's union 65-99 (34), innovation's 65-99 (34)
    assert beta.coverage == pytest.approx(
        {COLLAB: 0.0, REDESIGN: 34 / 45, INNOVATION: 34 / 45, "equity": 0.0}
    )
    # Gamma (29): collaboration's 111-129 (18), tagged twice, counted once
    assert gamma.coverage == pytest.approx(
        {COLLAB: 18 / 29, REDESIGN: 0.0, INNOVATION: 0.0, "equity": 0.0}
    )


def test_authors(fixture: Fixture) -> None:
    summary = summarise(fixture)
    assert [a.author for a in summary.authors] == ["ana", "ben"]
    ana, ben = summary.authors
    assert ana.annotations == 5
    assert ana.principles == {COLLAB: 3, REDESIGN: 1, INNOVATION: 0, "equity": 1}
    assert ana.recommendations == {"R1": 2, "R2": 1, "R3": 1, "R4": 0}
    assert ana.stances == {"neutral": 3, "support": 1, "caution": 1, "oppose": 0}
    assert ben.annotations == 4
    assert ben.principles == {COLLAB: 2, REDESIGN: 1, INNOVATION: 1, "equity": 1}
    assert ben.recommendations == {"R1": 1, "R2": 1, "R3": 1, "R4": 0}
    assert ben.stances == {"neutral": 1, "support": 2, "caution": 0, "oppose": 1}


def test_filter_by_principle(fixture: Fixture) -> None:
    summary = summarise(fixture, summary_filter=SummaryFilter(principles=(REDESIGN,)))
    assert summary.filters == {"principles": [REDESIGN], "recommendations": [], "authors": []}
    # a3 and b3 only
    assert summary.annotations == 2
    assert (summary.passages, summary.characters) == (2, 34)
    assert [p.id for p in summary.principles] == [REDESIGN]
    assert summary.principles[0].annotations == 2
    rows = {r.id: r for r in summary.recommendations}
    assert rows["R2"].annotations == 2
    assert rows["R2"].principles == {REDESIGN: 2}
    assert summary.untagged_recommendations == ["R1", "R3", "R4"]
    assert [(a.author, a.annotations) for a in summary.authors] == [("ana", 1), ("ben", 1)]


def test_filter_by_recommendation(fixture: Fixture) -> None:
    summary = summarise(fixture, summary_filter=SummaryFilter(recommendations=("R3",)))
    # a4 and b4, on the same 18 code points
    assert (summary.annotations, summary.passages, summary.characters) == (2, 1, 18)
    assert [r.id for r in summary.recommendations] == ["R3"]
    assert summary.matrix == {"R3": {COLLAB: 2, REDESIGN: 0, INNOVATION: 0, "equity": 0}}
    collaboration = summary.principles[0]
    assert (collaboration.annotations, collaboration.passages, collaboration.characters) == (
        2,
        1,
        18,
    )
    assert summary.untagged_recommendations == []


def test_filter_by_author(fixture: Fixture) -> None:
    summary = summarise(fixture, summary_filter=SummaryFilter(authors=("ben",)))
    # b1, b3, b4, e2; spans 20-39 (19) + 38-39 inside it + 65-99 (34) + 111-129 (18) = 71
    assert (summary.annotations, summary.passages, summary.characters) == (4, 4, 71)
    assert [a.author for a in summary.authors] == ["ben"]
    rows = {p.id: p for p in summary.principles}
    assert rows[COLLAB].annotations == 2
    assert rows[COLLAB].characters == 19 + 18
    # ben's best is collaboration with 2: a quarter is 0.5, so only the share rule flags equity
    assert [p.id for p in summary.principles if p.low_coverage] == ["equity"]


def test_filters_combine(fixture: Fixture) -> None:
    summary = summarise(
        fixture, summary_filter=SummaryFilter(principles=(COLLAB,), authors=("ana",))
    )
    assert summary.annotations == 3  # a1, a2, a4
    assert summary.characters == 34 + 18


def test_an_empty_file_gives_a_friendly_summary(fixture: Fixture) -> None:
    summary = build_summary([fixture.empty_model], fixture.document, ["policy.empty.toml"])
    assert (summary.annotations, summary.passages, summary.characters, summary.share) == (
        0,
        0,
        0,
        0.0,
    )
    for principle in summary.principles:
        assert (principle.annotations, principle.passages, principle.characters) == (0, 0, 0)
        assert principle.share == 0.0
        assert principle.low_coverage is True
        assert "nothing tagged" in principle.verdict
    assert all(r.annotations == 0 and r.quotes == [] for r in summary.recommendations)
    assert summary.untagged_recommendations == ["R1", "R2", "R3", "R4"]
    assert all(v == 0 for row in summary.matrix.values() for v in row.values())
    assert all(v == 0.0 for s in summary.sections for v in s.coverage.values())
    assert summary.authors == []
    text = render_text(summary, 100)
    assert "nothing has been tagged" in text
    assert "0 annotations on 0 passages covering 0.0% of the text" in text
    # every other format is produced too
    assert json.loads(render_json(summary))["annotations"] == 0
    assert "nothing has been tagged" in render_markdown(summary)
    assert "nothing has been tagged" in render_html(summary)
    ET.fromstring(render_svg(summary))
    assert list(
        csv.reader(io.StringIO(render_csv([("policy.empty.toml", fixture.empty_model)])))
    ) == [CSV_COLUMNS]


def test_a_document_without_sections(tmp_path: Path) -> None:
    path = tmp_path / "plain.txt"
    path.write_text("Just one line of plain text.\n", encoding="utf-8")
    document = load_document(path)
    store = new_store(document, tmp_path / "plain.toml")
    store.model.annotations = [
        annotation(document.text, "x", 0, 4, [COLLAB], [], Stance.NEUTRAL, "", "ana")
    ]
    summary = build_summary([store.model], document, ["plain.toml"])
    assert summary.sections == []
    assert summary.characters == 4
    assert "Coverage along the document" not in render_text(summary, 80)


def test_merged_length() -> None:
    assert merged_length([]) == (0, [])
    # a paragraph and a sentence inside it, the same span twice, touching spans, a gap
    assert merged_length([(20, 54), (20, 39), (20, 39), (54, 60), (70, 75)]) == (
        40 + 5,
        [(20, 60), (70, 75)],
    )


@given(st.lists(st.tuples(st.integers(0, 200), st.integers(1, 40)), max_size=30))
def test_merged_length_counts_each_code_point_once(spans: list[tuple[int, int]]) -> None:
    pairs = [(start, start + length) for start, length in spans]
    covered = {i for start, end in pairs for i in range(start, end)}
    total, merged = merged_length(pairs)
    assert total == len(covered)
    assert {i for start, end in merged for i in range(start, end)} == covered
    assert all(a[1] < b[0] for a, b in itertools.pairwise(merged))


# --- formats -------------------------------------------------------------------------------------

SUMMARY_KEYS = {
    "summary_version",
    "document",
    "files",
    "filters",
    "annotations",
    "passages",
    "characters",
    "share",
    "principles",
    "recommendations",
    "untagged_recommendations",
    "matrix",
    "sections",
    "authors",
}


def test_json(fixture: Fixture) -> None:
    data = json.loads(render_json(summarise(fixture)))
    assert set(data) == SUMMARY_KEYS
    assert set(data["document"]) == {"title", "path", "length", "sha256"}
    assert set(data["filters"]) == {"principles", "recommendations", "authors"}
    assert set(data["principles"][0]) == {
        "id",
        "label",
        "color",
        "annotations",
        "passages",
        "characters",
        "share",
        "stances",
        "low_coverage",
        "verdict",
    }
    assert set(data["recommendations"][0]) == {
        "id",
        "title",
        "annotations",
        "stances",
        "principles",
        "quotes",
    }
    assert set(data["recommendations"][0]["quotes"][0]) == {
        "annotation_id",
        "quote",
        "stance",
        "author",
        "note",
        "start",
    }
    assert set(data["sections"][0]) == {"title", "level", "start", "end", "coverage"}
    assert set(data["authors"][0]) == {
        "author",
        "annotations",
        "principles",
        "recommendations",
        "stances",
    }
    assert (data["annotations"], data["passages"], data["characters"]) == (9, 6, 86)
    assert data["principles"][0]["characters"] == 52
    assert data["matrix"]["R2"] == {COLLAB: 0, REDESIGN: 2, INNOVATION: 1, "equity": 0}
    assert data["untagged_recommendations"] == ["R4"]


VOID_ELEMENTS = {"meta", "br", "hr", "img", "input", "link", "col", "area", "base", "wbr"}


class BalanceChecker(HTMLParser):
    """Fails on a closing tag that does not close the innermost open element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID_ELEMENTS:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def check_html(page: str) -> str:
    """Assert the page is self-contained and well formed; return its text."""
    lowered = page.lower()
    assert "<script" not in lowered
    for attribute in ("src=", "href="):
        assert attribute not in lowered, f"{attribute} in the page"
    assert "http:" not in lowered
    assert "https:" not in lowered
    assert page.startswith("<!DOCTYPE html>")
    checker = BalanceChecker()
    checker.feed(page)
    checker.close()
    assert checker.errors == []
    assert checker.stack == []
    return "".join(checker.text)


def test_html(fixture: Fixture) -> None:
    text = check_html(render_html(summarise(fixture)))
    for expected in ("Principles", "Recommendations", "Coverage along the document", "By analyst"):
        assert expected in text
    assert "Equity: little to say — 1 passage, 0.8% of the text" in text


def test_csv(fixture: Fixture) -> None:
    models = [("policy.ana.toml", fixture.models[0]), ("policy.ben.toml", fixture.models[1])]
    rows = list(csv.reader(io.StringIO(render_csv(models))))
    assert rows[0] == [
        "file",
        "id",
        "start",
        "end",
        "principles",
        "recommendations",
        "stance",
        "author",
        "created",
        "updated",
        "quote",
        "note",
    ]
    assert rows[0] == CSV_COLUMNS
    body = rows[1:]
    assert len(body) == 9  # one row per annotation
    by_annotation = {row[1]: row for row in body}
    assert by_annotation["b3"] == [
        "policy.ben.toml",
        "b3",
        "65",
        "99",
        "redesign;innovation-and-disruption",
        "R2",
        "oppose",
        "ben",
        "2026-11-27T10:00:00Z",
        "2026-11-27T10:00:00Z",
        "Redesign the forms. Try new tools.",
        "",
    ]
    # the filter applies to the rows too
    kept = list(csv.reader(io.StringIO(render_csv(models, SummaryFilter(authors=("ana",))))))
    assert [row[1] for row in kept[1:]] == ["a1", "a2", "a3", "a4", "e1"]


def test_csv_round_trips_awkward_text(tmp_path: Path) -> None:
    text = 'He said "share it, now",\nthen left; ok.\n'
    path = tmp_path / "awkward.md"
    path.write_text(text, encoding="utf-8")
    document = load_document(path)
    store = new_store(document, tmp_path / "awkward.toml")
    store.model.annotations = [
        annotation(text, "q", 0, 39, [COLLAB], [], Stance.NEUTRAL, 'a note, with "quotes"\n', "a")
    ]
    rows = list(csv.reader(io.StringIO(render_csv([("awkward.toml", store.model)]))))
    assert rows[1][10] == text[0:39]
    assert rows[1][11] == 'a note, with "quotes"\n'


def test_svg(fixture: Fixture) -> None:
    svg = render_svg(summarise(fixture))
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    # nothing fetched when it is opened: Rich's template links a web font, which is left out
    assert 'url("http' not in svg
    assert "href" not in svg
    assert "Principles" in "".join(root.itertext()).replace("\xa0", " ")


def test_svg_escapes_the_title(tmp_path: Path) -> None:
    text = '# Review <of> & "things"\n\nBody text here.\n'
    path = tmp_path / "t.md"
    path.write_text(text, encoding="utf-8")
    document = load_document(path)
    store = new_store(document, tmp_path / "t.toml")
    ET.fromstring(render_svg(build_summary([store.model], document, ["t.toml"])))
    check_html(render_html(build_summary([store.model], document, ["t.toml"])))


def test_markdown(fixture: Fixture) -> None:
    markdown = render_markdown(summarise(fixture))
    lines = markdown.splitlines()
    assert lines[0] == "# Summary: Review"
    assert "## Principles" in lines
    assert "| Principle | Annotations | Passages | Characters | Share |" in lines
    assert "| Collaboration | 5 | 3 | 52 | 40.0% |" in lines
    assert "| Innovation and disruption ⚠ | 1 | 1 | 34 | 26.2% |" in lines
    assert "| Equity ⚠ | 2 | 1 | 1 | 0.8% |" in lines
    assert "- Recommendations nobody tagged: R4" in lines
    assert "| Id | Recommendation | Annotations | neutral | support | caution | oppose |" in lines
    assert "| R1 | Share platforms across government | 3 | 0 | 2 | 1 | 0 |" in lines
    assert "## Recommendations × principles" in lines
    assert "| R2 | 0 | 2 | 1 | 0 |" in lines
    assert "| Alpha | 74% | 0% | 0% | 2% |" in lines  # 34/46, 1/46
    assert "| Annotations | 5 | 4 |" in lines
    # every table row has as many cells as its header
    tables = [line for line in lines if line.startswith("|")]
    assert all(line.endswith("|") for line in tables)


def test_callouts_list_low_principles_and_untagged_recommendations(fixture: Fixture) -> None:
    lines = render_text(summarise(fixture), 100).splitlines()
    start = lines.index("Little coverage")
    assert lines[start + 1 : start + 4] == [
        "  • Innovation and disruption: little to say — 1 passage, 26.2% of the text",
        "  • Equity: little to say — 1 passage, 0.8% of the text",
        "Recommendations nobody tagged: R4",
    ]
    # collaboration alone: nothing low, and the untagged recommendations on a line of their own
    only = summarise(fixture, summary_filter=SummaryFilter(principles=(COLLAB,)))
    lines = render_text(only, 100).splitlines()
    start = lines.index("Every principle is covered.")
    assert lines[start + 1] == "Recommendations nobody tagged: R2, R4"


def test_views_select_what_is_shown(fixture: Fixture) -> None:
    summary = summarise(fixture)
    only = render_text(summary, 100, views=("recommendation",))
    assert "Recommendations" in only
    assert "Principles\n" not in only
    assert "By analyst" not in only
    authors = render_markdown(summary, ("author",))
    assert "## By analyst" in authors
    assert "## Principles" not in authors


# --- the text form -------------------------------------------------------------------------------


def console_text(summary: Summary, **console_options: object) -> str:
    buffer = io.StringIO()
    render_console(summary, Console(file=buffer, **console_options))  # type: ignore[arg-type]
    return buffer.getvalue()


def test_text_written_to_a_file_has_no_escape_sequences(fixture: Fixture) -> None:
    summary = summarise(fixture)
    # a console writing to a file that is not a terminal: Rich adds no escapes
    assert "\x1b" not in console_text(summary, width=100)
    assert "\x1b" not in render_text(summary, 100)
    # the control: forced to be a terminal, the same console does style the text
    assert "\x1b[" in console_text(summary, width=100, force_terminal=True)


SGR = re.compile(r"\x1b\[([0-9;]*)m")


def colour_codes(text: str) -> list[str]:
    """The escape sequences in ``text`` that set a colour (foreground or background)."""
    found = []
    for match in SGR.finditer(text):
        codes = [int(code) for code in match.group(1).split(";") if code]
        if any(30 <= c <= 49 or 90 <= c <= 107 for c in codes):
            found.append(match.group())
    return found


def test_text_honours_no_color(fixture: Fixture, monkeypatch: pytest.MonkeyPatch) -> None:
    summary = summarise(fixture)
    options = {"width": 100, "force_terminal": True, "color_system": "truecolor"}
    assert colour_codes(console_text(summary, **options))  # colours, in a terminal
    monkeypatch.setenv("NO_COLOR", "1")
    assert colour_codes(console_text(summary, **options)) == []  # none for NO_COLOR
    # and the command leaves out every escape sequence (tested in a terminal below)


@pytest.mark.parametrize("width", [40, 60, 80, 100, 120])
def test_text_fits_the_width(fixture: Fixture, width: int) -> None:
    text = console_text(summarise(fixture), width=width)
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= width
    # the principles table keeps every label and figure however narrow
    table = text.split("Principles", 1)[1].split("Little coverage", 1)[0]
    for label in ("Collaboration", "Redesign", "Equity"):
        assert label in table
    for figure in ("40.0%", "26.2%", "0.8%"):
        assert figure in table
    if width >= 80:
        assert "Annotations" in table
        assert "█" in table


def test_text_adapts_to_the_width(fixture: Fixture) -> None:
    narrow = console_text(summarise(fixture), width=60).splitlines()
    wide = console_text(summarise(fixture), width=120).splitlines()
    assert max(len(line) for line in narrow) <= 60
    assert max(len(line) for line in wide) <= 120
    assert max(len(line.rstrip()) for line in wide) > 60  # the wide one uses its room
    assert len(narrow) > len(wide)  # and the narrow one wraps more
    assert narrow != wide


def hostile(tmp_path: Path) -> tuple[Summary, str]:
    """A summary whose quote, note, author and title hold Rich markup and an escape sequence."""
    text = "# Title [bold]x[/bold]\n\nThis is [bold]x[/bold] and \x1b[31mred\x1b[0m text.\n"
    path = tmp_path / "hostile.md"
    path.write_text(text, encoding="utf-8")
    document = load_document(path)
    store = new_store(document, tmp_path / "hostile.toml")
    store.model.taxonomy.recommendations.append(Recommendation(id="R1", title="[red]Do[/red] it"))
    start = text.index("This")
    end = text.index(" text.") + len(" text.")
    store.model.annotations = [
        annotation(
            text, "h1", start, end, [COLLAB], ["R1"], Stance.OPPOSE, "[i]n[/i]", "[b]mal[/b]"
        ),
        annotation(text, "h2", start, start + 4, [COLLAB], ["R1"], Stance.NEUTRAL, "", "ok"),
    ]
    return build_summary([store.model], document, ["hostile.toml"]), text


def test_markup_and_escapes_in_quotes_print_literally(tmp_path: Path) -> None:
    summary, _ = hostile(tmp_path)
    for text in (
        render_text(summary, 120),
        console_text(summary, width=120, force_terminal=True, color_system="truecolor"),
    ):
        assert "[bold]x[/bold]" in text  # the quote, and the title
        assert "[red]Do[/red] it" in text  # the recommendation's title
        assert "[b]mal[/b]" in text  # an author, in the quote line and the analysts' header
        assert "␛[31mred␛[0m" in text  # the escape shown as a control picture
        assert "\x1b[31mred" not in text  # the quote's own escape never reaches the terminal
        # the analysts' table: its header names the authors literally too
        header = next(line for line in text.split("By analyst", 1)[1].splitlines() if "┃" in line)
        assert "[b]mal[/b]" in header
    assert "\x1b" not in render_text(summary, 120)


def test_the_json_keys_keep_their_documented_order(fixture: Fixture) -> None:
    """The order of docs/summary.md (and of the pydantic models the summary once was)."""
    data = json.loads(render_json(summarise(fixture)))
    assert list(data) == [
        "summary_version",
        "document",
        "files",
        "filters",
        "annotations",
        "passages",
        "characters",
        "share",
        "principles",
        "recommendations",
        "untagged_recommendations",
        "matrix",
        "sections",
        "authors",
    ]
    assert list(data["document"]) == ["title", "path", "length", "sha256"]
    assert list(data["filters"]) == ["principles", "recommendations", "authors"]
    assert list(data["principles"][0]) == [
        "id",
        "label",
        "color",
        "annotations",
        "passages",
        "characters",
        "share",
        "stances",
        "low_coverage",
        "verdict",
    ]
    assert list(data["recommendations"][0]) == [
        "id",
        "title",
        "annotations",
        "stances",
        "principles",
        "quotes",
    ]
    assert list(data["recommendations"][0]["quotes"][0]) == [
        "annotation_id",
        "quote",
        "stance",
        "author",
        "note",
        "start",
    ]
    assert list(data["sections"][0]) == ["title", "level", "start", "end", "coverage"]
    assert list(data["authors"][0]) == [
        "author",
        "annotations",
        "principles",
        "recommendations",
        "stances",
    ]
    assert list(data["principles"][0]["stances"]) == ["neutral", "support", "caution", "oppose"]


def test_json_text_is_written_as_before(fixture: Fixture) -> None:
    """Two-space indents, UTF-8 as is, numbers as pydantic wrote them (``1e-7``, not ``1e-07``)."""
    summary = summarise(fixture)
    summary.share = 1e-07
    summary.principles[0].share = 0.25
    summary.sections[0].coverage = {"x": 1 / 3}
    summary.files = ["é “x” \x1b"]
    text = render_json(summary)
    assert text.startswith('{\n  "summary_version": 1,\n  "document": {\n    "title": "Review",\n')
    assert '\n  "share": 1e-7,\n' in text
    assert '"share": 0.25,' in text
    assert '"x": 0.3333333333333333' in text
    assert '"é “x” \\u001b"' in text
    assert text.endswith("\n  ]\n}\n")


def test_summaries_compare_and_print_by_value(fixture: Fixture) -> None:
    assert summarise(fixture) == summarise(fixture)
    assert summarise(fixture) != summarise(fixture, quotes=0)
    assert repr(summarise(fixture)).startswith("Summary(summary_version=1, document={'title': ")


def test_negative_quotes_are_refused(fixture: Fixture) -> None:
    line = one_problem(run("policy.ana.toml", "--quotes", "-1", cwd=fixture.folder), "--quotes")
    assert "must be 0 or more" in line


def test_markup_and_escapes_in_other_formats(tmp_path: Path) -> None:
    summary, _ = hostile(tmp_path)
    markdown = render_markdown(summary)
    assert "\\[bold\\]x\\[/bold\\]" in markdown  # shown as text, not link syntax
    assert "\x1b" not in markdown
    assert "␛\\[31m" in markdown
    page = render_html(summary)
    check_html(page)
    assert "\x1b" not in page
    ET.fromstring(render_svg(summary))
    # JSON keeps the data as it is (escaped by JSON itself)
    assert (
        json.loads(render_json(summary))["recommendations"][0]["quotes"][0]["quote"].count("\x1b")
        == 2
    )


# --- the golden file -----------------------------------------------------------------------------


def test_golden_text_of_the_sample_review(samples: Path) -> None:
    names = ["review.analyst-a.toml", "review.analyst-b.toml"]
    models, document, warnings = load_for_summary([samples / name for name in names])
    assert warnings == []
    text = render_text(build_summary(models, document, names), 100)
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(text, encoding="utf-8")
    expected = GOLDEN.read_text(encoding="utf-8")
    if text != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                text.splitlines(keepends=True),
                fromfile=str(GOLDEN.relative_to(GOLDEN.parents[2])),
                tofile="rendered now",
            )
        )
        pytest.fail(
            "the text summary of the sample review differs from the golden file; if the change is "
            "intended, rerun with UPDATE_GOLDEN=1, look at the file and commit it:\n" + diff,
            pytrace=False,
        )
    assert max(len(line) for line in text.splitlines()) <= 100


# --- the command ---------------------------------------------------------------------------------


def run(
    *arguments: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "tui", "summary", *arguments],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=env,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(path.relative_to(folder)): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def check_output(fmt: str, text: str) -> None:
    """The output parses as its format and holds the fixture's figures."""
    if fmt == "json":
        assert json.loads(text)["characters"] == 86
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(text)))
        assert rows[0] == CSV_COLUMNS
        assert len(rows) == 10
    elif fmt == "html":
        assert "Collaboration" in check_html(text)
    elif fmt == "svg":
        ET.fromstring(text)
    elif fmt == "md":
        assert "| Collaboration | 5 | 3 | 52 | 40.0% |" in text
    else:
        assert "Collaboration" in text
        assert "\x1b" not in text
        assert "9 annotations on 6 passages covering 66.2% of the text" in text


FORMATS = [entry.name for entry in SUMMARY_FORMATS]
EXTENSIONS = {entry.name: entry.extensions[0] for entry in SUMMARY_FORMATS}


@pytest.mark.parametrize("fmt", FORMATS)
def test_command_with_format(fixture: Fixture, fmt: str) -> None:
    before = snapshot(fixture.folder)
    result = run("policy.ana.toml", "policy.ben.toml", "--format", fmt, cwd=fixture.folder)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    check_output(fmt, result.stdout)
    assert snapshot(fixture.folder) == before


@pytest.mark.parametrize("fmt", FORMATS)
def test_command_with_output_extension(fixture: Fixture, fmt: str) -> None:
    before = snapshot(fixture.folder)
    output = fixture.folder / "out" / f"summary{EXTENSIONS[fmt]}"
    output.parent.mkdir()
    result = run("policy.ana.toml", "policy.ben.toml", "-o", str(output), cwd=fixture.folder)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr.strip() == f"wrote {output}"
    check_output(fmt, output.read_text(encoding="utf-8"))
    after = snapshot(fixture.folder)
    del after[f"out/summary{EXTENSIONS[fmt]}"]
    assert after == before


def test_command_text_output_file_is_100_columns(fixture: Fixture) -> None:
    result = run("policy.ana.toml", "policy.ben.toml", "-o", "summary.txt", cwd=fixture.folder)
    assert result.returncode == 0
    lines = (fixture.folder / "summary.txt").read_text(encoding="utf-8").splitlines()
    assert max(len(line) for line in lines) <= 100
    assert all(line == line.rstrip() for line in lines)


def test_command_options(fixture: Fixture) -> None:
    result = run(
        "policy.ana.toml",
        "policy.ben.toml",
        "--format",
        "json",
        "--principle",
        "redesign",
        "--author",
        "ben",
        "--quotes",
        "1",
        cwd=fixture.folder,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["filters"] == {
        "principles": ["redesign"],
        "recommendations": [],
        "authors": ["ben"],
    }
    assert data["annotations"] == 1  # b3
    result = run(
        "policy.ana.toml", "--recommendation", "R3", "--by", "recommendation", cwd=fixture.folder
    )
    assert result.returncode == 0, result.stderr
    assert "Report on progress every year" in result.stdout
    assert "Share platforms across government" not in result.stdout
    assert "By analyst" not in result.stdout
    assert "Principles\n" not in result.stdout


def run_in_terminal(arguments: list[str], cwd: Path, env: dict[str, str]) -> bytes:
    """Run ``python -m tui summary ARGUMENTS`` with a pseudo-terminal as its standard output."""
    controller, terminal = pty.openpty()
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "tui", "summary", *arguments],
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=terminal,
            stderr=subprocess.PIPE,
            env=env,
        )
        os.close(terminal)
        output = b""
        while True:
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # EIO: the other end closed
                break
            if not chunk:
                break
            output += chunk
        _, errors = process.communicate(timeout=120)
        assert process.returncode == 0, errors
    finally:
        os.close(controller)
    return output


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_command_in_a_terminal_honours_no_color(fixture: Fixture) -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"NO_COLOR", "FORCE_COLOR", "TERM"}}
    env |= {"TERM": "xterm-256color", "COLUMNS": "100"}
    coloured = run_in_terminal(["policy.ana.toml"], fixture.folder, env)
    assert b"\x1b[" in coloured  # a terminal: styled
    plain = run_in_terminal(["policy.ana.toml"], fixture.folder, env | {"NO_COLOR": "1"})
    assert b"\x1b" not in plain
    assert b"Collaboration" in plain


def test_command_through_a_pipe_has_no_escapes(fixture: Fixture) -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"NO_COLOR", "FORCE_COLOR"}}
    result = run("policy.ana.toml", cwd=fixture.folder, env=env | {"COLUMNS": "70"})
    assert result.returncode == 0
    assert "\x1b" not in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= 70


def one_problem(result: subprocess.CompletedProcess[str], name: str) -> str:
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"policy-annotate: {name}"), lines[0]
    return lines[0]


def test_command_refuses_an_invalid_file(fixture: Fixture) -> None:
    bad = fixture.folder / "bad.toml"
    bad.write_text(
        fixture.ana.read_text(encoding="utf-8").replace('stance = "caution"', 'stance = "maybe"'),
        encoding="utf-8",
    )
    before = snapshot(fixture.folder)
    line = one_problem(run("policy.ana.toml", "bad.toml", cwd=fixture.folder), "bad.toml:")
    assert "stance" in line
    assert snapshot(fixture.folder) == before


def test_command_refuses_a_file_whose_quotes_do_not_fit(fixture: Fixture) -> None:
    # a hand edit that keeps the TOML valid: a2's span moved by one, its quote left as it was
    bad = fixture.folder / "moved.toml"
    text = fixture.ana.read_text(encoding="utf-8")
    bad.write_text(text.replace("start = 20\nend = 39", "start = 21\nend = 40"), encoding="utf-8")
    assert bad.read_text(encoding="utf-8") != text
    line = one_problem(run("moved.toml", cwd=fixture.folder), "moved.toml:")
    assert "quote does not match the document" in line


def test_command_refuses_a_missing_document(fixture: Fixture) -> None:
    (fixture.folder / "policy.md").unlink()
    line = one_problem(run("policy.ana.toml", cwd=fixture.folder), "policy.ana.toml")
    assert "policy.md" in line
    assert "no such file" in line


def test_command_refuses_a_missing_file(fixture: Fixture) -> None:
    line = one_problem(run("absent.toml", cwd=fixture.folder), "absent.toml")
    assert "no such file" in line


def test_command_refuses_files_of_different_documents(fixture: Fixture) -> None:
    other = fixture.folder / "other.md"
    other.write_text("# Another document\n\nWith other text.\n", encoding="utf-8")
    write_file(load_document(other), fixture.folder / "other.toml", [], "zoe")
    before = snapshot(fixture.folder)
    line = one_problem(run("policy.ana.toml", "other.toml", cwd=fixture.folder), "other.toml")
    assert "different document" in line
    assert snapshot(fixture.folder) == before


def test_command_warns_when_the_document_changed(fixture: Fixture) -> None:
    document = fixture.folder / "policy.md"
    document.write_text(TEXT + "\nA new closing line.\n", encoding="utf-8")
    result = run("policy.ana.toml", "--format", "json", cwd=fixture.folder)
    assert result.returncode == 0
    assert "changed since it was annotated" in result.stderr
    assert json.loads(result.stdout)["annotations"] == 5


def test_command_never_overwrites_an_input(fixture: Fixture) -> None:
    before = snapshot(fixture.folder)
    for target in ("policy.ana.toml", "policy.ben.toml", "policy.md", "./policy.md"):
        result = run("policy.ana.toml", "policy.ben.toml", "-o", target, cwd=fixture.folder)
        line = one_problem(result, str(Path(target)))
        assert "is an input" in line
    assert snapshot(fixture.folder) == before


def test_command_refuses_an_unknown_principle(fixture: Fixture) -> None:
    line = one_problem(
        run("policy.ana.toml", "--principle", "colaboration", cwd=fixture.folder), "--principle"
    )
    assert "'colaboration'" in line
    assert "collaboration" in line


def test_command_empty_file(fixture: Fixture) -> None:
    result = run("policy.empty.toml", cwd=fixture.folder)
    assert result.returncode == 0, result.stderr
    assert "nothing has been tagged" in result.stdout
    for fmt in ("json", "md", "html", "svg", "csv"):
        assert run("policy.empty.toml", "--format", fmt, cwd=fixture.folder).returncode == 0


def test_command_on_the_samples(samples: Path, tmp_path: Path) -> None:
    for name in ("review.md", "review.analyst-a.toml", "review.analyst-b.toml"):
        shutil.copyfile(samples / name, tmp_path / name)
    before = snapshot(tmp_path)
    result = run("review.analyst-a.toml", "review.analyst-b.toml", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["annotations"] == 62
    assert data["document"]["title"] == "The Eastmere Digital Government Review"
    assert snapshot(tmp_path) == before


def test_the_command_offers_every_view() -> None:
    from annotations.summaries.render import VIEWS
    from tui.cli.summary import VIEW_CHOICES

    assert VIEW_CHOICES == VIEWS


# --- bars and glyphs -----------------------------------------------------------------------------


def test_coverage_bars_are_shares_of_the_whole_text(fixture: Fixture) -> None:
    """A full bar is the whole text: 40% fills 8 cells of 20, 0.8% none (never scaled to the
    best-covered principle, which made a small share look full)."""
    text = console_text(summarise(fixture), width=120)
    table = text.split("Principles", 1)[1].split("Little coverage", 1)[0]
    rows = {
        line.split("│")[1].strip().split(" ")[0]: line for line in table.splitlines() if "%" in line
    }
    bars = {label: line.rstrip(" │").rsplit("│", 1)[-1].strip() for label, line in rows.items()}
    assert bars["Collaboration"] == "█" * 8 + "·" * 12, bars
    assert bars["Redesign"] == "█" * 5 + "·" * 15, bars
    assert bars["Equity"] == "·" * 20, bars


def test_stance_glyphs_differ_from_the_count_shades(fixture: Fixture) -> None:
    """The stance legend's glyphs are none of the glyphs the matrix and the bars shade with."""
    text = console_text(summarise(fixture), width=120)
    [legend] = [line for line in text.splitlines() if line.startswith("Stances:")]
    glyphs = {word for word in legend.removeprefix("Stances:").split() if len(word) == 1}
    assert len(glyphs) == 4, legend
    matrix = text.split("Recommendations × principles", 1)[1].split("Coverage along", 1)[0]
    assert not glyphs & set(matrix), (glyphs, matrix)
    assert not glyphs & set("░▒▓█·"), glyphs


def test_a_marked_quote_is_drawn_after_its_mark(fixture: Fixture) -> None:
    """The app's summary marks one quote (▶): the one asked for, and no other."""
    summary = summarise(fixture)
    positions = quote_positions(summary)
    assert positions  # every quote of the recommendations, in order
    recommendation_id, annotation_id = positions[-1]
    buffer = io.StringIO()
    console = Console(file=buffer, width=120)
    console.print(*renderables(summary, marked=(recommendation_id, annotation_id)))
    text = buffer.getvalue()
    assert text.count(MARKED_QUOTE.strip()) == 1
    [quote] = [
        q
        for r in summary.recommendations
        if r.id == recommendation_id
        for q in r.quotes
        if q.annotation_id == annotation_id
    ]
    after = " ".join(text.split(MARKED_QUOTE.strip(), 1)[1].split())
    assert after.startswith("“" + " ".join(quote.quote.split())[:10])
    unmarked = io.StringIO()
    Console(file=unmarked, width=120).print(*renderables(summary))
    assert MARKED_QUOTE.strip() not in unmarked.getvalue()
