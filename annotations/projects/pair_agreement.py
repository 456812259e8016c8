"""Agreement across a project: per pair of analysts, over every document both coded.

For each document with annotation files of two analysts or more (``STEM.NAME.toml``; the shared
``STEM.annotations.toml`` belongs to nobody and is not compared), each pair of analysts is compared
on that document exactly as ``policy-annotate agreement A B`` compares two files (the same units,
sentences or paragraphs, and the same categories), and the pair's counts are pooled over the
documents: Krippendorff's alpha and percent agreement from the summed coincidence counts, Cohen's
kappa from the summed contingency tables. A missing or unreadable document, or one changed since a
file was annotated, is left out with a one-line reason, never refusing the project. The files are
read through the project cache (their facts, :mod:`annotations.projects.cache`); the documents,
whose units are needed, are read every time.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any, Literal

from annotations.errors import PolicyAnnotateError, Problem
from annotations.exchange.agreement import (
    AlphaCounts,
    CategoryAgreement,
    CodedFile,
    CodedSpan,
    KappaCounts,
    Unit,
    compute_agreement,
    kappa_from_table,
    rounded,
)
from annotations.projects.facts import FileFacts
from annotations.projects.project import Project
from annotations.projects.reading import coded_facts, documents_where


@dataclass
class PooledCategory:
    """One category's agreement for a pair of analysts, pooled over their documents."""

    kind: Literal["principle", "recommendation", "stance"]
    id: str
    label: str
    counts: AlphaCounts = field(default_factory=AlphaCounts)
    table: Counter[tuple[Hashable, Hashable]] = field(default_factory=Counter)

    def add(self, category: CategoryAgreement) -> None:
        """Pool one document's figures for this category."""
        self.counts.merge(category.counts)
        if category.kappa is not None:
            for a, row in category.kappa.table.items():
                for b, count in row.items():
                    self.table[(a, b)] += count

    @property
    def kappa(self) -> KappaCounts:
        """Cohen's kappa from the pooled contingency table."""
        return kappa_from_table(self.table)

    def to_json(self) -> dict[str, Any]:
        """The figures and the counts behind them."""
        kappa = self.kappa
        return {
            "kind": self.kind,
            "id": self.id,
            "label": self.label,
            "percent_agreement": rounded(self.counts.percent),
            "kappa": rounded(kappa.kappa),
            "alpha": rounded(self.counts.alpha),
            "counts": {"alpha": self.counts.to_json(), "kappa": kappa.to_json()},
        }


@dataclass
class PairAgreement:
    """Two analysts' agreement over every document both coded."""

    analysts: tuple[str, str]
    documents: list[str] = field(default_factory=list)
    units: int = 0
    overall: AlphaCounts = field(default_factory=AlphaCounts)
    categories: dict[tuple[str, str], PooledCategory] = field(default_factory=dict)

    def add(self, document_id: str, categories: list[CategoryAgreement], units: int) -> None:
        """Pool one document's report for this pair."""
        self.documents.append(document_id)
        self.units += units
        for category in categories:
            key = (category.kind, category.id)
            pooled = self.categories.get(key)
            if pooled is None:
                pooled = self.categories[key] = PooledCategory(
                    category.kind, category.id, category.label
                )
            pooled.add(category)
            if category.kind != "stance":
                self.overall.merge(category.counts)

    def to_json(self) -> dict[str, Any]:
        """The pair's figures, overall and per category."""
        return {
            "analysts": list(self.analysts),
            "documents": self.documents,
            "units": self.units,
            "overall": {
                "alpha": rounded(self.overall.alpha),
                "percent_agreement": rounded(self.overall.percent),
                "counts": self.overall.to_json(),
            },
            "categories": [c.to_json() for c in self.ordered()],
        }

    def ordered(self) -> list[PooledCategory]:
        """Principles, then recommendations, then the stance, each in first-seen order."""
        rank = {"principle": 0, "recommendation": 1, "stance": 2}
        return sorted(self.categories.values(), key=lambda c: rank[c.kind])


@dataclass
class ProjectAgreement:
    """Every pair of analysts of the project, and what was left out."""

    unit: Unit
    pairs: list[PairAgreement]
    left_out: list[str]

    def to_json(self) -> dict[str, Any]:
        """JSON-ready data."""
        return {
            "unit": self.unit,
            "pairs": [p.to_json() for p in self.pairs],
            "left_out": self.left_out,
        }


def _coded(facts: FileFacts) -> CodedFile:
    """What agreement takes from a file's facts."""
    return CodedFile(
        facts.sha256,
        [(p.id, p.label) for p in facts.principles],
        facts.recommendations,
        [
            CodedSpan(a.start, a.end, a.principles, a.recommendations, a.stance)
            for a in facts.annotations
        ],
    )


def project_agreement(
    project: Project,
    unit: Unit = "sentence",
    where: Mapping[str, str] | None = None,
    *,
    use_cache: bool = True,
) -> ProjectAgreement:
    """Compare each pair of analysts over the documents both coded (see the module docstring).
    ``use_cache``: read the files through the project cache (False: read every file)."""
    from annotations.documents.document import load_document
    from annotations.projects.cache import facts_reader

    left_out: list[str] = []
    by_document: dict[str, dict[str, CodedFile]] = {}
    documents = {d.id: d for d in documents_where(project, where)}
    with facts_reader(project, use_cache=use_cache) as reader:
        for coded in coded_facts(project, documents.values(), left_out, reader):
            if coded.ref.analyst is not None:
                files = by_document.setdefault(coded.document.id, {})
                files[coded.ref.analyst] = _coded(coded.facts)
    pairs: dict[tuple[str, str], PairAgreement] = {}
    for document_id, files in by_document.items():
        if len(files) < 2:
            continue
        path = project.document_path(documents[document_id])
        try:
            document = load_document(path)
        except PolicyAnnotateError as error:
            left_out += [str(p) for p in error.problems[:1]]
            continue
        changed = [name for name, m in files.items() if m.sha256 != document.sha256]
        if changed:
            message = (
                f"has changed since {', '.join(sorted(changed))} annotated it; re-anchor first "
                "('policy-annotate reanchor FILE')"
            )
            left_out.append(str(Problem(str(path), message)))
            continue
        for a, b in combinations(sorted(files), 2):
            report = compute_agreement(document, [files[a], files[b]], [a, b], unit)
            pair = pairs.setdefault((a, b), PairAgreement((a, b)))
            pair.add(document_id, report.categories, report.units)
    return ProjectAgreement(unit, [pairs[k] for k in sorted(pairs)], left_out)
