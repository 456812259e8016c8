"""Re-anchoring benchmark: 10,000 annotations over a ~1.5 MB document after ~5% of it was edited.

Run from the project folder with the project's interpreter:

    .venv/bin/python benchmarks/bench_reanchor.py

It builds a ~1.5 MB document from the corpus (us-intelligence-reform-act-2004-compilation.md,
repeated or cut to size; samples/review.md repeated when the corpus is absent), 10,000 annotations
over its sentences with the annotation API, then edits ~5% of the text with random deletions,
insertions and replacements of short spans (fixed seed), and times
annotations.exchange.reanchoring.reanchor on a fresh copy of the model (median of 3, budget <= 5 s).
It prints the class counts (exact, moved, fuzzy, orphaned). Exit code 1 with --strict when the
budget fails.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from annotations.documents.document import Document  # noqa: E402
from annotations.exchange.reanchoring import AnchorClass, reanchor  # noqa: E402
from annotations.format.model import AnnotationFile, DocumentRef  # noqa: E402
from annotations.session.editing import AnnotationSet, Edit  # noqa: E402

CORPUS = Path(os.environ.get("POLICY_ANNOTATE_CORPUS", ROOT.parent / "shared" / "corpus"))
CORPUS_DOCUMENT = "us-intelligence-reform-act-2004-compilation.md"
FALLBACK = ROOT / "samples" / "review.md"
TARGET_CODE_POINTS = 1_500_000
ANNOTATION_COUNT = 10_000
EDIT_FRACTION = 0.05
SEED = 20261127
RUNS = 3
BUDGET_S = 5.0
COPY_LETTERS = (("", ""), ("e", "é"), ("a", "à"), ("o", "ö"), ("i", "ï"))


def build_text() -> tuple[str, str]:
    """About 1.5 million code points of policy text, and where they came from."""
    source = CORPUS / CORPUS_DOCUMENT
    origin = f"{CORPUS_DOCUMENT} (corpus)"
    if not source.is_file():
        source, origin = FALLBACK, "samples/review.md (corpus absent)"
    piece = source.read_text(encoding="utf-8").replace("\r\n", "\n").rstrip("\n") + "\n\n"
    repeats = -(-TARGET_CODE_POINTS // len(piece))
    # Each copy gets its own accented letter, so a sentence is not found verbatim in another
    # copy (which would make every edited quote "moved" instead of "fuzzy").
    copies = [piece.replace(*COPY_LETTERS[i % len(COPY_LETTERS)]) for i in range(repeats)]
    text = "".join(copies)[:TARGET_CODE_POINTS]
    return text, f"{origin}, {repeats} copies (each with its own accented letter), cut to size"


def build_model(document: Document) -> AnnotationFile:
    """10,000 annotations spread evenly over the sentences, made with the editing API."""
    model = AnnotationFile(
        document=DocumentRef(path="large.md", sha256=document.sha256, length=document.length)
    )
    annotations = AnnotationSet(model, document)
    starts, ends = document.sentence_starts, document.sentence_ends
    if len(starts) < ANNOTATION_COUNT:
        raise SystemExit(f"the document has only {len(starts)} sentences")
    step = len(starts) / ANNOTATION_COUNT
    made = [
        annotations.new_annotation(starts[int(k * step)], ends[int(k * step)], "bench")
        for k in range(ANNOTATION_COUNT)
    ]
    annotations.apply(Edit("add", added=tuple(made)))
    annotations.sync_model()
    return model


def edit_text(text: str, rng: random.Random) -> tuple[str, int]:
    """Delete, insert or replace short spans until ~5% of the text was touched; (text, edits)."""
    budget = int(len(text) * EDIT_FRACTION)
    positions = sorted(rng.sample(range(len(text)), budget // 8))
    pieces: list[str] = []
    cursor = 0
    touched = edits = 0
    words = ("the", "Secretary", "shall", "report", "not later than", "section", "; and", "€")
    for position in positions:
        if position < cursor or touched >= budget:
            continue
        pieces.append(text[cursor:position])
        span = rng.randint(1, 15)
        action = rng.choice(("delete", "insert", "replace"))
        inserted = " ".join(rng.choices(words, k=rng.randint(1, 3)))
        if action == "delete":
            cursor = position + span
            touched += span
        elif action == "insert":
            pieces.append(inserted)
            cursor = position
            touched += len(inserted)
        else:
            pieces.append(inserted)
            cursor = position + span
            touched += max(span, len(inserted))
        edits += 1
    pieces.append(text[cursor:])
    return "".join(pieces), edits


def main() -> int:
    """Build, edit, time and report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--strict", action="store_true", help="exit 1 if the budget fails")
    options = parser.parse_args()
    text, origin = build_text()
    document = Document(text, markdown=True)
    model = build_model(document)
    new_text, edits = edit_text(text, random.Random(SEED))
    new_document = Document(new_text, markdown=True)
    _ = new_document.sha256
    times: list[float] = []
    counts: dict[AnchorClass, int] = {}
    for _run in range(RUNS):
        copy = model.model_copy(deep=True)
        start = time.perf_counter()
        result = reanchor(copy, new_document)
        times.append(time.perf_counter() - start)
        counts = result.counts
    median = statistics.median(times)
    print(f"document: {origin}; {len(text):,} -> {len(new_text):,} code points, {edits:,} edits")
    print(f"annotations: {len(model.annotations):,}")
    print("classes: " + ", ".join(f"{counts[kind]:,} {kind.value}" for kind in AnchorClass))
    runs = ", ".join(f"{t:.2f}" for t in times)
    verdict = "PASS" if median <= BUDGET_S else "FAIL"
    print(
        f"reanchor: median {median:.2f} s of {RUNS} ({runs}); budget <= {BUDGET_S:.0f} s {verdict}"
    )
    return 1 if options.strict and verdict == "FAIL" else 0


if __name__ == "__main__":
    raise SystemExit(main())
