"""The quick reading of [[annotations]] tables (tomlfile.load_toml) against tomli itself.

load_toml reads the annotation tables of a large file with one regular expression when they are
exactly in the layout dump_annotation_text writes, and gives the text to tomli otherwise. Here
the size threshold is lowered to nothing, and on written files, on written files with edits, and
on hand-made string values, load_toml must give what tomli gives: the same values (datetimes with
the same time zone object) or the same error.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
import tomli
from hypothesis import example, given, settings
from hypothesis import strategies as st

from annotations.format import tomlfile
from annotations.format.model import (
    Annotation,
    AnnotationFile,
    DocumentRef,
    Principle,
    Stance,
    Taxonomy,
)
from annotations.format.tomlfile import dump_annotation_text, load_toml

HEX = "0123456789abcdef"
tricky = st.sampled_from(
    [
        '"',
        '""',
        '"""',
        "\\",
        "\\\\",
        "\\u",
        "\\n",
        "\n",
        "\t",
        "\x00",
        "\x1b",
        "\x7f",
        "é",
    ]
)
hard_text = st.lists(st.one_of(st.text(max_size=6), tricky), max_size=6).map("".join)
times = st.datetimes(
    min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31), timezones=st.just(UTC)
)
TAGS = ["P1", "P2", "p.3"]


@pytest.fixture(autouse=True)
def _always_quick(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tomlfile, "_FAST_MINIMUM", 0)


@st.composite
def annotations(draw: st.DrawFn) -> Annotation:
    quote = draw(hard_text.filter(lambda s: bool(s) and "\r" not in s))
    start = draw(st.integers(min_value=0, max_value=10**12))
    extra = draw(st.sampled_from([{}, {}, {}, {"anchor": "orphaned"}]))
    return Annotation.model_validate(
        {
            "id": draw(st.text(alphabet=st.characters(exclude_categories=("Z", "C")), min_size=1)),
            "start": start,
            "end": start + len(quote),
            "quote": quote,
            "prefix": draw(hard_text.filter(lambda s: len(s) <= 32)),
            "suffix": draw(hard_text.filter(lambda s: len(s) <= 32)),
            "principles": draw(st.lists(st.sampled_from(TAGS), max_size=3)),
            "recommendations": draw(st.lists(st.sampled_from(TAGS), max_size=2)),
            "stance": draw(st.sampled_from(Stance)),
            "note": draw(hard_text),
            "author": draw(hard_text),
            "created": draw(times),
            "updated": draw(times),
            **extra,
        }
    )


@st.composite
def written_files(draw: st.DrawFn) -> str:
    model = AnnotationFile(
        document=DocumentRef(path="doc.md", sha256=HEX * 4, length=5, title=draw(hard_text)),
        taxonomy=Taxonomy(
            principles=[Principle(id=tag, label=tag, color="#123456") for tag in TAGS]
        ),
        annotations=draw(st.lists(annotations(), max_size=5)),
    )
    return dump_annotation_text(model)


def plain(value: Any) -> Any:
    """``value`` with each datetime as (its ISO text, its time zone object), to compare exactly."""
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, datetime):
        return (value.isoformat(), id(value.tzinfo))
    return value


def outcome(function: Any, text: str) -> Any:
    try:
        return "value", plain(function(text))
    except tomli.TOMLDecodeError as error:
        return "error", str(error)


def assert_same(text: str) -> None:
    assert outcome(load_toml, text) == outcome(tomli.loads, text)


@settings(max_examples=300, deadline=None)
@given(written_files())
def test_written_files_read_as_tomli_reads_them(text: str) -> None:
    assert_same(text)


def test_the_quick_reading_takes_a_written_file() -> None:
    """(So that the test above tests it, not the fallback.)"""
    model = AnnotationFile(
        document=DocumentRef(path="doc.md", sha256=HEX * 4, length=5),
        annotations=[
            Annotation(
                id=f"a{n}",
                start=n,
                end=n + 7,
                quote='q "x"\\\n',
                prefix="\\\\n",
                suffix='""\t',
                principles=["P1", "P2"],
                note='line\nline "" two"',
                created=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
                updated=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
            )
            for n in range(3)
        ],
    )
    text = dump_annotation_text(model)
    split = text.find(tomlfile._ANNOTATIONS_START)
    tables = tomlfile._read_annotation_tables(text, split + 1)
    assert plain(tables) == plain(tomli.loads(text)["annotations"])


EDITS = [
    '"',
    '""',
    "\\",
    "\\u",
    "\\U0001F600",
    "u",
    "0",
    "-",
    "#",
    " ",
    "\n",
    "\n\n",
    "'",
    "[",
    "]",
    ",",
    "=",
    "\t",
    "\x00",
    "\r\n",
    "Z",
    "T",
    "x",
]


@settings(max_examples=600, deadline=None)
@given(
    written_files(),
    st.lists(
        st.tuples(st.floats(0, 1), st.integers(0, 3), st.sampled_from(EDITS)),
        min_size=1,
        max_size=3,
    ),
)
def test_edited_files_read_as_tomli_reads_them(
    text: str, edits: list[tuple[float, int, str]]
) -> None:
    for where, removed, inserted in edits:
        position = int(where * len(text))
        text = text[:position] + inserted + text[position + removed :]
    assert_same(text)


HEAD = 'format = "policy-annotate"\nversion = 1\n\n[document]\npath = "d.md"\n'
TABLE = (
    '\n[[annotations]]\nid = "a"\nstart = {start}\nend = 3\nquote = {quote}\nprefix = ""\n'
    'suffix = ""\nprinciples = {tags}\nrecommendations = []\nstance = "neutral"\nnote = {note}\n'
    'author = ""\ncreated = {time}\nupdated = 2026-11-27T10:05:00Z\n'
)
raw_chars = st.lists(
    st.sampled_from(
        [
            '"',
            "\\",
            "u",
            "U",
            "n",
            "t",
            "b",
            "e",
            "x",
            "0",
            "D",
            "8",
            "F",
            "a",
            " ",
            "\n",
            "\t",
            "\x01",
            "\x7f",
            "é",
        ]
    ),
    max_size=12,
).map("".join)


@settings(max_examples=1500, deadline=None)
@given(
    raw_chars,
    raw_chars,
    st.sampled_from(['"{}"', '"""\n{}"""', '"""{}"""', "'{}'"]),
    st.sampled_from(['"{}"', '"""\n{}"""']),
    st.sampled_from(["0", "1", "-0", "-1", "01", "+1", "1_0", "99999999999999999999", "0x1"]),
    st.sampled_from(
        ["[]", '["P1"]', '["P1", "P2"]', '[ "P1" ]', '["P1",]', '["\\u0050"]', '["a\\\\"]']
    ),
    st.sampled_from(
        [
            "2026-11-27T10:05:00Z",
            "2026-02-30T10:05:00Z",
            "2026-11-27T24:00:00Z",
            "2026-11-27 10:05:00Z",
            "2026-11-27T10:05:00+01:00",
            "2026-11-27T10:05:60Z",
        ]
    ),
)
@example('a\\"b', "", '"{}"', '"{}"', "0", "[]", "2026-11-27T10:05:00Z")
@example("\\ud800", "", '"{}"', '"{}"', "0", "[]", "2026-11-27T10:05:00Z")
@example('x"', 'y""', '"""\n{}"""', '"""\n{}"""', "0", "[]", "2026-11-27T10:05:00Z")
def test_hand_made_values_read_as_tomli_reads_them(
    quote: str, note: str, quote_form: str, note_form: str, start: str, tags: str, time: str
) -> None:
    table = TABLE.format(
        start=start,
        quote=quote_form.format(quote),
        note=note_form.format(note),
        tags=tags,
        time=time,
    )
    assert_same(HEAD + table + table)
