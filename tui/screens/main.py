"""The main screen: a switchboard between the editing session and the widgets.

It composes the panes, subscribes to the editing session (``annotations.session``) and pushes
each change down to the document view, the panel and the status bar; keys go to small flows
(``tui.flows``: search, the review queue, tagging, detection, saving). The rules live in the core.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Input

from tui.flows.codebook import CodebookFlow
from tui.flows.corpus import Corpus, CorpusFlow
from tui.flows.detection import DetectionFlow
from tui.flows.disk_watch import DiskFlow
from tui.flows.navigation import NavigationFlow
from tui.flows.opening import OpeningFlow
from tui.flows.review import ReviewFlow
from tui.flows.saving import AUTOSAVE_DELAY, SavingFlow
from tui.flows.search import SearchFlow
from tui.flows.suggesting import SuggestingFlow
from tui.flows.tagging import TaggingFlow
from tui.launch import Session
from tui.messages import AnnotationChosen, AnnotationHighlighted, FilterChanged, Span
from tui.notices import DocumentNotices
from tui.screens.main_bindings import MAIN_BINDINGS
from tui.widgets.annotation_panel import AnnotationPanel
from tui.widgets.document_view import DocumentView
from tui.widgets.status_bar import StatusBar

if TYPE_CHECKING:
    from pathlib import Path

    from textual.events import Key, Resize

    from annotations.format.model import Annotation, AnnotationFile
    from annotations.session.editing import Edit
    from annotations.session.editing_session import Changed, EditingSession, SessionEvent

__all__ = ["AUTOSAVE_DELAY", "MainScreen"]

PALETTE_KEY_MIN_WIDTH = 100
"""Narrower than this, the footer leaves out "^p Commands" so that Help and Quit stay in it
whatever is focused (Ctrl+P still works, and the help lists it)."""


class MainScreen(Screen[None]):
    """The document pane beside the annotation panel."""

    BINDINGS: ClassVar[list[BindingType]] = MAIN_BINDINGS

    BEFORE_LOADING: ClassVar[frozenset[str]] = frozenset(
        {"search", "search_step", "toggle_panel", "help", "outline"}
    )
    """The screen's actions that work before the annotation file is loaded (they need only the
    document); the others are disabled for that moment."""

    def __init__(self, session: Session, corpus: Corpus | None = None) -> None:
        super().__init__()
        self.session = session
        self.document = session.document
        self.author = session.author
        self._editing: EditingSession | None = None
        self._shown = False
        """Whether the loaded annotation file is shown (``is_loaded``)."""
        self.current_id: str | None = None
        """The annotation at the cursor (or the one last edited or chosen in the list)."""
        self.filter_terms: list[str] = []
        self.search = SearchFlow(self)
        self.navigation = NavigationFlow(self)
        self.review = ReviewFlow(self)
        self.tagging = TaggingFlow(self)
        self.detection = DetectionFlow(self)
        self.suggesting = SuggestingFlow(self)
        self.saving = SavingFlow(self)
        self.disk_watch = DiskFlow(self)
        """The annotation file changed on disk: reloaded, or merged on request."""
        self.corpus = CorpusFlow(self, corpus)
        """Back to the board and on to the next document, when a board opened this one."""
        self.codebook = CodebookFlow(self)
        """The project's codebook, when the document is coded in a project."""
        self.opening = OpeningFlow(self)
        """The annotation file loaded after the first frame, then shown."""

    @property
    def editing(self) -> EditingSession:
        """The editing session (actions that need it wait for it: check_action)."""
        if self._editing is None:
            raise RuntimeError("the annotation file is not loaded yet")
        return self._editing

    @property
    def annotation_path(self) -> Path:
        """The annotation file being edited (a copy after "save a copy")."""
        return self._editing.path if self._editing is not None else self.session.annotation_path

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
        status.set_reactive(StatusBar.owner, self.session.owner)
        status.set_reactive(StatusBar.save_state, "loading")
        yield status
        store = self.session.store
        with Horizontal(id="panes"):
            yield DocumentView(self.document, id="document")
            yield AnnotationPanel(store.model if store else None, id="panel")
        # The search box and the review bar are mounted when first needed.
        yield Footer(compact=True)

    def on_resize(self, event: Resize) -> None:
        """Keep Help and Quit in the footer: leave the palette's key out at narrow widths."""
        self.query_one(Footer).show_command_palette = event.size.width >= PALETTE_KEY_MIN_WIDTH

    async def on_mount(self) -> None:
        """Go to ``--at`` or the reading position; show the annotations (or load them after
        this frame): ``OpeningFlow``."""
        self.opening.place_cursor()
        # Synchronous: the panel follows the cursor in the same frame as the document.
        self.watch(self.document_view, "position", self._follow_cursor, init=False)
        await self.opening.start()

    async def show_editing(self, editing: EditingSession, model: AnnotationFile) -> None:
        """Show the loaded annotation file (highlights, panel, counts, status), then follow
        the editing session."""
        self._editing = editing
        view = self.document_view
        view.stale_ids = editing.stale_ids
        view.show_annotations(editing.annotations)
        await self.panel.show_model(model)
        self.panel.show_review_ids(editing.review_ids)
        self._refresh_panel()
        self._cursor_moved(view.cursor, view.selected_span)
        self._update_status()
        self._shown = True
        self.refresh_bindings()
        editing.subscribe(self._session_event)

    @property
    def document_view(self) -> DocumentView:
        """The document pane."""
        return self.query_one(DocumentView)

    @property
    def panel(self) -> AnnotationPanel:
        """The annotation panel."""
        return self.query_one(AnnotationPanel)

    async def mount_above_footer(self, widget: Widget) -> None:
        """Mount a bar (the search box, the review bar) above the footer, when first needed."""
        await self.mount(widget, before=self.query_one(Footer))

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
        the user typed, and ``[/x]`` in them must show as it is (and not crash the app). The
        notice is about this document: it does not follow when the annotator leaves it, unless
        it is an error (``DocumentNotices``)."""
        app = self.app
        if isinstance(app, DocumentNotices):
            app.notify(
                message,
                title=title,
                severity=severity,
                timeout=timeout,
                markup=markup,
                about_document=True,
            )
        else:
            super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    # --- keeping widgets in step with the session --------------------------------------------

    def _session_event(self, event: SessionEvent) -> None:
        """Listener of the editing session."""
        from annotations.session.editing_session import Changed

        if isinstance(event, Changed):
            self.show_change(event)
        else:
            status = self.query_one(StatusBar)
            if str(event.path) != status.file_name:
                status.file_name = str(event.path)
                status.owner = self.session.owner_of(event.path)
            self._update_status()

    def show_change(self, change: Changed) -> None:
        """Show a change of the annotations everywhere, and save it soon."""
        edit = change.edit
        view = self.document_view
        view.invalidate_span(edit.span)
        if edit.added:
            self.current_id = edit.added[-1].id
        elif edit.removed and self.current_id in {a.id for a in edit.removed}:
            self.current_id = None
        if change.cause == "edit" and view.selection_anchor is not None:
            view.set_cursor(view.cursor, anchor=None)
        self._refresh_panel(edit)  # shows the details of the annotation just edited
        self._cursor_moved(view.cursor, view.selected_span)
        self._update_status()
        self.saving.schedule()
        if change.cause != "edit" and edit.span is not None:  # undo, redo: go there
            view.set_cursor(view.sentence_containing(edit.span[0]), anchor=None)
            self.review.follow(edit)
        self.suggesting.follow(change)

    def _refresh_panel(self, edit: Edit | None = None) -> None:
        editing = self.editing
        panel = self.panel
        panel.show_counts(editing.model, editing.principle_counts, editing.recommendation_counts)
        if edit is None or self.filter_terms or not panel.update_list(edit.removed, edit.added):
            self._show_list()
        self._show_details()

    def _show_details(self) -> None:
        editing = self.editing
        annotation = editing.annotations.get(self.current_id) if self.current_id else None
        needs_review = annotation is not None and annotation.id in editing.review_ids
        self.panel.show_details(annotation, editing.model, needs_review)

    def _update_status(self) -> None:
        editing = self.editing
        status = self.query_one(StatusBar)
        status.count = len(editing.annotations)
        status.save_state = editing.save_status
        status.extra = self.review.status_text()

    def _follow_cursor(self, position: tuple[Span, Span | None]) -> None:
        """Watcher of ``DocumentView.position``: runs inside the move, before the next frame."""
        self._cursor_moved(*position)

    def _cursor_moved(self, cursor: Span, selection: Span | None) -> None:
        if self._editing is None:
            return  # the annotation file is still loading: there is nothing to follow
        annotation = self._editing.annotation_at(selection or cursor)
        new_id = annotation.id if annotation else None
        if new_id != self.current_id:
            self.current_id = new_id
            self._show_details()
        # Also when unchanged (a no-op then): a move made in the middle of an edit can run
        # before the list holds the annotation; the edit's own call then highlights it.
        self.panel.highlight(new_id)
        self.query_one(StatusBar).target = self._editing.describe_target(
            selection, self.current_id, cursor
        )
        if self.review.reviewing:
            self.review.show(move=False)

    @on(AnnotationHighlighted)
    def _list_highlighted(self, message: AnnotationHighlighted) -> None:
        self.go_to_annotation(message.annotation_id, focus=False)

    @on(AnnotationChosen)
    def _list_chosen(self, message: AnnotationChosen) -> None:
        self.go_to_annotation(message.annotation_id, focus=message.focus_document)

    @on(FilterChanged)
    def _filter_changed(self, message: FilterChanged) -> None:
        self.filter_terms = message.terms
        self._show_list()

    def _show_list(self) -> None:
        editing = self.editing
        self.panel.show_list(
            editing.visible(self.filter_terms),
            self.current_id,
            self.filter_terms,
            len(editing.annotations),
        )

    def sign_as(self, name: str) -> None:
        """Sign this session's new edits with ``name``."""
        self.author = name
        self.editing.author = name

    def go_to_annotation(self, annotation_id: str, *, focus: bool) -> None:
        annotation = self.editing.annotations.get(annotation_id)
        if annotation is None:
            return
        view = self.document_view
        self.current_id = annotation.id
        self.panel.highlight(annotation.id)
        self._show_details()
        view.set_cursor((annotation.start, min(annotation.end, self.document.length)), anchor=None)
        if focus:
            view.focus()

    def target(self) -> Annotation | Span:
        """What an edit applies to: the selection, else the annotation at the cursor, else the
        sentence (``rules.edit_target``)."""
        view = self.document_view
        return self.editing.target(view.selected_span, self.current_id, view.cursor)

    # --- keys: each goes to its flow ----------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Actions that need the annotations wait for them to load; the review keys work only
        while reviewing, the suggestion keys while suggesting (else they leave their keys alone)."""
        if not self._shown and action not in self.BEFORE_LOADING:
            return False
        if action.startswith("review_") and action != "review_anchors":
            return self.review.reviewing
        if action in {"back_to_board", "open_neighbour"}:
            return self.corpus.allows(int(str(parameters[0])) if parameters else 0)
        if action == "suggestion":
            return self.suggesting.running
        if action in {"search", "edit_note", "tag_picker"}:  # priority keys: typed in a text box
            return not isinstance(self.focused, Input)
        if action == "recommendation_passage":
            return self.codebook.project is not None
        return True

    def action_back_to_board(self) -> None:
        """Save the document and go back to the board (opened from a project)."""
        self.corpus.back()

    def action_open_neighbour(self, direction: int) -> None:
        """Save the document and open the next or previous one of the board's order."""
        self.corpus.step(direction)

    def action_toggle_principle(self, index: int) -> None:
        """Toggle principle 1, 2 or 3 on the selection, the annotation, or the sentence."""
        self.tagging.toggle_principle(index)

    def toggle_tag(self, kind: str, tag: str) -> None:
        """Toggle a principle or recommendation on the current target (the command palette)."""
        self.tagging.toggle_tag(kind, tag)

    async def action_tag_picker(self) -> None:
        """Open the tag picker for the current target (awaited: the keys typed right after
        ``t`` go to its filter)."""
        shown = self.tagging.open_tag_picker()
        if shown is not None:
            await shown

    def action_cycle_stance(self) -> None:
        """Cycle the stance of the current target."""
        self.tagging.cycle_stance()

    async def action_edit_note(self) -> None:
        """Edit the note of the current target (awaited: the keys typed right after ``e`` go
        to the note editor)."""
        shown = self.tagging.edit_note()
        if shown is not None:
            await shown

    def action_add_recommendation(self) -> None:
        """Add the selected text (or the sentence) as a new recommendation."""
        self.tagging.add_recommendation()

    def action_recommendation_passage(self) -> None:
        """Show the review at the passage of the annotation's recommendation (Esc: back)."""
        self.codebook.open_passage()

    def action_delete_annotation(self) -> None:
        """Delete the annotation at the cursor."""
        self.tagging.delete_annotation()

    def action_undo(self) -> None:
        """Undo the last change."""
        self.tagging.undo()

    def action_redo(self) -> None:
        """Redo the last undone change."""
        self.tagging.redo()

    def action_detect_recommendations(self) -> None:
        """Find the document's numbered recommendations, then choose which to add."""
        self.detection.start()

    def action_jump_annotation(self, direction: int) -> None:
        """Go to the next or previous annotation."""
        self.navigation.jump_annotation(direction)

    async def action_search(self) -> None:
        """Open the search box."""
        await self.search.open()

    @on(Input.Submitted, "#search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        self.search.find(event.input, event.value)

    def on_key(self, event: Key) -> None:
        """Esc in the search box closes it."""
        self.search.escape(event)

    def action_search_step(self, direction: int) -> None:
        """Go to the next or previous search match."""
        self.search.step(direction)

    def action_switch_pane(self) -> None:
        """Move round the document, the annotation list and the details."""
        self.navigation.switch_pane()

    def action_toggle_panel(self) -> None:
        """Hide the panel to read full width, or show it again."""
        self.navigation.toggle_panel()

    def action_summary(self) -> None:
        """Show the summary of the annotations as they are now."""
        self.navigation.summary()

    def action_help(self) -> None:
        """Show the keys of the focused pane."""
        from tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self.app.active_bindings, self.focused))

    def action_outline(self) -> None:
        """Show the document's headings; Enter goes to the one chosen."""
        self.navigation.outline()

    async def action_review_anchors(self) -> None:
        """Start reviewing the annotations marked fuzzy or orphaned (or show the current one)."""
        await self.review.start()

    def action_review_step(self, direction: int) -> None:
        """Go to the next or previous annotation to review (round the queue)."""
        self.review.step(direction)

    def action_review_accept(self) -> None:
        """Accept the selection (or the span as it is) as the annotation's passage."""
        self.review.accept()

    def action_review_delete(self) -> None:
        """Delete the annotation under review."""
        self.review.delete()

    def action_review_end(self) -> None:
        """End the review (A resumes it)."""
        self.review.end_by_user()

    def action_suggest(self) -> None:
        """Start a suggestion queue for the tag at the cursor (or one chosen)."""
        self.suggesting.start()

    def action_suggestion(self, step: str) -> None:
        """While suggesting: "accept", "reject", "skip" the passage, or "end" the queue."""
        self.suggesting.step(step)

    def action_save(self) -> None:
        """Save now; after a conflict, choose between overwriting and saving a copy."""
        self.saving.save_now()

    def request_quit(self) -> None:
        """Quit, saving first; ask before losing changes that could not be saved."""
        self.saving.quit()
