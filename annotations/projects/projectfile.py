"""The project file as TOML text: parse with line-numbered problems, write deterministically.

Problems read like those of annotation files (``FILE:LINE: field: message``): the same header
check, the same names for fields. Writing goes through tomli-w, keys in the models' order,
unknown keys kept; every string on one line, escaped (exact on a round trip).
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from typing import Any

from pydantic import ValidationError

from annotations.errors import Problem
from annotations.format.toml_reading import TomlSyntaxError, parse_toml
from annotations.format.tomlfile import (
    LineMap,
    field_name,
    header_problem,
    validation_problems,
)
from annotations.projects.model import PROJECT_FORMAT, PROJECT_VERSION, ProjectFile


def parse_project_text(
    text: str, file: str, source: Callable[[], str] | None = None
) -> tuple[ProjectFile | None, list[Problem]]:
    """Parse and validate the TOML text of a project file: the model (None if it could not be
    built) and every problem found."""
    lines = LineMap(source or text)
    try:
        raw = parse_toml(text)
    except TomlSyntaxError as error:
        return None, [Problem(file, f"not valid TOML: {error.message}", error.line)]
    header = header_problem(raw, file, lines, PROJECT_FORMAT, PROJECT_VERSION)
    if header is not None:
        return None, [header]
    try:
        model = ProjectFile.model_validate(raw)
    except ValidationError as error:
        return None, validation_problems(error, file, lines)
    return model, project_consistency(model, file, lines)


def project_consistency(
    model: ProjectFile, file: str, lines: LineMap | None = None
) -> list[Problem]:
    """Problems of a project file as a whole: ids or paths given twice, a recommendation's
    passage in a document the project does not have."""

    problems: list[Problem] = []
    for table, item_ids in (
        ("principles", [p.id for p in model.codebook.principles]),
        ("recommendations", [r.id for r in model.codebook.recommendations]),
    ):
        seen: set[str] = set()
        for i, item_id in enumerate(item_ids):
            if item_id in seen:
                message = f"duplicate id {item_id!r}"
                problems.append(_located(file, lines, message, "codebook", table, i, "id"))
            seen.add(item_id)
    ids: set[str] = set()
    paths: set[str] = set()
    for i, document in enumerate(model.documents):
        if document.id in ids:
            problems.append(
                _located(
                    file, lines, f"duplicate document id {document.id!r}", "documents", i, "id"
                )
            )
        ids.add(document.id)
        normal = posixpath.normpath(document.path)
        if normal in paths:
            problems.append(
                _located(file, lines, f"{document.path!r} is listed twice", "documents", i, "path")
            )
        paths.add(normal)
    for i, recommendation in enumerate(model.codebook.recommendations):
        passage = recommendation.passage
        if passage is not None and passage.document not in ids:
            problems.append(
                _located(
                    file,
                    lines,
                    f"passage.document {passage.document!r} is not a document of the project",
                    "codebook",
                    "recommendations",
                    i,
                    "passage",
                )
            )
    return problems


def _located(file: str, lines: LineMap | None, message: str, *location: str | int) -> Problem:
    line = lines.line_of(location) if lines else None
    return Problem(file, message, line, field_name(location))


def project_data(model: ProjectFile) -> dict[str, Any]:
    """The project file's tables as plain values, in the models' key order (None left out)."""
    return model.model_dump(mode="python", exclude_none=True, by_alias=True)


def dump_project_text(model: ProjectFile) -> str:
    """The TOML text of a project file: keys in a fixed order, lists in the model's order."""
    import tomli_w

    data = project_data(model)
    for recommendation in data.get("codebook", {}).get("recommendations", []):
        if not recommendation.get("description"):
            recommendation.pop("description", None)
    return tomli_w.dumps(data)
