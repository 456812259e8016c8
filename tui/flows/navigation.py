"""Moving around the document: from annotation to annotation, by the outline, from a
quote of the summary to its passage, and between the panes."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.screens.main import MainScreen


class NavigationFlow:
    """Jumps the cursor takes that are more than a motion of the document pane."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen

    def jump_annotation(self, direction: int) -> None:
        """Go to the next (``direction`` 1) or previous (-1) annotation."""
        screen = self.screen
        offset = screen.document_view.cursor[0]
        annotations = screen.editing.annotations
        found = (
            annotations.next_start(offset) if direction > 0 else annotations.previous_start(offset)
        )
        if found is None:
            screen.notify("No more annotations this way.", timeout=2)
            return
        screen.go_to_annotation(found.id, focus=False)

    def outline(self) -> None:
        """Show the document's headings; Enter goes to the one chosen."""
        screen = self.screen
        if not screen.document.sections:
            screen.notify(
                "This document has no headings (Markdown # lines), so it has no outline.",
                timeout=4,
            )
            return
        view = screen.document_view

        def go(start: int | None) -> None:
            if start is not None:
                view.set_cursor(view.sentence_containing(start), anchor=None, center=True)
                view.focus()

        from tui.screens.outline import OutlineScreen

        screen.app.push_screen(OutlineScreen(screen.document, view.cursor[0]), go)

    def summary(self) -> None:
        """Show the summary of the annotations as they are now; ``Enter`` on a quote there
        comes back at its passage."""
        from tui.screens.summary import SummaryScreen

        screen = self.screen
        editing = screen.editing

        def closed(annotation_id: str | None) -> None:
            if annotation_id is not None:
                screen.go_to_annotation(annotation_id, focus=True)

        screen.app.push_screen(
            SummaryScreen(editing.annotations, screen.document, editing.path.name), callback=closed
        )

    def switch_pane(self) -> None:
        """Move round the document, the annotation list and the details."""
        screen = self.screen
        if screen.document_view.has_focus:
            screen.panel.focus_list()
        elif screen.panel.list_has_focus:
            screen.panel.focus_details()
        else:
            screen.document_view.focus()

    def toggle_panel(self) -> None:
        """Hide the panel to read full width, or show it again."""
        screen = self.screen
        screen.panel.display = not screen.panel.display
        screen.document_view.focus()
