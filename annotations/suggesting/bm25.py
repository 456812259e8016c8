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
        width = max(size, 1)
        # The distinct (term, sentence) pairs, sorted by term then sentence, and how often each
        # occurs: what np.unique(return_counts=True) gives, in place and without its copies of
        # the whole array (they doubled the peak memory of building a 10 MB document's index).
        keys = terms.astype(np.int64)
        keys *= width
        keys += sentences
        keys.sort()
        first = np.empty(len(keys), dtype=bool)
        first[:1] = True
        np.not_equal(keys[1:], keys[:-1], out=first[1:])
        firsts = np.flatnonzero(first)
        del first
        unique = keys[firsts]
        tf = np.diff(np.append(firsts, len(keys))).astype(np.float64)
        del keys, firsts
        term_of = unique // width
        # 32 bits: sentence numbers and term ids fit, and the index takes half the memory
        self.sentences = (unique % width).astype(np.int32)
        del unique
        self.starts = np.searchsorted(term_of, np.arange(vocabulary + 1)).astype(np.int64)
        frequency = np.diff(self.starts)
        lengths = np.bincount(sentences, minlength=size).astype(np.float64)
        average = float(lengths.mean()) if size and lengths.any() else 1.0
        idf = np.log1p((size - frequency + 0.5) / (frequency + 0.5))
        # idf * tf / (tf + K1 * (1 - B + B * length / average)), one array at a time, in place
        norm = lengths[self.sentences]
        norm *= B
        norm /= average
        norm += 1 - B
        norm *= K1
        norm += tf
        scores = idf[term_of]
        scores *= tf
        scores /= norm
        self.scores = scores.astype(np.float32)

    def postings(self, term: int) -> tuple[np.ndarray, np.ndarray]:
        """The sentences holding ``term`` (ascending) and the term's score in each."""
        first, last = int(self.starts[term]), int(self.starts[term + 1])
        return self.sentences[first:last], self.scores[first:last]
