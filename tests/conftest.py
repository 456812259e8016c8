"""Fixtures shared by every test tier: the samples and the real documents of the corpus."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
CORPUS = Path(os.environ.get("POLICY_ANNOTATE_CORPUS", ROOT.parent / "shared" / "corpus"))
# The published schemas of the interchange formats (REFI-QDA XSDs, the W3C Web Annotation test
# suite's JSON schemas), never copied into the project: see ../shared/schemas/SOURCES.md.
SCHEMAS = ROOT.parent / "shared" / "schemas"


@pytest.fixture
def samples() -> Path:
    """The folder of the bundled samples (read only: copy before changing anything)."""
    return SAMPLES


@pytest.fixture
def corpus() -> Path:
    """The folder of real policy documents; tests using it skip where it is absent."""
    if not CORPUS.is_dir():
        pytest.skip(f"the corpus of real documents is not at {CORPUS} (set POLICY_ANNOTATE_CORPUS)")
    return CORPUS


@pytest.fixture
def schemas() -> Path:
    """The folder of published interchange schemas; tests using it skip where it is absent."""
    if not SCHEMAS.is_dir():
        pytest.skip(f"the published interchange schemas are not at {SCHEMAS}")
    return SCHEMAS


@pytest.fixture(autouse=True)
def _isolated_state(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keep user config, state (reading positions, key maps) and caches (the project cache) out
    of the real home folder."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("POLICY_ANNOTATE_AUTHOR", "tester")
