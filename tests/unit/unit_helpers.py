"""Helpers for the core tests: a small document with a valid annotation file beside it."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from annotations.documents.anchoring import anchor_span
from annotations.documents.document import load_document
from annotations.errors import DocumentError
from annotations.format.model import Annotation, Recommendation, Stance
from annotations.session.store import new_store

DOCUMENT_TEXT = (
    "The first sentence. The second sentence.\n\nA new paragraph here, with “quotes” and café.\n"
)
MOMENT = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)


def make_annotation(
    text: str, start: int, end: int, annotation_id: str, **fields: object
) -> Annotation:
    """An annotation of text[start:end] with fixed times."""
    anchor = anchor_span(text, start, end)
    values: dict[str, object] = {
        "id": annotation_id,
        "start": start,
        "end": end,
        "quote": anchor.quote,
        "prefix": anchor.prefix,
        "suffix": anchor.suffix,
        "author": "analyst-a",
        "created": MOMENT,
        "updated": MOMENT,
    }
    values.update(fields)
    return Annotation.model_validate(values)


@dataclass
class Project:
    """A folder with ``doc.md`` and ``doc.annotations.toml`` holding two annotations."""

    folder: Path
    document: Path
    annotations: Path

    def text(self) -> str:
        return self.annotations.read_text(encoding="utf-8")

    def line_of(self, fragment: str, *, after: str | None = None) -> int:
        """The 1-based line holding ``fragment`` (the first one after ``after``)."""
        text = self.text()
        begin = text.index(after) if after else 0
        return text.count("\n", 0, text.index(fragment, begin)) + 1

    def edit(self, old: str, new: str, *, after: str | None = None) -> int:
        """Replace the first ``old`` (after ``after``) by ``new``; return the line it is on."""
        text = self.text()
        begin = text.index(after) if after else 0
        at = text.index(old, begin)
        self.annotations.write_text(text[:at] + new + text[at + len(old) :], encoding="utf-8")
        return text.count("\n", 0, at) + 1

    def cli(self, *arguments: str) -> subprocess.CompletedProcess[str]:
        """Run ``python -m tui ARGUMENTS`` in the project folder."""
        return subprocess.run(
            [sys.executable, "-m", "tui", *arguments],
            cwd=self.folder,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )


def write_project(folder: Path) -> Project:
    """Write the document and a valid annotation file with the store's own writer."""
    folder.mkdir(parents=True, exist_ok=True)
    document_path = folder / "doc.md"
    document_path.write_text(DOCUMENT_TEXT, encoding="utf-8")
    annotation_path = folder / "doc.annotations.toml"
    store = new_store(load_document(document_path), annotation_path)
    store.model.taxonomy.recommendations.append(
        Recommendation(id="R1", title="Share platforms across government")
    )
    store.model.annotations = [
        make_annotation(
            DOCUMENT_TEXT,
            0,
            19,
            "a-first",
            principles=["collaboration"],
            recommendations=["R1"],
            stance=Stance.SUPPORT,
            note="Line one\nLine two",
        ),
        make_annotation(DOCUMENT_TEXT, 20, 40, "a-second", principles=["redesign"]),
    ]
    store.save()
    return Project(folder, document_path, annotation_path)


def run_command(*arguments: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ``python -m tui ARGUMENTS`` as a user would; a traceback is always a failure."""
    result = subprocess.run(
        [sys.executable, "-m", "tui", *arguments],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


def write_file(folder: Path, name: str, data: bytes) -> Path:
    """Write ``data`` to ``folder/name``; returns the path."""
    path = folder / name
    path.write_bytes(data)
    return path


def load_error(path: Path) -> str:
    """The one-line message ``load_document`` refuses ``path`` with."""
    with pytest.raises(DocumentError) as caught:
        load_document(path)
    message = str(caught.value)
    assert "\n" not in message
    return message
