"""The annotation file changed on disk while it is open (another analyst, a ``git pull``).

Every ``WATCH_SECONDS`` the file's stat is compared with what was last read or written (one
``stat``: cheap enough for the UI thread); when it moved, the file is read in a thread worker.
With nothing unsaved here, the new version is simply taken in ("reload from disk", one edit
that Ctrl+Z undoes); a file deleted is written again by the next save. With unsaved changes, it is a conflict: autosave stops and Ctrl+S offers
the choices, among them **merge theirs into mine** (``merge``). The rules are the core's
(``annotations.session.disk_changes``, ``EditingSession.reload``/``merge_plan``/``apply_merge``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from annotations.errors import PolicyAnnotateError

if TYPE_CHECKING:
    from annotations.session.disk_changes import OnDisk
    from annotations.session.files import DiskState
    from tui.screens.main import MainScreen

WATCH_SECONDS = 2.0
"""How often the annotation file's stat is looked at."""


class DiskFlow:
    """Watching the annotation file being edited, and merging theirs into mine."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self._told: str | None = None
        """The sha256 of the version on disk last told about (each is told once)."""

    def start(self) -> None:
        """Look at the file's stat every ``WATCH_SECONDS`` from now on."""
        self.screen.set_interval(WATCH_SECONDS, self.check, name="watch the annotation file")

    def check(self) -> None:
        """If the file's stat moved, read it (in a worker) and take it in or flag a conflict.

        Not while a dialog is over the annotator: an edit made in it (a note typed over the one
        shown, tags ticked) would replace theirs, taken in underneath, without a conflict."""
        editing = self.screen.editing if self.screen.is_loaded else None
        if editing is None or editing.saving or editing.in_conflict or not self.screen.is_active:
            return  # under a dialog (the note editor, the tag picker): once it is closed
        if editing.may_have_changed_on_disk():
            known = editing.store.disk
            self._read(editing.path, lambda on_disk: self._read_for_watch(on_disk, known))

    def merge(self) -> None:
        """Merge theirs into mine (the conflict dialog's choice): read the file, merge, list
        what kept mine, save."""
        self._read(self.screen.editing.path, self._read_for_merge)

    def _read(self, path: Path, then: Callable[[OnDisk], None]) -> None:
        from annotations.session.disk_changes import read_on_disk

        app = self.screen.app
        document = self.screen.editing.document

        def read() -> None:
            on_disk = read_on_disk(path, document)
            app.call_from_thread(then, on_disk)

        self.screen.run_worker(
            read, thread=True, group="disk", description="read the annotation file on disk"
        )

    def _read_for_watch(self, on_disk: OnDisk, known: DiskState | None) -> None:
        """Take in what was read, or flag a conflict; ``known`` is what the session knew of the
        file when the read began: a save of ours since (or a reload) makes what was read old."""
        screen = self.screen
        editing = screen.editing
        if (
            on_disk.path != editing.path
            or editing.saving
            or editing.store.disk is not known
            or editing.in_conflict
            or not screen.is_active
        ):
            return  # moved to a copy, a save of ours or a dialog meanwhile: the next look decides
        if on_disk.gone:
            if editing.gone_from_disk():  # "saved" would be a lie: write it again
                screen.notify(
                    f"{editing.path} was deleted on disk; the annotations shown are kept and "
                    "saved to it again.",
                    severity="warning",
                    timeout=12,
                )
                screen.saving.schedule()
            return
        if not on_disk.changed_from(editing.store.disk):
            editing.same_on_disk(on_disk)
            return
        told = on_disk.disk.sha256 if on_disk.disk is not None else None
        if on_disk.model is None:
            if told != self._told:
                self._told = told
                screen.notify(
                    f"{editing.path} changed on disk but cannot be taken in ({on_disk.problems[0]}); "
                    "the annotations shown are kept.",
                    severity="warning",
                    timeout=12,
                )
            return
        if editing.dirty:
            editing.check_disk()  # a conflict: autosave waits for the user's choice
            screen.notify(
                f"{editing.path} changed on disk; your changes are kept in memory. Press Ctrl+S "
                "to merge theirs into yours, overwrite, or save yours as a copy.",
                severity="warning",
                timeout=15,
            )
            return
        editing.reload(on_disk)
        screen.notify(f"{editing.path} changed on disk: reloaded (Ctrl+Z undoes).", timeout=6)

    def _read_for_merge(self, on_disk: OnDisk) -> None:
        from annotations.session.disk_changes import conflict_lines, keep_theirs
        from tui.screens.merge_conflicts import MergeConflictsScreen

        screen = self.screen
        editing = screen.editing
        if on_disk.model is None:
            reason = on_disk.problems[0] if on_disk.problems else "it is gone"
            screen.notify(f"Not merged: {reason}.", severity="error", timeout=12)
            return
        try:
            merged = editing.merge_plan(on_disk)
            kept = keep_theirs(on_disk) if merged.unresolved else None
        except PolicyAnnotateError as error:  # another document version; theirs not kept
            screen.notify(f"Not merged: {error.problems[0]}", severity="error", timeout=12)
            return
        editing.apply_merge(merged, on_disk)
        screen.saving.start()
        if kept is None:
            screen.notify("Merged theirs into mine (Ctrl+Z undoes).", timeout=6)
        else:
            screen.app.push_screen(
                MergeConflictsScreen(conflict_lines(merged.unresolved), kept.name)
            )
