"""Detection of numbered recommendations, actions, plays, principles and criteria."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.documents.detection import (
    DetectedRecommendation,
    detect_recommendations,
    in_number_order,
    summarise_ids,
)
from annotations.documents.document import Document, load_document

TAG_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def detect(text: str, *, markdown: bool = True) -> list[DetectedRecommendation]:
    return detect_recommendations(Document(text, markdown=markdown))


def ids(text: str, *, markdown: bool = True) -> list[str]:
    return [item.id for item in detect(text, markdown=markdown)]


def stated_at(text: str, item: DetectedRecommendation) -> str:
    return text[item.start : item.end]


# --- labelled statements -------------------------------------------------------------------


def test_recommendation_paragraphs_with_separators() -> None:
    text = (
        "# Review\n\n"
        "Recommendation 1: The government should share platforms. It should fund them.\n\n"
        "Recommendation 2. Councils should join in.\n\n"
        "Recommendation 3 – Publish the data openly.\n"
    )
    found = detect(text)
    assert [i.id for i in found] == ["R1", "R2", "R3"]
    assert [i.label for i in found] == ["Recommendation 1", "Recommendation 2", "Recommendation 3"]
    assert found[0].title == "The government should share platforms"
    assert stated_at(text, found[0]).startswith("Recommendation 1:")
    assert stated_at(text, found[0]).endswith("fund them.")
    assert found[2].title == "Publish the data openly"


def test_a_reference_is_not_a_statement() -> None:
    text = (
        "We welcome Recommendation 1.\n\n"
        "Recommendation 8 contains much that we support.\n\n"
        "Recommendation 10 is welcome, but late.\n"
    )
    assert ids(text) == []


def test_action_play_principle_and_criterion_headings() -> None:
    text = (
        "# Strategy\n\n"
        "## Action 07: Departments will publish their data\n\nBody.\n\n"
        "## Action 8 – Boards include a digital leader\n\nBody.\n\n"
        "## Play 13\n\nDefault to open. More text.\n\n"
        "### Principle 4: Do less\n\n"
        "### **Criterion 5:** Test with users\n"
    )
    found = detect(text)
    assert [i.id for i in found] == ["A7", "A8", "P13", "Pr4", "C5"]
    assert found[0].label == "Action 07"
    assert found[0].title == "Departments will publish their data"
    assert found[2].title == "Default to open"  # a bare heading takes the next paragraph
    assert found[4].title == "Test with users"
    assert stated_at(text, found[1]) == "## Action 8 – Boards include a digital leader"


def test_a_bare_labelled_heading_does_not_take_the_next_heading_as_title() -> None:
    found = detect("## Recommendation 5\n\n## Costs\n\nText.\n")
    assert [(i.id, i.title) for i in found] == [("R5", "Recommendation 5")]


def test_principles_alone_use_p() -> None:
    assert ids("Principle 1: Start with needs.\n\nPrinciple 2: Do less.\n") == ["P1", "P2"]


def test_short_r_labels_and_bold() -> None:
    text = (
        "R1. Share platforms.\n\n**R2:** Fund them.\n\nR3) Open the data.\n\n"
        "Road 4. Not one.\n\nR2-D2 is a robot.\n"
    )
    found = detect(text)
    assert [i.id for i in found] == ["R1", "R2", "R3"]
    assert [i.title for i in found] == ["Share platforms", "Fund them", "Open the data"]


def test_bulleted_labelled_statements() -> None:
    text = "Key points:\n\n- **Recommendation 1:** Share.\n- Recommendation 2 – Fund.\n* Play 3: Open.\n"
    found = detect(text)
    assert [i.id for i in found] == ["R1", "R2", "P3"]
    assert stated_at(text, found[0]) == "- **Recommendation 1:** Share."
    assert [i.title for i in found] == ["Share", "Fund", "Open"]


def test_numbered_recommend_paragraphs() -> None:
    text = (
        "3.1 The current picture is mixed.\n\n"
        "3.2 We recommend that councils share their platforms.\n\n"
        "3.3 The committee recommends a pooled fund. It should be large.\n"
    )
    found = detect(text)
    assert [i.id for i in found] == ["R3.2", "R3.3"]
    assert [i.label for i in found] == ["3.2", "3.3"]
    assert found[1].title == "The committee recommends a pooled fund"


def test_plain_text_documents_are_detected_too() -> None:
    text = "Recommendation 1: Share.\n\nRecommendation 2: Fund.\n"
    assert ids(text, markdown=False) == ["R1", "R2"]


# --- numbered lists and headings under a trigger heading ----------------------------------


@pytest.mark.parametrize(
    ("heading", "prefix"),
    [
        ("Recommendations", "R"),
        ("Our recommendations", "R"),
        ("Summary of recommendations", "R"),
        ("4 Conclusions and recommendations", "R"),
        ("Actions", "A"),
        ("Criteria", "C"),
        ("The criteria", "C"),
        ("The standard", "C"),
        ("Digital Service Plays", "P"),
        ("Principles", "P"),
    ],
)
def test_numbered_list_under_a_trigger_heading(heading: str, prefix: str) -> None:
    text = f"# Doc\n\n## {heading}\n\n1. Share platforms. More.\n2) Fund them\n3. Open data\n"
    found = detect(text)
    assert [i.id for i in found] == [f"{prefix}1", f"{prefix}2", f"{prefix}3"]
    assert [i.title for i in found] == ["Share platforms", "Fund them", "Open data"]
    assert [i.label for i in found] == ["1", "2", "3"]
    assert stated_at(text, found[1]) == "2) Fund them"


@pytest.mark.parametrize("heading", ["Checklist", "Key questions", "Scope of the standard"])
def test_numbered_list_under_another_heading_is_ignored(heading: str) -> None:
    assert ids(f"## {heading}\n\n1. One thing\n2. Another thing\n") == []


def test_list_only_directly_under_the_heading() -> None:
    text = "## Recommendations\n\nIntro.\n\n### Checklist\n\n1. One\n2. Two\n"
    assert ids(text) == []


def test_list_after_a_lead_in_sentence() -> None:
    text = (
        "## Executive summary\n\n"
        "We found problems. The following recommendations are made:\n\n"
        "1.  Provide assistance to councils so that\n    they align:\n\n"
        "    -   Publish the vision\n\n"
        "    -   Publish the roadmap\n\n"
        "2.  Work with suppliers.\n\n"
        "Closing remarks.\n\n"
        "3.  Not part of the list.\n"
    )
    found = detect(text)
    assert [i.id for i in found] == ["R1", "R2"]
    assert found[0].title == "Provide assistance to councils so that they align"


def test_a_nested_numbered_list_is_not_the_list_under_the_heading() -> None:
    text = "## Recommendations\n\n1. One\n   1. part a\n   2. part b\n2. Two\n3. Three\n"
    found = detect(text)
    assert [(i.id, i.title) for i in found] == [("R1", "One"), ("R2", "Two"), ("R3", "Three")]


def test_only_the_first_list_under_the_heading_counts() -> None:
    text = (
        "## Recommendations\n\n1. First\n2. Second\n\n"
        "Next steps are these.\n\n1. Consult\n2. Publish\n3. Review\n"
    )
    assert [(i.id, i.title) for i in detect(text)] == [("R1", "First"), ("R2", "Second")]


def test_lead_in_must_name_the_kind_in_its_last_sentence() -> None:
    text = (
        "We recommend a partnership. The Partnership should:\n\n1. agree services\n2. pool funds\n"
    )
    assert ids(text) == []


def test_a_list_must_count_from_one_without_gaps() -> None:
    assert ids("## Recommendations\n\n2. Two\n3. Three\n") == []
    assert ids("## Recommendations\n\n1. One\n3. Three\n") == []  # a list of one is not a list
    assert ids("## Recommendations\n\n1. One\n2. Two\n4. Four\n") == ["R1", "R2"]


def test_numbered_headings_under_a_trigger_heading() -> None:
    text = (
        "# Design Principles\n\n"
        "## 1. Start with user needs\n\nText.\n\n"
        "## 2. Do less\n\nText.\n\n"
        "## 10. Iterate. Then iterate again.\n\nText.\n"
    )
    found = detect(text)
    assert [i.id for i in found] == ["P1", "P2", "P10"]
    assert found[2].title == "Iterate. Then iterate again"
    assert stated_at(text, found[1]) == "## 2. Do less"


def test_numbered_chapters_of_an_ordinary_document_are_ignored() -> None:
    text = "# A report\n\n## 1. Introduction\n\nText.\n\n## 2. Findings\n\n1. One\n2. Two\n"
    assert ids(text) == []


# --- duplicates ---------------------------------------------------------------------------


def test_summary_then_chapters_gives_each_once_at_the_fuller_statement() -> None:
    text = (
        "# Review\n\n## Summary\n\nIn brief, we recommend that the government:\n\n"
        "1. create a board;\n2. fund platforms;\n3. open the data.\n\n"
        "## Recommendations\n\n"
        "Recommendation 1: The government should create a board. Soon.\n\n"
        "Recommendation 2: The government should fund platforms.\n"
    )
    found = detect(text)
    assert [i.id for i in found] == ["R3", "R1", "R2"]  # in document order of their spans
    by_id = {i.id: i for i in found}
    assert by_id["R1"].title == "The government should create a board"
    assert stated_at(text, by_id["R1"]).startswith("Recommendation 1:")
    assert by_id["R3"].title == "open the data"  # stated only in the summary


def test_equally_explicit_duplicates_keep_the_first() -> None:
    text = (
        "## Recommendations\n\n1. Fund the platforms\n2. Open the data\n\n"
        "## Recommendations\n\n1. Fund the platforms\n2. Open the data\n"
    )
    found = detect(text)
    assert [i.title for i in found] == ["Fund the platforms", "Open the data"]
    assert [len(i.passages) for i in found] == [1, 1]


def test_numbering_that_restarts_in_a_new_part() -> None:
    text = (
        "# Part 1: Schools\n\n## Recommendations\n\n1. Fund school meals\n2. Train teachers\n\n"
        "# Part 2: Hospitals\n\n## Recommendations\n\n1. Shorten waiting lists\n2. Hire nurses\n"
    )
    found = detect(text)
    assert [i.id for i in found] == ["R1", "R2", "R2.1", "R2.2"]
    assert found[3].title == "Hire nurses"


def test_plays_and_principles_in_one_document_get_distinct_ids() -> None:
    text = "## Play 1: Understand needs\n\n## Principle 1: Do less\n"
    found = detect(text)
    assert [i.id for i in found] == ["P1", "Pr1"]


# --- no flooding, odd input ---------------------------------------------------------------


def test_a_numbered_bill_does_not_flood() -> None:
    sections = []
    for number in range(1, 400):
        sections.append(
            f"### SEC. {number}. PRINCIPLES OF ACCOUNTS.\n\n"
            f"({number % 9 + 1}) The Secretary shall act. Criteria for it apply.\n\n"
            f"{number}. The agency shall report.\n\n"
            f"1. Item one\n2. Item two\n\n"
            f"{number}.{number % 7} The amount is reduced.\n"
        )
    text = "# An Act\n\n## TITLE I—ACTIONS AND PRINCIPLES\n\n" + "\n".join(sections)
    assert ids(text) == []


def test_non_ascii_text() -> None:
    text = (
        "# Revue — numérique\n\n"
        "Recommendation 1: Améliorer l’accès — “ouvert” pour tous (€25 million).\n\n"
        "## Recommendations\n\n1. Ünïcode wörds first\n2. 東京 second\n"
    )
    found = detect(text)
    assert [i.id for i in found] == ["R1", "R2"]
    assert found[0].title == "Améliorer l’accès — “ouvert” pour tous (€25 million)"
    assert found[1].title == "東京 second"
    for item in found:
        assert text[item.start : item.end].strip() == text[item.start : item.end]


def test_non_ascii_digits_do_not_make_ids() -> None:
    assert ids("Recommendation ٣: Something.\n") == []


def test_empty_and_blank_documents() -> None:
    assert detect("") == []
    assert detect("\n\n  \n") == []
    assert detect("Recommendation") == []


def test_long_titles_are_trimmed() -> None:
    text = "Recommendation 1: " + "word " * 100 + "end.\n"
    [item] = detect(text)
    assert len(item.title) <= 200
    assert item.title.endswith("…")
    assert "\n" not in item.title


def test_markdown_links_and_emphasis_leave_the_title() -> None:
    [item] = detect("Recommendation 1: Use *the* [design system](http://example.org) __now__.\n")
    assert item.title == "Use the design system now"


def test_in_number_order() -> None:
    items = detect("Action 2: b.\n\nR3. c.\n\nAction 1: a.\n\nR1. d.\n\nR1.2. e.\n")
    assert [i.id for i in items] == ["A2", "R3", "A1", "R1", "R1.2"]
    assert [i.id for i in in_number_order(items)] == ["A1", "A2", "R1", "R1.2", "R3"]


def test_summarise_ids() -> None:
    assert summarise_ids(["R1", "R2", "R3"]) == "R1–R3"
    assert summarise_ids(["A1", "A2", "R5", "R3.2", "P1"]) == "A1–A2, R5, R3.2, P1"
    assert summarise_ids([]) == ""


# --- properties ---------------------------------------------------------------------------

_LINES = st.sampled_from(
    [
        "# Title",
        "## Recommendations",
        "## The criteria",
        "## Design Principles",
        "## 1. Start here",
        "## 2. Then here",
        "### Action 07: Act now",
        "Recommendation 1: Share.",
        "Recommendation 2 – Fund.",
        "Recommendation 1 is welcome.",
        "R3. Open it.",
        "Play 1: Understand",
        "Principle 1: Do less",
        "3.2 We recommend this.",
        "The following recommendations are made:",
        "1. One item",
        "2) Two items",
        "3. Three",
        "   - a bullet",
        "    continued line",
        "Plain text. Café “quoted”.",
        "",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_LINES, max_size=30), st.booleans())
def test_detection_properties(lines: list[str], markdown: bool) -> None:
    text = "\n".join(lines)
    document = Document(text, markdown=markdown)
    found = detect_recommendations(document)
    assert len({item.id for item in found}) == len(found)
    previous_end = 0
    for item in found:
        assert TAG_ID.match(item.id)
        assert item.title
        assert "\n" not in item.title
        assert len(item.title) <= 201
        assert previous_end <= item.start < item.end <= len(text)
        previous_end = item.end
    assert detect_recommendations(Document(text, markdown=markdown)) == found


# --- the real documents -------------------------------------------------------------------

EXPECTED = {
    "uk-local-authority-identity-assurance-review-2012.md": [f"R{n}" for n in range(1, 9)],
    "uk-government-digital-strategy-2012.md": [f"A{n}" for n in range(1, 15)],
    "us-digital-services-playbook.md": [f"P{n}" for n in range(1, 14)],
    "uk-digital-service-standard-2015.md": [f"C{n}" for n in range(1, 19)],
    "uk-gds-design-principles.md": [f"P{n}" for n in range(1, 11)],
}


@pytest.mark.corpus
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_documents(corpus: Path, name: str) -> None:
    found = detect_recommendations(load_document(corpus / name))
    assert [item.id for item in found] == EXPECTED[name]


@pytest.mark.corpus
@pytest.mark.parametrize(
    "name", ["us-consolidated-appropriations-act-2016.md", "eu-gdpr-regulation-2016-679.md"]
)
def test_corpus_legal_texts_do_not_flood(corpus: Path, name: str) -> None:
    assert detect_recommendations(load_document(corpus / name)) == []


def test_samples(samples: Path) -> None:
    review = detect_recommendations(load_document(samples / "review.md"))
    assert [item.id for item in review] == [f"R{n}" for n in range(1, 11)]
    assert all(item.label.startswith("Recommendation ") for item in review)
    assert detect_recommendations(load_document(samples / "response.md")) == []
