"""Items that label themselves: "Recommendation 3:", "Rec. 3", "Recommendation No. 3",
"Action 07:", "Principle 2.2.1.1.1:", "R3." -- and numbered paragraphs that recommend ("3.2 We
recommend ...").

A label counts only where it starts a heading, a paragraph or a bullet, and (outside headings)
only when a separator follows its number (":", ".", ")", a dash or the end of the line), so
"Recommendation 8 contains much that we support" and "see Action 3" are references, not items.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from annotations.documents.detection.blocks import HEADING, TEXT, Block, Blocks, first_sentence
from annotations.documents.detection.kinds import kind_of
from annotations.documents.detection.model import LABELLED, NUMBERED, Candidate, Group
from annotations.documents.detection.naming import item_key

RULE_LABELLED = "labelled statements"
RULE_RECOMMEND = "numbered paragraphs that recommend"

_LEAD = r"[ \t]{0,3}(?:#{1,6}[ \t]+|[-*+\u2022][ \t]+)?(?:\*\*\*|\*\*|__|\*|_)?"
_NUMBER = (
    r"(?P<number>[0-9]{1,3}(?:\.[0-9]{1,3}){0,5})(?:(?P<letter>[a-z])|\((?P<pletter>[a-z])\))?"
)
_WORDED = re.compile(
    _LEAD
    + r"(?P<word>(?i:recommendation|rec\.|action|play|principle|criterion|requirement|proposal"
    r"|commitment|indicator|practice|measure))"
    r"(?:[ \t]+(?:(?i:no\.?|number)[ \t]*)?|[ \t]*#[ \t]*)" + _NUMBER + r"(?![0-9A-Za-z])"
)
_SHORT = re.compile(
    _LEAD
    + r"(?P<word>R)"
    + _NUMBER
    + r"(?:\*\*|__)?[ \t]*[.:)\u2013\u2014-](?:\*\*|__)?(?=[ \t\n]|$)"
)
_SEPARATOR = re.compile(r"[ \t]*(?:\*\*\*|\*\*|__|\*|_)?[ \t]*(?:[:.)\u2013\u2014-]|$)")
_RECOMMENDS = re.compile(
    r"(?P<number>[0-9]{1,3}(?:\.[0-9]{1,3}){1,3})\.?[ \t]+(?=[^\n.]{0,160}?\b[Rr]ecommends?\b)"
)
_MAY_LABEL = re.compile(r"[ \t]{0,3}(?:#{1,6}[ \t]+|[-*+\u2022][ \t]+)?[*_]{0,3}[A-Za-z]")


@dataclass(frozen=True, slots=True)
class _Label:
    """A label found at the start of a block."""

    kind: str
    key: str
    label: str
    rest: int  # where the statement's own text starts


def labelled_statements(blocks: Blocks) -> tuple[list[Group], list[Candidate]]:
    """The blocks that start with a label, one group per kind."""
    groups: dict[str, int] = {}
    group_list: list[Group] = []
    found: list[Candidate] = []
    text = blocks.text
    for block in blocks.blocks:
        if block.kind not in (HEADING, TEXT, "item") or not _MAY_LABEL.match(text, block.start):
            continue
        label = _label(blocks, block.position)
        if label is None:
            continue
        title = first_sentence(text, label.rest, block.end)
        if not title and block.kind == HEADING:
            title = _next_paragraph_title(blocks, block.position)
        if label.kind not in groups:
            groups[label.kind] = len(group_list)
            group_list.append(Group(label.kind, RULE_LABELLED, label.label, block.start))
        found.append(
            Candidate(
                label.kind,
                label.key,
                True,
                label.label,
                title or label.label,
                block.start,
                block.end,
                LABELLED,
                groups[label.kind],
            )
        )
    return group_list, found


def _label(blocks: Blocks, position: int) -> _Label | None:
    """The label block ``position`` starts with, if it has one followed by a separator."""
    block = blocks[position]
    text = blocks.text
    for pattern, worded in ((_WORDED, True), (_SHORT, False)):
        match = pattern.match(text, block.start, block.end)
        if match is None:
            continue
        rest = match.end()
        if worded:
            separator = _SEPARATOR.match(text, rest, block.end)
            if separator is None and block.kind != HEADING:
                return None
            if separator is not None:
                rest = separator.end()
        word = match.group("word")
        kind = "recommendation" if word in ("R", "Rec.", "rec.", "REC.") else kind_of(word)
        letter = match.group("letter") or match.group("pletter") or ""
        key = item_key(match.group("number"), letter)
        return _Label(kind, key, text[match.start("word") : match.end()].strip(" \t*_"), rest)
    return None


def _next_paragraph_title(blocks: Blocks, position: int) -> str:
    """The first sentence of the paragraph after a bare labelled heading, unless a heading."""
    if position + 1 < len(blocks) and blocks[position + 1].kind != HEADING:
        following = blocks[position + 1]
        return first_sentence(blocks.text, following.start, following.end)
    return ""


def recommend_paragraphs(blocks: Blocks) -> tuple[list[Group], list[Candidate]]:
    """Paragraphs numbered "3.2" whose first sentence recommends something."""
    found: list[Candidate] = []
    text = blocks.text
    for block in _digit_paragraphs(blocks):
        match = _RECOMMENDS.match(text, block.start, block.end)
        if match is None:
            continue
        label = match.group("number")
        title = first_sentence(text, match.end(), block.end) or label
        found.append(
            Candidate(
                "recommendation",
                item_key(label),
                True,
                label,
                title,
                block.start,
                block.end,
                NUMBERED,
                0,
            )
        )
    groups = [Group("recommendation", RULE_RECOMMEND, "", found[0].start)] if found else []
    return groups, found


def _digit_paragraphs(blocks: Blocks) -> Iterator[Block]:
    """The running-text blocks that start with a digit."""
    text = blocks.text
    for block in blocks.blocks:
        if block.kind == TEXT and text[block.start].isdigit():
            yield block
