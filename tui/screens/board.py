"""The document board: one row per document of a project, sortable and filterable; Enter opens
the document in the annotator, which comes back here (``Corpus``).

A switchboard: the numbers are ``annotations.projects.status``'s, the orders and filters
``annotations.projects.board``'s. The rows fill in as a thread worker reads the documents'
annotation files, with the count shown.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Label

from annotations.projects.board import (
    SORT_LABELS,
    BoardFilter,
    arrange,
    keeps_read_order,
    neighbour,
    next_sort,
    parse_filter,
    sort_by_heading,
)
from annotations.projects.watching import ProjectWatch
from annotations.text_plural import count_of
from tui.flows import disk_watch
from tui.flows.analyst import AnalystQuestion
from tui.flows.corpus_search import CorpusSearch
from tui.notices import DocumentNotices
from tui.widgets.board_table import CHANGED_MARK, BoardTable

if TYPE_CHECKING:
    from textual.events import Key

    from annotations.errors import PolicyAnnotateError
    from annotations.projects.corpus_search import CorpusResults
    from annotations.projects.status import DocumentStatus
    from tui.project_launch import BoardStart

BATCH_SECONDS = 0.1
"""How soon the first rows read are shown while the worker reads the project; the interval
doubles after each handover, up to ``MAX_BATCH_SECONDS``."""

MAX_BATCH_SECONDS = 1.0


class BoardScreen(Screen[None]):
    """The documents of a project, their progress and problems; the way into the annotator."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "cycle_sort", "Sort", id="board.sort", tooltip="Cycle the order of the rows"),
        Binding("r", "reverse_sort", "Reverse", id="board.reverse", show=False),
        Binding(
            "f",
            "filter",
            "Filter",
            id="board.filter",
            tooltip="region=north, analyst:NAME, not started, needs review, words",
            # taken as the app reads it, not once the table has the keys behind it (check_action:
            # not in the filter box, where f is typed)
            priority=True,
        ),
        Binding("question_mark,f1", "help", "Help", id="board.help"),
        # search across the corpus and the project summary: corpus_search.py, project_summary.py
        Binding(
            "slash",
            "search_corpus",
            "Search",
            id="board.search",
            tooltip="Search every document of the project",
            priority=True,  # as f: the keys typed right after it are the query (check_action)
        ),
        Binding(
            "S",
            "project_summary",
            "Summary",
            id="board.summary",
            tooltip="The project's cross-document summary",
        ),
    ]

    def __init__(self, start: BoardStart) -> None:
        super().__init__()
        self.start = start
        self.project = start.project
        self.statuses: dict[str, DocumentStatus] = {}
        """The documents read so far, by id, in the project file's order."""
        self.sort = "project"
        self.reverse = False
        self.board_filter: BoardFilter = parse_filter("")
        self.order: list[str] = []
        """The ids of the rows shown, top to bottom (the order Ctrl+PgDn follows)."""
        self.open_id: str | None = None
        """The document open in the annotator, if one is."""
        self.loaded = False
        """Whether every document has been read."""
        self._place: str | None = None
        """The document the cursor was last on (kept while a filter shows no row)."""
        self.project_watch = ProjectWatch(self.project)
        """The stamps of the annotation files read: a look every ``WATCH_SECONDS`` finds the
        documents a teammate changed on disk (a git pull)."""
        self.changed_ids: set[str] = set()
        """Documents whose files changed on disk since the board opened, not opened since:
        their rows are marked ``CHANGED_MARK``."""
        self._rereading: set[str] = set()
        """Documents being read again (after the annotator left them): not looked at."""
        self.corpus_search = CorpusSearch(self, self.project)
        """The last search across the corpus (``/``), which n/N follow in the annotator."""
        self._opened_hit: int | None = None
        """The search result the open document was opened at, if it was."""
        self.analyst = AnalystQuestion(self)
        """Who is annotating, asked before the first document opens when nothing says."""

    # --- layout and filling in --------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """The project's name, the counts line, the table, the filter box and the footer."""
        yield Label(self.project.model.name, id="board-title", markup=False)
        yield Label("", id="board-status", markup=False)
        yield BoardTable(id="board-table")
        box = Input(placeholder="filter: region=north analyst:NAME not started…", id="board-filter")
        box.display = False
        yield box
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """Read the documents in a worker; the table takes the keys meanwhile."""
        self.table.focus()
        for message in self.start.messages:
            self.notify(message.removeprefix("policy-annotate: "), timeout=8, markup=False)
        self._show_status()
        self._read_statuses()

    @property
    def table(self) -> BoardTable:
        """The board's table."""
        return self.query_one("#board-table", BoardTable)

    @work(thread=True, exclusive=True, description="read the project's annotation files")
    def _read_statuses(self) -> None:
        """Read every document's annotation files, handing rows over every ``BATCH_SECONDS``."""
        from annotations.projects.status import document_statuses

        batch: list[DocumentStatus] = []
        shown = time.monotonic()
        interval = BATCH_SECONDS
        project_watch = self.project_watch
        for status in document_statuses(self.project):
            project_watch.record(status.document.id, status.files)
            batch.append(status)
            if time.monotonic() - shown >= interval:
                self.app.call_from_thread(self._add_statuses, batch, False)
                batch, shown = [], time.monotonic()
                # each handover redraws the table on the UI thread, which holds up this one
                interval = min(interval * 2, MAX_BATCH_SECONDS)
        self.app.call_from_thread(self._add_statuses, batch, True)

    def _add_statuses(self, batch: list[DocumentStatus], done: bool) -> None:
        for status in batch:
            self.statuses[status.document.id] = status
        self.loaded = done
        if done:
            self.set_interval(
                disk_watch.WATCH_SECONDS, self._look_at_disk, name="watch the project"
            )
        if keeps_read_order(self.sort, self.reverse, self.board_filter):
            for status in batch:  # in the project's order: at the end
                self.table.add_status(status, status.document.id in self.changed_ids)
                self.order.append(status.document.id)
            self._show_status()
        elif done:
            self._show_rows()
        else:
            self._show_status()  # re-ordered once every document is read

    def _show_rows(self) -> None:
        """Show the documents kept by the filter, in the order chosen, keeping the cursor on
        the document it was on (``BoardTable.show_rows``)."""
        table = self.table
        current = self.current_id or self._place
        self._place = current
        rows = arrange(self.statuses.values(), self.sort, self.reverse, self.board_filter)
        self.order = wanted = table.show_rows(rows, self.changed_ids)
        if current in wanted:
            table.move_cursor(row=wanted.index(current), animate=False)
        self._show_status()

    def _show_status(self) -> None:
        total = len(self.project.model.documents)
        if not self.loaded:
            counts = f"reading… {len(self.statuses)} of {count_of(total, 'document')}"
        elif self.board_filter:
            counts = f"{len(self.order)} of {count_of(total, 'document')}"
        else:
            counts = count_of(total, "document")
        parts = [
            counts,
            f"sorted by {SORT_LABELS[self.sort]}{' (reversed)' if self.reverse else ''}",
        ]
        if self.board_filter:
            parts.append(f"filter: {self.board_filter.text.strip()}")
        if self.changed_ids:
            parts.append(f"{CHANGED_MARK} {len(self.changed_ids)} changed on disk")
        if self.start.author:
            parts.append(f"you: {self.start.author}")
        self.query_one("#board-status", Label).update(" · ".join(parts))

    @property
    def current_id(self) -> str | None:
        """The document at the table's cursor."""
        table = self.table
        if not self.order or not 0 <= table.cursor_row < len(self.order):
            return None
        return self.order[table.cursor_row]

    # --- keys ---------------------------------------------------------------------------------

    def action_cycle_sort(self) -> None:
        """Order the rows by the next column."""
        self.sort = next_sort(self.sort)
        self._show_rows()

    def action_reverse_sort(self) -> None:
        """Reverse the order of the rows."""
        self.reverse = not self.reverse
        self._show_rows()

    @on(DataTable.HeaderSelected)
    def _header_selected(self, event: DataTable.HeaderSelected) -> None:
        """A heading clicked: sort by its column (again: reverse)."""
        order = sort_by_heading(self.sort, self.reverse, str(event.column_key.value))
        if order is not None:
            self.sort, self.reverse = order
            self._show_rows()

    def action_filter(self) -> None:
        """Show the filter box (the rows follow what is typed)."""
        box = self.query_one("#board-filter", Input)
        box.display = True
        # at once (Widget.focus waits its turn): the keys typed right after f are the filter's,
        # not the board's s (sort) or r (reverse)
        self.set_focus(box)

    @on(Input.Changed, "#board-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.board_filter = parse_filter(event.value)
        self._show_rows()

    @on(Input.Submitted, "#board-filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        self._close_filter(event.input)

    def on_key(self, event: Key) -> None:
        """Esc in the filter box closes it, keeping the filter (empty it with Ctrl+U)."""
        focused = self.focused
        if event.key == "escape" and isinstance(focused, Input) and focused.id == "board-filter":
            self._close_filter(focused)
            event.stop()

    def _close_filter(self, box: Input) -> None:
        box.display = bool(box.value.strip())
        self.table.focus()

    def action_help(self) -> None:
        """Show the board's keys."""
        from tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self.app.active_bindings, self.focused))

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        self.open_document(str(event.row_key.value))

    def open_document(
        self, document_id: str, start_at: int | None = None, hit: int | None = None
    ) -> None:
        """Open a document in the annotator with its annotation file (at ``start_at``, else
        where it was left; ``hit``: the search result it is opened at); a document that cannot
        be read stays on the board, with the reason said. When nobody is known to be
        annotating, who is asked first (their file is the one opened)."""
        from annotations.errors import PolicyAnnotateError
        from tui.screens.main import MainScreen

        document = self.project.model.document(document_id)
        if document is None:
            return
        if self.analyst.ask_first(document_id, lambda: self._answered(document_id, start_at, hit)):
            return
        try:
            session = self.start.open_document(document, start_at)
        except PolicyAnnotateError as error:
            self.notify(str(error.problems[0]), severity="error", markup=False)
            return
        left, self.open_id = self.open_id, document_id
        self.changed_ids.discard(document_id)  # seen: the mark goes when the row is read again
        self._opened_hit = hit
        if document_id in self.order:
            self.table.move_cursor(row=self.order.index(document_id), animate=False)
        screen = MainScreen(session, corpus=self)
        if left is None:
            self.app.push_screen(screen)
        else:
            self._forget_document_notices()
            self.app.switch_screen(screen)
            self.refresh_row(left)

    def _answered(self, document_id: str, start_at: int | None, hit: int | None) -> None:
        """Who is annotating is known now: say so, and open the document."""
        self._show_status()
        self.open_document(document_id, start_at, hit)

    # --- search across the corpus and the project summary -----------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """In the filter box, ``/`` and ``f`` are typed there: the search and the filter are
        out of the footer."""
        return not (action in {"search_corpus", "filter"} and isinstance(self.focused, Input))

    async def action_search_corpus(self) -> None:
        """Show the search across the corpus (the last one's results, if any); awaited, so that
        the keys typed right after ``/`` go to it."""
        from tui.screens.corpus_search import CorpusSearchScreen

        await self.app.push_screen(
            CorpusSearchScreen(self.corpus_search, self.open_hit, self._search)
        )

    def _search(self, query: str) -> None:
        """Search every document, the board's rows first, in its order."""
        self.corpus_search.start(query, list(self.order))

    def action_project_summary(self) -> None:
        """Show the project's cross-document summary."""
        from tui.screens.project_summary import ProjectSummaryScreen

        self.app.push_screen(ProjectSummaryScreen(self.project, self.open_document))

    def search_results(self) -> CorpusResults | None:
        """The last search across the corpus, if any."""
        return self.corpus_search.results

    def opened_hit(self) -> int | None:
        """The search result the open document was opened at, if it was."""
        return self._opened_hit

    def open_hit(self, index: int) -> None:
        """Open the document of the search result ``index`` at its passage (in place of the
        one open, if one is)."""
        results = self.corpus_search.results
        if results is None or not 0 <= index < len(results.hits):
            return
        results.current = index
        hit = results.hits[index]
        self.open_document(hit.document, hit.start, index)

    # --- what the annotator asks of the board (tui.flows.corpus.Corpus) ---------------------

    def has_neighbour(self, direction: int) -> bool:
        """Whether the board has a document after (1) or before (-1) the one open."""
        return (
            self.open_id is not None and neighbour(self.order, self.open_id, direction) is not None
        )

    def open_neighbour(self, direction: int) -> None:
        """Open the next or previous document of the board's order in place of the one open."""
        found = neighbour(self.order, self.open_id, direction) if self.open_id else None
        if found is not None:
            self.open_document(found)

    def back(self) -> None:
        """The annotator closed its document: show the board, that row brought up to date."""
        left, self.open_id = self.open_id, None
        while self.app.screen is not self and len(self.app.screen_stack) > 1:
            self.app.pop_screen()
        self._forget_document_notices()
        if left is not None:
            self.refresh_row(left)

    def _forget_document_notices(self) -> None:
        """The annotator left its document: its notices stay behind (not its errors)."""
        app = self.app
        if isinstance(app, DocumentNotices):
            app.forget_document_notices()

    def load_failed(self, error: PolicyAnnotateError) -> None:
        """The document's annotation file is broken: back on the board, saying why."""
        self.back()
        problems = error.problems
        more = f" (and {count_of(len(problems) - 1, 'more problem')})" if len(problems) > 1 else ""
        self.notify(f"{problems[0]}{more}", severity="error", timeout=12, markup=False)

    def refresh_row(self, document_id: str) -> None:
        """Re-read one document's annotation files (in a worker) and show its row anew; the
        disk watch leaves it alone meanwhile."""
        self._rereading.add(document_id)
        self._reread(document_id)

    @work(thread=True, group="board-row", description="re-read a document's annotation files")
    def _reread(self, document_id: str) -> None:
        from annotations.projects.layout import document_annotation_files
        from annotations.projects.status import document_status, duplicates

        document = self.project.model.document(document_id)
        if document is None:
            return
        refs = document_annotation_files(self.project, document)
        status = document_status(
            self.project, document, refs, duplicates(self.project).get(document_id)
        )
        self.project_watch.record(document_id, status.files)
        self.app.call_from_thread(self._row_read, status)

    # --- a teammate's changes on disk -------------------------------------------------------

    def on_screen_resume(self) -> None:
        """Back on the board (from the annotator, the summary, the search): look at the disk
        at once, the watch having rested while the board was hidden."""
        if self.loaded:
            self._look_at_disk()

    def _look_at_disk(self) -> None:
        """Every ``WATCH_SECONDS`` while the board is shown: look (in a worker) for annotation
        files changed on disk. Hidden, it rests: a look walks every file of the project, which
        holds the GIL for 40-50 ms of a 2,000-document project, under the annotator's keys (the
        annotator watches its own file). A dialog over the board rests it too."""
        if not self.is_active:
            return
        skip = frozenset(self._rereading | ({self.open_id} if self.open_id else set()))
        self._find_changes(skip)

    @work(thread=True, exclusive=True, group="board-watch", description="look for changed files")
    def _find_changes(self, skip: frozenset[str]) -> None:
        changed = self.project_watch.changed(skip)
        if changed:
            self.app.call_from_thread(self._changed_on_disk, changed)

    def _changed_on_disk(self, document_ids: list[str]) -> None:
        """Mark the documents changed on disk and read them again (the one open is the
        annotator's to reload)."""
        for document_id in document_ids:
            if document_id != self.open_id:
                self.changed_ids.add(document_id)
                self.refresh_row(document_id)

    def _row_read(self, status: DocumentStatus) -> None:
        document_id = status.document.id
        self._rereading.discard(document_id)
        if document_id not in self.statuses:
            return
        self.statuses[document_id] = status
        if document_id in self.order:
            self.table.update_status(status, document_id in self.changed_ids)
        if keeps_read_order(self.sort, self.reverse, self.board_filter):
            self._show_status()  # the project's order, unfiltered: the row keeps its place
        else:
            self._show_rows()
