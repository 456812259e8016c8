"""The real policy documents in ../shared/corpus: they load, and their indexes are sound."""

from __future__ import annotations

import os
import re
from functools import cache
from pathlib import Path

import pytest

from annotations.documents.document import Document, load_document

pytestmark = pytest.mark.corpus

_CORPUS = Path(
    os.environ.get(
        "POLICY_ANNOTATE_CORPUS",
        Path(__file__).resolve().parents[2].parent / "shared" / "corpus",
    )
)
# Collected at import so each file is its own test; the `corpus` fixture skips where absent.
NAMES = sorted(path.name for path in _CORPUS.glob("*.md")) or ["corpus-absent.md"]
DOCUMENTS = [name for name in NAMES if name != "SOURCES.md"] or NAMES


@cache
def load(path: Path) -> Document:
    return load_document(path)


def listed_hashes(corpus: Path) -> dict[str, str]:
    """The ``sha256  name`` lines of the SHA-256 block in SOURCES.md."""
    text = (corpus / "SOURCES.md").read_text(encoding="utf-8")
    block = text.split("## SHA-256", 1)[1]
    return dict(
        (name, digest)
        for digest, name in re.findall(r"^([0-9a-f]{64})\s+(\S+)$", block, flags=re.M)
    )


def spans(starts: object, ends: object) -> list[tuple[int, int]]:
    return list(zip(starts, ends, strict=True))  # type: ignore[call-overload]


def sentence_texts(document: Document) -> set[str]:
    return {document.text[s:e] for s, e in spans(document.sentence_starts, document.sentence_ends)}


@pytest.mark.parametrize("name", NAMES)
def test_loads_as_utf8(corpus: Path, name: str) -> None:
    document = load(corpus / name)
    assert document.encoding == "utf-8"
    assert document.length > 0


@pytest.mark.parametrize("name", NAMES)
def test_paragraphs_are_ascending_stripped_and_inside(corpus: Path, name: str) -> None:
    document = load(corpus / name)
    text = document.text
    previous_end = 0
    for start, end in spans(document.paragraph_starts, document.paragraph_ends):
        assert previous_end <= start < end <= document.length
        assert text[start:end] == text[start:end].strip(), (start, text[start : start + 60])
        previous_end = end


@pytest.mark.parametrize("name", NAMES)
def test_sentences_are_ascending_stripped_and_inside(corpus: Path, name: str) -> None:
    document = load(corpus / name)
    text = document.text
    previous_end = 0
    for start, end in spans(document.sentence_starts, document.sentence_ends):
        assert previous_end <= start < end <= document.length
        assert text[start:end] == text[start:end].strip(), (start, text[start : start + 60])
        previous_end = end


@pytest.mark.parametrize("name", NAMES)
def test_sentences_lie_inside_paragraphs(corpus: Path, name: str) -> None:
    document = load(corpus / name)
    for start, end in spans(document.sentence_starts, document.sentence_ends):
        paragraph = document.paragraph_at(start)
        assert paragraph >= 0
        assert document.paragraph_starts[paragraph] <= start
        assert end <= document.paragraph_ends[paragraph]


@pytest.mark.parametrize("name", NAMES)
def test_every_paragraph_has_a_sentence(corpus: Path, name: str) -> None:
    document = load(corpus / name)
    starts = set(document.sentence_starts)
    for start in document.paragraph_starts:
        assert start in starts


@pytest.mark.parametrize("name", DOCUMENTS)
def test_sha256_matches_sources(corpus: Path, name: str) -> None:
    expected = listed_hashes(corpus)
    assert name in expected, f"{name} is not listed in SOURCES.md"
    assert load(corpus / name).sha256 == expected[name]


def test_sources_lists_only_files_present(corpus: Path) -> None:
    for name in listed_hashes(corpus):
        assert (corpus / name).is_file(), name


def test_design_principles_sentences(corpus: Path) -> None:
    found = sentence_texts(load(corpus / "uk-gds-design-principles.md"))
    assert "Making something look simple is easy." in found
    assert "Don’t take “It’s always been that way” for an answer." in found
    assert "## 4. Do the hard work to make it simple" in found


def test_design_principles_heading_is_a_section(corpus: Path) -> None:
    document = load(corpus / "uk-gds-design-principles.md")
    titles = [section.title for section in document.sections]
    assert "4. Do the hard work to make it simple" in titles


def test_nist_sentences(corpus: Path) -> None:
    found = sentence_texts(load(corpus / "us-nist-sp-800-63b-authentication-lifecycle.md"))
    assert (
        "This guideline is consistent with the requirements of the Office of Management and "
        "Budget (OMB) Circular A-130."
    ) in found
    assert "Attribution would, however, be appreciated by NIST." in found


def test_gdpr_numbered_recital_is_split_into_sentences(corpus: Path) -> None:
    document = load(corpus / "eu-gdpr-regulation-2016-679.md")
    found = sentence_texts(document)
    first = next(s for s in found if s.startswith("(9) The objectives and principles"))
    assert first.endswith("in particular with regard to online activity.")
    assert any(
        s.startswith("Differences in the level of protection of the rights and freedoms")
        for s in found
    )
