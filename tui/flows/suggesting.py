"""Suggested passages: a queue of the passages most likely to speak to one tag, decided one by one.

``F`` starts the queue for the tag of the annotation at the cursor (when it has exactly one), or
for a tag chosen in the tag chooser. The document's index is built once, in a thread worker (the
bar says "building the index…" meanwhile); then each suggestion is put under the cursor (scrolled
into view) with its reasons in the suggestion bar. ``a`` accepts (tags it), ``r`` rejects
(recorded in the file), ``.`` skips, ``Esc`` stops. The rules are the core's
(``annotations.suggesting.queue``); accepting and rejecting go through the editing session, so
each is one undoable edit, and an undo ranks the queue again.

In a document opened from a project's board the queue runs across the documents
(``annotations.suggesting.across``): when this document has nothing left to suggest, it is saved
and the next document of the board's order opened (``CorpusFlow.step``, as ``Ctrl+PgDn`` does),
whose annotator takes the queue up (``resume``) with the examples carried; the bar names the
document.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from annotations.documents.display import display_safe
from annotations.text_plural import count_of

if TYPE_CHECKING:
    from collections.abc import Callable

    from annotations.session.editing import Edit
    from annotations.session.editing_session import Changed, EditingSession
    from annotations.suggesting.across import CorpusRun
    from annotations.suggesting.index import SentenceIndex
    from annotations.suggesting.queue import SuggestionQueue
    from tui.screens.main import MainScreen
    from tui.widgets.suggestion_bar import SuggestionBar

BUILDING = "Building the index of the document… (Esc stops)"


class SuggestingFlow:
    """The suggestion queue of the main screen: its index, its tag, its bar."""

    KEY_NAMES: ClassVar[dict[str, str]] = {
        "suggest.accept": "accept",
        "suggest.reject": "reject",
        "suggest.skip": "skip",
        "main.undo": "undo",
        "suggest.end": "stop",
    }
    """The bindings the bar lists, in order, and what it calls them."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self.index: SentenceIndex | None = None
        """The document's index, once built (kept for the next queue)."""
        self.queue: SuggestionQueue | None = None
        self.tag: str | None = None
        """The tag of the queue running (or waiting for the index)."""
        self.run: CorpusRun | None = None
        """The queue's way through the project's documents (None: a single document)."""
        self._shown_here = 0
        """How many suggestions this document has shown in the queue running."""
        self._building = False
        self._deciding = False
        self._key_hint = ""

    @property
    def editing(self) -> EditingSession:
        """The editing session."""
        return self.screen.editing

    @property
    def running(self) -> bool:
        """Whether a queue runs (or waits for its index): its keys work, its bar shows."""
        return self.tag is not None

    # --- starting --------------------------------------------------------------------------------

    def start(self) -> None:
        """Start a queue for the tag at the cursor, or ask which tag."""
        from annotations.suggesting.explain import INSTALL, missing_module

        screen = self.screen
        missing = missing_module()
        if missing is not None:
            screen.notify(
                f"Suggestions need the 'suggest' extra ({missing} is missing): {INSTALL}",
                severity="warning",
                timeout=8,
            )
            return
        model = self.editing.model
        if not model.taxonomy.principles and not model.taxonomy.recommendations:
            screen.notify(
                "No principle or recommendation to suggest passages for: add one first (R, D).",
                severity="warning",
            )
            return
        annotation = self.editing.annotations.get(screen.current_id) if screen.current_id else None
        tags = [*annotation.recommendations, *annotation.principles] if annotation else []
        if len(tags) == 1:
            self.begin(tags[0])
            return
        from tui.screens.tag_chooser import TagChooser

        screen.app.push_screen(TagChooser(model, "Suggest passages for which tag?"), self._chosen)

    def _chosen(self, tag: str | None) -> None:
        if tag is not None:
            self.begin(tag)

    def begin(self, tag: str, run: CorpusRun | None = None) -> None:
        """Start the queue for ``tag`` (building the index first, in a worker, if need be);
        in a project, across its documents (``run``: taken up from the document before)."""
        screen = self.screen
        screen.review.end()
        self.end()
        self.tag = tag
        if run is None and screen.corpus.corpus is not None:
            from annotations.suggesting.across import CorpusRun

            run = CorpusRun(tag)
        self.run = run
        self._shown_here = 0
        screen.app.clear_notifications()  # a toast would cover the bar's keys
        self._key_hint = self._keys()
        self._bar().display = True
        screen.refresh_bindings()
        if self.index is not None:
            self._make_queue()
            return
        self._show_status(BUILDING)
        if not self._building:
            self._building = True
            screen.run_worker(
                self._build_index,
                thread=True,
                exclusive=True,
                group="suggestion-index",
                description="build the suggestion index",
            )

    def _build_index(self) -> None:
        """In a thread: index the document, then hand the index to the screen."""
        from annotations.suggesting.index import SentenceIndex

        try:
            index: SentenceIndex | None = SentenceIndex(self.editing.document)
            failure = ""
        except ImportError as error:  # the extra half-installed
            index, failure = None, str(error.name)
        self.screen.app.call_from_thread(self._index_built, index, failure)

    def _index_built(self, index: SentenceIndex | None, failure: str) -> None:
        self._building = False
        if index is None:
            from annotations.suggesting.explain import INSTALL

            self.end()
            self.screen.notify(
                f"Suggestions need the 'suggest' extra ({failure} is missing): {INSTALL}",
                severity="warning",
                timeout=8,
            )
            return
        self.index = index
        if self.running:  # not stopped meanwhile
            self._make_queue()

    def _make_queue(self) -> None:
        from annotations.suggesting.queue import SuggestionQueue

        assert self.index is not None
        assert self.tag is not None
        run = self.run
        try:
            self.queue = SuggestionQueue(
                self.index,
                self.editing.annotations,
                self.tag,
                self.editing.author,
                carried=run.carried() if run is not None else (),
            )
        except KeyError:  # a document of the project whose file lacks the tag: pass it over
            self._out_of_suggestions(self.tag)
            return
        self.show()

    def resume(self, run: CorpusRun) -> None:
        """Take up the queue the document before left (its file is loaded here)."""
        run.arrive()
        self.begin(run.tag, run)

    # --- deciding --------------------------------------------------------------------------------

    def accept(self) -> None:
        """Tag the passage with the queue's tag (one undoable edit), then show the next."""
        self._decide(lambda queue: self.editing.accept_suggestion(queue))

    def reject(self) -> None:
        """Record the passage as rejected for the tag (one undoable edit), then show the next."""
        self._decide(lambda queue: self.editing.reject_suggestion(queue))

    def _decide(self, decide: Callable[[SuggestionQueue], Edit | None]) -> None:
        queue = self.queue
        if queue is None or queue.current is None:
            return
        tagging = self.screen.tagging
        if tagging.ask_author_first(lambda: self._decide(decide)):
            return
        self._deciding = True
        try:
            decide(queue)
        finally:
            self._deciding = False
        self.show()

    def step(self, step: str) -> None:
        """A key of the queue: "accept", "reject", "skip", or "end" (stop)."""
        {"accept": self.accept, "reject": self.reject, "skip": self.skip}.get(
            step, self.end_by_user
        )()

    def skip(self) -> None:
        """Pass over the passage for this queue, and show the next."""
        if self.queue is not None:
            self.queue.skip()
            self.show()

    def follow(self, change: Changed) -> None:
        """After a change the queue did not make (undo, redo, an edit by hand): rank again."""
        del change
        if self.queue is not None and not self._deciding:
            self.queue.refresh()
            self.show()

    # --- stopping --------------------------------------------------------------------------------

    def end_by_user(self) -> None:
        """Stop the queue (Esc); F starts one again."""
        tag = self.tag
        self.end()
        if tag is not None:
            self.screen.notify(
                f"Suggestions for {display_safe(tag, keep_newlines=False)} stopped.", timeout=3
            )

    def end(self) -> None:
        """Hide the bar; the queue's keys go back to sleep (the index is kept)."""
        self.tag = None
        self.queue = None
        self.run = None
        for bar in self.screen.query("#suggestion-bar"):
            bar.display = False
        self.screen.refresh_bindings()

    # --- showing ---------------------------------------------------------------------------------

    def show(self) -> None:
        """Put the current suggestion under the cursor and in the bar (or say the queue is done)."""
        from annotations.suggesting.explain import matched_words, reason_label
        from tui.widgets.suggestion_bar import SuggestionItem

        queue, screen = self.queue, self.screen
        if queue is None:
            return
        current = queue.current
        if current is None:
            self._out_of_suggestions(queue.tag)
            return
        self._shown_here += 1
        view = screen.document_view
        view.set_cursor((current.start, current.end), anchor=None, center=True)
        passage = screen.document.text[current.start : current.end]
        stems = queue.index.stems
        self._bar().show_item(
            SuggestionItem(
                tag=queue.tag,
                title=self._title(queue.tag),
                tagged=self._tagged(queue.tag),
                keys=self._key_hint,
                score=current.score,
                reasons=tuple(reason_label(r) for r in current.reasons),
                passage=passage,
                matches=tuple(matched_words(passage, current, stems)),
                document=self._document_label(),
            )
        )

    def _out_of_suggestions(self, tag: str) -> None:
        """Nothing (more) to suggest here: on to the next document of the project, or the end."""
        from annotations.suggesting.across import next_step

        screen, run, queue = self.screen, self.run, self.queue
        if run is not None and not self._shown_here:
            run.pass_over()
        step = next_step(False, run is not None and screen.corpus.allows(1) is True)
        if step == "move" and run is not None:
            if queue is not None:
                run.leave(queue.examples())
            self.end()
            screen.corpus.step(1, lambda annotator: annotator.suggesting.resume(run))
            return
        self.end()
        shown = display_safe(tag, keep_newlines=False)
        if run is None:
            screen.notify(
                f"No more suggestions for {shown}: every passage sharing its words is tagged, "
                "rejected or skipped.",
                timeout=6,
            )
        else:
            screen.notify(
                f"No more suggestions for {shown} in this document, the last of the board "
                f"({count_of(run.documents, 'document')} looked at in this queue).",
                timeout=6,
            )

    def _document_label(self) -> str:
        """The document's name, in a project (where the queue may move on to others)."""
        if self.run is None:
            return ""
        path = self.screen.document.path
        name = path.name if path is not None else self.screen.document.name
        return name if self.run.documents == 1 else f"{name} (document {self.run.documents})"

    def _show_status(self, status: str) -> None:
        from tui.widgets.suggestion_bar import SuggestionItem

        assert self.tag is not None
        self._bar().show_item(
            SuggestionItem(
                tag=self.tag,
                title=self._title(self.tag),
                tagged=self._tagged(self.tag),
                keys=self._key_hint,
                status=status,
                document=self._document_label(),
            )
        )

    def _bar(self) -> SuggestionBar:
        from tui.widgets.suggestion_bar import SuggestionBar

        found = self.screen.query(SuggestionBar)
        if found:
            return found.first()
        from textual.widgets import Footer

        bar = SuggestionBar(id="suggestion-bar")
        self.screen.mount(bar, before=self.screen.query_one(Footer))  # in the DOM at once
        return bar

    def _title(self, tag: str) -> str:
        model = self.editing.model
        recommendation = model.recommendation(tag)
        if recommendation is not None:
            return recommendation.title
        principle = model.principle(tag)
        return principle.label if principle is not None else ""

    def _tagged(self, tag: str) -> int:
        editing = self.editing
        return editing.recommendation_counts.get(tag, 0) or editing.principle_counts.get(tag, 0)

    def _keys(self) -> str:
        from tui.flows.key_hints import key_hint

        return key_hint(self.screen, self.KEY_NAMES)
