"""Reading an annotation file into its model: problems returned, or raised as one error.

``read_annotation_file`` reports every problem and lets the caller decide; ``load_annotation_file``
and ``load_annotation_files`` are what a command wants: the model, or an ``AnnotationFileError``
listing every problem, one line each.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from annotations.errors import AnnotationFileError, Problem
from annotations.format.document_path import document_path_of, document_path_problem
from annotations.format.model import AnnotationFile
from annotations.format.nesting import MAX_DEPTH, too_deep
from annotations.format.tomlfile import LineMap, field_name, parse_annotation_text
from annotations.regular_files import NotARegularFile, read_regular_file
from annotations.session.files import DiskState, disk_state


@dataclass(frozen=True, slots=True)
class LoadedFile:
    """An annotation file read without errors: its model, where each value is, and its disk state."""

    path: Path
    model: AnnotationFile
    lines: LineMap | None
    disk: DiskState | None


__all__ = [
    "LoadedFile",
    "document_path_of",
    "load_annotation_file",
    "load_annotation_files",
    "read_annotation_file",
]


def read_annotation_file(
    path: Path, *, disk: bool = True, check_document_path: bool = True
) -> tuple[AnnotationFile | None, list[Problem], LineMap | None, DiskState | None]:
    """Read and parse an annotation file; problems are returned, not raised.

    ``disk=False`` skips the DiskState (a sha256 of the file), returning None in its place,
    for a caller that will not save. TOML nested deeper than the parser or the tool's writer
    go (``annotations.format.nesting``) is a problem like any other. A ``[document].path`` out
    of the file's folder tree, or of no document type, is a problem and gives no model
    (``annotations.format.document_path``), unless ``check_document_path=False``: for a caller
    whose user named the document explicitly, or that never reads it.
    """
    name = str(path)
    try:
        data = read_regular_file(path)
    except FileNotFoundError:
        return None, [Problem(name, "no such file")], None, None
    except IsADirectoryError:
        return None, [Problem(name, "is a folder, not an annotation file")], None, None
    except NotARegularFile:
        message = "is not a regular file (a pipe or a device), not an annotation file"
        return None, [Problem(name, message)], None, None
    except OSError as error:
        return None, [Problem(name, f"cannot be read ({error.strerror or error})")], None, None
    state = disk_state(path, data) if disk else None
    try:
        holder = [data.decode("utf-8").removeprefix("\ufeff")]
    except UnicodeDecodeError as error:
        message = f"not UTF-8 text (byte {error.start}); annotation files are UTF-8 TOML"
        return None, [Problem(name, message)], None, state
    del data

    def reread() -> str:
        return path.read_bytes().decode("utf-8", "replace").removeprefix("\ufeff")

    # The parser gets the only reference to the text and lets go of it before validating,
    # which lowers the peak memory of opening a large file.
    try:
        model, problems, lines = parse_annotation_text(holder.pop(), name, source=reread)
    except RecursionError as error:
        # tomli's limit on nesting (arrays or tables hundreds deep, a dotted key of thousands
        # of parts), or a value nested deeper still: bad TOML all the same
        reason = str(error) if str(error).startswith("TOML") else "nested too deeply"
        return None, [Problem(name, f"not valid TOML: {reason}")], None, state
    if model is not None:
        deep = too_deep(model)
        if deep is not None:
            message = f"nested more than {MAX_DEPTH} levels deep; policy-annotate reads no deeper"
            problem = Problem(name, message, lines.line_of(deep), field_name(deep))
            return None, [problem], lines, state
    if model is not None and check_document_path:
        refusal = document_path_problem(model, path, lines)
        if refusal is not None:
            return None, [*problems, refusal], lines, state
    return model, problems, lines, state


def load_annotation_file(
    path: Path, *, disk: bool = True, check_document_path: bool = True
) -> LoadedFile:
    """Read an annotation file; raises AnnotationFileError listing its errors if it has any.

    Warnings are not errors: a file with only warnings loads. ``check_document_path`` as for
    ``read_annotation_file``.
    """
    model, problems, lines, state = read_annotation_file(
        path, disk=disk, check_document_path=check_document_path
    )
    errors = [p for p in problems if p.severity == "error"]
    if model is None or errors:
        raise AnnotationFileError(errors or problems or [Problem(str(path), "cannot be read")])
    return LoadedFile(path, model, lines, state)


def load_annotation_files(
    paths: Iterable[Path], *, disk: bool = True, check_document_path: bool = True
) -> list[LoadedFile]:
    """Read several annotation files; raises one AnnotationFileError listing every file's errors."""
    loaded: list[LoadedFile] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            loaded.append(
                load_annotation_file(path, disk=disk, check_document_path=check_document_path)
            )
        except AnnotationFileError as error:
            problems += error.problems
    if problems:
        raise AnnotationFileError(problems)
    return loaded
