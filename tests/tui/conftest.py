"""Fixtures for the Pilot tests: a copy of the sample review in a temporary folder, and the app.

Every test works on its own copy (``tmp_path``), so the files on disk can be read back and
checked; the autouse fixture of tests/conftest.py keeps key maps and reading positions out of
the real home folder. Helpers shared by the test modules are in tui_helpers.py.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from tui_helpers import Workspace, revise_review

from tui.app import PolicyAnnotateApp


@pytest.fixture
def workspace(tmp_path: Path, samples: Path) -> Workspace:
    """The sample review and analyst A's annotations, copied into ``tmp_path``."""
    shutil.copyfile(samples / "review.md", tmp_path / "review.md")
    shutil.copyfile(samples / "review.analyst-a.toml", tmp_path / "review.analyst-a.toml")
    return Workspace(tmp_path, tmp_path / "review.md", tmp_path / "review.analyst-a.toml")


@pytest.fixture
def fresh(tmp_path: Path, samples: Path) -> Workspace:
    """The sample review alone: the app starts a new ``review.annotations.toml`` for it."""
    shutil.copyfile(samples / "review.md", tmp_path / "review.md")
    return Workspace(tmp_path, tmp_path / "review.md", tmp_path / "review.annotations.toml")


@pytest.fixture
def revised(workspace: Workspace) -> Workspace:
    """Analyst A's annotations of the sample review, whose document was revised since
    (``revise_review``: a reworded quote, an inserted sentence, a deleted one)."""
    revise_review(workspace.document)
    return workspace


@pytest.fixture
def app(workspace: Workspace) -> PolicyAnnotateApp:
    """The app on the copied review and analyst A's annotations."""
    return workspace.app()


@pytest.fixture(autouse=True)
def _no_watching_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    """The annotator and the board look at their files on disk every few seconds; most tests
    change a file on disk to set up a conflict and must not race that look. The tests of
    watching (test_annotator_disk_changes.py, test_board_disk_changes.py) set a short interval of their own."""
    import tui.flows.disk_watch

    monkeypatch.setattr(tui.flows.disk_watch, "WATCH_SECONDS", 3600.0)
