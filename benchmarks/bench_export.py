"""Export/import benchmark of policy-annotate: 10,000 annotations over the 10 MB document.

Run from the project folder (about a minute):

    .venv/bin/python benchmarks/bench_export.py

It builds bench_core's inputs (the 10 MB document and 10,000 annotations over it), then times,
in process (median of 3, loading the annotation file excluded): the REFI-QDA export
(`annotations.exchange.refi_qda.export_project`, zip bytes in memory), the W3C JSON-LD export
(`annotations.exchange.web_annotation.export_json`), and the import of that QDPX
(`read_project` + building the annotation file); beside them, the whole
`policy-annotate export FILE --to qdpx|w3c` and `policy-annotate import` commands (median of 3).
No budget is set yet. Writes benchmarks/results/export.json.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for folder in (ROOT, ROOT / "benchmarks"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from bench_core import build_annotations, build_document, machine_info, median_of, row  # noqa: E402

from annotations.documents.document import load_document  # noqa: E402
from annotations.exchange.interchange import exportable  # noqa: E402
from annotations.exchange.refi_qda import export_project, read_project  # noqa: E402
from annotations.exchange.web_annotation import export_json  # noqa: E402
from annotations.session.store import load_store  # noqa: E402

RUNS = 3


def command_seconds(arguments: list[str], cwd: Path, cleanup: list[Path]) -> list[float]:
    """Seconds of each of RUNS runs of ``policy-annotate ARGUMENTS`` (outputs removed between)."""
    runs = []
    for _ in range(RUNS):
        for path in cleanup:
            path.unlink(missing_ok=True)
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "tui", *arguments], cwd=cwd, check=True, capture_output=True
        )
        runs.append(time.perf_counter() - started)
    return sorted(runs)


def main() -> int:
    info = machine_info()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        document_path, origin = build_document(folder)
        document = load_document(document_path)
        annotation_path = folder / "large.annotations.toml"
        build_annotations(document, annotation_path)
        store = load_store(annotation_path, document)
        fit, unfit = exportable(store.model, document.text)
        assert not unfit
        name = document_path.name

        qdpx_s, qdpx_runs = median_of(
            RUNS, lambda: export_project(store.model, fit, document.text, name)
        )
        qdpx = export_project(store.model, fit, document.text, name)
        w3c_s, w3c_runs = median_of(RUNS, lambda: export_json(store.model, fit))
        w3c = export_json(store.model, fit)
        qdpx_path = folder / "large.qdpx"
        qdpx_path.write_bytes(qdpx)

        def import_project() -> int:
            project = read_project(qdpx_path)
            return len(project.annotation_file(store.model.document).annotations)

        import_s, import_runs = median_of(RUNS, import_project)
        assert import_project() == len(fit)

        out_qdpx = folder / "cli.qdpx"
        out_w3c = folder / "cli.jsonld"
        out_toml = folder / "imported" / "large.annotations.toml"
        out_toml.parent.mkdir()
        export_qdpx_cmd = command_seconds(
            ["export", str(annotation_path), "-o", str(out_qdpx)], folder, [out_qdpx]
        )
        export_w3c_cmd = command_seconds(
            ["export", str(annotation_path), "-o", str(out_w3c)], folder, [out_w3c]
        )
        import_cmd = command_seconds(
            ["import", str(out_qdpx), "-o", str(out_toml)],
            folder,
            [out_toml, out_toml.parent / name],
        )
        figures = [
            ("export to QDPX, 10,000 annotations (in process)", qdpx_s),
            ("export to W3C JSON-LD (in process)", w3c_s),
            ("import of that QDPX (in process)", import_s),
            (
                "policy-annotate export FILE -o OUT.qdpx (whole command)",
                statistics.median(export_qdpx_cmd),
            ),
            (
                "policy-annotate export FILE -o OUT.jsonld (whole command)",
                statistics.median(export_w3c_cmd),
            ),
            ("policy-annotate import OUT.qdpx (whole command)", statistics.median(import_cmd)),
        ]
        for label, seconds in figures:
            print(row(label, f"{seconds:.3f} s", "", None))
        sizes = {"qdpx_bytes": len(qdpx), "w3c_bytes": len(w3c)}
        print(f"inputs: {origin}; {len(fit)} annotations; sizes: {sizes}")
        report = {
            "benchmark": "export",
            "machine": info,
            "inputs": {"document": origin, "annotations": len(fit), **sizes},
            "export_qdpx_s": {"median": round(qdpx_s, 4), "runs": [round(r, 4) for r in qdpx_runs]},
            "export_w3c_s": {"median": round(w3c_s, 4), "runs": [round(r, 4) for r in w3c_runs]},
            "import_qdpx_s": {
                "median": round(import_s, 4),
                "runs": [round(r, 4) for r in import_runs],
            },
            "command_export_qdpx_s": [round(r, 4) for r in export_qdpx_cmd],
            "command_export_w3c_s": [round(r, 4) for r in export_w3c_cmd],
            "command_import_qdpx_s": [round(r, 4) for r in import_cmd],
        }
        output = ROOT / "benchmarks" / "results" / "export.json"
        output.write_text(json.dumps(report, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
