"""A suggestion queue across a project's documents: one document at a time, in the board's order.

The rules (the app's ``F`` in a document opened from a project's board follows them):

- The queue starts in the document being read and ranks its passages only, with its own index:
  the first suggestion costs one document's index, whatever the size of the project.
- When that document has no suggestion left, the queue moves on to the next document of the
  board's order (never back, no wrap-around), the one left saved first. A document whose file
  does not have the tag, or whose passages share no word with the query, is passed over.
- What the analyst decided travels with the queue: the passages tagged with the tag and rejected
  for it in each file left become positive and negative examples of the next documents' queries
  (the ``MAX_CARRIED`` latest of each), so that a run learns as it goes. Accepting and rejecting
  stay edits of each document's own file (its rejections are kept there, and never suggested
  again in that document).

Why not one global ranking of every passage of the project: it needs every document's index
before the first suggestion (2,000 documents, 40 MB: several seconds, where one document takes
a fraction of a second); BM25 scores are relative to each document's own statistics, so a
global order mixes scales; and it would leave and reopen a document at nearly every key.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from annotations.suggesting.suggest import TagExamples

MAX_CARRIED = 200
"""How many passages of each kind (tagged, rejected) the queue carries from the documents left:
bounds the query's cost whatever the number of documents visited."""

Next = Literal["show", "move", "done"]


@dataclass
class CorpusRun:
    """A suggestion queue running across documents: its tag, where it has been, what it carries."""

    tag: str
    documents: int = 1
    """How many documents the queue has been in (the first included)."""
    passed: int = 0
    """How many of those it passed over (no such tag in the file, or nothing to suggest)."""
    positives: list[str] = field(default_factory=list)
    negatives: list[str] = field(default_factory=list)

    def leave(self, examples: TagExamples) -> None:
        """Carry the tagged and rejected passages of the document left (latest kept)."""
        self.positives = _latest(self.positives, examples.positives)
        self.negatives = _latest(self.negatives, examples.negatives)

    def arrive(self) -> None:
        """The queue is now in the next document."""
        self.documents += 1

    def pass_over(self) -> None:
        """The document arrived in has nothing to suggest (or no such tag)."""
        self.passed += 1

    def carried(self) -> tuple[TagExamples, ...]:
        """The examples from the documents left, for the next document's query (no spans:
        they are offsets of other documents)."""
        if not self.positives and not self.negatives:
            return ()
        return (TagExamples(tuple(self.positives), tuple(self.negatives), ()),)


def next_step(has_suggestion: bool, has_next_document: bool) -> Next:
    """What the queue does now: show its suggestion, move to the next document, or end."""
    if has_suggestion:
        return "show"
    return "move" if has_next_document else "done"


def _latest(kept: list[str], new: tuple[str, ...]) -> list[str]:
    merged = [*kept, *new]
    return merged[-MAX_CARRIED:]
