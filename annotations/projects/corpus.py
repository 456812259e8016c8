"""The cross-document summary of a project: per recommendation, who is on which side.

For each recommendation of the codebook (and any other a file uses), the documents with at
least one annotation of each stance on it (a document that both supports and cautions is on
both sides: that is what it says), the annotations behind them, telling quotes with their
document, and, by the value of an attribute, how many documents take each stance. A broken
annotation file is left out with a problem and counted; it never refuses the project.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import asdict, dataclass, field, fields
from typing import TYPE_CHECKING, Any

from annotations.format.model import Stance
from annotations.projects.corpus_principles import CorpusPrinciple, PrincipleTally
from annotations.projects.facts import AnnotationFacts, FileFacts
from annotations.projects.model import ProjectDocument
from annotations.projects.project import Project
from annotations.projects.reading import coded_facts, documents_where
from annotations.projects.tally import FileQuotes, FileTally, file_tally

if TYPE_CHECKING:
    from annotations.projects.cache import FactsReader

STANCE_ORDER = (Stance.SUPPORT, Stance.CAUTION, Stance.OPPOSE, Stance.NEUTRAL)
NO_VALUE = "(none)"


@dataclass(frozen=True, slots=True)
class CorpusQuote:
    """A quote on a recommendation, with the document and analyst it comes from."""

    document: str
    document_title: str
    stance: str
    quote: str
    author: str
    note: str
    annotation: str = ""
    """The id of the annotation quoted."""
    start: int = 0
    """Where the passage starts in the document (a code-point offset)."""


@dataclass
class CorpusRecommendation:
    """What the project's documents say about one recommendation."""

    id: str
    title: str
    annotations: int = 0
    documents: dict[str, list[str]] = field(default_factory=dict)
    """stance → the ids of the documents with at least one annotation of that stance."""
    groups: dict[str, dict[str, int]] = field(default_factory=dict)
    """attribute value → stance → documents (with ``by``)."""
    quotes: list[CorpusQuote] = field(default_factory=list)

    def stance_counts(self) -> dict[str, int]:
        """stance → number of documents on that side."""
        return {stance: len(ids) for stance, ids in self.documents.items()}


@dataclass
class CorpusSummary:
    """The whole project's summary."""

    project: str
    documents: int
    """Documents included (after the attribute filter)."""
    annotations: int
    files: int
    left_out: list[str]
    """One line per annotation file or document left out, and why."""
    by: str | None
    filters: dict[str, list[str]]
    recommendations: list[CorpusRecommendation]
    principles: list[CorpusPrinciple] = field(default_factory=list)
    """Each principle's coverage across the documents coded (those with a readable file)."""
    titles: dict[str, str] = field(default_factory=dict)
    """document id → title (or id), for every document included, in the project's order."""
    matrix: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    """document id → recommendation id → the stances the document takes on it (in
    ``STANCE_ORDER``); every document included has a row, empty when it says nothing."""

    def as_json(self) -> dict[str, Any]:
        """Plain values for JSON (what ``dataclasses.asdict`` gives, with each recommendation's
        ``stances``; the document tables are shared, not copied: 2,000 documents' rows made
        ``asdict`` the slowest part of the JSON summary)."""
        data = _fields(self)
        data["recommendations"] = [
            {
                **_fields(r),
                "quotes": [asdict(q) for q in r.quotes],
                "stances": r.stance_counts(),
            }
            for r in self.recommendations
        ]
        data["principles"] = [asdict(p) for p in self.principles]
        return data


def _fields(instance: Any) -> dict[str, Any]:
    """A dataclass's fields by name, in order, their values as they are."""
    return {f.name: getattr(instance, f.name) for f in fields(instance)}


def corpus_summary(
    project: Project,
    *,
    by: str | None = None,
    keep: Callable[[AnnotationFacts], bool] | None = None,
    where: Mapping[str, str] | None = None,
    quotes: int = 3,
    principles: Collection[str] = (),
    use_cache: bool = True,
) -> CorpusSummary:
    """Summarise the project's annotation files across documents.

    ``by``: an attribute key to break the stance counts down by. ``keep``: which annotations
    count (the summary filters). ``where``: only documents with these attribute values.
    ``quotes``: at most this many quotes per recommendation and stance, one per document.
    ``principles``: only these principles in the coverage across the corpus (default all).
    ``use_cache``: read the files through the project cache (False: read every file).
    """
    from annotations.projects.cache import facts_reader

    # Without filters, each file's tally is read from the cache; a filter needs the annotations.
    filtered = keep is not None
    with facts_reader(
        project, use_cache=use_cache, annotations=filtered, tallies=not filtered
    ) as reader:
        return _summary(project, reader, by, keep, where, quotes, principles)


def _tally(
    facts: FileFacts, keep: Callable[[AnnotationFacts], bool] | None
) -> tuple[FileTally, Callable[[], FileQuotes]]:
    """What the summary counts of a file (all of it, or the annotations ``keep`` keeps), and
    how to get the quotes of its pairs."""
    if keep is None:
        return facts.tally, facts.read_quotes
    counted, quotes = file_tally(a for a in facts.annotations if keep(a))
    return counted, lambda: quotes


def _summary(
    project: Project,
    reader: FactsReader,
    by: str | None,
    keep: Callable[[AnnotationFacts], bool] | None,
    where: Mapping[str, str] | None,
    quotes: int,
    principles: Collection[str],
) -> CorpusSummary:
    codebook = project.model.codebook
    recommendations = {r.id: CorpusRecommendation(r.id, r.title) for r in codebook.recommendations}
    left_out: list[str] = []
    included = documents_where(project, where)
    sides: dict[tuple[str, str], _Side] = {}
    total_annotations = 0
    total_files = 0
    matrix: dict[str, dict[str, list[str]]] = {d.id: {} for d in included}
    tally = PrincipleTally(codebook.principles, principles)
    for coded in coded_facts(project, included, left_out, reader):
        document, facts = coded.document, coded.facts
        counted, read_quotes = _tally(facts, keep)
        total_files += 1
        total_annotations += counted.annotations
        tally.add_file(document.id, facts.length, facts.principles)
        tally.add(counted.principles)
        titles: dict[str, str] | None = None
        row = matrix[document.id]
        for index, (tag, stance, count, score) in enumerate(counted.pairs):
            summary = recommendations.get(tag)
            if summary is None:
                titles = dict(facts.recommendations) if titles is None else titles
                summary = recommendations[tag] = CorpusRecommendation(tag, titles.get(tag, tag))
            summary.annotations += count
            cell = row.get(tag)
            if cell is None:
                row[tag] = [stance]
            elif stance not in cell:
                cell.append(stance)
            side = sides.get((tag, stance))
            if side is None:
                side = sides[(tag, stance)] = _Side()
            new = document.id not in side.documents
            if new:
                side.documents.add(document.id)
                summary.documents.setdefault(stance, []).append(document.id)
                if by is not None:
                    value = document.attributes.get(by, NO_VALUE)
                    group = summary.groups.setdefault(value, {})
                    group[stance] = group.get(stance, 0) + 1
            _offer(side.best, (score, document, read_quotes, index), quotes, new=new)
    order = {s.value: n for n, s in enumerate(STANCE_ORDER)}
    for row in matrix.values():
        for cell in row.values():
            cell.sort(key=order.__getitem__)
    for summary in recommendations.values():
        summary.documents = {
            s.value: summary.documents[s.value]
            for s in STANCE_ORDER
            if s.value in summary.documents
        }
        summary.groups = {
            value: {s.value: g[s.value] for s in STANCE_ORDER if s.value in g}
            for value, g in sorted(summary.groups.items())
        }
        for stance in summary.documents:
            summary.quotes += _quotes(sides[(summary.id, stance)].best, stance, left_out)
    return CorpusSummary(
        project=project.model.name,
        documents=len(included),
        annotations=total_annotations,
        files=total_files,
        left_out=left_out,
        by=by,
        filters={"where": [f"{k}={v}" for k, v in (where or {}).items()]},
        recommendations=[
            r
            for r in recommendations.values()
            if r.annotations or r.id in {c.id for c in codebook.recommendations}
        ],
        principles=tally.principles(),
        titles={d.id: d.title or d.id for d in included},
        matrix=matrix,
    )


_Held = tuple[int, ProjectDocument, Callable[[], FileQuotes], int]
"""A quote kept for a recommendation and stance: its score, its document, and where it is (the
file's quotes and the index of the pair it is the best quote of)."""


@dataclass(slots=True)
class _Side:
    """A recommendation and stance as the summary walks the files: the documents on that side
    (to look up) and the best quotes so far (``_offer``)."""

    documents: set[str] = field(default_factory=set)
    best: list[_Held] = field(default_factory=list)


def _by_score(item: _Held) -> int:
    return item[0]


def _offer(best: list[_Held], offered: _Held, limit: int, *, new: bool = False) -> None:
    """Keep in ``best`` the ``limit`` best quotes, the best of each document, better first.

    Only that many are ever held (not every quote of the corpus until the end): a document's
    better quote replaces its earlier one in place; at a tie the earlier document stays ahead.
    ``new``: the document has offered nothing to ``best`` before (it is not looked for there).
    """
    score, document = offered[0], offered[1]
    if not new:
        for index, (held_score, held, _quotes, _index) in enumerate(best):
            if held.id == document.id:
                if score > held_score:
                    best[index] = offered
                    best.sort(key=_by_score, reverse=True)
                return
    if limit <= 0 or (len(best) >= limit and score <= best[-1][0]):
        return  # it would sort last (a stable sort keeps the earlier ahead) and be dropped
    best.append(offered)
    best.sort(key=_by_score, reverse=True)
    del best[limit:]


def _quotes(best: list[_Held], stance: str, left_out: list[str]) -> list[CorpusQuote]:
    """The quotes kept by ``_offer`` on one side, as the summary shows them. A file changed
    since its tally was read cannot give its quote: it is left out with a line saying so."""
    from annotations.errors import PolicyAnnotateError

    shown = []
    for _score, document, read_quotes, index in best:
        try:
            quote = read_quotes()[index]
        except PolicyAnnotateError as error:
            left_out += [str(p) for p in error.problems if str(p) not in left_out]
            continue
        shown.append(
            CorpusQuote(
                document=document.id,
                document_title=document.title or document.id,
                stance=stance,
                quote=quote.quote,
                author=quote.author,
                note=quote.note,
                annotation=quote.id,
                start=quote.start,
            )
        )
    return shown
