"""Ranking a document's sentences for a tag, each suggestion with the reasons for its score.

A sentence's score is the sum, over the query's stems, of the stem's weight times its BM25 score
in the sentence, plus two bonuses that reuse that scale:

- **heading**: a sentence under a heading that matches the query gets ``HEADING_SHARE`` of the
  best-matching enclosing heading's own score (the text of "## Local government" speaks for the
  paragraphs under it);
- **citation**: a sentence that cites the tag by its number ("Recommendation 4", "R4", "the
  fourth recommendation") gets ``CITATION_SHARE`` of the best word score of the document.

Heading lines themselves are not suggested, nor the tag's own statement (a recommendation's
span), nor any sentence that overlaps a passage already tagged with the tag or a rejection of it.
Ties are broken by offset, so the order is deterministic.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

    from annotations.suggesting.index import SentenceIndex
    from annotations.suggesting.query import TagQuery

HEADING_SHARE = 0.3
CITATION_SHARE = 0.5


@dataclass(frozen=True, slots=True)
class Reason:
    """One part of a score: a matching word, an enclosing heading, or a citation of the tag."""

    kind: str
    """``"word"``, ``"heading"`` or ``"citation"``."""
    text: str
    """The word (as the document spells it), the heading's title, or the citation found."""
    weight: float
    """What it adds to the score."""


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A sentence suggested for a tag: its span, score and reasons (heaviest first)."""

    start: int
    end: int
    score: float
    reasons: tuple[Reason, ...]


def _overlapping(index: SentenceIndex, spans: Iterable[tuple[int, int]]) -> list[int]:
    """The sentences overlapping any of the spans."""
    from bisect import bisect_left, bisect_right

    found: list[int] = []
    for start, end in spans:
        first = max(0, bisect_right(index.ends, start))
        last = bisect_left(index.starts, end)
        found.extend(range(first, last))
    return found


def rank(
    index: SentenceIndex,
    query: TagQuery,
    *,
    exclude: Sequence[tuple[int, int]] = (),
    top: int = 10,
    heading_share: float = HEADING_SHARE,
    citation_share: float = CITATION_SHARE,
    skip_headings: bool = True,
    above: float = 0.0,
) -> list[Suggestion]:
    """The ``top`` best sentences of the index for the query, best first (ties: by offset).

    ``exclude`` are spans whose overlapping sentences are never suggested: the passages already
    tagged, the rejections, the tag's own statement. Sentences scoring zero are not suggested.
    The shares (and ``skip_headings``) are there to measure what each feature earns.
    ``above``: only sentences whose score (as shown, to 6 places) is higher, so that a caller
    keeping the best of many documents does not pay for the reasons of passages it would drop.
    """
    import numpy as np

    size = index.size
    if size == 0 or top <= 0:
        return []
    words = np.zeros(size, dtype=np.float64)
    used: list[tuple[str, float, np.ndarray, np.ndarray]] = []
    for stem, weight in query.terms.items():
        postings = index.postings(stem)
        if postings is None:
            continue
        sentences, scores = postings
        words[sentences] += weight * scores
        used.append((stem, weight, sentences, scores))
    total = words.copy()
    best_word = float(words[~index.is_heading].max(initial=0.0))
    heading_bonus = np.zeros(size)
    if heading_share:
        padded = np.append(words, 0.0)  # heading -1 (none) reads the 0 at the end
        heading_bonus = heading_share * padded[index.headings].max(axis=1)
        total += heading_bonus
    citations: dict[int, str] = {}
    if query.citation is not None and best_word > 0 and citation_share:
        citations = _citations(index, query)
        for sentence in citations:
            total[sentence] += citation_share * best_word
    if skip_headings:
        total[index.is_heading] = 0.0
    total[_overlapping(index, exclude)] = 0.0
    candidates = np.flatnonzero(total > 1e-12)
    shown = np.round(total[candidates], 6)  # ties as the user sees them go by offset
    if above > 0:
        candidates, shown = candidates[shown > above], shown[shown > above]
    if not len(candidates):
        return []
    # Best first, ties by offset: sentences are numbered in offset order, so a stable sort of
    # the negated scores keeps equal scores in document order.
    order = candidates[np.argsort(-shown, kind="stable")][:top]
    return [
        Suggestion(
            int(index.starts[i]),
            int(index.ends[i]),
            round(float(total[i]), 6),
            _reasons(
                index,
                i,
                used,
                words,
                heading_bonus[i],
                citations.get(i),
                citation_share * best_word,
            ),
        )
        for i in order.tolist()
    ]


def _citations(index: SentenceIndex, query: TagQuery) -> dict[int, str]:
    """The sentences citing the tag by its number, with the first citation found in each.

    The pattern is tried only on the sentences holding the words of some way of citing the tag
    ("4"; "fourth"; "four"), found in the index, so a 10 MB document is not scanned.
    """
    import numpy as np

    assert query.citation is not None
    candidates: set[int] = set()
    for words in query.citation_words:
        holding: np.ndarray | None = None
        for word in words:
            stem = index.stems.word(word)
            postings = index.postings(stem) if stem is not None else None
            if postings is None:
                holding = None
                break
            holding = postings[0] if holding is None else np.intersect1d(holding, postings[0])
        if holding is not None:
            candidates.update(holding.tolist())
    found: dict[int, str] = {}
    text, search = index.document.text, query.citation.search
    for sentence in sorted(candidates):
        match = search(text, index.starts[sentence], index.ends[sentence])
        if match is not None:
            found[sentence] = match.group()
    return found


def _surface_forms(index: SentenceIndex, sentence: int) -> dict[str, str]:
    """Each stem of the sentence with the word that spells it there first ("councils")."""
    from annotations.suggesting.tokens import WORD

    text = index.document.text[index.starts[sentence] : index.ends[sentence]]
    forms: dict[str, str] = {}
    for word in WORD.findall(text):
        stem = index.stems.word(word.lower())
        if stem is not None:
            forms.setdefault(stem, word)
    return forms


def _reasons(
    index: SentenceIndex,
    sentence: int,
    used: list[tuple[str, float, np.ndarray, np.ndarray]],
    words: np.ndarray,
    heading_bonus: float,
    citation: str | None,
    citation_bonus: float,
) -> tuple[Reason, ...]:
    """The parts of a sentence's score, heaviest first."""
    import numpy as np

    forms = _surface_forms(index, sentence)
    reasons: list[Reason] = []
    for stem, weight, sentences, scores in used:
        at = int(np.searchsorted(sentences, sentence))
        if at < len(sentences) and sentences[at] == sentence:
            reasons.append(
                Reason("word", forms.get(stem, stem), round(weight * float(scores[at]), 6))
            )
    if heading_bonus > 0:
        chain = [h for h in index.headings[sentence].tolist() if h >= 0]
        heading = max(chain, key=lambda h: (float(words[h]), h))
        title = index.document.text[index.starts[heading] : index.ends[heading]].lstrip("# ")
        reasons.append(Reason("heading", title, round(float(heading_bonus), 6)))
    if citation is not None:
        reasons.append(Reason("citation", citation, round(citation_bonus, 6)))
    reasons.sort(key=lambda reason: (-reason.weight, reason.kind, reason.text))
    return tuple(reasons)
