"""REFI-QDA import: a QDPX project read without trusting it (see ``refi_qda``).

Reading never trusts the archive: XML with a DOCTYPE is refused before it is parsed (no entity
expansion, no external entities), member sizes are capped, and every problem is one line naming
the file.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
import zipfile
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from annotations.documents.anchoring import anchor_span
from annotations.documents.importers.archives import ArchiveError, check_archive, read_member
from annotations.errors import PolicyAnnotateError, Problem
from annotations.exchange.interchange import annotation_guid, single_line, stable_guid
from annotations.exchange.refi_qda_write import (
    GROUPS,
    METADATA_NOTE,
    PROJECT_NS,
    STANCE_CODES,
)
from annotations.format.ids import new_id
from annotations.format.model import (
    Annotation,
    AnnotationFile,
    DocumentRef,
    Principle,
    Recommendation,
    Stance,
    Taxonomy,
    utc_now,
)
from annotations.regular_files import check_regular

_TAG_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$")  # as the model's TagId
_MAX_TAG_ID = 200  # as the file format allows
_SLUG_LENGTH = 64  # a tag id made from a code name (an in-vivo code may be a long quote)
_ANNOTATION_ID = re.compile(r"^\S{1,200}$")
_GUID = re.compile(
    r"^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$"
)
_COLOR = re.compile(r"^#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$")


class ProjectFileError(PolicyAnnotateError):
    """A REFI-QDA file could not be read: not a zip, no project.qde, bad XML, bad offsets..."""

    def __init__(self, file: str, message: str) -> None:
        super().__init__([Problem(file, message)])


def qualified(tag: str) -> str:
    """The tag in the REFI-QDA project namespace, as ElementTree names it."""
    return f"{{{PROJECT_NS}}}{tag}"


def parse_xml(data: bytes, name: str) -> ET.Element:
    """Parse untrusted XML: refuse a DOCTYPE (so no entity can be declared) before parsing."""
    if b"\x00" in data:
        raise ProjectFileError(name, "is not UTF-8 XML (it holds NUL bytes)")
    head = data.upper()
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
        raise ProjectFileError(
            name, "holds a DOCTYPE or ENTITY declaration, which is refused (entity expansion)"
        )
    try:
        return ET.fromstring(data)
    except ET.ParseError as error:
        raise ProjectFileError(name, f"is not well-formed XML ({error})") from None


def parse_guid(value: str | None) -> str | None:
    """The GUID in ``value`` (braces allowed), lower case; None if it is not one."""
    match = _GUID.match(value or "")
    return match.group(1).lower() if match else None


@dataclass
class _Code:
    """A code of the project's codebook, with what it means to policy-annotate."""

    guid: str
    name: str
    color: str | None
    description: str
    group: str | None  # the name of the top-level parent code, if any
    codable: bool
    kind: str = "principle"
    tag_id: str = ""
    title: str = ""
    start: int | None = None
    end: int | None = None


@dataclass
class ImportedProject:
    """What an import found in a QDPX project: the document text, the taxonomy, the annotations."""

    text: str
    source_name: str
    title: str | None  # the document's title, when the project was written by policy-annotate
    taxonomy: Taxonomy
    annotations: list[Annotation]
    warnings: list[Problem] = field(default_factory=list)

    def annotation_file(self, document: DocumentRef) -> AnnotationFile:
        """The annotation file for this project, naming ``document``."""
        model = AnnotationFile(
            document=document, taxonomy=self.taxonomy, annotations=list(self.annotations)
        )
        model.sort_annotations()
        return model


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> bytes:
    try:
        return read_member(archive, info, name)
    except ArchiveError as error:
        raise ProjectFileError(name, error.problems[0].message) from None


def _walk_codes(parent: ET.Element, out: list[_Code], name: str) -> None:
    """Every code under ``parent``, depth first in document order, each with its top-level
    group (iterative: a hostile codebook can nest codes thousands deep)."""
    pending: list[tuple[ET.Element, str | None]] = [
        (element, None) for element in reversed(parent.findall(qualified("Code")))
    ]
    while pending:
        element, group = pending.pop()
        guid = parse_guid(element.get("guid"))
        if guid is None:
            raise ProjectFileError(name, f"code {element.get('name')!r} has no valid guid")
        description = element.findtext(qualified("Description")) or ""
        color = element.get("color")
        if color is not None and not _COLOR.match(color):
            color = None
        if color is not None and len(color) == 4:
            color = "#" + "".join(c * 2 for c in color[1:])
        code = _Code(
            guid=guid,
            name=element.get("name") or "",
            color=color,
            description=description,
            group=group,
            codable=(element.get("isCodable") or "true").strip().lower() in {"true", "1"},
        )
        out.append(code)
        inner_group = group if group is not None else code.name
        pending.extend(
            (child, inner_group) for child in reversed(element.findall(qualified("Code")))
        )


def _slug(name: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", name.strip().lower()).strip("-._")
    return slug[:_SLUG_LENGTH].rstrip("-._") or "code"


def _metadata_codes(metadata: dict[str, Any]) -> dict[str | None, dict[str, Any]]:
    """The metadata note's entries by code guid (entries of the wrong shape are ignored)."""
    entries = metadata.get("codes")
    if not isinstance(entries, list):
        return {}
    return {
        parse_guid(entry.get("guid")): entry
        for entry in entries
        if isinstance(entry, dict) and isinstance(entry.get("guid"), str)
    }


def _classify(codes: list[_Code], metadata: dict[str, Any], text_length: int) -> None:
    """Give each code a kind (principle, recommendation, stance, group) and a tag id."""
    known = _metadata_codes(metadata)
    taken: dict[str, set[str]] = {"principle": set(), "recommendation": set(), "stance": set()}
    next_suffix: dict[tuple[str, str], int] = {}
    group_names = {v.lower(): k for k, v in GROUPS.items()}
    for code in codes:
        entry = known.get(code.guid)
        if (
            entry is not None
            and entry.get("kind") in taken
            and isinstance(entry.get("id"), str)
            and len(entry["id"]) <= _MAX_TAG_ID
            and _TAG_ID.match(entry["id"])
        ):
            code.kind, code.tag_id = entry["kind"], entry["id"]
            code.title = str(entry.get("title") or "")
            start, end = entry.get("start"), entry.get("end")
            if type(start) is int and type(end) is int and 0 <= start <= end <= text_length:
                code.start, code.end = start, end
        elif code.group is None and not code.codable and code.name.lower() in group_names:
            code.kind = "group"
            continue
        else:
            kind = group_names.get((code.group or "").lower(), "principle")
            if kind == "stance" and code.name.strip().lower() not in {
                s.value for s in STANCE_CODES
            }:
                kind = "principle"
            code.kind = kind
            if kind == "stance":
                code.tag_id = code.name.strip().lower()
            elif kind == "recommendation":
                head, _, rest = code.name.partition(":")
                if (
                    rest.strip()
                    and _TAG_ID.match(head.strip())
                    and len(head.strip()) <= _SLUG_LENGTH
                ):
                    code.tag_id, code.title = head.strip(), rest.strip()
                else:
                    code.tag_id, code.title = _slug(code.name), code.name.strip() or "(untitled)"
            else:
                code.tag_id = _slug(code.name)
        if code.tag_id in taken[code.kind]:
            # the next free "-N" for this id: counted per id, so 30,000 codes of one name stay linear
            base = code.tag_id[:190]
            n = next_suffix.get((code.kind, base), 2)
            while f"{base}-{n}" in taken[code.kind]:
                n += 1
            code.tag_id = f"{base}-{n}"
            next_suffix[(code.kind, base)] = n + 1
        taken[code.kind].add(code.tag_id)


def _taxonomy(codes: list[_Code]) -> Taxonomy:
    principles: list[Principle] = []
    recommendations: list[Recommendation] = []
    for code in codes:
        if code.kind == "principle":
            principles.append(
                Principle(
                    id=code.tag_id,
                    label=single_line(code.name) or code.tag_id,
                    color=code.color or "#888888",
                    description=code.description,
                )
            )
        elif code.kind == "recommendation":
            recommendations.append(
                Recommendation(
                    id=code.tag_id,
                    title=code.title or code.tag_id,
                    description=code.description,
                    start=code.start,
                    end=code.end,
                )
            )
    return Taxonomy(principles=principles, recommendations=recommendations)


def _datetime(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC).replace(microsecond=0)
    except (ValueError, OverflowError):  # not a date, or out of range once moved to UTC
        return None


class _Offsets:
    """Maps offsets into the archive's text to offsets into its normalised text (CRLF -> LF)."""

    def __init__(self, raw: str) -> None:
        # the positions of the LFs that follow a CR: each CRLF loses its CR in normalisation
        self.removed = [m.start() + 1 for m in re.finditer("\r\n", raw)]

    def __call__(self, offset: int) -> int:
        return offset - bisect_left(self.removed, offset + 1) if self.removed else offset


def _source_text(archive: zipfile.ZipFile, source: ET.Element, name: str) -> str:
    path = source.get("plainTextPath")
    if path is None:
        content = source.find(qualified("PlainTextContent"))
        if content is not None:
            return content.text or ""
        raise ProjectFileError(
            name, "the text source has neither plainTextPath nor PlainTextContent"
        )
    if not path.startswith("internal://"):
        raise ProjectFileError(
            name, f"the text source is outside the archive ({path}); only internal:// is read"
        )
    wanted = path.removeprefix("internal://")
    members = {info.filename.lower(): info for info in archive.infolist()}
    info = members.get(f"sources/{wanted}".lower())
    if info is None:
        raise ProjectFileError(name, f"has no sources/{wanted} (the text of {path})")
    data = _read_member(archive, info, name)
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        raise ProjectFileError(
            name, f"sources/{wanted} is not UTF-8 text (byte {error.start})"
        ) from None


def _notes(root: ET.Element) -> dict[str, tuple[str, str]]:
    notes: dict[str, tuple[str, str]] = {}
    container = root.find(qualified("Notes"))
    for note in container.findall(qualified("Note")) if container is not None else []:
        guid = parse_guid(note.get("guid"))
        if guid is not None:
            notes[guid] = (
                note.get("name") or "",
                note.findtext(qualified("PlainTextContent")) or "",
            )
    return notes


def _metadata_of(notes: dict[str, tuple[str, str]]) -> dict[str, Any]:
    content = notes.get(stable_guid("note", METADATA_NOTE))
    if content is None or content[0] != METADATA_NOTE:
        return {}
    try:
        data = json.loads(content[1])
    except ValueError:
        return {}
    return data if isinstance(data, dict) and data.get("format") == "policy-annotate" else {}


def read_project(path: Path) -> ImportedProject:
    """Read a ``.qdpx`` project of one text; raises ProjectFileError (one line, naming the file)."""
    name = str(path)
    root, sources = open_project(path)
    if len(sources) != 1:
        raise ProjectFileError(
            name,
            f"holds {len(sources)} text sources; policy-annotate imports a project of one text "
            "into an annotation file (import it as a project: -o FOLDER)",
        )
    return _build(root, *sources[0], name)


def read_sources(path: Path) -> tuple[ET.Element, list[tuple[ET.Element, ImportedProject]]]:
    """Read every text source of a ``.qdpx`` project: the root element, and each source element
    with what it holds; raises ProjectFileError (one line, naming the file)."""
    root, sources = open_project(path)
    return root, [(source, _build(root, source, raw, str(path))) for source, raw in sources]


def open_project(path: Path) -> tuple[ET.Element, list[tuple[ET.Element, str]]]:
    """The ``project.qde`` root of a ``.qdpx`` archive and the text of each of its text sources."""
    name = str(path)
    try:
        check_regular(path)
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise ProjectFileError(name, "no such file") from None
    except IsADirectoryError:
        raise ProjectFileError(name, "is a folder, not a .qdpx project") from None
    except zipfile.BadZipFile:
        raise ProjectFileError(name, "is not a zip archive (a .qdpx project is one)") from None
    except OSError as error:
        raise ProjectFileError(name, f"cannot be read ({error.strerror or error})") from None
    with archive:
        try:
            check_archive(archive, name)
        except ArchiveError as error:
            raise ProjectFileError(name, error.problems[0].message) from None
        qde = next((i for i in archive.infolist() if i.filename.lower() == "project.qde"), None)
        if qde is None:
            raise ProjectFileError(name, "has no project.qde (is it a REFI-QDA project?)")
        root = parse_xml(_read_member(archive, qde, name), f"{name}: project.qde")
        if root.tag != qualified("Project"):
            raise ProjectFileError(
                name, f"project.qde is not a REFI-QDA project (root element {root.tag!r})"
            )
        sources_element = root.find(qualified("Sources"))
        sources = (
            sources_element.findall(qualified("TextSource")) if sources_element is not None else []
        )
        if not sources:
            raise ProjectFileError(name, "holds 0 text sources; there is nothing to import")
        texts = [(source, _source_text(archive, source, name)) for source in sources]
    return root, texts


def _build(root: ET.Element, source: ET.Element, raw: str, name: str) -> ImportedProject:
    text = raw.replace("\r\n", "\n").replace("\r", "\n") if "\r" in raw else raw
    offsets = _Offsets(raw)
    codes: list[_Code] = []
    codebook = root.find(qualified("CodeBook"))
    codes_element = codebook.find(qualified("Codes")) if codebook is not None else None
    if codes_element is not None:
        _walk_codes(codes_element, codes, name)
    notes = _notes(root)
    metadata = _metadata_of(notes)
    _classify(codes, metadata, len(text))
    by_guid = {code.guid: code for code in codes}
    users = {}
    users_element = root.find(qualified("Users"))
    for user in users_element.findall(qualified("User")) if users_element is not None else []:
        guid = parse_guid(user.get("guid"))
        if guid is not None:
            users[guid] = user.get("name") or user.get("id") or ""
    fallback_time = _datetime(root.get("creationDateTime")) or utc_now()
    warnings: list[Problem] = []
    annotations: list[Annotation] = []
    used_ids: set[str] = set()
    for index, selection in enumerate(source.findall(qualified("PlainTextSelection")), 1):
        label = selection.get("name") or f"#{index}"
        try:
            raw_start = int(selection.get("startPosition", ""))
            raw_end = int(selection.get("endPosition", ""))
        except ValueError:
            raise ProjectFileError(
                name, f"selection {label!r} has no integer startPosition/endPosition"
            ) from None
        if not 0 <= raw_start <= raw_end <= len(raw):
            raise ProjectFileError(
                name,
                f"selection {label!r} ({raw_start}-{raw_end}) is outside the text "
                f"({len(raw)} characters)",
            )
        start, end = offsets(raw_start), offsets(raw_end)
        if start == end:
            warnings.append(
                Problem(name, f"selection {label!r} is empty; skipped", severity="warning")
            )
            continue
        principles: list[str] = []
        recommendations: list[str] = []
        stance = Stance.NEUTRAL
        for coding in selection.findall(qualified("Coding")):
            reference = coding.find(qualified("CodeRef"))
            target = parse_guid(reference.get("targetGUID") if reference is not None else None)
            code = by_guid.get(target or "")
            if code is None:
                shown = reference.get("targetGUID") if reference is not None else None
                raise ProjectFileError(
                    name,
                    f"selection {label!r} is coded with {shown!r}, which is not in the codebook",
                )
            if code.kind == "principle" and code.tag_id not in principles:
                principles.append(code.tag_id)
            elif code.kind == "recommendation" and code.tag_id not in recommendations:
                recommendations.append(code.tag_id)
            elif code.kind == "stance" and stance is Stance.NEUTRAL:
                stance = Stance(code.tag_id)
        note_parts = [selection.findtext(qualified("Description")) or ""]
        for reference in selection.findall(qualified("NoteRef")):
            note = notes.get(parse_guid(reference.get("targetGUID")) or "")
            if note is not None:
                note_parts.append(note[1])
        note_text = "\n\n".join(part for part in note_parts if part)
        guid = parse_guid(selection.get("guid"))
        annotation_id = selection.get("name") or ""
        restore = (
            _ANNOTATION_ID.match(annotation_id)
            and guid == annotation_guid(annotation_id)
            and annotation_id not in used_ids
        )
        if not restore:
            annotation_id = new_id()
        used_ids.add(annotation_id)
        created = _datetime(selection.get("creationDateTime"))
        updated = _datetime(selection.get("modifiedDateTime")) or created or fallback_time
        anchor = anchor_span(text, start, end)
        annotations.append(
            Annotation(
                id=annotation_id,
                start=start,
                end=end,
                quote=anchor.quote,
                prefix=anchor.prefix,
                suffix=anchor.suffix,
                principles=principles,
                recommendations=recommendations,
                stance=stance,
                note=note_text,
                author=users.get(parse_guid(selection.get("creatingUser")) or "", ""),
                created=created or updated,
                updated=updated,
            )
        )
    document = metadata.get("document")
    title = str(document.get("title", "")) if isinstance(document, dict) else None
    return ImportedProject(
        text=text,
        source_name=source.get("name") or "",
        title=title,
        taxonomy=_taxonomy(codes),
        annotations=annotations,
        warnings=warnings,
    )
