"""The project file as pydantic models: the codebook and the documents with their attributes.

Unknown keys are kept (``extra="allow"``, as in annotation files) and written back on save.
Paths are relative to the project folder, with ``/`` separators, and may not leave it.
"""

from __future__ import annotations

import posixpath
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from annotations import projects
from annotations.format.model import (
    Principle,
    Recommendation,
    Stance,
    TagId,
    Taxonomy,
    Text,
)

PROJECT_FORMAT = "policy-annotate-project"
PROJECT_VERSION = 1
PROJECT_FILE = projects.PROJECT_FILE
"""The name of the project file in the project folder."""


def _inside_project(value: str) -> str:
    """A relative POSIX path that stays inside the project folder."""
    if "\\" in value or value.startswith("/") or (len(value) > 1 and value[1] == ":"):
        raise ValueError(
            f"{value!r} is not a relative path with '/' separators; name it relative to the "
            "project folder"
        )
    normal = posixpath.normpath(value)
    if normal == ".." or normal.startswith("../") or normal == ".":
        raise ValueError(f"{value!r} leaves the project folder; documents must be inside it")
    return value


ProjectPath = Annotated[str, Field(min_length=1), AfterValidator(_inside_project)]


class _Open(BaseModel):
    """A table that keeps keys it does not know."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)


class Passage(_Open):
    """Where a recommendation is stated: a span of one of the project's documents."""

    document: TagId = Field(description="The id of the project document (usually the review).")
    start: int = Field(ge=0, description="Code-point offset of the first character.")
    end: int = Field(ge=0, description="Code-point offset just past the last character.")
    quote: Text = Field(default="", description="The text of the span, to check and re-find it.")

    @model_validator(mode="after")
    def _span_is_whole(self) -> Passage:
        if self.end < self.start:
            raise ValueError(f"end ({self.end}) is before start ({self.start})")
        return self


class CodebookRecommendation(_Open):
    """A recommendation of the codebook, optionally with the passage of the review stating it."""

    id: TagId
    title: Text = Field(min_length=1)
    description: Text = ""
    passage: Passage | None = None

    def for_document(self, document_id: str | None) -> Recommendation:
        """The recommendation as an annotation file's taxonomy holds it: with its span when the
        file annotates the document that states it."""
        span: dict[str, Any] = {}
        if self.passage is not None and self.passage.document == document_id:
            span = {"start": self.passage.start, "end": self.passage.end}
        return Recommendation(id=self.id, title=self.title, description=self.description, **span)


def _all_stances() -> list[Stance]:
    return list(Stance)


class Codebook(_Open):
    """What every document of the project is coded with: principles, recommendations, stances."""

    principles: list[Principle] = Field(default_factory=list)
    recommendations: list[CodebookRecommendation] = Field(default_factory=list)
    stances: list[Stance] = Field(
        default_factory=_all_stances, description="The stances analysts may record."
    )

    def taxonomy(self, document_id: str | None) -> Taxonomy:
        """The codebook as an annotation file's taxonomy, for the document ``document_id``."""
        return Taxonomy(
            principles=[p.model_copy(deep=True) for p in self.principles],
            recommendations=[r.for_document(document_id) for r in self.recommendations],
        )


class ProjectDocument(_Open):
    """A document of the project: where it is, what it is about, and who codes it."""

    id: TagId = Field(description="Unique in the project; names its annotation files.")
    path: ProjectPath = Field(description="Relative to the project folder, '/' separators.")
    title: str = ""
    sha256: str | None = Field(
        default=None,
        pattern=r"^[0-9a-f]{64}$",
        description="Of the file's bytes when it was added (to refuse a duplicate).",
    )
    attributes: dict[str, str] = Field(
        default_factory=dict,
        description="Free key = value strings: respondent, organisation type, region...",
    )
    analyst: str | None = Field(default=None, min_length=1, description="Who is assigned to it.")


class ProjectFile(_Open):
    """A whole project file: the project's name, its codebook and its documents."""

    format: Literal["policy-annotate-project"] = "policy-annotate-project"
    version: Literal[1] = 1
    name: str = Field(min_length=1)
    codebook: Codebook = Field(default_factory=Codebook)
    documents: list[ProjectDocument] = Field(default_factory=list)

    def document(self, document_id: str) -> ProjectDocument | None:
        """The document with this id, if any."""
        return next((d for d in self.documents if d.id == document_id), None)


def project_json_schema() -> dict[str, Any]:
    """The JSON Schema of the project file (as parsed from TOML)."""
    schema = ProjectFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "policy-annotate project file, version 1"
    return schema
