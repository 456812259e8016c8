"""The docs and the README name exactly the formats the registries hold, with their extensions."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from annotations.exchange.registry import EXPORT_FORMATS, export_format, export_format_for
from annotations.summaries.registry import (
    DEFAULT_FORMAT,
    SUMMARY_FORMATS,
    summary_format,
    summary_format_for,
)

ROOT = Path(__file__).resolve().parents[2]
SUMMARY_DOC = ROOT / "docs" / "summary.md"
INTERCHANGE_DOC = ROOT / "docs" / "interchange.md"
README = ROOT / "README.md"


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_the_summary_doc_lists_the_summary_formats() -> None:
    [listed] = re.findall(r"--format ([a-z|]+)\]", read(SUMMARY_DOC))
    assert listed.split("|") == [entry.name for entry in SUMMARY_FORMATS]


def test_the_summary_doc_names_every_extension() -> None:
    [row] = [line for line in read(SUMMARY_DOC).splitlines() if line.startswith("| `--format F`")]
    named = re.findall(r"`(\.[a-z]+)`", row)
    assert sorted(named) == sorted(e for entry in SUMMARY_FORMATS for e in entry.extensions)


def test_the_readme_lists_the_export_formats() -> None:
    [listed] = re.findall(r"--to ([a-z0-9|]+)`", read(README))
    assert listed.split("|") == [entry.name for entry in EXPORT_FORMATS]


def test_the_interchange_doc_names_every_export_extension() -> None:
    text = read(INTERCHANGE_DOC)
    start = text.index("The format comes from `--to`")
    named = re.findall(r"`(\.[a-z]+)`", text[start : text.index("Without `-o`", start)])
    assert sorted(named) == sorted(e for entry in EXPORT_FORMATS for e in entry.extensions)


def test_each_extension_chooses_one_format() -> None:
    for formats in (SUMMARY_FORMATS, EXPORT_FORMATS):
        extensions = [e for entry in formats for e in entry.extensions]
        assert len(extensions) == len(set(extensions))
        assert all(e == e.lower() and e.startswith(".") for e in extensions)


def test_summary_formats_by_name_and_extension() -> None:
    assert summary_format("md").extensions == (".md", ".markdown")
    assert summary_format_for(Path("out.HTM")).name == "html"
    assert summary_format_for(Path("out.weird")).name == DEFAULT_FORMAT
    with pytest.raises(KeyError):
        summary_format("docx")


def test_export_formats_by_name_and_extension() -> None:
    assert export_format("w3c").extensions[0] == ".jsonld"
    assert export_format_for(Path("out.JSON")) == export_format("w3c")
    assert export_format_for(Path("out.weird")) is None
