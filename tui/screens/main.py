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

from annotations.documents.display import display_safe
from annotations.errors import FileChangedError, PolicyAnnotateError, SaveError
from annotations.format.marks import review_mark
from annotations.session.files import DiskState, atomic_write, changed_on_disk
from tui.launch import Session
from tui.messages import AnnotationChosen, AnnotationHighlighted, Span
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
    from collections.abc import Callable

    from annotations.documents.detection import DetectedRecommendation
    from annotations.exchange.reanchoring import ReanchorResult
    from annotations.format.model import Annotation, AnnotationFile
    from annotations.session.editing import AnnotationSet, Edit
    from annotations.session.store import AnnotationStore
    from tui.screens.note_editor import NoteEditor
    from tui.screens.tag_picker import TagChoice, TagPicker

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
            show=False,  # saving is automatic: the footer's room goes to Help and Quit at 80 columns
        ),
        Binding("question_mark,f1", "help", "Help", id="main.help"),
        Binding(
            "o",
            "outline",
            "Outline",
            id="main.outline",
            tooltip="The document's headings: type to filter, Enter goes there",
            show=False,
        ),
        Binding(
            "A",
            "review_anchors",
            "Review re-anchored annotations",
            id="main.review_anchors",
            tooltip="Step through the annotations marked fuzzy or orphaned",
            show=False,
        ),
        Binding(
            "D",
            "detect_recommendations",
            "Detect recommendations",
            id="main.detect_recommendations",
            tooltip="Find the document's numbered recommendations and add them to the taxonomy",
            show=False,
        ),
        # While reviewing (check_action disables them otherwise; the review bar lists them)
        Binding("a", "review_accept", "Accept the span", id="review.accept", show=False),
        Binding("d", "review_delete", "Delete the annotation", id="review.delete", show=False),
        Binding("full_stop", "review_step(1)", "Next to review", id="review.next", show=False),
        Binding("comma", "review_step(-1)", "Previous to review", id="review.previous", show=False),
        Binding("escape", "review_end", "End the review", id="review.end", show=False),
    ]

    REVIEW_BINDINGS: ClassVar[tuple[str, ...]] = (
        "review.accept",
        "review.delete",
        "review.next",
        "review.previous",
        "review.end",
    )

    BEFORE_LOADING: ClassVar[frozenset[str]] = frozenset(
        {"search", "search_step", "toggle_panel", "help", "outline"}
    )
    """The screen's actions that work before the annotation file is loaded (they need only the
    document); the others are disabled for that moment."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.document = session.document
        self._store: AnnotationStore | None = None
        self._annotations: AnnotationSet | None = None
        self._shown = False
        """Whether the loaded annotation file is shown (``is_loaded``)."""
        self.author = session.author
        self.saved_revision = 0
        self.save_state = "saved"
        self._saving = False
        self._save_timer: Timer | None = None
        self._conflict = False
        self._note_editor: tuple[NoteEditor, Callable[[str | None], None]] | None = None
        """The note editor while it is open, and what applies its note."""
        self._tag_picker: tuple[TagPicker, Callable[[TagChoice | None], None]] | None = None
        """The tag picker while it is open, and what applies its choice."""
        self.current_id: str | None = None
        self.filter_terms: list[str] = []
        self.search_starts: list[int] = []
        self.search_ends: list[int] = []
        self.principle_counts: Counter[str] = Counter()
        self.recommendation_counts: Counter[str] = Counter()
        self.marked_ids: set[str] = set()
        """Annotations marked fuzzy or orphaned by re-anchoring: the review queue."""
        self.stale_ids: set[str] = set()
        """Annotations whose quote is no longer their text (the document pane strikes them)."""
        self.review_ids: set[str] = set()
        """Annotations needing a person's attention (stale or marked): ⚠ in the list."""
        self.reviewing = False
        self.review_index = 0
        self._queue: list[Annotation] | None = None
        self._review_key_hint = ""
        self.review_scores: dict[str, float] = {}
        self.review_old_quotes: dict[str, str] = {}

    @property
    def store(self) -> AnnotationStore:
        """The annotation file being edited (actions that need it wait for it: check_action)."""
        if self._store is None:
            raise RuntimeError("the annotation file is not loaded yet")
        return self._store

    @property
    def annotations(self) -> AnnotationSet:
        """The annotations, indexed, with undo and redo."""
        if self._annotations is None:
            raise RuntimeError("the annotation file is not loaded yet")
        return self._annotations

    @property
    def annotation_path(self) -> Path:
        """The annotation file being edited (a copy after "save a copy")."""
        return self._store.path if self._store is not None else self.session.annotation_path

    @property
    def is_loaded(self) -> bool:
        """Whether the annotation file is loaded and shown: highlights, panel, counts, status
        (the document is shown before it is)."""
        return self._shown

    # --- layout ----------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """Status bar, the two panes, the search box and the footer."""
        status = StatusBar(id="status-bar")
        # set before mounting, so the very first frame already shows them
        status.set_reactive(StatusBar.title_text, self.document.title or self.document.name)
        status.set_reactive(StatusBar.file_name, str(self.session.annotation_path))
        status.set_reactive(StatusBar.save_state, "loading")
        yield status
        store = self.session.store
        with Horizontal(id="panes"):
            yield DocumentView(self.document, id="document")
            yield AnnotationPanel(store.model if store else None, id="panel")
        # The search box and the review bar are mounted when first needed.
        yield Footer(compact=True)

    async def on_mount(self) -> None:
        """Restore the reading position; show the annotations (or load them after this frame)."""
        view = self.document_view
        position = load_position(self.session.annotation_path)
        if position is not None and 0 <= position < self.document.length:
            view.cursor = view.sentence_containing(position)
        view.focus()
        # Synchronous: the panel follows the cursor in the same frame as the document.
        self.watch(view, "position", self._follow_cursor, init=False)
        self.call_after_refresh(view.set_cursor, view.cursor, anchor=None, center=True)
        for message in self.session.messages:
            self.notify(message.removeprefix("policy-annotate: "), timeout=8)
        if self.document.encoding != "utf-8":
            self.notify(
                f"The document is in {self.document.encoding}; offsets refer to its text decoded from it."
            )
        if self.session.store is not None:
            await self._show_loaded(self.session.store, self.session.reanchored)
        else:
            self.call_after_refresh(self._load_annotations)

    @work(thread=True, exclusive=True, description="load the annotation file")
    def _load_annotations(self) -> None:
        """Load the annotation file off the UI thread (its models' imports included)."""
        try:
            store, reanchored = self.session.load_annotations()
        except PolicyAnnotateError as error:
            self.app.call_from_thread(self._load_failed, error)
            return
        self.app.call_from_thread(self.call_later, self._show_loaded, store, reanchored)

    def _load_failed(self, error: PolicyAnnotateError) -> None:
        """Show the file's problems; leaving that screen ends the app with exit code 1, and the
        command line prints them (``Session.load_error``) once the terminal is restored."""
        from tui.screens.load_error import LoadErrorScreen

        self.session.load_error = error
        self.app.push_screen(LoadErrorScreen(error))

    async def _show_loaded(self, store: AnnotationStore, reanchored: ReanchorResult | None) -> None:
        """Show the loaded annotation file: highlights, panel, status; say what needs saying."""
        from annotations.session.editing import AnnotationSet

        self.session.store, self.session.reanchored = store, reanchored
        self._store = store
        self._annotations = annotations = AnnotationSet(store.model, self.document)
        self.marked_ids = {a.id for a in annotations if review_mark(a)}
        self.stale_ids = {a.id for a in annotations.stale()}
        self.review_ids = self.stale_ids | self.marked_ids
        for annotation in annotations.ordered():
            self._count(annotation, 1)
        outcomes = reanchored.outcomes if reanchored is not None else []
        self.review_scores = {o.annotation_id: o.score for o in outcomes if o.score is not None}
        self.review_old_quotes = {
            o.annotation_id: o.old_quote for o in outcomes if o.kind == "fuzzy"
        }
        if reanchored is not None:
            self.saved_revision = -1  # re-anchored in memory: unsaved until autosave writes it
        view = self.document_view
        view.stale_ids = self.stale_ids
        view.show_annotations(annotations)
        await self.query_one(AnnotationPanel).show_model(store.model)
        self.query_one(AnnotationList).stale_ids = self.review_ids
        self._refresh_panel()
        self._cursor_moved(view.cursor, view.selected_span)
        self._update_status()
        self._shown = True
        self.refresh_bindings()
        if reanchored is not None:
            self._announce_reanchoring()
            self._schedule_save()
        elif self.stale_ids:
            self.notify(
                f"The document changed since it was annotated: {len(self.stale_ids)} annotation(s) no longer match "
                "their text and are marked ⚠. Nothing was deleted.",
                severity="warning",
                timeout=12,
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
            if (not stale_only or a.id in self.review_ids) and matches_filter(a, terms, model)
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
            annotation,
            self.store.model,
            annotation is not None and annotation.id in self.review_ids,
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
            f"{len(self.review_ids)} annotation(s) need review (A)" if self.review_ids else ""
        )

    def _annotation_at_cursor(self, cursor: Span) -> Annotation | None:
        exact = self.annotations.exact(*cursor)
        if exact is not None:
            return exact
        containing = self.annotations.at(cursor[0])
        return containing[0] if containing else None

    def _follow_cursor(self, position: tuple[Span, Span | None]) -> None:
        """Watcher of ``DocumentView.position``: runs inside the move, before the next frame."""
        self._cursor_moved(*position)

    def _cursor_moved(self, cursor: Span, selection: Span | None) -> None:
        if self._annotations is None:
            return  # the annotation file is still loading: there is nothing to follow
        annotation = self._annotation_at_cursor(selection or cursor)
        new_id = annotation.id if annotation else None
        if new_id != self.current_id:
            self.current_id = new_id
            self._show_details()
        # Also when unchanged (a no-op then): a move made in the middle of an edit can run
        # before the list holds the annotation; the edit's own call then highlights it.
        self.query_one(AnnotationList).highlight(new_id)
        if self.reviewing:
            self._review_show(move=False)

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
        span = (annotation.start, min(annotation.end, self.document.length))
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
        self._queue = None
        for annotation in edit.removed:
            self._count(annotation, -1)
            self.stale_ids.discard(annotation.id)
            self.marked_ids.discard(annotation.id)
            self.review_ids.discard(annotation.id)
        for annotation in edit.added:
            self._count(annotation, 1)
            if self.document.text[annotation.start : annotation.end] != annotation.quote:
                self.stale_ids.add(annotation.id)
                self.review_ids.add(annotation.id)
            if review_mark(annotation):
                self.marked_ids.add(annotation.id)
                self.review_ids.add(annotation.id)
        view = self.document_view
        view.invalidate_span(edit.span)
        if edit.added:
            self.current_id = edit.added[-1].id
        elif edit.removed and self.current_id in {a.id for a in edit.removed}:
            self.current_id = None
        if clear_selection and view.selection_anchor is not None:
            view.set_cursor(view.cursor, anchor=None)
        self._refresh_panel(edit)  # shows the details of the annotation just edited
        self._cursor_moved(view.cursor, view.selected_span)
        self._update_status()
        self._schedule_save()

    def _edit_blocked(self) -> bool:
        if not len(self.document.paragraph_starts):
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
        annotation = target if not isinstance(target, tuple) else None
        span = (target.start, target.end) if not isinstance(target, tuple) else target
        passage = self.document.text[span[0] : span[1]]
        principles = set(annotation.principles) if annotation else set()
        recommendations = set(annotation.recommendations) if annotation else set()

        def apply(choice: TagChoice | None) -> None:
            if self._tag_picker is not None and self._tag_picker[0] is picker:
                self._tag_picker = None
            if choice is None:
                return
            self._apply_tags(target, choice)

        from tui.screens.tag_picker import TagPicker

        picker = TagPicker(self.store.model, principles, recommendations, passage)
        self._tag_picker = (picker, apply)
        self.app.push_screen(picker, apply)

    def _apply_tags(self, target: Annotation | Span, choice: TagChoice) -> None:
        annotation = target if not isinstance(target, tuple) else self.annotations.exact(*target)
        current_p = set(annotation.principles) if annotation else set()
        current_r = set(annotation.recommendations) if annotation else set()
        if current_p == set(choice.principles) and current_r == set(choice.recommendations):
            return
        span = target if isinstance(target, tuple) else (target.start, target.end)
        base = annotation or self.annotations.new_annotation(*span, self.author)
        from annotations.format.model import utc_now
        from annotations.session.editing import Edit

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
        note = target.note if not isinstance(target, tuple) else ""
        span = (target.start, target.end) if not isinstance(target, tuple) else target

        def apply(text: str | None) -> None:
            if self._note_editor is not None and self._note_editor[0] is editor:
                self._note_editor = None
            if text is None or text == note:
                return
            self._after_edit(self.annotations.set_note(target, text, self.author))

        from tui.screens.note_editor import NoteEditor

        editor = NoteEditor(note, self.document.text[span[0] : span[1]])
        self._note_editor = (editor, apply)
        self.app.push_screen(editor, apply)

    def _keep_open_dialogs(self) -> None:
        """Quitting with the note editor or the tag picker open: keep the note typed so far, or
        the tags ticked so far (as Ctrl+S / Enter there would), at once, so that the save made
        before quitting holds them."""
        if self._note_editor is not None:
            editor, apply_note = self._note_editor
            if editor.is_current:
                text = editor.text
                editor.dismiss(None)  # the callback, called later with None, changes nothing
                apply_note(text)
        if self._tag_picker is not None:
            picker, apply_tags = self._tag_picker
            if picker.is_current:
                choice = picker.choice()
                picker.dismiss(None)
                apply_tags(choice)

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
        annotation = target if not isinstance(target, tuple) else self.annotations.exact(*target)
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
        self._review_follow(edit.inverse())
        self.notify(f"Undone: {edit.label}", timeout=2)

    def action_redo(self) -> None:
        """Redo the last undone change."""
        edit = self.annotations.redo()
        if edit is None:
            self.notify("Nothing to redo.", timeout=2)
            return
        self._after_edit(edit, clear_selection=False)
        self._jump_to_edit(edit)
        self._review_follow(edit)
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

    async def action_search(self) -> None:
        """Open the search box."""
        found = self.query("#search").results(Input)
        search = next(found, None)
        if search is None:
            search = Input(placeholder="Search (Enter to find, Esc to close)", id="search")
            await self.mount(search, before=self.query_one(Footer))
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
        matches = list(re.finditer(re.escape(query), self.document.text, re.IGNORECASE))
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
            search = self.focused
            if isinstance(search, Input) and search.id == "search":
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

        self.app.push_screen(SummaryScreen(self.annotations, self.document, self.store.path.name))

    def action_help(self) -> None:
        """Show the keys of the focused pane."""
        from tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self.app.active_bindings, self.focused))

    # --- outline ---------------------------------------------------------------------------------

    def action_outline(self) -> None:
        """Show the document's headings; Enter goes to the one chosen."""
        document = self.document
        if not document.sections:
            self.notify(
                "This document has no headings (Markdown # lines), so it has no outline.",
                timeout=4,
            )
            return
        view = self.document_view

        def go(start: int | None) -> None:
            if start is None:
                return
            view.set_cursor(view.sentence_containing(start), anchor=None, center=True)
            view.focus()

        from tui.screens.outline import OutlineScreen

        self.app.push_screen(OutlineScreen(document, view.cursor[0]), go)

    # --- reviewing re-anchored annotations ---------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Actions that need the annotations wait for them to load; the review keys work only
        while reviewing (and otherwise leave their keys alone)."""
        if not self._shown and action not in self.BEFORE_LOADING:
            return False
        if action.startswith("review_") and action != "review_anchors":
            return self.reviewing
        return True

    def _announce_reanchoring(self) -> None:
        from annotations.exchange.reanchoring import AnchorClass

        result = self.session.reanchored
        if result is None:
            return
        counts = result.counts
        summary = ", ".join(f"{counts[kind]} {kind.value}" for kind in AnchorClass)
        to_review = counts[AnchorClass.FUZZY] + counts[AnchorClass.ORPHANED]
        lost = len(result.lost_recommendations)
        message = f"Document revised: {summary}"
        if lost:
            message += f"; {lost} recommendation span(s) not found"
        message += " — press A to review" if to_review else "."
        self.notify(
            message,
            severity="warning" if to_review else "information",
            timeout=15 if to_review else 6,
        )

    def _review_queue(self) -> list[Annotation]:
        """The marked annotations in document order (cached until the next edit)."""
        if self._queue is None:
            found = (self.annotations.get(i) for i in self.marked_ids)
            self._queue = sorted(
                (a for a in found if a is not None), key=lambda a: (a.start, a.end, a.id)
            )
        return self._queue

    def _review_current(self) -> Annotation | None:
        queue = self._review_queue()
        if not self.reviewing or not queue:
            return None
        return queue[min(self.review_index, len(queue) - 1)]

    async def action_review_anchors(self) -> None:
        """Start reviewing the annotations marked fuzzy or orphaned (or show the current one)."""
        if not self.marked_ids:
            self.notify("Nothing to review: no annotation is marked fuzzy or orphaned.", timeout=4)
            return
        if not self.reviewing:
            if not self.query("#review-bar"):
                from tui.widgets.review_bar import ReviewBar

                await self.mount(ReviewBar(id="review-bar"), before=self.query_one(Footer))
            self.reviewing = True
            self.review_index = 0
            self.app.clear_notifications()  # "press A to review" was read; it would hide the bar
            self.query_one("#review-bar").display = True
            self.refresh_bindings()
            self._review_key_hint = self._review_keys()
        self._review_show(move=True)
        self.document_view.focus()

    def action_review_step(self, direction: int) -> None:
        """Go to the next or previous annotation to review (round the queue)."""
        queue = self._review_queue()
        if queue:
            self.review_index = (self.review_index + direction) % len(queue)
        self._review_show(move=True)

    def action_review_accept(self) -> None:
        """Accept the selection (or the span as it is) as the annotation's passage."""
        annotation = self._review_current()
        if annotation is None:
            return
        view = self.document_view
        length = self.document.length
        start, end = view.selected_span or (annotation.start, min(annotation.end, length))
        if start >= end or end > length:
            self.notify(
                "Its span is past the end of the document: select the passage (Shift+arrows, "
                "or v and motions), then accept; or d deletes the annotation.",
                severity="warning",
                timeout=6,
            )
            return
        self._after_edit(self.annotations.accept_anchor(annotation, start, end))
        self.notify("Accepted (u to undo).", timeout=2)
        if self.reviewing:
            self._review_show(move=True)

    def action_review_delete(self) -> None:
        """Delete the annotation under review."""
        annotation = self._review_current()
        if annotation is None:
            return
        self._after_edit(self.annotations.delete(annotation))
        self.notify("Annotation deleted (u to undo).", timeout=2)
        if self.reviewing:
            self._review_show(move=True)

    def action_review_end(self) -> None:
        """End the review (A resumes it)."""
        self._end_review()
        left = len(self.marked_ids)
        self.notify(
            f"Review ended: {left} left to review (A resumes)." if left else "Review ended.",
            timeout=3,
        )

    def _end_review(self) -> None:
        self.reviewing = False
        for bar in self.query("#review-bar"):
            bar.display = False
        self.refresh_bindings()

    def _review_follow(self, edit: Edit) -> None:
        """After undo or redo while reviewing: show the marked annotation the edit brought back."""
        if not self.reviewing:
            return
        queue = self._review_queue()
        back = [a.id for a in edit.added if a.id in self.marked_ids]
        if back:
            self.review_index = [a.id for a in queue].index(back[0])
            self._review_show(move=True)

    def _review_show(self, *, move: bool) -> None:
        """Show the current item in the bar; with ``move``, select its span in the document."""
        queue = self._review_queue()
        if not queue:
            self._end_review()
            self.notify("Review done: no annotation is marked fuzzy or orphaned any more.")
            return
        self.review_index = min(max(self.review_index, 0), len(queue) - 1)
        annotation = queue[self.review_index]
        view = self.document_view
        text = self.document.text
        length = len(text)
        start, end = min(annotation.start, length), min(annotation.end, length)
        if move:
            if start < end:
                last_word = view.word_at(max(start, end - 1))
                head = (max(start, min(last_word[0], end - 1)), end)
                # anchor at the start, head on the last word: Shift+←/→ then move the end
                view.set_cursor(head, anchor=(start, start))
            else:
                view.set_cursor(view.sentence_containing(max(0, length - 1)), anchor=None)
        selection = view.selected_span
        adjusted = selection is not None and selection != (start, end)
        passage = text[selection[0] : selection[1]] if adjusted and selection else text[start:end]
        from tui.widgets.review_bar import ReviewBar, ReviewItem

        self.query_one(ReviewBar).show_item(
            ReviewItem(
                position=self.review_index + 1,
                total=len(queue),
                annotation_id=annotation.id,
                mark=review_mark(annotation) or "",
                score=self.review_scores.get(annotation.id),
                old_quote=self.review_old_quotes.get(annotation.id, annotation.quote),
                passage=passage,
                passage_label="Selected" if adjusted else "Now",
                keys=self._review_key_hint,
            )
        )

    def _review_keys(self) -> str:
        """The review keys as the key map has them: "a accept · d delete · …"."""
        names = {
            "review.accept": "accept",
            "review.delete": "delete",
            "review.next": "next",
            "review.previous": "previous",
            "review.end": "end",
        }
        keys: dict[str, str] = {}
        # the screen's own bindings, with the user's key map applied as Textual applies it
        # (active_bindings would miss Esc: the document pane's "clear the selection" wins there)
        own = self._bindings.copy()
        own.apply_keymap(self.app._keymap)
        for key, bindings in own.key_to_bindings.items():
            for binding in bindings:
                if binding.id in names and binding.id not in keys:
                    keys[binding.id] = self.app.get_key_display(binding.with_key(key))
        return " · ".join(f"{keys[i]} {names[i]}" for i in self.REVIEW_BINDINGS if i in keys)

    # --- detected recommendations ------------------------------------------------------------------

    def action_detect_recommendations(self) -> None:
        """Find the document's numbered recommendations (in a thread), then choose which to add."""
        self.notify("Looking for recommendations in the document…", timeout=2)
        self._detect_worker()

    @work(
        thread=True,
        exclusive=True,
        group="detect",
        description="detect recommendations",
        exit_on_error=False,
    )
    def _detect_worker(self) -> None:
        """Run the detection off the UI thread."""
        from annotations.documents.detection import detect_recommendations

        try:
            found = detect_recommendations(self.document)
        except Exception as error:  # a detection bug must not take the session down
            self.app.call_from_thread(
                self.notify, f"Detection failed: {error}", severity="error", timeout=8
            )
            return
        self.app.call_from_thread(self._detected, found)

    def _detected(self, found: list[DetectedRecommendation]) -> None:
        from tui.screens.detected import DetectedPicker, not_in_taxonomy

        if not found:
            self.notify("No numbered recommendations were detected in this document.", timeout=5)
            return
        new = not_in_taxonomy(found, self.store.model.taxonomy.recommendations)
        if not new:
            self.notify(
                f"All {len(found)} detected recommendation(s) are in the taxonomy already.",
                timeout=5,
            )
            return

        def add(chosen: list[DetectedRecommendation] | None) -> None:
            from annotations.format.model import Recommendation

            if chosen is None:
                return
            if not chosen:
                self.notify("Nothing chosen: nothing added.", timeout=3)
                return
            taken = {r.id for r in self.store.model.taxonomy.recommendations}
            recommendations = [
                Recommendation(
                    id=item.id, title=item.title or item.label, start=item.start, end=item.end
                )
                for item in chosen
                if item.id not in taken
            ]
            edit = self.annotations.add_recommendations(recommendations)
            self._after_edit(edit)
            self.notify(
                f"Added {len(recommendations)} recommendation(s): "
                f"{', '.join(r.id for r in recommendations)} (u to undo).",
                timeout=4,
            )

        self.app.push_screen(DetectedPicker(new), add)

    # --- saving --------------------------------------------------------------------------------------

    @property
    def dirty(self) -> bool:
        """Whether there are changes not yet on disk."""
        return self._annotations is not None and self.saved_revision != self._annotations.revision

    def _schedule_save(self) -> None:
        if self._save_timer is not None:
            self._save_timer.stop()
        if not self._conflict:
            self._save_timer = self.set_timer(AUTOSAVE_DELAY, self._start_save)

    def _snapshot(self) -> tuple[int, AnnotationFile]:
        """The text to save and the revision it holds (cheap: the serialising is in the worker)."""
        model = self.store.model
        document = self.document
        reference = model.document
        if not self.stale_ids and reference.sha256 != document.sha256:
            reference = reference.model_copy(
                update={
                    "sha256": document.sha256,
                    "length": document.length,
                    "source_sha256": document.source_sha256,
                    "importer": document.importer,
                }
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
            from annotations.format.tomlfile import iter_annotation_text

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
            self._continue_on_copy()

    def _continue_on_copy(self) -> None:
        """Save the session as NAME.mine.toml and go on editing that file: later saves go to
        the copy, and the changed file is left to whoever changed it (no repeated conflict)."""
        original = self.store.path
        copy = copy_path_for(original)
        revision, snapshot = self._snapshot()
        try:
            state = atomic_write(
                copy,
                _file_bytes(snapshot),
                expected=None,
                overwrite_changed=True,
            )
        except SaveError as error:
            self.notify(str(error.problems[0]), severity="error")
            return
        self.store.path = copy
        self.query_one(StatusBar).file_name = str(copy)
        save_position(copy, self.document_view.cursor[0])
        self._save_done(revision, state)  # out of the conflict; saves what changed meanwhile
        self.notify(
            f"Saved your version as {copy}; you are now editing it and changes are saved there. "
            f"{original} was left as it is on disk.",
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
                _file_bytes(snapshot),
                expected=self.store.disk,
            )
        except SaveError as error:
            return error
        self._save_done(revision, state)
        return None

    def request_quit(self) -> None:
        """Quit, saving first (a note being typed included); ask before losing changes that
        could not be saved."""
        from tui.screens.dialogs import ConfirmScreen

        if self._save_timer is not None:
            self._save_timer.stop()
        self._keep_open_dialogs()
        error = self.save_now_blocking() if not self._saving else None
        if self._saving:
            self.set_timer(0.1, self.request_quit)
            return
        save_position(self.annotation_path, self.document_view.cursor[0])
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


def _file_bytes(snapshot: AnnotationFile) -> bytes:
    """The annotation file's text, as saved, in UTF-8."""
    from annotations.format.tomlfile import dump_annotation_text

    return dump_annotation_text(snapshot).encode("utf-8")


def _let_the_ui_run() -> None:
    """Give up the GIL for a moment, so key presses are handled while a big file is written."""
    time.sleep(0)


def copy_path_for(path: Path) -> Path:
    """Where 'save a copy' writes after a conflict: NAME.mine.toml, else the first free
    NAME.mine-2.toml, NAME.mine-3.toml, ... (an earlier copy is never overwritten)."""
    copy = path.with_name(path.stem + ".mine" + path.suffix)
    number = 2
    while copy.exists():
        copy = path.with_name(f"{path.stem}.mine-{number}{path.suffix}")
        number += 1
    return copy
