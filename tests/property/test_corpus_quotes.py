"""The cross-document summary keeps only the quotes it will show, and picks the same ones as
ranking every annotation at the end would."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from annotations.projects.corpus import _Held, _offer, _score
from annotations.projects.facts import AnnotationFacts
from annotations.projects.model import ProjectDocument

WHEN = "2026-12-03T00:00:00Z"
DOCUMENTS = [ProjectDocument(id=f"d{n}", path=f"d{n}.md") for n in range(5)]


def reference(
    found: list[tuple[ProjectDocument, AnnotationFacts]], limit: int
) -> list[tuple[str, str]]:
    """Every annotation held to the end: the best of each document, better documents first."""
    best: dict[str, tuple[ProjectDocument, AnnotationFacts]] = {}
    for document, annotation in found:
        current = best.get(document.id)
        if current is None or _score(annotation) > _score(current[1]):
            best[document.id] = (document, annotation)
    ranked = sorted(best.values(), key=lambda item: _score(item[1]), reverse=True)[:limit]
    return [(d.id, a.id) for d, a in ranked]


annotation_specs = st.lists(
    st.tuples(st.integers(0, 4), st.integers(1, 30), st.booleans()), min_size=0, max_size=30
)


@given(annotation_specs, st.integers(0, 4))
def test_offering_one_by_one_keeps_what_ranking_everything_keeps(
    specs: list[tuple[int, int, bool]], limit: int
) -> None:
    found = []
    for n, (document, length, noted) in enumerate(specs):
        annotation = AnnotationFacts(
            id=f"a{n}",
            author="",
            start=0,
            end=length,
            stance="support",
            principles=(),
            recommendations=(),
            quote="x" * length,
            note="why" if noted else "",
            stale=False,
            created=WHEN,
            updated=WHEN,
        )
        found.append((DOCUMENTS[document], annotation))
    found.sort(key=lambda item: item[0].id)  # a project's files come document by document
    kept: list[_Held] = []
    for document, annotation in found:
        _offer(kept, document, annotation, limit)
    assert [(d.id, a.id) for _score_of, d, a in kept] == reference(found, limit)
