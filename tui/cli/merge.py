"""``policy-annotate merge``: merge analysts' annotation files, or act as git's merge driver.

Imports no Textual. Inputs are never modified; an existing -o OUT is refused unless --force (git's
%A is the exception, written by design); the output is written atomically, and not at all
when conflicts remain unresolved.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from annotations.documents.display import display_safe
from annotations.text_plural import count_of
from tui.cli.command import Command
from tui.cli.problems import UsageError

if TYPE_CHECKING:
    from annotations.exchange.merging import MergeResult
    from annotations.format.model import AnnotationFile


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """FILE..., -o OUT, --prefer and --git."""
    parser.add_argument(
        "files",
        nargs="+",
        type=Path,
        metavar="FILE",
        help=(
            "annotation files to merge; with --git: BASE OURS THEIRS (git's %%O %%A %%B; an "
            "empty BASE, for a file added on both branches, merges OURS and THEIRS as a union), "
            "annotation files or project files (policy-annotate.toml)"
        ),
    )
    parser.add_argument("-o", "--output", type=Path, metavar="OUT", help="write the merge here")
    parser.add_argument(
        "--prefer",
        choices=("newest", "ours", "theirs"),
        help=(
            "resolve conflicts: the later 'updated' (the same 'updated': the later file, said "
            "for each), the first file's or the last file's"
        ),
    )
    parser.add_argument(
        "--force", action="store_true", help="replace an existing OUT (kept as OUT.bak)"
    )
    parser.add_argument(
        "--git",
        action="store_true",
        help="three-way merge BASE OURS THEIRS into OURS, as a git merge driver (annotation "
        "files by annotation id; project files by document, principle and recommendation id)",
    )


def run(options: argparse.Namespace) -> int:
    """Merge FILE... into -o OUT, or (--git BASE OURS THEIRS) three-way into OURS."""
    from annotations.exchange.merging import merge, merge3
    from annotations.format.reading import document_path_of
    from annotations.format.tomlfile import check_consistency, iter_annotation_text
    from annotations.session.files import atomic_write, relative_document_path
    from tui.cli.outputs import refuse_existing, refuse_overwriting_inputs

    files: list[Path] = options.files
    if options.git:
        if len(files) != 3:
            raise UsageError("merge --git takes three files: BASE OURS THEIRS (%O %A %B)")
        # git's temporary files are not where the file lives, and the driver reads no document
        ancestor, *sides = files
        from tui.cli.merge_project import is_project_file, merge_git

        if is_project_file(sides[0]):
            origin = None if _is_empty(ancestor) else ancestor
            return merge_git(origin, sides[0], sides[1], options.prefer)
        base = None if _is_empty(ancestor) else _read(ancestor, check_document_path=False)
        ours, theirs = (_read(path, check_document_path=False) for path in sides)
        names = ("base", "ours", "theirs")  # git's %O %A %B are temporary files
        if base is None:  # added on both branches: no ancestor, so a two-way union
            result = merge([ours, theirs], list(names[1:]), options.prefer)
        else:
            result = merge3(base, ours, theirs, prefer=options.prefer, names=names)
        output = files[1]
    else:
        if options.output is None:
            raise UsageError("merge needs -o OUT (or --git BASE OURS THEIRS)")
        refuse_overwriting_inputs(options.output, files)
        refuse_existing(options.output, options.force)
        models = [_read(path) for path in files]
        # the merge names their document: writing it there would replace the document itself
        refuse_overwriting_inputs(
            options.output,
            [document_path_of(model, path) for model, path in zip(models, files, strict=True)],
        )
        result = merge(models, [str(path) for path in files], options.prefer)
        output = options.output
        if result.model is not None:
            document = document_path_of(models[0], files[0])
            result.model.document.path = relative_document_path(document, output)
    if result.model is None or result.conflicts:
        for conflict in result.conflicts:
            print(f"policy-annotate: conflict: {display_safe(str(conflict))}", file=sys.stderr)
        print(
            f"policy-annotate: {count_of(len(result.conflicts), 'unresolved conflict')}; "
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
    if not options.git:  # once written: a refused write says only why
        from tui.cli.outputs import warn_if_document_out_of_reach

        warn_if_document_out_of_reach(result.model, output)
    stream = sys.stderr if options.git else sys.stdout
    for conflict in result.resolved:
        if conflict.tie:
            print(f"policy-annotate: resolved: {display_safe(str(conflict))}", file=stream)
    print(_summary(result, output), file=stream)
    return 0


def _is_empty(path: Path) -> bool:
    """Whether git's ancestor %O is empty (or blank): the file was added on both branches."""
    try:
        return not path.read_bytes().strip()
    except OSError:
        return False  # reading it again reports the problem


def _read(path: Path, *, check_document_path: bool = True) -> AnnotationFile:
    from annotations.format.reading import load_annotation_file

    return load_annotation_file(path, disk=False, check_document_path=check_document_path).model


def _summary(result: MergeResult, output: Path) -> str:
    sources = ", ".join(f"{count} from {name}" for name, count in result.counts)
    return display_safe(
        f"{output}: {count_of(result.merged, 'annotation')} merged ({sources}); "
        f"{count_of(len(result.resolved), 'conflict')} resolved"
    )


COMMAND = Command(
    name="merge",
    help="merge annotation files of the same document (or act as git's merge driver)",
    description=(
        "Merge annotation files of the same document into one, or, with --git, act as git's "
        "three-way merge driver."
    ),
    add_arguments=add_arguments,
    run=run,
)
