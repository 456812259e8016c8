"""What the app shows of a suggestion: whether it can be made, its reasons in words, and the
words of the passage to highlight.

Checking for the ``suggest`` extra looks the modules up without importing them, so that the app
can say at once that the extra is missing (and its first frame never loads numpy).
"""

from __future__ import annotations

from importlib.util import find_spec
from typing import TYPE_CHECKING

from annotations.suggesting.tokens import WORD

if TYPE_CHECKING:
    from annotations.suggesting.ranking import Reason, Suggestion
    from annotations.suggesting.tokens import Stems

REQUIRED_MODULES = ("numpy", "snowballstemmer")
"""The modules of the ``suggest`` extra the ranking cannot do without."""
INSTALL = "pip install 'policy-annotate[suggest]'"


def missing_module() -> str | None:
    """The first module of the ``suggest`` extra that is not installed (None: all are)."""
    for name in REQUIRED_MODULES:
        if find_spec(name) is None:
            return name
    return None


def reason_label(reason: Reason) -> str:
    """A reason in a few words: ``councils 1.31``, ``heading “Local government” 1.11``,
    ``cites “Recommendation 4” 0.95`` (the text as the document has it: make it display-safe)."""
    if reason.kind == "word":
        return f"{reason.text} {reason.weight:.2f}"
    label = "cites" if reason.kind == "citation" else reason.kind
    return f"{label} “{reason.text}” {reason.weight:.2f}"


def matched_words(text: str, suggestion: Suggestion, stems: Stems) -> list[tuple[int, int]]:
    """The spans of the words of ``text`` that share a stem with a word of the suggestion's
    reasons ("council" and "councils" both, when "councils" is a reason), in order."""
    wanted: set[str] = set()
    for reason in suggestion.reasons:
        if reason.kind == "word":
            for word in WORD.findall(reason.text.lower()):
                stem = stems.word(word)
                if stem is not None:
                    wanted.add(stem)
    return [
        (match.start(), match.end())
        for match in WORD.finditer(text)
        if stems.word(match.group().lower()) in wanted
    ]
