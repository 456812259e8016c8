"""The cross-document summary keeps only the quotes it will show, and picks the same ones as
ranking every annotation at the end would."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from annotations.projects.corpus import _Held, _offer
from annotations.projects.model import ProjectDocument
from annotations.projects.tally import Quote

DOCUMENTS = [ProjectDocument(id=f"d{n}", path=f"d{n}.md") for n in range(5)]


def reference(found: list[tuple[ProjectDocument, Quote]], limit: int) -> list[tuple[str, str]]:
    """Every quote held to the end: the best of each document, better documents first."""
    best: dict[str, tuple[ProjectDocument, Quote]] = {}
    for document, quote in found:
        current = best.get(document.id)
        if current is None or quote.score > current[1].score:
            best[document.id] = (document, quote)
    ranked = sorted(best.values(), key=lambda item: item[1].score, reverse=True)[:limit]
    return [(d.id, q.id) for d, q in ranked]


annotation_specs = st.lists(
    st.tuples(st.integers(0, 4), st.integers(1, 30), st.booleans()), min_size=0, max_size=30
)


@given(annotation_specs, st.integers(0, 4), st.booleans())
def test_offering_one_by_one_keeps_what_ranking_everything_keeps(
    specs: list[tuple[int, int, bool]], limit: int, say_new: bool
) -> None:
    found = []
    for n, (document, length, noted) in enumerate(specs):
        quote = Quote(f"a{n}", "", 0, "x" * length, "why" if noted else "")
        found.append((DOCUMENTS[document], quote))
    found.sort(key=lambda item: item[0].id)  # a project's files come document by document
    quotes = tuple(q for _d, q in found)
    kept: list[_Held] = []
    offered: set[str] = set()
    for index, (document, quote) in enumerate(found):
        new = say_new and document.id not in offered  # as the summary says it, or never
        offered.add(document.id)
        _offer(kept, (quote.score, document, lambda: quotes, index), limit, new=new)
    assert [(d.id, read()[i].id) for _score, d, read, i in kept] == reference(found, limit)
