"""Problems found in user input, reported one line each, never as a traceback."""

from __future__ import annotations

from dataclasses import dataclass

from annotations.documents.display import display_safe


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a file: where it is and what is wrong."""

    file: str
    message: str
    line: int | None = None
    field: str | None = None
    severity: str = "error"

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        what = self.message if self.field is None else f"{self.field}: {self.message}"
        prefix = "warning: " if self.severity == "warning" else ""
        return display_safe(f"{where}: {prefix}{what}").replace("\n", " ")


class PolicyAnnotateError(Exception):
    """Base of the errors that carry a user-facing message."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class DocumentError(PolicyAnnotateError):
    """A document could not be opened or decoded."""

    def __init__(self, file: str, message: str) -> None:
        super().__init__([Problem(file, message)])


class AnnotationFileError(PolicyAnnotateError):
    """An annotation file is malformed or does not fit its document."""


class SaveError(PolicyAnnotateError):
    """A save did not happen; the file on disk is as it was."""

    def __init__(self, file: str, message: str) -> None:
        super().__init__([Problem(file, message)])


class FileChangedError(SaveError):
    """The file changed on disk since it was read; saving would lose someone's work."""


class UnwritableError(SaveError):
    """The file cannot be written where it is (its folder is read-only or gone): trying again
    will not help, saving needs another path."""


class ReadOnlyError(UnwritableError):
    """The file itself is read-only: it is respected, never replaced."""
