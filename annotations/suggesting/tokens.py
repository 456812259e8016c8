"""Words of a text as the ranker sees them: lower-cased, stop words dropped, stemmed.

A word is a run of letters or digits (``[^\\W_]+``), so "paper-only" is two words and offsets
never matter here: the ranker scores sentences, whose spans the document already knows. Stems
come from the Snowball English stemmer ("councils", "council's" → "council"); each distinct word
is stemmed once and remembered, so a 10 MB document costs one stemmer call per distinct word.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

WORD = re.compile(r"[^\W_]+")

_STOP_WORDS = """a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she so some such than that the their theirs them themselves then
    there these they this those through to too under until up very was we were what when where
    which while who whom why will with would you your yours yourself yourselves"""
STOP_WORDS = frozenset(_STOP_WORDS.split())
"""Common English function words: they say nothing about what a sentence is about."""


@lru_cache(maxsize=1)
def _stemmer() -> Callable[[str], str]:
    import snowballstemmer

    return snowballstemmer.stemmer("english").stemWord  # type: ignore[no-any-return]


class Stems:
    """Turns text into stems, remembering each word's stem (and one surface form per stem)."""

    def __init__(self, *, stem: bool = True) -> None:
        self.stem = stem
        self._stems: dict[str, str] = {}
        self.forms: dict[str, str] = {}
        """For each stem, the first word seen with it: how a reason names the stem."""

    def word(self, word: str) -> str | None:
        """The stem of one lower-case word, or None for a stop word."""
        found = self._stems.get(word)
        if found is None:
            if word in STOP_WORDS or (len(word) == 1 and not word.isdigit()):
                found = ""
            elif word.isdigit():
                found = word.lstrip("0") or "0"  # "04" is cited as often as "4"
            else:
                found = _stemmer()(word) if self.stem else word
                self.forms.setdefault(found, word)
            self._stems[word] = found
        return found or None

    def of(self, text: str) -> list[str]:
        """The stems of ``text``'s words, in order, stop words left out."""
        stems = self._stems
        result: list[str] = []
        add = result.append
        for word in WORD.findall(text.lower()):
            found = stems.get(word)
            if found is None:
                found = self.word(word) or ""
            if found:
                add(found)
        return result
