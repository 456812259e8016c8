"""REFI-QDA export: a QDC codebook and a QDPX project of one document (see ``refi_qda``).

The mapping is described in ``annotations.exchange.refi_qda``'s docstring and docs/interchange.md.
"""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
import zipfile
from datetime import UTC, datetime
from typing import Any

from annotations import __version__
from annotations.exchange.interchange import (
    STANCE_COLORS,
    annotation_guid,
    authors_of,
    single_line,
    stable_guid,
    tag_guid,
    xml_safe,
)
from annotations.format.model import (
    Annotation,
    AnnotationFile,
    Recommendation,
    Stance,
    Taxonomy,
)

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
PROJECT_XSD = "http://schema.qdasoftware.org/versions/Project/v1.0/Project.xsd"
CODEBOOK_XSD = "http://schema.qdasoftware.org/versions/Codebook/v1.0/Codebook.xsd"
METADATA_NOTE = "policy-annotate"
GROUPS = {"principle": "Principles", "recommendation": "Recommendations", "stance": "Stance"}
STANCE_CODES = (Stance.SUPPORT, Stance.CAUTION, Stance.OPPOSE)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # fixed, so the same export gives the same bytes
# The date-times of a project with no annotation (nothing to derive them from): the zip entries'.
NO_TIME = datetime(*ZIP_TIME, tzinfo=UTC)


def _time(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def project_times(annotations: list[Annotation]) -> tuple[str, str]:
    """The project's ``creationDateTime`` and ``modifiedDateTime``: the earliest ``created`` and
    the latest ``updated`` of ``annotations`` (``NO_TIME`` for both when there is none).

    Also the text source's and the metadata note's: policy-annotate keeps no date for the
    document or the file, and a date taken from the clock would change every export's bytes.
    """
    if not annotations:
        return _time(NO_TIME), _time(NO_TIME)
    return _time(min(a.created for a in annotations)), _time(max(a.updated for a in annotations))


def xml_element(
    tag: str, attributes: dict[str, str] | None = None, text: str | None = None
) -> ET.Element:
    """An element whose attribute values and text hold only characters XML can."""
    element = ET.Element(tag, {k: xml_safe(v) for k, v in (attributes or {}).items()})
    if text is not None:
        element.text = xml_safe(text)
    return element


def _code(guid: str, name: str, codable: bool, color: str | None, description: str) -> ET.Element:
    attributes = {"guid": guid, "name": name, "isCodable": "true" if codable else "false"}
    if color is not None:
        attributes["color"] = color
    code = xml_element("Code", attributes)
    if description:
        code.append(xml_element("Description", text=description))
    return code


def recommendation_code_name(recommendation: Recommendation) -> str:
    """The name of a recommendation's code: ``"R3: Give the central digital service a remit"``."""
    return f"{recommendation.id}: {single_line(recommendation.title)}"


def build_codes(model: AnnotationFile) -> ET.Element:
    """The ``Codes`` element (namespace-free tags): the three groups and a code per tag."""
    return taxonomy_codes(model.taxonomy)


def taxonomy_codes(taxonomy: Taxonomy) -> ET.Element:
    """The ``Codes`` element of a taxonomy (a file's, or a project's codebook)."""
    codes = ET.Element("Codes")
    principles = _code(stable_guid("group", "principles"), GROUPS["principle"], False, None, "")
    for p in taxonomy.principles:
        guid = tag_guid("principle", p.id)
        principles.append(_code(guid, single_line(p.label), True, p.color, p.description))
    recommendations = _code(
        stable_guid("group", "recommendations"), GROUPS["recommendation"], False, None, ""
    )
    for r in taxonomy.recommendations:
        guid = tag_guid("recommendation", r.id)
        recommendations.append(_code(guid, recommendation_code_name(r), True, None, r.description))
    stances = _code(stable_guid("group", "stance"), GROUPS["stance"], False, None, "")
    for stance in STANCE_CODES:
        guid = tag_guid("stance", stance.value)
        stances.append(_code(guid, stance.value, True, STANCE_COLORS[stance.value], ""))
    codes.extend([principles, recommendations, stances])
    return codes


def xml_bytes(root: ET.Element) -> bytes:
    """The element as indented UTF-8 XML with its declaration."""
    ET.indent(root, space=" ")
    body = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + body + "\n").encode("utf-8")


def export_codebook(model: AnnotationFile) -> bytes:
    """The taxonomy as a REFI-QDA codebook (``.qdc``): UTF-8 XML, deterministic."""
    root = ET.Element(
        "CodeBook",
        {
            "xmlns": CODEBOOK_NS,
            "xmlns:xsi": XSI_NS,
            "xsi:schemaLocation": f"{CODEBOOK_NS} {CODEBOOK_XSD}",
            "origin": f"policy-annotate {__version__}",
        },
    )
    root.append(build_codes(model))
    return xml_bytes(root)


def _metadata(model: AnnotationFile) -> str:
    codes: list[dict[str, Any]] = [
        {"guid": tag_guid("principle", p.id), "kind": "principle", "id": p.id}
        for p in model.taxonomy.principles
    ]
    for r in model.taxonomy.recommendations:
        entry: dict[str, Any] = {
            "guid": tag_guid("recommendation", r.id),
            "kind": "recommendation",
            "id": r.id,
            "title": r.title,
        }
        if r.start is not None:
            entry.update(start=r.start, end=r.end)
        codes.append(entry)
    codes += [
        {"guid": tag_guid("stance", s.value), "kind": "stance", "id": s.value} for s in STANCE_CODES
    ]
    document = model.document
    content = {
        "format": "policy-annotate",
        "version": 1,
        "document": {
            "path": document.path,
            "sha256": document.sha256,
            "length": document.length,
            "title": document.title,
        },
        "codes": codes,
    }
    return json.dumps(content, ensure_ascii=False, indent=1)


def selection_element(annotation: Annotation, users: dict[str, str]) -> ET.Element:
    """An annotation as a ``PlainTextSelection`` with one ``Coding`` per tag (and stance)."""
    attributes = {
        "guid": annotation_guid(annotation.id),
        "name": annotation.id,
        "startPosition": str(annotation.start),
        "endPosition": str(annotation.end),
    }
    user = users.get(annotation.author)
    if user:
        attributes["creatingUser"] = user
    attributes["creationDateTime"] = _time(annotation.created)
    if user:
        attributes["modifyingUser"] = user
    attributes["modifiedDateTime"] = _time(annotation.updated)
    selection = xml_element("PlainTextSelection", attributes)
    if annotation.note:
        selection.append(xml_element("Description", text=annotation.note))
    targets = [tag_guid("principle", t) for t in annotation.principles]
    targets += [tag_guid("recommendation", t) for t in annotation.recommendations]
    if annotation.stance is not Stance.NEUTRAL:
        targets.append(tag_guid("stance", annotation.stance.value))
    for target in targets:
        coding_attributes = {"guid": stable_guid("coding", annotation.id, target)}
        if user:
            coding_attributes["creatingUser"] = user
        coding_attributes["creationDateTime"] = _time(annotation.updated)
        coding = xml_element("Coding", coding_attributes)
        coding.append(xml_element("CodeRef", {"targetGUID": target}))
        selection.append(coding)
    return selection


def build_project(
    model: AnnotationFile, annotations: list[Annotation], document_name: str
) -> tuple[ET.Element, str]:
    """The ``project.qde`` root element and the guid of the text source."""
    source_guid = stable_guid("source", model.document.sha256)
    authors = authors_of(annotations)
    users = {author: stable_guid("user", author) for author in authors}
    created, modified = project_times(annotations)
    times = {"creationDateTime": created, "modifiedDateTime": modified}
    attributes = {
        "xmlns": PROJECT_NS,
        "xmlns:xsi": XSI_NS,
        "xsi:schemaLocation": f"{PROJECT_NS} {PROJECT_XSD}",
        "name": model.document.title or document_name,
        "origin": f"policy-annotate {__version__}",
        **times,
    }
    root = xml_element("Project", attributes)
    if users:
        users_element = ET.SubElement(root, "Users")
        for author, guid in users.items():
            users_element.append(xml_element("User", {"guid": guid, "name": author}))
    codebook = ET.SubElement(root, "CodeBook")
    codebook.append(build_codes(model))
    sources = ET.SubElement(root, "Sources")
    source = xml_element(
        "TextSource",
        {
            "guid": source_guid,
            "name": document_name,
            "plainTextPath": f"internal://{source_guid}.txt",
            **times,
        },
    )
    sources.append(source)
    ordered = sorted(annotations, key=lambda a: (a.start, a.end, a.id))
    source.extend(selection_element(a, users) for a in ordered)
    notes = ET.SubElement(root, "Notes")
    notes.append(
        metadata_note(
            times,
            "Written by policy-annotate: the ids of its codes, so that an import restores them.",
            _metadata(model),
        )
    )
    return root, source_guid


def metadata_note(times: dict[str, str], description: str, content: str) -> ET.Element:
    """The project note named ``policy-annotate`` holding ``content`` (JSON) for an import."""
    note = xml_element(
        "Note", {"guid": stable_guid("note", METADATA_NOTE), "name": METADATA_NOTE, **times}
    )
    note.append(xml_element("Description", text=description))
    note.append(xml_element("PlainTextContent", text=content))
    return note


def zip_entry(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    """Add a member with a fixed date, so that the same export gives the same bytes."""
    info = zipfile.ZipInfo(name, ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    archive.writestr(info, data)


def export_project(
    model: AnnotationFile, annotations: list[Annotation], text: str, document_name: str
) -> bytes:
    """A REFI-QDA project (``.qdpx`` zip bytes): ``project.qde`` and ``sources/<guid>.txt``.

    ``annotations`` are those of ``model`` to export; each must fit ``text`` (see
    ``annotations.exchange.interchange.exportable``). The same input always gives the same bytes.
    """
    root, source_guid = build_project(model, annotations, document_name)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        zip_entry(archive, "project.qde", xml_bytes(root))
        zip_entry(archive, f"sources/{source_guid}.txt", text.encode("utf-8", "surrogatepass"))
    return buffer.getvalue()
