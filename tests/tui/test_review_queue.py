"""Re-anchoring on opening a revised document, and the review queue (A) of fuzzy and orphaned
annotations: accept (a), delete (d), next/previous (. ,), end (Esc), with undo."""

from __future__ import annotations

from typing import Any

from tui_helpers import (
    FUZZY_ID,
    INSERTED,
    MOVED_ID,
    NEW_SURVEY,
    OLD_SURVEY,
    ORPHAN_ID,
    REVISED_COUNTS,
    SIZE,
    Workspace,
    annotation_list,
    go_to_sentence,
    main_screen,
    review_bar_text,
    save_state,
    sentence_starting,
    status_text,
    toasts,
    view,
    wait_for_autosave,
    wait_for_save,
    wait_until,
)

from annotations.documents.document import load_document
from annotations.exchange.orphan_span import orphan_span
from annotations.exchange.reanchoring import AnchorClass
from tui.app import PolicyAnnotateApp
from tui.launch import prepare_session


def by_id(workspace: Workspace) -> dict[str, dict[str, Any]]:
    """The annotations on disk, by id."""
    return {a["id"]: a for a in workspace.saved_annotations()}


async def save(pilot: Any) -> None:
    """Ctrl+S and wait for the file to be written (the file re-anchored on opening may still be
    being saved: Ctrl+S then saves again right after it)."""
    await pilot.press("ctrl+s")
    await wait_until(pilot, lambda: save_state(pilot.app) == "saved")
    await wait_for_save(pilot)


# --- re-anchoring on opening -------------------------------------------------------------------


async def test_a_revised_document_is_reanchored_on_opening_and_saved(revised: Workspace) -> None:
    before = by_id(revised)
    old_file = revised.annotations.read_bytes()
    session = prepare_session(revised.document, revised.annotations, None)
    result = session.reanchored
    assert result is not None
    counts = result.counts
    assert (counts[AnchorClass.EXACT], counts[AnchorClass.MOVED]) == (6, 24)
    assert (counts[AnchorClass.FUZZY], counts[AnchorClass.ORPHANED]) == (1, 1)
    app = PolicyAnnotateApp(session)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_until(pilot, lambda: any("Document revised" in t for t in toasts(app)))
        assert f"Document revised: {REVISED_COUNTS} — press A to review" in toasts(app)
        assert "2 annotations need review (A)" in status_text(app)
        # Both are marked ⚠ in the list; the orphan's text is struck through in the document.
        assert annotation_list(app).stale_ids == {FUZZY_ID, ORPHAN_ID}
        assert view(app).stale_ids == {ORPHAN_ID}
        # Saved without a key press; the file as it was is kept as .bak.
        await wait_for_autosave(pilot)
        assert save_state(app) == "saved"
    revised.saved_after_reanchoring(old_file)
    document = load_document(revised.document)
    after = by_id(revised)
    assert set(after) == set(before)  # nothing dropped
    text = document.text
    fuzzy, orphan, moved = after[FUZZY_ID], after[ORPHAN_ID], after[MOVED_ID]
    assert fuzzy["anchor"] == "fuzzy"
    assert fuzzy["quote"].startswith(NEW_SURVEY)
    assert fuzzy["quote"] == text[fuzzy["start"] : fuzzy["end"]]
    assert orphan["anchor"] == "orphaned"
    assert orphan["quote"] == before[ORPHAN_ID]["quote"]  # kept as it was, to find it again
    assert "anchor" not in moved
    assert moved["quote"] == before[MOVED_ID]["quote"]
    assert text[moved["start"] - len(INSERTED) : moved["start"]] == INSERTED
    assert moved["updated"] == before[MOVED_ID]["updated"]  # re-anchoring is not an edit


async def test_starting_the_review_clears_the_toast_that_would_hide_the_bar(
    revised: Workspace,
) -> None:
    app = revised.app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_until(pilot, lambda: any("Document revised" in t for t in toasts(app)))
        await pilot.press("A")
        await pilot.pause()
        assert "Review 1/2" in review_bar_text(app)
        assert toasts(app) == []


async def test_an_unchanged_document_is_not_reanchored(workspace: Workspace) -> None:
    session = prepare_session(workspace.document, workspace.annotations, None)
    assert session.reanchored is None
    app = PolicyAnnotateApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert save_state(app) == "saved"
        assert "review (A)" not in status_text(app)


# --- the review queue ----------------------------------------------------------------------------


async def test_review_shows_the_item_and_selects_its_span(revised: Workspace) -> None:
    app = revised.app()
    async with app.run_test(size=SIZE) as pilot:
        assert review_bar_text(app) == ""
        await pilot.press("A")
        bar = review_bar_text(app)
        assert "Review 1/2" in bar
        assert "fuzzy (score 0.96)" in bar
        assert f"Was: “{OLD_SURVEY}" in bar
        assert f"Now: “{NEW_SURVEY}" in bar
        assert "a accept · d delete · . next · , previous · esc end" in bar
        fuzzy = main_screen(app).editing.annotations.get(FUZZY_ID)
        assert fuzzy is not None
        assert view(app).selected_span == (fuzzy.start, fuzzy.end)
        assert view(app).has_focus
        # . and , step through the queue (round it)
        await pilot.press("full_stop")
        bar = review_bar_text(app)
        assert "Review 2/2" in bar
        assert "orphaned" in bar
        assert "Was: “Five councils in the Northern Lakes region" in bar
        orphan = main_screen(app).editing.annotations.get(ORPHAN_ID)
        assert orphan is not None
        # shown at the nearest whole sentences, not at its old offsets (which cut words)
        document = view(app).document
        shown = orphan_span(document, orphan.start, orphan.end)
        assert shown != (orphan.start, orphan.end)
        assert view(app).selected_span == shown
        assert (document.sentence_containing(shown[0]) or (0, 0))[0] == shown[0]
        assert document.text[shown[1] - 1] in ".!?"
        now = " ".join(document.text[shown[0] : shown[1]].split())
        assert f"Now: “{now[:30]}" in bar
        await pilot.press("full_stop")
        assert "Review 1/2" in review_bar_text(app)
        await pilot.press("comma")
        assert "Review 2/2" in review_bar_text(app)


async def test_accept_an_adjusted_span_then_undo(revised: Workspace) -> None:
    app = revised.app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("A")
        fuzzy = main_screen(app).editing.annotations.get(FUZZY_ID)
        assert fuzzy is not None
        start, end = fuzzy.start, fuzzy.end
        text = view(app).document.text
        assert text[end - 7 : end] == " visit."
        # Shift+← moves the end of the selection back a word: the full stop is left out.
        await pilot.press("shift+left")
        assert view(app).selected_span == (start, end - 1)
        assert "Selected: “In our 2025 survey" in review_bar_text(app)
        await pilot.press("a")
        # The next (and last) item is shown.
        assert "Review 1/1" in review_bar_text(app)
        assert "orphaned" in review_bar_text(app)
        assert "1 annotation needs review (A)" in status_text(app)
        await save(pilot)
        accepted = by_id(revised)[FUZZY_ID]
        assert (accepted["start"], accepted["end"]) == (start, end - 1)
        assert accepted["quote"] == text[start : end - 1]
        assert accepted["suffix"] == text[end - 1 : end + 31]
        assert "anchor" not in accepted
        # Undo brings the mark and the span back, and the review goes back to it.
        await pilot.press("u")
        assert "Review 1/2" in review_bar_text(app)
        assert "fuzzy" in review_bar_text(app)
        assert view(app).selected_span == (start, end)
        await save(pilot)
        restored = by_id(revised)[FUZZY_ID]
        assert (restored["start"], restored["end"], restored["anchor"]) == (start, end, "fuzzy")


async def test_accept_the_span_as_it_is(revised: Workspace) -> None:
    app = revised.app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("A")
        fuzzy = main_screen(app).editing.annotations.get(FUZZY_ID)
        assert fuzzy is not None
        await pilot.press("a")
        await wait_for_autosave(pilot)
        accepted = by_id(revised)[FUZZY_ID]
        assert (accepted["start"], accepted["end"]) == (fuzzy.start, fuzzy.end)
        assert "anchor" not in accepted
        assert accepted["principles"] == fuzzy.principles


async def test_accept_an_orphan_on_a_new_selection(revised: Workspace) -> None:
    app = revised.app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("A", "full_stop")
        assert "Review 2/2" in review_bar_text(app)
        # Esc drops the selection (the review goes on); then select two sentences.
        await pilot.press("escape")
        assert view(app).selected_span is None
        assert "Review 2/2" in review_bar_text(app)
        first = await go_to_sentence(pilot, sentence_starting(app, "Businesses told a similar"))
        await pilot.press("shift+down")
        selection = view(app).selected_span
        assert selection is not None
        assert selection[0] == first[0]
        assert "Selected: “Businesses told a similar story." in review_bar_text(app)
        await pilot.press("a")
        assert "Review 1/1" in review_bar_text(app)
        await save(pilot)
        text = view(app).document.text
        orphan = by_id(revised)[ORPHAN_ID]
        assert (orphan["start"], orphan["end"]) == selection
        assert orphan["quote"] == text[selection[0] : selection[1]]
        assert "anchor" not in orphan


async def test_delete_then_undo(revised: Workspace) -> None:
    app = revised.app()
    async with app.run_test(size=SIZE) as pilot:
        count = len(main_screen(app).editing.annotations)
        await pilot.press("A", "full_stop", "d")
        assert len(main_screen(app).editing.annotations) == count - 1
        assert "Review 1/1" in review_bar_text(app)
        assert "fuzzy" in review_bar_text(app)
        await save(pilot)
        assert ORPHAN_ID not in by_id(revised)
        await pilot.press("u")
        assert "Review 2/2" in review_bar_text(app)
        await save(pilot)
        assert by_id(revised)[ORPHAN_ID]["anchor"] == "orphaned"


async def test_the_review_ends_when_the_queue_is_empty(revised: Workspace) -> None:
    app = revised.app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("A", "a", "d")
        assert review_bar_text(app) == ""
        await wait_until(pilot, lambda: any("Review done" in t for t in toasts(app)))
        assert "review (A)" not in status_text(app)
        await save(pilot)
        saved = by_id(revised)
        assert ORPHAN_ID not in saved
        assert not any("anchor" in a for a in saved.values())
        # The keys of the review do nothing outside it.
        await pilot.press("a", "d", "full_stop")
        assert save_state(app) == "saved"


async def test_esc_clears_the_selection_then_ends_the_review(revised: Workspace) -> None:
    app = revised.app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("A")
        await pilot.press("escape")
        assert view(app).selected_span is None
        assert "Review 1/2" in review_bar_text(app)
        await pilot.press("escape")
        assert review_bar_text(app) == ""
        await wait_until(pilot, lambda: any("Review ended" in t for t in toasts(app)))
        assert "Review ended: 2 left to review (A resumes)." in toasts(app)
        await wait_for_autosave(pilot)
        on_disk = revised.saved_annotations()
        await pilot.press("a", "d")  # not reviewing: nothing happens
        assert save_state(app) == "saved"
        assert revised.saved_annotations() == on_disk
        # A resumes
        await pilot.press("A")
        assert "Review 1/2" in review_bar_text(app)


async def test_nothing_to_review(workspace: Workspace) -> None:
    app = workspace.app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("A")
        assert review_bar_text(app) == ""
        await wait_until(pilot, lambda: bool(toasts(app)))
        assert "Nothing to review: no annotation is marked fuzzy or orphaned." in toasts(app)


async def test_marks_persist_for_a_later_session(revised: Workspace) -> None:
    app = revised.app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q")
    session = prepare_session(revised.document, revised.annotations, None)
    assert session.reanchored is None  # the file now matches the document
    again = PolicyAnnotateApp(session)
    async with again.run_test(size=SIZE) as pilot:
        assert "2 annotations need review (A)" in status_text(again)
        await pilot.press("A")
        bar = review_bar_text(again)
        assert "Review 1/2" in bar
        assert "fuzzy" in bar
        assert "score" not in bar  # known only in the session that re-anchored
        assert f"Was: “{NEW_SURVEY}" in bar  # the old quote is no longer known either
        await pilot.press("a", "ctrl+s")
        await wait_for_save(pilot)
    assert "anchor" not in by_id(revised)[FUZZY_ID]


async def test_review_from_the_command_palette(revised: Workspace) -> None:
    app = revised.app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"Review re-anchored")
        await wait_until(pilot, lambda: "Review re-anchored annotations" in _palette_text(app))
        await pilot.press("enter")
        await wait_until(pilot, lambda: "Review 1/2" in review_bar_text(app))


def _palette_text(app: PolicyAnnotateApp) -> str:
    from tui_helpers import screen_text

    return screen_text(app)


async def test_the_review_keys_are_in_the_palette_only_while_reviewing(
    revised: Workspace,
) -> None:
    from tui.palette import MainScreenCommands

    app = revised.app()
    async with app.run_test(size=SIZE) as pilot:
        provider = MainScreenCommands(app.screen)

        def names() -> set[str]:
            return {entry[0] for entry in provider._commands()}

        assert "Review re-anchored annotations" in names()
        assert "Accept the span" not in names()
        await pilot.press("A")
        assert {"Accept the span", "Delete the annotation", "End the review"} <= names()


async def test_remapped_review_keys(revised: Workspace) -> None:
    import os
    from pathlib import Path

    keys = Path(os.environ["XDG_CONFIG_HOME"]) / "policy-annotate" / "keys.toml"
    keys.parent.mkdir(parents=True, exist_ok=True)
    keys.write_text('[keys]\n"review.accept" = "y"\n"main.review_anchors" = "ctrl+a"\n')
    app = revised.app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+a")
        assert "y accept · d delete" in review_bar_text(app)
        await pilot.press("a")  # no longer accepts
        assert "Review 1/2" in review_bar_text(app)
        await pilot.press("y")
        assert "Review 1/1" in review_bar_text(app)


async def test_an_orphan_past_the_end_needs_a_selection(workspace: Workspace) -> None:
    text = workspace.document.read_text(encoding="utf-8")
    workspace.document.write_text(text[: len(text) // 2], encoding="utf-8")
    last_id = max(by_id(workspace).values(), key=lambda a: (a["start"], a["end"], a["id"]))["id"]
    app = workspace.app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("A", "comma")  # round to the last: past the end of the shortened text
        bar = review_bar_text(app)
        assert "Review 16/16" in bar
        assert "Now: (nothing: the span is past the end of the document)" in bar
        assert view(app).selected_span is None
        await pilot.press("a")
        await wait_until(pilot, lambda: any("past the end" in t for t in toasts(app)))
        assert "Review 16/16" in review_bar_text(app)
        await pilot.press("shift+up")  # select the last two sentences
        selection = view(app).selected_span
        assert selection is not None
        await pilot.press("a")
        assert "Review 15/15" in review_bar_text(app)
        await save(pilot)
    last = by_id(workspace)[last_id]
    assert (last["start"], last["end"]) == selection
    assert "anchor" not in last


async def test_the_review_bar_highlights_the_changed_words_at_80_columns(
    revised: Workspace,
) -> None:
    """A fuzzy item's Was and Now lines are a word diff: the removed and added words stand out,
    and the lines, shortened around the changes, do not look alike."""
    from textual.geometry import Region

    from tui.widgets.review_bar import ReviewBar

    app = revised.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("A")
        await wait_until(pilot, lambda: "Review 1/2" in review_bar_text(app))
        bar = main_screen(app).query_one(ReviewBar)
        strips = bar.render_lines(Region(0, 0, *bar.region.size))
        lines = {
            strip.text.split(":", 1)[0].strip(): strip for strip in strips if ":" in strip.text
        }
        was, now = lines["Was"], lines["Now"]
        assert was.text.split(":", 1)[1] != now.text.split(":", 1)[1]

        def marked(strip: object) -> str:
            return " ".join(
                segment.text
                for segment in strip  # type: ignore[attr-defined]
                if segment.style is not None and segment.style.underline
            )

        assert "68" in marked(was)
        assert "seventy" in marked(now)
        assert "2025" in marked(now)
        assert "per cent" not in marked(now)
