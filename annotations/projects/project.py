"""A project on disk: its folder, its project file read with one-line errors, and saving it.

``load_project`` raises ``ProjectFileError`` listing every problem of the project file, one line
each (``FILE:LINE: field: message``); ``Project.save`` writes it atomically through
:mod:`annotations.session.files`, refusing to overwrite a file someone changed meanwhile.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path

from annotations.errors import PolicyAnnotateError, Problem
from annotations.projects.enclosing import FOLDER_NOT_FILE, NOT_A_PROJECT, missing_project_problem
from annotations.projects.model import PROJECT_FILE, ProjectDocument, ProjectFile
from annotations.projects.projectfile import dump_project_text, parse_project_text
from annotations.session.files import DiskState, atomic_write, disk_state


class ProjectFileError(PolicyAnnotateError):
    """The project file is missing, malformed or inconsistent."""


@dataclass
class Project:
    """A project folder with its project file in memory and what that file was on disk."""

    folder: Path
    model: ProjectFile
    disk: DiskState | None = None

    @property
    def path(self) -> Path:
        """The project file."""
        return self.folder / PROJECT_FILE

    def document_path(self, document: ProjectDocument) -> Path:
        """Where a document of the project is on disk."""
        return self.folder / Path(*posixpath.normpath(document.path).split("/"))

    def relative(self, path: Path) -> str:
        """``path`` (inside the folder) as the project file names it: relative, '/' separators.

        Raises ProjectFileError for a path outside the project folder.
        """
        try:
            parts = path.resolve().relative_to(self.folder.resolve()).parts
        except ValueError:
            raise ProjectFileError(
                [Problem(str(path), f"is outside the project folder {self.folder}")]
            ) from None
        return "/".join(parts)

    def save(self, *, overwrite_changed: bool = False) -> DiskState:
        """Write the project file atomically (keeping ``policy-annotate.toml.bak``), creating
        the project folder if need be."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            reason = error.strerror or str(error)
            raise ProjectFileError(
                [Problem(str(self.folder), f"cannot be created ({reason})")]
            ) from None
        data = dump_project_text(self.model).encode("utf-8")
        self.disk = atomic_write(
            self.path, data, expected=self.disk, overwrite_changed=overwrite_changed
        )
        return self.disk


def read_project_file(path: Path) -> tuple[ProjectFile | None, list[Problem], DiskState | None]:
    """Read and parse a project file; problems are returned, not raised."""
    name = str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None, [Problem(name, NOT_A_PROJECT)], None
    except IsADirectoryError:
        return None, [Problem(name, FOLDER_NOT_FILE)], None
    except OSError as error:
        return None, [Problem(name, f"cannot be read ({error.strerror or error})")], None
    state = disk_state(path, data)
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        message = f"not UTF-8 text (byte {error.start}); project files are UTF-8 TOML"
        return None, [Problem(name, message)], state
    model, problems = parse_project_text(text, name)
    return model, problems, state


def load_project(folder: Path) -> Project:
    """The project in ``folder``; raises ProjectFileError listing the project file's errors."""
    path = folder / PROJECT_FILE
    if (problem := missing_project_problem(folder)) is not None:
        raise ProjectFileError([problem])
    model, problems, state = read_project_file(path)
    errors = [p for p in problems if p.severity == "error"]
    if model is None or errors:
        raise ProjectFileError(errors or problems or [Problem(str(path), "cannot be read")])
    return Project(folder=folder, model=model, disk=state)


def new_project(folder: Path, name: str, *, force: bool = False) -> Project:
    """A new, empty project in ``folder`` (created if need be) with the default principles, not
    yet saved. Raises ProjectFileError if a project file is there already and not ``force``."""
    from annotations.format.taxonomy_defaults import DEFAULT_PRINCIPLES
    from annotations.projects.model import Codebook

    if folder.exists() and not folder.is_dir():
        raise ProjectFileError([Problem(str(folder), "is not a folder")])
    path = folder / PROJECT_FILE
    disk: DiskState | None = None
    if path.exists():
        if not force:
            raise ProjectFileError(
                [
                    Problem(
                        str(path),
                        "a project is already here; not overwritten (--force replaces it)",
                    )
                ]
            )
        disk = disk_state(path, path.read_bytes())
    model = ProjectFile(
        name=name,
        codebook=Codebook(principles=[p.model_copy(deep=True) for p in DEFAULT_PRINCIPLES]),
    )
    return Project(folder=folder, model=model, disk=disk)
