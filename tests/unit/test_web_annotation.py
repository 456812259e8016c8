"""W3C Web Annotation export: valid JSON, the key shape of the model, selectors that fit."""

from __future__ import annotations

import base64
import hashlib
import json

from unit_helpers import Project

from annotations.exchange.interchange import exportable
from annotations.exchange.web_annotation import CONTEXT, document_iri, export_json
from annotations.session.store import load_store


def collection_of(project: Project) -> tuple[dict[str, object], str]:
    store = load_store(project.annotations)
    fit, _ = exportable(store.model, store.document.text)
    return json.loads(export_json(store.model, fit)), store.document.text


def test_collection_shape(project: Project) -> None:
    collection, _text = collection_of(project)
    assert collection["@context"] == CONTEXT
    assert collection["type"] == "AnnotationCollection"
    assert str(collection["id"]).startswith("urn:uuid:")
    assert collection["total"] == 2
    page = collection["first"]
    assert isinstance(page, dict)
    assert page["type"] == "AnnotationPage"
    items = page["items"]
    assert len(items) == 2
    for item in items:
        assert item["type"] == "Annotation"
        assert item["id"].startswith("urn:uuid:")
        assert set(item) >= {"id", "type", "creator", "created", "modified", "body", "target"}
        assert item["creator"] == {
            "id": item["creator"]["id"],
            "type": "Person",
            "name": "analyst-a",
        }
        assert item["created"].endswith("Z")


def test_selectors_slice_the_document_to_the_quote(project: Project) -> None:
    collection, text = collection_of(project)
    for item in collection["first"]["items"]:  # type: ignore[index]
        quote, position = item["target"]["selector"]
        assert quote["type"] == "TextQuoteSelector"
        assert position["type"] == "TextPositionSelector"
        assert text[position["start"] : position["end"]] == quote["exact"]
        assert text[: position["start"]].endswith(quote["prefix"])
        assert text[position["end"] :].startswith(quote["suffix"])


def test_bodies_carry_note_tags_and_stance(project: Project) -> None:
    collection, _text = collection_of(project)
    first = collection["first"]["items"][0]  # type: ignore[index]
    by_purpose = [(b["purpose"], b["value"]) for b in first["body"]]
    assert by_purpose == [
        ("commenting", "Line one\nLine two"),
        ("tagging", "Collaboration"),
        ("tagging", "R1: Share platforms across government"),
        ("assessing", "support"),
    ]
    assert all(b["type"] == "TextualBody" for b in first["body"])
    assert all(b["id"].startswith("urn:uuid:") for b in first["body"][1:])
    second = collection["first"]["items"][1]  # type: ignore[index]
    assert [b["purpose"] for b in second["body"]] == ["tagging", "assessing"]


def test_source_is_named_by_the_text_digest(project: Project) -> None:
    collection, text = collection_of(project)
    source = collection["first"]["items"][0]["target"]["source"]  # type: ignore[index]
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    expected = "ni:///sha-256;" + base64.urlsafe_b64encode(digest).decode().rstrip("=")
    assert source["id"] == expected == document_iri(digest.hex())
    assert source["format"] == "text/markdown"


def test_export_is_deterministic(project: Project) -> None:
    assert collection_of(project) == collection_of(project)
