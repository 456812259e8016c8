"""What the app needs to open a project on its board, and a document of it in the annotator.

Like ``launch.py`` (which it uses for each document), bad input is reported as one-line
messages. The project file itself is read by the app after its first frame
(``BoardRequest.load``, in a worker): its model's import and the validation of a large project
are most of the board's start-up; a missing folder or project file is still refused here,
before the app starts. No Textual, and no project model until ``load``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from annotations.errors import PolicyAnnotateError
from annotations.projects import PROJECT_FILE
from annotations.projects.enclosing import missing_project_problem
from tui.keymap import load_keymap
from tui.launch import (
    SAMPLE_FOLDER,
    Session,
    copy_sample_project,
    default_author,
    prepare_session,
)

if TYPE_CHECKING:
    from annotations.projects.model import ProjectDocument
    from annotations.projects.project import Project


@dataclass
class BoardStart:
    """A project to show on the document board, and who is annotating."""

    project: Project
    author: str | None
    """``--author``, ``$POLICY_ANNOTATE_AUTHOR`` or the remembered name; picks the analyst's
    annotation file (``STEM.NAME.toml``) when there is one."""
    keymap: dict[str, str] = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)

    def open_document(self, document: ProjectDocument, start_at: int | None = None) -> Session:
        """A session on one document of the project and its annotation file
        (``layout.file_to_open``: the author's, or the shared one), coded with the project's
        codebook, annotations loaded by the app, the cursor at ``start_at`` (else where it was
        left); whose file it is, and which analysts have their own, said
        (``Session.owner``, ``Session.messages``). Raises
        PolicyAnnotateError subclasses with one-line messages (a missing or unreadable
        document)."""
        from annotations.projects.layout import (
            document_annotation_files,
            file_to_open,
            other_analysts,
            others_note,
            owner_label,
            whose_file,
        )

        path = self.project.document_path(document)
        refs = document_annotation_files(self.project, document)  # its folder listed once
        annotations = file_to_open(self.project, document, self.author, refs)
        session = prepare_session(
            path, annotations, self.author, load_annotations=False, start_at=start_at
        )
        session.project, session.document_id = self.project, document.id
        others = other_analysts(self.project, document, whose_file(annotations), refs)
        session.owner = owner_label(annotations, len(others))
        if note := others_note(annotations, others, not session.is_new_file):
            session.messages.append(note)
        return session


@dataclass
class BoardRequest:
    """A project folder to open on the board, its project file not read yet: the app shows the
    board's frame first and reads the file after it (``load``, in a worker)."""

    folder: Path
    author: str | None
    keymap: dict[str, str] = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)
    load_error: PolicyAnnotateError | None = None
    """Why the app could not read the project file (it showed the problems; the command line
    prints them once the app has ended)."""

    def load(self) -> BoardStart:
        """Read and validate the project file. Raises ProjectFileError with one-line
        messages."""
        from annotations.projects.project import load_project

        project = load_project(self.folder)
        return BoardStart(project, self.author, keymap=self.keymap, messages=self.messages)


def request_board(path: Path, author: str | None) -> BoardRequest:
    """The project of ``path`` (its folder or its project file), to be read by the app. Raises
    PolicyAnnotateError with a one-line message when there is no project file to read (the
    message ``load_project`` gives)."""
    folder = path.parent if path.name == PROJECT_FILE and not path.is_dir() else path
    if (problem := missing_project_problem(folder)) is not None:
        raise PolicyAnnotateError([problem])
    return BoardRequest(folder, default_author(author), keymap=load_keymap())


def prepare_board(path: Path, author: str | None) -> BoardStart:
    """Load the project of ``path`` (its folder or its project file). Raises ProjectFileError
    with one-line messages."""
    return request_board(path, author).load()


def request_sample_board(author: str | None) -> BoardRequest:
    """The bundled sample project, copied into ``./policy-annotate-sample`` (a second run reopens
    that copy, copying in only what is missing), for the board. Raises PolicyAnnotateError
    subclasses with one-line messages."""
    folder = Path.cwd() / SAMPLE_FOLDER
    copied = copy_sample_project(folder)
    request = request_board(folder, author)
    verb = "copied the sample project to" if copied else "reopening the sample project in"
    request.messages.append(f"policy-annotate: {verb} {folder}; changes are saved there")
    return request


def prepare_sample_board(author: str | None) -> BoardStart:
    """``request_sample_board``, its project loaded."""
    return request_sample_board(author).load()
