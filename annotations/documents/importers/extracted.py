"""What importers produce: the text extracted from a file, and the error for a missing extra."""

from __future__ import annotations

from dataclasses import dataclass

from annotations.errors import DocumentError


@dataclass(frozen=True, slots=True)
class ImportedText:
    """The text an importer extracted from a file, with where its pages start."""

    text: str
    pages: tuple[int, ...]
    importer: str
    source_sha256: str


@dataclass(frozen=True, slots=True)
class Extracted:
    """What an importer function returns: the text and its page start offsets."""

    text: str
    pages: tuple[int, ...] = ()


def missing_extra(name: str, what: str, extra: str) -> DocumentError:
    """The one-line error for an optional library that is not installed."""
    return DocumentError(
        name, f"{what} import needs the '{extra}' extra: pip install 'policy-annotate[{extra}]'"
    )
