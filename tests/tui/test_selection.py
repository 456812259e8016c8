"""Selecting text from the keyboard: Shift+arrows, ``v`` and a motion, Esc."""

from __future__ import annotations

from tui_helpers import SIZE, go_to_sentence, sentences, view

from tui.app import PolicyAnnotateApp


async def test_shift_down_and_up_extend_by_sentences(app: PolicyAnnotateApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        all_sentences = sentences(app)
        await go_to_sentence(pilot, 6)
        await pilot.press("shift+down")
        assert view(app).selected_span == (all_sentences[6][0], all_sentences[7][1])
        await pilot.press("shift+down")
        assert view(app).selected_span == (all_sentences[6][0], all_sentences[8][1])
        await pilot.press("shift+up")
        assert view(app).selected_span == (all_sentences[6][0], all_sentences[7][1])
        assert view(app).cursor == all_sentences[7]


async def test_shift_up_selects_backwards(app: PolicyAnnotateApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        all_sentences = sentences(app)
        await go_to_sentence(pilot, 8)
        await pilot.press("shift+up", "shift+up")
        assert view(app).selected_span == (all_sentences[6][0], all_sentences[8][1])
        assert view(app).cursor == all_sentences[6]


async def test_shift_right_and_left_extend_by_words(app: PolicyAnnotateApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        text = view(app).document.text
        start, _end = await go_to_sentence(pilot, 6)  # "The answer is not, for the most part, ..."
        await pilot.press("shift+right")
        assert text[slice(*view(app).selected_span)] == "The"  # type: ignore[arg-type]
        await pilot.press("shift+right", "shift+right")
        assert text[slice(*view(app).selected_span)] == "The answer is"  # type: ignore[arg-type]
        await pilot.press("shift+left")
        assert text[slice(*view(app).selected_span)] == "The answer"  # type: ignore[arg-type]
        assert view(app).selected_span[0] == start  # type: ignore[index]


async def test_v_then_motions_extend_the_selection(app: PolicyAnnotateApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        all_sentences = sentences(app)
        await go_to_sentence(pilot, 6)
        await pilot.press("v")
        assert view(app).selected_span == all_sentences[6]
        await pilot.press("j", "j")
        assert view(app).selected_span == (all_sentences[6][0], all_sentences[8][1])
        await pilot.press("k")
        assert view(app).selected_span == (all_sentences[6][0], all_sentences[7][1])
        # v again ends the selection, leaving the cursor where it is.
        await pilot.press("v")
        assert view(app).selected_span is None
        assert view(app).cursor == all_sentences[7]
        await pilot.press("j")
        assert view(app).selected_span is None


async def test_v_with_a_paragraph_motion(app: PolicyAnnotateApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        document = view(app).document
        await go_to_sentence(pilot, 6)  # the first sentence of a paragraph
        await pilot.press("v", "J")
        selection = view(app).selected_span
        assert selection is not None
        assert selection[0] == sentences(app)[6][0]
        assert selection[1] > document.paragraph_ends[document.paragraph_at(sentences(app)[6][0])]


async def test_escape_clears_the_selection(app: PolicyAnnotateApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        all_sentences = sentences(app)
        await go_to_sentence(pilot, 6)
        await pilot.press("shift+down")
        assert view(app).selected_span is not None
        await pilot.press("escape")
        assert view(app).selected_span is None
        assert view(app).cursor == all_sentences[7]
        # After v, Esc also leaves select mode: motions move again.
        await pilot.press("v", "j", "escape", "j")
        assert view(app).selected_span is None
        assert view(app).cursor == all_sentences[9]


async def test_the_selection_is_drawn(app: PolicyAnnotateApp) -> None:
    """The selected rows use the selection style; without a selection they do not."""
    async with app.run_test(size=SIZE) as pilot:
        document_view = view(app)
        selection_style = document_view.get_component_rich_style("document-view--selection")
        await go_to_sentence(pilot, 4)
        await pilot.press("shift+down")
        await pilot.pause()

        def selected_cells() -> int:
            count = 0
            for y in range(document_view.size.height):
                for segment in document_view.render_line(y):
                    if segment.style and segment.style.bgcolor == selection_style.bgcolor:
                        count += len(segment.text)
            return count

        assert selected_cells() > 100
        await pilot.press("escape")
        await pilot.pause()
        assert selected_cells() == 0
