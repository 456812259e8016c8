"""Selecting text from the keyboard: Shift+arrows, ``v`` and a motion, Esc."""

from __future__ import annotations

from pathlib import Path

import tomli
from tui_helpers import (
    SIZE,
    go_to_sentence,
    screen_text,
    sentence_starting,
    sentences,
    style_at,
    view,
    wait_for_save,
    wait_until,
)

from tui.app import PolicyAnnotateApp
from tui.launch import prepare_session

ANSWER = "The answer is not"  # the first sentence of a paragraph of six


async def test_shift_down_and_up_extend_by_sentences(app: PolicyAnnotateApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        answer = sentence_starting(app, ANSWER)
        all_sentences = sentences(app)
        await go_to_sentence(pilot, answer)
        await pilot.press("shift+down")
        assert view(app).selected_span == (all_sentences[answer][0], all_sentences[answer + 1][1])
        await pilot.press("shift+down")
        assert view(app).selected_span == (all_sentences[answer][0], all_sentences[answer + 2][1])
        await pilot.press("shift+up")
        assert view(app).selected_span == (all_sentences[answer][0], all_sentences[answer + 1][1])
        assert view(app).cursor == all_sentences[answer + 1]


async def test_shift_up_selects_backwards(app: PolicyAnnotateApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        answer = sentence_starting(app, ANSWER)
        all_sentences = sentences(app)
        await go_to_sentence(pilot, answer + 2)
        await pilot.press("shift+up", "shift+up")
        assert view(app).selected_span == (all_sentences[answer][0], all_sentences[answer + 2][1])
        assert view(app).cursor == all_sentences[answer]


async def test_shift_right_and_left_extend_by_words(app: PolicyAnnotateApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        answer = sentence_starting(app, ANSWER)
        text = view(app).document.text
        start, _end = await go_to_sentence(
            pilot, answer
        )  # "The answer is not, for the most part, ..."
        await pilot.press("shift+right")
        assert text[slice(*view(app).selected_span)] == "The"  # type: ignore[arg-type]
        await pilot.press("shift+right", "shift+right")
        assert text[slice(*view(app).selected_span)] == "The answer is"  # type: ignore[arg-type]
        await pilot.press("shift+left")
        assert text[slice(*view(app).selected_span)] == "The answer"  # type: ignore[arg-type]
        assert view(app).selected_span[0] == start  # type: ignore[index]


async def test_v_then_motions_extend_the_selection(app: PolicyAnnotateApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        answer = sentence_starting(app, ANSWER)
        all_sentences = sentences(app)
        await go_to_sentence(pilot, answer)
        await pilot.press("v")
        assert view(app).selected_span == all_sentences[answer]
        await pilot.press("j", "j")
        assert view(app).selected_span == (all_sentences[answer][0], all_sentences[answer + 2][1])
        await pilot.press("k")
        assert view(app).selected_span == (all_sentences[answer][0], all_sentences[answer + 1][1])
        # v again ends the selection, leaving the cursor where it is.
        await pilot.press("v")
        assert view(app).selected_span is None
        assert view(app).cursor == all_sentences[answer + 1]
        await pilot.press("j")
        assert view(app).selected_span is None


async def test_v_with_a_paragraph_motion(app: PolicyAnnotateApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        answer = sentence_starting(app, ANSWER)
        document = view(app).document
        await go_to_sentence(pilot, answer)  # the first sentence of a paragraph
        await pilot.press("v", "J")
        selection = view(app).selected_span
        assert selection is not None
        assert selection[0] == sentences(app)[answer][0]
        assert (
            selection[1] > document.paragraph_ends[document.paragraph_at(sentences(app)[answer][0])]
        )


async def test_escape_clears_the_selection(app: PolicyAnnotateApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        answer = sentence_starting(app, ANSWER)
        all_sentences = sentences(app)
        await go_to_sentence(pilot, answer)
        await pilot.press("shift+down")
        assert view(app).selected_span is not None
        await pilot.press("escape")
        assert view(app).selected_span is None
        assert view(app).cursor == all_sentences[answer + 1]
        # After v, Esc also leaves select mode: motions move again.
        await pilot.press("v", "j", "escape", "j")
        assert view(app).selected_span is None
        assert view(app).cursor == all_sentences[answer + 3]


async def test_the_selection_is_drawn(app: PolicyAnnotateApp) -> None:
    """Selected text is drawn differently from the rest, and back to normal after Esc."""
    async with app.run_test(size=SIZE) as pilot:
        when = sentence_starting(app, "When the Minister")
        all_sentences = sentences(app)
        await go_to_sentence(pilot, when)
        inside = all_sentences[when + 1][0] + 3  # in the second sentence of the selection
        outside = all_sentences[when + 2][0] + 3
        before, before_outside = style_at(app, inside), style_at(app, outside)
        first = all_sentences[when][0] + 3
        assert before is not None
        await pilot.press("shift+down", "k")  # k moves the cursor: the selection ends
        await pilot.press("shift+down")
        assert view(app).selected_span == (all_sentences[when][0], all_sentences[when + 1][1])
        await pilot.pause()
        selected = style_at(app, first)
        assert style_at(app, inside) != before
        assert selected != before
        assert style_at(app, outside) == before_outside
        await pilot.press("escape")
        await pilot.pause()
        assert style_at(app, first) == before  # no longer selected (the cursor is on the second)
        assert style_at(app, inside) != selected


async def test_a_keyboard_selection_in_a_reflowed_paragraph_tags_its_source_text(
    tmp_path: Path,
) -> None:
    """A hard-wrapped Markdown paragraph with a link is shown as one flowing paragraph with
    the link's text; Shift+Down over two of its sentences and 1 save exactly the source text
    of those sentences (link syntax and line breaks included) as the annotation's quote."""
    document = tmp_path / "plan.md"
    source = (
        "# The plan\n\nCouncils will share one [identity service](https://example.test/id)\n"
        "from April. Each *department* keeps its own\nrecords. Nobody pays twice.\n"
    )
    document.write_text(source, encoding="utf-8")
    annotations = tmp_path / "plan.toml"
    app = PolicyAnnotateApp(prepare_session(document, annotations, "tester"))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: "https" not in screen_text(app))
        shown = " ".join(screen_text(app).split())
        assert "Councils will share one identity service from April. Each department" in shown
        await pilot.press("j", "shift+down")
        selection = view(app).selected_span
        assert selection is not None
        text = view(app).document.text
        assert text[slice(*selection)] == (
            "Councils will share one [identity service](https://example.test/id)\n"
            "from April. Each *department* keeps its own\nrecords."
        )
        await pilot.press("1", "ctrl+s")
        await wait_for_save(pilot)
    saved = tomli.loads(annotations.read_text(encoding="utf-8"))["annotations"]
    assert [(a["start"], a["end"], a["quote"]) for a in saved] == [
        (*selection, text[slice(*selection)])
    ]
