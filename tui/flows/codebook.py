"""The project's codebook in the annotator: stances, notices, ``R`` and ``D`` into the project
file, and a recommendation's passage in the review.

Live when the document was opened from a project (the board, or a project above the document
that lists it: ``Session.project``); otherwise the annotator uses the file's own taxonomy. The
rules are :mod:`annotations.projects.shared_codebook`'s.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotations.errors import PolicyAnnotateError

if TYPE_CHECKING:
    from annotations.format.model import Recommendation
    from annotations.projects.project import Project
    from annotations.session.editing import Edit
    from annotations.session.editing_session import EditingSession
    from tui.screens.main import MainScreen


class CodebookFlow:
    """What the annotator does differently in a project."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self._passage_turn = 0
        """Which of the annotation's recommendations ``P`` shows next (several: in turn)."""

    @property
    def project(self) -> Project | None:
        """The project whose codebook the document is coded with, if any."""
        session = self.screen.session
        return session.project if session.document_id is not None else None

    def loaded(self, editing: EditingSession) -> None:
        """The annotation file is shown: take the codebook's stances, say what it adopted."""
        project = self.project
        if project is not None:
            editing.stances = tuple(project.model.codebook.stances)
        for note in self.screen.session.codebook_notes:
            self.screen.notify(note, timeout=8)
        self.screen.session.codebook_notes.clear()

    def add_recommendation(self, start: int, end: int) -> Edit | None:
        """Add ``[start, end)`` as a recommendation to the project file (saved atomically), then
        to the annotation file as one undoable edit; a one-line error and nothing done when the
        project file cannot be read or written."""
        from annotations.projects.shared_codebook import add_codebook_recommendation

        project, document_id = self.project, self.screen.session.document_id
        if project is None or document_id is None:
            return None
        editing = self.screen.editing
        taken = [r.id for r in editing.model.taxonomy.recommendations]
        try:
            entry = add_codebook_recommendation(
                project, document_id, self.screen.document.text, start, end, taken
            )
        except PolicyAnnotateError as error:
            self.screen.notify(
                f"{error.problems[0]} (the recommendation was not added)", severity="error"
            )
            return None
        return editing.add_recommendations([entry.for_document(document_id)])

    def add_detected(self, recommendations: list[Recommendation]) -> Edit | None:
        """Add detected recommendations (``D``) to the project file, each with its passage
        (saved once, atomically), then those added to the annotation file as one undoable edit;
        ids the codebook gained meanwhile are left out, and said. A one-line error and nothing
        done when the project file cannot be read or written."""
        from annotations.projects.shared_codebook import add_codebook_recommendations

        project, document_id = self.project, self.screen.session.document_id
        if project is None or document_id is None:
            return None
        try:
            added, skipped = add_codebook_recommendations(
                project, document_id, self.screen.document.text, recommendations
            )
        except PolicyAnnotateError as error:
            self.screen.notify(
                f"{error.problems[0]} (the recommendations were not added)", severity="error"
            )
            return None
        if skipped:
            self.screen.notify(
                f"Already in the project's codebook (added meanwhile): {', '.join(skipped)}",
                severity="warning",
                timeout=8,
            )
        if not added:
            return None
        return self.screen.editing.add_recommendations(
            [entry.for_document(document_id) for entry in added]
        )

    # --- a recommendation's passage in the review ---------------------------------------------

    def passage_choices(self) -> list[str]:
        """The recommendations of the annotation at the cursor whose codebook entry points at
        a passage."""
        from annotations.projects.shared_codebook import recommendation_passage

        project, screen = self.project, self.screen
        if project is None or screen.current_id is None:
            return []
        annotation = screen.editing.annotations.get(screen.current_id)
        if annotation is None:
            return []
        codebook = project.model.codebook
        return [
            r for r in annotation.recommendations if recommendation_passage(codebook, r) is not None
        ]

    def open_passage(self) -> None:
        """Show the review at the passage of the annotation's recommendation (its several in
        turn, one per press); Esc comes back here, at the same place."""
        choices = self.passage_choices()
        if not choices:
            self.screen.notify(
                "No recommendation of the annotation here points at a passage of the review.",
                severity="warning",
                timeout=4,
            )
            return
        recommendation_id = choices[self._passage_turn % len(choices)]
        self._passage_turn += 1
        several = len(choices) > 1
        self.show_passage(
            recommendation_id,
            f" ({len(choices)} recommendations: P again for the next)" if several else "",
        )

    def show_passage(self, recommendation_id: str, note: str = "") -> None:
        """Push the review at the passage of the codebook's ``recommendation_id`` over the
        screen on top (the annotator, or the tag picker); Esc pops it."""
        from annotations.documents.document import load_document
        from annotations.projects.shared_codebook import passage_span, recommendation_passage
        from tui.screens.passage import PassageScreen

        project, screen = self.project, self.screen
        if project is None:
            return
        entry = recommendation_passage(project.model.codebook, recommendation_id)
        if entry is None or entry.passage is None:
            screen.notify(
                f"{recommendation_id} does not point at a passage of the review.",
                severity="warning",
                timeout=4,
            )
            return
        source = project.model.document(entry.passage.document)
        if source is None:
            screen.notify(
                f"{project.path}: no document {entry.passage.document!r} (the passage of "
                f"{recommendation_id})",
                severity="error",
            )
            return
        try:
            review = load_document(project.document_path(source))
        except PolicyAnnotateError as error:
            screen.notify(str(error.problems[0]), severity="error")
            return
        span = passage_span(entry.passage, review.text)
        if span is None:
            screen.notify(
                f"{review.name}: the passage of {recommendation_id} is no longer in it "
                "(shown from the start)",
                severity="warning",
            )
        title = f"{recommendation_id}: {entry.title}"
        screen.app.push_screen(PassageScreen(review, span, title, note))
