"""Inter-annotator agreement between annotation files of one document.

The document is cut into units (its sentences or its paragraphs). For each file (one analyst) and
unit, the principles and recommendations of the annotations overlapping the unit are collected, and
the unit's stance is that of the annotation covering most of it (none when no annotation touches
it). Each category is then compared across analysts:

- each principle and each recommendation is a binary decision per unit, "tagged or not", made by
  every analyst for every unit (no missing values);
- ``stance`` is nominal, over the units at least one analyst annotated; an analyst who did not
  annotate a unit is a missing value there.

The figures are percent agreement over pairs of analysts, Cohen's kappa (exactly two analysts) and
Krippendorff's alpha for nominal data (any number of analysts, missing values allowed), each with
the counts it was computed from. Overall, alpha is computed over every binary tag decision pooled.
The statistics are implemented here (no numpy); the unit tests check them against published worked
examples.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

from annotations.documents.document import Document
from annotations.errors import AnnotationFileError, Problem
from annotations.format.model import AnnotationFile

Unit = Literal["sentence", "paragraph"]
UNITS: tuple[Unit, ...] = ("sentence", "paragraph")
TAGGED = "tagged"
UNTAGGED = "untagged"


# --- statistics ------------------------------------------------------------------------------


@dataclass
class AlphaCounts:
    """What Krippendorff's alpha (nominal) is computed from, accumulated unit by unit.

    ``values`` counts the pairable values (those in units with at least two values) by value;
    ``disagreement`` is the sum over units of the off-diagonal coincidences,
    sum_u (m_u^2 - sum_v c_uv^2) / (m_u - 1); ``pairs``/``agreeing_pairs`` count the pairs of
    values within units (for percent agreement).
    """

    values: Counter[Hashable] = field(default_factory=Counter)
    disagreement: float = 0.0
    pairs: int = 0
    agreeing_pairs: int = 0
    units: int = 0

    def add_unit(self, counts: Mapping[Hashable, int]) -> None:
        """Add one unit, given how many analysts gave each value there (missing ones left out)."""
        m = sum(counts.values())
        if m < 2:
            return
        squares = 0
        agreeing = 0
        for value, count in counts.items():
            self.values[value] += count
            squares += count * count
            agreeing += count * (count - 1) // 2
        self.disagreement += (m * m - squares) / (m - 1)
        self.pairs += m * (m - 1) // 2
        self.agreeing_pairs += agreeing
        self.units += 1

    def add_unanimous(self, value: Hashable, analysts: int, units: int) -> None:
        """Add ``units`` units on which all ``analysts`` gave ``value`` (no disagreement)."""
        if analysts < 2 or units <= 0:
            return
        self.values[value] += analysts * units
        self.pairs += units * analysts * (analysts - 1) // 2
        self.agreeing_pairs += units * analysts * (analysts - 1) // 2
        self.units += units

    def merge(self, other: AlphaCounts) -> None:
        """Pool another set of counts into this one."""
        self.values.update(other.values)
        self.disagreement += other.disagreement
        self.pairs += other.pairs
        self.agreeing_pairs += other.agreeing_pairs
        self.units += other.units

    @property
    def n(self) -> int:
        """The number of pairable values."""
        return sum(self.values.values())

    @property
    def expected(self) -> float:
        """The expected off-diagonal coincidences times (n - 1): n^2 - sum_v n_v^2, over n."""
        n = self.n
        if n == 0:
            return 0.0
        return (n * n - sum(c * c for c in self.values.values())) / n

    @property
    def alpha(self) -> float | None:
        """Krippendorff's alpha, nominal: 1 - D_o / D_e; None when undefined (no variation)."""
        n = self.n
        expected_sum = n * n - sum(c * c for c in self.values.values())
        if n < 2 or expected_sum == 0:
            return None
        return 1.0 - (n - 1) * self.disagreement / expected_sum

    @property
    def percent(self) -> float | None:
        """Percent agreement over pairs of values within units; None without pairs."""
        return 100.0 * self.agreeing_pairs / self.pairs if self.pairs else None

    def to_json(self) -> dict[str, Any]:
        """The counts, for JSON output."""
        return {
            "pairable_values": self.n,
            "values": {
                str(k): v for k, v in sorted(self.values.items(), key=lambda kv: str(kv[0]))
            },
            "observed_disagreement": round(self.disagreement / self.n, 6) if self.n else None,
            "expected_disagreement": round(self.expected / (self.n - 1), 6) if self.n > 1 else None,
            "units": self.units,
            "pairs": self.pairs,
            "agreeing_pairs": self.agreeing_pairs,
        }


def krippendorff_alpha_nominal(data: Sequence[Sequence[Hashable | None]]) -> float | None:
    """Krippendorff's alpha for nominal data from a reliability matrix (analysts x units).

    ``None`` marks a missing value. Returns None when alpha is undefined (fewer than two pairable
    values, or every pairable value the same).
    """
    return alpha_counts(data).alpha


def alpha_counts(data: Sequence[Sequence[Hashable | None]]) -> AlphaCounts:
    """The counts behind alpha and percent agreement for a reliability matrix (analysts x units)."""
    counts = AlphaCounts()
    width = max((len(row) for row in data), default=0)
    for unit in range(width):
        counts.add_unit(
            Counter(row[unit] for row in data if unit < len(row) and row[unit] is not None)
        )
    return counts


@dataclass(frozen=True)
class KappaCounts:
    """Cohen's kappa for two analysts with the counts behind it."""

    items: int
    agreeing: int
    observed: float | None
    expected: float | None
    kappa: float | None
    table: dict[str, dict[str, int]]

    def to_json(self) -> dict[str, Any]:
        """The figures and counts, for JSON output."""
        return {
            "items": self.items,
            "agreeing": self.agreeing,
            "observed_agreement": rounded(self.observed),
            "expected_agreement": rounded(self.expected),
            "table": self.table,
        }


def cohen_kappa(pairs: Iterable[tuple[Hashable, Hashable]]) -> KappaCounts:
    """Cohen's kappa from the (analyst A, analyst B) values of each item.

    kappa = (p_o - p_e) / (1 - p_e), p_e from each analyst's own marginal proportions.
    None when there are no items or p_e is 1 (both analysts always gave one same value).
    """
    table: Counter[tuple[Hashable, Hashable]] = Counter(pairs)
    return kappa_from_table(table)


def kappa_from_table(table: Mapping[tuple[Hashable, Hashable], int]) -> KappaCounts:
    """Cohen's kappa from a contingency table {(value of A, value of B): items}."""
    items = sum(table.values())
    row: Counter[Hashable] = Counter()
    column: Counter[Hashable] = Counter()
    agreeing = 0
    for (a, b), count in table.items():
        row[a] += count
        column[b] += count
        if a == b:
            agreeing += count
    nested: dict[str, dict[str, int]] = {}
    for (a, b), count in sorted(table.items(), key=lambda kv: (str(kv[0][0]), str(kv[0][1]))):
        if count:
            nested.setdefault(str(a), {})[str(b)] = count
    if items == 0:
        return KappaCounts(0, 0, None, None, None, nested)
    observed = agreeing / items
    expected = sum(row[v] * column[v] for v in row) / (items * items)
    kappa = None if expected >= 1.0 else (observed - expected) / (1.0 - expected)
    return KappaCounts(items, agreeing, observed, expected, kappa, nested)


def rounded(value: float | None) -> float | None:
    """A figure rounded to six places for JSON (None stays None)."""
    return None if value is None else round(value, 6)


# --- coding the units ------------------------------------------------------------------------


@dataclass
class Coding:
    """One analyst's coding of the units: which units carry each tag, and each unit's stance."""

    principles: dict[str, set[int]] = field(default_factory=dict)
    recommendations: dict[str, set[int]] = field(default_factory=dict)
    stances: dict[int, str] = field(default_factory=dict)


def unit_spans(document: Document, unit: Unit) -> tuple[Sequence[int], Sequence[int]]:
    """The start and end offsets of the document's units."""
    if unit == "sentence":
        return document.sentence_starts, document.sentence_ends
    return document.paragraph_starts, document.paragraph_ends


class CodedSpan(NamedTuple):
    """What agreement takes from one annotation."""

    start: int
    end: int
    principles: Sequence[str]
    recommendations: Sequence[str]
    stance: str
    """The stance's value."""


class CodedFile(NamedTuple):
    """What agreement takes from one analyst's annotation file (``coded_file``, or a project's
    facts of the file)."""

    sha256: str
    """``[document].sha256``: the text the file was made against."""
    principles: Sequence[tuple[str, str]]
    """The taxonomy's principles as (id, label), in order."""
    recommendations: Sequence[tuple[str, str]]
    """The taxonomy's recommendations as (id, title), in order."""
    annotations: Sequence[CodedSpan]


def coded_file(model: AnnotationFile) -> CodedFile:
    """What agreement takes from a parsed annotation file."""
    return CodedFile(
        model.document.sha256,
        [(p.id, p.label) for p in model.taxonomy.principles],
        [(r.id, r.title) for r in model.taxonomy.recommendations],
        [
            CodedSpan(a.start, a.end, a.principles, a.recommendations, a.stance.value)
            for a in model.annotations
        ],
    )


def code_units(model: CodedFile, starts: Sequence[int], ends: Sequence[int]) -> Coding:
    """Code every unit from one file's annotations (overlap: at least one shared code point)."""
    coding = Coding()
    best: dict[int, int] = {}
    for annotation in model.annotations:
        first = bisect_right(ends, annotation.start)
        last = bisect_left(starts, annotation.end)
        for index in range(first, last):
            unit_start, unit_end = starts[index], ends[index]
            overlap = min(annotation.end, unit_end) - max(annotation.start, unit_start)
            if overlap <= 0:
                continue
            for tag in annotation.principles:
                coding.principles.setdefault(tag, set()).add(index)
            for tag in annotation.recommendations:
                coding.recommendations.setdefault(tag, set()).add(index)
            if overlap > best.get(index, 0):
                best[index] = overlap
                coding.stances[index] = annotation.stance
    return coding


# --- the report ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Disagreement:
    """A unit on which the analysts of one category did not all agree."""

    unit: int
    start: int
    end: int
    values: tuple[str | None, ...]


@dataclass
class CategoryAgreement:
    """The agreement on one category: a principle, a recommendation, or the stance."""

    kind: Literal["principle", "recommendation", "stance"]
    id: str
    label: str
    counts: AlphaCounts
    kappa: KappaCounts | None
    coded: tuple[int, ...]
    disagreements: list[Disagreement]

    @property
    def alpha(self) -> float | None:
        """Krippendorff's alpha (nominal)."""
        return self.counts.alpha

    @property
    def percent(self) -> float | None:
        """Percent agreement over pairs of analysts."""
        return self.counts.percent


@dataclass
class AgreementReport:
    """Everything ``policy-annotate agreement`` shows."""

    unit: Unit
    units: int
    analysts: tuple[str, ...]
    categories: list[CategoryAgreement]
    overall: AlphaCounts
    text: str
    starts: Sequence[int]
    ends: Sequence[int]

    def to_json(self) -> dict[str, Any]:
        """The report as JSON-ready data (every disagreement listed)."""
        return {
            "unit": self.unit,
            "units": self.units,
            "analysts": list(self.analysts),
            "overall": {
                "alpha": rounded(self.overall.alpha),
                "percent_agreement": rounded(self.overall.percent),
                "counts": self.overall.to_json(),
            },
            "categories": [_category_json(c, self.analysts) for c in self.categories],
        }


def _category_json(category: CategoryAgreement, analysts: Sequence[str]) -> dict[str, Any]:
    return {
        "kind": category.kind,
        "id": category.id,
        "label": category.label,
        "percent_agreement": rounded(category.percent),
        "kappa": None if category.kappa is None else rounded(category.kappa.kappa),
        "alpha": rounded(category.alpha),
        "coded_units": dict(zip(analysts, category.coded, strict=True)),
        "counts": {
            "alpha": category.counts.to_json(),
            "kappa": None if category.kappa is None else category.kappa.to_json(),
        },
        "disagreements": [
            {
                "unit": d.unit,
                "start": d.start,
                "end": d.end,
                "values": dict(zip(analysts, d.values, strict=True)),
            }
            for d in category.disagreements
        ],
    }


def check_same_document(models: Sequence[CodedFile], names: Sequence[str]) -> None:
    """Refuse files that annotate different documents (their [document].sha256 differ)."""
    first = models[0].sha256
    for model, name in zip(models[1:], names[1:], strict=True):
        if model.sha256 != first:
            raise AnnotationFileError(
                [
                    Problem(
                        name,
                        f"annotates a different document than {names[0]} ([document].sha256 "
                        "differ); re-anchor the files to the same document first "
                        "('policy-annotate reanchor FILE --document DOC')",
                    )
                ]
            )


def _ordered_ids(models: Sequence[CodedFile], kind: str) -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for model in models:
        for tag, label in model.principles if kind == "principle" else model.recommendations:
            seen.setdefault(tag, label)
    for model in models:
        for annotation in model.annotations:
            for tag in annotation.principles if kind == "principle" else annotation.recommendations:
                seen.setdefault(tag, tag)
    return list(seen.items())


def _binary(
    kind: Literal["principle", "recommendation"],
    tag: str,
    label: str,
    tagged: Sequence[set[int]],
    total: int,
    starts: Sequence[int],
    ends: Sequence[int],
) -> CategoryAgreement:
    analysts = len(tagged)
    counts = AlphaCounts()
    union: set[int] = set().union(*tagged)
    disagreements: list[Disagreement] = []
    for index in sorted(union):
        ones = sum(1 for units in tagged if index in units)
        counts.add_unit(
            {TAGGED: ones, UNTAGGED: analysts - ones} if ones < analysts else {TAGGED: ones}
        )
        if ones < analysts:
            values = tuple(TAGGED if index in units else UNTAGGED for units in tagged)
            disagreements.append(Disagreement(index, starts[index], ends[index], values))
    counts.add_unanimous(UNTAGGED, analysts, total - len(union))
    kappa = None
    if analysts == 2:
        a, b = tagged
        both = len(a & b)
        table: dict[tuple[Hashable, Hashable], int] = {
            (TAGGED, TAGGED): both,
            (TAGGED, UNTAGGED): len(a) - both,
            (UNTAGGED, TAGGED): len(b) - both,
            (UNTAGGED, UNTAGGED): total - len(a) - len(b) + both,
        }
        kappa = kappa_from_table(table)
    coded = tuple(len(units) for units in tagged)
    return CategoryAgreement(kind, tag, label, counts, kappa, coded, disagreements)


def _stance(
    codings: Sequence[Coding], starts: Sequence[int], ends: Sequence[int]
) -> CategoryAgreement:
    counts = AlphaCounts()
    disagreements: list[Disagreement] = []
    table: Counter[tuple[Hashable, Hashable]] = Counter()
    annotated: set[int] = set()
    for coding in codings:
        annotated.update(coding.stances)
    for index in sorted(annotated):
        values = tuple(coding.stances.get(index) for coding in codings)
        present = [v for v in values if v is not None]
        counts.add_unit(Counter(present))
        if len(present) >= 2 and len(set(present)) > 1:
            disagreements.append(Disagreement(index, starts[index], ends[index], values))
        if len(values) == 2 and values[0] is not None and values[1] is not None:
            table[(values[0], values[1])] += 1
    kappa = kappa_from_table(table) if len(codings) == 2 else None
    coded = tuple(len(coding.stances) for coding in codings)
    return CategoryAgreement("stance", "stance", "Stance", counts, kappa, coded, disagreements)


def compute_agreement(
    document: Document,
    models: Sequence[AnnotationFile | CodedFile],
    names: Sequence[str],
    unit: Unit = "sentence",
) -> AgreementReport:
    """Compare the analysts' files of one document, unit by unit (see the module docstring):
    parsed files, or what agreement takes from them (``CodedFile``)."""
    return _agreement(
        document,
        [m if isinstance(m, CodedFile) else coded_file(m) for m in models],
        names,
        unit,
    )


def _agreement(
    document: Document, models: Sequence[CodedFile], names: Sequence[str], unit: Unit
) -> AgreementReport:
    if len(models) < 2:
        raise AnnotationFileError([Problem("agreement", "needs at least two annotation files")])
    check_same_document(models, names)
    starts, ends = unit_spans(document, unit)
    total = len(starts)
    codings = [code_units(model, starts, ends) for model in models]
    categories: list[CategoryAgreement] = []
    overall = AlphaCounts()
    for tag, label in _ordered_ids(models, "principle"):
        tagged = [coding.principles.get(tag, set()) for coding in codings]
        category = _binary("principle", tag, label, tagged, total, starts, ends)
        overall.merge(category.counts)
        categories.append(category)
    for tag, label in _ordered_ids(models, "recommendation"):
        tagged = [coding.recommendations.get(tag, set()) for coding in codings]
        category = _binary("recommendation", tag, label, tagged, total, starts, ends)
        overall.merge(category.counts)
        categories.append(category)
    categories.append(_stance(codings, starts, ends))
    return AgreementReport(
        unit, total, tuple(names), categories, overall, document.text, starts, ends
    )
