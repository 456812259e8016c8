"""Saving from the app: the autosave timer, the save worker, Ctrl+S and the conflict dialog
(its "merge theirs into mine" is ``disk_watch.DiskFlow.merge``),
"save my version as a copy", "save as" when the file cannot be written where it is (read-only,
its folder read-only or gone), and quitting. The saving itself is the core's
(``EditingSession.start_save`` / ``finish_save`` / ``save`` / ``save_copy``)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from annotations.errors import FileChangedError, SaveError, UnwritableError
from tui.state import save_position

if TYPE_CHECKING:
    from textual.timer import Timer

    from annotations.session.saving import SaveJob, SaveOutcome
    from tui.screens.main import MainScreen

AUTOSAVE_DELAY = 0.8
"""Seconds after the last change before it is saved."""


def _first_problem(error: SaveError) -> str:
    """The one line that says why a save failed."""
    return str(error.problems[0]) if error.problems else str(error)


def _let_the_ui_run() -> None:
    """Give up the GIL for a moment, so key presses are handled while a big file is written."""
    time.sleep(0)


class SavingFlow:
    """When to save, and what to tell the user about it."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self._timer: Timer | None = None
        self._save_after = False
        """Ctrl+S came while a save was being written: save again as soon as it ends."""

    def cancel_scheduled(self) -> None:
        """Forget a save scheduled by ``schedule`` (a running save goes on)."""
        if self._timer is not None:
            self._timer.stop()

    def schedule(self) -> None:
        """Save a moment after the last change (not while a conflict waits for the user)."""
        self.cancel_scheduled()
        if not self.screen.editing.in_conflict:
            self._timer = self.screen.set_timer(AUTOSAVE_DELAY, self.start)

    def start(self, overwrite_changed: bool = False) -> None:
        """Save the changes in a thread worker (if there are any, and nothing prevents it)."""
        job = self.screen.editing.start_save(overwrite_changed=overwrite_changed)
        if job is None:
            return
        cursor = self.screen.document_view.cursor[0]
        # A description, or Textual builds one from repr() of the arguments on the UI thread.
        self.screen.run_worker(
            lambda: self._write(job, cursor),
            thread=True,
            group="save",
            description="save the annotation file",
        )

    def _write(self, job: SaveJob, cursor: int) -> None:
        """Serialise and write the file (and the reading position) off the UI thread."""
        outcome = job.run(_let_the_ui_run)
        if outcome.error is None:
            save_position(job.path, cursor)
        self.screen.app.call_from_thread(self._finished, outcome)

    def _finished(self, outcome: SaveOutcome) -> None:
        editing = self.screen.editing
        editing.finish_save(outcome)
        error = outcome.error
        save_now, self._save_after = self._save_after, False
        if error is None:
            if editing.dirty and save_now:
                self.start()
            elif editing.dirty:
                self.schedule()
        elif isinstance(error, FileChangedError):
            self.screen.notify(
                f"{editing.path} changed on disk; your changes are kept in memory. Press Ctrl+S to choose what to do.",
                severity="error",
                timeout=15,
            )
        elif isinstance(error, UnwritableError):
            self.tell_unwritable()
        else:
            self.screen.notify(
                f"{_first_problem(error)}. Your changes are kept in memory; Ctrl+S tries again.",
                severity="error",
                timeout=15,
            )

    def save_now(self) -> None:
        """Ctrl+S: save now; after a conflict, choose between overwriting and saving a copy."""
        from annotations.session.saving import copy_path_for
        from tui.screens.dialogs import ConflictScreen

        self.cancel_scheduled()
        editing = self.screen.editing
        if not editing.check_writable():
            self.offer_save_as()
            return
        if editing.check_disk():
            copy = copy_path_for(editing.path)
            self.screen.app.push_screen(
                ConflictScreen(str(editing.path), copy.name), self._resolve_conflict
            )
            return
        if not editing.dirty:
            self.screen.notify("Already saved.", timeout=2)
            return
        if editing.saving:
            self._save_after = True  # the save being written has not got this change
            return
        self.start()

    def _resolve_conflict(self, choice: str | None) -> None:
        if choice == "merge":
            self.screen.disk_watch.merge()
        elif choice == "overwrite":
            self.screen.editing.keep_editing_over_conflict()
            self.start(overwrite_changed=True)
        elif choice == "copy":
            self._continue_on_copy()

    def _continue_on_copy(self) -> None:
        """Save the session as NAME.mine.toml and go on editing that file: later saves go to
        the copy, and the changed file is left to whoever changed it (no repeated conflict)."""
        editing = self.screen.editing
        original = editing.path
        try:
            copy = editing.save_copy()
        except SaveError as error:
            self.screen.notify(str(error.problems[0]), severity="error")
            return
        save_position(copy, self.screen.document_view.cursor[0])
        if editing.dirty:
            self.schedule()
        self.screen.notify(
            f"Saved your version as {copy}; you are now editing it and changes are saved there. "
            f"{original} was left as it is on disk.",
            timeout=10,
        )

    def tell_unwritable(self) -> None:
        """Say that the file cannot be saved where it is, and what to do (on opening a
        read-only file, and when a save finds the file or its folder unwritable)."""
        self.screen.notify(
            f"{self._unwritable_reason()} Your changes are kept in memory; "
            "Ctrl+S saves them under another name.",
            severity="error" if self.screen.editing.dirty else "warning",
            timeout=15,
        )

    def _unwritable_reason(self) -> str:
        editing = self.screen.editing
        error = editing.last_error
        if error is not None:
            return f"{_first_problem(error)}."
        if editing.read_only:
            return f"{editing.path} is read-only: it is not replaced."
        return f"{editing.path} cannot be written."

    def offer_save_as(
        self,
        reason: str | None = None,
        path: Path | None = None,
        then: Callable[[], None] | None = None,
    ) -> None:
        """Ask for another path and save there (going on editing that file); ``then`` runs
        once saved. After a failure the dialog comes back with the reason and the path typed."""
        from annotations.session.saving import save_as_suggestion
        from tui.screens.dialogs import SaveAsScreen

        editing = self.screen.editing

        def chosen(target: Path | None) -> None:
            if target is not None:
                self._save_as(target, then)

        self.screen.app.push_screen(
            SaveAsScreen(
                reason or self._unwritable_reason(), path or save_as_suggestion(editing.path)
            ),
            chosen,
        )

    def _save_as(self, target: Path, then: Callable[[], None] | None) -> None:
        editing = self.screen.editing
        original = editing.path
        try:
            editing.save_as(target)
        except SaveError as error:
            self.offer_save_as(f"{_first_problem(error)}.", target, then)
            return
        save_position(editing.path, self.screen.document_view.cursor[0])
        if then is not None:
            then()
            return
        if editing.dirty:
            self.schedule()
        if editing.path != original:
            self.screen.notify(
                f"Saved as {editing.path}; you are now editing it and changes are saved there. "
                f"{original} was left as it is on disk.",
                timeout=10,
            )

    def quit(self) -> None:
        """Quit, saving first (a note being typed included); ask before losing changes that
        could not be saved."""
        app = self.screen.app
        self.leave(lambda: app.exit(0), lambda: app.exit(1), "Quit")

    def leave(
        self,
        done: Callable[[], None],
        abandon: Callable[[], None] | None = None,
        verb: str = "Leave",
    ) -> None:
        """Save (a note being typed included) and remember the reading position, then
        ``done()``; if the changes cannot be saved, ask whether to ``abandon()`` them (default:
        ``done``), save them elsewhere, or stay."""
        from tui.screens.dialogs import UnsavedChangesScreen

        screen = self.screen
        self.cancel_scheduled()
        screen.tagging.keep_open_dialogs()
        editing = screen.editing if screen.is_loaded else None
        if editing is not None and editing.saving:
            # a save is being written: wait for its end
            screen.set_timer(0.1, lambda: self.leave(done, abandon, verb))
            return
        error = editing.save() if editing is not None else None
        save_position(screen.annotation_path, screen.document_view.cursor[0])
        if error is None and (editing is None or not editing.dirty):
            done()
            return
        reason = (
            str(error.problems[0]) if error and error.problems else "the changes could not be saved"
        )

        def answer(choice: str | None) -> None:
            if choice == "quit":
                (abandon or done)()
            elif choice == "save-as":
                self.offer_save_as(f"{reason}.", then=done)

        screen.app.push_screen(UnsavedChangesScreen(reason, verb), answer)
