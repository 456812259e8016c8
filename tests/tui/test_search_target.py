"""A search match moves the cursor; it is not a selection (issue 17).

After ``/`` and Enter the cursor is the sentence holding the match, and the edit keys (``R``,
``1`` ``2`` ``3``, ``t``, ``s``, ``e``) apply to that sentence, as after ``j``; the match itself
stays highlighted as a search hit. ``n``/``N`` go on from the match, not from the sentence.
"""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from tui_helpers import SIZE, Workspace, burst, main_screen, sentences, style_at, view

from tui.app import PolicyAnnotateApp
from tui.screens.main import MainScreen
from tui.screens.note_editor import NoteEditor
from tui.screens.tag_picker import TagPicker

QUERY = "expected to use"


async def _search(
    pilot: Pilot[None], app: PolicyAnnotateApp, query: str = QUERY
) -> tuple[int, int]:
    """Search for ``query``; return the span of the sentence holding its first match."""
    await pilot.press("slash", *query, "enter")
    text = view(app).document.text
    match = text.index(query)
    [sentence] = [s for s in sentences(app) if s[0] <= match < s[1]]
    return sentence


async def test_search_puts_the_cursor_on_the_sentence_and_selects_nothing(
    fresh: Workspace,
) -> None:
    app = fresh.app()
    async with app.run_test(size=SIZE) as pilot:
        sentence = await _search(pilot, app)
        assert view(app).cursor == sentence
        assert view(app).selected_span is None
        # The match is shown as a search hit inside the cursor's sentence.
        match = view(app).document.text.index(QUERY)
        hit = style_at(app, match)
        outside = style_at(app, sentence[0])
        assert hit is not None
        assert outside is not None
        assert hit.bgcolor != outside.bgcolor
        # Esc has no selection to clear: the cursor stays where it is.
        await pilot.press("escape")
        assert view(app).cursor == sentence


async def test_R_after_a_search_takes_the_sentence(fresh: Workspace) -> None:
    app = fresh.app()
    async with app.run_test(size=SIZE) as pilot:
        sentence = await _search(pilot, app)
        await pilot.press("R")
        [added] = main_screen(app).editing.model.taxonomy.recommendations
        text = view(app).document.text
        assert (added.start, added.end) == sentence
        assert added.title == text[slice(*sentence)]


@pytest.mark.parametrize("key", ["1", "2", "3", "s"])
async def test_edit_keys_after_a_search_apply_to_the_sentence(fresh: Workspace, key: str) -> None:
    app = fresh.app()
    async with app.run_test(size=SIZE) as pilot:
        sentence = await _search(pilot, app)
        await pilot.press(key)
        [annotation] = main_screen(app).editing.annotations.ordered()
        assert (annotation.start, annotation.end) == sentence


async def test_t_and_e_after_a_search_apply_to_the_sentence(fresh: Workspace) -> None:
    app = fresh.app()
    async with app.run_test(size=SIZE) as pilot:
        sentence = await _search(pilot, app)
        await pilot.press("t")
        assert isinstance(app.screen, TagPicker)
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)
        await pilot.press("e")
        assert isinstance(app.screen, NoteEditor)
        await pilot.press(*"a note", "ctrl+s")
        [annotation] = main_screen(app).editing.annotations.ordered()
        assert (annotation.start, annotation.end) == sentence
        assert annotation.note == "a note"


async def test_n_steps_from_the_match_even_within_one_sentence(app: PolicyAnnotateApp) -> None:
    """Two matches in one sentence: n goes from the first to the second, and on."""
    async with app.run_test(size=SIZE) as pilot:
        lowered = view(app).document.text.lower()
        query = "the"
        matches = []
        at = lowered.find(query)
        while at >= 0:
            matches.append(at)
            at = lowered.find(query, at + 1)
        await pilot.press("slash", *query, "enter")
        seen = [(view(app).cursor, view(app).current_match)]
        for _ in range(7):
            await pilot.press("n")
            seen.append((view(app).cursor, view(app).current_match))
        expected = [
            (next(s for s in sentences(app) if s[0] <= m < s[1]), (m, m + len(query)))
            for m in matches[:8]
        ]
        assert seen == expected
        sentences_seen = [cursor for cursor, _match in seen]
        assert len(set(sentences_seen)) < len(sentences_seen)  # n stayed in a sentence once
        await pilot.press("N")
        assert view(app).current_match == expected[-2][1]


async def test_keys_typed_right_after_slash_go_to_the_search_box(app: PolicyAnnotateApp) -> None:
    """A burst (a fast typist, a paste, a slow link): the keys after ``/`` reach the app before
    it has handled ``/``; they are the query, not the annotator's keys (``p`` hides the panel,
    ``o`` the outline...)."""
    from textual.widgets import Input

    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        panel_shown = main_screen(app).panel.display
        burst(app, "slash", "pooled")
        await pilot.pause()
        await pilot.pause()
        box = main_screen(app).query_one("#search", Input)
        assert box.value == "pooled"
        assert box.has_focus
        assert main_screen(app).panel.display == panel_shown
