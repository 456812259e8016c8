"""The ``policy-annotate`` command: argument parsing, subcommands and exit codes.

Only the path that opens the app imports Textual; every other command stays light and quick.
Exit codes: 0 success, 1 a problem with the input (each printed on one line), 2 a usage error,
130 interrupted.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from annotations import __version__
from annotations.errors import PolicyAnnotateError, Problem

COMMANDS = (
    "validate",
    "schema",
    "init",
    "summary",
    "reanchor",
    "merge",
    "diff",
    "agreement",
    "export",
    "import",
    "open",
)
SUMMARY_FORMATS = ("text", "md", "html", "svg", "json", "csv")
SUMMARY_EXTENSIONS = {
    ".txt": "text",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".svg": "svg",
    ".json": "json",
    ".csv": "csv",
}

DESCRIPTION = """\
Tag passages of policy documents to recommendations and principles.

  policy-annotate                      open the bundled sample (a copy in ./policy-annotate-sample)
  policy-annotate DOCUMENT [-a FILE]   annotate DOCUMENT (annotations in NAME.annotations.toml)
  policy-annotate FILE.toml            open an annotation file with the document it names
  policy-annotate COMMAND ...          see the commands below
"""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with one subparser per command."""
    parser = argparse.ArgumentParser(
        prog="policy-annotate",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Run 'policy-annotate COMMAND --help' for a command's options.",
    )
    parser.add_argument("--version", action="version", version=f"policy-annotate {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    open_ = commands.add_parser("open", help="annotate a document in the app (the default command)")
    open_.add_argument(
        "document",
        nargs="?",
        type=Path,
        metavar="DOCUMENT",
        help=(
            "a document (.md, .txt, .html, .docx, .pdf) or an annotation file (.toml); "
            "none: the bundled sample"
        ),
    )
    open_.add_argument(
        "-a",
        "--annotations",
        type=Path,
        metavar="FILE",
        help="the annotation file (default: NAME.annotations.toml beside the document)",
    )
    open_.add_argument(
        "--author",
        metavar="NAME",
        help="your name on new annotations (default: $POLICY_ANNOTATE_AUTHOR, else your user name)",
    )

    validate = commands.add_parser(
        "validate", help="check annotation files against the format and their documents"
    )
    validate.add_argument("files", nargs="+", type=Path, metavar="FILE")
    validate.add_argument("-q", "--quiet", action="store_true", help="print problems only")

    commands.add_parser("schema", help="print the JSON Schema of the annotation file")

    init = commands.add_parser(
        "init",
        help="create an annotation file for a document: the default principles, and the "
        "numbered recommendations found in it",
    )
    init.add_argument("document", type=Path, metavar="DOCUMENT")
    init.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE",
        help="default: NAME.annotations.toml beside the document",
    )
    init.add_argument(
        "--force", action="store_true", help="replace an existing file (kept as FILE.bak)"
    )
    init.add_argument(
        "--no-detect",
        dest="detect",
        action="store_false",
        help="do not seed the recommendations with those detected in the document",
    )
    summary = commands.add_parser(
        "summary", help="summarise annotation files: coverage of principles and recommendations"
    )
    summary.add_argument(
        "files",
        nargs="+",
        type=Path,
        metavar="FILE",
        help="annotation files of the same document (one per analyst, say)",
    )
    summary.add_argument(
        "--format", choices=SUMMARY_FORMATS, help="default: from the extension of -o, else text"
    )
    summary.add_argument(
        "-o", "--output", type=Path, metavar="OUT", help="write to OUT instead of standard output"
    )
    summary.add_argument(
        "--by",
        action="append",
        choices=("principle", "recommendation", "section", "author"),
        help="show only these views (repeatable; default: all)",
    )
    summary.add_argument(
        "--principle",
        action="append",
        default=[],
        metavar="ID",
        help="only annotations with this principle (repeatable)",
    )
    summary.add_argument(
        "--recommendation",
        action="append",
        default=[],
        metavar="ID",
        help="only annotations with this recommendation (repeatable)",
    )
    summary.add_argument(
        "--author",
        action="append",
        default=[],
        metavar="NAME",
        help="only annotations by this analyst (repeatable)",
    )
    summary.add_argument(
        "--quotes",
        type=int,
        default=3,
        metavar="N",
        help="quotes shown per recommendation (default 3)",
    )
    reanchor = commands.add_parser(
        "reanchor",
        help="relocate annotations after their document was revised (exact, moved, fuzzy, orphaned)",
    )
    reanchor.add_argument("file", type=Path, metavar="FILE.toml")
    reanchor.add_argument(
        "--document",
        type=Path,
        metavar="NEW",
        help="the revised document (default: the one the file names); [document].path is updated",
    )
    reanchor.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="OUT",
        help="write here (default: over FILE, the previous version kept as FILE.bak)",
    )
    merge_ = commands.add_parser(
        "merge",
        help="merge annotation files of the same document (or act as git's merge driver)",
    )
    merge_.add_argument(
        "files",
        nargs="+",
        type=Path,
        metavar="FILE",
        help="annotation files to merge; with --git: BASE OURS THEIRS (git's %%O %%A %%B)",
    )
    merge_.add_argument("-o", "--output", type=Path, metavar="OUT", help="write the merge here")
    merge_.add_argument(
        "--prefer",
        choices=("newest", "ours", "theirs"),
        help="resolve conflicts: the later 'updated', the first file's or the last file's",
    )
    merge_.add_argument(
        "--git",
        action="store_true",
        help="three-way merge BASE OURS THEIRS into OURS, as a git merge driver",
    )
    diff_ = commands.add_parser(
        "diff", help="show what differs between two annotation files (matched by annotation id)"
    )
    diff_.add_argument("a", type=Path, metavar="A.toml")
    diff_.add_argument("b", type=Path, metavar="B.toml")
    diff_.add_argument("--format", choices=("text", "json"), default="text", help="default: text")
    agreement = commands.add_parser(
        "agreement",
        help="inter-annotator agreement (percent, Cohen's kappa, Krippendorff's alpha) per tag",
    )
    agreement.add_argument(
        "files",
        nargs="+",
        type=Path,
        metavar="FILE",
        help="two or more annotation files of the same document (one per analyst)",
    )
    agreement.add_argument(
        "--unit",
        choices=("sentence", "paragraph"),
        default="sentence",
        help="the unit compared (default: sentence)",
    )
    agreement.add_argument(
        "--format", choices=("text", "json"), default="text", help="default: text"
    )
    export = commands.add_parser(
        "export", help="export an annotation file: REFI-QDA (qdpx, qdc), W3C JSON-LD, CSV"
    )
    export.add_argument("file", type=Path, metavar="FILE.toml")
    export.add_argument(
        "--to",
        choices=("qdpx", "qdc", "w3c", "csv"),
        help="default: from the extension of -o (.qdpx, .qdc, .jsonld/.json, .csv)",
    )
    export.add_argument(
        "-o", "--output", type=Path, metavar="OUT", help="default: FILE with the format's extension"
    )
    export.add_argument(
        "--force", action="store_true", help="replace an existing OUT (kept as OUT.bak)"
    )
    import_ = commands.add_parser(
        "import", help="import a REFI-QDA project (.qdpx) as a document and an annotation file"
    )
    import_.add_argument("file", type=Path, metavar="FILE.qdpx")
    import_.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="OUT",
        help="default: NAME.annotations.toml beside FILE",
    )
    import_.add_argument(
        "--document",
        type=Path,
        metavar="DOC",
        help="write the project's text here (default: beside OUT, named as in the project)",
    )
    import_.add_argument(
        "--force",
        action="store_true",
        help="replace an existing OUT or a different DOC (kept as .bak)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    # pydantic looks for plugins in every installed distribution when the first model is built;
    # policy-annotate uses none, and the scan is a noticeable part of start-up.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    arguments = list(sys.argv[1:] if argv is None else argv)
    if not arguments or (
        arguments[0] not in COMMANDS and arguments[0] not in {"-h", "--help", "--version"}
    ):
        arguments.insert(0, "open")
    options = build_parser().parse_args(arguments)
    handlers: dict[str, Callable[[argparse.Namespace], int]] = {
        "open": _open,
        "validate": _validate,
        "schema": _schema,
        "init": _init,
        "summary": _summary,
        "reanchor": _reanchor,
        "merge": _merge,
        "diff": _diff,
        "agreement": _agreement,
        "export": _export,
        "import": _import,
    }
    try:
        return handlers[options.command](options)
    except PolicyAnnotateError as error:
        _report(error.problems)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        sys.stderr.close()
        return 1


def _report(problems: Sequence[Problem]) -> None:
    for problem in problems:
        print(f"policy-annotate: {problem}", file=sys.stderr)


def _validate(options: argparse.Namespace) -> int:
    from annotations.checking import validate_file

    failed = False
    for path in options.files:
        problems = validate_file(path)
        errors = [p for p in problems if p.severity == "error"]
        _report(problems)
        if errors:
            failed = True
            print(f"{path}: {len(errors)} problem(s)", file=sys.stderr)
        elif not options.quiet:
            print(f"{path}: valid")
    return 1 if failed else 0


def _schema(options: argparse.Namespace) -> int:
    import json

    from annotations.format.model import json_schema

    print(json.dumps(json_schema(), indent=2, ensure_ascii=False))
    return 0


def _init(options: argparse.Namespace) -> int:
    from annotations.documents.document import load_document
    from annotations.session.files import default_annotation_path
    from annotations.session.store import new_store

    document = load_document(options.document)
    output = options.output or default_annotation_path(options.document)
    store = new_store(document, output)
    detected = ""
    if options.detect:
        from annotations.documents.detection import (
            detect_recommendations,
            in_number_order,
            summarise_ids,
        )
        from annotations.format.model import Recommendation

        found = in_number_order(detect_recommendations(document))
        store.model.taxonomy.recommendations = [
            Recommendation(
                id=item.id,
                title=item.title,
                description=item.label if not item.label[:1].isdigit() else "",
                start=item.start,
                end=item.end,
            )
            for item in found
        ]
        ids = summarise_ids([item.id for item in found])
        noun = "recommendation" if len(found) == 1 else "recommendations"
        detected = f"; {len(found)} {noun} detected" + (f": {ids}" if ids else "")
    if options.force and output.exists():
        from annotations.session.files import disk_state

        store.disk = disk_state(output, output.read_bytes())
    store.save()
    principles = ", ".join(p.label for p in store.model.taxonomy.principles)
    print(f"created {output} for {options.document} (principles: {principles}{detected})")
    return 0


def _summary(options: argparse.Namespace) -> int:
    from tui.summary_command import run_summary

    return run_summary(options)


def _reanchor(options: argparse.Namespace) -> int:
    from tui.reanchor_command import run_reanchor

    return run_reanchor(options)


def _merge(options: argparse.Namespace) -> int:
    from tui.merge_command import run_merge

    return run_merge(options)


def _diff(options: argparse.Namespace) -> int:
    from tui.diff_command import run_diff

    return run_diff(options)


def _agreement(options: argparse.Namespace) -> int:
    from tui.agreement_command import run_agreement

    if len(options.files) < 2:
        print("policy-annotate: agreement needs at least two annotation files", file=sys.stderr)
        return 2
    return run_agreement(options)


def _export(options: argparse.Namespace) -> int:
    from tui.export_command import run_export

    return run_export(options)


def _import(options: argparse.Namespace) -> int:
    from tui.import_command import run_import

    return run_import(options)


def _open(options: argparse.Namespace) -> int:
    # Little made during start-up is garbage, and the collector's passes over the freshly
    # imported modules cost ~13 ms of the first paint and ~30 ms of loading the annotations:
    # it is off until the app shows them.
    gc.disable()
    from tui.launch import prepare_session
    from tui.preflight import Preflight

    session = prepare_session(
        options.document, options.annotations, options.author, load_annotations=False
    )
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        print(
            "policy-annotate: the annotator needs a terminal (standard input and output are not "
            "one); for scripts use 'policy-annotate validate' or 'policy-annotate summary'",
            file=sys.stderr,
        )
        return 2
    preflight = Preflight(session)  # in a forked process, while Textual is imported
    for line in session.messages:
        print(line, file=sys.stderr)
    from tui.app import run_app  # Textual is imported here, and only here

    preflight.finish()
    return run_app(session)
