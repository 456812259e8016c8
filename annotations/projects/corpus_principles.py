"""Principle coverage across a project's documents, and the corpus-level "little to say" call-out.

A principle's coverage of one document is the union of the spans tagged with it (as in the
single-document summary, docs/summary.md); across the corpus it is the sum of those covered code
points over the sum of the lengths of the documents coded (those with at least one readable
annotation file; a document's length is taken from its annotation file, so no document is read).
Given principles to show only (``--principle``), the others are left out. A principle is low when that share is under ``LOW_SHARE`` or its annotations are fewer than
``LOW_RELATIVE`` of the best-covered principle's, the same rule as for one document.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from annotations.format.model import Principle
from annotations.projects.tally import PrincipleSpans
from annotations.summaries.summary import LOW_RELATIVE, LOW_SHARE, merged_length
from annotations.text_plural import count_of


@dataclass(frozen=True, slots=True)
class CorpusPrinciple:
    """How much of the corpus serves one principle."""

    id: str
    label: str
    color: str
    annotations: int
    documents: int
    """Documents with at least one annotation carrying the principle."""
    characters: int
    """Code points covered, each document's spans merged, summed over documents."""
    share: float
    """characters / the total length of the documents coded."""
    low_coverage: bool
    verdict: str


class PrincipleTally:
    """Counts a principle's annotations, documents and covered characters, document by document."""

    def __init__(self, principles: Iterable[Principle], only: Collection[str] = ()) -> None:
        self._only = frozenset(only)
        self._principles = {p.id: p for p in principles if self._shown(p.id)}
        self._annotations: dict[str, int] = defaultdict(int)
        self._documents: dict[str, int] = defaultdict(int)
        self._characters: dict[str, int] = defaultdict(int)
        self._length = 0
        self._coded = 0
        self._spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
        self._document: str | None = None
        self._document_length = 0

    def add_file(self, document_id: str, length: int, principles: Iterable[Principle]) -> None:
        """A readable annotation file of ``document_id`` (a document's files come together), of
        the document ``length`` and with the taxonomy's ``principles``; the annotations that
        follow are this file's."""
        if document_id != self._document:
            self._end_document()
            self._document = document_id
            self._document_length = length
        for principle in principles:
            if self._shown(principle.id):
                self._principles.setdefault(principle.id, principle)

    def _shown(self, principle_id: str) -> bool:
        return not self._only or principle_id in self._only

    def add(self, counted: Iterable[PrincipleSpans]) -> None:
        """A file's tally of the annotations kept by the filters, of the current document."""
        for principle, count, spans in counted:
            self._annotations[principle] += count
            self._spans[principle].extend(spans)

    def _end_document(self) -> None:
        """Close the current document: merge its spans per principle."""
        if self._document is None:
            return
        self._document = None
        self._coded += 1
        self._length += self._document_length
        for principle, spans in self._spans.items():
            self._documents[principle] += 1
            self._characters[principle] += merged_length(spans)[0]
        self._spans = defaultdict(list)

    def principles(self) -> list[CorpusPrinciple]:
        """The principles of the codebook (then those only files have), with their coverage."""
        self._end_document()
        most = max([self._annotations[p] for p in self._principles] + [1])
        rows = []
        for principle in self._principles.values():
            annotations = self._annotations[principle.id]
            documents = self._documents[principle.id]
            share = self._characters[principle.id] / max(1, self._length)
            low = share < LOW_SHARE or annotations < LOW_RELATIVE * most
            rows.append(
                CorpusPrinciple(
                    id=principle.id,
                    label=principle.label,
                    color=principle.color,
                    annotations=annotations,
                    documents=documents,
                    characters=self._characters[principle.id],
                    share=share,
                    low_coverage=low,
                    verdict=_verdict(principle.label, documents, self._coded, share, low),
                )
            )
        return rows


def _verdict(label: str, documents: int, coded: int, share: float, low: bool) -> str:
    amount = f"in {documents} of {count_of(coded, 'document')}, {share:.1%} of their text"
    if documents == 0:
        return f"{label}: nothing tagged — no document says anything on it that was tagged"
    if low:
        return f"{label}: little to say across the corpus — {amount}"
    return f"{label}: {amount}"
