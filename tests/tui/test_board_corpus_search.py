"""Search across the corpus from the board (``/``) and the project summary (``S``): the results
as they are found, Enter into the annotator at the passage, n/N on through the results across
documents (the one left saved), Esc back; the summary's figures, quotes and matrix rows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from test_board import annotator_ready, board_app, board_ready, project
from textual.pilot import Pilot
from tui_helpers import burst, go_to_sentence, screen_text, wait_for_save, wait_until

from annotations.documents.search import find_matches
from tui.app import PolicyAnnotateApp
from tui.screens.board import BoardScreen
from tui.screens.corpus_search import CorpusSearchScreen
from tui.screens.main import MainScreen
from tui.screens.project_summary import ProjectSummaryScreen

__all__ = ["project"]  # the fixture, shared with the board's tests

SIZE = (120, 40)


async def search(pilot: Pilot[Any], query: str) -> CorpusSearchScreen:
    """Press / on the board, type ``query``, Enter; wait until every document is searched."""
    await board_ready(pilot)
    await pilot.press("slash", *query, "enter")
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, CorpusSearchScreen))
    screen = app.screen
    assert isinstance(screen, CorpusSearchScreen)
    await wait_until(
        pilot, lambda: screen.search.results is not None and screen.search.results.done
    )
    await pilot.pause()
    return screen


def board_of(app: PolicyAnnotateApp) -> BoardScreen:
    return next(s for s in app.screen_stack if isinstance(s, BoardScreen))


def analyst_file(app: PolicyAnnotateApp, document_id: str | None) -> Path:
    """analyst-a's annotation file of a document of the project."""
    project = board_of(app).project
    document = project.model.document(str(document_id))
    assert document is not None
    path = project.document_path(document)
    return path.with_name(f"{path.stem}.analyst-a.toml")


async def test_slash_lists_every_passage_with_its_document_and_the_count(project: Path) -> None:
    app = board_app(project)
    async with app.run_test(size=SIZE) as pilot:
        screen = await search(pilot, "digital")
        results = screen.search.results
        assert results is not None
        text = screen_text(app)
        assert f"{results.matches} matches in {results.documents_matching} documents of 8" in text
        review = (project / "review.md").read_text(encoding="utf-8")
        assert results.matches >= len(find_matches(review, "digital"))
        first = next(line for line in text.splitlines() if line.startswith(" review "))
        assert "Digital Government Review" in first
        assert [h.document for h in results.hits][:1] == ["review"]  # the board's order


async def test_enter_opens_the_document_at_the_passage_with_the_match_marked(
    project: Path,
) -> None:
    app = board_app(project)
    async with app.run_test(size=SIZE) as pilot:
        screen = await search(pilot, "digital")
        results = screen.search.results
        assert results is not None
        await pilot.press("j", "j", "enter")
        hit = results.hits[2]
        main = await annotator_ready(pilot, analyst_file(app, hit.document))
        view = main.document_view
        await wait_until(pilot, lambda: view.current_match == (hit.start, hit.end))
        assert view.cursor == view.sentence_containing(hit.start)
        assert len(view.search_starts) == len(find_matches(main.document.text, "digital"))


async def test_n_goes_on_through_the_results_into_the_next_document_saving_this_one(
    project: Path,
) -> None:
    app = board_app(project)
    async with app.run_test(size=SIZE) as pilot:
        screen = await search(pilot, "digital")
        results = screen.search.results
        assert results is not None
        last_of_review = max(i for i, h in enumerate(results.hits) if h.document == "review")
        await pilot.press("G")
        screen.hit_list.go(last_of_review)
        await pilot.press("enter")
        review_file = project / "review.analyst-a.toml"
        main = await annotator_ready(pilot, review_file)
        view = main.document_view
        hit = results.hits[last_of_review]
        await wait_until(pilot, lambda: view.current_match == (hit.start, hit.end))
        before = review_file.read_text(encoding="utf-8")
        await pilot.press("2")  # toggle a principle on the passage at the match: a change to save
        await pilot.press("n")
        following = results.hits[last_of_review + 1]
        assert following.document != "review"
        nxt = await annotator_ready(pilot, analyst_file(app, following.document))
        await wait_until(
            pilot, lambda: nxt.document_view.current_match == (following.start, following.end)
        )
        assert review_file.read_text(encoding="utf-8") != before  # saved on leaving
        await pilot.press("N")  # back across to the last result of the review
        back = await annotator_ready(pilot, review_file)
        await wait_until(pilot, lambda: back.document_view.current_match == (hit.start, hit.end))


async def test_n_within_a_document_and_a_search_of_its_own(project: Path) -> None:
    app = board_app(project)
    async with app.run_test(size=SIZE) as pilot:
        screen = await search(pilot, "digital")
        results = screen.search.results
        assert results is not None
        await pilot.press("enter")
        main = await annotator_ready(pilot, project / "review.analyst-a.toml")
        view = main.document_view
        first, second = results.hits[0], results.hits[1]
        await wait_until(pilot, lambda: view.current_match == (first.start, first.end))
        await pilot.press("n")
        assert view.current_match == (second.start, second.end)
        # a search of the document's own: n follows it, not the corpus's
        await pilot.press("slash", *"Eastmere", "enter")
        own = find_matches(main.document.text, "eastmere")
        assert view.current_match in own
        assert main.corpus.following is False


async def test_esc_leaves_the_results_for_the_board_and_slash_shows_them_again(
    project: Path,
) -> None:
    app = board_app(project)
    async with app.run_test(size=SIZE) as pilot:
        await search(pilot, "caution")
        await pilot.press("escape")
        assert isinstance(app.screen, BoardScreen)
        await pilot.press("slash")
        await wait_until(pilot, lambda: isinstance(app.screen, CorpusSearchScreen))
        await pilot.pause()
        text = screen_text(app)
        assert "caution" in text
        assert "matches in" in text
        # Enter then Esc in the annotator: back on the board
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))
        main = app.screen
        assert isinstance(main, MainScreen)
        await wait_until(pilot, lambda: main.is_loaded)
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen))


async def test_a_document_s_markup_and_escapes_are_shown_as_text(project: Path) -> None:
    council = project / "documents" / "council.md"
    council.write_text(
        council.read_text(encoding="utf-8") + "\nA [bold red]zebra[/] \x1b[2J here.\n",
        encoding="utf-8",
    )
    app = board_app(project)
    async with app.run_test(size=SIZE) as pilot:
        await search(pilot, "zebra")
        text = screen_text(app)
        line = next(line for line in text.splitlines() if line.startswith(" council "))
        assert "A [bold red]zebra[/] ␛[2J here." in line
        assert "1 match in 1 document of 8" in text


async def summary(pilot: Pilot[Any]) -> ProjectSummaryScreen:
    """Press S on the board; wait for the summary to be shown."""
    await board_ready(pilot)
    await pilot.press("S")
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, ProjectSummaryScreen))
    screen = app.screen
    assert isinstance(screen, ProjectSummaryScreen)
    await wait_until(pilot, lambda: screen.summary is not None)
    await pilot.pause()
    return screen


async def test_capital_s_shows_the_project_summary_and_g_goes_to_its_end(project: Path) -> None:
    app = board_app(project)
    async with app.run_test(size=SIZE) as pilot:
        screen = await summary(pilot)
        text = screen_text(app)
        assert "8 documents, 16 annotation files, 173 annotations" in text
        assert "R1  The government should establish a Digital Leadership Board" in text
        await pilot.press("G")
        assert screen.summary_list.cursor == len(screen.lines) - 1
        assert "Documents × recommendations" in screen_text(app) or screen_text(app) != text
        await pilot.press("g")
        assert screen.summary_list.cursor == 0
        assert "8 documents" in screen_text(app)
        await pilot.press("escape")
        assert isinstance(app.screen, BoardScreen)


async def test_enter_on_a_quote_opens_its_passage(project: Path) -> None:
    app = board_app(project)
    async with app.run_test(size=SIZE) as pilot:
        screen = await summary(pilot)
        await pilot.press("right_square_bracket")
        line = screen.current
        assert line is not None
        assert line.kind == "quote"
        assert line.start is not None
        await pilot.press("enter")
        main = await annotator_ready(pilot, analyst_file(app, line.document))
        assert main.document_view.cursor == main.document_view.sentence_containing(line.start)


async def test_enter_on_a_matrix_row_opens_that_document(project: Path) -> None:
    app = board_app(project)
    async with app.run_test(size=SIZE) as pilot:
        screen = await summary(pilot)
        row = next(
            i
            for i, line in enumerate(screen.lines.lines)
            if line.document == "council" and line.kind == "matrix"
        )
        screen.summary_list.go(row)
        await pilot.press("enter")
        await annotator_ready(pilot, project / "documents" / "council.analyst-a.toml")
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen))
        assert board_of(app).current_id == "council"


async def test_a_tagged_passage_shows_in_the_summary(project: Path) -> None:
    app = board_app(project)
    async with app.run_test(size=SIZE) as pilot:
        await board_ready(pilot)
        await pilot.press("enter")
        main = await annotator_ready(pilot, project / "review.analyst-a.toml")
        await go_to_sentence(pilot, 3)
        await pilot.press("2")
        await wait_for_save(pilot)
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, BoardScreen))
        assert main is not None
        await summary(pilot)
        assert "174 annotations" in screen_text(app)


async def test_moving_in_the_results_and_a_new_search(project: Path) -> None:
    app = board_app(project)
    async with app.run_test(size=SIZE) as pilot:
        screen = await search(pilot, "digital")
        results = screen.search.results
        assert results is not None
        hit_list = screen.hit_list
        await pilot.press("pagedown")
        assert hit_list.cursor == hit_list.page
        await pilot.press("k", "up")
        assert hit_list.cursor == hit_list.page - 2
        await pilot.press("pageup", "end")
        assert hit_list.cursor == len(results.hits) - 1
        await pilot.press("home", "down")
        assert hit_list.cursor == 1
        await pilot.press("slash", "ctrl+u", *"eastmere", "enter")
        await wait_until(pilot, lambda: screen.search.results is not results)
        fresh = screen.search.results
        assert fresh is not None
        await wait_until(pilot, lambda: fresh.done)
        assert fresh.query == "eastmere"
        assert hit_list.cursor == 0
        assert "Eastmere" in screen_text(app)


async def test_moving_in_the_summary_and_q_back_to_the_board(project: Path) -> None:
    app = board_app(project)
    async with app.run_test(size=SIZE) as pilot:
        screen = await summary(pilot)
        summary_list = screen.summary_list
        await pilot.press("j", "down")
        assert summary_list.cursor == 2
        await pilot.press("k")
        assert summary_list.cursor == 1
        await pilot.press("pagedown")
        assert summary_list.cursor == 1 + summary_list.page
        await pilot.press("pageup")
        assert summary_list.cursor == 1
        await pilot.press("right_square_bracket", "right_square_bracket")
        second = summary_list.cursor
        await pilot.press("left_square_bracket")
        first = summary_list.cursor
        assert first < second
        assert screen.lines.lines[first].kind == "quote"
        await pilot.press("end", "home")
        assert summary_list.cursor == 0
        await pilot.press("q")
        assert isinstance(app.screen, BoardScreen)


async def test_a_wide_matrix_scrolls_sideways(project: Path) -> None:
    app = board_app(project)
    async with app.run_test(size=(60, 24)) as pilot:
        screen = await summary(pilot)
        summary_list = screen.summary_list
        await wait_until(pilot, lambda: summary_list.virtual_size.width > summary_list.size.width)
        await pilot.press("right")
        await wait_until(pilot, lambda: summary_list.scroll_offset.x > 0)
        await pilot.press("left")
        await wait_until(pilot, lambda: summary_list.scroll_offset.x == 0)


async def test_slash_in_the_filter_box_is_typed_there(project: Path) -> None:
    app = board_app(project)
    async with app.run_test(size=SIZE) as pilot:
        screen = await board_ready(pilot)
        await pilot.press("f", *"a/b")
        assert isinstance(app.screen, BoardScreen)
        assert screen.board_filter.text == "a/b"


async def test_keys_typed_right_after_slash_are_the_query(project: Path) -> None:
    """A burst (a fast typist, a paste, a slow link): the keys after ``/`` reach the app before
    the search screen is shown; they are its query, not the board's keys (``s`` sorts, ``r``
    reverses, ``f`` filters)."""
    from textual.widgets import Input

    app = board_app(project)
    async with app.run_test(size=(120, 40)) as pilot:
        board = await board_ready(pilot)
        burst(app, "slash", "paper")
        await wait_until(pilot, lambda: isinstance(app.screen, CorpusSearchScreen))
        await pilot.pause()
        await pilot.pause()
        assert app.screen.query_one("#results-query", Input).value == "paper"
        assert (board.sort, board.reverse) == ("project", False)
