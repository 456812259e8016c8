"""The rules of the document board: what a row shows, how rows are sorted and filtered, and
which document comes next in the board's order.

The numbers come from ``status.py`` (one ``DocumentStatus`` per document); this module only
orders, filters and words them. No Textual.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from annotations.projects.model import ProjectDocument
from annotations.projects.status import DocumentStatus

SORT_KEYS: tuple[str, ...] = (
    "project",
    "name",
    "analyst",
    "share",
    "annotations",
    "stale",
    "revised",
)
"""The orders of the board, in the order the sort key cycles through them."""

SORT_LABELS: dict[str, str] = {
    "project": "project order",
    "name": "name",
    "analyst": "analyst",
    "share": "annotated share",
    "annotations": "annotations",
    "stale": "stale marks",
    "revised": "revised first",
}
"""How the board names each order."""

_DESCENDING: frozenset[str] = frozenset({"share", "annotations", "stale", "revised"})
"""Orders that put the largest first (reversing them puts it last)."""

NOT_STARTED = "not-started"
NEEDS_REVIEW = "needs-review"
_PHRASES = {"not started": NOT_STARTED, "needs review": NEEDS_REVIEW}

BAR_CELLS = "▏▎▍▌▋▊▉█"


def analyst_of(status: DocumentStatus) -> str:
    """Who the document is assigned to, else who has coded it (comma-separated), else ""."""
    if status.document.analyst:
        return status.document.analyst
    return ", ".join(sorted(a for a, n in status.annotations.items() if n))


def attributes_text(status: DocumentStatus) -> str:
    """The document's attribute values, in the project file's order (``council, north``)."""
    return ", ".join(status.document.attributes.values())


def needs_review(status: DocumentStatus) -> bool:
    """Whether a person should look at the document's annotations: stale marks (fuzzy or
    orphaned after re-anchoring), a revised document, or a problem with its files."""
    return status.stale > 0 or status.revised or bool(status.problems)


def share_bar(share: float, width: int = 6) -> str:
    """A bar of ``width`` cells filled to ``share`` (0 to 1), in eighths of a cell."""
    eighths = round(max(0.0, min(1.0, share)) * width * 8)
    full, part = divmod(eighths, 8)
    bar = "█" * full + (BAR_CELLS[part - 1] if part else "")
    return bar.ljust(width, " ")


@dataclass(frozen=True)
class BoardFilter:
    """What the board's filter asks for; every part must hold (an empty filter keeps all)."""

    attributes: tuple[tuple[str, str], ...] = ()
    """``key=value`` terms: the attribute must have that value (case ignored)."""
    analysts: tuple[str, ...] = ()
    """``analyst:NAME`` terms: the board's analyst (``analyst_of``) is NAME or includes it."""
    not_started: bool = False
    needs_review: bool = False
    words: tuple[str, ...] = ()
    """Other words: each must appear in the id, title, an attribute value or the analyst."""
    text: str = field(default="", compare=False)

    def __bool__(self) -> bool:
        return bool(
            self.attributes or self.analysts or self.not_started or self.needs_review or self.words
        )

    def matches(self, status: DocumentStatus) -> bool:
        """Whether the document's row stays on the board."""
        document = status.document
        values = {k.casefold(): v.casefold() for k, v in document.attributes.items()}
        if any(values.get(key) != value for key, value in self.attributes):
            return False
        shown = {name.strip().casefold() for name in analyst_of(status).split(",")}
        if any(name not in shown for name in self.analysts):
            return False
        if self.not_started and status.annotated:
            return False
        if self.needs_review and not needs_review(status):
            return False
        haystack = " ".join(
            [document.id, document.title, *document.attributes.values(), analyst_of(status)]
        ).casefold()
        return all(word in haystack for word in self.words)


def parse_filter(text: str) -> BoardFilter:
    """The board filter typed: ``region=north``, ``analyst:analyst-b``, ``not started``,
    ``needs review`` and free words, separated by spaces, all to hold."""
    lowered = " ".join(text.casefold().split())
    for phrase, token in _PHRASES.items():
        lowered = lowered.replace(phrase, token)
    attributes: list[tuple[str, str]] = []
    analysts: list[str] = []
    words: list[str] = []
    flags = {NOT_STARTED: False, NEEDS_REVIEW: False}
    for term in lowered.split():
        key, equals, value = term.partition("=")
        if term in flags:
            flags[term] = True
        elif term.startswith("analyst:") and len(term) > len("analyst:"):
            analysts.append(term.removeprefix("analyst:"))
        elif equals and key and value:
            attributes.append((key.removeprefix("attr:"), value))
        else:
            words.append(term)
    return BoardFilter(
        tuple(attributes),
        tuple(analysts),
        flags[NOT_STARTED],
        flags[NEEDS_REVIEW],
        tuple(words),
        text=text,
    )


_SORTERS: dict[str, Callable[[DocumentStatus], object]] = {
    "name": lambda s: s.document.id.casefold(),
    "analyst": lambda s: (analyst_of(s) == "", analyst_of(s).casefold()),
    "share": lambda s: s.annotated_share,
    "annotations": lambda s: s.annotation_count,
    "stale": lambda s: s.stale,
    "revised": lambda s: s.revised,
}


def arrange(
    statuses: Iterable[DocumentStatus],
    sort: str = "project",
    reverse: bool = False,
    board_filter: BoardFilter | None = None,
) -> list[DocumentStatus]:
    """The board's rows: the documents the filter keeps, in the order asked for (ties keep the
    project file's order; "share", "annotations", "stale" and "revised" put the largest first
    unless reversed)."""
    rows = [s for s in statuses if board_filter is None or board_filter.matches(s)]
    sorter = _SORTERS.get(sort)
    descending = sort in _DESCENDING
    if sorter is not None:
        rows.sort(key=sorter, reverse=descending)  # type: ignore[arg-type]
    elif sort != "project":
        raise ValueError(f"unknown board order {sort!r}")
    return rows[::-1] if reverse else rows


def sort_by_heading(sort: str, reverse: bool, column: str) -> tuple[str, bool] | None:
    """The order (key, reversed) after a click on ``column``'s heading: that column's, or the
    same order reversed when it is already the order; None for a column with no order."""
    if column not in SORT_LABELS:
        return None
    if column == sort:
        return sort, not reverse
    return column, False


def keeps_read_order(sort: str, reverse: bool, board_filter: BoardFilter) -> bool:
    """Whether the rows read go at the end of the board as they come: in the project's order,
    not reversed, nothing filtered out (else they are put in place once every row is read)."""
    return sort == "project" and not reverse and not board_filter


def next_sort(sort: str) -> str:
    """The order after ``sort`` in the cycle of ``SORT_KEYS``."""
    index = SORT_KEYS.index(sort) if sort in SORT_KEYS else -1
    return SORT_KEYS[(index + 1) % len(SORT_KEYS)]


def neighbour(order: Sequence[str], current: str, direction: int) -> str | None:
    """The document ``direction`` (1 or -1) places from ``current`` in the board's ``order`` of
    ids; None past either end. A document no longer in the order (filtered out since) has none."""
    try:
        index = order.index(current) + direction
    except ValueError:
        return None
    return order[index] if 0 <= index < len(order) else None


def analyst_choices(
    document: ProjectDocument,
    documents: Iterable[ProjectDocument],
    statuses: Iterable[DocumentStatus],
) -> list[str]:
    """The analysts to offer as quick answers to "who is annotating?" when the board opens
    ``document``: those with a file for it (of its status, if read) or assigned to it first,
    then the project's others (assigned to one of ``documents``, or with a file among
    ``statuses``), each group by name."""
    here = {document.analyst} if document.analyst else set()
    elsewhere = {d.analyst for d in documents if d.analyst}
    for status in statuses:
        if status.document.id == document.id:
            here |= status.file_analysts
        else:
            elsewhere |= status.file_analysts
    return sorted(here) + sorted(elsewhere - here)
