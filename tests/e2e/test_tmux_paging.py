"""End to end, through tmux: PgDn pages through the whole of a 2.6 MB bill whose tables of
contents are paragraphs of hundreds of hard-broken lines, and the view moves on every time
(issue 17: it used to jump back into such a paragraph and then stop)."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from test_tmux import (  # the tmux session and its settings
    STARTUP_TIMEOUT,
    STEP_TIMEOUT,
    Terminal,
    annotation_count,
    environment,  # noqa: F401 (a fixture)
    needs_command,
    needs_tmux,
    terminal,  # noqa: F401 (a fixture)
)

pytestmark = [pytest.mark.e2e, pytest.mark.corpus, needs_command, needs_tmux]

BILL = "us-consolidated-appropriations-act-2016.md"
LAST_WORDS = "Vice President of the United States"
MAX_PAGES = 3_000
"""More than the bill's pages at 120x40 (about 1,450): a bound, should PgDn never reach its end."""


def document_pane(screen: str) -> str:
    """The rows between the status bar and the footer, left part (the document pane)."""
    rows = screen.split("\n")[1:-2]
    return "\n".join(row[:60] for row in rows)


def test_page_down_moves_the_view_every_time_to_the_end_of_the_bill(
    terminal: Terminal,  # noqa: F811
    environment: dict[str, str],  # noqa: F811
    corpus: Path,
) -> None:
    shutil.copyfile(corpus / BILL, terminal.folder / BILL)
    terminal.start([BILL], environment)
    screen = terminal.wait_for(
        lambda s: annotation_count(s) is not None, "the annotation file loaded", STARTUP_TIMEOUT
    )
    started = time.monotonic()
    pages = 0
    seen = {document_pane(screen)}
    while LAST_WORDS not in document_pane(screen):
        assert pages < MAX_PAGES, "PgDn never reached the end of the bill"
        before = document_pane(screen)
        terminal.keys("PageDown")
        pages += 1
        screen = terminal.wait_for(
            lambda s, before=before: document_pane(s) != before,  # type: ignore[misc]
            f"PgDn number {pages} to move the view",
            STEP_TIMEOUT,
        )
        pane = document_pane(screen)
        assert pane not in seen, f"PgDn number {pages} went back to a screen already shown"
        seen.add(pane)
    print(f"{pages} pages in {time.monotonic() - started:.1f}s")
    assert pages > 1_000
    terminal.keys("q")
    assert terminal.wait_for_exit() == 0
