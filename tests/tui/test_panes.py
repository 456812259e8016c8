"""Search, the annotation panel (list, filter, hiding), help and the command palette."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from textual.command import CommandPalette
from textual.widgets import Input
from tui_helpers import (
    SIZE,
    Workspace,
    annotation_list,
    first_untagged_sentence,
    go_to_sentence,
    main_screen,
    screen_text,
    sentences,
    style_at,
    view,
    wait_for_save,
    wait_until,
)

from tui.app import PolicyAnnotateApp
from tui.screens.help import HelpScreen
from tui.screens.main import MainScreen
from tui.screens.summary import SummaryScreen
from tui.widgets.annotation_panel import AnnotationPanel

# --- search ------------------------------------------------------------------------------------


async def test_search_then_n_and_N(app: PolicyAnnotateApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        text = view(app).document.text
        lowered = text.lower()
        matches = []
        at = lowered.find("council")
        while at >= 0:
            matches.append(at)
            at = lowered.find("council", at + 1)
        assert len(matches) > 3
        assert not main_screen(app).query("#search")  # mounted when first needed
        await pilot.press("slash")
        search = main_screen(app).query_one("#search", Input)
        assert search.display
        assert search.has_focus
        await pilot.press(*"council", "enter")
        assert not search.display
        assert view(app).has_focus
        # The cursor is the sentence holding the match; the match is marked, not selected.
        assert view(app).current_match == (matches[0], matches[0] + len("council"))
        assert view(app).cursor == view(app).sentence_containing(matches[0])
        assert view(app).selected_span is None
        await pilot.press("n", "n")
        assert view(app).current_match == (matches[2], matches[2] + len("council"))
        await pilot.press("N")
        assert view(app).current_match == (matches[1], matches[1] + len("council"))
        await pilot.press("N", "N")  # before the first: wraps to the last
        assert view(app).current_match == (matches[-1], matches[-1] + len("council"))
        await pilot.press("n")  # after the last: wraps to the first
        assert view(app).current_match == (matches[0], matches[0] + len("council"))
        # The other matches on screen are highlighted until the search is cleared.
        on_screen = [m for m in matches[1:] if style_at(app, m) is not None]
        assert on_screen
        highlighted = style_at(app, on_screen[0])
        plain = style_at(app, on_screen[0] - 2)
        assert highlighted is not None
        assert highlighted.bgcolor != (plain.bgcolor if plain else None)
        # The box offers the last query, selected; emptied, Enter clears the highlight.
        await pilot.press("/", "backspace", "enter")
        assert style_at(app, on_screen[0]) == plain


async def test_search_typed_as_a_character_and_not_found(app: PolicyAnnotateApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        cursor = view(app).cursor
        await pilot.press("/", *"zzyzx", "enter")
        assert view(app).cursor == cursor
        assert view(app).has_focus
        await pilot.press("n")  # no matches: n does nothing
        assert view(app).cursor == cursor


async def test_escape_closes_the_search_box(app: PolicyAnnotateApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        cursor = view(app).cursor
        await pilot.press("/", *"tax", "escape")
        assert not main_screen(app).query_one("#search", Input).display
        assert view(app).has_focus
        assert view(app).cursor == cursor
        await pilot.press("j")  # keys work in the document again
        assert view(app).cursor == sentences(app)[1]


async def test_keys_typed_in_the_search_box_are_text(app: PolicyAnnotateApp) -> None:
    """q, 1, t, x... in the search box are typed, not run as commands."""
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        count = len(screen.editing.annotations)
        await pilot.press("/", *"q1tx", "enter")
        assert app.is_running
        assert len(screen.editing.annotations) == count
        assert isinstance(app.screen, MainScreen)


# --- the panes and the annotation list -------------------------------------------------------------


async def test_tab_goes_round_document_list_and_details(app: PolicyAnnotateApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        assert view(app).has_focus
        await pilot.press("tab")
        assert annotation_list(app).has_focus
        await pilot.press("tab")
        assert main_screen(app).query_one("#annotation-details").has_focus
        await pilot.press("tab")
        assert view(app).has_focus


async def test_the_list_moves_the_document_cursor(app: PolicyAnnotateApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        ordered = screen.editing.annotations.ordered()
        await pilot.press("tab", "j")
        assert annotation_list(app).highlighted_annotation == ordered[0]
        assert view(app).cursor == (ordered[0].start, ordered[0].end)
        assert annotation_list(app).has_focus  # the highlight moves; focus stays in the list
        await pilot.press("j", "j", "k")
        assert annotation_list(app).highlighted_annotation == ordered[1]
        assert view(app).cursor == (ordered[1].start, ordered[1].end)
        assert screen.current_id == ordered[1].id
        await pilot.press("down", "down", "up")
        assert view(app).cursor == (ordered[2].start, ordered[2].end)
        await pilot.press("G")
        assert view(app).cursor == (ordered[-1].start, ordered[-1].end)
        await pilot.press("g")
        assert view(app).cursor == (ordered[0].start, ordered[0].end)
        await pilot.press("end")
        assert view(app).cursor == (ordered[-1].start, ordered[-1].end)
        await pilot.press("home")
        assert view(app).cursor == (ordered[0].start, ordered[0].end)
        await pilot.press("pagedown")
        assert annotation_list(app).highlighted_annotation == ordered[10]
        await pilot.press("pageup")
        assert annotation_list(app).highlighted_annotation == ordered[0]
        await pilot.press("j", "enter")  # Enter goes to the passage, in the document
        assert view(app).has_focus
        assert view(app).cursor == (ordered[1].start, ordered[1].end)
        # The document cursor moving highlights the annotation in the list.
        await pilot.press("]", "]")
        assert annotation_list(app).highlighted_annotation == ordered[3]
        # ... so that the list carries on from there.
        await pilot.press("tab", "j")
        assert view(app).cursor == (ordered[4].start, ordered[4].end)


async def test_the_list_shows_the_annotations(app: PolicyAnnotateApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        first = main_screen(app).editing.annotations.ordered()[0]
        rows = [annotation_list(app).render_line(y).text for y in range(3)]
        assert rows[0].strip().startswith("▎" + first.quote[:20])
        assert "Collaboration" in rows[1]
        assert "support" in rows[1]
        assert "analyst-a" in rows[1]
        assert first.note[:20] in rows[2]


async def test_filter_narrows_the_list(app: PolicyAnnotateApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        everything = screen.editing.annotations.ordered()
        items = annotation_list(app)
        await pilot.press("tab", "f")
        search = screen.query_one("#annotation-filter", Input)
        assert search.has_focus

        async def filter_by(value: str) -> list[str]:
            search.value = ""
            await pilot.press(*value)
            return [a.id for a in items.items]

        # Prefixes of principle ids and labels, recommendation ids, stances and authors.
        assert await filter_by("rede") == [a.id for a in everything if "redesign" in a.principles]
        assert await filter_by("inn") == [
            a.id for a in everything if "innovation-and-disruption" in a.principles
        ]
        assert await filter_by("r4") == [a.id for a in everything if "R4" in a.recommendations]
        assert await filter_by("caut") == [a.id for a in everything if a.stance.value == "caution"]
        both = await filter_by("coll sup")  # every term must match
        assert both == [
            a.id
            for a in everything
            if "collaboration" in a.principles and a.stance.value == "support"
        ]
        assert 0 < len(both) < len(everything)
        assert await filter_by("author:an") == [a.id for a in everything]
        assert await filter_by("a:zz") == []
        assert await filter_by("s:opp") == []
        # Enter goes back to the (filtered) list; j walks the filtered items only.
        search.value = ""
        await pilot.press(*"r10", "enter")
        assert items.has_focus
        [only] = [a for a in everything if "R10" in a.recommendations]
        await pilot.press("j")
        assert view(app).cursor == (only.start, only.end)
        # Emptying the filter shows everything again.
        await pilot.press("f")
        search.value = ""
        await pilot.pause()
        assert len(items.items) == len(everything)
        await pilot.press("escape")  # Esc in the filter goes back to the list
        assert items.has_focus


async def test_filter_by_the_new_author(app: PolicyAnnotateApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        span = await go_to_sentence(pilot, first_untagged_sentence(app))
        await pilot.press("1")
        screen = main_screen(app)
        screen.query_one("#annotation-filter", Input).focus()
        await pilot.press(*"tester")
        [mine] = annotation_list(app).items
        assert (mine.start, mine.end) == span


async def test_p_hides_and_shows_the_panel(app: PolicyAnnotateApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        panel = main_screen(app).query_one(AnnotationPanel)
        width = view(app).size.width
        await pilot.press("p")
        await pilot.pause()
        assert not panel.display
        assert view(app).size.width > width
        assert "Collaboration" not in screen_text(app)
        await pilot.press("p")
        await pilot.pause()
        assert panel.display
        assert view(app).size.width == width
        assert "Collaboration" in screen_text(app)
        # Tab with the panel hidden shows it and moves there.
        await pilot.press("p", "tab")
        assert panel.display
        assert annotation_list(app).has_focus


# --- help ---------------------------------------------------------------------------------------


async def test_help_lists_the_keys_of_the_focused_pane(app: PolicyAnnotateApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert "Keys — Document pane" in text
        for expected in ("Next sentence", "Next paragraph", "Extend selection by a word", "Tag"):
            assert expected in text
        # The focused pane's keys come first.
        assert text.index("Next sentence") < text.index("Stance")
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)
        await pilot.press("tab", "f1")
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert "Keys — Annotation list" in text
        assert "Go to passage" in text
        assert "Filter" in text
        assert "Next sentence" not in text
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)
        assert annotation_list(app).has_focus


async def test_help_closes_with_question_mark_and_q(app: PolicyAnnotateApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("?")  # typed as a character, as a terminal sends it
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("?")
        assert isinstance(app.screen, MainScreen)
        await pilot.press("f1", "f1")
        assert isinstance(app.screen, MainScreen)
        await pilot.press("f1", "q")  # q closes the help; it does not quit the app
        assert isinstance(app.screen, MainScreen)
        assert app.is_running


async def test_help_in_the_filter_box(app: PolicyAnnotateApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        main_screen(app).query_one("#annotation-filter", Input).focus()
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        assert "Keys — Annotation filter" in screen_text(app)
        await pilot.press("escape")
        assert main_screen(app).query_one("#annotation-filter", Input).has_focus


# --- the summary ---------------------------------------------------------------------------------


async def test_summary_shows_the_live_annotations(workspace: Workspace) -> None:
    app = workspace.app()
    async with app.run_test(size=SIZE) as pilot:
        count = len(main_screen(app).editing.annotations)
        await go_to_sentence(pilot, first_untagged_sentence(app))
        await pilot.press("3", "S")  # an unsaved change shows at once
        assert isinstance(app.screen, SummaryScreen)
        await pilot.pause()
        text = screen_text(app)
        assert f"{count + 1} annotations on {count + 1} passages" in text
        assert "Innovation and disruption" in text
        await pilot.press("j", "j", "k")
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)
        assert view(app).has_focus
        for open_key, close_key in (("f2", "S"), ("S", "f2"), ("f2", "q")):
            await pilot.press(open_key)
            assert isinstance(app.screen, SummaryScreen)
            await pilot.press(close_key)
            assert isinstance(app.screen, MainScreen)
        assert app.is_running


async def test_ctrl_q_from_the_summary_saves_first(workspace: Workspace) -> None:
    app = workspace.app()
    async with app.run_test(size=SIZE) as pilot:
        span = await go_to_sentence(pilot, first_untagged_sentence(app))
        await pilot.press("2", "S", "ctrl+q")
        await wait_until(pilot, lambda: not app.is_running)
    assert app.return_value == 0
    assert [
        a["principles"] for a in workspace.saved_annotations() if (a["start"], a["end"]) == span
    ] == [["redesign"]]


# --- the command palette --------------------------------------------------------------------------


async def test_command_palette_toggles_a_principle(workspace: Workspace) -> None:
    app = workspace.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        span = await go_to_sentence(pilot, first_untagged_sentence(app))
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"Toggle principle: Redesign")
        await wait_until(pilot, lambda: "Toggle principle: Redesign" in screen_text(app))
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))
        await wait_until(pilot, lambda: screen.editing.annotations.exact(*span) is not None)
        tagged = screen.editing.annotations.exact(*span)
        assert tagged is not None
        assert tagged.principles == ["redesign"]
        await pilot.press("ctrl+s")
        await wait_for_save(pilot)
        assert [
            a["principles"] for a in workspace.saved_annotations() if (a["start"], a["end"]) == span
        ] == [["redesign"]]


async def test_command_palette_runs_a_binding(app: PolicyAnnotateApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p", *"Next paragraph")
        await wait_until(pilot, lambda: "Next paragraph" in screen_text(app))
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))
        await wait_until(
            pilot, lambda: view(app).cursor[0] == view(app).document.paragraph_starts[1]
        )


def _palette_entries(app: PolicyAnnotateApp) -> list[str]:
    """The entries the command palette lists, top first."""
    from textual.widgets import OptionList

    options = app.screen.query_one(OptionList)
    entries = []
    for index in range(options.option_count):
        prompt = options.get_option_at_index(index).prompt
        entries.append(" ".join(str(getattr(prompt, "plain", prompt)).split()))
    return entries


async def test_command_palette_ranks_commands_above_tags(app: PolicyAnnotateApp) -> None:
    """Typing "stance" lists the stance command before "Service Standard" (a recommendation)."""
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: main_screen(app).is_loaded)
        await pilot.press("ctrl+p", *"stance")
        await wait_until(
            pilot, lambda: any("Service Standard" in entry for entry in _palette_entries(app))
        )
        entries = _palette_entries(app)
        assert entries[0].startswith("Stance"), entries
        service = next(i for i, entry in enumerate(entries) if "Service Standard" in entry)
        tags = [i for i, entry in enumerate(entries) if entry.startswith("Toggle ")]
        commands = [i for i, entry in enumerate(entries) if not entry.startswith("Toggle ")]
        assert max(commands) < min(tags) <= service, entries


@given(st.floats(0, 1e6), st.floats(0, 1e6))
def test_ranked_scores_keep_order_and_put_commands_first(a: float, b: float) -> None:
    from tui.palette import ranked_score

    assert ranked_score(a, True) > ranked_score(b, False)
    for is_command in (True, False):
        assert 0 <= ranked_score(a, is_command) <= 1
        if a < b:
            assert ranked_score(a, is_command) <= ranked_score(b, is_command)


# --- Ctrl+U clears an input -----------------------------------------------------------------------


async def test_ctrl_u_clears_the_search_filter_and_outline_boxes(app: PolicyAnnotateApp) -> None:
    """Ctrl+U empties the whole box, wherever its cursor is; elsewhere it does nothing."""
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        await wait_until(pilot, lambda: screen.is_loaded)
        cursor = view(app).cursor
        await pilot.press("ctrl+u")  # in the document: nothing happens
        assert view(app).cursor == cursor
        assert app.screen is screen
        await pilot.press("slash", *"council", "left", "left", "ctrl+u")
        search = screen.query_one("#search", Input)
        assert search.value == ""
        assert search.has_focus
        await pilot.press("escape", "tab", "f", *"redesign", "home", "ctrl+u")
        box = screen.query_one("#annotation-filter", Input)
        assert box.value == ""
        await wait_until(
            pilot, lambda: len(annotation_list(app).items) == len(screen.editing.annotations)
        )
        await pilot.press("escape", "escape", "o", *"recommend", "left", "ctrl+u")
        await wait_until(pilot, lambda: app.screen is not screen)
        assert app.screen.query_one(Input).value == ""


async def test_ctrl_u_clears_the_tag_picker_filter(app: PolicyAnnotateApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        await wait_until(pilot, lambda: screen.is_loaded)
        await pilot.press("t")
        await wait_until(pilot, lambda: app.screen is not screen)
        await pilot.press(*"redes", "left", "ctrl+u")
        assert app.screen.query_one(Input).value == ""
