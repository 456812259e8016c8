"""Tagging: 1/2/3, the tag picker, stance, notes, recommendations, jumping and deleting."""

from __future__ import annotations

from tui_helpers import (
    SIZE,
    Workspace,
    burst,
    first_untagged_sentence,
    go_to_sentence,
    main_screen,
    save_state,
    sentences,
    toasts,
    view,
    wait_for_save,
    wait_until,
)

from tui.screens.main import MainScreen
from tui.screens.note_editor import NoteEditor
from tui.screens.tag_picker import TagPicker


def _saved_at(workspace: Workspace, span: tuple[int, int]) -> list[dict[str, object]]:
    return [a for a in workspace.saved_annotations() if (a["start"], a["end"]) == span]


# --- 1 2 3 -----------------------------------------------------------------------------------


async def test_number_keys_tag_the_sentence_at_the_cursor(workspace: Workspace) -> None:
    app = workspace.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        before = len(screen.editing.annotations)
        index = first_untagged_sentence(app)
        span = await go_to_sentence(pilot, index)
        await pilot.press("1")
        created = screen.editing.annotations.exact(*span)
        assert created is not None
        assert created.principles == ["collaboration"]
        assert created.quote == screen.editing.document.text[span[0] : span[1]]
        assert created.author == "tester"
        assert created.stance.value == "neutral"
        assert len(screen.editing.annotations) == before + 1
        assert screen.current_id == created.id
        assert save_state(app) == "unsaved"
        # 2 and 3 add to the same annotation (the one at the cursor now).
        await pilot.press("2", "3")
        tagged = screen.editing.annotations.exact(*span)
        assert tagged is not None
        assert tagged.id == created.id
        assert tagged.principles == ["collaboration", "redesign", "innovation-and-disruption"]
        await pilot.press("ctrl+s")
        await wait_for_save(pilot)
        [saved] = _saved_at(workspace, span)
        assert saved["principles"] == ["collaboration", "redesign", "innovation-and-disruption"]
        assert saved["quote"] == workspace.quote(*span)
        assert saved["author"] == "tester"
        assert save_state(app) == "saved"


async def test_toggling_the_last_tag_off_removes_the_empty_annotation(workspace: Workspace) -> None:
    app = workspace.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        before = len(screen.editing.annotations)
        span = await go_to_sentence(pilot, first_untagged_sentence(app))
        await pilot.press("1", "2")
        await pilot.press("1")
        remaining = screen.editing.annotations.exact(*span)
        assert remaining is not None
        assert remaining.principles == ["redesign"]
        await pilot.press("2")
        assert screen.editing.annotations.exact(*span) is None
        assert len(screen.editing.annotations) == before
        assert screen.current_id is None
        await pilot.press("ctrl+s")
        await wait_for_save(pilot)
        assert _saved_at(workspace, span) == []
        assert len(workspace.saved_annotations()) == before


async def test_number_keys_tag_the_selection(workspace: Workspace) -> None:
    app = workspace.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        index = first_untagged_sentence(app)
        await go_to_sentence(pilot, index)
        await pilot.press("shift+down")
        selection = view(app).selected_span
        assert selection == (sentences(app)[index][0], sentences(app)[index + 1][1])
        await pilot.press("3")
        created = screen.editing.annotations.exact(*selection)
        assert created is not None
        assert created.principles == ["innovation-and-disruption"]
        assert view(app).selected_span is None  # tagging ends the selection
        await pilot.press("ctrl+s")
        await wait_for_save(pilot)
        [saved] = _saved_at(workspace, selection)
        assert saved["quote"] == workspace.quote(*selection)


async def test_number_keys_tag_the_annotation_at_the_cursor(workspace: Workspace) -> None:
    """On a sentence inside an annotated paragraph, the tag goes to that annotation."""
    app = workspace.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        paragraph = screen.editing.annotations.ordered()[
            0
        ]  # 558-1024: the foreword's second paragraph
        assert paragraph.principles == ["collaboration"]
        index = sentences(app).index(view(app).sentence_containing(paragraph.start))
        await go_to_sentence(pilot, index + 1)  # a sentence inside it, not at its start
        assert screen.current_id == paragraph.id
        count = len(screen.editing.annotations)
        await pilot.press("2")
        changed = screen.editing.annotations.get(paragraph.id)
        assert changed is not None
        assert changed.principles == ["collaboration", "redesign"]
        assert (changed.start, changed.end) == (paragraph.start, paragraph.end)
        assert len(screen.editing.annotations) == count
        # Its note and stance keep it alive with no principle left.
        await pilot.press("1", "2")
        kept = screen.editing.annotations.get(paragraph.id)
        assert kept is not None
        assert kept.principles == []
        assert kept.note == paragraph.note
        await pilot.press("ctrl+s")
        await wait_for_save(pilot)
        [saved] = [a for a in workspace.saved_annotations() if a["id"] == paragraph.id]
        assert saved["principles"] == []
        assert saved["stance"] == "support"


# --- the tag picker ------------------------------------------------------------------------


async def test_tag_picker_filters_toggles_and_applies(workspace: Workspace) -> None:
    app = workspace.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        span = await go_to_sentence(pilot, first_untagged_sentence(app))
        await pilot.press("t")
        picker = app.screen
        assert isinstance(picker, TagPicker)
        options = picker.query_one("#picker-list")
        everything = options.option_count  # type: ignore[attr-defined]
        assert everything == 3 + 10  # three principles, R1..R10
        await pilot.press(*"redes")  # the principle, and R5 ("redesign the ten ... services")
        values = [
            str(options.get_option_at_index(i).value)  # type: ignore[attr-defined]
            for i in range(options.option_count)  # type: ignore[attr-defined]
        ]
        assert values == ["p:redesign", "r:R5"]
        await pilot.press("tab")  # with text in the filter, Space would type a space
        assert picker.chosen["p:redesign"] is True
        # Clearing the filter keeps the choice; R3 is found by its id.
        await pilot.press(*["backspace"] * 5, "r", "3")
        assert options.option_count >= 1  # type: ignore[attr-defined]
        assert str(options.get_option_at_index(0).value) == "r:R3"  # type: ignore[attr-defined]
        await pilot.press("tab", "enter")
        assert isinstance(app.screen, MainScreen)
        assert view(app).has_focus  # back where the user was
        created = screen.editing.annotations.exact(*span)
        assert created is not None
        assert created.principles == ["redesign"]
        assert created.recommendations == ["R3"]
        await pilot.press("ctrl+s")
        await wait_for_save(pilot)
        [saved] = _saved_at(workspace, span)
        assert (saved["principles"], saved["recommendations"]) == (["redesign"], ["R3"])


async def test_enter_opens_the_tag_picker_and_tab_untoggles(workspace: Workspace) -> None:
    app = workspace.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        target = screen.editing.annotations.ordered()[2]  # collaboration; R1, R2, R3
        await pilot.press("]", "]", "]")
        assert screen.current_id == target.id
        await pilot.press("enter")
        picker = app.screen
        assert isinstance(picker, TagPicker)
        assert picker.chosen["p:collaboration"]
        assert picker.chosen["r:R2"]
        assert not picker.chosen["p:redesign"]
        await pilot.press(*"collab", "tab")  # untick collaboration
        await pilot.press("enter")
        changed = screen.editing.annotations.get(target.id)
        assert changed is not None
        assert changed.principles == []
        assert changed.recommendations == ["R1", "R2", "R3"]


async def test_tag_picker_arrows_move_the_highlight(workspace: Workspace) -> None:
    app = workspace.app()
    async with app.run_test(size=SIZE) as pilot:
        span = await go_to_sentence(pilot, first_untagged_sentence(app))
        await pilot.press("t", "down", "down", "space", "up", "space", "enter")
        created = main_screen(app).editing.annotations.exact(*span)
        assert created is not None
        assert created.principles == ["redesign", "innovation-and-disruption"]


async def test_tag_picker_escape_changes_nothing(workspace: Workspace) -> None:
    app = workspace.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        before = screen.editing.annotations.ordered()
        revision = screen.editing.annotations.revision
        await go_to_sentence(pilot, first_untagged_sentence(app))
        await pilot.press("t", *"redes", "tab", "escape")
        assert isinstance(app.screen, MainScreen)
        assert screen.editing.annotations.ordered() == before
        assert screen.editing.annotations.revision == revision
        assert save_state(app) == "saved"
        # On an existing annotation too.
        await pilot.press("]", "enter", "space", "space", "down", "space", "escape")
        assert screen.editing.annotations.ordered() == before
        # Applying the same tags as before is no change either.
        await pilot.press("enter", "enter")
        assert screen.editing.annotations.revision == revision


# --- stance and note -------------------------------------------------------------------------


async def test_s_cycles_the_stance(workspace: Workspace) -> None:
    app = workspace.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        span = await go_to_sentence(pilot, first_untagged_sentence(app))
        await pilot.press("1")

        def stance() -> str:
            annotation = screen.editing.annotations.exact(*span)
            assert annotation is not None
            return annotation.stance.value

        assert stance() == "neutral"
        seen = []
        for _ in range(4):
            await pilot.press("s")
            seen.append(stance())
        assert seen == ["support", "caution", "oppose", "neutral"]
        await pilot.press("s", "ctrl+s")
        await wait_for_save(pilot)
        [saved] = _saved_at(workspace, span)
        assert saved["stance"] == "support"


async def test_s_on_an_untagged_sentence_creates_an_annotation(workspace: Workspace) -> None:
    app = workspace.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        span = await go_to_sentence(pilot, first_untagged_sentence(app))
        await pilot.press("s")
        created = screen.editing.annotations.exact(*span)
        assert created is not None
        assert created.stance.value == "support"
        await pilot.press("s", "s", "s")  # back to neutral, with no tag: nothing left
        assert screen.editing.annotations.exact(*span) is None


async def test_e_edits_the_note(workspace: Workspace) -> None:
    app = workspace.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        span = await go_to_sentence(pilot, first_untagged_sentence(app))
        await pilot.press("e")
        assert isinstance(app.screen, NoteEditor)
        await pilot.press(*"First line", "enter", *"second: q [x]")
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, MainScreen)
        assert view(app).has_focus
        created = screen.editing.annotations.exact(*span)
        assert created is not None
        assert created.note == "First line\nsecond: q [x]"
        assert "second: q [x]" in screen.query_one("#annotation-details").plain
        # Editing again starts from the note, the cursor at its end.
        await pilot.press("e", *"!", "ctrl+s")
        edited = screen.editing.annotations.exact(*span)
        assert edited is not None
        assert edited.note == "First line\nsecond: q [x]!"
        await pilot.press("ctrl+s")
        await wait_for_save(pilot)
        [saved] = _saved_at(workspace, span)
        assert saved["note"] == "First line\nsecond: q [x]!"


async def test_escape_in_the_note_editor_cancels(workspace: Workspace) -> None:
    app = workspace.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        target = screen.editing.annotations.ordered()[1]
        await pilot.press("]", "]")
        assert screen.current_id == target.id
        revision = screen.editing.annotations.revision
        await pilot.press("e", *"scribble", "enter", "escape")
        assert isinstance(app.screen, MainScreen)
        assert screen.editing.annotations.get(target.id) == target
        assert screen.editing.annotations.revision == revision
        # On a sentence without an annotation: nothing is created.
        span = await go_to_sentence(pilot, first_untagged_sentence(app))
        await pilot.press("e", *"scribble", "escape")
        assert screen.editing.annotations.exact(*span) is None
        # Keeping an empty note on an untagged sentence creates nothing either.
        await pilot.press("e", "ctrl+s")
        assert screen.editing.annotations.exact(*span) is None
        assert screen.editing.annotations.revision == revision
        assert save_state(app) == "saved"


async def test_keys_typed_right_after_e_are_the_note(fresh: Workspace) -> None:
    """A burst (a fast typist, a paste, a slow link): the keys after ``e`` reach the app before
    the note editor is shown; they are the note, not the annotator's keys (``j`` moving on, ``o``
    the outline...)."""

    app = fresh.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        await wait_until(pilot, lambda: screen.is_loaded)
        cursor = view(app).cursor
        burst(app, "e", "joy")
        await wait_until(pilot, lambda: isinstance(app.screen, NoteEditor))
        await pilot.pause()
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, NoteEditor)
        assert editor.text == "joy"
        await pilot.press("ctrl+s")
        assert view(app).cursor == cursor
        annotation = screen.editing.annotations.exact(*cursor)
        assert annotation is not None
        assert annotation.note == "joy"


async def test_keys_typed_right_after_t_are_the_filter(fresh: Workspace) -> None:
    """A burst: the keys after ``t`` are the tag picker's filter, not the annotator's keys."""
    from textual.widgets import Input

    app = fresh.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        await wait_until(pilot, lambda: screen.is_loaded)
        cursor = view(app).cursor
        burst(app, "t", "collab")
        await wait_until(pilot, lambda: isinstance(app.screen, TagPicker))
        await pilot.pause()
        await pilot.pause()
        assert app.screen.query_one("#picker-filter", Input).value == "collab"
        assert view(app).cursor == cursor


# --- recommendations ---------------------------------------------------------------------------


async def test_R_adds_the_selection_as_a_recommendation(fresh: Workspace) -> None:
    app = fresh.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        assert screen.editing.model.taxonomy.recommendations == []
        all_sentences = sentences(app)
        text = screen.editing.document.text
        await go_to_sentence(pilot, 10)
        await pilot.press("shift+down", "R")
        first = (all_sentences[10][0], all_sentences[11][1])
        await go_to_sentence(pilot, 20)
        await pilot.press("R")  # no selection: the sentence at the cursor
        recommendations = screen.editing.model.taxonomy.recommendations
        assert [r.id for r in recommendations] == ["R1", "R2"]
        assert recommendations[0].title == " ".join(text[first[0] : first[1]].split())
        assert (recommendations[0].start, recommendations[0].end) == first
        assert recommendations[1].title == text[slice(*all_sentences[20])]
        # The new recommendations are offered by the tag picker.
        await pilot.press("t", *"R2", "tab", "enter")
        tagged = screen.editing.annotations.exact(*all_sentences[20])
        assert tagged is not None
        assert tagged.recommendations == ["R2"]
        await pilot.press("ctrl+s")
        await wait_for_save(pilot)
        saved = fresh.saved()
        assert [(r["id"], r["start"], r["end"]) for r in saved["taxonomy"]["recommendations"]] == [
            ("R1", *first),
            ("R2", *all_sentences[20]),
        ]
        assert saved["annotations"][0]["recommendations"] == ["R2"]


async def test_R_on_a_long_passage_says_its_title_was_shortened(fresh: Workspace) -> None:
    """The notice names the new recommendation by its title, cut to fit: with an ellipsis, not
    cut in the middle of a word as if that were the whole title."""
    app = fresh.app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = main_screen(app)
        await go_to_sentence(pilot, 10)
        await pilot.press("shift+down", "shift+down", "R")
        await wait_until(pilot, lambda: any("Added recommendation R1" in t for t in toasts(app)))
        [title] = [r.title for r in screen.editing.model.taxonomy.recommendations]
        assert len(title) > 80
        [notice] = [t for t in toasts(app) if "Added recommendation R1" in t]
        shown = notice.removeprefix("Added recommendation R1: ")
        assert shown.endswith("…")
        assert title.startswith(shown.removesuffix("…").rstrip())


# --- jumping and deleting ------------------------------------------------------------------------


async def test_brackets_jump_between_annotations(workspace: Workspace) -> None:
    app = workspace.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        ordered = screen.editing.annotations.ordered()
        for annotation in ordered[:4]:
            await pilot.press("]")
            assert view(app).cursor == (annotation.start, annotation.end)
            assert screen.current_id == annotation.id
        await pilot.press("[", "[")
        assert view(app).cursor == (ordered[1].start, ordered[1].end)
        assert screen.current_id == ordered[1].id
        await pilot.press("G", "[")
        assert screen.current_id == ordered[-1].id
        await pilot.press("]")  # none after the last: the cursor stays
        assert screen.current_id == ordered[-1].id
        await pilot.press("g", "[")
        assert view(app).cursor == sentences(app)[0]


async def test_x_and_delete_remove_the_annotation_at_the_cursor(workspace: Workspace) -> None:
    app = workspace.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        ordered = screen.editing.annotations.ordered()
        await pilot.press("]", "x")
        assert screen.editing.annotations.get(ordered[0].id) is None
        await pilot.press("]")
        assert screen.current_id == ordered[1].id
        await pilot.press("delete")
        assert screen.editing.annotations.get(ordered[1].id) is None
        assert len(screen.editing.annotations) == len(ordered) - 2
        # Nothing at the cursor: nothing deleted.
        await go_to_sentence(pilot, first_untagged_sentence(app))
        await pilot.press("x")
        assert len(screen.editing.annotations) == len(ordered) - 2
        await pilot.press("ctrl+s")
        await wait_for_save(pilot)
        ids = {a["id"] for a in workspace.saved_annotations()}
        assert ordered[0].id not in ids
        assert ordered[1].id not in ids
        assert len(ids) == len(ordered) - 2
