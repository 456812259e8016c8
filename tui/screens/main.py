"""The main screen: the mediator that owns the session and keeps the widgets in step.

It holds the annotation set (with undo), the save state and the search; the document view and
the panel render what it pushes down and post messages back up.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input

from annotations.display import display_safe
from annotations.editing import AnnotationSet, Edit
from annotations.errors import FileChangedError, SaveError
from annotations.model import Annotation, AnnotationFile
from annotations.store import AnnotationStore, DiskState, atomic_write, changed_on_disk
from annotations.tomlfile import dump_annotation_text, iter_annotation_text
from tui.launch import Session
from tui.messages import AnnotationChosen, AnnotationHighlighted, CursorMoved, Span
from tui.state import load_position, save_position
from tui.widgets.annotation_list import AnnotationList
from tui.widgets.annotation_panel import (
    AnnotationDetails,
    AnnotationPanel,
    TaxonomyCounts,
    matches_filter,
)
from tui.widgets.document_view import DocumentView
from tui.widgets.status_bar import StatusBar

if TYPE_CHECKING:
    from tui.screens.tag_picker import TagChoice

AUTOSAVE_DELAY = 0.8


class MainScreen(Screen[None]):
    """The document pane beside the annotation panel."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "1",
            "toggle_principle(0)",
            "Toggle principle 1",
            id="main.toggle_principle_1",
            show=False,
        ),
        Binding(
            "2",
            "toggle_principle(1)",
            "Toggle principle 2",
            id="main.toggle_principle_2",
            show=False,
        ),
        Binding(
            "3",
            "toggle_principle(2)",
            "Toggle principle 3",
            id="main.toggle_principle_3",
            show=False,
        ),
        Binding(
            "t,enter",
            "tag_picker",
            "Tag",
            id="main.tag_picker",
            tooltip="Pick principles and recommendations",
        ),
        Binding(
            "s",
            "cycle_stance",
            "Stance",
            id="main.cycle_stance",
            tooltip="Cycle neutral, support, caution, oppose",
        ),
        Binding("e", "edit_note", "Note", id="main.edit_note"),
        Binding(
            "R",
            "add_recommendation",
            "Add recommendation",
            id="main.add_recommendation",
            show=False,
        ),
        Binding(
            "right_square_bracket",
            "jump_annotation(1)",
            "Next annotation",
            id="main.next_annotation",
            show=False,
        ),
        Binding(
            "left_square_bracket",
            "jump_annotation(-1)",
            "Previous annotation",
            id="main.previous_annotation",
            show=False,
        ),
        Binding("x,delete", "delete_annotation", "Delete", id="main.delete_annotation", show=False),
        Binding("u,ctrl+z", "undo", "Undo", id="main.undo"),
        Binding("ctrl+r,ctrl+y", "redo", "Redo", id="main.redo", show=False),
        Binding("slash", "search", "Search", id="main.search"),
        Binding(
            "S,f2",
            "summary",
            "Summary",
            id="main.summary",
            tooltip="Coverage of principles and recommendations",
        ),
        Binding("n", "search_step(1)", "Next match", id="main.next_match", show=False),
        Binding("N", "search_step(-1)", "Previous match", id="main.previous_match", show=False),
        Binding("tab", "switch_pane", "Switch pane", id="main.switch_pane", show=False),
        Binding(
            "p",
            "toggle_panel",
            "Panel",
            id="main.toggle_panel",
            tooltip="Hide or show the annotation panel",
            show=False,
        ),
        Binding(
            "ctrl+s",
            "save",
            "Save",
            id="main.save",
            tooltip="Save now (changes are also saved automatically)",
        ),
        Binding("question_mark,f1", "help", "Help", id="main.help"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.store: AnnotationStore = session.store
        self.annotations = AnnotationSet(self.store.model, self.store.document)
        self.author = session.author
        self.saved_revision = 0
        self.save_state = "saved"
        self._saving = False
        self._save_timer: Timer | None = None
        self._conflict = False
        self.current_id: str | None = None
        self.filter_terms: list[str] = []
        self.search_starts: list[int] = []
        self.search_ends: list[int] = []
        self.principle_counts: Counter[str] = Counter()
        self.recommendation_counts: Counter[str] = Counter()
        self.stale_ids = {a.id for a in self.annotations.stale()}
        for annotation in self.annotations.ordered():
            self._count(annotation, 1)

    # --- layout ----------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """Status bar, the two panes, the search box and the footer."""
        status = StatusBar(id="status-bar")
        # set before mounting, so the very first frame already shows them
        status.set_reactive(
            StatusBar.title_text, self.store.document.title or self.store.document.name
        )
        status.set_reactive(StatusBar.file_name, str(self.store.path))
        status.set_reactive(StatusBar.count, len(self.annotations))
        yield status
        with Horizontal(id="panes"):
            yield DocumentView(self.store.document, self.annotations, id="document")
            yield AnnotationPanel(self.store.model, id="panel")
        yield Input(placeholder="Search (Enter to find, Esc to close)", id="search")
        yield Footer()

    def on_mount(self) -> None:
        """Fill the panel, restore the reading position, and say what needs saying."""
        view = self.document_view
        view.stale_ids = self.stale_ids
        self.query_one(AnnotationList).stale_ids = self.stale_ids
        self._refresh_panel()
        self._update_status()
        position = load_position(self.store.path)
        if position is not None and 0 <= position < self.store.document.length:
            view.cursor = view.sentence_containing(position)
        view.focus()
        self.call_after_refresh(view.set_cursor, view.cursor, anchor=None, center=True)
        for message in self.session.messages:
            self.notify(message.removeprefix("policy-annotate: "), timeout=8)
        if self.stale_ids:
            self.notify(
                f"The document changed since it was annotated: {len(self.stale_ids)} annotation(s) no longer match "
                "their text and are marked ⚠. Nothing was deleted.",
                severity="warning",
                timeout=12,
            )
        if self.store.document.encoding != "utf-8":
            self.notify(
                f"The document is in {self.store.document.encoding}; offsets refer to its text decoded from it."
            )

    @property
    def document_view(self) -> DocumentView:
        """The document pane."""
        return self.query_one(DocumentView)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Notify with markup off by default: messages quote the document, file names and what
        the user typed, and ``[/x]`` in them must show as it is (and not crash the app)."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    # --- keeping widgets in step -------------------------------------------------------------------

    def _count(self, annotation: Annotation, sign: int) -> None:
        for principle in annotation.principles:
            self.principle_counts[principle] += sign
        for recommendation in annotation.recommendations:
            self.recommendation_counts[recommendation] += sign

    def _visible_annotations(self) -> list[Annotation]:
        annotations = self.annotations.ordered()
        if not self.filter_terms:
            return annotations
        terms = [t for t in self.filter_terms if t != "stale"]
        stale_only = "stale" in self.filter_terms
        model = self.store.model
        return [
            a
            for a in annotations
            if (not stale_only or a.id in self.stale_ids) and matches_filter(a, terms, model)
        ]

    def _refresh_panel(self, edit: Edit | None = None) -> None:
        self.query_one(TaxonomyCounts).show_counts(
            self.store.model, self.principle_counts, self.recommendation_counts
        )
        annotation_list = self.query_one(AnnotationList)
        if (
            edit is None
            or self.filter_terms
            or not annotation_list.replace_in_place(edit.removed, edit.added)
        ):
            annotation_list.set_items(self._visible_annotations(), self.current_id)
        self._show_details()

    def _show_details(self) -> None:
        annotation = self.annotations.get(self.current_id) if self.current_id else None
        self.query_one(AnnotationDetails).show_annotation(
            annotation, self.store.model, annotation is not None and annotation.id in self.stale_ids
        )

    def _update_status(self) -> None:
        status = self.query_one(StatusBar)
        status.count = len(self.annotations)
        if self._conflict:
            status.save_state = "conflict"
        elif self._saving:
            status.save_state = "saving"
        elif self.save_state == "error":
            status.save_state = "error"
        else:
            status.save_state = (
                "saved" if self.saved_revision == self.annotations.revision else "unsaved"
            )
        status.extra = (
            f"{len(self.stale_ids)} annotation(s) need re-anchoring" if self.stale_ids else ""
        )

    def _annotation_at_cursor(self, cursor: Span) -> Annotation | None:
        exact = self.annotations.exact(*cursor)
        if exact is not None:
            return exact
        containing = self.annotations.at(cursor[0])
        return containing[0] if containing else None

    @on(CursorMoved)
    def _cursor_moved(self, message: CursorMoved) -> None:
        annotation = self._annotation_at_cursor(message.selection or message.cursor)
        new_id = annotation.id if annotation else None
        if new_id != self.current_id:
            self.current_id = new_id
            self.query_one(AnnotationList).highlight(new_id)
            self._show_details()

    @on(AnnotationHighlighted)
    def _list_highlighted(self, message: AnnotationHighlighted) -> None:
        self._go_to_annotation(message.annotation_id, focus=False)

    @on(AnnotationChosen)
    def _list_chosen(self, message: AnnotationChosen) -> None:
        self._go_to_annotation(message.annotation_id, focus=message.focus_document)

    def _go_to_annotation(self, annotation_id: str, *, focus: bool) -> None:
        annotation = self.annotations.get(annotation_id)
        if annotation is None:
            return
        view = self.document_view
        self.current_id = annotation.id
        self.query_one(AnnotationList).highlight(annotation.id)
        self._show_details()
        span = (annotation.start, min(annotation.end, self.store.document.length))
        view.set_cursor(span, anchor=None)
        if focus:
            view.focus()

    # --- edits -------------------------------------------------------------------------------------

    def _target(self) -> Annotation | Span:
        """What an edit applies to: the selection, else the annotation at the cursor, else the sentence."""
        view = self.document_view
        selection = view.selected_span
        if selection is not None:
            return self.annotations.exact(*selection) or selection
        if self.current_id is not None:
            annotation = self.annotations.get(self.current_id)
            if annotation is not None:
                return annotation
        return view.cursor

    def _after_edit(self, edit: Edit, *, clear_selection: bool = True) -> None:
        for annotation in edit.removed:
            self._count(annotation, -1)
            self.stale_ids.discard(annotation.id)
        for annotation in edit.added:
            self._count(annotation, 1)
            if self.store.document.text[annotation.start : annotation.end] != annotation.quote:
                self.stale_ids.add(annotation.id)
        view = self.document_view
        view.invalidate_span(edit.span)
        if edit.added:
            self.current_id = edit.added[-1].id
        elif edit.removed and self.current_id in {a.id for a in edit.removed}:
            self.current_id = None
        if clear_selection and view.selection_anchor is not None:
            view.set_cursor(view.cursor, anchor=None)
        self._refresh_panel(edit)  # shows the details of the annotation just edited
        self._cursor_moved(CursorMoved(view.cursor, view.selected_span))
        self._update_status()
        self._schedule_save()

    def _edit_blocked(self) -> bool:
        if not len(self.store.document.paragraph_starts):
            self.notify("The document is empty: there is nothing to annotate.", severity="warning")
            return True
        return False

    def action_toggle_principle(self, index: int) -> None:
        """Toggle principle 1, 2 or 3 on the selection, the annotation, or the sentence."""
        principles = self.store.model.taxonomy.principles
        if index >= len(principles):
            self.notify(f"There is no principle {index + 1}.", severity="warning")
            return
        if self._edit_blocked():
            return
        self.toggle_tag("principles", principles[index].id)

    def toggle_tag(self, kind: str, tag: str) -> None:
        """Toggle a principle or recommendation on the current target."""
        if self._edit_blocked():  # the command palette calls this directly
            return
        edit = self.annotations.toggle_tag(self._target(), kind, tag, self.author)
        self._after_edit(edit)

    def action_tag_picker(self) -> None:
        """Open the tag picker for the current target."""
        if self._edit_blocked():
            return
        target = self._target()
        annotation = target if isinstance(target, Annotation) else None
        span = (target.start, target.end) if isinstance(target, Annotation) else target
        passage = self.store.document.text[span[0] : span[1]]
        principles = set(annotation.principles) if annotation else set()
        recommendations = set(annotation.recommendations) if annotation else set()

        def apply(choice: TagChoice | None) -> None:
            if choice is None:
                return
            self._apply_tags(target, choice)

        from tui.screens.tag_picker import TagPicker

        self.app.push_screen(
            TagPicker(self.store.model, principles, recommendations, passage), apply
        )

    def _apply_tags(self, target: Annotation | Span, choice: TagChoice) -> None:
        annotation = target if isinstance(target, Annotation) else self.annotations.exact(*target)
        current_p = set(annotation.principles) if annotation else set()
        current_r = set(annotation.recommendations) if annotation else set()
        if current_p == set(choice.principles) and current_r == set(choice.recommendations):
            return
        span = target if isinstance(target, tuple) else (target.start, target.end)
        base = annotation or self.annotations.new_annotation(*span, self.author)
        from annotations.model import utc_now

        after = base.model_copy(
            update={
                "principles": list(choice.principles),
                "recommendations": list(choice.recommendations),
                "updated": utc_now(),
            }
        )
        empty = (
            not after.principles
            and not after.recommendations
            and not after.note.strip()
            and after.stance.value == "neutral"
        )
        edit = Edit(
            "tag", removed=(annotation,) if annotation else (), added=() if empty else (after,)
        )
        self._after_edit(self.annotations.apply(edit))

    def action_cycle_stance(self) -> None:
        """Cycle the stance of the current target."""
        if self._edit_blocked():
            return
        edit = self.annotations.cycle_stance(self._target(), self.author)
        self._after_edit(edit)

    def action_edit_note(self) -> None:
        """Edit the note of the current target."""
        if self._edit_blocked():
            return
        target = self._target()
        note = target.note if isinstance(target, Annotation) else ""
        span = (target.start, target.end) if isinstance(target, Annotation) else target

        def apply(text: str | None) -> None:
            if text is None or text == note:
                return
            self._after_edit(self.annotations.set_note(target, text, self.author))

        from tui.screens.note_editor import NoteEditor

        self.app.push_screen(NoteEditor(note, self.store.document.text[span[0] : span[1]]), apply)

    def action_add_recommendation(self) -> None:
        """Add the selected text (or the sentence) as a new recommendation."""
        if self._edit_blocked():
            return
        view = self.document_view
        span = view.selected_span or view.cursor
        edit = self.annotations.add_recommendation(*span)
        self._after_edit(edit)
        added = edit.added_recommendations[0]
        self.notify(
            f"Added recommendation {added.id}: {display_safe(added.title, keep_newlines=False)[:80]}",
            timeout=4,
        )

    def action_delete_annotation(self) -> None:
        """Delete the annotation at the cursor."""
        target = self._target()
        annotation = target if isinstance(target, Annotation) else self.annotations.exact(*target)
        if annotation is None:
            self.notify("No annotation here to delete.", severity="warning", timeout=3)
            return
        self._after_edit(self.annotations.delete(annotation))
        self.notify("Annotation deleted (u to undo).", timeout=3)

    def action_undo(self) -> None:
        """Undo the last change."""
        edit = self.annotations.undo()
        if edit is None:
            self.notify("Nothing to undo.", timeout=2)
            return
        self._after_edit(edit.inverse(), clear_selection=False)
        self._jump_to_edit(edit)
        self.notify(f"Undone: {edit.label}", timeout=2)

    def action_redo(self) -> None:
        """Redo the last undone change."""
        edit = self.annotations.redo()
        if edit is None:
            self.notify("Nothing to redo.", timeout=2)
            return
        self._after_edit(edit, clear_selection=False)
        self._jump_to_edit(edit)
        self.notify(f"Redone: {edit.label}", timeout=2)

    def _jump_to_edit(self, edit: Edit) -> None:
        span = edit.span
        if span is not None:
            view = self.document_view
            view.set_cursor(view.sentence_containing(span[0]), anchor=None)

    def action_jump_annotation(self, direction: int) -> None:
        """Go to the next or previous annotation."""
        cursor = self.document_view.cursor
        annotation = (
            self.annotations.next_start(cursor[0])
            if direction > 0
            else self.annotations.previous_start(cursor[0])
        )
        if annotation is None:
            self.notify("No more annotations this way.", timeout=2)
            return
        self._go_to_annotation(annotation.id, focus=False)

    # --- search --------------------------------------------------------------------------------------

    def action_search(self) -> None:
        """Open the search box."""
        search = self.query_one("#search", Input)
        search.display = True
        search.focus()

    @on(Input.Submitted, "#search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        query = event.value
        view = self.document_view
        event.input.display = False
        view.focus()
        if not query:
            self.search_starts, self.search_ends = [], []
            view.set_search([], [])
            return
        matches = list(re.finditer(re.escape(query), self.store.document.text, re.IGNORECASE))
        self.search_starts = [m.start() for m in matches]
        self.search_ends = [m.end() for m in matches]
        view.set_search(self.search_starts, self.search_ends)
        if not matches:
            self.notify(
                f"Not found: {display_safe(query, keep_newlines=False)}",
                severity="warning",
                timeout=3,
            )
            return
        self.action_search_step(1, announce=True)

    def on_key(self, event: object) -> None:
        """Esc in the search box closes it."""
        from textual.events import Key

        if isinstance(event, Key) and event.key == "escape":
            search = self.query_one("#search", Input)
            if search.has_focus:
                search.display = False
                self.document_view.focus()
                event.stop()
            elif self.focused is not None and self.focused.id == "annotation-filter":
                self.query_one(AnnotationList).focus()
                event.stop()

    def action_search_step(self, direction: int, announce: bool = False) -> None:
        """Go to the next or previous search match."""
        if not self.search_starts:
            self.notify("No search yet: press / to search.", timeout=2)
            return
        from bisect import bisect_left, bisect_right

        view = self.document_view
        position = view.cursor[0]
        if direction > 0:
            index = bisect_right(self.search_starts, position)
            index = 0 if index >= len(self.search_starts) else index
        else:
            index = bisect_left(self.search_starts, position) - 1
            index = len(self.search_starts) - 1 if index < 0 else index
        view.set_cursor((self.search_starts[index], self.search_ends[index]), anchor=None)
        self.notify(f"Match {index + 1} of {len(self.search_starts)}", timeout=2)

    # --- panes -------------------------------------------------------------------------------------

    def action_switch_pane(self) -> None:
        """Move between the document and the annotation list."""
        annotation_list = self.query_one(AnnotationList)
        if self.document_view.has_focus:
            if not self.query_one(AnnotationPanel).display:
                self.query_one(AnnotationPanel).display = True
            annotation_list.focus()
        else:
            self.document_view.focus()

    def action_toggle_panel(self) -> None:
        """Hide the panel to read full width, or show it again."""
        panel = self.query_one(AnnotationPanel)
        panel.display = not panel.display
        self.document_view.focus()

    @on(Input.Changed, "#annotation-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.filter_terms = event.value.lower().split()
        self.query_one(AnnotationList).set_items(self._visible_annotations(), self.current_id)

    @on(Input.Submitted, "#annotation-filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        self.query_one(AnnotationList).focus()

    def action_summary(self) -> None:
        """Show the summary of the annotations as they are now."""
        from tui.screens.summary import SummaryScreen

        self.app.push_screen(
            SummaryScreen(self.annotations, self.store.document, self.store.path.name)
        )

    def action_help(self) -> None:
        """Show the keys of the focused pane."""
        from tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self.app.active_bindings, self.focused))

    # --- saving --------------------------------------------------------------------------------------

    @property
    def dirty(self) -> bool:
        """Whether there are changes not yet on disk."""
        return self.saved_revision != self.annotations.revision

    def _schedule_save(self) -> None:
        if self._save_timer is not None:
            self._save_timer.stop()
        if not self._conflict:
            self._save_timer = self.set_timer(AUTOSAVE_DELAY, self._start_save)

    def _snapshot(self) -> tuple[int, AnnotationFile]:
        """The text to save and the revision it holds (cheap: the serialising is in the worker)."""
        model = self.store.model
        document = self.store.document
        reference = model.document
        if not self.stale_ids and reference.sha256 != document.sha256:
            reference = reference.model_copy(
                update={"sha256": document.sha256, "length": document.length}
            )
        taxonomy = model.taxonomy.model_copy(
            update={"recommendations": list(model.taxonomy.recommendations)}
        )
        snapshot = model.model_copy(
            update={
                "annotations": self.annotations.ordered(),
                "taxonomy": taxonomy,
                "document": reference,
            }
        )
        return self.annotations.revision, snapshot

    def _start_save(self, overwrite_changed: bool = False) -> None:
        if self._saving or (self._conflict and not overwrite_changed):
            return
        if not self.dirty:
            return
        revision, snapshot = self._snapshot()
        self._saving = True
        self._update_status()
        self._save_worker(
            revision, snapshot, self.store.disk, overwrite_changed, self.document_view.cursor[0]
        )

    # A description, or Textual builds one from repr() of the arguments (all the annotations)
    # on the UI thread.
    @work(thread=True, group="save", description="save the annotation file")
    def _save_worker(
        self,
        revision: int,
        snapshot: AnnotationFile,
        expected: DiskState | None,
        overwrite_changed: bool,
        cursor: int,
    ) -> None:
        """Serialise and write the file (and the reading position) off the UI thread."""
        try:
            pieces = (p.encode("utf-8") for p in iter_annotation_text(snapshot, _let_the_ui_run))
            state = atomic_write(
                self.store.path, pieces, expected=expected, overwrite_changed=overwrite_changed
            )
        except SaveError as error:
            self.app.call_from_thread(self._save_failed, error)
            return
        save_position(self.store.path, cursor)
        self.app.call_from_thread(self._save_done, revision, state)

    def _save_done(self, revision: int, state: DiskState) -> None:
        self._saving = False
        self._conflict = False
        self.save_state = "saved"
        self.store.disk = state
        self.saved_revision = revision
        self._update_status()
        if self.dirty:
            self._schedule_save()

    def _save_failed(self, error: SaveError) -> None:
        self._saving = False
        if isinstance(error, FileChangedError):
            self._conflict = True
            self.notify(
                f"{self.store.path} changed on disk; your changes are kept in memory. Press Ctrl+S to choose what to do.",
                severity="error",
                timeout=15,
            )
        else:
            self.save_state = "error"
            message = str(error.problems[0]) if error.problems else str(error)
            self.notify(
                f"{message}. Your changes are kept in memory; Ctrl+S tries again.",
                severity="error",
                timeout=15,
            )
        self._update_status()

    def action_save(self) -> None:
        """Save now; after a conflict, choose between overwriting and saving a copy."""
        from tui.screens.dialogs import ConflictScreen

        if self._save_timer is not None:
            self._save_timer.stop()
        if self._conflict or (
            self.store.disk is not None and changed_on_disk(self.store.path, self.store.disk)
        ):
            self._conflict = True
            self._update_status()
            copy = copy_path_for(self.store.path)
            self.app.push_screen(
                ConflictScreen(str(self.store.path), copy.name), self._resolve_conflict
            )
            return
        self.save_state = "saved"
        if not self.dirty:
            self.notify("Already saved.", timeout=2)
            return
        self._start_save()

    def _resolve_conflict(self, choice: str | None) -> None:
        if choice == "overwrite":
            self._conflict = False
            self._start_save(overwrite_changed=True)
        elif choice == "copy":
            copy = copy_path_for(self.store.path)
            _revision, snapshot = self._snapshot()
            try:
                atomic_write(
                    copy,
                    dump_annotation_text(snapshot).encode("utf-8"),
                    expected=None,
                    overwrite_changed=True,
                )
            except SaveError as error:
                self.notify(str(error.problems[0]), severity="error")
                return
            self.notify(
                f"Saved your version as {copy}. {self.store.path} was left as it is on disk.",
                timeout=10,
            )

    def save_now_blocking(self) -> SaveError | None:
        """Save on the UI thread (used when quitting); returns the error, if any."""
        if not self.dirty:
            return None
        revision, snapshot = self._snapshot()
        try:
            state = atomic_write(
                self.store.path,
                dump_annotation_text(snapshot).encode("utf-8"),
                expected=self.store.disk,
            )
        except SaveError as error:
            return error
        self._save_done(revision, state)
        return None

    def request_quit(self) -> None:
        """Quit, saving first; ask before losing changes that could not be saved."""
        from tui.screens.dialogs import ConfirmScreen

        if self._save_timer is not None:
            self._save_timer.stop()
        error = self.save_now_blocking() if not self._saving else None
        if self._saving:
            self.set_timer(0.1, self.request_quit)
            return
        save_position(self.store.path, self.document_view.cursor[0])
        if error is None and not self.dirty:
            self.app.exit(0)
            return
        reason = (
            str(error.problems[0]) if error and error.problems else "the changes could not be saved"
        )

        def answer(quit_anyway: bool | None) -> None:
            if quit_anyway:
                self.app.exit(1)

        self.app.push_screen(
            ConfirmScreen(
                f"{reason}.\nQuit and lose your unsaved changes?", yes="Quit anyway", no="Stay"
            ),
            answer,
        )


def _let_the_ui_run() -> None:
    """Give up the GIL for a moment, so key presses are handled while a big file is written."""
    time.sleep(0)


def copy_path_for(path: Path) -> Path:
    """Where 'save a copy' writes after a conflict."""
    return path.with_name(path.stem + ".mine" + path.suffix)
