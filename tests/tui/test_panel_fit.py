"""The annotation panel at the smallest supported size (80x24): its parts fit, the list shows
more than two annotations, principle names are whole, and notifications leave the document
(and its cursor) visible."""

from __future__ import annotations

from tui_helpers import (
    Workspace,
    annotation_list,
    main_screen,
    toasts,
    view,
    wait_until,
)

from tui.widgets.annotation_list import ROWS_PER_ITEM

SMALLEST = (80, 24)


async def test_the_panel_fits_at_80x24(workspace: Workspace) -> None:
    app = workspace.app()
    async with app.run_test(size=SMALLEST) as pilot:
        await wait_until(pilot, lambda: main_screen(app).is_loaded)
        await pilot.pause()
        screen = main_screen(app)
        assert screen.query_one("#annotation-filter").region.height == 1
        shown = annotation_list(app).region.height // ROWS_PER_ITEM
        assert shown >= 3, f"the list shows {shown} annotations"
        counts = screen.query_one("#taxonomy-counts").plain  # type: ignore[attr-defined]
        for principle in screen.editing.model.taxonomy.principles:
            assert principle.label in counts, counts
        assert screen.query_one("#annotation-details").region.height >= 5


async def test_start_up_toasts_leave_the_document_visible(revised: Workspace) -> None:
    """Re-anchoring on opening says so in a toast: it must not hide the cursor's line."""
    app = revised.app()
    async with app.run_test(size=SMALLEST, notifications=True) as pilot:
        await wait_until(pilot, lambda: bool(toasts(app)))
        await pilot.pause()
        document = view(app).region
        from textual.widgets._toast import Toast

        for toast in app.screen.query(Toast):
            assert toast.region.x >= document.right, (toast.region, document)
