"""The suggestion queue (F): a tag's likeliest passages one by one; accept (a) tags, reject (r)
records, skip (.) passes, Esc stops; accepting and rejecting are undone with u. The file on
disk is checked after saving."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from textual.widgets import Input
from tui_helpers import (
    SIZE,
    Workspace,
    footer_line,
    main_screen,
    save_state,
    screen_text,
    suggestion_bar_text,
    toasts,
    view,
    wait_for_save,
    wait_until,
)

from tui.app import PolicyAnnotateApp
from tui.screens.tag_chooser import TagChooser

SINGLE_TAG_ID = "01M6DQMAMA46M6KPN63X5S43BY"
"""Analyst A's annotation "What it lacks is a habit of working together.": collaboration only."""
FIRST_R4 = "4. establish a Local Digital Partnership with councils, backed by pooled funding;"
SECOND_R4 = "2. manage a pooled fund of €25 million a year"


async def save(pilot: Any) -> None:
    """Ctrl+S and wait for the file to be written."""
    await pilot.press("ctrl+s")
    await wait_for_save(pilot)
    assert save_state(pilot.app) == "saved"


def current_quote(app: PolicyAnnotateApp) -> str:
    """The text under the cursor (where the queue puts each suggestion)."""
    start, end = view(app).cursor
    return main_screen(app).document.text[start:end]


async def start_queue(pilot: Any, tag: str) -> None:
    """F, the tag typed in the chooser, Enter; wait for the first suggestion."""
    app = pilot.app
    await pilot.press("F")
    await wait_until(pilot, lambda: isinstance(app.screen, TagChooser))
    await pilot.press(*tag, "enter")
    await wait_until(pilot, lambda: "Why:" in suggestion_bar_text(app))


def r4_annotations(workspace: Workspace) -> list[str]:
    return [a["quote"] for a in workspace.saved_annotations() if "R4" in a["recommendations"]]


async def test_the_queue_shows_each_suggestion_under_the_cursor_with_its_reasons(
    workspace: Workspace,
) -> None:
    app = workspace.app()
    async with app.run_test(size=SIZE) as pilot:
        await start_queue(pilot, "R4")
        bar = suggestion_bar_text(app)
        assert "Suggest R4   6 tagged  The government should create" in bar
        assert "The government should create a Local Digital P…" in bar  # cut for the keys
        assert "Why: score 12.53 — backed 2.38 · Partnership 2.13" in bar
        assert f"“{FIRST_R4}”" in bar
        assert "a accept · r reject · . skip · u undo · esc stop" in bar
        assert current_quote(app) == FIRST_R4
        assert "establish a Local Digital Partnership with councils" in screen_text(app)  # in view
        # the footer lists the queue's keys while it runs
        assert "a r . Suggestion q Quit" in footer_line(screen_text(app))


async def test_accept_tags_the_passage_and_moves_on_and_undo_brings_it_back(
    workspace: Workspace,
) -> None:
    before = r4_annotations(workspace)
    app = workspace.app()
    async with app.run_test(size=SIZE) as pilot:
        await start_queue(pilot, "R4")
        await pilot.press("a")
        assert current_quote(app).startswith(SECOND_R4)
        assert SECOND_R4 in suggestion_bar_text(app)
        await save(pilot)
        added = [a for a in workspace.saved_annotations() if a["quote"] == FIRST_R4]
        assert [a["recommendations"] for a in added] == [["R4"]]
        assert len(r4_annotations(workspace)) == len(before) + 1
        await pilot.press("u")
        assert current_quote(app) == FIRST_R4  # ranked again: it is back
        assert f"“{FIRST_R4}”" in suggestion_bar_text(app)
        await save(pilot)
        assert r4_annotations(workspace) == before


async def test_reject_is_recorded_in_the_file_and_never_comes_back(workspace: Workspace) -> None:
    app = workspace.app()
    async with app.run_test(size=SIZE) as pilot:
        await start_queue(pilot, "R4")
        await pilot.press("r")
        assert current_quote(app).startswith(SECOND_R4)
        await save(pilot)
        rejections = workspace.saved().get("rejections", [])
        assert [(r["tag"], r["kind"], r["quote"]) for r in rejections] == [
            ("R4", "recommendation", FIRST_R4)
        ]
        # stopped and started again: the rejected passage is not suggested
        await pilot.press("escape")
        assert suggestion_bar_text(app) == ""
        await start_queue(pilot, "R4")
        assert current_quote(app).startswith(SECOND_R4)
        # undo (one edit) forgets the rejection
        await pilot.press("u")
        assert current_quote(app) == FIRST_R4
        await save(pilot)
        assert workspace.saved().get("rejections", []) == []


async def test_skip_passes_over_a_passage_without_changing_the_file(workspace: Workspace) -> None:
    before = workspace.annotations.read_text(encoding="utf-8")
    app = workspace.app()
    async with app.run_test(size=SIZE) as pilot:
        await start_queue(pilot, "R4")
        await pilot.press("full_stop")
        assert current_quote(app).startswith(SECOND_R4)
        assert save_state(app) == "saved"
    assert workspace.annotations.read_text(encoding="utf-8") == before


async def test_accepting_two_then_escape_stops_and_the_keys_go_quiet(workspace: Workspace) -> None:
    before = r4_annotations(workspace)
    app = workspace.app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await start_queue(pilot, "R4")
        await pilot.press("a")
        second = current_quote(app)
        await pilot.press("a")
        await pilot.press("escape")
        assert suggestion_bar_text(app) == ""
        assert "Suggestions for R4 stopped." in toasts(app)
        assert "Suggestion" not in footer_line(screen_text(app))
        cursor = view(app).cursor
        await pilot.press("a", "r", "full_stop")  # nothing now
        assert view(app).cursor == cursor
        await save(pilot)
    assert set(r4_annotations(workspace)) == {*before, FIRST_R4, second}
    assert len(r4_annotations(workspace)) == len(before) + 2


async def test_the_tag_of_the_annotation_at_the_cursor_needs_no_chooser(
    workspace: Workspace,
) -> None:
    app = workspace.app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        main_screen(app).go_to_annotation(SINGLE_TAG_ID, focus=True)
        await pilot.press("F")
        await wait_until(pilot, lambda: "Why:" in suggestion_bar_text(app))
        assert not isinstance(app.screen, TagChooser)
        assert "Suggest collaboration" in suggestion_bar_text(app)


async def test_escape_in_the_chooser_starts_nothing(workspace: Workspace) -> None:
    app = workspace.app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("F")
        await wait_until(pilot, lambda: isinstance(app.screen, TagChooser))
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, TagChooser)
        assert suggestion_bar_text(app) == ""
        assert not main_screen(app).suggesting.running


async def test_the_index_is_built_in_a_worker_and_keys_work_meanwhile(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    import annotations.suggesting.index as index_module

    release = threading.Event()
    real = index_module.SentenceIndex

    def slow_index(document: Any) -> Any:
        assert release.wait(30)
        return real(document)

    monkeypatch.setattr(index_module, "SentenceIndex", slow_index)
    app = workspace.app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("F")
        await wait_until(pilot, lambda: isinstance(app.screen, TagChooser))
        await pilot.press("R", "4", "enter")
        await wait_until(pilot, lambda: "Building the index" in suggestion_bar_text(app))
        cursor = view(app).cursor
        await pilot.press("j")  # the document keys work while the index is built
        assert view(app).cursor != cursor
        release.set()
        await wait_until(pilot, lambda: "Why:" in suggestion_bar_text(app))
        assert current_quote(app) == FIRST_R4


async def test_without_the_suggest_extra_the_key_says_what_to_install(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    import annotations.suggesting.explain as explain

    monkeypatch.setattr(explain, "missing_module", lambda: "numpy")
    app = workspace.app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("F")
        await pilot.pause()
        assert not isinstance(app.screen, TagChooser)
        assert toasts(app) == [
            "Suggestions need the 'suggest' extra (numpy is missing): "
            "pip install 'policy-annotate[suggest]'"
        ]


async def test_the_help_lists_the_queue_keys_while_it_runs(workspace: Workspace) -> None:
    from tui.screens.help import HelpScreen

    app = workspace.app()
    async with app.run_test(size=(120, 100)) as pilot:  # tall: the whole help on the screen
        await wait_until(pilot, lambda: main_screen(app).is_loaded)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert "Suggest passages" in screen_text(app)
        assert "Reject" not in screen_text(app)
        await pilot.press("escape")
        await start_queue(pilot, "R4")
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert "Reject" in text
        assert "Skip" in text


async def test_a_tag_typed_in_a_burst_then_enter_picks_that_tag(workspace: Workspace) -> None:
    """Enter can arrive before the filter's Changed messages (a terminal sends "R4⏎" at once):
    the chooser still picks what the filter says."""
    app = workspace.app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("F")
        await wait_until(pilot, lambda: isinstance(app.screen, TagChooser))
        chooser = app.screen
        assert isinstance(chooser, TagChooser)
        chooser.query_one("#chooser-filter", Input).value = "R4"  # typed, not yet filtered
        chooser.action_choose()
        await wait_until(pilot, lambda: "Why:" in suggestion_bar_text(app))
        assert "Suggest R4" in suggestion_bar_text(app)


async def test_at_80_columns_the_footer_keeps_help_and_quit_while_suggesting(
    workspace: Workspace,
) -> None:
    app = workspace.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_queue(pilot, "R4")
        footer = footer_line(screen_text(app))
        assert "? Help" in footer
        assert "a r . Suggestion q Quit" in footer
        assert "a accept · r reject · . skip · u undo · esc stop" in suggestion_bar_text(app)


async def test_the_matching_words_of_the_passage_are_highlighted(workspace: Workspace) -> None:
    from textual.geometry import Region

    from tui.widgets.suggestion_bar import SuggestionBar

    app = workspace.app()
    async with app.run_test(size=SIZE) as pilot:
        await start_queue(pilot, "R4")
        bar = main_screen(app).query_one(SuggestionBar)
        passage_row = bar.render_lines(Region(0, 0, *bar.region.size))[-1]
        underlined = {
            segment.text
            for segment in passage_row
            if segment.style is not None and segment.style.underline
        }
        # the reasons' words, each as the passage spells it; "establish", "with", "by" are not
        assert sorted(underlined) == [
            "Digital",
            "Local",
            "Partnership",
            "backed",
            "councils",
            "funding",
            "pooled",
        ]


async def test_escape_while_the_index_is_built_stops_and_the_index_is_kept(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    import annotations.suggesting.index as index_module

    release = threading.Event()
    builds: list[int] = []
    real = index_module.SentenceIndex

    def slow_index(document: Any) -> Any:
        builds.append(1)
        assert release.wait(30)
        return real(document)

    monkeypatch.setattr(index_module, "SentenceIndex", slow_index)
    app = workspace.app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("F")
        await wait_until(pilot, lambda: isinstance(app.screen, TagChooser))
        await pilot.press("R", "4", "enter")
        await wait_until(pilot, lambda: "Building the index" in suggestion_bar_text(app))
        await pilot.press("escape")
        assert suggestion_bar_text(app) == ""
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert suggestion_bar_text(app) == ""  # the index came, the queue stays stopped
        await start_queue(pilot, "R4")  # at once: no second build
        assert current_quote(app) == FIRST_R4
        assert builds == [1]
