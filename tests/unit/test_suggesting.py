"""Suggested passages: stems, citations, the BM25 index, ranking order and reasons, exclusions."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from unit_helpers import make_annotation

from annotations.documents.document import Document
from annotations.format.model import (
    AnnotationFile,
    DocumentRef,
    Principle,
    Recommendation,
    Rejection,
)
from annotations.suggesting import suggest, suggest_across
from annotations.suggesting.index import SentenceIndex
from annotations.suggesting.query import TagQuery, build_query, citation_pattern
from annotations.suggesting.ranking import rank
from annotations.suggesting.tokens import Stems

MOMENT = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)

TEXT = """# A review

## Local government

Councils should share digital teams. The weather was fine that year.

## Money

A pooled fund pays for shared teams. Recommendation 4 is the heart of this review.

Nothing here matters. Councils sharing teams again.
"""


def file_for(document: Document, **taxonomy: object) -> AnnotationFile:
    """An empty annotation file over ``document`` with the given recommendations/principles."""
    model = AnnotationFile(
        document=DocumentRef(path="doc.md", sha256=document.sha256, length=document.length)
    )
    model.taxonomy.recommendations.extend(taxonomy.get("recommendations", []))  # type: ignore[arg-type]
    model.taxonomy.principles.extend(taxonomy.get("principles", []))  # type: ignore[arg-type]
    return model


def sentence(document: Document, fragment: str) -> tuple[int, int]:
    """The span of the sentence holding ``fragment``."""
    found = document.sentence_containing(document.text.index(fragment))
    assert found is not None
    return found


@pytest.fixture
def document() -> Document:
    return Document(TEXT)


def test_stems_drop_stop_words_and_strip_leading_zeros() -> None:
    stems = Stems()
    assert stems.of("The Councils' shared 04 teams") == ["council", "share", "4", "team"]
    assert Stems(stem=False).of("Councils shared") == ["councils", "shared"]


@pytest.mark.parametrize(
    "text",
    [
        "Recommendation 4",
        "recommendation no. 4",
        "see R4.",
        "Rec. 04",
        "the fourth recommendation",
        "recommendation four",
    ],
)
def test_citation_pattern_finds_the_ways_a_number_is_cited(text: str) -> None:
    pattern = citation_pattern("R4")
    assert pattern is not None
    assert pattern.search(text)


@pytest.mark.parametrize("text", ["Recommendation 14", "R4.1", "R40", "Recommendation 4.2"])
def test_citation_pattern_does_not_take_other_numbers(text: str) -> None:
    pattern = citation_pattern("R4")
    assert pattern is not None
    assert not pattern.search(text)


def test_citation_kind_comes_from_the_description() -> None:
    pattern = citation_pattern("X7", "Action 07")
    assert pattern is not None
    assert pattern.search("as Action 7 says")
    assert citation_pattern("collaboration") is None


def test_scores_are_bm25s_lucene_scores(document: Document) -> None:
    bm25s = pytest.importorskip("bm25s")
    index = SentenceIndex(document)
    tokens = [
        index.stems.of(document.text[s:e]) for s, e in zip(index.starts, index.ends, strict=True)
    ]
    reference = bm25s.BM25(k1=1.2, b=0.75, method="lucene")
    reference.index(tokens, show_progress=False)
    for stem in ("council", "team", "share", "fund"):
        sentences, scores = index.postings(stem)  # type: ignore[misc]
        expected = reference.get_scores([stem])
        assert list(sentences) == [i for i, value in enumerate(expected) if value > 0]
        assert list(scores) == pytest.approx([expected[i] for i in sentences], rel=1e-5)


def test_order_is_by_score_then_offset() -> None:
    document = Document("Shared teams. Other words. Shared teams. Shared teams.\n")
    index = SentenceIndex(document, stem=True)
    found = rank(index, TagQuery("x", {"share": 1.0, "team": 1.0}), top=10)
    assert [s.start for s in found] == [0, 27, 41]
    assert len({s.score for s in found}) == 1
    assert found == rank(index, TagQuery("x", {"share": 1.0, "team": 1.0}), top=10)


def test_above_keeps_only_the_passages_scoring_higher(document: Document) -> None:
    index = SentenceIndex(document)
    query = build_query("R1", ["councils share teams"], stems=index.stems)
    every = rank(index, query, top=20)
    assert len({s.score for s in every}) > 2
    middle = every[len(every) // 2].score
    assert rank(index, query, top=20, above=middle) == [s for s in every if s.score > middle]
    assert rank(index, query, top=20, above=every[0].score) == []


def test_a_query_from_the_taxonomy_is_the_files_query_with_any_stemmer(
    document: Document,
) -> None:
    from annotations.suggesting.suggest import TagExamples, tag_query, taxonomy_query

    start, end = sentence(document, "A pooled fund")
    model = file_for(
        document,
        recommendations=[Recommendation(id="R4", title="Pool funds", start=start, end=end)],
    )
    examples = [TagExamples(("Councils share teams.",), ("The weather.",), ())]
    index = SentenceIndex(document)
    by_file = tag_query(index, model, "R4", "recommendation", examples)
    alone = taxonomy_query(
        model.taxonomy, "R4", "recommendation", examples, stems=Stems(), text=document.text
    )
    assert alone == by_file
    unstated = taxonomy_query(model.taxonomy, "R4", "recommendation", examples, stems=Stems())
    assert "team" in unstated.terms  # the examples' words
    assert "pay" in by_file.terms  # the statement's words ("pays") only with the text
    assert "pay" not in unstated.terms
    with pytest.raises(KeyError):
        taxonomy_query(model.taxonomy, "R9", "recommendation", examples, stems=Stems())


def test_reasons_name_the_words_and_add_up_to_the_score(document: Document) -> None:
    index = SentenceIndex(document)
    query = build_query("R1", ["sharing councils"], stems=index.stems)
    best = rank(index, query, top=1, heading_share=0.0)[0]
    assert document.text[best.start : best.end] == "Councils sharing teams again."
    assert {r.text for r in best.reasons} == {"Councils", "sharing"}
    assert all(r.kind == "word" for r in best.reasons)
    assert sum(r.weight for r in best.reasons) == pytest.approx(best.score, abs=1e-4)
    assert best.reasons == tuple(sorted(best.reasons, key=lambda r: -r.weight))


def test_a_matching_heading_lends_its_score(document: Document) -> None:
    index = SentenceIndex(document)
    query = build_query("P", ["local digital"], stems=index.stems)
    found = rank(index, query, top=5)
    under = sentence(document, "The weather was fine")
    weather = next(s for s in found if (s.start, s.end) == under)
    assert [(r.kind, r.text) for r in weather.reasons] == [("heading", "Local government")]
    assert not [s for s in found if document.text[s.start : s.end].startswith("#")]


def test_a_sentence_citing_the_number_is_suggested(document: Document) -> None:
    model = file_for(
        document, recommendations=[Recommendation(id="R4", title="Pool a fund for teams")]
    )
    found = suggest(SentenceIndex(document), model, "R4", top=10)
    cited = next(s for s in found if document.text[s.start : s.end].startswith("Recommendation 4"))
    assert ("citation", "Recommendation 4") in [(r.kind, r.text) for r in cited.reasons]


def test_tagged_rejected_and_stated_passages_are_never_suggested(document: Document) -> None:
    fund = sentence(document, "A pooled fund")
    again = sentence(document, "Councils sharing teams again")
    first = sentence(document, "Councils should share")
    plain = file_for(document, recommendations=[Recommendation(id="R1", title="Councils teams")])
    before = {(s.start, s.end) for s in suggest(SentenceIndex(document), plain, "R1", top=50)}
    assert {fund, again, first} <= before
    model = file_for(
        document,
        recommendations=[
            Recommendation(id="R1", title="Councils share teams", start=first[0], end=first[1])
        ],
    )
    model.annotations.append(make_annotation(document.text, *fund, "a1", recommendations=["R1"]))
    model.rejections.append(
        Rejection(
            tag="R1",
            start=again[0],
            end=again[1],
            quote=document.text[again[0] : again[1]],
            time=MOMENT,
        )
    )
    spans = {(s.start, s.end) for s in suggest(SentenceIndex(document), model, "R1", top=50)}
    assert not spans & {fund, again, first}


def test_a_rejection_for_another_tag_changes_nothing(document: Document) -> None:
    again = sentence(document, "Councils sharing teams again")
    model = file_for(document, principles=[Principle(id="p", label="Councils", color="#000000")])
    before = suggest(SentenceIndex(document), model, "p")
    model.rejections.append(
        Rejection(
            tag="p",
            kind="recommendation",
            start=again[0],
            end=again[1],
            quote=document.text[again[0] : again[1]],
            time=MOMENT,
        )
    )
    assert suggest(SentenceIndex(document), model, "p") == before
    assert again in {(s.start, s.end) for s in before}


def test_an_unknown_tag_is_a_key_error(document: Document) -> None:
    with pytest.raises(KeyError):
        suggest(SentenceIndex(document), file_for(document), "R9")


def test_an_empty_document_has_no_suggestions() -> None:
    document = Document("")
    model = file_for(document, recommendations=[Recommendation(id="R1", title="Anything")])
    assert suggest(SentenceIndex(document), model, "R1") == []


def test_across_documents_merges_by_score_with_pooled_examples() -> None:
    first = Document("Councils share teams. Unrelated words.\n")
    second = Document("Nothing. Shared councils teams here and councils again.\n")
    tag = [Recommendation(id="R1", title="councils share teams")]
    models = [file_for(first, recommendations=tag), file_for(second, recommendations=tag)]
    found = suggest_across(
        [(SentenceIndex(first), models[0]), (SentenceIndex(second), models[1])], "R1", top=5
    )
    assert {position for position, _s in found} == {0, 1}
    scores = [s.score for _position, s in found]
    assert scores == sorted(scores, reverse=True)


def test_a_letter_that_lower_cases_to_two_does_not_shift_the_words() -> None:
    index = SentenceIndex(Document("İstanbul councils meet. Councils share teams.\n"))
    assert list(index.postings("council")[0]) == [0, 1]  # type: ignore[index]
    assert list(index.postings("team")[0]) == [1]  # type: ignore[index]


def test_list_markers_are_not_words() -> None:
    index = SentenceIndex(Document("4. Councils share.\n\n- (b) Teams.\n"))
    assert index.postings("4") is None
    assert index.postings("b") is None


def test_a_nul_in_the_text_does_not_shift_the_sentences() -> None:
    index = SentenceIndex(Document("Councils\x00meet here. Teams share.\n"))
    assert list(index.postings("council")[0]) == [0]  # type: ignore[index]
    assert list(index.postings("team")[0]) == [1]  # type: ignore[index]


def test_the_index_is_the_same_however_small_its_chunks(
    document: Document, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tokenising a few characters and flushing a few word ids at a time (as the app's worker
    does on a large document, so as not to hold the GIL long) changes no posting."""
    from annotations.suggesting import index as index_module

    whole = SentenceIndex(document)
    monkeypatch.setattr(index_module, "CHUNK_CHARS", 40)
    monkeypatch.setattr(index_module, "FLUSH_WORDS", 7)
    chunked = SentenceIndex(document)
    assert set(chunked.vocabulary) == set(whole.vocabulary)
    for stem in whole.vocabulary:
        (a_sentences, a_scores), (b_sentences, b_scores) = (
            whole.postings(stem),
            chunked.postings(stem),
        )  # type: ignore[misc]
        assert a_sentences.tolist() == b_sentences.tolist()
        assert a_scores.tolist() == b_scores.tolist()
