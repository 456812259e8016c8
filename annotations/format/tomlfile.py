"""Annotation files as TOML text: parse with line-numbered problems, write deterministically.

Reading goes through ``toml_reading.parse_toml`` (tomli, its refusals as one error). Writing lays out the known keys itself, in a fixed order, with
multi-line strings for notes and quotes so files diff and merge well; keys and tables this
version does not know are written back with tomli-w.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ValidationError

from annotations.errors import Problem
from annotations.format.model import (
    FORMAT_NAME,
    FORMAT_VERSION,
    AnnotationFile,
    Principle,
    Recommendation,
    Rejection,
)
from annotations.format.toml_reading import TomlSyntaxError, parse_toml

# --- reading -----------------------------------------------------------------------------

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_-]+|\"[^\"]*\")\s*=")


_ESCAPED = re.compile(r"\\.")


def _toggles_multiline(line: str) -> bool:
    """Whether ``line`` opens or closes a multi-line string (escaped quotes do not count)."""
    return line.count("'''") % 2 == 1 or _ESCAPED.sub("", line).count('"""') % 2 == 1


class LineMap:
    """Where each table and key of a TOML text starts, to name lines in messages.

    Built on the first question, so a valid file (the usual case) never pays for it.
    """

    def __init__(self, text: str | Callable[[], str]) -> None:
        self._text: str | Callable[[], str] | None = text
        self._lines: dict[tuple[str | int, ...], int] = {}

    def _build(self, text: str) -> None:
        counts: dict[str, int] = {}
        table: tuple[str | int, ...] = ()
        in_multiline = False
        for number, line in enumerate(text.split("\n"), start=1):
            if in_multiline:
                if _toggles_multiline(line):
                    in_multiline = False
                continue
            header = _HEADER.match(line)
            if header:
                name = header.group(2).replace(" ", "")
                table = self._within_arrays(name.split("."), counts)
                if header.group(1) == "[[":
                    index = counts.get(name, 0)
                    counts[name] = index + 1
                    table = (*table, index)
                self._lines.setdefault(table, number)
                continue
            key = _KEY.match(line)
            if key:
                self._lines.setdefault((*table, key.group(1).strip('"')), number)
                if _toggles_multiline(line):
                    in_multiline = True

    @staticmethod
    def _within_arrays(parts: list[str], counts: dict[str, int]) -> tuple[str | int, ...]:
        """A table's location, with the index of the current element of each array of tables
        it lies in (``[a.b]`` after the second ``[[a]]`` is ``("a", 1, "b")``)."""
        location: list[str | int] = []
        for i, part in enumerate(parts):
            location.append(part)
            prefix = ".".join(parts[: i + 1])
            if i < len(parts) - 1 and prefix in counts:
                location.append(counts[prefix] - 1)
        return tuple(location)

    def line_of(self, location: tuple[str | int, ...]) -> int | None:
        """The line of the key or table at ``location``, or of its nearest enclosing one."""
        if self._text is not None:
            text, self._text = self._text, None
            self._build(text if isinstance(text, str) else text())
        path = tuple(location)
        while path:
            if path in self._lines:
                return self._lines[path]
            path = path[:-1]
        return None


def field_name(location: tuple[str | int, ...]) -> str:
    """``("annotations", 3, "start")`` → ``annotations[3].start`` (as a user reads it)."""
    name = ""
    for part in location:
        if isinstance(part, int):
            name += f"[{part}]"
        else:
            name += f".{part}" if name else part
    return name


def parse_annotation_text(
    text: str, file: str, source: Callable[[], str] | None = None
) -> tuple[AnnotationFile | None, list[Problem], LineMap]:
    """Parse and validate the TOML text of an annotation file.

    Returns the model (None when it could not be built) and every problem found. ``source``
    gives the text again should a message need line numbers; with it, the text itself is
    let go before the (memory-hungry) validation of a large file.
    """
    lines = LineMap(source or text)
    try:
        raw = parse_toml(text)
        del text
    except TomlSyntaxError as error:
        return None, [Problem(file, f"not valid TOML: {error.message}", line=error.line)], lines
    header = header_problem(raw, file, lines, FORMAT_NAME, FORMAT_VERSION)
    if header is not None:
        return None, [header], lines
    try:
        model = AnnotationFile.model_validate(raw)
    except ValidationError as error:
        return None, validation_problems(error, file, lines), lines
    return model, check_consistency(model, file, lines), lines


def header_problem(
    raw: dict[str, Any], file: str, lines: LineMap, expected_format: str, expected_version: int
) -> Problem | None:
    """The problem with a parsed file's ``format`` and ``version`` keys, if any (checked first,
    and alone: nothing else of a file of another format or version is interpreted)."""
    fmt = raw.get("format")
    if fmt != expected_format:
        detail = "is missing" if fmt is None else f"is {fmt!r}"
        hint = "is this a policy-annotate file?"
        if fmt == "policy-annotate-project":
            hint = "a project file: see 'policy-annotate project status DIR'"
        elif fmt == FORMAT_NAME:
            hint = "an annotation file, not a project file"
        return Problem(
            file,
            f'"format" {detail}; expected "{expected_format}" ({hint})',
            line=lines.line_of(("format",)),
        )
    version = raw.get("version")
    if version is None:
        return Problem(
            file, f'"version" is missing; this policy-annotate reads version {expected_version}'
        )
    if version != expected_version:
        return Problem(
            file,
            f"unsupported format version {version!r}; this policy-annotate reads version "
            f"{expected_version}",
            line=lines.line_of(("version",)),
        )
    return None


def validation_problems(error: ValidationError, file: str, lines: LineMap) -> list[Problem]:
    """One problem per error pydantic found, naming the field and its line."""
    problems = []
    for item in error.errors(include_url=False):
        location = tuple(
            p for p in item["loc"] if not (isinstance(p, str) and p.startswith("function-"))
        )
        message = item["msg"].removeprefix("Value error, ")
        problems.append(
            Problem(file, message, line=lines.line_of(location), field=field_name(location))
        )
    return problems


def check_consistency(
    model: AnnotationFile, file: str, lines: LineMap | None = None
) -> list[Problem]:
    """Problems a file can have on its own: duplicate ids, tags missing from the taxonomy."""

    def line(*location: str | int) -> int | None:
        return lines.line_of(location) if lines else None

    problems: list[Problem] = []
    principle_ids = _unique_ids(
        model.taxonomy.principles, "principle", "principles", file, line, problems
    )
    recommendation_ids = _unique_ids(
        model.taxonomy.recommendations, "recommendation", "recommendations", file, line, problems
    )
    if _annotations_consistent(model, principle_ids, recommendation_ids):
        return problems
    annotation_ids: set[str] = set()
    for i, annotation in enumerate(model.annotations):
        if annotation.id in annotation_ids:
            problems.append(
                Problem(
                    file,
                    f"duplicate annotation id {annotation.id!r}",
                    line("annotations", i, "id"),
                    f"annotations[{i}].id",
                )
            )
        annotation_ids.add(annotation.id)
        for tag in annotation.principles:
            if tag not in principle_ids:
                problems.append(
                    Problem(
                        file,
                        f"principle {tag!r} is not in the taxonomy",
                        line("annotations", i, "principles"),
                        f"annotations[{i}].principles",
                    )
                )
        for tag in annotation.recommendations:
            if tag not in recommendation_ids:
                problems.append(
                    Problem(
                        file,
                        f"recommendation {tag!r} is not in the taxonomy",
                        line("annotations", i, "recommendations"),
                        f"annotations[{i}].recommendations",
                    )
                )
        if len(set(annotation.principles)) != len(annotation.principles) or len(
            set(annotation.recommendations)
        ) != len(annotation.recommendations):
            problems.append(
                Problem(file, "a tag is listed twice", line("annotations", i), f"annotations[{i}]")
            )
    return problems


def _annotations_consistent(
    model: AnnotationFile, principle_ids: set[str], recommendation_ids: set[str]
) -> bool:
    """Whether check_consistency would find nothing wrong with the annotations (a quick look)."""
    annotations = model.annotations
    if len({annotation.id for annotation in annotations}) != len(annotations):
        return False
    used_principles: set[str] = set()
    used_recommendations: set[str] = set()
    for annotation in annotations:
        principles, recommendations = annotation.principles, annotation.recommendations
        used_principles.update(principles)
        used_recommendations.update(recommendations)
        if (len(principles) > 1 and len(set(principles)) != len(principles)) or (
            len(recommendations) > 1 and len(set(recommendations)) != len(recommendations)
        ):
            return False
    return used_principles <= principle_ids and used_recommendations <= recommendation_ids


def _unique_ids(
    items: Sequence[Principle | Recommendation],
    kind: str,
    table: str,
    file: str,
    line: Callable[..., int | None],
    problems: list[Problem],
) -> set[str]:
    """The ids of a taxonomy table, reporting each one given twice."""
    seen: set[str] = set()
    for i, item in enumerate(items):
        if item.id in seen:
            problems.append(
                Problem(
                    file,
                    f"duplicate {kind} id {item.id!r}",
                    line("taxonomy", table, i, "id"),
                    f"taxonomy.{table}[{i}].id",
                )
            )
        seen.add(item.id)
    return seen


# --- writing -----------------------------------------------------------------------------

_BASIC_ESCAPE = re.compile(r'[\x00-\x08\x0a-\x1f"\\\x7f]')
_MULTILINE_ESCAPE = re.compile(r'[\x00-\x08\x0b-\x1f\\\x7f]|"(?="")')
_ESCAPES = {
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
    '"': '\\"',
    "\\": "\\\\",
}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return _ESCAPES.get(char) or f"\\u{ord(char):04X}"


def toml_string(value: str, *, multiline: bool = False) -> str:
    """A TOML basic string; multi-line (\"\"\"...\"\"\") when asked and the value has a newline."""
    if multiline and "\n" in value:
        return '"""\n' + _MULTILINE_ESCAPE.sub(_escape, value) + '"""'
    return '"' + _BASIC_ESCAPE.sub(_escape, value) + '"'


def _string_list(values: list[str]) -> str:
    return "[" + ", ".join(toml_string(v) for v in values) + "]"


def _time(value: datetime) -> str:
    # Not strftime("%Y"): it does not pad years before 1000 to four digits, which TOML requires.
    return f"{value.year:04d}-{value:%m-%dT%H:%M:%S}Z"


def _extras(model: BaseModel, table: str) -> tuple[list[str], list[str]]:
    """Unknown keys of ``model``: (key lines for its own table, sub-tables written after)."""
    extra = model.model_extra
    if not extra:
        return [], []
    import tomli_w

    written = tomli_w.dumps(extra).rstrip("\n").split("\n")
    keys: list[str] = []
    tables: list[str] = []
    for line in written:
        if line.startswith("[") or tables:
            if line.startswith("[[") and table:
                line = f"[[{table}.{line[2:]}"
            elif line.startswith("[") and not line.startswith("[[") and table:
                line = f"[{table}.{line[1:]}"
            tables.append(line)
        else:
            keys.append(line)
    while keys and not keys[-1]:
        keys.pop()
    return keys, tables


def dump_annotation_text(model: AnnotationFile, pause: Callable[[], None] | None = None) -> str:
    """The TOML text of an annotation file, deterministic: fixed key order, annotations sorted."""
    return "".join(iter_annotation_text(model, pause))


def iter_annotation_text(
    model: AnnotationFile, pause: Callable[[], None] | None = None
) -> Iterator[str]:
    """The TOML text of an annotation file in pieces (a large file is written without ever
    holding all of its text in memory); ``pause`` is called between batches of annotations."""
    out: list[str] = [f"format = {toml_string(model.format)}", f"version = {model.version}"]
    top_keys, top_tables = _extras(model, "")
    out.extend(top_keys)

    document = model.document
    out += [
        "",
        "[document]",
        f"path = {toml_string(document.path)}",
        f"sha256 = {toml_string(document.sha256)}",
        f"length = {document.length}",
        f"title = {toml_string(document.title)}",
    ]
    if document.source_sha256 is not None:
        out.append(f"source_sha256 = {toml_string(document.source_sha256)}")
    if document.importer is not None:
        out.append(f"importer = {toml_string(document.importer)}")
    _append_extras(out, document, "document")

    taxonomy_keys, taxonomy_tables = _extras(model.taxonomy, "taxonomy")
    if taxonomy_keys:
        out += ["", "[taxonomy]", *taxonomy_keys]
    for principle in model.taxonomy.principles:
        out += [
            "",
            "[[taxonomy.principles]]",
            f"id = {toml_string(principle.id)}",
            f"label = {toml_string(principle.label)}",
            f"color = {toml_string(principle.color)}",
            f"description = {toml_string(principle.description, multiline=True)}",
        ]
        _append_extras(out, principle, "taxonomy.principles")
    for recommendation in model.taxonomy.recommendations:
        out += [
            "",
            "[[taxonomy.recommendations]]",
            f"id = {toml_string(recommendation.id)}",
            f"title = {toml_string(recommendation.title, multiline=True)}",
        ]
        if recommendation.description:
            out.append(f"description = {toml_string(recommendation.description, multiline=True)}")
        if recommendation.start is not None:
            out += [f"start = {recommendation.start}", f"end = {recommendation.end}"]
        _append_extras(out, recommendation, "taxonomy.recommendations")
    if taxonomy_tables:
        out += ["", *taxonomy_tables]

    yield "\n".join(out) + "\n"
    out = []
    ordered = sorted(model.annotations, key=lambda a: (a.start, a.end, a.id))
    for count, annotation in enumerate(ordered):
        if count % 200 == 199:
            yield "\n".join(out) + "\n"
            out = []
            if pause is not None:
                pause()  # let other threads run: the app saves in a worker while the user types
        out += [
            "",
            "[[annotations]]",
            f"id = {toml_string(annotation.id)}",
            f"start = {annotation.start}",
            f"end = {annotation.end}",
            f"quote = {toml_string(annotation.quote, multiline=True)}",
            f"prefix = {toml_string(annotation.prefix)}",
            f"suffix = {toml_string(annotation.suffix)}",
            f"principles = {_string_list(annotation.principles)}",
            f"recommendations = {_string_list(annotation.recommendations)}",
            f"stance = {toml_string(annotation.stance.value)}",
            f"note = {toml_string(annotation.note, multiline=True)}",
            f"author = {toml_string(annotation.author)}",
            f"created = {_time(annotation.created)}",
            f"updated = {_time(annotation.updated)}",
        ]
        _append_extras(out, annotation, "annotations")
    for rejection in sorted(model.rejections, key=_rejection_order):
        out += [
            "",
            "[[rejections]]",
            f"tag = {toml_string(rejection.tag)}",
            f"kind = {toml_string(rejection.kind)}",
            f"start = {rejection.start}",
            f"end = {rejection.end}",
            f"quote = {toml_string(rejection.quote, multiline=True)}",
            f"author = {toml_string(rejection.author)}",
            f"time = {_time(rejection.time)}",
        ]
        _append_extras(out, rejection, "rejections")
    if top_tables:
        out += ["", *top_tables]
    if out:
        yield "\n".join(out) + "\n"


def _rejection_order(rejection: Rejection) -> tuple[str, str, int, int, str, str]:
    """Rejections in file order: by kind, tag, start, end, then time and author."""
    return (
        rejection.kind,
        rejection.tag,
        rejection.start,
        rejection.end,
        _time(rejection.time),
        rejection.author,
    )


def _append_extras(out: list[str], model: BaseModel, table: str) -> None:
    keys, tables = _extras(model, table)
    out.extend(keys)
    if tables:
        out += ["", *tables]


def raw_toml(text: str) -> dict[str, Any]:
    """Parse TOML text to plain Python values (for tests and tools)."""
    return parse_toml(text)
