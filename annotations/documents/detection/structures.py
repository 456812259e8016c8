"""Items that a heading or a lead-in announces: the lists, tables, numbered headings or
bold-labelled paragraphs that follow it.

A **trigger** names a kind: a heading ("Recommendations", "Summary of actions", "Design
Principles", "Next steps") or a lead-in, the last sentence of a paragraph ending in ":"
("The following recommendations are made:", "We will take 20 actions, grouped under four
themes:", "... requires that:"). What follows a trigger is read as its items:

- a numbered or lettered list (1. 1) (1) a. (a) 9c) 3(a)), its top level only;
- a numbered list whose items are short group names with lettered sub-items ("1. Data" then
  "a. Save the raw data"): the sub-items are the items ("1a"), the groups their themes;
- a bulleted list or a run of bold-labelled paragraphs ("**Be open.** We ..."), but only right
  after a heading or after a lead-in that *announces* items (a weaker lead-in that merely names
  the kind is enough for a numbered list only);
- a table whose rows are the items;
- numbered headings ("### 1. Provide ...");
- lists split across the sub-headings of the trigger's section (themes), when nothing follows
  the trigger directly, or when what follows it is a list of those sub-headings (a list of
  themes), or when the count the lead-in states is met only by the sub-headings' lists.

Tables are also read where their header names the kind ("Indicator | Requirement").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise

from annotations.documents.detection.blocks import (
    BULLET,
    HEADING,
    ITEM,
    LETTER,
    NUMBER,
    TABLE,
    TEXT,
    Block,
    Blocks,
    Row,
    bold_lead,
    clean,
    first_sentence,
    lead_title,
)
from annotations.documents.detection.kinds import (
    Announcement,
    announcement,
    heading_kind,
    kind_of,
    lead_in_kind,
)
from annotations.documents.detection.model import (
    LISTED,
    NUMBERED,
    UNNUMBERED,
    Candidate,
    Group,
)
from annotations.documents.detection.naming import item_key

RULE_HEADING_LIST = "listed under a heading naming them"
RULE_LEAD_IN_LIST = "listed after a lead-in"
RULE_SPLIT = "listed under the sub-headings of"
RULE_NUMBERED_HEADINGS = "numbered headings under"
RULE_TABLE = "rows of a table"
RULE_SUB_ITEMS = "lettered sub-items of a numbered summary"

LEGAL_HEADINGS, LEGAL_SHARE = 5, 0.15
_LEGAL_HEADING = re.compile(r"[*_]{0,2}(?i:sec\.|article|art\.|§|rule)[ \t]+[0-9IVXLC]+")
SHORT_GROUP_NAME = 6  # words: a numbered item this short with lettered sub-items is a group
_NUMBERED_HEADING = re.compile(r"(?P<number>[0-9]{1,3}(?:\.[0-9]{1,3}){0,3})[.)]?[ \t]+(?=\S)")
_ROW_LABEL = re.compile(
    r"[*_]{0,3}(?P<number>[0-9]{1,3})(?:(?P<letter>[a-z])|\((?P<pletter>[a-z])\))?[.):]?(?:[*_]{0,3})[ \t]+"
)
_KIND_CELL = re.compile(
    r"^[*_]{0,3}(recommendations?|actions?|principles?|criteri(?:on|a)|requirements?|proposals?"
    r"|indicators?|practices?)[*_]{0,3}$",
    re.IGNORECASE,
)
_WORDS = re.compile(r"[\w'’-]+")
_NORMAL = re.compile(r"[^a-z0-9]+")


@dataclass(slots=True)
class _Item:
    """One item of a run before it becomes a candidate."""

    key: str
    numbered: bool
    label: str
    title: str
    start: int
    end: int
    strength: int
    theme: str = ""
    section_end: int = -1


@dataclass(slots=True)
class _Run:
    """Items that follow a trigger, and the block after the last of them."""

    items: list[_Item]
    rule: str
    after: int


class _Finder:
    """Walks the blocks once, collecting what each trigger announces."""

    def __init__(self, blocks: Blocks) -> None:
        self.blocks = blocks
        self.text = blocks.text
        self.groups: list[Group] = []
        self.candidates: list[Candidate] = []
        self.headings = [b.position for b in blocks.blocks if b.kind == HEADING]
        self.heading_titles = {p: clean(blocks.content(blocks[p])) for p in self.headings}

    # --- triggers --------------------------------------------------------------------------

    def find(self) -> None:
        """Every trigger in the document, and the items after it."""
        for block in self.blocks.blocks:
            if block.kind == HEADING:
                kind = heading_kind(self.heading_titles[block.position])
                if kind is not None:
                    self._under_heading(block, kind)
            elif block.kind == TEXT and self.text[block.end - 1] in ":*_":
                self._after_lead_in(block)
            elif block.kind == TABLE and block.header:
                self._kind_table(block)

    def _under_heading(self, heading: Block, kind: str) -> None:
        """The items a heading that names a kind heads."""
        where = self.heading_titles[heading.position]
        body_end = self._next_heading(heading.position)
        if self._announces(heading.position + 1):
            return  # the lead-in under the heading says more; it is read on its own
        numbered = self._numbered_headings(heading)
        if numbered:
            self._add(
                kind, f"{RULE_NUMBERED_HEADINGS} a heading naming them", where, heading, numbered
            )
        run = self._first_numbered_run(heading.position + 1, body_end)
        if run is None:
            run = self._run_near(heading.position + 1, body_end, strict=True)
        if run is not None:
            self._add(kind, run.rule or RULE_HEADING_LIST, where, heading, run.items)
        elif not numbered:
            self._split(kind, where, heading, heading.position + 1, heading.level, None)

    def _after_lead_in(self, lead_in: Block) -> None:
        """The items a lead-in ending in ":" announces."""
        paragraph = self.text[lead_in.start : lead_in.end]
        announced = announcement(paragraph)
        kind = announced.kind if announced else lead_in_kind(paragraph)
        if kind is None:
            return
        where = clean(paragraph)
        if len(where) > 80:
            where = "…" + where[-79:]
        following = lead_in.position + 1
        if following >= len(self.blocks):
            return
        level = self._section_level(lead_in.position)
        if self.blocks[following].kind == HEADING:
            numbered = self._numbered_headings_from(following, level)
            if numbered:
                self._add(
                    kind,
                    RULE_NUMBERED_HEADINGS.replace(" under", "") + " after a lead-in",
                    where,
                    lead_in,
                    numbered,
                )
            elif announced is not None:
                self._split(kind, where, lead_in, following, level, announced)
            return
        run = self._run(following, strict=announced is not None)
        if run is None:
            return
        if announced is not None and self._is_theme_list(run, following, level):
            self._split(kind, where, lead_in, run.after, level, announced)
            return
        count = announced.count if announced else None
        if (
            count is not None
            and len(run.items) != count
            and self._split(kind, where, lead_in, run.after, level, announced, only_if_count=True)
        ):
            return
        self._add(kind, run.rule or RULE_LEAD_IN_LIST, where, lead_in, run.items)

    def _kind_table(self, table: Block) -> None:
        """A table whose first header cell names the kind ("Indicator", "Recommendation")."""
        match = _KIND_CELL.match(table.header[0])
        if match is None:
            return
        items = [item for item in self._table_items(table) if item.numbered]
        if items:
            self._add(
                kind_of(match.group(1)), RULE_TABLE, clean(" | ".join(table.header)), table, items
            )

    # --- runs of items ---------------------------------------------------------------------

    def _first_numbered_run(self, start: int, end: int) -> _Run | None:
        """The first top-level numbered list in blocks[start:end] (a heading's own text)."""
        for position in range(start, end):
            block = self.blocks[position]
            if block.kind == ITEM and block.marker in (NUMBER, LETTER) and _is_first(block.value):
                if position > start and self._inside_item(position, start):
                    continue
                return self._run(position, strict=False)
        return None

    def _inside_item(self, position: int, start: int) -> bool:
        """Whether the list item at ``position`` is nested under an earlier, shallower item."""
        indent = self.blocks[position].indent
        for earlier in range(position - 1, start - 1, -1):
            block = self.blocks[earlier]
            if block.kind == ITEM and block.indent < indent:
                return True
            if block.kind != ITEM and block.indent <= indent:
                return False
        return False

    def _run_near(self, start: int, end: int, *, strict: bool) -> _Run | None:
        """A list, table or bold-labelled run right at ``start`` (under a heading), or after one
        introductory paragraph ending in ":" -- numbered, or announced by that paragraph (an
        announcing lead-in is left to :meth:`_after_lead_in`, which also checks themes)."""
        if start >= end:
            return None
        block = self.blocks[start]
        if block.kind == TEXT and self.text[block.end - 1] == ":" and start + 1 < end:
            if announcement(self.text[block.start : block.end]) is not None:
                return None
            return self._run(start + 1, strict=False)
        return self._run(start, strict=strict)

    def _run(self, position: int, *, strict: bool, first: str | None = None) -> _Run | None:
        """The items of the list, table or bold-labelled run at ``position``.

        ``strict`` (the trigger announces items) admits bullets and bold-labelled paragraphs;
        ``first`` is the number a numbered list must start at (1 unless numbering continues).
        """
        if position >= len(self.blocks):
            return None
        block = self.blocks[position]
        if block.kind == TABLE:
            items = self._table_items(block)
            return _Run(items, RULE_TABLE, position + 1) if items else None
        if block.kind == ITEM and block.marker in (NUMBER, LETTER):
            if first is None and not _is_first(block.value):
                return None
            if first is not None and block.value != first:
                return None
            return self._list(position)
        if not strict:
            return None
        if block.kind == ITEM and block.marker == BULLET:
            return self._list(position)
        if block.kind == TEXT and bold_lead(self.text, block.start, block.end):
            return self._bold_run(position)
        return None

    def _list(self, first: int) -> _Run | None:
        """The top-level items of the list whose first item is block ``first``."""
        head = self.blocks[first]
        items: list[_Item] = []
        children: list[list[Block]] = []
        previous = ""
        position = first
        while position < len(self.blocks):
            block = self.blocks[position]
            if block.kind == HEADING or (block.kind != ITEM and block.indent <= head.indent):
                break
            if block.kind == ITEM and block.indent <= head.indent:
                if block.indent < head.indent or block.marker != head.marker:
                    break
                if head.marker != BULLET and items and not _follows(previous, block.value):
                    break
                previous = block.value
                items.append(self._item(block, len(items) + 1))
                children.append([])
            elif block.kind == ITEM and children:
                children[-1].append(block)
            position += 1
        if len(items) < 2 and not (items and head.marker == BULLET):
            return None
        if _links_only(self.text, items):
            return None  # a table of contents
        grouped = self._sub_items(items, children)
        if grouped:
            return _Run(grouped, RULE_SUB_ITEMS, position)
        return _Run(items, "", position)

    def _item(self, block: Block, ordinal: int) -> _Item:
        """A list item as an item: numbered by its marker, or by its place in the list."""
        title = lead_title(self.text, block.body, block.end) or block.value
        if block.marker == BULLET:
            return _Item(str(ordinal), False, "", title, block.start, block.end, UNNUMBERED)
        key = item_key(block.value) if block.marker == NUMBER else block.value
        return _Item(key, True, block.value, title, block.start, block.end, LISTED)

    def _sub_items(self, items: list[_Item], children: list[list[Block]]) -> list[_Item]:
        """The lettered sub-items, when the numbered items are short group names with them."""
        if not items or not items[0].numbered:
            return []
        lettered = [[c for c in kids if c.marker == LETTER] for kids in children]
        with_letters = sum(1 for kids in lettered if len(kids) >= 2)
        if with_letters < max(2, (len(items) + 1) // 2):
            return []
        if any(len(_WORDS.findall(item.title)) > SHORT_GROUP_NAME for item in items):
            return []
        found: list[_Item] = []
        for item, kids in zip(items, lettered, strict=True):
            indent = min((kid.indent for kid in kids), default=0)
            for kid in kids:
                if kid.indent != indent:
                    continue
                title = lead_title(self.text, kid.body, kid.end) or kid.value
                key = item.key + kid.value
                found.append(_Item(key, True, key, title, kid.start, kid.end, LISTED, item.title))
        return found

    def _bold_run(self, first: int) -> _Run | None:
        """Consecutive paragraphs that each start with a bold label ("**Be open.** We ...")."""
        items: list[_Item] = []
        position = first
        while position < len(self.blocks):
            block = self.blocks[position]
            label = bold_lead(self.text, block.start, block.end) if block.kind == TEXT else None
            if label is None:
                break
            items.append(
                _Item(str(len(items) + 1), False, "", label, block.start, block.end, UNNUMBERED)
            )
            position += 1
        return _Run(items, "bold-labelled paragraphs", position) if len(items) >= 2 else None

    def _table_items(self, table: Block) -> list[_Item]:
        """A table's rows as items: numbered by their first cell ("1.", "**9a)**"), or, when the
        header names the kind, in order."""
        rows = [row for row in table.rows if row.cells and row.cells[0]]
        numbered = [self._row_item(row) for row in rows]
        if len(rows) >= 2 and all(item is not None for item in numbered):
            keys = [item.key for item in numbered if item is not None]
            if _is_first(keys[0]) and all(_follows(a, b) for a, b in pairwise(keys)):
                return [item for item in numbered if item is not None]
        if table.header and _KIND_CELL.match(table.header[0]) and len(rows) >= 2:
            return [
                _Item(str(n), False, "", clean(row.cells[0]), row.start, row.end, UNNUMBERED)
                for n, row in enumerate(rows, 1)
            ]
        return []

    def _row_item(self, row: Row) -> _Item | None:
        """A row whose first cell starts with a number (and perhaps a letter)."""
        cell = row.cells[0]
        match = _ROW_LABEL.match(cell + " ")
        if match is None:
            return None
        key = item_key(match.group("number"), match.group("letter") or match.group("pletter") or "")
        title = clean(cell[match.end() :]) or (
            first_sentence(row.cells[1], 0, len(row.cells[1])) if len(row.cells) > 1 else key
        )
        return _Item(key, True, key, title or key, row.start, row.end, LISTED)

    # --- headings --------------------------------------------------------------------------

    def _numbered_headings(self, parent: Block) -> list[_Item]:
        """The numbered headings directly under ``parent`` (its next level down)."""
        return self._numbered_headings_from(parent.position + 1, parent.level)

    def _numbered_headings_from(self, start: int, level: int) -> list[_Item]:
        """Numbered headings among the sub-headings from ``start`` until a heading of ``level``
        or above, at the first level below ``level`` found there."""
        found: list[_Item] = []
        child_level = None
        for position in self._headings_between(start, level):
            block = self.blocks[position]
            if child_level is None:
                child_level = block.level
            if block.level != child_level:
                continue
            title = self.heading_titles[position]
            match = _NUMBERED_HEADING.match(title)
            if match is None:
                continue
            number = match.group("number")
            key = item_key(number)
            item_title = clean(title[match.end() :]) or number
            item = _Item(key, True, number, item_title, block.start, block.end, NUMBERED)
            item.section_end = self._section_end(position)
            found.append(item)
        return found

    def _headings_between(self, start: int, level: int) -> Iterator[int]:
        """The positions of the headings from ``start`` until one of ``level`` or above."""
        from bisect import bisect_left

        for index in range(bisect_left(self.headings, start), len(self.headings)):
            position = self.headings[index]
            if self.blocks[position].level <= level:
                return
            yield position

    def _split(
        self,
        kind: str,
        where: str,
        trigger: Block,
        start: int,
        level: int,
        announced: Announcement | None,
        *,
        only_if_count: bool = False,
    ) -> bool:
        """Items listed under the sub-headings (themes) from ``start`` until a heading of
        ``level`` or above; True if they were taken."""
        children = list(self._headings_between(start, level))
        if not children:
            return False
        child_level = min(self.blocks[p].level for p in children)
        items: list[_Item] = []
        themes = 0
        restarts = False
        last = "0"
        for position in children:
            if self.blocks[position].level != child_level:
                continue
            run = self._run_near(position + 1, self._next_heading(position), strict=True)
            if run is None and last != "0":
                run = self._run(position + 1, strict=True, first=_next_number(last))
            if run is None:
                continue
            numbered = [item for item in run.items if item.numbered]
            if numbered and not _follows(last, numbered[0].key):
                restarts = True
            theme = self.heading_titles[position]
            for item in run.items:
                if not item.theme:
                    item.theme = theme
            if numbered:
                last = numbered[-1].key
            themes += 1
            items.extend(run.items)
        count = announced.count if announced else None
        if themes < 2 or (only_if_count and count != len(items)):
            return False
        if restarts and count != len(items):
            return False  # numbered paragraphs restarting under each heading: a legal text
        items = _renumber(items)
        self._add(kind, f"{RULE_SPLIT} this", where, trigger, items)
        return True

    def _is_theme_list(self, run: _Run, position: int, level: int) -> bool:
        """Whether a run's items are the titles of the sub-headings that follow (themes)."""
        titles = {_normal(self.heading_titles[p]) for p in self._headings_between(run.after, level)}
        names = [_normal(item.title) for item in run.items]
        return len(names) >= 2 and all(name in titles for name in names)

    # --- helpers ---------------------------------------------------------------------------

    def _announces(self, position: int) -> bool:
        """Whether block ``position`` is a lead-in that announces items."""
        if position >= len(self.blocks) or self.blocks[position].kind != TEXT:
            return False
        block = self.blocks[position]
        return announcement(self.text[block.start : block.end]) is not None

    def _section_end(self, position: int) -> int:
        """The offset where the section headed by block ``position`` ends."""
        level = self.blocks[position].level
        for later in self._headings_between(position + 1, 0):
            if self.blocks[later].level <= level:
                return self.blocks[later].start
        return len(self.text)

    def _next_heading(self, position: int) -> int:
        """The position of the first heading after ``position`` (or the end)."""
        from bisect import bisect_right

        index = bisect_right(self.headings, position)
        return self.headings[index] if index < len(self.headings) else len(self.blocks)

    def _section_level(self, position: int) -> int:
        """The level of the heading of the section ``position`` is in (0 before any)."""
        from bisect import bisect_left

        index = bisect_left(self.headings, position) - 1
        return self.blocks[self.headings[index]].level if index >= 0 else 0

    def _add(self, kind: str, rule: str, where: str, trigger: Block, items: list[_Item]) -> None:
        """Record a group of items."""
        group = len(self.groups)
        self.groups.append(Group(kind, rule, where, trigger.start))
        for item in items:
            self.candidates.append(
                Candidate(
                    kind,
                    item.key,
                    item.numbered,
                    item.label,
                    item.title or item.label or item.key,
                    item.start,
                    item.end,
                    item.strength,
                    group,
                    item.theme,
                    item.section_end,
                )
            )


def announced_items(blocks: Blocks) -> tuple[list[Group], list[Candidate]]:
    """The items every trigger in the document announces (none in a legal text)."""
    finder = _Finder(blocks)
    if is_legal_text(blocks, finder.headings):
        return [], []
    finder.find()
    return finder.groups, finder.candidates


def is_legal_text(blocks: Blocks, headings: list[int]) -> bool:
    """Whether the document is legislation or rules: many of its headings are sections,
    articles or rules ("SEC. 101.", "Article 5", "§ 3", "Rule XX"). Its numbered lists are
    provisions, and its "following requirements" conditions, not recommendations."""
    if len(headings) < LEGAL_HEADINGS:
        return False
    legal = sum(1 for p in headings if _LEGAL_HEADING.match(blocks.text, blocks[p].body))
    return legal >= LEGAL_HEADINGS and legal >= LEGAL_SHARE * len(headings)


def _is_first(value: str) -> bool:
    """Whether a list starts with this number or letter ("1", "a")."""
    return value in ("1", "a", "1a")


def _follows(previous: str, value: str) -> bool:
    """Whether ``value`` may follow ``previous`` in a list: 1 → 2, a → b, 9 → 9a, 9a → 9b → 10."""
    if previous.isdigit() and value.isdigit():
        return int(value) == int(previous) + 1
    if len(previous) == 1 and len(value) == 1 and previous.isalpha():
        return ord(value) == ord(previous) + 1
    number, letter = _split_key(previous)
    next_number, next_letter = _split_key(value)
    if next_number == number:
        return next_letter == (chr(ord(letter) + 1) if letter else "a")
    return next_number == number + 1 and next_letter in ("", "a")


def _next_number(key: str) -> str:
    """The number after ``key``'s number: "3" → "4", "9c" → "10"."""
    return str(_split_key(key)[0] + 1)


def _split_key(key: str) -> tuple[int, str]:
    """ "9a" → (9, "a"); "9" → (9, "")."""
    digits = key.rstrip("abcdefghijklmnopqrstuvwxyz")
    return (int(digits) if digits.isdigit() else -1), key[len(digits) :]


def _renumber(items: list[_Item]) -> list[_Item]:
    """Items split across themes, with unique keys: unnumbered ones in order, and numbered
    ones that restart under each theme as "theme.number"."""
    keys = [item.key for item in items]
    if len(set(keys)) == len(keys):
        if all(not item.numbered for item in items):
            for ordinal, item in enumerate(items, 1):
                item.key = str(ordinal)
        return items
    themes: dict[str, int] = {}
    for ordinal, item in enumerate(items, 1):
        if item.numbered:
            theme = themes.setdefault(item.theme, len(themes) + 1)
            item.key = f"{theme}.{item.key}"
            item.label = item.key
        else:
            item.key = str(ordinal)
    return items


def _links_only(text: str, items: list[_Item]) -> bool:
    """Whether every item is a link (a table of contents)."""
    return all(
        text.find("](", item.start, item.end) >= 0
        and len(_WORDS.findall(item.title)) <= 12
        and text[item.start : item.end].lstrip("-*+0123456789.() \t").startswith("[")
        for item in items
    )


def _normal(title: str) -> str:
    """A title reduced to lower-case letters and digits, for comparison."""
    return _NORMAL.sub("", title.lower())
