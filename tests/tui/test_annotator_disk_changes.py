"""The annotation file changed on disk while the annotator shows it (another analyst, a git
pull): reloaded when nothing is unsaved; with unsaved changes, Ctrl+S then "merge theirs into
mine" writes the union, lists what kept mine, and Ctrl+Z undoes the merge."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from tui_helpers import (
    SIZE,
    Workspace,
    first_untagged_sentence,
    go_to_sentence,
    main_screen,
    save_state,
    screen_text,
    toasts,
    view,
    wait_for_autosave,
    wait_for_save,
    wait_until,
)

import tui.flows.disk_watch
from annotations.session.disk_changes import read_on_disk
from annotations.session.store import load_store
from tui.flows.disk_watch import DiskFlow
from tui.screens.dialogs import ConflictScreen
from tui.screens.main import MainScreen
from tui.screens.merge_conflicts import MergeConflictsScreen
from tui.screens.note_editor import NoteEditor

THEIR_NOTE = "Analyst B's note, pulled."


@pytest.fixture(autouse=True)
def watch_often(monkeypatch: pytest.MonkeyPatch) -> None:
    """Look at the file every tenth of a second."""
    monkeypatch.setattr(tui.flows.disk_watch, "WATCH_SECONDS", 0.1)


def teammate_edits(workspace: Workspace, span: tuple[int, int] | None = None) -> str:
    """Another analyst's version on disk: a note on the first annotation and, if ``span`` is
    given, a new annotation there; returns the first annotation's id."""
    store = load_store(workspace.annotations)
    first = store.model.annotations[0]
    store.model.annotations[0] = first.model_copy(update={"note": THEIR_NOTE})
    if span is not None:
        annotation = store.model.annotations[1].model_copy(
            update={"id": "theirs-new", "note": "theirs"}
        )
        store.model.annotations.append(annotation)
    store.save()
    return first.id


def notes(workspace: Workspace, path: Path | None = None) -> dict[str, str]:
    return {a["id"]: a.get("note", "") for a in workspace.saved_annotations(path)}


def unfit_version(workspace: Workspace, **update: object) -> Any:
    """Another analyst's version on disk whose first annotation, changed by ``update``, does not
    fit the document (opening the file refuses it); returns that annotation as it was."""
    store = load_store(workspace.annotations)
    first = store.model.annotations[0]
    store.model.annotations[0] = first.model_copy(update=update)
    store.save()
    return first


async def loaded(pilot: Pilot[Any]) -> MainScreen:
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, MainScreen) and app.screen.is_loaded)
    return main_screen(app)  # type: ignore[arg-type]


async def test_a_file_changed_on_disk_without_unsaved_changes_is_reloaded(
    workspace: Workspace,
) -> None:
    app = workspace.app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await loaded(pilot)
        first = teammate_edits(workspace)
        theirs = workspace.annotations.read_bytes()
        await wait_until(
            pilot,
            lambda: screen.editing.annotations.get(first).note == THEIR_NOTE,  # type: ignore[union-attr]
        )
        await wait_until(pilot, lambda: any("changed on disk: reloaded" in t for t in toasts(app)))
        assert save_state(app) == "saved"
        await wait_for_save(pilot)
        assert workspace.annotations.read_bytes() == theirs  # nothing written
        await pilot.press("ctrl+z")  # back to what was shown: saved over theirs
        await wait_for_autosave(pilot)
        assert notes(workspace)[first] != THEIR_NOTE


async def test_merge_theirs_into_mine_writes_the_union_and_undo_takes_it_back(
    workspace: Workspace,
) -> None:
    app = workspace.app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await loaded(pilot)
        span = await go_to_sentence(pilot, first_untagged_sentence(app))
        await pilot.press("1")  # mine: a new annotation, unsaved for a moment
        first = teammate_edits(workspace, span)
        await wait_until(pilot, lambda: screen.editing.in_conflict)
        assert save_state(app) == "conflict"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, ConflictScreen))
        assert "Merge theirs into mine (m)" in screen_text(app)
        await pilot.press("m")
        await wait_until(pilot, lambda: save_state(app) == "saved")
        await wait_for_save(pilot)
        on_disk = notes(workspace)
        assert on_disk[first] == THEIR_NOTE
        assert "theirs-new" in on_disk
        mine = [a for a in workspace.saved_annotations() if (a["start"], a["end"]) == span]
        assert [a["principles"] for a in mine] == [["collaboration"]]
        assert any("Merged theirs into mine" in t for t in toasts(app))
        await pilot.press("ctrl+z")  # the merge, in one step
        await wait_for_autosave(pilot)
        on_disk = notes(workspace)
        assert "theirs-new" not in on_disk
        assert on_disk[first] != THEIR_NOTE
        assert any((a["start"], a["end"]) == span for a in workspace.saved_annotations())


async def test_conflicts_of_a_merge_are_listed_and_theirs_is_kept_beside(
    workspace: Workspace,
) -> None:
    app = workspace.app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await loaded(pilot)
        editing = screen.editing
        first_id = editing.model.annotations[0].id
        first = editing.annotations.get(first_id)
        assert first is not None
        editing.set_note(first, "My note, unsaved.")  # as the note editor would
        teammate_edits(workspace)
        await wait_until(pilot, lambda: editing.in_conflict)
        await pilot.press("ctrl+s", "m")
        await wait_until(pilot, lambda: isinstance(app.screen, MergeConflictsScreen))
        conflict = f"annotation {first_id}: changed differently on both sides"
        await wait_until(pilot, lambda: conflict in screen_text(app))
        text = screen_text(app)
        assert "review.analyst-a.theirs.toml" in text
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))
        await wait_until(pilot, lambda: save_state(app) == "saved")
        await wait_for_save(pilot)
        assert notes(workspace)[first_id] == "My note, unsaved."
        copy = workspace.folder / "review.analyst-a.theirs.toml"
        assert notes(workspace, copy)[first_id] == THEIR_NOTE


async def test_a_version_that_does_not_fit_the_document_is_not_taken_in(
    workspace: Workspace,
) -> None:
    """A teammate's version with an annotation past the document's end (which opening the file
    refuses) is told about and left out; the next save conflicts, and overwriting it writes a
    file that opens."""
    app = workspace.app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await loaded(pilot)
        theirs = unfit_version(workspace, start=999_990, end=1_000_000, quote="0123456789")
        await wait_until(
            pilot, lambda: any("changed on disk but cannot be taken in" in t for t in toasts(app))
        )
        [notice] = [t for t in toasts(app) if "cannot be taken in" in t]
        assert "is outside the document" in notice
        shown = screen.editing.annotations.get(theirs.id)
        assert shown is not None
        assert shown.start == theirs.start  # mine, as shown
        assert not screen.editing.review_ids
        await go_to_sentence(pilot, first_untagged_sentence(app))
        await pilot.press("1")
        await wait_until(pilot, lambda: screen.editing.in_conflict)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, ConflictScreen))
        await pilot.press("o")
        await wait_until(pilot, lambda: save_state(app) == "saved")
        await wait_for_save(pilot)
    reopened = load_store(workspace.annotations)  # raises if the file would not open
    [kept] = [a for a in reopened.model.annotations if a.id == theirs.id]
    assert (kept.start, kept.end) == (theirs.start, theirs.end)


async def test_a_file_deleted_on_disk_is_written_again(workspace: Workspace) -> None:
    """Deleted while shown with nothing unsaved: the header no longer says "saved" over
    nothing; a notice says so and the annotations are written to the file again."""
    app = workspace.app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await loaded(pilot)
        ids = [a.id for a in screen.editing.model.annotations]
        workspace.annotations.unlink()
        await wait_until(pilot, lambda: any("was deleted on disk" in t for t in toasts(app)))
        await wait_until(pilot, workspace.annotations.exists)
        await wait_until(pilot, lambda: save_state(app) == "saved")
        await wait_for_save(pilot)
        assert [a["id"] for a in workspace.saved_annotations()] == ids


async def test_the_conflict_dialog_fits_80x24_with_a_long_file_name(workspace: Workspace) -> None:
    """Every choice of the conflict dialog is on screen, whole, at 80x24, even when the file's
    name (twice in it) wraps its explanation onto more lines."""
    long_name = workspace.folder / "review.consultation-team-of-the-northern-region-a.toml"
    workspace.annotations.rename(long_name)
    workspace = Workspace(workspace.folder, workspace.document, long_name)
    app = workspace.app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await loaded(pilot)
        await go_to_sentence(pilot, first_untagged_sentence(app))
        await pilot.press("1")  # mine, unsaved for a moment
        teammate_edits(workspace)
        await wait_until(pilot, lambda: screen.editing.in_conflict)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, ConflictScreen))
        await pilot.pause()
        dialog = app.screen.query_one(".dialog")
        assert dialog.region.y >= 0
        assert dialog.region.bottom <= 24
        for button in app.screen.query("Button"):
            assert dialog.region.contains_region(button.region), button.id
        text = screen_text(app)
        for choice in ("Merge theirs into mine (m)", "Overwrite it (o)", "Keep editing (Esc)"):
            assert choice in text


async def test_a_note_kept_on_an_annotation_deleted_on_disk_meanwhile(
    workspace: Workspace,
) -> None:
    """The note editor open on an annotation that a teammate's version, reloaded meanwhile,
    deleted: keeping the note brings the annotation back (it used to end the app with a
    KeyError and lose the note)."""
    app = workspace.app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await loaded(pilot)
        first = screen.editing.model.annotations[0]
        view = screen.document_view
        view.set_cursor((first.start, first.end), anchor=None)
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, NoteEditor))
        store = load_store(workspace.annotations)
        del store.model.annotations[0]
        store.save()
        # the watcher takes nothing in under a dialog; what it would take in once the dialog
        # is closed, taken in now: a note kept must still apply to the annotation as it is
        screen.editing.reload(read_on_disk(workspace.annotations, screen.editing.document))
        assert screen.editing.annotations.get(first.id) is None
        await pilot.press("end", *" Mine.", "ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))
        await wait_for_autosave(pilot)
    assert notes(workspace)[first.id] == first.note + " Mine."


async def test_a_change_on_disk_while_the_note_editor_is_open_waits_for_it_and_is_not_lost(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reloading under the note editor would let the note typed over the old one replace
    theirs without a conflict: the file is taken in only once the dialog is closed."""
    looks = 0
    look = DiskFlow.check

    def counted_look(flow: DiskFlow) -> None:
        nonlocal looks
        looks += 1
        look(flow)

    monkeypatch.setattr(DiskFlow, "check", counted_look)
    app = workspace.app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await loaded(pilot)
        first = screen.editing.model.annotations[0]
        view(app).set_cursor((first.start, first.end), anchor=None)
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, NoteEditor))
        teammate_edits(workspace)
        seen = looks
        await wait_until(pilot, lambda: looks >= seen + 3)  # time enough to take it in
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("ctrl+u", *"Mine", "ctrl+s")  # typed over the note as it was shown
        await wait_until(
            pilot,
            lambda: screen.editing.annotations.get(first.id).note == "Mine",  # type: ignore[union-attr]
        )
        await wait_until(pilot, lambda: save_state(app) in {"conflict", "saved"})
        assert save_state(app) == "conflict"
        await pilot.press("ctrl+s", "m")
        await wait_until(pilot, lambda: isinstance(app.screen, MergeConflictsScreen))
        await pilot.press("escape")
        await wait_until(pilot, lambda: save_state(app) == "saved")
        await wait_for_save(pilot)
        assert notes(workspace)[first.id] == "Mine"
        copy = workspace.folder / "review.analyst-a.theirs.toml"
        assert notes(workspace, copy)[first.id] == THEIR_NOTE


async def test_a_version_on_disk_that_does_not_fit_the_document_is_not_taken_in(
    workspace: Workspace,
) -> None:
    """Opening refuses a quote that is not the text at its span: reloading it (then saving it
    with the next change) would leave a file the app cannot open again."""
    app = workspace.app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await loaded(pilot)
        first = load_store(workspace.annotations).model.annotations[0]
        unfit_version(workspace, quote="x" * len(first.quote), note=THEIR_NOTE)
        await wait_until(pilot, lambda: any("cannot be taken in" in t for t in toasts(app)))
        assert any("quote does not match the document" in t for t in toasts(app))
        assert screen.editing.annotations.get(first.id).note != THEIR_NOTE  # type: ignore[union-attr]
        await go_to_sentence(pilot, first_untagged_sentence(app))
        await pilot.press("1")
        await wait_until(pilot, lambda: screen.editing.in_conflict)  # not written over theirs


async def test_a_look_at_the_file_that_began_before_a_save_of_ours_is_not_taken_in(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The watcher read the file (as it was), then a save of ours replaced it before that read
    reached the screen: taking in what it read would undo the change just saved ("reload
    from disk" to the version before it)."""
    import threading

    import annotations.session.disk_changes

    read_at_once = annotations.session.disk_changes.read_on_disk
    read, release = threading.Event(), threading.Event()

    def read_then_wait(path: Path, document: Any) -> Any:
        on_disk = read_at_once(path, document)
        read.set()
        release.wait(30)
        return on_disk

    monkeypatch.setattr(annotations.session.disk_changes, "read_on_disk", read_then_wait)
    app = workspace.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        stat = workspace.annotations.stat()
        os.utime(workspace.annotations, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
        screen.disk_watch.check()  # the stat moved (same bytes): read it
        await wait_until(pilot, read.is_set)
        span = await go_to_sentence(pilot, first_untagged_sentence(app))
        await pilot.press("1", "ctrl+s")
        await wait_until(pilot, lambda: save_state(app) == "saved")
        assert any((a["start"], a["end"]) == span for a in workspace.saved_annotations())
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.editing.annotations.exact(*span) is not None  # still shown
        assert save_state(app) == "saved"
        assert any((a["start"], a["end"]) == span for a in workspace.saved_annotations())
