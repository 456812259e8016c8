"""The annotation panel: taxonomy with counts, a filter, the annotation list and details."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Static

from tui.messages import FilterChanged
from tui.widgets.annotation_details import AnnotationDetails
from tui.widgets.annotation_list import AnnotationList, empty_message
from tui.widgets.taxonomy_counts import TaxonomyCounts

if TYPE_CHECKING:
    from collections import Counter
    from collections.abc import Sequence

    from annotations.format.model import Annotation, AnnotationFile


class FilterBox(Input):
    """The panel's filter box. It types ``q`` and ``?``: the footer shows Quit's other key here
    (Help's, F1, shows by itself)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # priority, as the app's own Ctrl+Q: the footer shows the first binding of a key
        Binding("ctrl+q", "app.quit", "Quit", id="panel.filter_quit", priority=True),
    ]


class AnnotationPanel(Vertical):
    """The right-hand panel of the main screen: shows what the screen gives it and posts
    ``FilterChanged``, ``AnnotationHighlighted`` and ``AnnotationChosen`` up."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "f",
            "focus_filter",
            "Filter",
            id="panel.filter",
            tooltip="Filter by principle, recommendation, stance or author",
        ),
    ]

    def __init__(self, model: AnnotationFile | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.model = model
        """None until the annotation file is loaded."""

    def compose(self) -> ComposeResult:
        """The panel's parts, top to bottom; a note saying so while the file loads."""
        if self.model is None:
            yield Static("Loading the annotations…", id="panel-loading")
        else:
            yield from self._parts()

    def _parts(self) -> ComposeResult:
        yield TaxonomyCounts(id="taxonomy-counts")
        yield FilterBox(
            placeholder="Filter: R3, caution…",
            id="annotation-filter",
        )
        yield AnnotationList(self.model, id="annotation-list")
        yield AnnotationDetails(id="annotation-details")

    async def show_model(self, model: AnnotationFile) -> None:
        """Show the loaded annotation file's parts (mounted now: the first frame had none)."""
        first = self.model is None
        self.model = model
        if first:
            await self.query("#panel-loading").remove()
            await self.mount_all(self._parts())
        self.query_one(AnnotationList).model = model

    # --- what the screen shows in the panel ---------------------------------------------------

    def show_counts(
        self,
        model: AnnotationFile,
        principle_counts: Counter[str],
        recommendation_counts: Counter[str],
    ) -> None:
        """Show how many annotations carry each principle and recommendation."""
        self.query_one(TaxonomyCounts).show_counts(model, principle_counts, recommendation_counts)

    def show_list(
        self,
        annotations: list[Annotation],
        highlighted_id: str | None,
        filter_terms: Sequence[str] = (),
        total: int = 0,
    ) -> None:
        """Show these annotations in the list, highlighting one by id; when there are none,
        say whether the filter (``filter_terms``, of ``total`` annotations) hid them."""
        empty = empty_message(filter_terms, total)
        self.query_one(AnnotationList).set_items(annotations, highlighted_id, empty)

    def update_list(self, removed: Sequence[Annotation], added: Sequence[Annotation]) -> bool:
        """Apply an edit to the (unfiltered) list in place; False when it must be shown anew."""
        return self.query_one(AnnotationList).replace_in_place(removed, added)

    def show_review_ids(self, review_ids: set[str]) -> None:
        """The annotations the list marks ⚠ (the set is shared: it stays in step)."""
        self.query_one(AnnotationList).stale_ids = review_ids

    def show_details(
        self, annotation: Annotation | None, model: AnnotationFile, needs_review: bool
    ) -> None:
        """Show one annotation in full (or a hint when there is none)."""
        self.query_one(AnnotationDetails).show_annotation(annotation, model, needs_review)

    def highlight(self, annotation_id: str | None) -> None:
        """Highlight an annotation in the list (or none)."""
        self.query_one(AnnotationList).highlight(annotation_id)

    def focus_list(self) -> None:
        """Show the panel and move to its annotation list."""
        self.display = True
        self.query_one(AnnotationList).focus()

    @property
    def list_has_focus(self) -> bool:
        """Whether the annotation list is focused."""
        return any(widget.has_focus for widget in self.query(AnnotationList))

    def focus_details(self) -> None:
        """Show the panel and move to the details (to scroll them with the keys)."""
        self.display = True
        for details in self.query(AnnotationDetails):
            details.focus()

    # --- the filter --------------------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        """The filter changed: the screen chooses what the list shows."""
        if event.input.id == "annotation-filter":
            event.stop()
            self.post_message(FilterChanged(event.value.lower().split()))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the filter goes to the list."""
        if event.input.id == "annotation-filter":
            event.stop()
            self.query_one(AnnotationList).focus()

    def on_key(self, event: events.Key) -> None:
        """Esc in the filter goes back to the list."""
        focused = self.screen.focused
        if event.key == "escape" and focused is not None and focused.id == "annotation-filter":
            self.query_one(AnnotationList).focus()
            event.stop()

    def action_focus_filter(self) -> None:
        """Move to the filter box (once the annotations are loaded)."""
        for box in self.query("#annotation-filter").results(Input):
            box.focus()
