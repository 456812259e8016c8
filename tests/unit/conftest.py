"""Fixtures for the core tests (helpers live in unit_helpers, a name no other tier uses)."""

from __future__ import annotations

from pathlib import Path

import pytest
from unit_helpers import Project, write_project


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """A folder with doc.md and a valid doc.annotations.toml holding two annotations."""
    return write_project(tmp_path / "project")
