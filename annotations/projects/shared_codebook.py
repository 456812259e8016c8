"""The codebook shared by a project's documents while they are annotated in the app.

An annotation file opened from a project follows the codebook in memory (``follow_codebook``:
the codebook's principles and recommendations, in its order, the file's own extra tags kept,
as ``project check --fix`` gives it), and is written so on its next save. A recommendation added
in the app (``R``, or the detected ones ``D`` adds) goes to the project file first
(``add_codebook_recommendation``, ``add_codebook_recommendations``: re-read, added, saved
atomically), then to the file. A codebook recommendation may point at its passage in the
review (``passage_span`` finds it again by its quote if the review moved it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from annotations.errors import Problem
from annotations.format.model import AnnotationFile, Recommendation
from annotations.projects.codebook import adopt_codebook, adopt_file_tags, divergence
from annotations.projects.enclosing import enclosing_projects
from annotations.projects.model import Codebook, CodebookRecommendation, Passage
from annotations.projects.project import Project, ProjectFileError, load_project
from annotations.session.editing import new_recommendation


def project_document_id(project: Project, document: Path) -> str | None:
    """The id of the project's document at ``document``, if the project lists it."""
    target = document.resolve()
    for entry in project.model.documents:
        if project.document_path(entry).resolve() == target:
            return entry.id
    return None


def project_of(document: Path) -> tuple[Project, str] | None:
    """The nearest project above ``document`` that lists it, with the document's id; None when
    no project does. Raises ProjectFileError when the nearest project file cannot be read."""
    for folder in enclosing_projects(document):
        project = load_project(folder)
        document_id = project_document_id(project, document)
        if document_id is not None:
            return project, document_id
    return None


def follow_codebook(codebook: Codebook, model: AnnotationFile, document_id: str) -> list[str]:
    """Give ``model`` the codebook's taxonomy, keeping every tag it has that the codebook lacks
    (after the codebook's, in the file's order); the ids the file gained or saw changed.

    The rules of ``project check --fix`` (``adopt_file_tags``, then ``adopt_codebook``), on a
    copy of the codebook: opening a document never changes the project file.
    """
    found = divergence(codebook, model)
    if not (found.missing or found.changed):
        return []
    widened = codebook.model_copy(deep=True)
    adopt_file_tags(widened, model, document_id)
    adopt_codebook(widened, model, document_id)
    return found.missing + found.changed


def add_codebook_recommendation(
    project: Project, document_id: str, text: str, start: int, end: int, taken: Iterable[str]
) -> CodebookRecommendation:
    """Add ``text[start:end]`` (of the document ``document_id``) to the project's codebook as a
    new recommendation whose passage it is, and save the project file; the entry added.

    The project file is read again first (another document, or a teammate, may have added to
    it), the id is the first ``R<n>`` free in it and in ``taken`` (the annotation file's ids),
    and it is written atomically. ``project`` is updated only once the file is written: on any
    error (ProjectFileError, SaveError: one-line problems) nothing changed, on disk or here.
    """

    def entries(codebook: Codebook) -> list[CodebookRecommendation]:
        recommendation = new_recommendation(
            text, start, end, {*taken, *(r.id for r in codebook.recommendations)}
        )
        return [_entry(recommendation, document_id, text)]

    return _add_to_codebook(project, document_id, entries)[0]


def add_codebook_recommendations(
    project: Project, document_id: str, text: str, recommendations: Iterable[Recommendation]
) -> tuple[list[CodebookRecommendation], list[str]]:
    """Add ``recommendations`` (of the document ``document_id``, spans into ``text``: detected
    ones, ``D``) to the project's codebook, each with its passage, and save the project file
    once; the entries added, and the ids left out because the codebook, read again first,
    has them already (added meanwhile). The same guarantees as
    ``add_codebook_recommendation``; nothing is written when nothing is left to add."""
    skipped: list[str] = []

    def entries(codebook: Codebook) -> list[CodebookRecommendation]:
        taken = {r.id for r in codebook.recommendations}
        kept: list[CodebookRecommendation] = []
        for recommendation in recommendations:
            if recommendation.id in taken:
                skipped.append(recommendation.id)
            else:
                taken.add(recommendation.id)
                kept.append(_entry(recommendation, document_id, text))
        return kept

    return _add_to_codebook(project, document_id, entries), skipped


def _entry(recommendation: Recommendation, document_id: str, text: str) -> CodebookRecommendation:
    """The codebook entry of a recommendation of the document ``document_id``: its passage is
    the recommendation's span."""
    start, end = recommendation.start, recommendation.end
    passage = (
        None
        if start is None or end is None
        else Passage(document=document_id, start=start, end=end, quote=text[start:end])
    )
    return CodebookRecommendation(
        id=recommendation.id,
        title=recommendation.title,
        description=recommendation.description,
        passage=passage,
    )


def _add_to_codebook(
    project: Project,
    document_id: str,
    entries: Callable[[Codebook], list[CodebookRecommendation]],
) -> list[CodebookRecommendation]:
    """Read the project file again, append ``entries(codebook)`` to its recommendations, save
    it atomically (when there is any), then update ``project``; the entries added."""
    fresh = load_project(project.folder)
    codebook = fresh.model.codebook
    if fresh.model.document(document_id) is None:
        raise ProjectFileError(
            [Problem(str(fresh.path), f"no longer lists the document {document_id!r}")]
        )
    added = entries(codebook)
    if added:
        codebook.recommendations.extend(added)
        fresh.save()
    project.model, project.disk = fresh.model, fresh.disk
    return added


def passage_span(passage: Passage, text: str) -> tuple[int, int] | None:
    """Where ``passage`` is in ``text`` (its document's): its span when the quote is there (or
    it has none), else the quote's first place in the text; None when it is found nowhere."""
    start, end = passage.start, passage.end
    if not passage.quote:
        return (start, end) if end <= len(text) else None
    if text[start:end] == passage.quote:
        return start, end
    found = text.find(passage.quote)
    return (found, found + len(passage.quote)) if found >= 0 else None


def recommendation_passage(
    codebook: Codebook, recommendation_id: str
) -> CodebookRecommendation | None:
    """The codebook's recommendation ``recommendation_id`` when it points at a passage."""
    return next(
        (
            r
            for r in codebook.recommendations
            if r.id == recommendation_id and r.passage is not None
        ),
        None,
    )
