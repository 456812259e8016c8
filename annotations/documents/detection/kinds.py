"""The kinds of item a policy document states, and the words that announce them.

A kind is named by a heading ("Recommendations", "Summary of actions", "Design Principles",
"Next steps"), by a lead-in sentence ending in ":" ("The following recommendations are made:",
"We will take 20 actions, grouped under four themes:", "... requires that:"), or by a label
("Recommendation 3", "Action 07"). This module knows the vocabulary; it finds no items.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from annotations.documents.detection.blocks import last_sentence

# kind: the letters its ids start with
PREFIXES = {
    "recommendation": "R",
    "action": "A",
    "play": "P",
    "principle": "P",
    "criterion": "C",
    "requirement": "Rq",
    "practice": "Pc",
    "proposal": "Pp",
    "indicator": "I",
    "commitment": "Cm",
    "measure": "M",
    "step": "S",
}
ALTERNATE_PREFIXES = {"principle": "Pr"}  # when plays and principles share "P"

# Plural words a heading may name its items by. ("Requirements", "commitments" and "measures"
# head legal and narrative sections too often; they announce items only in a lead-in.)
_HEADING_PLURALS = (
    r"recommendations|actions|plays|principles|criteria|practices|proposals|indicators"
    r"|next[ \t]+steps"
)
_PLURALS = _HEADING_PLURALS + r"|requirements|commitments|measures"
_SINGULARS = (
    r"recommendation|action|play|principle|criterion|requirement|practice|proposal|indicator"
    r"|commitment|measure"
)
NUMBER_WORDS = {
    word: value
    for value, word in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
}
NUMBER_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50})
_COUNT = r"(?P<count>[0-9]{1,3}|" + "|".join(NUMBER_WORDS) + r")"

_HEADING_KIND = re.compile(
    r"^(?:[0-9.]+[ \t]+|(?:chapter|part|section|box)[ \t]+[0-9ivx]+\W*)?"
    r"(?:(?:a |the )?(?:summary|list) of (?:the |our )?|our |the |key |main |proposed |suggested )?"
    r"(?P<first>" + _HEADING_PLURALS + r"|(?<=the )standard)\b"
    r"|\b(?P<last>" + _HEADING_PLURALS + r")\W*$",
    re.IGNORECASE,
)
# A lead-in that announces what follows: "the following (key) principles", "20 actions",
# "these are our recommendations", "Recommendations:", "we recommend that the government:".
_ANNOUNCEMENT = re.compile(
    r"\bfollowing[ \t]+(?:[\w-]+[ \t]+){0,3}?(?P<following>" + _PLURALS + r")\b"
    r"|\b" + _COUNT + r"[ \t]+(?:[\w-]+[ \t]+){0,3}?(?P<counted>" + _PLURALS + r")\b"
    r"|\b(?:these|here)[ \t]+(?:are|is)[ \t]+(?:[\w-]+[ \t]+){0,4}?(?P<these>" + _PLURALS + r")\b"
    r"|\b(?P<named>" + _PLURALS + r")(?:[ \t]+(?:are|include))?[ \t]*:$"
    r"|\b(?P<verb>recommend|propose)s?(?:[ \t]+that)?(?:[ \t]+[\w'’-]+){0,3}[ \t]*:$"
    r"|\b(?P<required>require)s?[ \t]+that(?:[ \t]+[\w'’-]+){0,3}[ \t]*:$",
    re.IGNORECASE,
)
# Any word of a kind in a lead-in (enough before a numbered list).
_KIND_WORD = re.compile(
    r"\b(recommend\w*|actions?|principles?|criteria|criterion|plays)\b",
    re.IGNORECASE,
)
SHORT_HEADING = 5  # words, numbers aside
_TITLE_WORD = re.compile(r"\b[^\W\d]+\b")
_COUNTED_WORDS = (
    "recommendations",
    "actions",
    "plays",
    "principles",
    "criteria",
    "practices",
    "proposals",
    "indicators",
    "requirements",
    "commitments",
    "measures",
)
_COUNT_BEFORE = re.compile(r"\b" + _COUNT + r"[ \t]+(?:[\w-]+[ \t]+){0,2}$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Announcement:
    """What a lead-in announces: the kind, the count if it states one, and the words that did."""

    kind: str
    count: int | None
    words: str


def kind_of(word: str) -> str:
    """The kind a word names ("Recommendations", "recommend", "criteria", "next steps")."""
    word = word.lower()
    if word.startswith("recommend"):
        return "recommendation"
    if word.startswith("criteri") or word == "standard":
        return "criterion"
    if word.startswith("propos"):
        return "proposal"
    if word.startswith("requir"):
        return "requirement"
    if word.startswith("next"):
        return "step"
    for kind in PREFIXES:
        if word.startswith(kind):
            return kind
    raise ValueError(f"not a kind word: {word}")


def heading_kind(title: str) -> str | None:
    """The kind a heading's title names ("11 Recommendations", "Box 1: Summary of Practices",
    "Design Principles"). A title that only ends with the kind word names it when it is short
    ("Build the service using agile and iterative practices" does not)."""
    match = _HEADING_KIND.search(title.strip(" \t*_#"))
    if match is None:
        return None
    if match.group("first") is None and len(_TITLE_WORD.findall(title)) > SHORT_HEADING:
        return None
    return kind_of(match.group("first") or match.group("last"))


def announcement(paragraph: str) -> Announcement | None:
    """What a paragraph ending in ":" announces in its last sentence, if it announces items."""
    sentence = _lead_in_sentence(paragraph)
    if sentence is None:
        return None
    match = _ANNOUNCEMENT.search(sentence)
    if match is None:
        return None
    word = next(
        match.group(name)
        for name in ("following", "counted", "these", "named", "verb", "required")
        if match.group(name)
    )
    return Announcement(kind_of(word), parse_count(match.group("count")), match.group(0).strip())


def lead_in_kind(paragraph: str) -> str | None:
    """The kind named anywhere in the last sentence of a paragraph ending in ":" (a weaker
    lead-in, enough to introduce a *numbered* list)."""
    sentence = _lead_in_sentence(paragraph)
    if sentence is None:
        return None
    match = _KIND_WORD.search(sentence)
    return kind_of(match.group(1)) if match else None


def _lead_in_sentence(paragraph: str) -> str | None:
    """The last sentence of a paragraph that ends in ":", else None."""
    stripped = paragraph.rstrip(" \t*_")
    if not stripped.endswith(":"):
        return None
    return last_sentence(stripped)


def parse_count(word: str | None) -> int | None:
    """ "20" → 20, "ten" → 10, None → None."""
    if word is None:
        return None
    return int(word) if word.isdigit() else NUMBER_WORDS.get(word.lower())


def stated_counts(text: str) -> dict[str, int]:
    """For each kind, the count the document states most often ("ten recommendations")."""
    counts: dict[str, Counter[int]] = {}
    text = text.lower()
    for word in _COUNTED_WORDS:  # str.find per word: a regex alternation is ~20x slower here
        offset = text.find(word)
        while offset >= 0:
            end = offset + len(word)
            if not text[end : end + 1].isalpha():
                count = _count_before(text, offset)
                if count:
                    counts.setdefault(kind_of(word), Counter())[count] += 1
            offset = text.find(word, end)
    return {kind: counter.most_common(1)[0][0] for kind, counter in counts.items()}


def _count_before(text: str, offset: int) -> int | None:
    """The count stated just before ``offset`` ("20 actions", "ten key principles"), unless it
    starts a line ("11 Recommendations" is a chapter number)."""
    before = _COUNT_BEFORE.search(text, max(0, offset - 40), offset)
    if before is None:
        return None
    line_start = text.rfind("\n", 0, before.start()) + 1
    if not text[line_start : before.start()].strip("# \t*_"):
        return None
    return parse_count(before.group("count"))
