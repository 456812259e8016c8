"""Searching across a project's documents: the in-document search's rule, the results in the
board's order, their context made safe, and where n/N go next across documents."""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from annotations.documents.document import load_document
from annotations.documents.search import count_matches, find_matches, search_pattern
from annotations.projects.corpus import corpus_summary
from annotations.projects.corpus_search import (
    CorpusResults,
    DocumentSearched,
    Hit,
    Hits,
    fit_context,
    passage_context,
    search_documents,
)
from annotations.projects.corpus_text import corpus_lines, corpus_text
from annotations.projects.project import load_project

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def test_matching_is_literal_and_case_insensitive() -> None:
    assert find_matches("Digital digital DIGITAL", "digital") == [(0, 7), (8, 15), (16, 23)]
    assert find_matches("a.b axb", "a.b") == [(0, 3)]  # no pattern syntax
    assert find_matches("aaaa", "aa") == [(0, 2), (2, 4)]  # matches do not overlap
    assert find_matches("anything", "") == []
    assert search_pattern("") is None


@given(st.text(max_size=60), st.text(min_size=1, max_size=4))
def test_matches_are_in_order_apart_and_as_long_as_the_query(text: str, query: str) -> None:
    matches = find_matches(text, query)
    for (_start, end), (next_start, _end) in itertools.pairwise(matches):
        assert end <= next_start
    for start, end in matches:
        assert end - start == len(query)
        if text[start:end].isascii() and query.isascii():
            assert text[start:end].lower() == query.lower()
    if query.lower() in text.lower() and text.isascii() and query.isascii():
        assert matches


def test_context_is_one_safe_line() -> None:
    text = "before\x1b[31m red\nline [bold]x[/bold] after"
    start = text.index("[bold]")
    before, match, after = passage_context(text, start, start + 6, width=12)
    assert match == "[bold]"
    assert "\x1b" not in before
    assert "\n" not in before
    assert before.endswith("red line ")
    assert after.startswith("x[/bold]")


def test_the_sample_project_is_searched_in_the_order_given(tmp_path: Path) -> None:
    project = load_project(SAMPLES)
    order = [d.id for d in project.model.documents][::-1]
    found = list(search_documents(project, order, "DIGITAL"))
    assert [item.document for item in found] == order
    for item in found:
        document = project.model.document(item.document)
        assert document is not None
        text = load_document(project.document_path(document)).text
        assert [(h.start, h.end) for h in item.hits] == find_matches(text, "digital")
        assert item.matches == len(item.hits)
        assert all(h.match.lower() == "digital" for h in item.hits)
    assert sum(item.matches for item in found) > 0


def test_past_the_limit_matches_are_counted_not_kept() -> None:
    project = load_project(SAMPLES)
    ids = [d.id for d in project.model.documents]
    everything = sum(item.matches for item in search_documents(project, ids, "the"))
    limited = list(search_documents(project, ids, "the", limit=5))
    assert sum(len(item.hits) for item in limited) == 5
    assert sum(item.matches for item in limited) == everything


def test_an_unreadable_document_is_reported_and_the_search_goes_on(tmp_path: Path) -> None:
    folder = tmp_path / "project"
    shutil.copytree(SAMPLES, folder)
    (folder / "documents" / "charity.md").unlink()
    project = load_project(folder)
    found = {item.document: item for item in search_documents(project, ["charity", "council"], "a")}
    assert found["charity"].problem is not None
    assert "charity.md" in found["charity"].problem
    assert found["council"].matches > 0


def hit(document: str, start: int) -> Hit:
    return Hit(document, start, start + 1, "", "x", "")


def results() -> CorpusResults:
    found = CorpusResults("x", ["a", "b", "c", "d"])
    found.add(
        [
            DocumentSearched("a", Hits([hit("a", 5), hit("a", 9)]), 2),
            DocumentSearched("b", Hits(), 0),
            DocumentSearched("c", Hits([hit("c", 1)]), 1),
        ]
    )
    return found


def test_n_goes_to_the_next_hit_across_documents_and_round() -> None:
    found = results()
    assert found.step("a", 0, 1) == 0
    assert found.step("a", 5, 1) == 1  # at a match: the next one
    assert found.step("a", 9, 1) == 2  # on to the next document with a hit
    assert found.step("b", 0, 1) == 2
    assert found.step("c", 1, 1) == 0  # round the corpus
    assert found.step("d", 0, 1) == 0


def test_shift_n_goes_back_across_documents_and_round() -> None:
    found = results()
    assert found.step("c", 1, -1) == 1
    assert found.step("b", 0, -1) == 1
    assert found.step("a", 9, -1) == 0
    assert found.step("a", 5, -1) == 2  # round the corpus, backwards
    assert found.step("elsewhere", 0, 1) is None
    assert CorpusResults("x", ["a"]).step("a", 0, 1) is None


def test_the_count_line_says_how_far_the_search_went() -> None:
    found = results()
    assert found.count_line() == "searching… 3 documents of 4, 3 matches"
    found.add([DocumentSearched("d", Hits(), 0, "d.md: no such file")])
    assert found.done
    assert found.count_line() == "3 matches in 2 documents of 4 · 1 document unreadable"
    capped = CorpusResults("x", ["a"], limit=1)
    capped.add([DocumentSearched("a", Hits([hit("a", 1)]), 4)])
    assert capped.count_line() == "4 matches in 1 document of 1 (the first 1 listed)"


def test_the_context_is_fitted_around_the_match() -> None:
    found = Hit("a", 10, 13, "0123456789", "abc", "xyz")
    assert fit_context(found, 9) == ("789", "abc", "xyz")
    assert fit_context(found, 11) == ("56789", "abc", "xyz")  # the room after is given before
    assert fit_context(found, 3) == ("", "abc", "")
    assert fit_context(Hit("a", 0, 6, "", "abcdef", "tail"), 4) == ("", "abc…", "")
    assert fit_context(Hit("a", 0, 1, "", "a", "0123456789"), 5) == ("", "a", "0123")


def test_summary_lines_open_quotes_at_their_passage_and_matrix_rows_at_their_document() -> None:
    project = load_project(SAMPLES)
    summary = corpus_summary(project)
    lines = corpus_lines(summary, 100)
    assert [line.text for line in lines] == corpus_text(summary, 100)
    quotes = [line for line in lines if line.kind == "quote"]
    assert quotes
    for line in quotes:
        assert line.document is not None
        assert line.start is not None
        document = project.model.document(line.document)
        assert document is not None
        text = load_document(project.document_path(document)).text
        quoted = next(
            q
            for r in summary.recommendations
            for q in r.quotes
            if q.document == line.document and q.start == line.start
        )
        assert text[line.start : line.start + len(quoted.quote)] == quoted.quote
    rows = [line for line in lines if line.kind == "matrix"]
    assert [line.document for line in rows] == list(summary.matrix)
    assert all(line.text.strip().startswith(str(line.document)) for line in rows)


def test_hits_kept_as_columns_give_back_each_hit() -> None:
    hits = Hits([hit("a", 5), hit("b", 7)])
    more = Hits([Hit("c", 1, 4, "x", "abc", "y")])
    hits.extend(more)
    assert len(hits) == 3
    assert list(hits) == [hit("a", 5), hit("b", 7), Hit("c", 1, 4, "x", "abc", "y")]
    assert hits[2].match == "abc"
    assert (hits.document(1), hits.start(1)) == ("b", 7)


@given(
    st.text(alphabet=st.characters(max_codepoint=0x7F), max_size=80),
    st.text(alphabet=st.characters(max_codepoint=0x7F), min_size=1, max_size=3),
)
def test_the_ascii_way_finds_what_the_regular_expression_finds(text: str, query: str) -> None:
    pattern = search_pattern(query)
    assert pattern is not None
    expected = [match.span() for match in pattern.finditer(text)]
    assert find_matches(text, query) == expected
    assert count_matches(text, query) == len(expected)


def test_non_ascii_text_folds_case_as_the_regular_expression_does() -> None:
    assert find_matches("ſtrategy Strategy", "strategy") == [(0, 8), (9, 17)]
    assert find_matches("\u212aelvin", "kelvin") == [(0, 6)]
    assert count_matches("Café CAFÉ", "café") == 2
