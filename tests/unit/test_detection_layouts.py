"""Detection on each layout policy documents use, on short synthetic text written for the tests,
and on the documents of ../shared/corpus/detection (skipped where absent)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import tomli
from test_detection import detect as found
from test_detection import ids

from annotations.documents.detection import DetectedRecommendation, detect, detect_recommendations
from annotations.documents.document import Document, load_document


def titles(text: str) -> list[str]:
    return [item.title for item in found(text)]


# --- labels -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Rec. 3: Fund the rail link.", "R3"),
        ("Recommendation No. 4 – Fund the rail link.", "R4"),
        ("Recommendation #5: Fund the rail link.", "R5"),
        ("**Action 07:** Fund the rail link.", "A7"),
        ("- **Principle 2.2.1.1.1**: Fund the rail link.", "P2.2.1.1.1"),
        ("Recommendation 3(a): Fund the rail link.", "R3a"),
        ("Requirement 6. Fund the rail link.", "Rq6"),
        ("Proposal 2: Fund the rail link.", "Pp2"),
    ],
)
def test_labelled_forms(line: str, expected: str) -> None:
    assert ids(line + "\n") == [expected]


def test_cross_references_are_not_items() -> None:
    text = (
        "As set out in Action 3, the board will meet.\n\n"
        "See Action 4 for the budget.\n\n"
        "Action 5 and Action 6 were delayed.\n"
    )
    assert ids(text) == []


def test_a_single_label_does_not_silence_announced_lists() -> None:
    text = (
        "Principle 1: quoted from another framework.\n\n"
        "We make the following recommendations:\n\n- Fund the rail link\n- Open the data\n"
    )
    assert ids(text) == ["P1", "R1", "R2"]


# --- numbered and lettered lists ------------------------------------------------------------


@pytest.mark.parametrize("marker", ["{n}.", "{n})", "({n})"])
def test_numbered_list_markers(marker: str) -> None:
    lines = "\n".join(marker.format(n=n) + f" Item number {n}" for n in (1, 2, 3))
    assert ids("## Recommendations\n\n" + lines + "\n") == ["R1", "R2", "R3"]


@pytest.mark.parametrize("marker", ["{l}.", "{l})", "({l})"])
def test_lettered_list_markers(marker: str) -> None:
    lines = "\n".join(marker.format(l=letter) + f" Item {letter}" for letter in "abc")
    assert ids("The following actions are proposed:\n\n" + lines + "\n") == ["Aa", "Ab", "Ac"]


def test_numbered_groups_with_lettered_sub_items() -> None:
    text = (
        "## Summary of practices\n\n"
        "1. Housing\n    - a. Build more homes.\n    - b. Reuse empty offices.\n"
        "2. Transport\n    - a. Fund buses.\n    - b. Price congestion.\n    - c. Open rail data.\n"
    )
    result = found(text)
    assert [i.id for i in result] == ["Pc1a", "Pc1b", "Pc2a", "Pc2b", "Pc2c"]
    assert result[2].theme == "Transport"
    assert result[2].title == "Fund buses"


def test_items_numbered_with_letters_after_numbers() -> None:
    text = "## Actions\n\n9) Fund it\n9a) Staff it\n9b) Run it\n10) Review it\n"
    assert ids("## Intro\n\n1) Start\n2) Plan\n" + text) == []  # 9) does not start a list
    text = "## Actions\n\n1) Fund it\n1a) Staff it\n1b) Run it\n2) Review it\n"
    assert ids(text) == ["A1", "A1a", "A1b", "A2"]


# --- lead-ins and bullets ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "lead_in",
    [
        "In short, this policy requires that:",
        "We make the following recommendations:",
        "These are our five principles:",
        "We recommend that the council:",
        "Our commitments are:",
    ],
)
def test_bullets_after_an_announcing_lead_in(lead_in: str) -> None:
    text = f"{lead_in}\n\n- Fund the rail link.\n- Open the data.\n    - a detail\n- Train staff.\n"
    assert len(found(text)) == 3
    assert titles(text) == ["Fund the rail link", "Open the data", "Train staff"]


@pytest.mark.parametrize(
    "lead_in",
    [
        "Reporting is likely to require:",
        "The Partnership should:",
        "We therefore propose that the government add the following to its plan:",
        "Commitments are set out in several documents, including:",
        "Respondents most often mentioned:",
    ],
)
def test_bullets_after_other_lead_ins_are_not_items(lead_in: str) -> None:
    assert ids(f"{lead_in}\n\n- Fund the rail link.\n- Open the data.\n") == []


def test_bold_labelled_paragraphs_under_a_heading() -> None:
    text = (
        "## Our principles\n\n"
        "**Be open.** We publish what we do.\n\n"
        "**Be fair.** We treat people alike.\n\n"
        "**Be quick.** We answer within a week.\n\n"
        "Closing words.\n"
    )
    result = found(text)
    assert [i.id for i in result] == ["P1", "P2", "P3"]
    assert [i.title for i in result] == ["Be open", "Be fair", "Be quick"]
    assert result[0].label == ""  # unnumbered: the id counts them


def test_bullets_right_under_a_heading() -> None:
    text = "## Next steps\n\n- **Fund the rail link**\n    - with a grant\n- **Open the data**\n"
    assert titles(text) == ["Fund the rail link", "Open the data"]


# --- items split across sub-headings ----------------------------------------------------------


def test_a_stated_count_split_across_theme_sub_headings() -> None:
    themes = ["Skills", "Platforms", "Data", "Culture"]
    text = "# Plan\n\n## Our actions\n\nWe will take 8 actions, grouped under four themes:\n\n"
    text += "".join(f"- {theme}\n" for theme in themes) + "\n"
    number = 0
    for theme in themes:
        text += f"### {theme}\n\n"
        for _ in range(2):
            number += 1
            text += f"{number}. Do thing {number} about {theme.lower()}.\n"
        text += "\n"
    result = detect(Document(text, markdown=True))
    assert [i.id for i in result.items] == [f"A{n}" for n in range(1, 9)]
    assert [i.theme for i in result.items][:3] == ["Skills", "Skills", "Platforms"]
    [group] = result.groups
    assert group.stated == 8
    assert group.count == 8
    assert "sub-headings" in group.rule


def test_unnumbered_items_under_theme_sub_headings() -> None:
    text = (
        "## Next steps\n\n### Standards\n\n- **Adopt open standards**\n- **Publish a register**\n\n"
        "### Software\n\n- **Prefer open source**\n\n### Other\n\n- **Review in a year**\n"
    )
    result = found(text)
    assert [i.id for i in result] == ["S1", "S2", "S3", "S4"]
    assert result[2].theme == "Software"


def test_legal_paragraphs_restarting_under_each_article_are_not_split_items() -> None:
    text = "## Principles\n\n"
    for article in range(1, 4):
        text += f"### Article {article}\n\n1. The controller shall act.\n2. The processor shall help.\n\n"
    assert ids(text) == []


def test_a_list_of_themes_is_not_the_items() -> None:
    text = (
        "We make 3 recommendations under two themes:\n\n1. Money\n2. People\n\n"
        "### Money\n\n- Fund the link\n- Cut the fares\n\n### People\n\n- Train the staff\n"
    )
    assert titles(text) == ["Fund the link", "Cut the fares", "Train the staff"]


# --- tables -----------------------------------------------------------------------------------


def test_table_rows_numbered_in_their_first_cell() -> None:
    text = (
        "| Indicator | Requirement |\n| --- | --- |\n"
        "| **1. Openness** | It must be open. |\n| **2. Safety** | It must be safe. |\n"
        "| **2a) Privacy** | It must be private. |\n| **2b) Security** | It must be secure. |\n"
    )
    result = found(text)
    assert [i.id for i in result] == ["I1", "I2", "I2a", "I2b"]
    assert result[2].title == "Privacy"
    assert text[result[0].start : result[0].end].startswith("| **1. Openness**")


def test_plain_pipe_rows_after_a_lead_in() -> None:
    text = (
        "The following actions are agreed:\n\n1 | Fund the link | 2026\n2 | Open the data | 2027\n"
    )
    assert titles(text) == ["Fund the link", "Open the data"]


def test_a_data_table_is_not_items() -> None:
    text = "| Service | Users |\n|---|---|\n| 1. Tax | 3,000 |\n| 2. Permits | 400 |\n"
    assert ids(text) == []


# --- distractors and duplicates ---------------------------------------------------------------


def test_a_table_of_contents_is_not_items() -> None:
    text = "## Recommendations\n\n1. [Fund it](#fund)\n2. [Open it](#open)\n"
    assert ids(text) == []


def test_footnotes_are_not_items() -> None:
    text = "We recommend this.[^1]\n\n[^1]: A note.\n\n[^2]: Another note.\n"
    assert ids(text) == []


def test_lists_inside_an_item_spell_it_out() -> None:
    text = (
        "The following actions are required:\n\n### 1. Fund the link\n\n"
        "It should follow these principles:\n\n1. Cheap\n2. Fast\n\n### 2. Open the data\n\nText.\n"
    )
    assert ids(text) == ["A1", "A2"]


def test_a_summary_and_a_body_are_one_item_with_two_passages() -> None:
    text = (
        "## Summary of recommendations\n\n"
        "1. Fund the rail link.\n2. Open the timetable data.\n\n"
        "## The detail\n\n"
        "Recommendation 1: Fund the rail link. The Treasury should pay for it in full.\n\n"
        "Recommendation 2: Open the timetable data. Operators should publish it daily.\n"
    )
    result = found(text)
    assert [i.id for i in result] == ["R1", "R2"]
    body = text.index("Recommendation 1:")
    assert result[0].start == body  # the fuller statement
    assert [text[s:e] for s, e in result[0].passages] == ["1. Fund the rail link."]


def test_a_summary_and_a_body_numbered_differently_are_matched_by_text() -> None:
    text = (
        "## Summary of practices\n\n1. Data\n   - a. Keep the raw data safe.\n"
        "   - b. Record every processing step.\n2. Code\n   - a. Write short functions.\n"
        "   - b. Name things well.\n\n## Detail\n\nWe recommend that you:\n\n"
        "1. **Keep the raw data safe.** Backups matter.\n"
        "2. **Record every processing step.** Scripts help.\n"
    )
    result = {i.id: i for i in found(text)}
    assert sorted(result) == ["Pc1a", "Pc1b", "Pc2a", "Pc2b"]
    assert result["Pc1a"].title == "Keep the raw data safe"
    assert text[result["Pc1a"].start :].startswith("1. **Keep the raw data safe.**")  # fuller
    assert len(result["Pc1a"].passages) == 1
    assert result["Pc2a"].passages == ()


def test_detection_explains_what_it_found() -> None:
    text = (
        "This review makes three recommendations.\n\n"
        "## Recommendations\n\n1. Fund it\n2. Staff it\n3. Run it\n"
    )
    result = detect(Document(text, markdown=True))
    [group] = result.groups
    assert (group.kind, group.count, group.stated, group.line) == ("recommendation", 3, 3, 3)
    assert group.where == "Recommendations"
    assert result.describe() == [
        '3 recommendations (R1–R3), listed under a heading naming them, "Recommendations" (line 3);'
        " the document states 3"
    ]
    assert result.items[0].rule == group.rule
    assert result.items[0].kind == "recommendation"


def test_a_count_that_does_not_add_up_is_reported() -> None:
    text = "We make four recommendations.\n\n## Recommendations\n\n1. Fund it\n2. Staff it\n"
    lines = detect(Document(text, markdown=True)).describe()
    assert lines[-1] == "check: the document states 4 recommendations, 2 were found"


def test_a_document_that_mentions_items_but_lists_none() -> None:
    result = detect(Document("The plan had 16 actions and 10 principles.\n", markdown=True))
    assert result.items == ()
    assert result.stated == {"action": 16, "principle": 10}


# --- the real documents of ../shared/corpus/detection -----------------------------------------

_NORMAL = re.compile(r"[^a-z0-9]+")
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
OPEN_FIRST = "open-first-whitepaper.md"


def _matched(
    document: Document, items: list[DetectedRecommendation], truth: list[dict[str, str]]
) -> int:
    """How many detected items state a truth item (its first 40 normalised title characters are
    in one of the item's passages), each truth item matched once."""
    used: set[int] = set()
    for item in items:
        spans = [(item.start, item.end), *item.passages]
        texts = [
            _NORMAL.sub("", _LINK_TARGET.sub("", document.text[s:e].lower())) for s, e in spans
        ]
        for index, entry in enumerate(truth):
            key = _NORMAL.sub("", entry["title"].lower())[:40]
            if index not in used and any(key in text for text in texts):
                used.add(index)
                break
    return len(used)


def _truth(corpus: Path) -> list[dict[str, object]]:
    folder = corpus / "detection"
    if not (folder / "truth.toml").is_file():
        pytest.skip(f"the detection documents are not at {folder}")
    return list(tomli.loads((folder / "truth.toml").read_text(encoding="utf-8"))["document"])


@pytest.mark.corpus
def test_detection_documents_meet_the_goal(corpus: Path) -> None:
    matched = detected = expected = 0
    for entry in _truth(corpus):
        if entry["file"] == OPEN_FIRST:
            continue  # its truth is arguable: reported apart
        document = load_document(corpus / "detection" / str(entry["file"]))
        items = detect_recommendations(document)
        truth = list(entry["items"])  # type: ignore[call-overload]
        matched += _matched(document, items, truth)
        detected += len(items)
        expected += len(truth)
    assert matched / detected >= 0.9
    assert matched / expected >= 0.9


@pytest.mark.corpus
def test_the_background_page_has_no_items(corpus: Path) -> None:
    _truth(corpus)
    document = load_document(corpus / "detection" / "fds-background.md")
    result = detect(document)
    assert result.items == ()
    assert result.stated == {"action": 16, "principle": 10}
