"""Where to show an orphaned annotation: at the nearest whole sentences, not at its old offsets.

An orphan keeps its old offsets (nothing good enough was found in the revised text), which now
cut words ("hnology. Eastmere does not lack clever system"). The app shows, and offers to accept,
the whole sentences those offsets mostly cover instead.
"""

from __future__ import annotations

from annotations.documents.document import Document

Span = tuple[int, int]


def orphan_span(document: Document, start: int, end: int) -> Span:
    """The whole sentences that ``start``-``end`` (clamped to the text) mostly covers.

    Every sentence the span touches is taken, then a sentence at either edge of which the span
    covers less than half is dropped, unless it is the only one left. An empty span, or one past
    the end of the text, gives the sentence at (or last before) its start; an empty text ``(0, 0)``.
    """
    length = document.length
    start, end = min(max(0, start), length), min(max(0, end), length)
    first = document.sentence_containing(start)
    if first is None:
        return 0, 0
    if end <= start:
        return first
    sentences = [first]
    while True:
        following = document.next_sentence(sentences[-1][0])
        if following is None or following[0] >= end:
            break
        sentences.append(following)
    sentences = [s for s in sentences if min(end, s[1]) > max(start, s[0])] or [first]

    def covered(sentence: Span) -> float:
        return (min(end, sentence[1]) - max(start, sentence[0])) / max(1, sentence[1] - sentence[0])

    if len(sentences) > 1 and covered(sentences[0]) < 0.5:
        sentences.pop(0)
    if len(sentences) > 1 and covered(sentences[-1]) < 0.5:
        sentences.pop()
    return sentences[0][0], sentences[-1][1]
