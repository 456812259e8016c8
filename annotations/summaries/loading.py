"""The input of a summary: annotation files of one document, and that document."""

from __future__ import annotations

from pathlib import Path

from annotations.checking import check_against_document, load_document_of
from annotations.documents.document import Document, load_document
from annotations.errors import AnnotationFileError, Problem
from annotations.format.model import AnnotationFile
from annotations.format.reading import load_annotation_files
from annotations.text_plural import count_of, plural_word


def load_for_summary(
    files: list[Path], document_file: Path | None = None
) -> tuple[list[AnnotationFile], Document, list[Problem]]:
    """Load annotation files that must all annotate one document; returns warnings too.

    ``document_file`` is a document the user named (else the first file's). Raises
    AnnotationFileError (every problem, one line each) when a file cannot be read or fails
    validation, when the document is missing, or when the files annotate different documents.
    """
    loaded = load_annotation_files(files, disk=False, check_document_path=document_file is None)
    models = [item.model for item in loaded]
    problems: list[Problem] = []
    first = models[0]
    # a document the user named is its own problem; the one a file names, that file's
    document = load_document(document_file) if document_file else load_document_of(first, files[0])
    for path, model in zip(files[1:], models[1:], strict=True):
        if model.document.sha256 != first.document.sha256:
            problems.append(
                Problem(
                    str(path),
                    f"annotates a different document (or version) than {files[0]}; summarise files of one document together",
                )
            )
    if problems:
        raise AnnotationFileError(problems)
    warnings = []
    if first.document.sha256 == document.sha256:
        # The document is the one annotated: every offset and quote must fit it, as validate checks.
        for item in loaded:
            problems += [
                p
                for p in check_against_document(item.model, document, str(item.path), item.lines)
                if p.severity == "error"
            ]
        if problems:
            raise AnnotationFileError(problems)
    else:
        unfit = sum(
            1
            for model in models
            for a in model.annotations
            if document.text[a.start : a.end] != a.quote
        )
        detail = (
            f"; {count_of(unfit, 'annotation')} no longer {plural_word(unfit, 'matches', 'match')} it"
            if unfit
            else ""
        )
        warnings.append(
            Problem(
                str(files[0]),
                f"{document_file} changed since it was annotated; figures use the annotations' offsets{detail}",
                severity="warning",
            )
        )
    return models, document, warnings
