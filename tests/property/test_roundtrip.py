"""Properties of the annotation file: save → load is the identity, offsets slice to quotes."""

from __future__ import annotations

import re
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import tomli
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from annotations.documents.anchoring import anchor_span
from annotations.documents.display import display_safe
from annotations.documents.document import load_document
from annotations.errors import DocumentError
from annotations.format.model import (
    Annotation,
    AnnotationFile,
    DocumentRef,
    Principle,
    Recommendation,
    Rejection,
    Stance,
    Taxonomy,
)
from annotations.format.tomlfile import dump_annotation_text, parse_annotation_text, toml_string
from annotations.session.store import load_store, new_store

SETTINGS = settings(max_examples=150, deadline=None)
# Whole annotation files are costly to generate: fewer of them, each rich.
FILE_SETTINGS = settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

# --- strategies --------------------------------------------------------------------------

ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
HEX = "0123456789abcdef"
# any text the format allows as [document].path: not absolute (§3)
relative_paths = st.text(min_size=1, max_size=30).filter(
    lambda path: not path.startswith(("/", "\\")) and not re.match(r"[A-Za-z]:[\\/]", path)
)
tag_ids = st.builds(
    str.__add__, st.sampled_from(ALNUM), st.text(alphabet=ALNUM + "._-", max_size=12)
)
bare_keys = st.builds(
    str.__add__,
    st.sampled_from("abcdefghijklmnopqrstuvwxyz"),
    st.text(alphabet=ALNUM + "_-", max_size=10),
)
annotation_ids = st.text(
    alphabet=st.characters(exclude_categories=("Z", "C")), min_size=1, max_size=30
)
times = st.datetimes(
    min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31), timezones=st.just(UTC)
)
# Notes and quotes: any text, with the characters that are hard to write in TOML made common.
tricky = st.sampled_from(['"', '""', '"""', "'''", "\\", "\n", "\t", "\x00", "\x1b", "\x7f", "\r"])
hard_text = st.lists(st.one_of(st.text(max_size=6), tricky), max_size=6).map("".join)

scalars = st.one_of(
    st.text(max_size=20),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.booleans(),
    st.floats(allow_nan=False),
    times,
)
values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.dictionaries(bare_keys, children, max_size=3),
    ),
    max_leaves=4,
)


def extras(known: set[str]) -> st.SearchStrategy[dict[str, Any]]:
    """Unknown keys for a table whose own keys are ``known``."""
    keys = st.one_of(bare_keys, st.text(min_size=1, max_size=8))
    return st.dictionaries(keys.filter(lambda k: k not in known), values, max_size=2)


def known(model: type[Any]) -> set[str]:
    return set(model.model_fields)


@st.composite
def annotations(draw: st.DrawFn, principles: list[str], recommendations: list[str]) -> Annotation:
    quote = draw(hard_text.filter(bool))
    start = draw(st.integers(min_value=0, max_value=10**9))
    return Annotation.model_validate(
        {
            "id": draw(annotation_ids),
            "start": start,
            "end": start + len(quote),
            "quote": quote,
            "prefix": draw(st.text(max_size=32)),
            "suffix": draw(hard_text.filter(lambda s: len(s) <= 32)),
            "principles": draw(st.lists(st.sampled_from(principles), unique=True))
            if principles
            else [],
            "recommendations": draw(st.lists(st.sampled_from(recommendations), unique=True))
            if recommendations
            else [],
            "stance": draw(st.sampled_from(Stance)),
            "note": draw(hard_text),
            "author": draw(hard_text),
            "created": draw(times),
            "updated": draw(times),
            **draw(extras(known(Annotation))),
        }
    )


@st.composite
def rejections(draw: st.DrawFn, tags: list[str]) -> Rejection:
    quote = draw(hard_text.filter(bool))
    start = draw(st.integers(min_value=0, max_value=10**9))
    return Rejection.model_validate(
        {
            "tag": draw(st.sampled_from(tags) if tags else tag_ids),
            "kind": draw(st.sampled_from(["recommendation", "principle"])),
            "start": start,
            "end": start + len(quote),
            "quote": quote,
            "author": draw(hard_text),
            "time": draw(times),
            **draw(extras(known(Rejection))),
        }
    )


@st.composite
def annotation_files(draw: st.DrawFn) -> AnnotationFile:
    principle_ids = draw(st.lists(tag_ids, unique=True, max_size=3))
    recommendation_ids = draw(st.lists(tag_ids, unique=True, max_size=2))
    principles = [
        Principle.model_validate(
            {
                "id": pid,
                "label": draw(st.text(min_size=1, max_size=20)),
                "color": "#" + draw(st.text(alphabet=HEX + "ABCDEF", min_size=6, max_size=6)),
                "description": draw(hard_text),
                **draw(extras(known(Principle))),
            }
        )
        for pid in principle_ids
    ]
    recommendations = []
    for rid in recommendation_ids:
        start = draw(st.none() | st.integers(min_value=0, max_value=1000))
        recommendations.append(
            Recommendation.model_validate(
                {
                    "id": rid,
                    "title": draw(hard_text.filter(lambda s: s.strip() != "" and "\r" not in s)),
                    "description": draw(hard_text),
                    "start": start,
                    "end": None if start is None else start + draw(st.integers(0, 100)),
                    **draw(extras(known(Recommendation))),
                }
            )
        )
    items = draw(st.lists(annotations(principle_ids, recommendation_ids), max_size=4))
    return AnnotationFile.model_validate(
        {
            "document": DocumentRef.model_validate(
                {
                    "path": draw(relative_paths),
                    "sha256": draw(st.text(alphabet=HEX, min_size=64, max_size=64)),
                    "length": draw(st.integers(min_value=0, max_value=10**9)),
                    "title": draw(hard_text),
                    **draw(extras(known(DocumentRef))),
                }
            ),
            "taxonomy": Taxonomy.model_validate(
                {
                    "principles": principles,
                    "recommendations": recommendations,
                    **draw(extras(known(Taxonomy))),
                }
            ),
            "annotations": items,
            "rejections": draw(
                st.lists(rejections(principle_ids + recommendation_ids), max_size=3)
            ),
            **draw(extras(known(AnnotationFile))),
        }
    )


def plain(model: AnnotationFile) -> dict[str, Any]:
    """The model as data, annotations in file order (the order a save writes)."""
    data = model.model_dump(mode="python")
    data["annotations"] = sorted(data["annotations"], key=lambda a: (a["start"], a["end"], a["id"]))
    data["rejections"] = sorted(
        data["rejections"],
        key=lambda r: (r["kind"], r["tag"], r["start"], r["end"], r["time"], r["author"]),
    )
    return data


# --- save → load ---------------------------------------------------------------------------


@FILE_SETTINGS
@given(annotation_files())
def test_save_then_load_is_the_identity(model: AnnotationFile) -> None:
    loaded, problems, _lines = parse_annotation_text(dump_annotation_text(model), "f.toml")
    assert loaded is not None, [str(p) for p in problems]
    assert plain(loaded) == plain(model)


@FILE_SETTINGS
@given(annotation_files())
def test_saving_a_loaded_file_gives_the_same_text(model: AnnotationFile) -> None:
    text = dump_annotation_text(model)
    loaded, _problems, _lines = parse_annotation_text(text, "f.toml")
    assert loaded is not None
    assert dump_annotation_text(loaded) == text


# --- offsets slice to quotes ----------------------------------------------------------------

document_texts = st.text(
    alphabet=st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), min_size=1
)


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(document_texts, st.data())
def test_saved_offsets_always_slice_to_the_quote(raw_text: str, data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "doc.md"
        path.write_bytes(raw_text.encode("utf-8"))
        try:
            document = load_document(path)
        except DocumentError:  # text that begins like a PDF or an image is refused
            assume(False)
        assume(document.length > 0)
        store = new_store(document, Path(folder) / "doc.annotations.toml")
        for number in range(data.draw(st.integers(1, 5))):
            start = data.draw(st.integers(0, document.length - 1))
            end = data.draw(st.integers(start + 1, document.length))
            anchor = anchor_span(document.text, start, end)
            store.model.annotations.append(
                Annotation(
                    id=f"a{number}",
                    start=start,
                    end=end,
                    quote=anchor.quote,
                    prefix=anchor.prefix,
                    suffix=anchor.suffix,
                    note=data.draw(hard_text),
                    created=datetime(2026, 1, 1, tzinfo=UTC),
                    updated=datetime(2026, 1, 1, tzinfo=UTC),
                )
            )
        store.save()
        reloaded = load_store(store.path)
        assert len(reloaded.model.annotations) == len(store.model.annotations)
        for annotation in reloaded.model.annotations:
            assert reloaded.document.text[annotation.start : annotation.end] == annotation.quote
            assert document.text[annotation.start : annotation.end] == annotation.quote


# --- TOML strings and display ---------------------------------------------------------------


@SETTINGS
@given(st.one_of(st.text(), hard_text))
def test_toml_string_parses_back_to_the_same_string(value: str) -> None:
    assert tomli.loads(f"x = {toml_string(value)}")["x"] == value


@SETTINGS
@given(st.one_of(st.text(), hard_text))
def test_multiline_toml_string_parses_back_to_the_same_string(value: str) -> None:
    assert tomli.loads(f"x = {toml_string(value, multiline=True)}")["x"] == value


@SETTINGS
@given(st.one_of(st.text(), hard_text))
def test_toml_string_is_one_line_unless_multiline(value: str) -> None:
    assert "\n" not in toml_string(value)


@SETTINGS
@given(st.text())
def test_display_safe_preserves_length(value: str) -> None:
    assert len(display_safe(value)) == len(value)
    assert len(display_safe(value, keep_newlines=False)) == len(value)


@SETTINGS
@given(st.text())
def test_display_safe_leaves_no_control_characters(value: str) -> None:
    for char in display_safe(value):
        code = ord(char)
        assert char == "\n" or (code >= 0x20 and not 0x7F <= code <= 0x9F)
        assert not 0x202A <= code <= 0x202E
        assert not 0x2066 <= code <= 0x2069
