"""Agreement benchmark of policy-annotate: two 10,000-annotation files of one 10 MB document.

Run from the project folder:

    .venv/bin/python benchmarks/bench_agreement.py [--strict]

It builds bench_core's inputs (the 10 MB document and 10,000 annotations over it), then a second
analyst's file from the first with about 10% of the annotations' tags changed (fixed seed: one
principle swapped for another, or the recommendation replaced). It times
`annotations.exchange.agreement.compute_agreement` at the sentence unit (median of 3; loading the files and
the document, and building its sentence index, excluded). Budget: <= 2 s.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for folder in (ROOT, ROOT / "benchmarks"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from bench_core import build_annotations, build_document, machine_info, median_of, row  # noqa: E402

from annotations.documents.document import load_document  # noqa: E402
from annotations.exchange.agreement import compute_agreement  # noqa: E402
from annotations.session.editing import AnnotationSet, Edit  # noqa: E402
from annotations.session.store import load_store  # noqa: E402

BUDGET_S = 2.0
CHANGED_SHARE = 0.10
SEED = 20261128


def second_analyst(first: Path, second: Path) -> int:
    """Analyst B's file: about 10% of the annotations with their tags changed."""
    rng = random.Random(SEED)
    store = load_store(first)
    store.path, store.disk = second, None
    annotations = AnnotationSet(store.model, store.document)
    principles = [p.id for p in store.model.taxonomy.principles]
    recommendations = [r.id for r in store.model.taxonomy.recommendations]
    originals = []
    changed = []
    for annotation in annotations.ordered():
        if rng.random() >= CHANGED_SHARE:
            continue
        tags = list(annotation.principles)
        if rng.random() < 0.5 or not annotation.recommendations:
            dropped = rng.randrange(len(tags)) if tags else None
            if dropped is not None:
                tags.pop(dropped)
            spare = [p for p in principles if p not in tags]
            if spare:
                tags.append(rng.choice(spare))
            update = {"principles": tags}
        else:
            update = {"recommendations": [rng.choice(recommendations)]}
        originals.append(annotation)
        changed.append(annotation.model_copy(update=update))
    annotations.apply(Edit("analyst B", removed=tuple(originals), added=tuple(changed)))
    annotations.sync_model()
    store.save()
    return len(changed)


def main() -> int:
    """Build the inputs, time the computation, print and record the figure."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--strict", action="store_true", help="exit 1 if the budget fails")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        document_path, origin = build_document(folder)
        document = load_document(document_path)
        first = folder / "large.analyst-a.toml"
        build_annotations(document, first)
        second = folder / "large.analyst-b.toml"
        changed = second_analyst(first, second)
        models = [load_store(first, document).model, load_store(second, document).model]
        sentences = len(document.sentence_starts)
        names = [str(first), str(second)]
        # each run loads the document afresh, so its sentence index (the units) is part of the time
        seconds, runs = median_of(
            3, lambda: compute_agreement(load_document(document_path), models, names, "sentence")
        )
        report = compute_agreement(document, models, names, "sentence")
    passed = seconds <= BUDGET_S
    print(
        row(
            "agreement of two 10,000-annotation files (sentences)",
            f"{seconds:.3f} s",
            f"<= {BUDGET_S} s",
            passed,
        )
    )
    disagreements = sum(len(c.disagreements) for c in report.categories)
    alpha = report.overall.alpha
    print(
        f"inputs: {origin}; {sentences:,} sentences (document and index loaded in each run); "
        f"{changed:,} annotations changed in B; overall alpha "
        f"{'n/a' if alpha is None else f'{alpha:.3f}'}; {disagreements:,} disagreeing units "
        f"over {len(report.categories)} categories; runs {[round(r, 3) for r in runs]}"
    )
    output = ROOT / "benchmarks" / "results" / "agreement.json"
    output.write_text(
        json.dumps(
            {
                "benchmark": "agreement",
                "machine": machine_info(),
                "inputs": {"document": origin, "sentences": sentences, "changed_in_b": changed},
                "agreement_s": {"median": round(seconds, 4), "runs": [round(r, 4) for r in runs]},
                "verdict": "PASS" if passed else "FAIL",
            },
            indent=2,
        )
        + "\n"
    )
    return 1 if options.strict and not passed else 0


if __name__ == "__main__":
    sys.exit(main())
