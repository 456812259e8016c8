"""Reading an annotation file into its model: problems returned, or raised as one error.

``read_annotation_file`` reports every problem and lets the caller decide; ``load_annotation_file``
and ``load_annotation_files`` are what a command wants: the model, or an ``AnnotationFileError``
listing every problem, one line each.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from annotations.errors import AnnotationFileError, Problem
from annotations.format.model import AnnotationFile
from annotations.format.tomlfile import LineMap, parse_annotation_text
from annotations.session.files import DiskState, disk_state


@dataclass(frozen=True, slots=True)
class LoadedFile:
    """An annotation file read without errors: its model, where each value is, and its disk state."""

    path: Path
    model: AnnotationFile
    lines: LineMap | None
    disk: DiskState | None


def document_path_of(model: AnnotationFile, annotation_file: Path) -> Path:
    """Where the annotation file says its document is."""
    return annotation_file.parent / Path(*posixpath.normpath(model.document.path).split("/"))


def read_annotation_file(
    path: Path, *, disk: bool = True
) -> tuple[AnnotationFile | None, list[Problem], LineMap | None, DiskState | None]:
    """Read and parse an annotation file; problems are returned, not raised.

    ``disk=False`` skips the DiskState (a sha256 of the file), returning None in its place,
    for a caller that will not save.
    """
    name = str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None, [Problem(name, "no such file")], None, None
    except IsADirectoryError:
        return None, [Problem(name, "is a folder, not an annotation file")], None, None
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
    model, problems, lines = parse_annotation_text(holder.pop(), name, source=reread)
    return model, problems, lines, state


def load_annotation_file(path: Path, *, disk: bool = True) -> LoadedFile:
    """Read an annotation file; raises AnnotationFileError listing its errors if it has any.

    Warnings are not errors: a file with only warnings loads.
    """
    model, problems, lines, state = read_annotation_file(path, disk=disk)
    errors = [p for p in problems if p.severity == "error"]
    if model is None or errors:
        raise AnnotationFileError(errors or problems or [Problem(str(path), "cannot be read")])
    return LoadedFile(path, model, lines, state)


def load_annotation_files(paths: Iterable[Path], *, disk: bool = True) -> list[LoadedFile]:
    """Read several annotation files; raises one AnnotationFileError listing every file's errors."""
    loaded: list[LoadedFile] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            loaded.append(load_annotation_file(path, disk=disk))
        except AnnotationFileError as error:
            problems += error.problems
    if problems:
        raise AnnotationFileError(problems)
    return loaded
