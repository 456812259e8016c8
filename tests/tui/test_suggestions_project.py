"""The suggestion queue across a project's documents (F in a document opened from the board):
this document's suggestions first, then the next documents' of the board's order, each saved
when left; every decision an undoable edit of its own document's file, checked on disk."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import tomli
from test_board import annotator_ready, board_app, board_ready
from tui_helpers import suggestion_bar_text, toasts, wait_for_save, wait_until

from tui.screens.main import MainScreen
from tui.screens.tag_chooser import TagChooser

SIZE = (120, 40)


@pytest.fixture
def project(tmp_path: Path, samples: Path) -> Path:
    """A copy of the sample project."""
    folder = tmp_path / "project"
    shutil.copytree(samples, folder)
    return folder


def on_disk(path: Path) -> dict[str, Any]:
    return tomli.loads(path.read_text(encoding="utf-8"))


def r4_quotes(path: Path) -> list[str]:
    """The quotes tagged R4 in the file on disk."""
    return [
        a["quote"] for a in on_disk(path).get("annotations", []) if "R4" in a["recommendations"]
    ]


def rejected(path: Path) -> list[str]:
    """The quotes rejected for R4 in the file on disk."""
    return [r["quote"] for r in on_disk(path).get("rejections", []) if r["tag"] == "R4"]


def quote_shown(app: Any) -> str:
    """The passage of the bar (between its quotes)."""
    found = re.search(r"“(.*)”", suggestion_bar_text(app))
    assert found is not None, suggestion_bar_text(app)
    return found.group(1)


async def open_public_0417(pilot: Any, documents: Path) -> MainScreen:
    """The board's seventh document (of eight) opened, with analyst A's file."""
    await board_ready(pilot)
    await pilot.press(*["down"] * 6, "enter")
    return await annotator_ready(pilot, documents / "public-0417.analyst-a.toml")


async def start_r4(pilot: Any) -> None:
    app = pilot.app
    await pilot.press("F")
    await wait_until(pilot, lambda: isinstance(app.screen, TagChooser))
    await pilot.press("R", "4", "enter")
    await wait_until(pilot, lambda: "Why:" in suggestion_bar_text(app))


def runs_in(app: Any, path: Path) -> bool:
    """The annotator on top edits ``path`` and shows a suggestion."""
    screen = app.screen
    return (
        isinstance(screen, MainScreen)
        and screen.annotation_path == path
        and "Why:" in suggestion_bar_text(app)
    )


async def test_the_queue_moves_on_to_the_next_document_saving_the_one_left(
    project: Path,
) -> None:
    app = board_app(project)
    documents = project / "documents"
    first, second = (
        documents / "public-0417.analyst-a.toml",
        documents / "public-0932.analyst-a.toml",
    )
    tagged_before = r4_quotes(second)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_public_0417(pilot, documents)
        await start_r4(pilot)
        assert "Suggest R4  in public-0417.md" in suggestion_bar_text(app), suggestion_bar_text(app)
        refused = quote_shown(app)
        await pilot.press("r")  # rejected: kept in this document's file
        for _ in range(20):  # skip the rest of this document
            if app.screen.annotation_path != first:
                break
            await pilot.press(".")
            await pilot.pause()
        await wait_until(pilot, lambda: runs_in(app, second))
        assert rejected(first) == [refused]  # saved when left
        assert "in public-0932.md (document 2)" in suggestion_bar_text(app)
        accepted = quote_shown(app)
        await pilot.press("a")
        await pilot.press("ctrl+s")
        await wait_for_save(pilot)
        assert r4_quotes(second) == [*tagged_before, accepted]
        await pilot.press("u")  # one undoable edit, in its own document
        await pilot.press("ctrl+s")
        await wait_for_save(pilot)
        assert r4_quotes(second) == tagged_before
        assert rejected(first) == [refused]


async def test_at_the_last_document_the_queue_ends_and_says_so(project: Path) -> None:
    app = board_app(project)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await board_ready(pilot)
        await pilot.press(*["down"] * 7, "enter")
        last = project / "documents" / "public-0932.analyst-a.toml"
        await annotator_ready(pilot, last)
        await start_r4(pilot)
        assert "in public-0932.md" in suggestion_bar_text(app)
        for _ in range(20):
            if not suggestion_bar_text(app):
                break
            await pilot.press(".")
            await pilot.pause()
        await wait_until(pilot, lambda: any("the last of the board" in t for t in toasts(app)))
        assert app.screen.annotation_path == last  # still here
        assert "No more suggestions for R4 in this document, the last of the board (1 document" in (
            " ".join(toasts(app))
        )


async def test_a_document_without_the_tag_is_passed_over(project: Path) -> None:
    documents = project / "documents"
    second = documents / "public-0932.analyst-a.toml"
    text = second.read_text(encoding="utf-8")
    # the second document's file knows no R4: the queue passes it over to the end of the board
    without = re.sub(r'\[\[taxonomy\.recommendations\]\]\nid = "R4"\ntitle = .*\n\n', "", text)
    assert 'id = "R4"' not in without, "the sample's layout changed"
    second.write_text(without, encoding="utf-8")
    # nor does the codebook, which a file in a project follows: R4 stays in the first file only
    codebook = project / "policy-annotate.toml"
    shared = re.sub(
        r'\[\[codebook\.recommendations\]\]\nid = "R4"\n.*?(?=\[\[codebook\.recommendations\]\])',
        "",
        codebook.read_text(encoding="utf-8"),
        flags=re.S,
    )
    assert 'id = "R4"' not in shared, "the sample's layout changed"
    codebook.write_text(shared, encoding="utf-8")
    app = board_app(project)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        first = documents / "public-0417.analyst-a.toml"
        await open_public_0417(pilot, documents)
        await start_r4(pilot)
        for _ in range(20):
            if app.screen.annotation_path != first:
                break
            await pilot.press(".")
            await pilot.pause()
        await annotator_ready(pilot, second)
        await wait_until(pilot, lambda: any("last of the board" in t for t in toasts(app)))
        assert "(2 documents looked at in this queue)" in " ".join(toasts(app))
        assert suggestion_bar_text(app) == ""


async def test_esc_stops_the_queue_and_stays_in_the_document(project: Path) -> None:
    documents = project / "documents"
    app = board_app(project)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        first = await open_public_0417(pilot, documents)
        await start_r4(pilot)
        await pilot.press("escape")
        await wait_until(pilot, lambda: suggestion_bar_text(app) == "")
        assert app.screen is first  # still in the document: a second Esc goes to the board
        assert any("Suggestions for R4 stopped." in t for t in toasts(app))
