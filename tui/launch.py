"""Everything the app needs before Textual starts: the document, the annotation file, the author.

Bad input is reported here, before the app starts, as one-line messages and a non-zero exit.
The annotation file is the exception: its models take long to import and validate, and the first
frame needs none of them, so the app loads it in a worker after its first frame
(``Session.load_annotations``) and shows its problems there, if it has any.
"""

from __future__ import annotations

import getpass
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from annotations.documents.document import Document, load_document
from annotations.errors import AnnotationFileError, PolicyAnnotateError, Problem
from annotations.projects.enclosing import enclosing_projects
from annotations.session.files import default_annotation_path
from tui.keymap import load_keymap

if TYPE_CHECKING:
    from annotations.exchange.reanchoring import ReanchorResult
    from annotations.projects.project import Project
    from annotations.session.store import AnnotationStore

SAMPLE_FOLDER = "policy-annotate-sample"
SAMPLE_DOCUMENT = "review.md"
SAMPLE_SUFFIXES = (".md", ".toml", ".csv")
"""The files of the bundled sample project (its project file, documents, annotation files and
the consultation export)."""


@dataclass
class Session:
    """What the app opens: the document, its annotation file, who is annotating, notices.

    The annotation file is loaded either before the app starts (``store`` set, as the tests
    may do) or by the app right after its first frame (``load_annotations``).
    """

    document: Document
    annotation_path: Path
    author: str | None
    """Who signs new annotations; None until known (the file's only author, or asked)."""
    messages: list[str] = field(default_factory=list)
    is_new_file: bool = False
    keymap: dict[str, str] = field(default_factory=dict)
    store: AnnotationStore | None = None
    """The loaded annotation file, once loaded."""
    reanchored: ReanchorResult | None = None
    """Set when the document was revised since the file was written: the annotations were
    re-anchored in memory, and the app must save them (the previous file is kept as .bak)."""
    start_at: int | None = None
    """Where the cursor starts (``--at OFFSET``), instead of the remembered reading position."""
    load_error: PolicyAnnotateError | None = None
    """Why the app could not load the annotation file after its first frame (it showed the
    problems, and the command line prints them once the app has ended)."""
    project: Project | None = None
    """The project whose codebook the document is coded with (set by the board, or found with
    the annotation file when a project above the document lists it)."""
    document_id: str | None = None
    """The document's id in ``project``."""
    in_project_folder: bool = False
    """Whether a project file lies above the document (opened directly): the worker then reads
    it and uses its codebook if it lists the document."""
    owner: str = ""
    """Whose annotation file it is, for the status bar, in a project (``layout.owner_label``:
    "analyst-a's file (+1 other)"); empty for a document opened on its own."""
    codebook_notes: list[str] = field(default_factory=list)
    """What the app says once the annotations are shown: the codebook entries the file took
    on, a project file that could not be read."""

    def owner_of(self, path: Path) -> str:
        """Whose the file the session saves to is, once it saves to ``path`` (a save-as, a copy
        after a conflict; ``layout.saving_to_label``); ``owner`` outside a project."""
        project, document_id = self.project, self.document_id
        document = project.model.document(document_id) if project and document_id else None
        if not self.owner or project is None or document is None:
            return self.owner
        from annotations.projects.layout import saving_to_label

        return saving_to_label(project, document, path)

    def load_annotations(self) -> tuple[AnnotationStore, ReanchorResult | None]:
        """Load the annotation file (or a new, empty one), re-anchor it if the document was
        revised, and give it the project's codebook (in memory: written with its next save).
        Raises PolicyAnnotateError subclasses with one-line messages."""
        from annotations.session.store import load_store, new_store

        if self.is_new_file:
            store, reanchored = new_store(self.document, self.annotation_path), None
        else:
            store = load_store(self.annotation_path, self.document)
            reanchored = (
                reanchor_store(store)
                if store.model.document.sha256 != self.document.sha256
                else None
            )
        self._follow_codebook(store)
        return store, reanchored

    def _follow_codebook(self, store: AnnotationStore) -> None:
        from annotations.projects.shared_codebook import follow_codebook, project_of

        if self.project is None and self.in_project_folder and self.document.path is not None:
            try:
                found = project_of(self.document.path)
            except PolicyAnnotateError as error:
                self.codebook_notes.append(
                    f"{error.problems[0]}: the project's codebook is not used"
                )
                return
            if found is not None:
                self.project, self.document_id = found
        if self.project is None or self.document_id is None:
            return
        adopted = follow_codebook(self.project.model.codebook, store.model, self.document_id)
        if adopted:
            self.codebook_notes.append(
                f"Following the project's codebook: {', '.join(adopted)} (saved with the next change)"
            )


def bundled_samples() -> Path:
    """The folder of the bundled samples, installed or in a source checkout."""
    try:
        from importlib.resources import files

        installed = Path(str(files("annotations.samples")))
        if (installed / SAMPLE_DOCUMENT).is_file():
            return installed
    except (ModuleNotFoundError, TypeError):
        pass
    return Path(__file__).resolve().parent.parent / "samples"


def copy_sample_project(destination: Path) -> bool:
    """Copy the bundled sample project into ``destination``: every file not already there (a
    file there is kept, with your changes). Whether anything was copied. Raises
    PolicyAnnotateError with a one-line message when the copy cannot be made."""
    source = bundled_samples()
    copied = False
    try:
        for path in sorted(source.rglob("*")):
            target = destination / path.relative_to(source)
            if path.suffix not in SAMPLE_SUFFIXES or not path.is_file() or target.exists():
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
            copied = True
    except OSError as error:
        reason = error.strerror or str(error)
        raise PolicyAnnotateError(
            [Problem(str(destination), f"the sample project cannot be copied here ({reason})")]
        ) from None
    return copied


def document_of(annotation_path: Path) -> Path:
    """The document an annotation file names; raises AnnotationFileError if the file is broken."""
    from annotations.format.reading import document_path_of, read_annotation_file

    model, problems, _lines, _state = read_annotation_file(annotation_path, disk=False)
    errors = [p for p in problems if p.severity == "error"]
    if model is None or errors:
        raise AnnotationFileError(errors or problems)
    return document_path_of(model, annotation_path)


def default_author(explicit: str | None) -> str | None:
    """The author for new annotations when known before the file is read: --author,
    $POLICY_ANNOTATE_AUTHOR, or the name remembered in the user's config; else None (the app
    then takes the file's only author, or asks at the first edit)."""
    from annotations.session.authors import known_author
    from tui.user_config import remembered_author

    environment = os.environ.get("POLICY_ANNOTATE_AUTHOR")
    if known := known_author(explicit, environment, None):
        return known
    return remembered_author()


def login_name() -> str:
    """The user's login name (what annotations are signed with if no name is given)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "analyst"


FIRST_INDEXED_CHARS = 100_000
"""How much of a document is indexed before the app's first frame (about 25 screens of
120x40 from the start; a reading position further on waits for the whole index)."""


def prepare_session(
    document_path: Path,
    annotation_path: Path | None,
    author: str | None,
    *,
    load_annotations: bool = True,
    start_at: int | None = None,
) -> Session:
    """Read the document and find its annotation file; load that too unless asked not to.

    ``start_at`` (``--at OFFSET``) must be an offset of the document. Raises
    PolicyAnnotateError subclasses with one-line messages on bad input.
    """
    messages: list[str] = []
    if annotation_path is None and document_path.suffix.lower() == ".toml":
        # "policy-annotate review.analyst-a.toml": the annotation file names its document
        annotation_path = document_path
        document_path = document_of(annotation_path)
    document = load_document(document_path)
    not_a_document = document_type_warning(document_path)
    if not_a_document is not None:
        messages.append(not_a_document)
    # the first screens' paragraphs only: the document view indexes the rest after its first
    # frame, in a worker (the whole index of 10 MB took 56-90 ms before that frame)
    document.index_head(FIRST_INDEXED_CHARS)
    if start_at is not None and not 0 <= start_at <= document.length:
        raise PolicyAnnotateError(
            [
                Problem(
                    str(document_path),
                    f"--at {start_at} is not an offset of this document (0 to {document.length})",
                )
            ]
        )
    annotation_path = annotation_path or default_annotation_path(document_path)
    session = Session(
        document=document,
        annotation_path=annotation_path,
        author=default_author(author),
        messages=messages,
        is_new_file=not annotation_path.exists(),
        keymap=load_keymap(),
        start_at=start_at,
        in_project_folder=bool(enclosing_projects(document_path)),
    )
    if load_annotations:
        session.store, session.reanchored = session.load_annotations()
    return session


def document_type_warning(document_path: Path) -> str | None:
    """The warning for a document of no document type (``responses.csv``): the app reads it as
    text, but the annotation file it writes names a file that the commands reading that file
    alone (validate, summary, export) refuse without ``--document``."""
    from annotations.documents.document import TEXT_SUFFIXES

    suffix = document_path.suffix.lower()
    if suffix and suffix in TEXT_SUFFIXES:  # the usual case spares the importers' import
        return None
    from annotations.documents.display import display_safe
    from annotations.format.document_path import DOCUMENT_SUFFIXES

    if suffix in DOCUMENT_SUFFIXES:
        return None
    return (
        f"policy-annotate: warning: {display_safe(str(document_path))}: not of a document type "
        f"({', '.join(sorted(DOCUMENT_SUFFIXES))}); validate, summary and export will need "
        "--document to read its annotation file (renamed .txt or .md, it needs nothing)"
    )


def reanchor_store(store: AnnotationStore) -> ReanchorResult:
    """Re-anchor the annotations of ``store`` in its (revised) document, as ``policy-annotate
    reanchor`` does: moved and fuzzy ones get new spans, fuzzy and orphaned ones are marked, and
    ``[document]`` gets the document's sha256 and length. The store's warnings (quotes that no
    longer matched) are replaced by what is still out of place: the orphans."""
    from annotations.checking import check_against_document
    from annotations.exchange.reanchoring import reanchor

    result = reanchor(store.model, store.document)
    store.warnings = check_against_document(store.model, store.document, str(store.path))
    return result
