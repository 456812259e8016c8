"""Opening a document in the annotator: where the cursor starts, what is said first, and the
annotation file loaded in a thread worker after the first frame, then shown.

A broken file shows its problems (``screens/load_error.py``; leaving that screen exits with
status 1), or sends an annotator opened from a board back to the board. ``MainScreen.is_loaded``
becomes true only once the file is shown (``MainScreen.show_editing``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotations.errors import PolicyAnnotateError
from annotations.text_plural import count_of, plural_word
from tui.state import load_position

if TYPE_CHECKING:
    from annotations.exchange.reanchoring import ReanchorResult
    from annotations.session.store import AnnotationStore
    from tui.screens.main import MainScreen


class OpeningFlow:
    """The annotator's start: the document at once, its annotation file a moment later."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen

    def place_cursor(self) -> None:
        """Put the cursor at ``--at`` or the reading position, and focus the document."""
        screen = self.screen
        view = screen.document_view
        position = screen.session.start_at
        if position is None:
            position = load_position(screen.session.annotation_path)
        if position is not None and 0 <= position < screen.document.length:
            view.cursor = view.sentence_containing(position)
        view.focus()

    async def start(self) -> None:
        """Show the cursor and what needs saying; show the annotations (or load them after
        this frame)."""
        screen = self.screen
        session, document = screen.session, screen.document
        view = screen.document_view
        screen.call_after_refresh(view.set_cursor, view.cursor, anchor=None, center=True)
        screen.call_after_refresh(screen.corpus.show_opened_hit)
        for message in session.messages:
            screen.notify(message.removeprefix("policy-annotate: "), timeout=8)
        if document.encoding != "utf-8":
            screen.notify(
                f"The document is in {document.encoding}; offsets refer to its text decoded from it."
            )
        if session.store is not None:
            await self.show(session.store, session.reanchored)
        else:
            # the app's, not the screen's: run after the first frame drawn (see DocumentView)
            screen.app.call_after_refresh(self.load)

    def load(self) -> None:
        """Load the annotation file in a thread worker (its models' imports included)."""
        self.screen.run_worker(
            self._read, thread=True, exclusive=True, description="load the annotation file"
        )

    def _read(self) -> None:
        """Load the annotation file off the UI thread, then show it (or its problems)."""
        screen = self.screen
        try:
            store, reanchored = screen.session.load_annotations()
        except PolicyAnnotateError as error:
            screen.app.call_from_thread(self.failed, error)
            return
        screen.app.call_from_thread(screen.call_later, self.show, store, reanchored)

    def failed(self, error: PolicyAnnotateError) -> None:
        """Show the file's problems; leaving that screen ends the app with exit code 1, and the
        command line prints them (``Session.load_error``) once the terminal is restored."""
        from tui.screens.load_error import LoadErrorScreen

        screen = self.screen
        if not screen.corpus.load_failed(error):
            screen.session.load_error = error
            screen.app.push_screen(LoadErrorScreen(error))

    async def show(self, store: AnnotationStore, reanchored: ReanchorResult | None) -> None:
        """Show the loaded annotation file: highlights, panel, status; say what needs saying."""
        from annotations.session.authors import single_author
        from annotations.session.editing_session import EditingSession
        from tui.launch import login_name

        screen = self.screen
        screen.session.store, screen.session.reanchored = store, reanchored
        # re-anchored in memory: unsaved until autosave writes it
        if screen.author is None:
            screen.author = single_author(store.model.annotations)
        signer = screen.author or login_name()  # asked for before the first signed edit
        editing = EditingSession(store, signer, saved=reanchored is None)
        screen.codebook.loaded(editing)
        screen.review.remember(reanchored)
        await screen.show_editing(editing, store.model)
        screen.disk_watch.start()
        if editing.read_only:
            screen.saving.tell_unwritable()
        if reanchored is not None:
            screen.review.announce(reanchored)
            screen.saving.schedule()
        elif editing.stale_ids:
            stale = len(editing.stale_ids)
            screen.notify(
                "The document changed since it was annotated: "
                f"{count_of(stale, 'annotation')} no longer {plural_word(stale, 'matches', 'match')} "
                f"{plural_word(stale, 'its', 'their')} text and {plural_word(stale, 'is')} marked ⚠. "
                "Nothing was deleted.",
                severity="warning",
                timeout=12,
            )
        screen.corpus.loaded()  # what the annotator before asked for (a suggestion queue)
