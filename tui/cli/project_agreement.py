"""``policy-annotate agreement DIR``: per pair of analysts, over every document both coded."""

from __future__ import annotations

import argparse
import json
import sys

from annotations.projects.pair_agreement import PairAgreement


def _figure(value: float | None, digits: int = 3) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def pair_lines(pair: PairAgreement, unit: str) -> list[str]:
    """The text of one pair: the documents, the overall figures, one line per category."""
    from annotations.documents.display import display_safe
    from annotations.text_plural import count_of

    a, b = (display_safe(name, keep_newlines=False) for name in pair.analysts)
    overall = pair.overall
    lines = [
        f"{a} × {b}: {count_of(len(pair.documents), 'document')}, {count_of(pair.units, unit)}",
        f"    overall: alpha {_figure(overall.alpha)}, agreement {_figure(overall.percent, 1)}%",
    ]
    names = [
        display_safe(c.kind if c.kind == "stance" else f"{c.kind} {c.id}", keep_newlines=False)
        for c in pair.ordered()
    ]
    size = max(len(name) for name in names) if names else 0
    for name, category in zip(names, pair.ordered(), strict=True):
        lines.append(
            f"    {name:<{size}}  kappa {_figure(category.kappa.kappa):>6}  alpha "
            f"{_figure(category.counts.alpha):>6}  agreement "
            f"{_figure(category.counts.percent, 1):>5}%"
        )
    return lines


def run(options: argparse.Namespace) -> int:
    """Compare every pair of analysts of the project in ``options.files[0]``; 0 on success."""
    from annotations.projects.pair_agreement import project_agreement
    from annotations.projects.project import load_project
    from annotations.text_plural import plural_word

    project = load_project(options.files[0])
    report = project_agreement(project, options.unit, use_cache=not options.no_cache)
    for line in report.left_out:
        print(f"policy-annotate: {line} (left out)", file=sys.stderr)
    if options.format == "json":
        print(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
        return 0
    if not report.pairs:
        print(f"{project.model.name}: no document was coded by two analysts")
        return 0
    lines = [f"{project.model.name}: agreement per pair of analysts ({options.unit}s)"]
    if report.left_out:
        left_out = len(report.left_out)
        lines.append(
            f"{left_out} {plural_word(left_out, 'file or document', 'files or documents')} "
            "left out (see the warnings)"
        )
    for pair in report.pairs:
        lines += ["", *pair_lines(pair, options.unit)]
    print("\n".join(lines))
    return 0
