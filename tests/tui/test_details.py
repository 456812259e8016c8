"""The panel's details: the note is read first, and long details scroll with the keys."""

from __future__ import annotations

from tui_helpers import Workspace, main_screen, wait_until

from tui.widgets.annotation_details import AnnotationDetails

SMALLEST = (80, 24)
LONG_NOTE = "\\n".join(f"Line {n} of a long note." for n in range(1, 21))


def details(workspace_app: object) -> AnnotationDetails:
    """The details view of the main screen."""
    return main_screen(workspace_app).query_one(AnnotationDetails)  # type: ignore[arg-type]


async def test_the_note_comes_before_the_quote(workspace: Workspace) -> None:
    app = workspace.app()
    async with app.run_test(size=SMALLEST) as pilot:
        await wait_until(pilot, lambda: main_screen(app).is_loaded)
        screen = main_screen(app)
        noted = next(a for a in screen.editing.annotations.ordered() if a.note)
        screen.go_to_annotation(noted.id, focus=False)
        await pilot.pause()
        lines = details(app).visible_lines
        assert lines[0] == noted.note.splitlines()[0][: len(lines[0])], lines
        text = details(app).plain
        assert text.index(noted.note) < text.index(noted.quote[:20])


async def test_long_details_scroll_with_the_keys(workspace: Workspace) -> None:
    text = workspace.annotations.read_text(encoding="utf-8")
    # the first annotation's note becomes twenty lines long
    text = text.replace('note = "', f'note = "{LONG_NOTE}\\\\n', 1)
    workspace.annotations.write_text(text, encoding="utf-8")
    app = workspace.app()
    async with app.run_test(size=SMALLEST) as pilot:
        await wait_until(pilot, lambda: main_screen(app).is_loaded)
        screen = main_screen(app)
        noted = next(a for a in screen.editing.annotations.ordered() if "Line 20" in a.note)
        screen.go_to_annotation(noted.id, focus=False)
        await pilot.pause()
        view = details(app)
        assert view.visible_lines[0] == "Line 1 of a long note."
        assert "more lines (Tab here)" in view.visible_lines[-1]
        await pilot.press("tab", "tab")  # the list, then the details
        assert view.has_focus
        assert "more lines (j/k, PgDn)" in view.visible_lines[-1]
        await pilot.press("j", "j")
        assert view.visible_lines[0] == "Line 3 of a long note."
        await pilot.press("k")
        assert view.visible_lines[0] == "Line 2 of a long note."
        await pilot.press("pagedown")
        assert view.visible_lines[0] != "Line 2 of a long note."
        await pilot.press("G")
        assert "updated 20" in view.visible_lines[-1]
        await pilot.press("g")
        assert view.visible_lines[0] == "Line 1 of a long note."
        await pilot.press("end")
        assert "updated 20" in view.visible_lines[-1]
        await pilot.press("home")
        assert view.visible_lines[0] == "Line 1 of a long note."
