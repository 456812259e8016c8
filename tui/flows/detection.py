"""Detecting the document's numbered recommendations and adding the chosen ones."""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotations.text_plural import count_of

if TYPE_CHECKING:
    from annotations.documents.detection import DetectedRecommendation, Detection
    from tui.screens.main import MainScreen


class DetectionFlow:
    """Detect in a thread, then let the user choose which recommendations to add (one edit)."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen

    def start(self) -> None:
        """Find the document's numbered recommendations (in a thread), then choose."""
        self.screen.notify("Looking for recommendations in the document…", timeout=2)
        self.screen.run_worker(
            self._detect,
            thread=True,
            exclusive=True,
            group="detect",
            description="detect recommendations",
            exit_on_error=False,
        )

    def _detect(self) -> None:
        """Run the detection off the UI thread."""
        from annotations.documents.detection import detect

        app = self.screen.app
        try:
            found = detect(self.screen.document)
        except Exception as error:  # a detection bug must not take the session down
            app.call_from_thread(
                self.screen.notify, f"Detection failed: {error}", severity="error", timeout=8
            )
            return
        app.call_from_thread(self._detected, found)

    def _detected(self, detection: Detection) -> None:
        from tui.screens.detected import DetectedPicker, not_in_taxonomy

        screen = self.screen
        found = detection.items
        if not found:
            screen.notify(
                "Nothing detected: no numbered, lettered or announced recommendations, actions "
                "or principles in this document. Select one and press R to add it.",
                timeout=6,
            )
            return
        new = not_in_taxonomy(found, screen.editing.model.taxonomy.recommendations)
        if not new:
            opening = (
                "The detected item is"
                if len(found) == 1
                else f"All {len(found)} detected items are"
            )
            screen.notify(
                f"{opening} in the taxonomy already: " + "; ".join(detection.describe()),
                timeout=6,
            )
            return
        screen.app.push_screen(DetectedPicker(new, detection.describe()), self._add)

    def _add(self, chosen: list[DetectedRecommendation] | None) -> None:
        from annotations.format.model import Recommendation

        if chosen is None:
            return
        if not chosen:
            self.screen.notify("Nothing chosen: nothing added.", timeout=3)
            return
        editing = self.screen.editing
        taken = {r.id for r in editing.model.taxonomy.recommendations}
        recommendations = [
            Recommendation(
                id=item.id, title=item.title or item.label, start=item.start, end=item.end
            )
            for item in chosen
            if item.id not in taken
        ]
        where, undo = "", "u to undo"
        if self.screen.codebook.project is not None:  # to the project file first, then here
            edit = self.screen.codebook.add_detected(recommendations)
            if edit is None:
                return
            recommendations = list(edit.added_recommendations)
            where, undo = " to the project's codebook", "u takes them out of this file only"
        else:
            editing.add_recommendations(recommendations)
        self.screen.notify(
            f"Added {count_of(len(recommendations), 'recommendation')}{where}: "
            f"{', '.join(r.id for r in recommendations)} ({undo}).",
            timeout=6,
        )
