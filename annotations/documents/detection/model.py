"""What detection returns (items, and the groups that say what was found and why) and the
candidates the rules produce before duplicates are merged."""

from __future__ import annotations

from dataclasses import dataclass, field

from annotations.text_plural import plural_word

# How explicit a statement is: a label ("Recommendation 3") beats a numbered heading or
# paragraph, which beats a numbered list item or table row, which beats an unnumbered one.
LABELLED, NUMBERED, LISTED, UNNUMBERED = 4, 3, 2, 1


@dataclass(frozen=True, slots=True)
class DetectedRecommendation:
    """One item (recommendation, action, principle, criterion...) a document states.

    ``id`` is a valid tag id, unique within the document ("R3", "A7", "P13", "C18", "R3.2",
    "I9a"); ``label`` is how the document numbers it ("Recommendation 3", "Action 07", "3.2",
    "9a", or "" when its items are unnumbered); ``title`` is its title or first sentence on one
    line; ``start``/``end`` are code-point offsets into ``document.text`` of its fullest
    statement. ``kind`` is what it is ("recommendation", "action", ...), ``rule`` the rule that
    found it, ``theme`` the sub-heading or group it is listed under (if any), and ``passages``
    the other places the document states the same item (a summary list, say), as spans.
    """

    id: str
    label: str
    title: str
    start: int
    end: int
    kind: str = "recommendation"
    rule: str = ""
    theme: str = ""
    passages: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class DetectedGroup:
    """One set of items found by one rule in one place: what ``init`` and ``D`` can report.

    ``where`` is the heading or lead-in that announced them (one line), ``line`` its 1-based
    line; ``ids`` the items it contributed (after duplicates were merged); ``stated`` the count
    the document itself gives for this kind, when it gives one.
    """

    kind: str
    rule: str
    where: str
    line: int
    ids: tuple[str, ...]
    stated: int | None = None

    @property
    def count(self) -> int:
        """How many items this group contributed."""
        return len(self.ids)

    def describe(self) -> str:
        """One line: "20 actions (A1–A20), numbered lists under sub-headings, after "We will
        take 20 actions…" (line 12); the document states 20"."""
        from annotations.documents.detection.naming import plural, summarise_ids

        text = f"{self.count} {plural(self.kind, self.count)} ({summarise_ids(list(self.ids))}), "
        text += self.rule
        if self.where:
            text += f', "{self.where}"'
        text += f" (line {self.line})"
        if self.stated is not None:
            text += f"; the document states {self.stated}"
        return text


@dataclass(frozen=True, slots=True)
class Detection:
    """Everything detection found: the items in document order and the groups they came in.

    ``stated`` maps each kind to the count the document states most often ("ten
    recommendations"), whether or not items of that kind were found.
    """

    items: tuple[DetectedRecommendation, ...]
    groups: tuple[DetectedGroup, ...]
    stated: dict[str, int] = field(default_factory=dict)

    def describe(self) -> list[str]:
        """Lines for the analyst: one per group, then any count that does not add up."""
        lines = [group.describe() for group in self.groups if group.ids]
        found: dict[str, int] = {}
        for item in self.items:
            found[item.kind] = found.get(item.kind, 0) + 1
        from annotations.documents.detection.naming import plural

        for kind, count in sorted(self.stated.items()):
            if kind in found and found[kind] != count:
                lines.append(
                    f"check: the document states {count} {plural(kind, count)}, "
                    f"{found[kind]} {plural_word(found[kind], 'was')} found"
                )
        return lines


@dataclass(slots=True)
class Candidate:
    """One statement of an item, before duplicates are merged.

    ``key`` is its number as the document gives it ("3", "2.1", "9a") or, when ``numbered`` is
    false, its position in an unnumbered list; ``group`` indexes the :class:`Group` it is in.
    """

    kind: str
    key: str
    numbered: bool
    label: str
    title: str
    start: int
    end: int
    strength: int
    group: int
    theme: str = ""
    section_end: int = -1  # for a numbered heading, where its section ends


@dataclass(slots=True)
class Group:
    """Where a rule found a set of candidates: the kind, the rule, the heading or lead-in."""

    kind: str
    rule: str
    where: str
    start: int
    part: str = ""  # the number of the part it is in, used when numbering restarts there
