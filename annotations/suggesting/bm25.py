"""A BM25 index of term ids, built with a handful of numpy operations.

The scores are those of Lucene's BM25 as ``bm25s`` computes them (``method="lucene"``): for a
term t in a sentence d, ``idf(t) * tf / (tf + k1 * (1 - b + b * |d| / avgdl))`` with
``idf(t) = ln(1 + (N - df + 0.5) / (df + 0.5))``. ``tests/unit/test_suggesting.py`` checks
them against ``bm25s`` itself. Why not ``bm25s`` at run time: it builds its index document by
document in Python, 2.0 s for the 10 MB benchmark document where this takes under 0.2 s
(benchmarks/README.md, "Suggested passages").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

K1 = 1.2
B = 0.75


class Bm25:
    """Per-term postings (sentence numbers, ascending, and their BM25 scores)."""

    def __init__(
        self, terms: np.ndarray, sentences: np.ndarray, size: int, vocabulary: int
    ) -> None:
        """Index token ``i`` (term id ``terms[i]``) as part of sentence ``sentences[i]``."""
        import numpy as np

        self.size = size
        keys = terms.astype(np.int64) * max(size, 1) + sentences
        unique, counts = np.unique(keys, return_counts=True)  # sorted: by term, then sentence
        term_of = unique // max(size, 1)
        # 32 bits: sentence numbers and term ids fit, and the index takes half the memory
        self.sentences = (unique % max(size, 1)).astype(np.int32)
        self.starts = np.searchsorted(term_of, np.arange(vocabulary + 1)).astype(np.int64)
        frequency = np.diff(self.starts)
        lengths = np.bincount(sentences, minlength=size).astype(np.float64)
        average = float(lengths.mean()) if size and lengths.any() else 1.0
        idf = np.log1p((size - frequency + 0.5) / (frequency + 0.5))
        tf = counts.astype(np.float64)
        norm = K1 * (1 - B + B * lengths[self.sentences] / average)
        self.scores = (idf[term_of] * tf / (tf + norm)).astype(np.float32)

    def postings(self, term: int) -> tuple[np.ndarray, np.ndarray]:
        """The sentences holding ``term`` (ascending) and the term's score in each."""
        first, last = int(self.starts[term]), int(self.starts[term + 1])
        return self.sentences[first:last], self.scores[first:last]
