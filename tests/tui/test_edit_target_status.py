"""The status line says what the next edit applies to (issue 17): the selection, an annotation
and how far it spans, or the sentence, so that 2 on a sentence inside an annotated paragraph is
not a surprise."""

from __future__ import annotations

import pytest
from tui_helpers import (
    SIZE,
    Workspace,
    first_untagged_sentence,
    go_to_sentence,
    main_screen,
    sentences,
    status_text,
)


@pytest.mark.parametrize("size", [SIZE, (80, 24)])
async def test_the_status_line_names_the_target_of_the_next_edit(
    workspace: Workspace, size: tuple[int, int]
) -> None:
    app = workspace.app()
    async with app.run_test(size=size) as pilot:
        screen = main_screen(app)
        document = screen.editing.document
        # An annotation spanning a whole paragraph of several sentences.
        paragraph = next(
            a
            for a in screen.editing.annotations.ordered()
            if (a.start, a.end)
            in zip(document.paragraph_starts, document.paragraph_ends, strict=True)
            and len(document.paragraph_sentences(document.paragraph_at(a.start))) > 1
        )
        second = document.paragraph_sentences(document.paragraph_at(paragraph.start))[1]
        await go_to_sentence(pilot, sentences(app).index(second))
        assert "annotation (a paragraph)" in status_text(app)
        # ... and 2 indeed applies to that annotation, as the status line said.
        before = len(screen.editing.annotations)
        await pilot.press("2")
        assert len(screen.editing.annotations) == before
        changed = screen.editing.annotations.get(paragraph.id)
        assert changed is not None
        assert changed.principles != paragraph.principles

        await go_to_sentence(pilot, first_untagged_sentence(app))
        assert "the sentence" in status_text(app)
        await pilot.press("shift+down")
        assert "the selection" in status_text(app)
        await pilot.press("escape")
        assert "the sentence" in status_text(app)
