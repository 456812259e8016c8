"""The Textual app: the shell around the main screen (key map, command palette, quitting)."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.widgets import Input

from tui.notices import Notice, NoticeLog
from tui.palette import MainScreenCommands
from tui.project_launch import BoardRequest, BoardStart

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel

    from tui.launch import Session


class PolicyAnnotateApp(App[int]):
    """policy-annotate: a document pane beside an annotation panel."""

    TITLE = "policy-annotate"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {MainScreenCommands}
    ENABLE_COMMAND_PALETTE = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("ctrl+q", "quit", "Quit", id="app.quit_now", show=False, priority=True),
        Binding("ctrl+p", "command_palette", "Commands", id="app.command_palette", show=False),
        # priority: Textual's Input binds Ctrl+U itself (to delete left of the cursor only)
        Binding(
            "ctrl+u",
            "clear_input",
            "Clear the input",
            id="app.clear_input",
            show=False,
            priority=True,
        ),
    ]

    def __init__(
        self, session: Session | None = None, *, board: BoardStart | BoardRequest | None = None
    ) -> None:
        super().__init__()
        if (session is None) == (board is None):
            raise ValueError("the app opens either a document (session) or a project (board)")
        self.session = session
        self.board = board
        source = session if session is not None else board
        self.user_keymap: dict[str, str] = source.keymap if source is not None else {}
        """The user's keys.toml: binding id -> keys."""
        if self.user_keymap:
            self.set_keymap(self.user_keymap)
        self.notices = NoticeLog()
        """The notices shown, remembered with what they are about (``tui/notices.py``)."""

    # --- notices: those about a document stay with it (tui/notices.py) -----------------------

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
        about_document: bool = False,
    ) -> None:
        """Show a notice, remembered with whether it is about the document open in the annotator
        (``MainScreen.notify`` says so): those go when it leaves the document, unless errors."""
        seconds = self.NOTIFICATION_TIMEOUT if timeout is None else timeout
        self.notices.record(
            Notice(message, title, severity, seconds, markup, about_document, time.monotonic())
        )
        super().notify(message, title=title, severity=severity, timeout=seconds, markup=markup)

    def forget_document_notices(self) -> None:
        """The annotator left its document (back to the board, or on to another): its notices
        go, except errors; the others stay, for the time they had left."""
        kept = self.notices.leave_document(time.monotonic())
        self.clear_notifications()
        for notice in kept:
            super().notify(
                notice.message,
                title=notice.title,
                severity=notice.severity,
                timeout=notice.timeout,
                markup=notice.markup,
            )

    def on_mount(self) -> None:
        """Show the main screen (or the project's board: its frame first when the project file
        is still to be read); warn about key map entries that name no binding."""
        # each screen imported when shown: the board's first frame needs no annotator, and
        # neither needs the project model (pydantic)
        if isinstance(self.board, BoardRequest):
            from tui.screens.board_opening import BoardOpeningScreen

            self.push_screen(BoardOpeningScreen(self.board))
        elif isinstance(self.board, BoardStart):
            from tui.screens.board import BoardScreen

            self.push_screen(BoardScreen(self.board))
        elif self.session is not None:
            from tui.screens.main import MainScreen

            self.push_screen(MainScreen(self.session))
        self.theme = "textual-dark"
        if self.user_keymap:
            # after the first frame: it imports every screen to know their bindings (~25 ms)
            self.call_after_refresh(self._warn_about_unknown_keys)

    def _warn_about_unknown_keys(self) -> None:
        """Say which keys.toml entries name no binding."""
        unknown = sorted(set(self.user_keymap) - binding_ids())
        if unknown:
            self.notify(
                f"keys.toml: no binding has the id {', '.join(unknown)} (see docs/keys.md)",
                severity="warning",
                timeout=10,
                markup=False,  # the ids are the user's text
            )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Ctrl+U is only for a focused text box: elsewhere the key goes on as if unbound."""
        if action == "clear_input":
            return isinstance(self.focused, Input)
        return True

    def action_clear_input(self) -> None:
        """Empty the focused text box (the search, a filter, a dialog's box), whatever its
        cursor position."""
        if isinstance(self.focused, Input):
            self.focused.clear()

    async def action_quit(self) -> None:
        """Quit, saving first (and asking if the save fails), whatever dialog is on top."""
        from tui.screens.main import MainScreen

        main = next((s for s in self.screen_stack if isinstance(s, MainScreen)), None)
        if main is not None:
            main.request_quit()
        else:
            self.exit(0)


def binding_ids() -> set[str]:
    """The id of every binding of the app, its screens and widgets (what keys.toml may remap)."""
    from tui.screens.author_dialog import AnalystDialog, AuthorDialog
    from tui.screens.board import BoardScreen
    from tui.screens.corpus_search import CorpusSearchScreen
    from tui.screens.detected import DetectedPicker
    from tui.screens.dialogs import (
        ConfirmScreen,
        ConflictScreen,
        SaveAsScreen,
        UnsavedChangesScreen,
    )
    from tui.screens.help import HelpScreen
    from tui.screens.load_error import LoadErrorScreen
    from tui.screens.main import MainScreen
    from tui.screens.merge_conflicts import MergeConflictsScreen
    from tui.screens.note_editor import NoteEditor
    from tui.screens.outline import OutlineScreen
    from tui.screens.passage import PassageScreen
    from tui.screens.project_summary import ProjectSummaryScreen
    from tui.screens.summary import SummaryScreen
    from tui.screens.tag_chooser import TagChooser
    from tui.screens.tag_picker import TagPicker
    from tui.widgets.annotation_details import AnnotationDetails
    from tui.widgets.annotation_list import AnnotationList
    from tui.widgets.annotation_panel import AnnotationPanel, FilterBox
    from tui.widgets.board_table import BoardTable
    from tui.widgets.document_view import DocumentView
    from tui.widgets.line_list import LineList

    owners = (
        PolicyAnnotateApp,
        MainScreen,
        BoardScreen,
        BoardTable,
        DocumentView,
        AnnotationPanel,
        AnnotationList,
        AnnotationDetails,
        FilterBox,
        TagPicker,
        TagChooser,
        NoteEditor,
        HelpScreen,
        ConfirmScreen,
        ConflictScreen,
        UnsavedChangesScreen,
        SaveAsScreen,
        SummaryScreen,
        OutlineScreen,
        PassageScreen,
        DetectedPicker,
        LoadErrorScreen,
        AuthorDialog,
        AnalystDialog,
        MergeConflictsScreen,
        CorpusSearchScreen,
        ProjectSummaryScreen,
        LineList,
    )
    return {b.id for owner in owners for b in owner.BINDINGS if isinstance(b, Binding) and b.id}


def run_app(session: Session) -> int:
    """Run the app until the user quits; returns the exit code.

    Raises PolicyAnnotateError if the annotation file could not be loaded (the app showed its
    problems; the command line prints them once the terminal is restored).
    """
    app = PolicyAnnotateApp(session)
    result = app.run()
    if session.load_error is not None:
        raise session.load_error
    return result if isinstance(result, int) else (app.return_code or 0)


def run_board_app(start: BoardStart | BoardRequest) -> int:
    """Run the app on a project's board until the user quits; returns the exit code.

    Raises PolicyAnnotateError if the project file could not be read (the app showed its
    problems; the command line prints them once the terminal is restored).
    """
    app = PolicyAnnotateApp(board=start)
    result = app.run()
    if isinstance(start, BoardRequest) and start.load_error is not None:
        raise start.load_error
    return result if isinstance(result, int) else (app.return_code or 0)
