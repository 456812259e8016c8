"""A whole project as one REFI-QDA project (``.qdpx``), and a multi-source ``.qdpx`` as a project.

Export: one ``TextSource`` per document that has a readable annotation file (its normalised
text, ``sources/<guid>.txt``), the codebook as codes (then any tag a file has and the codebook
lacks), every annotation of every file as a selection, and the documents' attributes as REFI-QDA
**variables** (one ``Text`` variable per attribute key) and **cases** (one case per document,
holding its attribute values and referring to its source). A project note named
``policy-annotate`` holds what REFI-QDA has no place for (tag ids, each source's document id,
path, title, analyst and attributes), so that an import gives the project back.

Import: each text source becomes a document ``documents/ID.txt`` of a new project folder with one
annotation file per author (``ID.NAME.toml``, ``NAME`` made from the author; ``ID.annotations.toml``
for selections without one), its attributes taken from the note or else from the cases that refer
to it (variable name = value). Documents and annotations that cannot be used are left out with a
one-line reason; the project is never refused for one of them.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotations import __version__
from annotations.errors import PolicyAnnotateError, Problem
from annotations.exchange.interchange import authors_of, exportable, stable_guid
from annotations.exchange.refi_qda_read import parse_guid, qualified, read_sources
from annotations.exchange.refi_qda_write import (
    METADATA_NOTE,
    PROJECT_NS,
    PROJECT_XSD,
    XSI_NS,
    metadata_note,
    project_times,
    selection_element,
    taxonomy_codes,
    xml_bytes,
    xml_element,
    zip_entry,
)
from annotations.format.model import Annotation, Recommendation, Taxonomy
from annotations.projects.project import Project
from annotations.projects.reading import coded_files
from annotations.text_plural import count_of, plural_word

PROJECT_METADATA_FORMAT = "policy-annotate-project"


@dataclass
class ExportedCorpus:
    """The ``.qdpx`` bytes, what was left out, and a phrase saying what is inside."""

    data: bytes
    left_out: list[str]
    contents: str


def _project_taxonomy(project: Project, files: list[Any]) -> Taxonomy:
    """The codebook, then the principles and recommendations only files have."""
    taxonomy = project.model.codebook.taxonomy(None)
    principles = {p.id for p in taxonomy.principles}
    recommendations = {r.id for r in taxonomy.recommendations}
    for coded in files:
        for p in coded.model.taxonomy.principles:
            if p.id not in principles:
                principles.add(p.id)
                taxonomy.principles.append(p)
        for r in coded.model.taxonomy.recommendations:
            if r.id not in recommendations:
                recommendations.add(r.id)
                taxonomy.recommendations.append(Recommendation(id=r.id, title=r.title))
    return taxonomy


def export_corpus(project: Project) -> ExportedCorpus:
    """The project as one REFI-QDA project (see the module docstring); deterministic bytes."""
    from annotations.documents.document import load_document

    left_out: list[str] = []
    files = list(coded_files(project, project.model.documents, left_out))
    taxonomy = _project_taxonomy(project, files)
    sources: dict[str, tuple[Any, str, list[Annotation]]] = {}
    unreadable: set[str] = set()
    seen_ids: set[str] = set()
    for coded in files:
        document = coded.document
        if document.id in unreadable:
            continue
        if document.id not in sources:
            try:
                text = load_document(project.document_path(document)).text
            except PolicyAnnotateError as error:
                left_out += [str(p) for p in error.problems[:1]]
                unreadable.add(document.id)
                continue
            sources[document.id] = (document, text, [])
        _, text, kept = sources[document.id]
        fit, unfit = exportable(coded.model, text)
        if unfit:
            message = (
                f"{count_of(len(unfit), 'annotation')} no longer "
                f"{plural_word(len(unfit), 'matches', 'match')} the document (reanchor)"
            )
            left_out.append(str(Problem(str(coded.ref.path), message)))
        for annotation in fit:
            if annotation.id in seen_ids:
                message = f"annotation {annotation.id} is also in another file; exported once"
                left_out.append(str(Problem(str(coded.ref.path), message)))
                continue
            seen_ids.add(annotation.id)
            kept.append(annotation)
    every = [a for _, _, kept in sources.values() for a in kept]
    users = {author: stable_guid("user", author) for author in authors_of(every)}
    created, modified = project_times(every)
    times = {"creationDateTime": created, "modifiedDateTime": modified}
    root = xml_element(
        "Project",
        {
            "xmlns": PROJECT_NS,
            "xmlns:xsi": XSI_NS,
            "xsi:schemaLocation": f"{PROJECT_NS} {PROJECT_XSD}",
            "name": project.model.name,
            "origin": f"policy-annotate {__version__}",
            **times,
        },
    )
    if users:
        users_element = ET.SubElement(root, "Users")
        for author, guid in users.items():
            users_element.append(xml_element("User", {"guid": guid, "name": author}))
    ET.SubElement(root, "CodeBook").append(taxonomy_codes(taxonomy))
    keys = sorted({k for d, _, _ in sources.values() for k in d.attributes})
    variables = {key: stable_guid("variable", key) for key in keys}
    if variables:
        variables_element = ET.SubElement(root, "Variables")
        for key, guid in variables.items():
            variables_element.append(
                xml_element("Variable", {"guid": guid, "name": key, "typeOfVariable": "Text"})
            )
    source_guids = {d.id: stable_guid("source", "document", d.id) for d, _, _ in sources.values()}
    cases = [
        (d, guid) for d, _, _ in sources.values() if (guid := source_guids[d.id]) and d.attributes
    ]
    if cases:
        cases_element = ET.SubElement(root, "Cases")
        for document, source_guid in cases:
            case = xml_element(
                "Case", {"guid": stable_guid("case", document.id), "name": document.id}
            )
            for key, value in sorted(document.attributes.items()):
                holder = xml_element("VariableValue")
                holder.append(xml_element("VariableRef", {"targetGUID": variables[key]}))
                holder.append(xml_element("TextValue", text=value))
                case.append(holder)
            case.append(xml_element("SourceRef", {"targetGUID": source_guid}))
            cases_element.append(case)
    sources_element = ET.SubElement(root, "Sources")
    texts: list[tuple[str, str]] = []
    for document, text, kept in sources.values():
        guid = source_guids[document.id]
        source = xml_element(
            "TextSource",
            {
                "guid": guid,
                "name": document.title or document.id,
                "plainTextPath": f"internal://{guid}.txt",
                **times,
            },
        )
        ordered = sorted(kept, key=lambda a: (a.start, a.end, a.id))
        source.extend(selection_element(a, users) for a in ordered)
        sources_element.append(source)
        texts.append((guid, text))
    ET.SubElement(root, "Notes").append(
        metadata_note(
            times,
            "Written by policy-annotate: its ids of codes and documents, so that an import "
            "restores them.",
            _metadata(project, taxonomy, sources),
        )
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        zip_entry(archive, "project.qde", xml_bytes(root))
        for guid, text in texts:
            zip_entry(archive, f"sources/{guid}.txt", text.encode("utf-8", "surrogatepass"))
    contents = (
        f"{count_of(len(texts), 'document')}, {count_of(len(every), 'annotation')}, "
        f"{count_of(len(cases), 'case')}"
    )
    return ExportedCorpus(buffer.getvalue(), left_out, contents)


def _metadata(
    project: Project, taxonomy: Taxonomy, sources: dict[str, tuple[Any, str, list[Annotation]]]
) -> str:
    from annotations.exchange.interchange import tag_guid

    codes: list[dict[str, Any]] = [
        {"guid": tag_guid("principle", p.id), "kind": "principle", "id": p.id}
        for p in taxonomy.principles
    ]
    codes += [
        {
            "guid": tag_guid("recommendation", r.id),
            "kind": "recommendation",
            "id": r.id,
            "title": r.title,
        }
        for r in taxonomy.recommendations
    ]
    codes += [
        {"guid": tag_guid("stance", s), "kind": "stance", "id": s}
        for s in ("support", "caution", "oppose")
    ]
    documents = [
        {
            "guid": stable_guid("source", "document", d.id),
            "id": d.id,
            "path": d.path,
            "title": d.title,
            "analyst": d.analyst,
            "attributes": d.attributes,
        }
        for d, _, _ in sources.values()
    ]
    content = {
        "format": "policy-annotate",
        "version": 1,
        "project": {"format": PROJECT_METADATA_FORMAT, "name": project.model.name},
        "codes": codes,
        "documents": documents,
    }
    return json.dumps(content, ensure_ascii=False, indent=1)


# --- import ------------------------------------------------------------------------------------

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$")


def _slug(name: str, fallback: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", name.strip()).strip("-_")[:64]
    return slug or fallback


@dataclass
class ImportedDocument:
    """A text source of the archive as a project document, with its annotations by author."""

    id: str
    title: str
    text: str
    attributes: dict[str, str]
    analyst: str | None
    taxonomy: Taxonomy
    by_author: dict[str, list[Annotation]] = field(default_factory=dict)


def _cases(root: ET.Element) -> dict[str, dict[str, str]]:
    """source guid → attributes from the cases that refer to it (variable name → value)."""
    names: dict[str, str] = {}
    variables = root.find(qualified("Variables"))
    for variable in variables.findall(qualified("Variable")) if variables is not None else []:
        guid = parse_guid(variable.get("guid"))
        if guid is not None and variable.get("name"):
            names[guid] = str(variable.get("name"))
    found: dict[str, dict[str, str]] = {}
    cases = root.find(qualified("Cases"))
    for case in cases.findall(qualified("Case")) if cases is not None else []:
        values: dict[str, str] = {}
        for holder in case.findall(qualified("VariableValue")):
            reference = holder.find(qualified("VariableRef"))
            target = parse_guid(reference.get("targetGUID")) if reference is not None else None
            name = names.get(target or "")
            value = next(
                (child.text for child in holder if child.tag != qualified("VariableRef")), None
            )
            if name and value is not None:
                values[name] = value.strip()
        for reference in case.findall(qualified("SourceRef")):
            guid = parse_guid(reference.get("targetGUID"))
            if guid is not None:
                found.setdefault(guid, {}).update(values)
    return found


def _document_metadata(root: ET.Element) -> dict[str, dict[str, Any]]:
    """source guid → the note's entry for it (when policy-annotate wrote the archive)."""
    notes = root.find(qualified("Notes"))
    for note in notes.findall(qualified("Note")) if notes is not None else []:
        if note.get("name") != METADATA_NOTE:
            continue
        try:
            data = json.loads(note.findtext(qualified("PlainTextContent")) or "")
        except ValueError:
            return {}
        entries = data.get("documents") if isinstance(data, dict) else None
        if not isinstance(entries, list):
            return {}
        return {
            str(parse_guid(e.get("guid"))): e
            for e in entries
            if isinstance(e, dict) and isinstance(e.get("guid"), str)
        }
    return {}


def read_corpus(path: Path) -> tuple[str, list[ImportedDocument], list[Problem]]:
    """The project's name, its text sources as documents, and warnings (one line each)."""
    root, sources = read_sources(path)
    cases = _cases(root)
    metadata = _document_metadata(root)
    taken: set[str] = set()
    documents: list[ImportedDocument] = []
    warnings: list[Problem] = []
    for index, (source, imported) in enumerate(sources, 1):
        guid = parse_guid(source.get("guid")) or ""
        entry = metadata.get(guid, {})
        wanted = entry.get("id") if isinstance(entry.get("id"), str) else None
        base = (
            wanted
            if wanted and _ID.match(wanted)
            else _slug(Path(imported.source_name).stem, f"source-{index}")
        )
        document_id, n = base, 2
        while document_id.lower() in taken:
            document_id, n = f"{base}-{n}", n + 1
        taken.add(document_id.lower())
        attributes = cases.get(guid, {})
        if isinstance(entry.get("attributes"), dict):
            attributes = {str(k): str(v) for k, v in entry["attributes"].items()}
        analyst = entry.get("analyst") if isinstance(entry.get("analyst"), str) else None
        title = entry.get("title") if isinstance(entry.get("title"), str) else None
        document = ImportedDocument(
            id=document_id,
            title=title or imported.title or imported.source_name,
            text=imported.text,
            attributes=attributes,
            analyst=analyst or None,
            taxonomy=imported.taxonomy,
        )
        for annotation in imported.annotations:
            document.by_author.setdefault(annotation.author, []).append(annotation)
        documents.append(document)
        warnings += imported.warnings
    name = root.get("name") or path.stem
    return name, documents, warnings


@dataclass
class ImportedCorpus:
    """What ``import_corpus`` wrote: the project, and warnings (one line each)."""

    project: Project
    annotations: int
    files: int
    warnings: list[Problem]


def import_corpus(path: Path, folder: Path, *, force: bool = False) -> ImportedCorpus:
    """Turn the ``.qdpx`` at ``path`` into a new project in ``folder`` (see the module docstring).

    Everything is read and checked before anything is written. Raises ProjectFileError when a
    project is already in ``folder`` (unless ``force``) and the archive's one-line errors.
    """
    from annotations.documents.document import document_from_bytes
    from annotations.format.model import AnnotationFile, DocumentRef
    from annotations.format.tomlfile import dump_annotation_text
    from annotations.projects.layout import annotation_file_name
    from annotations.projects.model import CodebookRecommendation, ProjectDocument
    from annotations.projects.project import new_project
    from annotations.session.files import atomic_write

    name, documents, warnings = read_corpus(path)
    project = new_project(folder, name, force=force)
    codebook = project.model.codebook
    codebook.principles = []
    principles: set[str] = set()
    recommendations: set[str] = set()
    planned: list[tuple[Path, bytes]] = []
    annotations = 0
    for imported in documents:
        for p in imported.taxonomy.principles:
            if p.id not in principles:
                principles.add(p.id)
                codebook.principles.append(p)
        for r in imported.taxonomy.recommendations:
            if r.id not in recommendations:
                recommendations.add(r.id)
                codebook.recommendations.append(
                    CodebookRecommendation(id=r.id, title=r.title, description=r.description)
                )
        relative = f"documents/{imported.id}.txt"
        document_path = folder / "documents" / f"{imported.id}.txt"
        data = imported.text.encode("utf-8", "surrogatepass")
        document = document_from_bytes(data, path=document_path)
        if document.text != imported.text:
            warnings.append(
                Problem(
                    str(path), f"source {imported.title!r} does not read back as text; left out"
                )
            )
            continue
        project.model.documents.append(
            ProjectDocument(
                id=imported.id,
                path=relative,
                title=imported.title,
                sha256=hashlib.sha256(data).hexdigest(),
                attributes=imported.attributes,
                analyst=imported.analyst,
            )
        )
        planned.append((document_path, data))
        reference = DocumentRef(
            path=f"{imported.id}.txt",
            sha256=document.sha256,
            length=document.length,
            title=imported.title,
        )
        by_file: dict[str, list[Annotation]] = {}
        for author, own in imported.by_author.items():
            analyst = _slug(author, "") or None
            by_file.setdefault(annotation_file_name(imported.id, analyst), []).extend(own)
        for file_name, own in by_file.items():
            model = AnnotationFile(document=reference, taxonomy=imported.taxonomy, annotations=own)
            model.sort_annotations()
            file = folder / "documents" / file_name
            planned.append((file, dump_annotation_text(model).encode("utf-8")))
            annotations += len(own)
    project.save(overwrite_changed=force)
    for file, data in planned:
        file.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(file, data, expected=None, overwrite_changed=force, backup=force)
    files = len(planned) - len(project.model.documents)
    return ImportedCorpus(project, annotations, files, warnings)
