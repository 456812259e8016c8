"""``D`` in a project: the detected recommendations chosen go to the project's codebook (the
project file on disk, with their passages) and then to the annotation file as one undoable edit,
so that every document sees them; files on disk checked."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import tomli
from test_board import annotator_ready, board_app, board_ready
from test_codebook_app import codebook_on_disk, taxonomy_on_disk
from textual.pilot import Pilot
from tui_helpers import main_screen, toasts, wait_for_save, wait_until

from annotations.documents.detection import detect_recommendations
from annotations.projects.project import load_project
from tui.screens.detected import DetectedPicker

SIZE = (120, 40)
KEPT = ["R1", "R2"]


@pytest.fixture
def project(tmp_path: Path, samples: Path) -> Path:
    """A copy of the sample project whose codebook has only R1 and R2 of the review's ten."""
    folder = tmp_path / "project"
    shutil.copytree(samples, folder)
    loaded = load_project(folder)
    codebook = loaded.model.codebook
    codebook.recommendations = [r for r in codebook.recommendations if r.id in KEPT]
    loaded.save()
    return folder


async def choose_r3_and_r5(pilot: Pilot[Any]) -> None:
    """D, then tick the first and third detected items not in the taxonomy (R3, R5)."""
    app = pilot.app
    await pilot.press("D")
    await wait_until(pilot, lambda: isinstance(app.screen, DetectedPicker))
    await pilot.pause()
    await pilot.press("space", "down", "down", "space", "enter")


async def test_d_adds_to_the_project_file_and_the_next_document_sees_it(project: Path) -> None:
    app = board_app(project, None)  # "tester": a newcomer, whose new file has the codebook's
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await board_ready(pilot)
        await pilot.press("enter")
        path = project / "review.tester.toml"
        main = await annotator_ready(pilot, path)
        await choose_r3_and_r5(pilot)
        await wait_until(pilot, lambda: "R5" in codebook_on_disk(project))
        detected = {d.id: d for d in detect_recommendations(main.document)}
        codebook = codebook_on_disk(project)
        assert list(codebook) == [*KEPT, "R3", "R5"]
        for key in ("R3", "R5"):
            passage = codebook[key]["passage"]
            assert passage["document"] == "review"
            assert (passage["start"], passage["end"]) == (detected[key].start, detected[key].end)
            assert passage["quote"] == main.document.text[passage["start"] : passage["end"]]
        assert any(
            "Added 2 recommendations to the project's codebook: R3, R5" in t for t in toasts(app)
        )
        await pilot.press("ctrl+s")
        await wait_for_save(pilot)
        assert taxonomy_on_disk(path) == [*KEPT, "R3", "R5"]
        saved = {
            r["id"]: r
            for r in tomli.loads(path.read_text(encoding="utf-8"))["taxonomy"]["recommendations"]
        }
        assert (saved["R3"]["start"], saved["R3"]["end"]) == (
            detected["R3"].start,
            detected["R3"].end,
        )
        # one undo takes both out of this file; the codebook keeps them
        await pilot.press("u")
        await pilot.press("ctrl+s")
        await wait_for_save(pilot)
        assert taxonomy_on_disk(path) == KEPT
        assert list(codebook_on_disk(project)) == [*KEPT, "R3", "R5"]
        # the next document follows the codebook: R3 and R5 are in its taxonomy
        await pilot.press("ctrl+pagedown")
        response = await annotator_ready(pilot, project / "response.tester.toml")
        ids = [r.id for r in response.editing.model.taxonomy.recommendations]
        assert ids[:4] == [*KEPT, "R3", "R5"]
        assert main_screen(app) is response


async def test_d_with_an_unwritable_project_file_adds_nothing(project: Path) -> None:
    app = board_app(project, None)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await board_ready(pilot)
        await pilot.press("enter")
        main = await annotator_ready(pilot, project / "review.tester.toml")
        project_file = project / "policy-annotate.toml"
        before = project_file.read_bytes()
        project_file.chmod(0o444)
        try:
            await choose_r3_and_r5(pilot)
            await wait_until(pilot, lambda: any("were not added" in t for t in toasts(app)))
        finally:
            project_file.chmod(0o644)
        assert project_file.read_bytes() == before
        assert [r.id for r in main.editing.model.taxonomy.recommendations] == KEPT
        assert not main.editing.dirty
