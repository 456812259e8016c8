"""The editing session: one annotation file being edited, and everyone who shows it.

The session owns the annotation set (with undo and redo), the counts per principle and
recommendation, which annotations are stale or marked for review, and where and how the file is
saved. Every change is applied as one ``Edit`` and announced to the listeners as a ``Changed``;
every change of the save state as a ``SaveStateChanged``. No Textual here: the screen
subscribes and pushes what it hears down to its widgets.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from annotations.documents.document import Document
from annotations.errors import SaveError
from annotations.format.marks import review_mark
from annotations.format.model import Annotation, AnnotationFile, Recommendation, Stance
from annotations.session.disk_changes import (
    OnDisk,
    TheirsMerged,
    edit_towards,
    may_have_changed,
    merge_theirs,
)
from annotations.session.editing import AnnotationSet, Edit
from annotations.session.files import is_read_only, relative_document_path
from annotations.session.rules import (
    Span,
    annotation_at,
    describe_target,
    edit_target,
    filter_annotations,
    is_stale,
    review_queue,
)
from annotations.session.saving import (
    SaveJob,
    SaveOutcome,
    SaveRecord,
    SaveStatus,
    copy_path_for,
    snapshot,
    write_annotation_file,
)
from annotations.session.store import AnnotationStore

if TYPE_CHECKING:
    from annotations.suggesting.queue import SuggestionQueue

Cause = Literal["edit", "undo", "redo"]
"""Why the annotations changed."""


@dataclass(frozen=True, slots=True)
class Changed:
    """The annotations changed: ``edit`` as it was applied (for an undo, the inverse of the
    edit undone) and why."""

    edit: Edit
    cause: Cause


@dataclass(frozen=True, slots=True)
class SaveStateChanged:
    """The save state changed (a save started or ended, a conflict, the file moved)."""

    status: SaveStatus
    path: Path


SessionEvent = Changed | SaveStateChanged
Listener = Callable[[SessionEvent], None]


class EditingSession:
    """One annotation file being edited: its annotations, their derived state, and saving."""

    def __init__(self, store: AnnotationStore, author: str, *, saved: bool = True) -> None:
        """Edit ``store``'s annotations as ``author``; ``saved=False`` when the annotations in
        memory differ from the file already (re-anchored on opening)."""
        self.store = store
        self.author = author
        self.annotations = AnnotationSet(store.model, store.document)
        self.principle_counts: Counter[str] = Counter()
        self.recommendation_counts: Counter[str] = Counter()
        self.stale_ids: set[str] = set()
        """Annotations whose quote is no longer their text."""
        self.marked_ids: set[str] = set()
        """Annotations marked fuzzy or orphaned by re-anchoring: the review queue."""
        self.review_ids: set[str] = set()
        """Annotations needing a person's attention: stale or marked."""
        self.stances: tuple[Stance, ...] | None = None
        """The stances ``s`` cycles through (a project's codebook's); None: every stance."""
        self._queue: list[Annotation] | None = None
        self._listeners: list[Listener] = []
        self._saving = SaveRecord(store.path, store.disk, saved_revision=0 if saved else -1)
        self._saving.base = self._copy()
        self._track(added=self.annotations.ordered(), removed=())

    # --- what the session holds ---------------------------------------------------------------

    @property
    def model(self) -> AnnotationFile:
        """The annotation file in memory (always in step with the annotation set)."""
        return self.store.model

    @property
    def document(self) -> Document:
        """The annotated document."""
        return self.store.document

    @property
    def revision(self) -> int:
        """A number that changes with every edit, undo and redo."""
        return self.annotations.revision

    def annotation_at(self, span: Span) -> Annotation | None:
        """The annotation at the cursor or selection ``span``."""
        return annotation_at(self.annotations, span)

    def target(
        self, selection: Span | None, current_id: str | None, cursor: Span
    ) -> Annotation | Span:
        """What an edit applies to (``rules.edit_target``)."""
        return edit_target(self.annotations, selection, current_id, cursor)

    def describe_target(self, selection: Span | None, current_id: str | None, cursor: Span) -> str:
        """What the next edit applies to, in words (``rules.describe_target``)."""
        target = self.target(selection, current_id, cursor)
        return describe_target(self.document, target, selection)

    def visible(self, terms: list[str]) -> list[Annotation]:
        """The annotations the list shows for these filter terms, in document order."""
        return filter_annotations(self.annotations.ordered(), terms, self.model, self.review_ids)

    def review_queue(self) -> list[Annotation]:
        """The annotations marked fuzzy or orphaned, in document order (kept until a change)."""
        if self._queue is None:
            self._queue = review_queue(self.annotations.get(i) for i in self.marked_ids)
        return self._queue

    # --- listeners ----------------------------------------------------------------------------

    def subscribe(self, listener: Listener) -> None:
        """Call ``listener`` with every change from now on."""
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        """Stop calling ``listener``."""
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _tell(self, event: SessionEvent) -> None:
        for listener in list(self._listeners):
            listener(event)

    # --- changes ------------------------------------------------------------------------------

    def toggle_tag(self, target: Annotation | Span, kind: str, tag: str) -> Edit:
        """Toggle a principle (``kind`` "principles") or recommendation on the target."""
        return self._changed(self.annotations.toggle_tag(target, kind, tag, self.author))

    def set_tags(
        self, target: Annotation | Span, principles: list[str], recommendations: list[str]
    ) -> Edit | None:
        """Give the target exactly these tags (None: they were its tags already)."""
        edit = self.annotations.set_tags(target, principles, recommendations, self.author)
        return self._changed(edit) if edit is not None else None

    def cycle_stance(self, target: Annotation | Span) -> Edit:
        """Move the target's stance to the next one."""
        return self._changed(self.annotations.cycle_stance(target, self.author, self.stances))

    def set_note(self, target: Annotation | Span, note: str) -> Edit:
        """Set the target's note."""
        return self._changed(self.annotations.set_note(target, note, self.author))

    def delete(self, annotation: Annotation) -> Edit:
        """Delete an annotation."""
        return self._changed(self.annotations.delete(annotation))

    def accept_anchor(self, annotation: Annotation, start: int, end: int) -> Edit:
        """Point a re-anchored annotation at [start, end) and clear its mark."""
        return self._changed(self.annotations.accept_anchor(annotation, start, end))

    def add_recommendation(self, start: int, end: int) -> Edit:
        """Add the text of [start, end) as a new recommendation."""
        return self._changed(self.annotations.add_recommendation(start, end))

    def add_recommendations(self, recommendations: list[Recommendation]) -> Edit:
        """Add several recommendations as one edit."""
        return self._changed(self.annotations.add_recommendations(recommendations))

    def accept_suggestion(self, queue: SuggestionQueue) -> Edit | None:
        """Tag the queue's current passage with its tag, signed by this session's author (one
        edit; the queue ranks again). None when the queue is empty."""
        queue.author = self.author
        edit = queue.accept()
        return self._changed(edit) if edit is not None else None

    def reject_suggestion(self, queue: SuggestionQueue) -> Edit | None:
        """Record the queue's current passage as rejected for its tag (one edit, saved with the
        file; the queue ranks again). None when the queue is empty."""
        queue.author = self.author
        edit = queue.reject()
        return self._changed(edit) if edit is not None else None

    def undo(self) -> Edit | None:
        """Undo the last change; returns the edit undone (None: nothing to undo)."""
        edit = self.annotations.undo()
        if edit is not None:
            self._changed(edit.inverse(), "undo")
        return edit

    def redo(self) -> Edit | None:
        """Redo the last undone change (None: nothing to redo)."""
        edit = self.annotations.redo()
        if edit is not None:
            self._changed(edit, "redo")
        return edit

    def _changed(self, applied: Edit, cause: Cause = "edit") -> Edit:
        self._track(added=applied.added, removed=applied.removed)
        self._tell(Changed(applied, cause))
        return applied

    def _track(self, *, added: Iterable[Annotation], removed: Iterable[Annotation]) -> None:
        """Keep the counts, the stale, marked and review ids and the queue in step."""
        self._queue = None
        text = self.document.text
        for annotation in removed:
            self._count(annotation, -1)
            self.stale_ids.discard(annotation.id)
            self.marked_ids.discard(annotation.id)
            self.review_ids.discard(annotation.id)
        for annotation in added:
            self._count(annotation, 1)
            if is_stale(annotation, text):
                self.stale_ids.add(annotation.id)
                self.review_ids.add(annotation.id)
            if review_mark(annotation):
                self.marked_ids.add(annotation.id)
                self.review_ids.add(annotation.id)

    def _count(self, annotation: Annotation, sign: int) -> None:
        for counts, tags in (
            (self.principle_counts, annotation.principles),
            (self.recommendation_counts, annotation.recommendations),
        ):
            for tag in tags:
                counts[tag] += sign
                if not counts[tag]:
                    del counts[tag]

    # --- saving -------------------------------------------------------------------------------

    @property
    def path(self) -> Path:
        """Where the annotations are saved (a copy after "save my version as a copy")."""
        return self._saving.path

    @property
    def save_status(self) -> SaveStatus:
        """What to tell the user about saving."""
        return self._saving.status(self.revision)

    @property
    def dirty(self) -> bool:
        """Whether there are changes not on disk."""
        return self._saving.saved_revision != self.revision

    @property
    def saving(self) -> bool:
        """Whether a save job is running."""
        return self._saving.in_progress

    @property
    def read_only(self) -> bool:
        """Whether the annotation file is read-only (it is respected: never replaced)."""
        return self._saving.read_only

    @property
    def needs_new_path(self) -> bool:
        """Whether saving where the file is cannot work (read-only, or its folder read-only or
        gone): autosave waits, and the changes can be saved under another path (``save_as``)."""
        return self._saving.needs_new_path

    def check_writable(self) -> bool:
        """Whether saving where the file is may work: a file found read-only is looked at again
        (it may have been made writable meanwhile, and saving then goes on there)."""
        record = self._saving
        if record.read_only and not is_read_only(record.path):
            record.read_only = False
            record.error = None
            self._tell_save_state()
        return not record.needs_new_path

    @property
    def last_error(self) -> SaveError | None:
        """Why the last save failed (None after a successful one)."""
        return self._saving.error

    @property
    def in_conflict(self) -> bool:
        """Whether the file changed on disk and the user has not yet said what to do."""
        return self._saving.conflict

    def check_disk(self) -> bool:
        """Whether the file changed on disk since it was read or written (a conflict if so)."""
        if self._saving.conflict or self._saving.changed_on_disk():
            self._set_conflict(True)
        return self._saving.conflict

    def keep_editing_over_conflict(self) -> None:
        """The user chose to overwrite the changed file: saving may go on."""
        self._set_conflict(False)

    def _set_conflict(self, conflict: bool) -> None:
        if conflict != self._saving.conflict:
            self._saving.conflict = conflict
            self._tell_save_state()

    def _snapshot(self) -> AnnotationFile:
        return snapshot(self.model, self.document, any_stale=bool(self.stale_ids))

    def _copy(self) -> AnnotationFile:
        """The annotations as they are, safe from later edits (``[document]`` as it is)."""
        return snapshot(self.model, self.document, any_stale=True)

    # --- the file changed on disk (``disk_changes``) ------------------------------------------

    @property
    def base(self) -> AnnotationFile:
        """The annotation file as last read or written: the ancestor of a merge."""
        return self._saving.base or self._copy()

    def may_have_changed_on_disk(self) -> bool:
        """Whether the file's stat differs from what was last read or written (cheap)."""
        return may_have_changed(self.path, self._saving.disk)

    def reload(self, on_disk: OnDisk) -> Edit | None:
        """Take in the file as it is on disk, there being nothing unsaved here: one edit
        ("reload from disk", undone in one step), after which the session is saved."""
        assert on_disk.model is not None
        edit = edit_towards(self.model, on_disk.model, "reload from disk")
        applied = self.annotations.apply(edit) if edit is not None else None
        self._now_on_disk(on_disk)
        self._saving.saved_revision = self.revision
        if applied is not None:
            self._changed(applied)
        self._tell_save_state()
        return applied

    def merge_plan(self, on_disk: OnDisk) -> TheirsMerged:
        """What merging the file on disk (theirs) into the annotations here (mine) gives,
        three-way from the version last read or written; nothing changes yet (``apply_merge``).
        Raises MergeError (theirs annotates another version of the document)."""
        assert on_disk.model is not None
        return merge_theirs(self.base, self._copy(), on_disk.model)

    def apply_merge(self, merged: TheirsMerged, on_disk: OnDisk) -> Edit | None:
        """Apply a merge of ``merge_plan`` as one edit ("merge theirs into mine", undone in one
        step). The file on disk becomes the one last read, so the next save writes the merge
        over it."""
        edit = edit_towards(self.model, merged.model, "merge theirs into mine")
        applied = self.annotations.apply(edit) if edit is not None else None
        self._now_on_disk(on_disk)
        if applied is not None:
            self._changed(applied)
        self._tell_save_state()
        return applied

    def same_on_disk(self, on_disk: OnDisk) -> None:
        """The file was touched but its content is the one last read or written: remember its
        new stat (it is not read again)."""
        if on_disk.disk is not None and not on_disk.changed_from(self._saving.disk):
            self._saving.disk = self.store.disk = on_disk.disk

    def gone_from_disk(self) -> bool:
        """The file last read or written is no longer on disk (deleted, a branch without it):
        the annotations shown become unsaved, so that the next save writes the file again and
        nothing is lost (a file back there meanwhile is a conflict). Whether it was on disk
        until now (False: told already, or never written)."""
        record = self._saving
        if record.disk is None:
            return False
        record.disk = self.store.disk = None
        record.saved_revision = -1
        self._tell_save_state()
        return True

    def _now_on_disk(self, on_disk: OnDisk) -> None:
        """The file on disk is now the one last read: no conflict with it."""
        record = self._saving
        record.disk = self.store.disk = on_disk.disk
        record.base = on_disk.model
        record.conflict = False
        record.error = None

    def start_save(self, *, overwrite_changed: bool = False) -> SaveJob | None:
        """A save job for the changes (cheap: the writing is ``job.run()``'s), or None when
        there is nothing to save, a save is running, or a conflict waits for the user."""
        record = self._saving
        if record.in_progress or (record.conflict and not overwrite_changed) or not self.dirty:
            return None
        if record.needs_new_path:
            return None  # autosave would fail the same way, over and over: see save_as
        record.error = None
        record.in_progress = True
        job = record.job(self.revision, self._snapshot(), overwrite_changed=overwrite_changed)
        self._tell_save_state()
        return job

    def finish_save(self, outcome: SaveOutcome) -> None:
        """Record what came of a save job started with ``start_save``."""
        self._saving.record(outcome)
        self._after_save(outcome)

    def save(self) -> SaveError | None:
        """Save now on this thread (quitting, the command line); returns the error, if any."""
        if not self.dirty or self._saving.in_progress:
            return None
        job = self._saving.job(self.revision, self._snapshot())
        outcome = job.run()
        if outcome.error is None:
            self._saving.record(outcome)
            self._after_save(outcome)
        return outcome.error

    def save_copy(self) -> Path:
        """Save as NAME.mine.toml (the first free name) and go on editing that copy; the
        changed file is left to whoever changed it. Raises SaveError."""
        copy = copy_path_for(self.path)
        self.save_as(copy)
        return copy

    def save_as(self, path: Path) -> None:
        """Save the annotations to ``path`` and go on editing that file: later saves go there.

        The file's own path is saved over as usual (trying again: it may have been made
        writable meanwhile); any other path must not exist yet (FileChangedError), and the
        copy's ``[document].path`` is made relative to its folder. Raises SaveError, the
        changes staying in memory.
        """
        record = self._saving
        if record.in_progress:
            raise SaveError(str(path), "not saved: a save is being written; try again")
        if _same_file(path, self.path):
            outcome = record.job(self.revision, self._snapshot()).run()
        else:
            model = self._snapshot()
            reference = self._document_path_from(path)
            if reference != model.document.path:
                document = model.document.model_copy(update={"path": reference})
                model = model.model_copy(update={"document": document})
            disk = write_annotation_file(path, model, expected=None)
            self.model.document.path = reference
            self.store.path = path
            outcome = SaveOutcome(SaveJob(path, self.revision, model, None), disk=disk)
        record.record(outcome)
        self._after_save(outcome)
        if outcome.error is not None:
            raise outcome.error

    def _document_path_from(self, path: Path) -> str:
        """``[document].path`` for an annotation file at ``path``."""
        current = self.model.document.path
        if path.parent == self.path.parent or self.document.path is None:
            return current
        try:
            return relative_document_path(self.document.path, path)
        except (OSError, ValueError) as error:  # a deleted working folder; another drive
            raise SaveError(
                str(path), f"not saved: the document's path cannot be written from there ({error})"
            ) from None

    def _after_save(self, outcome: SaveOutcome) -> None:
        if outcome.disk is not None:
            self.store.disk = outcome.disk
        self._tell_save_state()

    def _tell_save_state(self) -> None:
        self._tell(SaveStateChanged(self.save_status, self.path))


def _same_file(first: Path, second: Path) -> bool:
    """Whether two paths name the same file (compared as written if they cannot be resolved)."""
    try:
        return first.resolve() == second.resolve()
    except OSError:
        return first == second
