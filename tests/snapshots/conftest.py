"""Snapshot tests start with the Markdown parser loaded.

The app loads it after its first frame and shows the paragraphs that need it as their source
until then; loaded beforehand, the document view uses it from the first frame, so a snapshot
never depends on how soon a worker finished.
"""

from __future__ import annotations

import pytest

from annotations.documents.markdown_display import load_parser


@pytest.fixture(autouse=True)
def markdown_parser_loaded() -> None:
    """Load the Markdown parser (once per process)."""
    load_parser()
