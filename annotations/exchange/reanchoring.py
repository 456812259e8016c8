"""Re-anchoring: relocate annotations after their document was revised.

Every annotation is classified, cheapest check first:

- **exact**: the text at its old offsets is still its quote (an O(1) slice);
- **moved**: the exact quote occurs elsewhere (``str.find``); among several occurrences the one
  whose surrounding 32 code points best match the stored prefix/suffix wins, then the one nearest
  the old position scaled to the new length;
- **fuzzy**: no exact occurrence, but an approximate one (Myers' bit-parallel infix search, via
  edlib in ``HW`` mode, first in a window around the expected position, then in the whole text)
  whose weighted score of quote, prefix, suffix and position similarity reaches ``MIN_SCORE``;
- **orphaned**: nothing good enough. Orphans are never dropped: they keep their old offsets and
  quote and are marked ``anchor = "orphaned"``.

Fuzzy annotations are marked ``anchor = "fuzzy"`` until a person accepts them (removes the mark).
Re-anchoring is not an analyst edit: ``updated`` is left as it is.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum

import edlib

from annotations.documents.anchoring import anchor_span
from annotations.documents.document import Document
from annotations.format.marks import ANCHOR_KEY
from annotations.format.model import CONTEXT_LENGTH, Annotation, AnnotationFile, Recommendation

QUOTE_WEIGHT = 0.6
"""Weight of the quote's similarity (1 - edit distance / quote length) in a fuzzy score."""
PREFIX_WEIGHT = 0.15
"""Weight of the similarity of the 32 code points before the candidate to the stored prefix."""
SUFFIX_WEIGHT = 0.15
"""Weight of the similarity of the 32 code points after the candidate to the stored suffix."""
POSITION_WEIGHT = 0.1
"""Weight of the nearness of the candidate to the old position, scaled to the new length."""
MIN_SCORE = 0.75
"""The lowest weighted score a fuzzy candidate may have to be accepted."""
MIN_QUOTE_SIMILARITY = (MIN_SCORE - (1 - QUOTE_WEIGHT)) / QUOTE_WEIGHT
"""Below this quote similarity no candidate can reach ``MIN_SCORE``: edlib's distance bound."""
WINDOW_MARGIN = 4000
"""Code points searched either side of the expected position before the whole text."""
SEED_COUNT = 4
"""The seeds (the quote's first and last pieces) are a quarter of the quote, within bounds."""
SEED_MIN = 6
"""The shortest seed, in code points."""
SEED_MAX = 24
"""The longest seed, in code points."""
MAX_SEED_HITS = 16
"""At most this many occurrences of each seed become places to search."""
MAX_CANDIDATES = 8
"""At most this many edlib locations (distinct starts) are scored per search."""
MAX_OCCURRENCES = 10_000
"""At most this many exact occurrences of a quote are compared (for very common quotes)."""
_OTHER = 255
"""The byte that stands for every character absent from the quote in an edlib search."""


class AnchorClass(StrEnum):
    """How an annotation was found in the new document."""

    EXACT = "exact"
    MOVED = "moved"
    FUZZY = "fuzzy"
    ORPHANED = "orphaned"


@dataclass(frozen=True, slots=True)
class Outcome:
    """What re-anchoring did to one annotation (old and new spans, and the fuzzy score)."""

    annotation_id: str
    kind: AnchorClass
    old_start: int
    old_end: int
    old_quote: str
    new_start: int
    new_end: int
    score: float | None = None


@dataclass(frozen=True, slots=True)
class RecommendationOutcome:
    """What re-anchoring did to one recommendation's span (``found`` False: left as it was)."""

    recommendation_id: str
    found: bool
    old_start: int
    old_end: int
    new_start: int
    new_end: int


@dataclass
class ReanchorResult:
    """Every outcome, in the order of the annotations, and the recommendations' outcomes."""

    outcomes: list[Outcome] = field(default_factory=list)
    recommendations: list[RecommendationOutcome] = field(default_factory=list)

    @property
    def counts(self) -> dict[AnchorClass, int]:
        """How many annotations fell in each class (every class present, possibly 0)."""
        found = Counter(outcome.kind for outcome in self.outcomes)
        return {kind: found.get(kind, 0) for kind in AnchorClass}

    def of(self, kind: AnchorClass) -> list[Outcome]:
        """The outcomes of one class."""
        return [outcome for outcome in self.outcomes if outcome.kind == kind]

    @property
    def lost_recommendations(self) -> list[RecommendationOutcome]:
        """Recommendations whose title is no longer in the document (their span was left)."""
        return [outcome for outcome in self.recommendations if not outcome.found]


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int
    end: int
    score: float


class _Locator:
    """The new text, with the scale from old offsets to new ones."""

    def __init__(self, text: str, old_length: int) -> None:
        self.text = text
        self.scale = len(text) / old_length if old_length else 1.0
        self._table: dict[int, int] | None = None
        self._encoded: bytes | None = None

    @property
    def encoded(self) -> bytes:
        """The text as one byte per code point, for edlib (built on the first fuzzy search)."""
        if self._encoded is None:
            self._table, self._encoded = _encode_text(self.text)
        return self._encoded

    def encode_query(self, query: str) -> bytes:
        """The query in the text's byte alphabet (see ``_encode_text``)."""
        if self.encoded and self._table is None and query.isascii():
            return query.encode("ascii")
        table = self._table or {code: code for code in range(128)}
        mapping = {code: table.get(code, _OTHER) for code in map(ord, set(query))}
        return query.translate(mapping).encode("latin-1")

    def expected(self, old_start: int) -> int:
        """Where an offset of the old text is expected in the new one."""
        return min(len(self.text), round(old_start * self.scale))

    def exact(self, annotation: Annotation) -> int | None:
        """The start of the best exact occurrence of the quote, if any.

        The best has the most context agreeing, then is nearest the expected position. The
        window around the expected position is searched first, and an occurrence there with at
        least half its context agreeing is taken; only otherwise is the whole text searched
        (a full scan per annotation would take seconds for 10,000 of them).
        """
        expected = self.expected(annotation.start)
        length = len(annotation.quote)
        low = max(0, expected - WINDOW_MARGIN)
        high = min(len(self.text), expected + length + WINDOW_MARGIN)
        full_context = len(annotation.prefix) + len(annotation.suffix)
        best = self._best_occurrence(annotation, expected, low, high)
        if best is not None and -best[0] * 2 >= full_context:
            return best[2]
        if low > 0 or high < len(self.text):
            best = self._best_occurrence(annotation, expected, 0, len(self.text))
        return None if best is None else best[2]

    def _best_occurrence(
        self, annotation: Annotation, expected: int, low: int, high: int
    ) -> tuple[int, int, int] | None:
        """(-context, distance, start) of the best occurrence of the quote in text[low:high]."""
        text, quote = self.text, annotation.quote
        best: tuple[int, int, int] | None = None
        position = text.find(quote, low, high)
        seen = 0
        while position != -1 and seen < MAX_OCCURRENCES:
            key = (-self._context(annotation, position), abs(position - expected), position)
            if best is None or key < best:
                best = key
            seen += 1
            position = text.find(quote, position + 1, high)
        return best

    def _context(self, annotation: Annotation, start: int) -> int:
        """How many code points of the stored prefix and suffix agree around ``start``."""
        end = start + len(annotation.quote)
        before = self.text[max(0, start - CONTEXT_LENGTH) : start]
        after = self.text[end : end + CONTEXT_LENGTH]
        return _common_suffix(before, annotation.prefix) + _common_prefix(after, annotation.suffix)

    def fuzzy(self, annotation: Annotation) -> _Candidate | None:
        """The best approximate occurrence scoring at least ``MIN_SCORE``, if any."""
        expected = self.expected(annotation.start)
        length = len(annotation.quote)
        low = max(0, expected - WINDOW_MARGIN)
        high = min(len(self.text), expected + length + WINDOW_MARGIN)
        query = self.encode_query(annotation.quote)
        found = self._search(annotation, query, low, high, expected)
        if found is None and (low > 0 or high < len(self.text)):
            found = self._search_elsewhere(annotation, query, low, high, expected)
        return found

    def _search_elsewhere(
        self, annotation: Annotation, query: bytes, low: int, high: int, expected: int
    ) -> _Candidate | None:
        """Search the rest of the text, around exact occurrences of pieces ("seeds") of the quote.

        A Myers search of a whole 1.5 MB text takes ~10 ms whatever the distance bound, too
        much for thousands of heavily edited passages; the seeds point edlib at the few places
        worth searching. (A quote that kept none of its seeds is orphaned.)
        """
        best: _Candidate | None = None
        for region_low, region_high in self._seed_regions(annotation.quote, low, high):
            found = self._search(annotation, query, region_low, region_high, expected)
            if found is not None and (best is None or found.score > best.score):
                best = found
        return best

    def _seed_regions(self, quote: str, low: int, high: int) -> list[tuple[int, int]]:
        """Merged spans of the text, outside [low, high), where a seed of the quote occurs."""
        length = len(quote)
        seed_length = max(SEED_MIN, min(SEED_MAX, length // SEED_COUNT))
        slack = int(length * (1 - MIN_QUOTE_SIMILARITY)) + 1
        spans: list[tuple[int, int]] = []
        for offset in sorted({0, max(0, length - seed_length)}):
            seed = quote[offset : offset + seed_length]
            position = self.text.find(seed)
            hits = 0
            while position != -1 and hits < MAX_SEED_HITS:
                if not low <= position < high:
                    start = max(0, position - offset - slack)
                    spans.append((start, min(len(self.text), position - offset + length + slack)))
                    hits += 1
                position = self.text.find(seed, position + 1)
        spans.sort()
        merged: list[tuple[int, int]] = []
        for start, end in spans:
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], end))
            else:
                merged.append((start, end))
        return merged

    def _search(
        self, annotation: Annotation, query: bytes, low: int, high: int, expected: int
    ) -> _Candidate | None:
        """Search ``text[low:high]`` with edlib for ``query`` (the encoded quote), score the best."""
        quote = annotation.quote
        limit = int(len(quote) * (1 - MIN_QUOTE_SIMILARITY))
        result = edlib.align(query, self.encoded[low:high], mode="HW", task="locations", k=limit)
        if result["editDistance"] < 0:
            return None
        best: _Candidate | None = None
        starts: set[int] = set()
        for location_start, location_end in result["locations"]:
            if location_start is None or location_start in starts:
                continue
            starts.add(location_start)
            if len(starts) > MAX_CANDIDATES:
                break
            start, end = low + location_start, low + location_end + 1  # edlib's end is inclusive
            if end <= start:
                continue
            candidate = self._candidate(annotation, start, end, expected)
            if best is None or candidate.score > best.score:
                best = candidate
        if best is not None:
            for start, end in self._widened(quote, best.start, best.end, limit):
                candidate = self._candidate(annotation, start, end, expected)
                if candidate.score > best.score:
                    best = candidate
        return best if best is not None and best.score >= MIN_SCORE else None

    def _candidate(self, annotation: Annotation, start: int, end: int, expected: int) -> _Candidate:
        """The span scored against the annotation's anchor."""
        # exact distance: characters outside the text's 255 commonest may share a byte
        distance = edit_distance(annotation.quote, self.text[start:end])
        return _Candidate(start, end, self._score(annotation, start, end, distance, expected))

    def _widened(self, quote: str, start: int, end: int, limit: int) -> list[tuple[int, int]]:
        """The span widened to the sentence boundaries the quote had (within ``limit`` code
        points): words inserted near the start of a sentence make the closest match begin after
        them ("…, above all, is a habit…" for "What it lacks is a habit…"), whose context then
        scores badly, while the whole sentence scores well."""
        widened_start = (
            _sentence_start(self.text, start, limit) if _starts_sentence(quote) else start
        )
        widened_end = _sentence_end(self.text, end, limit) if _ends_sentence(quote) else end
        spans = {(widened_start, end), (start, widened_end), (widened_start, widened_end)}
        return sorted(span for span in spans if span != (start, end) and span[1] > span[0])

    def _score(
        self, annotation: Annotation, start: int, end: int, distance: int, expected: int
    ) -> float:
        """The weighted similarity of a candidate span to the annotation's anchor."""
        quote_similarity = max(0.0, 1 - distance / len(annotation.quote))
        before = self.text[max(0, start - CONTEXT_LENGTH) : start]
        after = self.text[end : end + CONTEXT_LENGTH]
        position_similarity = max(0.0, 1 - abs(start - expected) / max(1, len(self.text)))
        return (
            QUOTE_WEIGHT * quote_similarity
            + PREFIX_WEIGHT * similarity(annotation.prefix, before)
            + SUFFIX_WEIGHT * similarity(annotation.suffix, after)
            + POSITION_WEIGHT * position_similarity
        )


_SENTENCE_ENDS = ".!?…"
_CLOSERS = "\"'’”)]"


def _starts_sentence(quote: str) -> bool:
    """Whether a quote begins like a sentence (a capital letter, a digit or an opening mark)."""
    first = quote.lstrip()[:1]
    return first.isupper() or first.isdigit() or first in "\"“‘('["


def _ends_sentence(quote: str) -> bool:
    """Whether a quote ends like a sentence (a full stop, perhaps followed by a closing mark)."""
    return quote.rstrip().rstrip(_CLOSERS)[-1:] in tuple(_SENTENCE_ENDS)


def _sentence_start(text: str, position: int, limit: int) -> int:
    """The start of the sentence around ``position``: just after the nearest line break or
    sentence end (and its spaces) at most ``limit`` code points before; else ``position``."""
    low = max(0, position - limit)
    for index in range(position - 1, low - 1, -1):
        character = text[index]
        if character == "\n" or (
            character.isspace() and text[index - 1 : index] in tuple(_SENTENCE_ENDS + _CLOSERS)
        ):
            return index + 1
    return 0 if low == 0 else position


def _sentence_end(text: str, position: int, limit: int) -> int:
    """Just past the end of the sentence around ``position`` (its full stop and closing marks),
    at most ``limit`` code points after; else ``position``."""
    high = min(len(text), position + limit)
    for index in range(max(position - 1, 0), high):
        if text[index] in _SENTENCE_ENDS:
            end = index + 1
            while end < len(text) and text[end] in _CLOSERS:
                end += 1
            return end
        if text[index] == "\n":
            return index
    return position


def edit_distance(a: str, b: str) -> int:
    """The Levenshtein distance of two strings, with edlib (global alignment)."""
    if not a or not b:
        return max(len(a), len(b))
    query, target = _encode(a, b)
    distance: int = edlib.align(query, target, mode="NW", task="distance")["editDistance"]
    return distance


def similarity(a: str, b: str) -> float:
    """1 - edit distance / the longer length (1.0 for two empty strings)."""
    longest = max(len(a), len(b))
    if not longest:
        return 1.0
    return max(0.0, 1 - edit_distance(a, b) / longest)


def _encode_text(text: str) -> tuple[dict[int, int] | None, bytes]:
    """The text as bytes for edlib, and the table used (None: the text is ASCII).

    The 255 commonest characters get a byte each, every other character byte 255, so a window
    is a slice of bytes whose offsets are code-point offsets. Rare characters may then match
    each other in a search; the candidates' distances are recomputed exactly.
    """
    if text.isascii():
        return None, text.encode("ascii")
    common = [character for character, _count in Counter(text).most_common(_OTHER)]
    table = {ord(character): code for code, character in enumerate(common)}
    for character in set(text) - set(common):
        table[ord(character)] = _OTHER
    return table, text.translate(table).encode("latin-1")


def _encode(query: str, target: str) -> tuple[bytes, bytes]:
    """Both strings as bytes over the query's alphabet, every other character one byte.

    A character absent from the query can never match one of it, so mapping all of them to a
    single byte keeps edit distances exact while lifting edlib's limit of 256 symbols. (A query
    of more than 255 distinct characters shares bytes between some: a rare approximation.)
    """
    if query.isascii() and target.isascii():
        return query.encode("ascii"), target.encode("ascii")
    codes = {character: index % _OTHER for index, character in enumerate(dict.fromkeys(query))}
    table = {ord(character): code for character, code in codes.items()}
    for character in set(target) - codes.keys():
        table[ord(character)] = _OTHER
    return (
        query.translate(table).encode("latin-1"),
        target.translate(table).encode("latin-1"),
    )


def _common_prefix(a: str, b: str) -> int:
    count = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        count += 1
    return count


def _common_suffix(a: str, b: str) -> int:
    count = 0
    for x, y in zip(reversed(a), reversed(b), strict=False):
        if x != y:
            break
        count += 1
    return count


def anchor_mark(annotation: Annotation) -> str | None:
    """The ``anchor`` mark of an annotation (``"fuzzy"``, ``"orphaned"``), if any."""
    value = (annotation.model_extra or {}).get(ANCHOR_KEY)
    return value if isinstance(value, str) else None


def _set_mark(annotation: Annotation, mark: str | None) -> None:
    """Set or clear the ``anchor`` extra key."""
    extra = annotation.model_extra
    if extra is None:  # pragma: no cover - annotations always allow extra keys
        return
    if mark is None:
        extra.pop(ANCHOR_KEY, None)
    else:
        extra[ANCHOR_KEY] = mark


def _clear_mark(annotation: Annotation) -> None:
    """Clear an ``orphaned`` mark; a ``fuzzy`` one stays until a person accepts the match."""
    if anchor_mark(annotation) != AnchorClass.FUZZY:
        _set_mark(annotation, None)


def _move(annotation: Annotation, text: str, start: int, end: int) -> None:
    """Point the annotation at ``text[start:end]`` with fresh quote and context."""
    anchor = anchor_span(text, start, end)
    annotation.start, annotation.end = anchor.start, anchor.end
    annotation.quote, annotation.prefix, annotation.suffix = (
        anchor.quote,
        anchor.prefix,
        anchor.suffix,
    )


def _reanchor_one(annotation: Annotation, locator: _Locator) -> Outcome:
    """Classify and relocate one annotation."""
    text = locator.text
    old = (annotation.start, annotation.end, annotation.quote)

    def outcome(kind: AnchorClass, score: float | None = None) -> Outcome:
        return Outcome(annotation.id, kind, *old, annotation.start, annotation.end, score)

    if text[annotation.start : annotation.end] == annotation.quote:
        _clear_mark(annotation)
        return outcome(AnchorClass.EXACT)
    start = locator.exact(annotation)
    if start is not None:
        _move(annotation, text, start, start + len(annotation.quote))
        _clear_mark(annotation)
        return outcome(AnchorClass.MOVED)
    candidate = locator.fuzzy(annotation)
    if candidate is not None:
        _move(annotation, text, candidate.start, candidate.end)
        _set_mark(annotation, AnchorClass.FUZZY.value)
        return outcome(AnchorClass.FUZZY, candidate.score)
    _set_mark(annotation, AnchorClass.ORPHANED.value)
    return outcome(AnchorClass.ORPHANED)


def _reanchor_recommendation(
    recommendation: Recommendation, locator: _Locator
) -> RecommendationOutcome | None:
    """Move a recommendation's span to the occurrence of its title nearest where it was."""
    if recommendation.start is None or recommendation.end is None:
        return None
    old_start, old_end = recommendation.start, recommendation.end
    text, title = locator.text, recommendation.title
    if text[old_start:old_end] == title:
        return RecommendationOutcome(
            recommendation.id, True, old_start, old_end, old_start, old_end
        )
    expected = locator.expected(old_start)
    best: int | None = None
    position = text.find(title)
    seen = 0
    while position != -1 and seen < MAX_OCCURRENCES:
        if best is None or abs(position - expected) < abs(best - expected):
            best = position
        seen += 1
        position = text.find(title, position + 1)
    if best is None:
        return RecommendationOutcome(
            recommendation.id, False, old_start, old_end, old_start, old_end
        )
    recommendation.start, recommendation.end = best, best + len(title)
    return RecommendationOutcome(
        recommendation.id, True, old_start, old_end, best, best + len(title)
    )


def reanchor(model: AnnotationFile, document: Document) -> ReanchorResult:
    """Relocate every annotation (and recommendation span) of ``model`` in ``document``.

    The model is changed in place: moved and fuzzy annotations get new offsets, quote and
    context, fuzzy and orphaned ones are marked, and ``[document]`` gets the new sha256 and
    length. Nothing is removed.
    """
    locator = _Locator(document.text, model.document.length)
    result = ReanchorResult()
    for annotation in model.annotations:
        result.outcomes.append(_reanchor_one(annotation, locator))
    for recommendation in model.taxonomy.recommendations:
        moved = _reanchor_recommendation(recommendation, locator)
        if moved is not None:
            result.recommendations.append(moved)
    model.document.sha256 = document.sha256
    model.document.length = document.length
    model.document.source_sha256 = document.source_sha256
    model.document.importer = document.importer
    return result
