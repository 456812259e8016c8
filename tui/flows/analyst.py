"""Who is annotating, asked by the board before it opens a document when nothing says (no
``--author``, no ``$POLICY_ANNOTATE_AUTHOR``, no remembered name): the answer picks the
analyst's annotation file (``layout.file_to_open``) and is remembered.

The choices are ``projects.board.analyst_choices``'; the dialog is ``AnalystDialog``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from annotations.projects.board import analyst_choices
from annotations.projects.layout import annotation_file_name

if TYPE_CHECKING:
    from tui.screens.board import BoardScreen


class AnalystQuestion:
    """Asks once, before the first document the board opens, who is annotating."""

    def __init__(self, board: BoardScreen) -> None:
        self.board = board

    def ask_first(self, document_id: str, then: Callable[[], None]) -> bool:
        """When nobody is known: ask, then (once answered) remember the name, make it the
        board's author and call ``then``; Esc does nothing. True when asking."""
        from tui.screens.author_dialog import AnalystDialog

        board = self.board
        start = board.start
        document = start.project.model.document(document_id)
        if start.author is not None or document is None:
            return False
        choices = analyst_choices(document, start.project.model.documents, board.statuses.values())
        stem = start.project.document_path(document).stem
        pattern = annotation_file_name(stem, "NAME")

        def answered(name: str | None) -> None:
            if name is None:
                return
            from tui.user_config import remember_author_or_why

            problem = remember_author_or_why(name)
            if problem is not None:
                board.notify(problem, severity="warning", markup=False)
            start.author = name
            then()

        board.app.push_screen(AnalystDialog(choices, pattern), answered)
        return True
