"""``policy-annotate merge``: merge analysts' annotation files, or act as git's merge driver.

Imports no Textual. Inputs are never modified; the output is written atomically, and not at all
when conflicts remain unresolved.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from annotations.documents.display import display_safe
from annotations.errors import AnnotationFileError, Problem
from annotations.exchange.merging import MergeResult, merge, merge3
from annotations.format.model import AnnotationFile
from annotations.format.reading import document_path_of, read_annotation_file
from annotations.format.tomlfile import check_consistency, iter_annotation_text
from annotations.session.files import atomic_write, relative_document_path


def run_merge(options: argparse.Namespace) -> int:
    """Merge FILE... into -o OUT, or (--git BASE OURS THEIRS) three-way into OURS."""
    files: list[Path] = options.files
    if options.git:
        if len(files) != 3:
            print(
                "policy-annotate: merge --git takes three files: BASE OURS THEIRS (%O %A %B)",
                file=sys.stderr,
            )
            return 2
        base, ours, theirs = (_read(path) for path in files)
        names = ("base", "ours", "theirs")  # git's %O %A %B are temporary files
        result = merge3(base, ours, theirs, prefer=options.prefer, names=names)
        output = files[1]
    else:
        if options.output is None:
            print(
                "policy-annotate: merge needs -o OUT (or --git BASE OURS THEIRS)", file=sys.stderr
            )
            return 2
        models = [_read(path) for path in files]
        result = merge(models, [str(path) for path in files], options.prefer)
        output = options.output
        if result.model is not None:
            document = document_path_of(models[0], files[0])
            result.model.document.path = relative_document_path(document, output)
    if result.model is None or result.conflicts:
        for conflict in result.conflicts:
            print(f"policy-annotate: conflict: {display_safe(str(conflict))}", file=sys.stderr)
        print(
            f"policy-annotate: {len(result.conflicts)} unresolved conflict(s); "
            f"{display_safe(str(output))} not written (use --prefer newest|ours|theirs)",
            file=sys.stderr,
        )
        return 1
    invalid = check_consistency(result.model, str(output))
    if invalid:  # e.g. one side deleted a principle the other side tagged with
        for problem in invalid:
            print(f"policy-annotate: merged result: {problem}", file=sys.stderr)
        print(
            f"policy-annotate: the merge would not be valid; {display_safe(str(output))} not written",
            file=sys.stderr,
        )
        return 1
    pieces = (piece.encode("utf-8") for piece in iter_annotation_text(result.model))
    # git's %A is a temporary file of git's: no FILE.bak beside it in the working tree.
    atomic_write(output, pieces, expected=None, overwrite_changed=True, backup=not options.git)
    summary = _summary(result, output)
    print(summary, file=sys.stderr if options.git else sys.stdout)
    return 0


def _read(path: Path) -> AnnotationFile:
    model, problems, _lines, _state = read_annotation_file(path)
    errors = [p for p in problems if p.severity == "error"]
    if model is None or errors:
        raise AnnotationFileError(errors or problems or [Problem(str(path), "cannot be read")])
    return model


def _summary(result: MergeResult, output: Path) -> str:
    sources = ", ".join(f"{count} from {name}" for name, count in result.counts)
    return display_safe(
        f"{output}: {result.merged} annotation(s) merged ({sources}); "
        f"{len(result.resolved)} conflict(s) resolved"
    )
