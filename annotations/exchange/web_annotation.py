"""W3C Web Annotation export: an ``AnnotationCollection`` of JSON-LD annotations.

Each annotation targets the document (named by the SHA-256 of its normalised text, as an RFC 6920
``ni:`` URI) through a ``TextQuoteSelector`` and a ``TextPositionSelector``. The W3C model counts
positions in Unicode code points, as policy-annotate does, so offsets are written unchanged.
Bodies: the note (purpose ``commenting``), one per tag (``tagging``), the stance (``assessing``),
each an embedded ``TextualBody`` without ``id`` (one with an ``id`` and a ``purpose`` reads as an
external resource to the W3C test suite). Every key is a term of the ``anno.jsonld`` context, or a
compact IRI whose prefix it declares (``dc:title``), so that nothing is lost when expanded.
See https://www.w3.org/TR/annotation-model/ and docs/interchange.md.
"""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime
from typing import Any

from annotations import __version__
from annotations.exchange.interchange import annotation_guid, single_line, stable_guid
from annotations.format.model import Annotation, AnnotationFile

CONTEXT = "http://www.w3.org/ns/anno.jsonld"


def _time(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def document_iri(sha256: str) -> str:
    """The document's IRI: ``ni:///sha-256;<base64url digest>`` (RFC 6920, named information)."""
    digest = base64.urlsafe_b64encode(bytes.fromhex(sha256)).decode("ascii").rstrip("=")
    return f"ni:///sha-256;{digest}"


def _body(value: str, purpose: str) -> dict[str, Any]:
    return {"type": "TextualBody", "purpose": purpose, "value": value, "format": "text/plain"}


def annotation_json(
    model: AnnotationFile, annotation: Annotation, source: dict[str, Any]
) -> dict[str, Any]:
    """One annotation as a W3C Web Annotation (without ``@context``: the collection has it)."""
    principles = {p.id: p.label for p in model.taxonomy.principles}
    recommendations = {r.id: r.title for r in model.taxonomy.recommendations}
    bodies: list[dict[str, Any]] = []
    if annotation.note:
        bodies.append(_body(annotation.note, "commenting"))
    for tag in annotation.principles:
        bodies.append(_body(principles.get(tag, tag), "tagging"))
    for tag in annotation.recommendations:
        bodies.append(_body(f"{tag}: {single_line(recommendations.get(tag, tag))}", "tagging"))
    bodies.append(_body(annotation.stance.value, "assessing"))
    item: dict[str, Any] = {
        "id": f"urn:uuid:{annotation_guid(annotation.id)}",
        "type": "Annotation",
    }
    if annotation.author:
        item["creator"] = {
            "id": f"urn:uuid:{stable_guid('user', annotation.author)}",
            "type": "Person",
            "name": annotation.author,
        }
    item.update(
        created=_time(annotation.created),
        modified=_time(annotation.updated),
        body=bodies,
        target={
            "source": source,
            "selector": [
                {
                    "type": "TextQuoteSelector",
                    "exact": annotation.quote,
                    "prefix": annotation.prefix,
                    "suffix": annotation.suffix,
                },
                {"type": "TextPositionSelector", "start": annotation.start, "end": annotation.end},
            ],
        },
    )
    return item


def export_collection(model: AnnotationFile, annotations: list[Annotation]) -> dict[str, Any]:
    """The annotations as one ``AnnotationCollection`` whose first (only) page holds them all."""
    document = model.document
    markdown = document.path.lower().endswith((".md", ".markdown"))
    source: dict[str, Any] = {
        "id": document_iri(document.sha256),
        "type": "Text",
        "format": "text/markdown" if markdown else "text/plain",
    }
    if document.title:
        # "title" is no term of anno.jsonld (it would be dropped on expansion); the context
        # declares the prefix "dc" (Dublin Core elements), so "dc:title" expands as written
        source["dc:title"] = document.title
    ordered = sorted(annotations, key=lambda a: (a.start, a.end, a.id))
    collection_guid = stable_guid("collection", document.sha256, document.path)
    return {
        "@context": CONTEXT,
        "id": f"urn:uuid:{collection_guid}",
        "type": "AnnotationCollection",
        "label": document.title or document.path,
        "generator": {"type": "Software", "name": f"policy-annotate {__version__}"},
        "total": len(ordered),
        "first": {
            "id": f"urn:uuid:{stable_guid('page', collection_guid, '0')}",
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": [annotation_json(model, a, source) for a in ordered],
        },
    }


def export_json(model: AnnotationFile, annotations: list[Annotation]) -> bytes:
    """The collection as UTF-8 JSON-LD text, deterministic, ending with a newline."""
    data = json.dumps(export_collection(model, annotations), ensure_ascii=False, indent=2)
    return (data + "\n").encode("utf-8", "surrogatepass")
