"""Moving the document cursor: every motion key lands on a sentence span of the document."""

from __future__ import annotations

from bisect import bisect_right
from pathlib import Path

import pytest
from tui_helpers import (
    SIZE,
    go_to_sentence,
    main_screen,
    sentence_index,
    sentence_starting,
    sentences,
    view,
    wait_until,
)

from tui.app import PolicyAnnotateApp


async def test_the_cursor_starts_on_the_first_sentence(app: PolicyAnnotateApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert view(app).cursor == sentences(app)[0]
        assert view(app).has_focus
        assert view(app).render_line(0).text.strip().startswith("The Eastmere")  # no "#"


@pytest.mark.parametrize(("forward", "back"), [("j", "k"), ("down", "up")])
async def test_sentence_motions(app: PolicyAnnotateApp, forward: str, back: str) -> None:
    async with app.run_test(size=SIZE) as pilot:
        all_sentences = sentences(app)
        await pilot.press(forward)
        assert view(app).cursor == all_sentences[1]
        await pilot.press(forward, forward, forward)
        assert view(app).cursor == all_sentences[4]
        await pilot.press(back)
        assert view(app).cursor == all_sentences[3]
        await pilot.press(back, back, back, back)  # one more than there is: stays on the first
        assert view(app).cursor == all_sentences[0]


@pytest.mark.parametrize(
    ("forward", "back"), [("J", "K"), ("right_curly_bracket", "left_curly_bracket")]
)
async def test_paragraph_motions(app: PolicyAnnotateApp, forward: str, back: str) -> None:
    async with app.run_test(size=SIZE) as pilot:
        document = view(app).document
        paragraphs = list(document.paragraph_starts)
        await go_to_sentence(pilot, sentence_starting(app, "I have spent"))  # mid-paragraph
        start = view(app).cursor[0]
        paragraph = bisect_right(paragraphs, start) - 1
        await pilot.press(forward)
        cursor = view(app).cursor
        assert cursor[0] == paragraphs[paragraph + 1]
        sentence_index(app, cursor)  # a sentence span
        await pilot.press(forward)
        assert view(app).cursor[0] == paragraphs[paragraph + 2]
        await pilot.press(back)
        assert view(app).cursor[0] == paragraphs[paragraph + 1]
        await pilot.press(back)  # from a paragraph's start: the previous paragraph's start
        assert view(app).cursor[0] == paragraphs[paragraph]


async def test_paragraph_keys_typed_as_characters(app: PolicyAnnotateApp) -> None:
    """``}`` and ``{`` as a terminal sends them (characters, not key names)."""
    async with app.run_test(size=SIZE) as pilot:
        paragraphs = list(view(app).document.paragraph_starts)
        await pilot.press("}", "}")
        assert view(app).cursor[0] == paragraphs[2]
        await pilot.press("{")
        assert view(app).cursor[0] == paragraphs[1]


async def test_word_motions(app: PolicyAnnotateApp) -> None:
    """From a sentence, ``w`` goes to its first word; then word by word, and ``b`` back."""
    async with app.run_test(size=SIZE) as pilot:
        text = view(app).document.text
        when = sentence_starting(app, "When the Minister")  # "... harder than it should?"
        await go_to_sentence(pilot, when)

        def word() -> str:
            return text[slice(*view(app).cursor)]

        await pilot.press("w")
        assert view(app).cursor[0] == sentences(app)[when][0]
        assert word() == "When"
        await pilot.press("w")
        assert word() == "the"
        await pilot.press("w")
        assert word() == "Minister"
        await pilot.press("b", "b")
        assert word() == "When"
        await pilot.press("b")  # back across the paragraph break, to the heading's last word
        assert word() == "Foreword"


async def test_page_motions(app: PolicyAnnotateApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        document_view = view(app)
        await pilot.press("pagedown")
        after_one = document_view.cursor
        assert after_one[0] > sentences(app)[5][0]
        sentence_index(app, after_one)
        assert document_view.scroll_offset.y > 0
        await pilot.press("space")
        after_two = document_view.cursor
        assert after_two[0] > after_one[0]
        sentence_index(app, after_two)
        await pilot.press("pageup")
        back_one = document_view.cursor
        assert back_one[0] < after_two[0]
        sentence_index(app, back_one)
        await pilot.press("pageup", "pageup")
        assert document_view.cursor == sentences(app)[0]
        assert document_view.scroll_offset.y == 0


@pytest.mark.parametrize(("end_key", "start_key"), [("G", "g"), ("end", "home")])
async def test_start_and_end(app: PolicyAnnotateApp, end_key: str, start_key: str) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(end_key)
        assert view(app).cursor == sentences(app)[-1]
        # The last sentence is on screen: its row is among the visible ones.
        last_words = view(app).document.text[slice(*sentences(app)[-1])][-20:]
        rows = [view(app).render_line(y).text for y in range(view(app).size.height)]
        assert any(last_words.split()[-1] in row for row in rows)
        await pilot.press(start_key)
        assert view(app).cursor == sentences(app)[0]
        assert view(app).scroll_offset.y == 0


async def test_the_panel_follows_the_cursor(app: PolicyAnnotateApp) -> None:
    """Moving onto an annotated passage shows it in the panel's details."""
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        first = screen.editing.annotations.ordered()[0]
        index = bisect_right(view(app).document.sentence_starts, first.start) - 1
        await go_to_sentence(pilot, index)
        assert screen.current_id == first.id
        details = screen.query_one("#annotation-details").plain
        assert first.quote[:30] in details


async def test_a_long_document_shows_its_head_first_and_g_reaches_its_end(
    tmp_path: Path,
) -> None:
    """Only the first part of a long document is indexed before the first frame; the rest
    follows in a worker, and the view then lays out the whole text. G pressed at once waits
    for the whole index and lands on the last sentence, on screen."""
    from tui.launch import FIRST_INDEXED_CHARS, prepare_session

    piece = Path("samples/review.md").read_text(encoding="utf-8").rstrip("\n") + "\n\n"
    document_path = tmp_path / "long.md"
    document_path.write_text(piece * (FIRST_INDEXED_CHARS // len(piece) + 2), encoding="utf-8")
    session = prepare_session(document_path, tmp_path / "long.toml", "tester")
    document = session.document
    assert not document.index_complete
    app = PolicyAnnotateApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("G")
        last = document.sentence_containing(document.length - 1)
        assert view(app).cursor == last
        await wait_until(pilot, lambda: view(app).layout_ is not None and view(app).layout_.whole)
        layout = view(app).layout_
        assert layout is not None
        assert layout.paragraph_count == len(document.paragraph_starts)
        row = layout.row_of_offset(last[0])
        top = int(view(app).scroll_offset.y)
        assert top <= row < top + view(app).scrollable_content_region.height
        await pilot.press("g")
        assert view(app).cursor == sentences(app)[0]
