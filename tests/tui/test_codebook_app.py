"""The project's codebook in the annotator: the tag picker, 1/2/3 and s use it, a file adopts
it on its next save, R adds to the project file, P shows a recommendation's passage in the
review and Esc comes back; files on disk checked."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import tomli
from test_board import annotator_ready, board, board_app, board_ready
from textual.pilot import Pilot
from tui_helpers import (
    first_untagged_sentence,
    go_to_sentence,
    main_screen,
    screen_text,
    toasts,
    view,
    wait_for_autosave,
    wait_until,
)

from annotations.format.model import Stance
from annotations.projects.model import CodebookRecommendation
from annotations.projects.project import load_project
from tui.app import PolicyAnnotateApp
from tui.launch import prepare_session
from tui.screens.main import MainScreen
from tui.screens.passage import PassageScreen
from tui.screens.tag_picker import TagPicker

SIZE = (120, 40)
EXTRA = "R99"
EXTRA_TITLE = "Open every council's code under one licence"


@pytest.fixture
def project(tmp_path: Path, samples: Path) -> Path:
    """A copy of the sample project whose codebook has a recommendation no file has yet, and
    three stances (no "caution")."""
    folder = tmp_path / "project"
    shutil.copytree(samples, folder)
    loaded = load_project(folder)
    codebook = loaded.model.codebook
    codebook.recommendations.append(CodebookRecommendation(id=EXTRA, title=EXTRA_TITLE))
    codebook.stances = [Stance.NEUTRAL, Stance.SUPPORT, Stance.OPPOSE]
    loaded.save()
    return folder


def taxonomy_on_disk(path: Path) -> list[str]:
    """The recommendation ids of the annotation file's taxonomy on disk."""
    data = tomli.loads(path.read_text(encoding="utf-8"))
    return [r["id"] for r in data["taxonomy"]["recommendations"]]


def codebook_on_disk(folder: Path) -> dict[str, dict[str, Any]]:
    """The project file's recommendations on disk, by id."""
    data = tomli.loads((folder / "policy-annotate.toml").read_text(encoding="utf-8"))
    return {r["id"]: r for r in data["codebook"]["recommendations"]}


async def open_council(pilot: Pilot[Any], folder: Path) -> MainScreen:
    """From the board, open the council's response with analyst A's file."""
    await board_ready(pilot)
    await pilot.press("f", *"region=north", "enter", "enter")
    return await annotator_ready(pilot, folder / "documents" / "council.analyst-a.toml")


async def test_the_tag_picker_shows_the_codebook_and_the_file_adopts_it(project: Path) -> None:
    path = project / "documents" / "council.analyst-a.toml"
    before = path.read_bytes()
    app = board_app(project)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        main = await open_council(pilot, project)
        assert any(f"Following the project's codebook: {EXTRA}" in t for t in toasts(app))
        assert path.read_bytes() == before, "opening alone writes nothing"
        await go_to_sentence(pilot, first_untagged_sentence(app))
        await pilot.press("t")
        await wait_until(pilot, lambda: isinstance(app.screen, TagPicker))
        assert f"{EXTRA}: {EXTRA_TITLE}" in screen_text(app)
        await pilot.press(*"council licence", "tab", "enter")
        await wait_until(pilot, lambda: not isinstance(app.screen, TagPicker))
        await wait_for_autosave(pilot)
        tagged = [a for a in main.editing.annotations if EXTRA in a.recommendations]
        assert len(tagged) == 1
    ids = taxonomy_on_disk(path)
    assert EXTRA in ids
    assert "R10" in ids, "the file's own recommendations stay"
    saved = tomli.loads(path.read_text(encoding="utf-8"))
    assert len(saved["annotations"]) == 8


async def test_1_and_s_use_the_codebook(project: Path) -> None:
    app = board_app(project)
    async with app.run_test(size=SIZE) as pilot:
        main = await open_council(pilot, project)
        span = await go_to_sentence(pilot, first_untagged_sentence(app))
        await pilot.press("1", "s", "s")
        annotation = main.editing.annotations.exact(*span)
        assert annotation is not None
        assert annotation.principles == ["collaboration"]
        assert annotation.stance == Stance.OPPOSE, "the codebook has no caution: skipped"


async def test_r_adds_to_the_project_file_and_the_next_document_sees_it(project: Path) -> None:
    app = board_app(project)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        main = await open_council(pilot, project)
        span = await go_to_sentence(pilot, first_untagged_sentence(app))
        quote = main.document.text[span[0] : span[1]]
        await pilot.press("R")
        codebook = codebook_on_disk(project)
        new = codebook["R11"]  # the sample's codebook has R1 to R10
        assert new["passage"] == {
            "document": "council",
            "start": span[0],
            "end": span[1],
            "quote": quote,
        }
        assert any("to the codebook" in t for t in toasts(app))
        await wait_for_autosave(pilot)
        council = project / "documents" / "council.analyst-a.toml"
        assert new["id"] in taxonomy_on_disk(council)
        # undo takes it out of this file; the codebook keeps it
        await pilot.press("u")
        await wait_for_autosave(pilot)
        assert new["id"] not in taxonomy_on_disk(council)
        assert new["id"] in codebook_on_disk(project)
        # the board's project has it, and so does the next document of the board
        assert new["id"] in [r.id for r in board(app).project.model.codebook.recommendations]
        await pilot.press("ctrl+pagedown")
        other = await annotator_ready(pilot, project / "documents" / "public-0417.analyst-a.toml")
        assert new["id"] in [r.id for r in other.editing.model.taxonomy.recommendations]


async def test_r_with_an_unwritable_project_file_does_nothing(project: Path) -> None:
    project_file = project / "policy-annotate.toml"
    app = board_app(project)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        main = await open_council(pilot, project)
        before = project_file.read_bytes()
        known = [r.id for r in main.editing.model.taxonomy.recommendations]
        project_file.chmod(0o444)
        try:
            await go_to_sentence(pilot, first_untagged_sentence(app))
            await pilot.press("R")
            await wait_until(pilot, lambda: any("not added" in t for t in toasts(app)))
        finally:
            project_file.chmod(0o644)
        message = next(t for t in toasts(app) if "not added" in t)
        assert str(project_file) in message
        assert "\n" not in message
        assert [r.id for r in main.editing.model.taxonomy.recommendations] == known
        assert project_file.read_bytes() == before
        assert not main.editing.dirty


async def test_p_opens_the_review_at_the_passage_and_esc_comes_back(project: Path) -> None:
    app = board_app(project)
    async with app.run_test(size=SIZE) as pilot:
        main = await open_council(pilot, project)
        annotation = next(
            a for a in main.editing.annotations.ordered() if "R1" in a.recommendations
        )
        main.go_to_annotation(annotation.id, focus=True)
        await pilot.pause()
        cursor, scroll = view(app).cursor, view(app).scroll_offset.y
        await pilot.press("P")
        await wait_until(pilot, lambda: isinstance(app.screen, PassageScreen))
        passage = app.screen
        assert isinstance(passage, PassageScreen)
        review = passage.query_one("#passage-document")
        passage_entry = codebook_on_disk(project)["R1"]["passage"]
        assert review.cursor == (passage_entry["start"], passage_entry["end"])  # type: ignore[attr-defined]
        await pilot.pause()
        text = screen_text(app)
        assert "R1: The government should establish a Digital Leadership Board" in text
        assert "Recommendation 1: The government should establish" in text
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is main)
        assert view(app).cursor == cursor
        assert view(app).scroll_offset.y == scroll


async def test_p_without_a_recommendation_says_so(project: Path) -> None:
    app = board_app(project)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_council(pilot, project)
        await go_to_sentence(pilot, first_untagged_sentence(app))
        await pilot.press("P")
        await wait_until(pilot, lambda: bool(toasts(app)))
        assert any("points at a passage" in t for t in toasts(app))
        assert isinstance(app.screen, MainScreen)


async def test_a_document_opened_directly_in_a_project_uses_its_codebook(project: Path) -> None:
    document = project / "documents" / "council.md"
    annotations = project / "documents" / "council.analyst-a.toml"
    app = PolicyAnnotateApp(
        prepare_session(document, annotations, "analyst-a", load_annotations=False)
    )
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: main_screen(app).is_loaded)
        main = main_screen(app)
        assert main.session.document_id == "council"
        assert EXTRA in [r.id for r in main.editing.model.taxonomy.recommendations]
        await go_to_sentence(pilot, first_untagged_sentence(app))
        await pilot.press("R")
        assert codebook_on_disk(project)["R11"]["passage"]["document"] == "council"


async def test_a_document_outside_any_project_keeps_its_own_taxonomy(
    tmp_path: Path, samples: Path
) -> None:
    shutil.copyfile(samples / "documents" / "council.md", tmp_path / "council.md")
    app = PolicyAnnotateApp(
        prepare_session(tmp_path / "council.md", None, "a", load_annotations=False)
    )
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: main_screen(app).is_loaded)
        main = main_screen(app)
        assert main.session.project is None
        assert main.check_action("recommendation_passage", ()) is False


async def test_ctrl_o_in_the_tag_picker_shows_the_passage_and_esc_comes_back(project: Path) -> None:
    app = board_app(project)
    async with app.run_test(size=SIZE) as pilot:
        await open_council(pilot, project)
        await go_to_sentence(pilot, first_untagged_sentence(app))
        await pilot.press("t")
        await wait_until(pilot, lambda: isinstance(app.screen, TagPicker))
        picker = app.screen
        assert "Ctrl+O its passage in the review" in screen_text(app)
        await pilot.press(*"service standard", "ctrl+o")
        await wait_until(pilot, lambda: isinstance(app.screen, PassageScreen))
        assert "R3: The government should adopt a single Service Standard" in screen_text(app)
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is picker)
        assert picker.query_one("#picker-filter").value == "service standard"  # type: ignore[attr-defined]
