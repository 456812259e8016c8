"""Checks of an annotation file against its document."""

from __future__ import annotations

from pathlib import Path

from annotations.documents.document import Document, load_document
from annotations.errors import AnnotationFileError, DocumentError, Problem
from annotations.format.model import AnnotationFile
from annotations.format.reading import document_path_of, read_annotation_file
from annotations.format.tomlfile import LineMap
from annotations.text_plural import count_of, plural_word


def validate_file(path: Path, document: Document | None = None) -> list[Problem]:
    """Every problem with an annotation file, including against its document (warnings too).

    A ``document`` given is the one the user named: ``[document].path`` is then not checked.
    """
    model, problems, lines, _state = read_annotation_file(
        path, disk=False, check_document_path=document is None
    )
    if model is None:
        return problems
    if document is None:
        try:
            document = load_document_of(model, path, lines)
        except AnnotationFileError as error:
            return [*problems, *error.problems]
    return problems + check_against_document(model, document, str(path), lines)


def load_document_of(model: AnnotationFile, path: Path, lines: LineMap | None = None) -> Document:
    """The document the annotation file at ``path`` names. One that cannot be read raises
    AnnotationFileError naming the annotation file (and the line of ``[document].path``), the
    document and why: with several files, the one to fix."""
    document_file = document_path_of(model, path)
    try:
        return load_document(document_file)
    except DocumentError as error:
        line = lines.line_of(("document", "path")) if lines else None
        reason = error.problems[0].message
        raise AnnotationFileError(
            [Problem(str(path), f"its document {document_file}: {reason}", line, "document.path")]
        ) from None


def check_against_document(
    model: AnnotationFile, document: Document, file: str, lines: LineMap | None = None
) -> list[Problem]:
    """Problems with offsets and quotes; a changed document is a warning when every quote still holds."""
    problems: list[Problem] = []
    text = document.text
    length = document.length
    mismatched = 0
    for i, annotation in enumerate(model.annotations):
        extra = annotation.model_extra
        if extra and extra.get("anchor") == "orphaned":
            # kept on purpose by re-anchoring: its passage is gone from this version, unless
            # the document went back to one that has it
            start, end = annotation.start, annotation.end
            if text[start:end] == annotation.quote:
                message = (
                    f"marked orphaned by re-anchoring, but its quote matches the document at "
                    f"{start}-{end}: accept it in the app's review (A, then a) to clear the mark"
                )
            else:
                message = (
                    f"orphaned by re-anchoring: {_excerpt(annotation.quote)!r} was not found "
                    "in this version of the document"
                )
            problems.append(
                Problem(
                    file,
                    message,
                    lines.line_of(("annotations", i, "anchor")) if lines else None,
                    f"annotations[{i}]",
                    severity="warning",
                )
            )
            continue
        start, end, quote = annotation.start, annotation.end, annotation.quote
        if end > length:
            problems.append(
                Problem(
                    file,
                    f"span {annotation.start}-{annotation.end} is outside the document ({length} code points)",
                    lines.line_of(("annotations", i, "end")) if lines else None,
                    f"annotations[{i}].end",
                )
            )
        elif (
            not (
                # compared in place, without copying the passage, when the lengths allow it
                start >= 0 and end - start == len(quote) and text.startswith(quote, start)
            )
            and text[start:end] != quote
        ):
            mismatched += 1
            found = text[annotation.start : annotation.end]
            problems.append(
                Problem(
                    file,
                    f"quote does not match the document at {annotation.start}-{annotation.end} (the text there is {_excerpt(found)!r}, the quote is {_excerpt(annotation.quote)!r})",
                    lines.line_of(("annotations", i, "quote")) if lines else None,
                    f"annotations[{i}].quote",
                )
            )
    for i, recommendation in enumerate(model.taxonomy.recommendations):
        if recommendation.end is not None and recommendation.end > length:
            line = lines.line_of(("taxonomy", "recommendations", i, "end")) if lines else None
            problems.append(
                Problem(
                    file,
                    f"span {recommendation.start}-{recommendation.end} is outside the document ({length} code points)",
                    line,
                    f"taxonomy.recommendations[{i}].end",
                )
            )
    if model.document.sha256 != document.sha256:
        line = lines.line_of(("document", "sha256")) if lines else None
        changed = f"the document {document.name} has changed since it was annotated (sha256 differs{_extraction_note(model, document)})"
        if any(p.severity == "error" for p in problems):
            unfit = sum(p.severity == "error" for p in problems)
            message = f"{changed}; {count_of(unfit, 'annotation')} no longer {plural_word(unfit, 'fits', 'fit')} it"
            problems.insert(0, Problem(file, message, line, "document.sha256"))
        else:
            message = f"{changed}, but every quote still matches"
            problems.append(Problem(file, message, line, "document.sha256", severity="warning"))
    return problems


def _extraction_note(model: AnnotationFile, document: Document) -> str:
    """Why an imported document's text changed when its file did not: a newer importer.

    (A file whose bytes changed while its extracted text did not needs no note at all: the
    annotations anchor to the text.)
    """
    recorded = model.document
    if recorded.source_sha256 is None or recorded.source_sha256 != document.source_sha256:
        return ""
    if recorded.importer and document.importer and recorded.importer != document.importer:
        return f"; the file is unchanged but was read by importer {recorded.importer} then and {document.importer} now"
    return "; the file is unchanged but its text was extracted differently"


def _excerpt(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
