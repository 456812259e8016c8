"""The mouse: a click places the cursor, a drag selects, a click in the list jumps."""

from __future__ import annotations

from pathlib import Path

import tomli
from textual import events
from tui_helpers import (
    SIZE,
    annotation_list,
    main_screen,
    sentence_starting,
    sentences,
    view,
    wait_for_save,
    wait_until,
)

from tui.app import PolicyAnnotateApp
from tui.launch import prepare_session
from tui.widgets.annotation_list import ROWS_PER_ITEM, AnnotationList
from tui.widgets.document_view import GUTTER, DocumentView


def _cell_of(app: PolicyAnnotateApp, offset: int) -> tuple[int, int]:
    """Where the character at ``offset`` is drawn, relative to the document pane."""
    document_view = view(app)
    layout = document_view.layout_
    assert layout is not None
    row = layout.row_of_offset(offset)
    shown = layout.row_display(row)  # Markdown is shown rendered: columns are not offsets
    assert shown is not None
    display, first, _ = shown
    return GUTTER + display.column_of(offset) - first, row - int(document_view.scroll_offset.y)


async def test_click_places_the_cursor_on_the_clicked_sentence(app: PolicyAnnotateApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        all_sentences = sentences(app)
        text = view(app).document.text
        target = all_sentences[sentence_starting(app, "I have spent the past eleven months")]
        inside = text.index("eleven months", target[0])
        assert await pilot.click(DocumentView, offset=_cell_of(app, inside))
        assert view(app).cursor == target
        assert view(app).selected_span is None
        # A click in the list first, then in the document: the document has the focus again.
        await pilot.press("tab")
        assert annotation_list(app).has_focus
        await pilot.click(DocumentView, offset=_cell_of(app, all_sentences[1][0] + 3))
        assert view(app).cursor == all_sentences[1]
        assert view(app).has_focus


async def test_click_on_an_annotated_sentence_shows_the_annotation(app: PolicyAnnotateApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        first = main_screen(app).editing.annotations.ordered()[0]
        await pilot.click(DocumentView, offset=_cell_of(app, first.start + 5))
        assert main_screen(app).current_id == first.id
        assert annotation_list(app).highlighted_annotation == first


async def test_drag_selects_words(app: PolicyAnnotateApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = view(app).document.text
        start = text.index("Eastmere does not lack")
        end = text.index("capable people") + len("capable")
        await pilot.mouse_down(DocumentView, offset=_cell_of(app, start + 2))
        await pilot.hover(DocumentView, offset=_cell_of(app, text.index("clever", start)))
        await pilot.hover(DocumentView, offset=_cell_of(app, end - 2))
        await pilot.mouse_up(DocumentView, offset=_cell_of(app, end - 2))
        selection = view(app).selected_span
        assert selection is not None
        assert text[slice(*selection)] == "Eastmere does not lack clever systems or capable"
        # The selection is what the next tag applies to.
        await pilot.press("1")
        created = main_screen(app).editing.annotations.exact(*selection)
        assert created is not None
        assert created.principles == ["collaboration"]
        # Moving the mouse after the button is released selects nothing more.
        await pilot.hover(DocumentView, offset=_cell_of(app, start))
        assert view(app).selected_span is None


async def test_drag_backwards_across_lines(app: PolicyAnnotateApp) -> None:
    """A drag made of posted mouse events, upwards over several rows."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        document_view = view(app)
        text = document_view.document.text
        low = text.index("When the Minister")
        high = text.index("their time.")
        region = document_view.region

        def post(kind: type[events.MouseEvent], offset: int) -> None:
            """Post a mouse event as the driver does: to the app, in screen coordinates."""
            x, y = _cell_of(app, offset)
            app.post_message(
                kind(
                    widget=None,
                    x=region.x + x,
                    y=region.y + y,
                    delta_x=0,
                    delta_y=0,
                    button=1,
                    shift=False,
                    meta=False,
                    ctrl=False,
                    screen_x=region.x + x,
                    screen_y=region.y + y,
                )
            )

        post(events.MouseDown, high + 1)  # inside "their"
        await pilot.pause()
        post(events.MouseMove, low + 3)  # inside "When"
        await pilot.pause()
        post(events.MouseUp, low + 3)
        await pilot.pause()
        selection = document_view.selected_span
        assert selection is not None
        assert text[slice(*selection)].startswith("When the Minister")
        assert text[slice(*selection)].endswith("their")
        assert _cell_of(app, high)[1] > _cell_of(app, low)[1]  # it did cross rows


async def test_click_in_the_list_jumps_to_the_annotation(app: PolicyAnnotateApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        ordered = main_screen(app).editing.annotations.ordered()
        assert await pilot.click(AnnotationList, offset=(5, ROWS_PER_ITEM * 2 + 1))
        assert view(app).cursor == (ordered[2].start, ordered[2].end)
        assert main_screen(app).current_id == ordered[2].id
        assert annotation_list(app).highlighted_annotation == ordered[2]
        assert view(app).has_focus
        details = main_screen(app).query_one("#annotation-details").plain
        assert ordered[2].quote[:30] in details


async def test_drag_snaps_to_whole_words_with_their_brackets_and_quotes(tmp_path: Path) -> None:
    """From ")" of "(a)" to "purposes" selects "(a) For the purposes"; quotes and brackets
    belong to their word, a trailing comma only when the drag reaches it (issue 17)."""
    document = tmp_path / "act.md"
    document.write_text(
        "# Act\n\n(a) For the purposes of this “Act”, the term [section 2] applies.\n",
        encoding="utf-8",
    )
    app = PolicyAnnotateApp(prepare_session(document, tmp_path / "act.toml", None))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = view(app).document.text

        async def drag(origin: int, to: int) -> str:
            await pilot.mouse_down(DocumentView, offset=_cell_of(app, origin))
            await pilot.hover(DocumentView, offset=_cell_of(app, to))
            await pilot.mouse_up(DocumentView, offset=_cell_of(app, to))
            selection = view(app).selected_span
            assert selection is not None
            return text[slice(*selection)]

        assert await drag(text.index("(a)") + 2, text.index("purposes") + 3) == (
            "(a) For the purposes"
        )
        assert await drag(text.index("purposes") + 3, text.index("(a)")) == "(a) For the purposes"
        act = text.index("“Act”")
        assert await drag(text.index("this"), act + 2) == "this “Act”"
        assert await drag(act + 1, text.index("the term")) == "“Act”, the"
        assert await drag(text.index("[section"), text.index("2]")) == "[section 2]"


async def test_a_drag_across_reflowed_markdown_tags_the_exact_source_span(tmp_path: Path) -> None:
    """Links, emphasis and hard-wrapped lines are shown rendered and reflowed; a drag over the
    rendered text selects, and 1 saves, the same offsets into the source text as before."""
    document = tmp_path / "act.md"
    source = (
        "# The *Act*\n\nThe [Service Standard](https://example.test/standard) applies to\n"
        "every **department** and council, from\n`2026` onwards, without exception.\n"
    )
    document.write_text(source, encoding="utf-8")
    annotations = tmp_path / "act.toml"
    app = PolicyAnnotateApp(prepare_session(document, annotations, None))
    async with app.run_test(size=SIZE) as pilot:
        document_view = view(app)
        # the parser loads after the first frame: until then, the paragraph is its source
        await wait_until(pilot, lambda: "https" not in document_view.render_line(2).text)
        assert document_view.render_line(0).text.strip() == "The Act"
        shown = document_view.render_line(2).text.strip()
        assert shown.startswith("The Service Standard applies to every department and council,")
        assert "https" not in shown
        text = document_view.document.text
        start, end = text.index("Standard]"), text.index("2026") + 2
        await pilot.mouse_down(DocumentView, offset=_cell_of(app, start + 1))
        await pilot.hover(DocumentView, offset=_cell_of(app, end))
        await pilot.mouse_up(DocumentView, offset=_cell_of(app, end))
        selection = document_view.selected_span
        assert selection is not None
        assert text[slice(*selection)] == (
            "Standard](https://example.test/standard) applies to\n"
            "every **department** and council, from\n`2026`"
        )
        await pilot.press("1")
        await pilot.press("ctrl+s")
        await wait_for_save(pilot)
    saved = tomli.loads(annotations.read_text(encoding="utf-8"))["annotations"]
    assert [(a["start"], a["end"]) for a in saved] == [selection]
    assert saved[0]["quote"] == text[slice(*selection)]
