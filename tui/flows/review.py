"""Reviewing re-anchored annotations: the queue of those marked fuzzy or orphaned, its bar,
and accepting or deleting each one."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from annotations.exchange.orphan_span import orphan_span
from annotations.format.marks import review_mark
from annotations.text_plural import count_of, plural_word

if TYPE_CHECKING:
    from annotations.exchange.reanchoring import ReanchorResult
    from annotations.format.model import Annotation
    from annotations.session.editing import Edit
    from annotations.session.editing_session import EditingSession
    from tui.screens.main import MainScreen


class ReviewFlow:
    """The review queue: where the user is in it and what the review bar shows."""

    KEY_NAMES: ClassVar[dict[str, str]] = {
        "review.accept": "accept",
        "review.delete": "delete",
        "review.next": "next",
        "review.previous": "previous",
        "review.end": "end",
    }
    """The review bindings' ids, in the order the bar lists them, and what it calls them."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self.reviewing = False
        self.index = 0
        self._key_hint = ""
        self.scores: dict[str, float] = {}
        self.old_quotes: dict[str, str] = {}

    @property
    def editing(self) -> EditingSession:
        """The editing session."""
        return self.screen.editing

    def remember(self, result: ReanchorResult | None) -> None:
        """Keep the re-anchoring's scores and old quotes for the bar."""
        outcomes = result.outcomes if result is not None else []
        self.scores = {o.annotation_id: o.score for o in outcomes if o.score is not None}
        self.old_quotes = {o.annotation_id: o.old_quote for o in outcomes if o.kind == "fuzzy"}

    def announce(self, result: ReanchorResult) -> None:
        """Say what re-anchoring found, and that A reviews it."""
        from annotations.exchange.reanchoring import AnchorClass

        counts = result.counts
        summary = ", ".join(f"{counts[kind]} {kind.value}" for kind in AnchorClass)
        to_review = counts[AnchorClass.FUZZY] + counts[AnchorClass.ORPHANED]
        lost = len(result.lost_recommendations)
        message = f"Document revised: {summary}"
        if lost:
            message += f"; {count_of(lost, 'recommendation span')} not found"
        message += " — press A to review" if to_review else "."
        self.screen.notify(
            message,
            severity="warning" if to_review else "information",
            timeout=15 if to_review else 6,
        )

    def status_text(self) -> str:
        """What the status bar says of the annotations needing review ("" when none does)."""
        review = self.editing.review_ids
        if not review:
            return ""
        return (
            f"{count_of(len(review), 'annotation')} {plural_word(len(review), 'needs')} review (A)"
        )

    def current(self) -> Annotation | None:
        """The annotation under review."""
        queue = self.editing.review_queue()
        if not self.reviewing or not queue:
            return None
        return queue[min(self.index, len(queue) - 1)]

    async def start(self) -> None:
        """Start reviewing (or show the current annotation again)."""
        screen = self.screen
        if not self.editing.marked_ids:
            screen.notify(
                "Nothing to review: no annotation is marked fuzzy or orphaned.", timeout=4
            )
            return
        if not self.reviewing:
            screen.suggesting.end()
            if not screen.query("#review-bar"):
                from tui.widgets.review_bar import ReviewBar

                await screen.mount_above_footer(ReviewBar(id="review-bar"))
            self.reviewing = True
            self.index = 0
            screen.app.clear_notifications()  # "press A to review" was read; it would hide the bar
            screen.query_one("#review-bar").display = True
            screen.refresh_bindings()
            self._key_hint = self._keys()
        self.show(move=True)
        screen.document_view.focus()

    def step(self, direction: int) -> None:
        """Go to the next or previous annotation to review (round the queue)."""
        queue = self.editing.review_queue()
        if queue:
            self.index = (self.index + direction) % len(queue)
        self.show(move=True)

    def accept(self) -> None:
        """Accept the selection (or the span as it is) as the annotation's passage."""
        annotation = self.current()
        if annotation is None:
            return
        screen = self.screen
        length = screen.document.length
        span = screen.document_view.selected_span
        start, end = span or (annotation.start, min(annotation.end, length))
        if start >= end or end > length:
            screen.notify(
                "Its span is past the end of the document: select the passage (Shift+arrows, "
                "or v and motions), then accept; or d deletes the annotation.",
                severity="warning",
                timeout=6,
            )
            return
        self.editing.accept_anchor(annotation, start, end)
        screen.notify("Accepted (u to undo).", timeout=2)
        if self.reviewing:
            self.show(move=True)

    def delete(self) -> None:
        """Delete the annotation under review."""
        annotation = self.current()
        if annotation is None:
            return
        self.editing.delete(annotation)
        self.screen.notify("Annotation deleted (u to undo).", timeout=2)
        if self.reviewing:
            self.show(move=True)

    def end_by_user(self) -> None:
        """End the review (A resumes it)."""
        self.end()
        left = len(self.editing.marked_ids)
        self.screen.notify(
            f"Review ended: {left} left to review (A resumes)." if left else "Review ended.",
            timeout=3,
        )

    def end(self) -> None:
        """Hide the bar; the review keys go back to sleep."""
        self.reviewing = False
        for bar in self.screen.query("#review-bar"):
            bar.display = False
        self.screen.refresh_bindings()

    def follow(self, edit: Edit) -> None:
        """After undo or redo while reviewing: show the marked annotation the edit brought back."""
        if not self.reviewing:
            return
        queue = self.editing.review_queue()
        back = [a.id for a in edit.added if a.id in self.editing.marked_ids]
        if back:
            self.index = [a.id for a in queue].index(back[0])
            self.show(move=True)

    def show(self, *, move: bool) -> None:
        """Show the current item in the bar; with ``move``, select its span in the document."""
        screen = self.screen
        queue = self.editing.review_queue()
        if not queue:
            self.end()
            screen.notify("Review done: no annotation is marked fuzzy or orphaned any more.")
            return
        self.index = min(max(self.index, 0), len(queue) - 1)
        annotation = queue[self.index]
        view = screen.document_view
        text = screen.document.text
        length = len(text)
        start, end = min(annotation.start, length), min(annotation.end, length)
        if review_mark(annotation) == "orphaned" and start < end:
            start, end = orphan_span(screen.document, start, end)  # its offsets cut words
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

        screen.query_one(ReviewBar).show_item(
            ReviewItem(
                position=self.index + 1,
                total=len(queue),
                annotation_id=annotation.id,
                mark=review_mark(annotation) or "",
                score=self.scores.get(annotation.id),
                old_quote=self.old_quotes.get(annotation.id, annotation.quote),
                passage=passage,
                passage_label="Selected" if adjusted else "Now",
                keys=self._key_hint,
            )
        )

    def _keys(self) -> str:
        """The review keys as the key map has them: "a accept · d delete · …"."""
        from tui.flows.key_hints import key_hint

        return key_hint(self.screen, self.KEY_NAMES)
