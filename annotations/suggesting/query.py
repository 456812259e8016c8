"""What the ranker looks for: a tag's words, weighted, and how the document may cite its number.

The query of a tag is built like Rocchio's relevance feedback, from what the file already says:

- the tag's own words: a recommendation's title (and its statement in the document, when it has
  a span) or a principle's label, weight 1; its description, weight 0.5;
- the passages already tagged with it (positive examples): each stem's share of those passages,
  weight 0.75 (a stem in every tagged passage adds 0.75; one in a single passage of four, 0.19);
- the passages rejected for it (negative examples): the same share, weight -0.5; a stem whose
  weight falls to zero or below is dropped from the query.

Only the ``MAX_TERMS`` heaviest stems are kept, so that a tag with many examples still ranks fast.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from annotations.documents.detection.kinds import NUMBER_WORDS
from annotations.suggesting.tokens import Stems

TAG_WEIGHT = 1.0
DESCRIPTION_WEIGHT = 0.5
POSITIVE_WEIGHT = 0.75
NEGATIVE_WEIGHT = 0.5
MAX_TERMS = 64

_KIND_WORDS = {
    "R": "recommendations?|recs?\\.?",
    "A": "actions?",
    "P": "principles?",
    "C": "criteri(?:on|a)",
}
_KIND_SURFACES = {
    "R": ("recommendation", "recommendations", "rec", "recs"),
    "A": ("action", "actions"),
    "P": ("principle", "principles"),
    "C": ("criterion", "criteria"),
}
_ORDINALS = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
]
_CARDINALS = [word for word, value in sorted(NUMBER_WORDS.items(), key=lambda i: i[1]) if value]
_LABEL = re.compile(r"\W*(?:[A-Za-z]+\.?\s*)?(?:no\.?\s*)?\d+(?:\.\d+)*[a-z]?\s*[:.)\-–—]\s*")
"""The label a statement starts with ("Recommendation 4: ", "R4. ", "2.2.1 "): not its words."""
_ID = re.compile(r"([A-Za-z]*)[ ._-]?(\d+(?:\.\d+)*)([a-z]?)")


@dataclass(frozen=True, slots=True)
class TagQuery:
    """The weighted stems to look for, and a pattern for the tag cited by its number (if any)."""

    tag: str
    terms: dict[str, float]
    """Stem → weight, at most MAX_TERMS of them, all positive."""
    citation: re.Pattern[str] | None = None
    """Matches "Recommendation 4", "R4", "the fourth recommendation" for the tag ``R4``."""
    citation_words: tuple[tuple[str, ...], ...] = ()
    """Words a citing sentence must hold, one choice per way of citing (("4",), ("fourth",)):
    the pattern is tried only on sentences that hold one of these sets."""


def citation_pattern(tag: str, description: str = "") -> re.Pattern[str] | None:
    """A pattern for the ways a document cites the numbered item ``tag`` (None if not numbered).

    ``R4`` is cited as "R4", "Recommendation 4", "Recommendation No. 4", "Rec. 4",
    "recommendation four" or "the fourth recommendation"; the kind word comes from the id's
    letter (R, A, P, C) or from the first word of the description ("Action 07" → action).
    """
    match = _ID.fullmatch(tag)
    if match is None:
        return None
    letters, number, suffix = match.groups()
    words: list[str] = []
    if letters[:1].upper() in _KIND_WORDS:
        words.append(_KIND_WORDS[letters[:1].upper()])
    named = re.match(r"([A-Za-z]+)\s+0*" + re.escape(number) + r"\b", description)
    if named is not None:
        words.append(re.escape(named.group(1)) + "s?")
    digits = r"0*" + re.escape(number) + re.escape(suffix) + r"(?![\d]|\.\d)"
    choices: list[str] = []
    if letters:
        choices.append(r"\b" + re.escape(letters) + r"\.?\s?" + digits)
    if words:
        kind = "(?:" + "|".join(words) + ")"
        choices.append(r"(?i:\b" + kind + r"\s*(?:no\.?\s*|number\s*)?" + digits + ")")
        if "." not in number and not suffix and 1 <= int(number) <= len(_ORDINALS):
            ordinal, cardinal = _ORDINALS[int(number) - 1], _CARDINALS[int(number) - 1]
            choices.append(r"(?i:\b" + ordinal + r"\s+" + kind + r"\b)")
            choices.append(r"(?i:\b" + kind + r"\s+" + cardinal + r"\b)")
    if not choices:
        return None
    return re.compile("|".join(choices))


def citation_words(tag: str, description: str = "") -> tuple[tuple[str, ...], ...]:
    """The word sets one of which every citation of ``tag`` holds (see ``TagQuery``).

    "R4" is one word ("r4"); "Recommendation 4" holds "recommendation" and "4"; "the fourth
    recommendation" holds "fourth" and "recommendation".
    """
    match = _ID.fullmatch(tag)
    if match is None:
        return ()
    letters, number, suffix = match.groups()
    parts = [
        p.lstrip("0") or "0" if p.isdigit() else p
        for p in re.findall(r"[^\W_]+", (number + suffix).lower())
    ]
    kinds = list(_KIND_SURFACES.get(letters[:1].upper(), ()))
    named = re.match(r"([A-Za-z]+)\s+0*" + re.escape(number) + r"\b", description)
    if named is not None:
        kinds += [named.group(1).lower(), named.group(1).lower() + "s"]
    choices: list[tuple[str, ...]] = []
    if letters:
        choices.append((letters.lower() + parts[0], *parts[1:]))
    ordinal = "." not in number and not suffix and 1 <= int(number) <= len(_ORDINALS)
    for kind in dict.fromkeys(kinds):
        choices.append((kind, *parts))
        if ordinal:
            choices += [(_ORDINALS[int(number) - 1], kind), (kind, _CARDINALS[int(number) - 1])]
    return tuple(choices)


def _shares(passages: Sequence[str], stems: Stems) -> dict[str, float]:
    """For each stem, the fraction of the passages that hold it."""
    counts: Counter[str] = Counter()
    for passage in passages:
        counts.update(set(stems.of(passage)))
    return {stem: n / len(passages) for stem, n in counts.items()}


def build_query(
    tag: str,
    own_words: Iterable[str],
    *,
    description: str = "",
    positives: Sequence[str] = (),
    negatives: Sequence[str] = (),
    stems: Stems,
    citation: re.Pattern[str] | None = None,
) -> TagQuery:
    """The query for ``tag`` from its own words, description and example passages."""
    weights: defaultdict[str, float] = defaultdict(float)
    for text in own_words:
        label = _LABEL.match(text)
        for stem in set(stems.of(text[label.end() :] if label else text)):
            weights[stem] = max(weights[stem], TAG_WEIGHT)
    for stem in set(stems.of(description)):
        weights[stem] += DESCRIPTION_WEIGHT
    for stem, share in _shares(positives, stems).items():
        weights[stem] += POSITIVE_WEIGHT * share
    for stem, share in _shares(negatives, stems).items():
        weights[stem] -= NEGATIVE_WEIGHT * share
    kept = sorted(
        ((stem, weight) for stem, weight in weights.items() if weight > 1e-9),
        key=lambda item: (-item[1], item[0]),
    )[:MAX_TERMS]
    words = citation_words(tag, description) if citation is not None else ()
    return TagQuery(tag, dict(kept), citation, words)
