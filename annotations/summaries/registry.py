"""The summary formats: one entry each, with its name, file extensions and writer.

The command line takes its ``--format`` choices and the format of ``-o FILE`` from this table;
adding a format is adding an entry (and its writer). Importing this module is cheap: each writer
imports its renderer when it is called, so the text form never loads the other formats' code.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from pathlib import Path

    from rich.console import Console

    from annotations.documents.document import Document
    from annotations.format.model import AnnotationFile
    from annotations.projects.corpus import CorpusSummary
    from annotations.projects.project import Project
    from annotations.summaries.summary import Summary, SummaryFilter


class SummaryRequest(NamedTuple):
    """What a summary is written from: annotation files of one document, filter, views, width."""

    names: Sequence[str]
    models: Sequence[AnnotationFile]
    document: Document
    keep: SummaryFilter
    views: Sequence[str]
    quotes: int = 3
    width: int = 100
    use_cache: bool = True
    """Read the annotation files through the project cache (False: read every file)."""
    """Columns of the text form."""

    def summary(self) -> Summary:
        """The summary's numbers (built on each call: a writer asks once)."""
        from annotations.summaries.summary import build_summary

        return build_summary(
            self.models, self.document, self.names, summary_filter=self.keep, quotes=self.quotes
        )


class ProjectRequest(NamedTuple):
    """What a project's cross-document summary is written from: the project, filters, width."""

    project: Project
    keep: SummaryFilter
    where: dict[str, str]
    by: str | None = None
    quotes: int = 3
    width: int = 100
    use_cache: bool = True
    """Read the annotation files through the project cache (False: read every file)."""

    def summary(self) -> CorpusSummary:
        """The cross-document summary (built on each call: a writer asks once)."""
        from annotations.projects.corpus import corpus_summary

        return corpus_summary(
            self.project,
            by=self.by,
            keep=self.keep.keeps if self.keep.filters else None,
            where=self.where,
            quotes=self.quotes,
            principles=self.keep.principles,
            use_cache=self.use_cache,
        )


class SummaryFormat(NamedTuple):
    """A summary format: its name, the extensions that select it, and how it is written."""

    name: str
    extensions: tuple[str, ...]
    """File extensions (lower case, with the dot) that choose this format for ``-o FILE``."""
    write: Callable[[SummaryRequest], str]
    show: Callable[[SummaryRequest, Console], None] | None = None
    """How to print it on a terminal that shows colour, if it differs from the written text."""
    write_project: Callable[[ProjectRequest, CorpusSummary], str] | None = None
    """How a project's cross-document summary (``summary DIR``) is written in this format."""


def _text(request: SummaryRequest) -> str:
    from annotations.summaries.render import render_text

    return render_text(request.summary(), request.width, request.views)


def _console(request: SummaryRequest, console: Console) -> None:
    from annotations.summaries.render import render_console

    render_console(request.summary(), console, request.views)


def _markdown(request: SummaryRequest) -> str:
    from annotations.summaries.formats import render_markdown

    return render_markdown(request.summary(), request.views)


def _html(request: SummaryRequest) -> str:
    from annotations.summaries.formats import render_html

    return render_html(request.summary(), request.views)


def _svg(request: SummaryRequest) -> str:
    from annotations.summaries.formats import render_svg

    return render_svg(request.summary(), request.views)


def _json(request: SummaryRequest) -> str:
    from annotations.summaries.formats import render_json

    return render_json(request.summary())


def _csv(request: SummaryRequest) -> str:
    from annotations.summaries.formats import render_csv

    rows = zip(request.names, request.models, strict=True)
    return render_csv(rows, request.keep, document=request.document)


def _project_text(request: ProjectRequest, summary: CorpusSummary) -> str:
    from annotations.documents.display import display_safe
    from annotations.projects.corpus_text import corpus_text

    return "\n".join(display_safe(line) for line in corpus_text(summary, request.width)) + "\n"


def _project_markdown(request: ProjectRequest, summary: CorpusSummary) -> str:
    from annotations.summaries.corpus_formats import render_corpus_markdown

    return render_corpus_markdown(summary)


def _project_html(request: ProjectRequest, summary: CorpusSummary) -> str:
    from annotations.summaries.corpus_formats import render_corpus_html

    return render_corpus_html(summary)


def _project_svg(request: ProjectRequest, summary: CorpusSummary) -> str:
    from annotations.summaries.corpus_formats import render_corpus_svg

    return render_corpus_svg(summary, request.width)


def _project_json(request: ProjectRequest, summary: CorpusSummary) -> str:
    import json

    return json.dumps(summary.as_json(), indent=2, ensure_ascii=False) + "\n"


def _project_csv(request: ProjectRequest, summary: CorpusSummary) -> str:
    from annotations.projects.long_form import long_form_csv

    return long_form_csv(
        request.project, keep=request.keep.keeps, where=request.where, use_cache=request.use_cache
    )[0]


SUMMARY_FORMATS: tuple[SummaryFormat, ...] = (
    SummaryFormat("text", (".txt",), _text, show=_console, write_project=_project_text),
    SummaryFormat("md", (".md", ".markdown"), _markdown, write_project=_project_markdown),
    SummaryFormat("html", (".html", ".htm"), _html, write_project=_project_html),
    SummaryFormat("svg", (".svg",), _svg, write_project=_project_svg),
    SummaryFormat("json", (".json",), _json, write_project=_project_json),
    SummaryFormat("csv", (".csv",), _csv, write_project=_project_csv),
)
DEFAULT_FORMAT = "text"
"""The format of standard output, and of ``-o FILE`` whose extension names none."""


def summary_format(name: str) -> SummaryFormat:
    """The format called ``name``; KeyError if there is none."""
    for entry in SUMMARY_FORMATS:
        if entry.name == name:
            return entry
    raise KeyError(name)


def summary_format_for(path: Path) -> SummaryFormat:
    """The format ``path``'s extension names (case-insensitive), else the text form."""
    suffix = path.suffix.lower()
    for entry in SUMMARY_FORMATS:
        if suffix in entry.extensions:
            return entry
    return summary_format(DEFAULT_FORMAT)
