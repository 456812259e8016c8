"""``policy-annotate export``: an annotation file in another tool's format.

Imports no Textual. The formats are ``annotations.exchange.registry``'s. The input is never
modified; OUT is written atomically and an existing OUT is refused unless --force (then the
previous one is kept as OUT.bak, as ``init --force`` does).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from annotations.documents.display import display_safe
from annotations.exchange.registry import EXPORT_FORMATS
from annotations.text_plural import count_of, plural_word
from tui.cli.command import Command, add_document_argument
from tui.cli.problems import UsageError

if TYPE_CHECKING:
    from annotations.exchange.registry import ExportFormat, ExportSource


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """FILE.toml, --to FORMAT, -o OUT, --force and --document."""
    extensions = ", ".join("/".join(entry.extensions) for entry in EXPORT_FORMATS)
    parser.add_argument(
        "file",
        type=Path,
        metavar="FILE.toml",
        help="an annotation file, or a project folder (exported whole: -o OUT.csv, long form, "
        "or -o OUT.qdpx, one REFI-QDA project of all its documents)",
    )
    parser.add_argument(
        "--to",
        choices=[entry.name for entry in EXPORT_FORMATS],
        help=f"default: from the extension of -o ({extensions})",
    )
    parser.add_argument(
        "-o", "--output", type=Path, metavar="OUT", help="default: FILE with the format's extension"
    )
    parser.add_argument(
        "--force", action="store_true", help="replace an existing OUT (kept as OUT.bak)"
    )
    add_document_argument(parser)


def output_for(path: Path, fmt: ExportFormat) -> Path:
    """The default OUT: FILE with the format's extension (``review.analyst-a.qdpx``)."""
    name = path.name.removesuffix(".toml").removesuffix(".annotations")
    return path.with_name(name + fmt.extensions[0])


def _format(options: argparse.Namespace) -> ExportFormat:
    """The format --to names, else the one -o OUT's extension names; UsageError if neither."""
    from annotations.exchange.registry import export_format, export_format_for

    if options.to is not None:
        return export_format(options.to)
    if options.output is None:
        extensions = ", ".join(e for entry in EXPORT_FORMATS for e in entry.extensions)
        raise UsageError(f"export: give --to FORMAT or -o OUT ({extensions})")
    fmt = export_format_for(options.output)
    if fmt is None:
        names = "|".join(entry.name for entry in EXPORT_FORMATS)
        raise UsageError(
            f"export: cannot tell the format from {display_safe(options.output.name)!r}; "
            f"give --to {names}"
        )
    return fmt


def _source(
    path: Path, output: Path, fmt: ExportFormat, force: bool, named: Path | None
) -> ExportSource:
    """Load FILE (and its document, if the format needs it: the one it names, or ``named``),
    after refusing a bad OUT."""
    from annotations.exchange.registry import ExportSource
    from annotations.format.reading import document_path_of
    from tui.cli.outputs import refuse_existing, refuse_overwriting_inputs

    if not fmt.needs_document:
        from annotations.format.reading import load_annotation_file

        model = load_annotation_file(path, disk=False, check_document_path=named is None).model
        refuse_overwriting_inputs(output, [path, named or document_path_of(model, path)])
        refuse_existing(output, force)
        return ExportSource(path, model, None, list(model.annotations))
    from annotations.documents.document import load_document
    from annotations.exchange.interchange import exportable
    from annotations.session.store import load_store

    store = load_store(path, None if named is None else load_document(named))
    document = store.document
    refuse_overwriting_inputs(output, [path, document.path or document_path_of(store.model, path)])
    refuse_existing(output, force)
    fit, unfit = exportable(store.model, document.text)
    if unfit:
        print(
            f"policy-annotate: {display_safe(str(path))}: warning: {count_of(len(unfit), 'annotation')} "
            f"no longer {plural_word(len(unfit), 'matches', 'match')} the document and are not exported (run policy-annotate reanchor)",
            file=sys.stderr,
        )
    return ExportSource(path, store.model, document, fit)


def run(options: argparse.Namespace) -> int:
    """Export FILE to --to FORMAT (or the format of -o OUT's extension)."""
    from annotations.session.files import atomic_write

    if options.file.is_dir():
        from tui.cli import project_export

        return project_export.run(options)
    fmt = _format(options)
    path: Path = options.file
    output: Path = options.output or output_for(path, fmt)
    exported = fmt.write(_source(path, output, fmt, options.force, options.document))
    # with --force an existing OUT is replaced and kept as OUT.bak
    atomic_write(output, exported.data, expected=None, overwrite_changed=options.force, backup=True)
    print(display_safe(f"wrote {output} ({fmt.name}: {exported.contents})"))
    return 0


COMMAND = Command(
    name="export",
    help="export an annotation file: REFI-QDA (qdpx, qdc), W3C JSON-LD, CSV",
    description=(
        "Export an annotation file, or a whole project, for other tools: a REFI-QDA project or "
        "codebook (ATLAS.ti, MAXQDA, NVivo), W3C Web Annotations, or a spreadsheet."
    ),
    add_arguments=add_arguments,
    run=run,
)
