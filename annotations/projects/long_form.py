"""A whole project in long form: one CSV row per annotation and tag, with document attributes.

For R, pandas or a spreadsheet. An annotation with two principles and one recommendation gives
three rows (``tag_kind`` principle, principle, recommendation); an annotation with no tag gives
one row with empty ``tag_kind`` and ``tag``. The document's attributes follow the fixed columns,
one column per attribute key used in the project (sorted), named after the key, or
``attribute:KEY`` when the key is also a fixed column's name. Broken files are left out as the
summary leaves them out (returned, one line each).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping
from typing import Any

from annotations.projects.facts import AnnotationFacts
from annotations.projects.project import Project
from annotations.projects.reading import CodedFacts, coded_facts, documents_where

LONG_COLUMNS = [
    "document",
    "document_title",
    "document_path",
    "file",
    "analyst",
    "annotation",
    "start",
    "end",
    "stance",
    "author",
    "created",
    "updated",
    "tag_kind",
    "tag",
    "tag_label",
    "quote",
    "note",
]


def attribute_columns(keys: list[str]) -> list[str]:
    """The column names of the attribute keys (prefixed only where a fixed column has the name)."""
    return [f"attribute:{k}" if k in LONG_COLUMNS else k for k in keys]


def long_form_csv(
    project: Project,
    *,
    keep: Callable[[AnnotationFacts], bool] | None = None,
    where: Mapping[str, str] | None = None,
    use_cache: bool = True,
) -> tuple[str, int, list[str]]:
    """The project as long-form CSV text, the number of rows, and the files left out
    (``use_cache``: read the files through the project cache)."""
    from annotations.projects.cache import facts_reader

    documents = documents_where(project, where)
    keys = sorted({k for d in documents for k in d.attributes})
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(LONG_COLUMNS + attribute_columns(keys))
    left_out: list[str] = []
    rows = 0
    with facts_reader(project, use_cache=use_cache) as reader:
        for coded in coded_facts(project, documents, left_out, reader):
            rows += _write_rows(writer, project, coded, keys, keep)
    return buffer.getvalue(), rows, left_out


def _write_rows(
    writer: Any,
    project: Project,
    coded: CodedFacts,
    keys: list[str],
    keep: Callable[[AnnotationFacts], bool] | None,
) -> int:
    """One file's rows; how many."""
    document, facts = coded.document, coded.facts
    labels = {p.id: p.label for p in facts.principles}
    titles = dict(facts.recommendations)
    attributes = [document.attributes.get(k, "") for k in keys]
    file = project.relative(coded.ref.path)
    rows = 0
    for a in facts.annotations:
        if keep is not None and not keep(a):
            continue
        tags = [("principle", p, labels.get(p, p)) for p in a.principles] + [
            ("recommendation", r, titles.get(r, r)) for r in a.recommendations
        ]
        head = [
            document.id,
            document.title,
            document.path,
            file,
            coded.ref.analyst or "",
            a.id,
            a.start,
            a.end,
            a.stance,
            a.author,
            a.created,
            a.updated,
        ]
        for kind, tag, label in tags or [("", "", "")]:
            writer.writerow([*head, kind, tag, label, a.quote, a.note, *attributes])
            rows += 1
    return rows
