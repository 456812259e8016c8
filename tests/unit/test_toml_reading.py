"""Reading TOML: tomli's values, and its refusals as one error with its message and line."""

from __future__ import annotations

import pytest
import tomli
from hypothesis import given
from hypothesis import strategies as st

from annotations.format.toml_reading import TomlSyntaxError, parse_toml


def test_a_valid_text_reads_as_tomli_reads_it() -> None:
    text = (
        'format = "policy-annotate"\nversion = 1\n\n[[annotations]]\nid = "A"\n'
        'note = """two\nlines"""\ncreated = 2026-11-27T10:00:00Z\ntags = ["a", "b"]\n'
    )
    assert parse_toml(text) == tomli.loads(text)


def test_a_crlf_inside_a_multi_line_string_is_a_line_feed_as_for_tomli() -> None:
    text = 'note = """first\r\nsecond"""\r\nother = 1\r\n'
    assert parse_toml(text) == tomli.loads(text) == {"note": "first\nsecond", "other": 1}


def test_nesting_a_hundred_deep_is_read() -> None:
    text = "a = " + "[" * 100 + "]" * 100 + "\n"
    value = parse_toml(text)["a"]
    depth = 0
    while isinstance(value, list) and value:
        value, depth = value[0], depth + 1
    assert depth == 99


def test_bad_toml_gets_tomlis_message_and_line() -> None:
    text = 'a = 1\nb = "unclosed\nc = 3\n'
    with pytest.raises(tomli.TOMLDecodeError) as expected:
        tomli.loads(text)
    with pytest.raises(TomlSyntaxError) as error:
        parse_toml(text)
    assert (error.value.message, error.value.line) == (expected.value.msg, 2)


@pytest.mark.parametrize(
    "text",
    [
        "a = " + "[" * 100_000 + "]" * 100_000 + "\n",
        ".".join(["a"] * 20_000) + " = 1\n",
    ],
    ids=["arrays 100,000 deep", "a dotted key of 20,000 parts"],
)
def test_nesting_too_deep_for_tomli_is_a_syntax_error_not_a_crash(text: str) -> None:
    with pytest.raises(TomlSyntaxError):
        parse_toml(text)


@given(
    st.dictionaries(
        st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=8),
        st.one_of(st.integers(-(2**63), 2**63 - 1), st.text(max_size=20), st.booleans()),
        max_size=5,
    )
)
def test_any_table_written_by_tomli_w_reads_back_the_same(table: dict[str, object]) -> None:
    import tomli_w

    text = tomli_w.dumps(table)
    assert parse_toml(text) == tomli.loads(text) == table
