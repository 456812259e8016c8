"""Detection of the numbered recommendations, actions, plays, principles or criteria a document makes.

``policy-annotate init DOC`` seeds the taxonomy with what :func:`detect_recommendations` finds.
The rules are generic heuristics over the document's paragraphs and Markdown headings:

1. **Labelled statements** -- a heading, paragraph or bullet that starts "Recommendation 3", "Action 07:",
   "Play 13", "Principle 4", "Criterion 5" or "R3." (a paragraph needs a separator after the
   number -- ":", ".", ")", a dash or the end of the line -- so "Recommendation 8 contains much
   that we support" is a reference, not a statement).
2. **Numbered recommendation paragraphs** -- "3.2 We recommend ..." (a dotted number, then the
   verb "recommend(s)" in the first sentence).
3. **Numbered headings** ("### 1. Provide ...") whose parent heading names the kind: a plural
   "Recommendations", "Actions", "Plays", "Principles", "Criteria" at the start or end of the
   title ("11 Recommendations", "Design Principles"), or "The standard".
4. **Numbered lists** ("1. ...", "1) ...") numbered from 1 without gaps, directly under such a
   heading (the first list there, not a nested or later one), or right after a paragraph whose
   last sentence names the kind and ends with ":"
   ("The following recommendations are made:", "we recommend that the government:").

Nothing else counts, so a bill with thousands of numbered sections yields nothing.

**Duplicates.** Documents often state the same items twice (a summary, then the chapters). Items
are identified by kind and number; of the statements of one item the *most explicit* one is kept
(a labelled statement over a numbered heading or paragraph over a list item) and, among equally
explicit ones, the *first*. Its span and title are the entry's span and title, so the span points
at the fuller chapter statement when there is one, and at the summary otherwise.

Ids are a letter per kind and the number: ``R3`` (recommendation), ``A7`` (action), ``P13``
(play), ``P4`` (principle; ``Pr4`` when the document also has plays), ``C18`` (criterion),
``R3.2``. The span of a heading is its line; of a paragraph or list item, the whole paragraph.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

from annotations.documents.document import Document, Section

TITLE_LIMIT = 200

_PREFIXES = {
    "recommendation": "R",
    "action": "A",
    "play": "P",
    "principle": "P",
    "criterion": "C",
}
_ALTERNATE_PREFIX = {"principle": "Pr"}  # when plays and principles share "P"
_LABELLED, _NUMBERED, _LISTED = 3, 2, 1  # how explicit a statement is


@dataclass(frozen=True, slots=True)
class _LinePattern:
    """A pattern matched at the start of lines: ``first`` at offset 0, ``rest`` after a newline.

    Anchoring on a literal newline lets the regex engine skip ahead quickly; ``(?m)^`` or a
    look-behind is tried at every position and is several times slower on a large document.
    """

    first: re.Pattern[str]
    rest: re.Pattern[str]

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """The matches at line starts, in order."""
        match = self.first.match(text)
        if match is not None:
            yield match
        yield from self.rest.finditer(text)


def _line_pattern(body: str) -> _LinePattern:
    """Compile ``body`` to match at the start of any line."""
    return _LinePattern(re.compile(body), re.compile(r"\n" + body))


_NUMBER = r"[0-9]{1,4}(?:\.[0-9]{1,3}){0,3}"
_LINE_START = r"[ \t]{0,3}(?:#{1,6}[ \t]+|[-*+\u2022][ \t]+)?(?:\*\*|__|\*|_)?"
_LABELLED_STATEMENT = _line_pattern(
    _LINE_START
    + r"(?P<word>(?i:recommendation|action|play|principle|criterion))[ \t]+(?P<number>"
    + _NUMBER
    + r")(?![0-9])"
)
_SHORT_LABEL = _line_pattern(
    _LINE_START
    + r"(?P<word>R)(?P<number>"
    + _NUMBER
    + r")(?:\*\*|__)?[ \t]*[.:)\u2013\u2014-](?:\*\*|__)?(?=[ \t\n]|$)"
)
_RECOMMEND_PARAGRAPH = _line_pattern(
    r"[ \t]{0,3}(?P<number>[0-9]{1,4}(?:\.[0-9]{1,3}){1,3})\.?[ \t]+"
    r"(?=[^\n.]{0,160}?\b[Rr]ecommends?\b)"
)
_SEPARATOR = re.compile(r"[ \t]*(?:\*\*|__|\*|_)?[ \t]*(?:[:.)\u2013\u2014-]|$)")
_LIST_START = _line_pattern(r"[ \t]*1[.)][ \t]+\S")
_LIST_ITEM = re.compile(r"(?P<number>[0-9]{1,4})[.)][ \t]+")
_NUMBERED_HEADING = re.compile(r"(?P<number>" + _NUMBER + r")[.)]?[ \t]+(?=\S)")
_KIND_WORDS = r"recommendations|actions|plays|principles|criteria"
_TRIGGER_HEADING = re.compile(
    r"^(?:[0-9.]+[ \t]+)?(?:(?:a |the )?(?:summary|list) of (?:the |our )?|our |the |key |main )?"
    r"(?P<first>" + _KIND_WORDS + r"|(?<=the )standard)\b"
    r"|\b(?P<last>" + _KIND_WORDS + r")\W*$",
    re.IGNORECASE,
)
_LEAD_IN_WORD = re.compile(
    r"\b(recommend\w*|actions?|principles?|criteria|criterion|plays)\b", re.IGNORECASE
)
_SENTENCE_END = re.compile(r"[.!?](?=[ \t\n]+[\"“(\[A-Z0-9]|[ \t\n]*$)")
_MARKUP = re.compile(r"\[([^\]\n]*)\]\([^)\n]*\)|\*\*|__|(?<!\w)[*_]|[*_](?!\w)|`")
_SIMPLE_ID = re.compile(r"([A-Za-z]+)([0-9]+)")
_SPACES = re.compile(r"\s+")
_TRAILING = " \t\n.:;,\u2013\u2014-"


@dataclass(frozen=True, slots=True)
class DetectedRecommendation:
    """One numbered item a document states, with where it is stated.

    ``id`` is a valid tag id, unique within the document ("R3", "A7", "P13", "C18", "R3.2");
    ``label`` is how the document names it ("Recommendation 3", "Action 07", "3.2", "1");
    ``title`` is its title or first sentence on one line; ``start``/``end`` are code-point
    offsets into ``document.text`` of the heading or paragraph that states it.
    """

    id: str
    label: str
    title: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class _Candidate:
    """One statement of an item, before duplicates are merged."""

    kind: str
    number: tuple[int, ...]
    label: str
    title: str
    start: int
    end: int
    strength: int


class _Index:
    """Paragraph and heading lookups by offset (bisect, no scans)."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.text = document.text
        self.paragraph_starts = document.paragraph_starts
        self.paragraph_ends = document.paragraph_ends
        self.sections: list[Section] = list(document.sections)
        self.section_starts = [section.start for section in self.sections]
        self.parents = _parents(self.sections)

    def paragraph_starting_at(self, offset: int) -> int | None:
        """The index of the paragraph that starts at ``offset``, if one does."""
        index = bisect_right(self.paragraph_starts, offset) - 1
        if index >= 0 and self.paragraph_starts[index] == offset:
            return index
        return None

    def heading_at(self, offset: int) -> int | None:
        """The index of the section whose heading line starts at ``offset``, if any."""
        index = bisect_right(self.section_starts, offset) - 1
        if index >= 0 and self.section_starts[index] == offset:
            return index
        return None

    def last_heading_before(self, offset: int) -> int | None:
        """The index of the last heading starting before ``offset`` (the innermost section)."""
        index = bisect_right(self.section_starts, offset - 1) - 1
        return index if index >= 0 else None

    def is_heading(self, offset: int) -> bool:
        """Whether a heading line starts at ``offset``."""
        return self.heading_at(offset) is not None

    def paragraph_text(self, index: int) -> str:
        """The text of one paragraph."""
        return self.text[self.paragraph_starts[index] : self.paragraph_ends[index]]


def detect_recommendations(document: Document) -> list[DetectedRecommendation]:
    """The numbered recommendations, actions, plays, principles or criteria ``document`` makes.

    In document order (of the spans), each item once; see the module docstring for the rules.
    """
    if not document.text.strip():
        return []
    index = _Index(document)
    candidates = [
        *_labelled_statements(index),
        *_recommend_paragraphs(index),
        *_numbered_headings(index),
        *_numbered_lists(index),
    ]
    return _merged(candidates)


def in_number_order(items: list[DetectedRecommendation]) -> list[DetectedRecommendation]:
    """``items`` by kind (in order of first appearance), then by number: R1, R2, R3, then A1 ...

    Detection returns document order, where a summary item can precede the chapter statements
    of earlier items; a taxonomy reads better in number order.
    """
    prefixes: dict[str, int] = {}
    keys = []
    for item in items:
        prefix = item.id.rstrip("0123456789.")
        prefixes.setdefault(prefix, len(prefixes))
        number = tuple(int(part) for part in item.id[len(prefix) :].split(".") if part)
        keys.append((prefixes[prefix], number))
    return [item for _key, item in sorted(zip(keys, items, strict=True), key=lambda p: p[0])]


def summarise_ids(ids: list[str]) -> str:
    """The ids on one line, runs of consecutive numbers joined: "R1–R8", "A1–A3, R5"."""
    runs: list[list[str]] = []
    previous: tuple[str, int] | None = None
    for identifier in ids:
        match = _SIMPLE_ID.fullmatch(identifier)
        key = (match.group(1), int(match.group(2))) if match else None
        if runs and key and previous and key == (previous[0], previous[1] + 1):
            runs[-1].append(identifier)
        else:
            runs.append([identifier])
        previous = key
    return ", ".join(run[0] if len(run) == 1 else f"{run[0]}–{run[-1]}" for run in runs)


# --- finding statements ----------------------------------------------------------------------


def _labelled_statements(index: _Index) -> list[_Candidate]:
    """Headings and paragraphs that start "Recommendation 3:", "Action 07", "R3." and the like."""
    found: list[_Candidate] = []
    for pattern, worded in ((_LABELLED_STATEMENT, True), (_SHORT_LABEL, False)):
        for match in pattern.finditer(index.text):
            candidate = _labelled(index, match, worded)
            if candidate is not None:
                found.append(candidate)
    return found


def _labelled(index: _Index, match: re.Match[str], worded: bool) -> _Candidate | None:
    """The statement a labelled match starts, if it starts a heading or a separated paragraph.

    ``worded`` matches ("Recommendation 3") need a separator unless they are headings; "R3."
    matches carry theirs.
    """
    text = index.text
    start = _content_start(text, match.start())
    paragraph = index.paragraph_starting_at(start)
    if paragraph is None:
        return None
    heading = index.is_heading(start)
    rest = match.end()
    if worded:
        separator = _SEPARATOR.match(text, rest, index.paragraph_ends[paragraph])
        if separator is None and not heading:
            return None
        if separator is not None:
            rest = separator.end()
    word = match.group("word")
    kind = "recommendation" if word == "R" else word.lower()
    label = text[match.start("word") : match.end("number")]
    end = index.paragraph_ends[paragraph]
    title = _first_sentence(text, rest, end)
    following = paragraph + 1
    if (
        not title
        and heading
        and following < len(index.paragraph_starts)
        and not index.is_heading(index.paragraph_starts[following])
    ):
        title = _first_sentence(
            text, index.paragraph_starts[following], index.paragraph_ends[following]
        )
    return _Candidate(
        kind, _number(match.group("number")), label, title or label, start, end, _LABELLED
    )


def _recommend_paragraphs(index: _Index) -> list[_Candidate]:
    """Paragraphs numbered "3.2" whose first sentence recommends something."""
    found: list[_Candidate] = []
    text = index.text
    for match in _RECOMMEND_PARAGRAPH.finditer(text):
        start = _content_start(text, match.start())
        paragraph = index.paragraph_starting_at(start)
        if paragraph is None or index.is_heading(start):
            continue
        end = index.paragraph_ends[paragraph]
        label = match.group("number")
        title = _first_sentence(text, match.end(), end) or label
        found.append(
            _Candidate("recommendation", _number(label), label, title, start, end, _NUMBERED)
        )
    return found


def _numbered_headings(index: _Index) -> list[_Candidate]:
    """Headings "1. Provide ..." directly under a heading such as "Recommendations"."""
    found: list[_Candidate] = []
    for position, section in enumerate(index.sections):
        match = _NUMBERED_HEADING.match(section.title)
        parent = index.parents[position]
        if match is None or parent is None:
            continue
        kind = _heading_kind(index.sections[parent].title)
        if kind is None:
            continue
        label = match.group("number")
        title = _clean(section.title[match.end() :]) or label
        start = _content_start(index.text, section.start)
        found.append(
            _Candidate(kind, _number(label), label, title, start, section.heading_end, _NUMBERED)
        )
    return found


def _numbered_lists(index: _Index) -> list[_Candidate]:
    """Lists numbered from 1 directly under a trigger heading or after a trigger lead-in."""
    found: list[_Candidate] = []
    text = index.text
    listed: set[int | None] = set()  # sections that already have a detected list
    for match in _LIST_START.finditer(text):
        start = _content_start(text, match.start())
        paragraph = index.paragraph_starting_at(start)
        if paragraph is None or index.is_heading(start):
            continue
        heading = index.last_heading_before(start)
        kind, by_lead_in = _list_kind(index, paragraph, heading)
        if kind is None or (not by_lead_in and heading in listed):
            continue  # a heading announces one list, not a nested or later one
        items = _list_items(index, paragraph, kind)
        if items:
            listed.add(heading)
        found.extend(items)
    return found


def _list_kind(index: _Index, paragraph: int, heading: int | None) -> tuple[str | None, bool]:
    """The kind a list starting at ``paragraph`` announces, and whether a lead-in (not the
    heading ``heading`` it is under) announces it."""
    if paragraph > 0:
        previous_start = index.paragraph_starts[paragraph - 1]
        if not index.is_heading(previous_start):
            kind = _lead_in_kind(index.paragraph_text(paragraph - 1))
            if kind is not None:
                return kind, True
    if heading is None:
        return None, False
    return _heading_kind(index.sections[heading].title), False


def _list_items(index: _Index, first: int, kind: str) -> list[_Candidate]:
    """The items of the list whose item 1 is paragraph ``first`` (numbered 1, 2, 3 ...)."""
    text = index.text
    column = _column(text, index.paragraph_starts[first])
    items: list[_Candidate] = []
    expected = 1
    paragraph = first
    while paragraph < len(index.paragraph_starts):
        start = index.paragraph_starts[paragraph]
        if index.is_heading(start):
            break
        if _column(text, start) <= column:
            match = _LIST_ITEM.match(text, start, index.paragraph_ends[paragraph])
            if match is None or int(match.group("number")) != expected:
                break
            end = index.paragraph_ends[paragraph]
            label = match.group("number")
            title = _first_sentence(text, match.end(), end) or label
            items.append(_Candidate(kind, (expected,), label, title, start, end, _LISTED))
            expected += 1
        paragraph += 1
    return items if len(items) >= 2 else []


# --- kinds -------------------------------------------------------------------------------------


def _heading_kind(title: str) -> str | None:
    """The kind a heading's title announces ("11 Recommendations" → recommendation)."""
    match = _TRIGGER_HEADING.search(title.strip(" \t*_#"))
    if match is None:
        return None
    return _kind_of(match.group("first") or match.group("last"))


def _lead_in_kind(paragraph: str) -> str | None:
    """The kind a paragraph introducing a list announces, from its last sentence ending in ":"."""
    stripped = paragraph.rstrip(" \t*_")
    if not stripped.endswith(":"):
        return None
    ends = list(_SENTENCE_END.finditer(stripped, 0, len(stripped) - 1))
    last_sentence = stripped[ends[-1].end() :] if ends else stripped
    match = _LEAD_IN_WORD.search(last_sentence)
    return _kind_of(match.group(1)) if match else None


def _kind_of(word: str) -> str:
    """The kind a trigger word names."""
    word = word.lower()
    if word.startswith("recommend"):
        return "recommendation"
    if word.startswith("criteri") or word == "standard":
        return "criterion"
    for kind in ("action", "play", "principle"):
        if word.startswith(kind):
            return kind
    raise ValueError(f"not a trigger word: {word}")


# --- merging and ids ---------------------------------------------------------------------------


def _merged(candidates: list[_Candidate]) -> list[DetectedRecommendation]:
    """One entry per kind and number: the most explicit statement, else the first."""
    best: dict[tuple[str, tuple[int, ...]], _Candidate] = {}
    for candidate in sorted(candidates, key=lambda c: (-c.strength, c.start)):
        best.setdefault((candidate.kind, candidate.number), candidate)
    kinds = {kind for kind, _number in best}
    prefixes = dict(_PREFIXES)
    if {"play", "principle"} <= kinds:
        prefixes.update(_ALTERNATE_PREFIX)
    chosen = sorted(best.values(), key=lambda c: (c.start, c.kind, c.number))
    return [
        DetectedRecommendation(
            id=prefixes[c.kind] + ".".join(str(n) for n in c.number),
            label=c.label,
            title=c.title,
            start=c.start,
            end=c.end,
        )
        for c in chosen
    ]


# --- text helpers ------------------------------------------------------------------------------


def _parents(sections: list[Section]) -> list[int | None]:
    """For each section, the index of the nearest enclosing section of a higher level."""
    parents: list[int | None] = []
    stack: list[int] = []
    for position, section in enumerate(sections):
        while stack and sections[stack[-1]].level >= section.level:
            stack.pop()
        parents.append(stack[-1] if stack else None)
        stack.append(position)
    return parents


def _number(text: str) -> tuple[int, ...]:
    """ "07" → (7,), "3.2" → (3, 2)."""
    return tuple(int(part) for part in text.split("."))


def _content_start(text: str, offset: int) -> int:
    """``offset`` moved past a line's leading white space (where its paragraph starts)."""
    while offset < len(text) and text[offset] in " \t\n":
        offset += 1
    return offset


def _column(text: str, offset: int) -> int:
    """How far ``offset`` is from the start of its line."""
    return offset - text.rfind("\n", 0, offset) - 1


def _first_sentence(text: str, start: int, end: int) -> str:
    """The first sentence of text[start:end], cleaned to one line (no trailing punctuation)."""
    piece = text[start:end]
    match = _SENTENCE_END.search(piece)
    if match is not None:
        piece = piece[: match.start()]
    return _clean(piece)


def _clean(piece: str) -> str:
    """One line, without Markdown emphasis or link targets, trimmed to TITLE_LIMIT."""
    piece = _MARKUP.sub(lambda m: m.group(1) or "", piece)
    piece = _SPACES.sub(" ", piece).strip(_TRAILING)
    if len(piece) > TITLE_LIMIT:
        cut = piece.rfind(" ", 0, TITLE_LIMIT - 1)
        piece = piece[: cut if cut > TITLE_LIMIT // 2 else TITLE_LIMIT - 1].rstrip(_TRAILING) + "…"
    return piece
