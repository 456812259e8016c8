"""The annotation file, as pydantic models: document reference, taxonomy and annotations.

Unknown keys are kept (``extra="allow"``) and written back on save, so a file written by a newer
tool survives a round trip through this one. docs/format.md is the normative description.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from annotations.text_plural import count_of

FORMAT_NAME = "policy-annotate"
FORMAT_VERSION = 1
CONTEXT_LENGTH = 32


class Stance(StrEnum):
    """What a passage says about the recommendation or principle it is tagged with."""

    NEUTRAL = "neutral"
    SUPPORT = "support"
    CAUTION = "caution"
    OPPOSE = "oppose"

    def next(self) -> Stance:
        """The stance after this one, in the order neutral, support, caution, oppose."""
        members = list(Stance)
        return members[(members.index(self) + 1) % len(members)]


def _utc_seconds(value: datetime) -> datetime:
    if value.tzinfo is None:  # a TOML local date-time would mean different times on each machine
        raise ValueError(
            "a local date-time (no offset); write it in UTC with Z, e.g. 2026-11-27T10:05:00Z"
        )
    return value.astimezone(UTC).replace(microsecond=0)


def _not_a_date(value: object) -> object:
    if isinstance(value, date) and not isinstance(value, datetime):  # a TOML local date
        raise ValueError(
            "a date without a time; write a date-time in UTC with Z, e.g. 2026-11-27T10:05:00Z"
        )
    return value


def _lf_only(value: str) -> str:
    return value.replace("\r\n", "\n").replace("\r", "\n") if "\r" in value else value


_WINDOWS_DRIVE = re.compile(r"[A-Za-z]:[\\/]")


def _relative_path(value: str) -> str:
    if value.startswith(("/", "\\")) or _WINDOWS_DRIVE.match(value):
        raise ValueError(
            "an absolute path; name the document relative to the annotation file's folder"
        )
    return value


UtcTime = Annotated[datetime, BeforeValidator(_not_a_date), AfterValidator(_utc_seconds)]
TagId = Annotated[str, Field(min_length=1, max_length=200, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")]
Text = Annotated[str, AfterValidator(_lf_only)]


def utc_now() -> datetime:
    """The current time in UTC, to the second (the precision the file keeps)."""
    return datetime.now(UTC).replace(microsecond=0)


class _Open(BaseModel):
    """A table that keeps keys it does not know."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)


class DocumentRef(_Open):
    """Which document the annotations belong to."""

    path: Annotated[str, AfterValidator(_relative_path)] = Field(
        min_length=1, description="Relative to the annotation file, POSIX separators."
    )
    sha256: str = Field(
        pattern=r"^[0-9a-f]{64}$", description="Of the normalised text, UTF-8 encoded."
    )
    length: int = Field(ge=0, description="Of the normalised text, in code points.")
    title: str = ""
    source_sha256: str | None = Field(
        default=None,
        pattern=r"^[0-9a-f]{64}$",
        description="Of the original file's bytes, for a document read through an importer.",
    )
    importer: str | None = Field(
        default=None,
        min_length=1,
        description='The importer (and its version) that extracted the text, e.g. "pdf/1".',
    )


class Principle(_Open):
    """A principle that passages can serve."""

    id: TagId
    label: str = Field(min_length=1)
    color: str = Field(pattern=r"^#[0-9a-fA-F]{6}$")
    description: Text = ""


class Recommendation(_Open):
    """A recommendation the document makes; ``start``/``end`` give where it is stated, if known."""

    id: TagId
    title: Text = Field(min_length=1)
    description: Text = ""
    start: int | None = Field(default=None, ge=0)
    end: int | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _span_is_whole(self) -> Recommendation:
        if (self.start is None) != (self.end is None):
            raise ValueError("start and end go together")
        if self.start is not None and self.end is not None and self.end < self.start:
            raise ValueError(f"end ({self.end}) is before start ({self.start})")
        return self


class Taxonomy(_Open):
    """The principles and recommendations passages are tagged with."""

    principles: list[Principle] = Field(default_factory=list)
    recommendations: list[Recommendation] = Field(default_factory=list)


def _check_quoted_span(start: int, end: int, quote: str) -> None:
    """A passage's span must be non-empty and as long as its quote."""
    if end <= start:
        raise ValueError(f"end ({end}) must be after start ({start})")
    if len(quote) != end - start:
        raise ValueError(
            f"quote is {count_of(len(quote), 'code point')} long but the span "
            f"{start}-{end} is {end - start}"
        )


class Annotation(_Open):
    """A passage of the document, tagged, with a stance and a note."""

    id: str = Field(min_length=1, max_length=200, pattern=r"^\S+$")
    start: int = Field(ge=0, description="Code-point offset of the first character.")
    end: int = Field(ge=0, description="Code-point offset just past the last character.")
    quote: str = Field(description="Exactly text[start:end] of the normalised document.")
    prefix: str = Field(default="", max_length=CONTEXT_LENGTH)
    suffix: str = Field(default="", max_length=CONTEXT_LENGTH)
    principles: list[TagId] = Field(default_factory=list)
    recommendations: list[TagId] = Field(default_factory=list)
    stance: Stance = Stance.NEUTRAL
    note: Text = ""
    author: str = ""
    created: UtcTime
    updated: UtcTime

    @model_validator(mode="after")
    def _span_is_whole(self) -> Annotation:
        _check_quoted_span(self.start, self.end, self.quote)
        return self


TagKind = Literal["recommendation", "principle"]
"""Which list of the taxonomy a tag id is from."""


class Rejection(_Open):
    """A suggested passage an analyst turned down for a tag: never suggested again for it.

    Kept in the file so that a team shares rejections like annotations. Added without a new
    format version: a reader that does not know ``[[rejections]]`` keeps it as an unknown table.
    """

    tag: TagId = Field(description="The id of the recommendation or principle.")
    kind: TagKind = Field(
        default="recommendation", description="Whether tag is a recommendation or a principle id."
    )
    start: int = Field(ge=0, description="Code-point offset of the first character.")
    end: int = Field(ge=0, description="Code-point offset just past the last character.")
    quote: str = Field(description="Exactly text[start:end] of the normalised document.")
    author: str = ""
    time: UtcTime

    @model_validator(mode="after")
    def _span_is_whole(self) -> Rejection:
        _check_quoted_span(self.start, self.end, self.quote)
        return self


class AnnotationFile(_Open):
    """A whole annotation file: one document, its taxonomy and its annotations."""

    format: Literal["policy-annotate"] = "policy-annotate"
    version: Literal[1] = 1
    document: DocumentRef
    taxonomy: Taxonomy = Field(default_factory=Taxonomy)
    annotations: list[Annotation] = Field(default_factory=list)
    rejections: list[Rejection] = Field(
        default_factory=list,
        description=(
            "Suggested passages turned down, per tag. Added to version 1 of the format (readers "
            "that predate it keep it as an unknown table)."
        ),
    )

    def principle(self, principle_id: str) -> Principle | None:
        """The principle with this id, if any."""
        return next((p for p in self.taxonomy.principles if p.id == principle_id), None)

    def recommendation(self, recommendation_id: str) -> Recommendation | None:
        """The recommendation with this id, if any."""
        return next((r for r in self.taxonomy.recommendations if r.id == recommendation_id), None)

    def sort_annotations(self) -> None:
        """Put the annotations in file order: by start, end, then id."""
        self.annotations.sort(key=lambda a: (a.start, a.end, a.id))


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the annotation file (as parsed from TOML)."""
    schema = AnnotationFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "policy-annotate annotation file, version 1"
    return schema
