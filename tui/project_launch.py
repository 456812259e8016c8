"""What the app needs to open a project on its board, and a document of it in the annotator.

Like ``launch.py`` (which it uses for each document), bad input is reported here as one-line
messages, before the app starts; no Textual.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from annotations.projects.layout import (
    file_to_open,
    other_analysts,
    others_note,
    owner_label,
    whose_file,
)
from annotations.projects.model import PROJECT_FILE, ProjectDocument
from annotations.projects.project import Project, load_project
from tui.keymap import load_keymap
from tui.launch import (
    SAMPLE_FOLDER,
    Session,
    copy_sample_project,
    default_author,
    prepare_session,
)


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
        path = self.project.document_path(document)
        annotations = file_to_open(self.project, document, self.author)
        session = prepare_session(
            path, annotations, self.author, load_annotations=False, start_at=start_at
        )
        session.project, session.document_id = self.project, document.id
        others = other_analysts(self.project, document, whose_file(annotations))
        session.owner = owner_label(annotations, len(others))
        if note := others_note(annotations, others, not session.is_new_file):
            session.messages.append(note)
        return session


def prepare_board(path: Path, author: str | None) -> BoardStart:
    """Load the project of ``path`` (its folder or its project file). Raises ProjectFileError
    with one-line messages."""
    folder = path.parent if path.name == PROJECT_FILE and not path.is_dir() else path
    project = load_project(folder)
    return BoardStart(project, default_author(author), keymap=load_keymap())


def prepare_sample_board(author: str | None) -> BoardStart:
    """The bundled sample project, copied into ``./policy-annotate-sample`` (a second run reopens
    that copy, copying in only what is missing), on its board. Raises PolicyAnnotateError
    subclasses with one-line messages."""
    folder = Path.cwd() / SAMPLE_FOLDER
    copied = copy_sample_project(folder)
    start = prepare_board(folder, author)
    verb = "copied the sample project to" if copied else "reopening the sample project in"
    start.messages.append(f"policy-annotate: {verb} {folder}; changes are saved there")
    return start
