"""Suggested passages across a project: a codebook tag's best passages in all its documents.

What ``policy-annotate suggest DIR --tag R4`` prints. The rules:

- The tag is the codebook's (a recommendation first, then a principle): its title or label, its
  description, and, in the document holding a recommendation's passage, that statement.
- Every readable annotation file of the project gives examples, as the app's queue across a
  project carries them (``suggesting.across.CorpusRun``, the ``MAX_CARRIED`` latest of each kind,
  in the project's order): the passages tagged with the tag are positive examples, the
  rejections negative ones. One query for every document (``suggesting.suggest.taxonomy_query``),
  but the review stating a recommendation, whose query has that statement's words too.
- A passage tagged or rejected in any file of its document, or the tag's own statement, is never
  suggested; documents without an annotation file are ranked too.
- Documents are indexed and ranked one at a time, their index dropped before the next: only the
  best ``top`` are kept (``Best``), so memory does not grow with the project. Ties go by the
  project's order of documents, then offset. The scores are merged as they are, as
  ``suggest_across`` merges them: each is relative to its own document's statistics (see
  ``suggesting.across`` on why the app's queue does not rank globally): the same sentence
  scores higher in a document where its words are rare than in one full of them.
- A broken annotation file or a document that cannot be read is left out with a one-line
  problem, never refusing the project.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from annotations.errors import PolicyAnnotateError
from annotations.format.model import TagKind
from annotations.projects.model import Codebook, ProjectDocument
from annotations.projects.project import Project
from annotations.projects.reading import coded_files
from annotations.suggesting.across import CorpusRun
from annotations.suggesting.ranking import Suggestion
from annotations.suggesting.suggest import TagExamples, tag_examples

NONE = TagExamples((), (), ())
"""A document without an annotation file: nothing tagged or rejected."""


@dataclass(frozen=True, slots=True)
class ProjectSuggestion:
    """A suggested passage of a project's document, with what is shown of it."""

    document: ProjectDocument
    path: Path
    """The document's file."""
    suggestion: Suggestion
    line: int
    """The line of the passage's start (1 for the first)."""
    quote: str
    """The passage's text."""


@dataclass
class ProjectSuggestions:
    """A tag's best passages across a project, and what was ranked or left out."""

    tag: str
    kind: TagKind
    title: str
    suggestions: list[ProjectSuggestion] = field(default_factory=list)
    ranked: int = 0
    """How many documents were indexed and ranked."""
    left_out: list[str] = field(default_factory=list)
    """One line per annotation file or document that could not be used."""


def codebook_tag(codebook: Codebook, tag: str) -> tuple[TagKind, str] | None:
    """Whether ``tag`` is a recommendation or a principle of the codebook (recommendations
    first), with its title or label; None when it is neither."""
    for recommendation in codebook.recommendations:
        if recommendation.id == tag:
            return "recommendation", recommendation.title
    for principle in codebook.principles:
        if principle.id == tag:
            return "principle", principle.label
    return None


def codebook_ids(codebook: Codebook) -> list[str]:
    """The codebook's recommendation and principle ids, in that order."""
    return [r.id for r in codebook.recommendations] + [p.id for p in codebook.principles]


def project_examples(
    project: Project, tag: str, kind: TagKind, left_out: list[str]
) -> dict[str, TagExamples]:
    """Each document's examples and exclusions of the tag, over every readable annotation file
    of it (broken ones appended to ``left_out``); a document without a file has none."""
    found: dict[str, TagExamples] = {}
    for coded in coded_files(project, project.model.documents, left_out):
        examples = tag_examples(coded.model, None, tag, kind)
        kept = found.get(coded.document.id)
        if kept is not None:
            examples = TagExamples(
                kept.positives + examples.positives,
                kept.negatives + examples.negatives,
                kept.exclude + examples.exclude,
            )
        found[coded.document.id] = examples
    return found


def suggest_in_project(project: Project, tag: str, *, top: int = 10) -> ProjectSuggestions:
    """The best ``top`` passages for the codebook's ``tag`` across the project's documents.

    Raises KeyError when the tag is not in the codebook. Needs the ``suggest`` extra (numpy):
    ImportError otherwise.
    """
    from annotations.documents.document import load_document
    from annotations.suggesting.index import SentenceIndex
    from annotations.suggesting.ranking import rank
    from annotations.suggesting.suggest import Best, statement, taxonomy_query
    from annotations.suggesting.tokens import Stems

    codebook = project.model.codebook
    found = codebook_tag(codebook, tag)
    if found is None:
        raise KeyError(tag)
    kind, title = found
    result = ProjectSuggestions(tag, kind, title)
    examples = project_examples(project, tag, kind, result.left_out)
    run = CorpusRun(tag)
    for each in examples.values():
        run.leave(each)
    pooled = run.carried()
    general = taxonomy_query(codebook.taxonomy(None), tag, kind, pooled, stems=Stems())
    stating = next(
        (r.passage.document for r in codebook.recommendations if r.id == tag and r.passage),
        None,
    )
    best: Best[ProjectSuggestion] = Best(top)
    for position, document in enumerate(project.model.documents):
        path = project.document_path(document)
        try:
            text = load_document(path)
        except PolicyAnnotateError as error:
            result.left_out.append(str(error.problems[0]))
            continue
        index = SentenceIndex(text)
        query, exclude = general, list(examples.get(document.id, NONE).exclude)
        if kind == "recommendation" and document.id == stating:
            taxonomy = codebook.taxonomy(document.id)
            query = taxonomy_query(taxonomy, tag, kind, pooled, stems=index.stems, text=text.text)
            stated = statement(taxonomy, tag, kind)
            exclude += [stated] if stated is not None else []
        for suggestion in rank(index, query, exclude=exclude, top=top, above=best.worst):
            start, end = suggestion.start, suggestion.end
            line = text.text.count("\n", 0, start) + 1
            shown = ProjectSuggestion(document, path, suggestion, line, text.text[start:end])
            best.add(position, suggestion, shown)
        result.ranked += 1
    result.suggestions = best.best()
    return result
