"""What the cross-document summary takes from one annotation file, counted once per file.

The summary (:mod:`annotations.projects.corpus`) asks, of each file, how many annotations it
has on each recommendation with each stance, its best quote on each, and each principle's
annotations and spans. ``file_tally`` counts those from the file's annotations; the project
cache (:mod:`annotations.projects.cache`) stores the tally with the file's row, so that a summary
without filters reads one row per file instead of one per annotation. A filtered summary counts
a tally of the annotations the filter keeps.

A tally gives the summary what the annotations would: ``pairs`` come in the order each
(recommendation, stance) first appears in the file (so recommendations are met in the same
order), each with the score of the file's best quote on it (the first of the highest score, as
the summary picks them), and a principle's spans are merged (the union, hence the coverage, is
the same). The quotes themselves (``file_quotes``, one per pair) are kept apart: the summary
shows a few of them, and the cache reads only those files' quotes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from itertools import starmap
from typing import NamedTuple, Protocol

from annotations.summaries.summary import merged_length


class Annotated(Protocol):
    """What a tally takes from an annotation (a project's ``AnnotationFacts``)."""

    @property
    def id(self) -> str:
        """The annotation's id."""

    @property
    def author(self) -> str:
        """Who made it."""

    @property
    def start(self) -> int:
        """Where its passage starts."""

    @property
    def end(self) -> int:
        """Where its passage ends."""

    @property
    def stance(self) -> str:
        """The stance's value."""

    @property
    def principles(self) -> Sequence[str]:
        """The principle ids."""

    @property
    def recommendations(self) -> Sequence[str]:
        """The recommendation ids."""

    @property
    def quote(self) -> str:
        """The passage's text."""

    @property
    def note(self) -> str:
        """The analyst's note."""


class Quote(NamedTuple):
    """An annotation as a quote the summary may show."""

    id: str
    author: str
    start: int
    quote: str
    note: str

    @property
    def score(self) -> int:
        """Quotes with a note first, then the fuller ones (up to a few sentences)."""
        return (NOTE_SCORE if self.note else 0) + min(len(self.quote), 300)


NOTE_SCORE = 1000
"""What a note adds to a quote's score: more than any length does."""


class TagStance(NamedTuple):
    """A file's annotations with one recommendation and one stance."""

    tag: str
    stance: str
    annotations: int
    score: int
    """The score of the file's best quote on it (the first of the highest score)."""


class PrincipleSpans(NamedTuple):
    """A file's annotations with one principle, and the text they cover."""

    principle: str
    annotations: int
    spans: tuple[tuple[int, int], ...]
    """The union of their spans, merged and sorted."""


class FileTally(NamedTuple):
    """What the cross-document summary takes from one file (or from the annotations of it a
    filter keeps)."""

    annotations: int
    pairs: tuple[TagStance, ...]
    """One per (recommendation, stance), in the order each first appears in the file."""
    principles: tuple[PrincipleSpans, ...]


FileQuotes = tuple[Quote, ...]
"""A file's best quote on each of its tally's ``pairs``, in the same order."""


def file_tally(annotations: Iterable[Annotated]) -> tuple[FileTally, FileQuotes]:
    """Count the annotations, in their order, and pick the quotes (see the module docstring)."""
    count = 0
    pairs: dict[tuple[str, str], tuple[int, Quote]] = {}
    principles: dict[str, tuple[int, list[tuple[int, int]]]] = {}
    for a in annotations:
        count += 1
        for principle in a.principles:
            tagged, spans = principles.get(principle, (0, []))
            spans.append((a.start, a.end))
            principles[principle] = (tagged + 1, spans)
        if not a.recommendations:
            continue
        quote = Quote(a.id, a.author, a.start, a.quote, a.note)
        for tag in a.recommendations:
            held = pairs.get((tag, a.stance))
            if held is None:
                pairs[(tag, a.stance)] = (1, quote)
            else:
                pairs[(tag, a.stance)] = (
                    held[0] + 1,
                    quote if quote.score > held[1].score else held[1],
                )
    tally = FileTally(
        count,
        tuple(TagStance(tag, stance, n, best.score) for (tag, stance), (n, best) in pairs.items()),
        tuple(
            PrincipleSpans(principle, n, tuple(merged_length(spans)[1]))
            for principle, (n, spans) in principles.items()
        ),
    )
    return tally, tuple(best for _n, best in pairs.values())


def to_json(value: FileTally | FileQuotes) -> str:
    """A tally or its quotes as JSON text (for the project cache)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def tally_of_json(text: str) -> FileTally:
    """A tally from ``to_json``'s text; ValueError or TypeError if it is not one (its shape is
    checked; its values are the cache's, which a file's row vouches for as a whole)."""
    count, pairs, principles = json.loads(text)
    if not isinstance(count, int):
        raise TypeError("a tally's count is a number")
    return FileTally(
        count,
        tuple(starmap(TagStance, pairs)),
        tuple(PrincipleSpans(p, n, tuple(map(tuple, spans))) for p, n, spans in principles),
    )


def quotes_of_json(text: str) -> FileQuotes:
    """A file's quotes from ``to_json``'s text; ValueError or TypeError if they are not."""
    return tuple(starmap(Quote, json.loads(text)))
