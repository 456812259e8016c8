"""Changing annotations from the keyboard: tags, stance, note, deleting, recommendations, undo.

The tag picker and the note editor are remembered while open, so that quitting from them keeps
what was typed or ticked (``keep_open_dialogs``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotations.documents.display import display_safe, shortened
from annotations.session.rules import existing_annotation, span_of

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from annotations.session.editing_session import EditingSession
    from tui.screens.main import MainScreen
    from tui.screens.note_editor import NoteEditor
    from tui.screens.tag_picker import TagChoice, TagPicker


class TaggingFlow:
    """Edits the user makes on the current target (``MainScreen.target``)."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self._note_editor: tuple[NoteEditor, Callable[[str | None], None]] | None = None
        """The note editor while it is open, and what applies its note."""
        self._tag_picker: tuple[TagPicker, Callable[[TagChoice | None], None]] | None = None
        """The tag picker while it is open, and what applies its choice."""

    @property
    def editing(self) -> EditingSession:
        """The editing session."""
        return self.screen.editing

    def _blocked(self) -> bool:
        if self.screen.document.is_blank:
            self.screen.notify(
                "The document is empty: there is nothing to annotate.", severity="warning"
            )
            return True
        return False

    def toggle_principle(self, index: int) -> None:
        """Toggle principle 1, 2 or 3 on the target."""
        principles = self.editing.model.taxonomy.principles
        if index >= len(principles):
            self.screen.notify(f"There is no principle {index + 1}.", severity="warning")
            return
        if self._blocked():
            return
        self.toggle_tag("principles", principles[index].id)

    def ask_author_first(self, retry: Callable[[], object]) -> bool:
        """Before the first signed edit, when nothing said who is annotating: ask for a name
        (once; remembered in the user's config), then ``retry`` the edit. True when asking."""
        if self.screen.author is not None:
            return False
        from tui.launch import login_name
        from tui.screens.author_dialog import AuthorDialog

        login = login_name()

        def answered(name: str | None) -> None:
            if name:
                self._remember(name)
            self.screen.sign_as(name or login)
            retry()

        self.screen.app.push_screen(AuthorDialog(login), answered)
        return True

    def _remember(self, name: str) -> None:
        from tui.user_config import remember_author_or_why

        problem = remember_author_or_why(name)
        if problem is not None:
            self.screen.notify(problem, severity="warning", markup=False)

    def toggle_tag(self, kind: str, tag: str) -> None:
        """Toggle a principle or recommendation on the target."""
        if self._blocked():  # the command palette calls this directly
            return
        if self.ask_author_first(lambda: self.toggle_tag(kind, tag)):
            return
        self.editing.toggle_tag(self.screen.target(), kind, tag)

    def open_tag_picker(self) -> Awaitable[object] | None:
        """Open the tag picker for the target; its choice replaces the target's tags. What to
        await for it to be shown (None when it is not opened now)."""
        if self._blocked() or self.ask_author_first(self.open_tag_picker):
            return None
        target = self.screen.target()
        annotation = target if not isinstance(target, tuple) else None
        start, end = span_of(target)
        principles = set(annotation.principles) if annotation else set()
        recommendations = set(annotation.recommendations) if annotation else set()

        def apply(choice: TagChoice | None) -> None:
            if self._tag_picker is not None and self._tag_picker[0] is picker:
                self._tag_picker = None
            if choice is not None:
                self.editing.set_tags(target, list(choice.principles), list(choice.recommendations))

        from tui.screens.tag_picker import TagPicker

        codebook = self.screen.codebook
        picker = TagPicker(
            self.editing.model,
            principles,
            recommendations,
            self.screen.document.text[start:end],
            codebook.show_passage if codebook.project is not None else None,
        )
        self._tag_picker = (picker, apply)
        return self.screen.app.push_screen(picker, apply)

    def cycle_stance(self) -> None:
        """Cycle the target's stance."""
        if not self._blocked() and not self.ask_author_first(self.cycle_stance):
            self.editing.cycle_stance(self.screen.target())

    def edit_note(self) -> Awaitable[object] | None:
        """Open the note editor for the target: what to await for it to be shown (None when
        it is not opened now)."""
        if self._blocked() or self.ask_author_first(self.edit_note):
            return None
        target = self.screen.target()
        note = target.note if not isinstance(target, tuple) else ""
        start, end = span_of(target)

        def apply(text: str | None) -> None:
            if self._note_editor is not None and self._note_editor[0] is editor:
                self._note_editor = None
            if text is not None and text != note:
                self.editing.set_note(target, text)

        from tui.screens.note_editor import NoteEditor

        editor = NoteEditor(note, self.screen.document.text[start:end])
        self._note_editor = (editor, apply)
        return self.screen.app.push_screen(editor, apply)

    def keep_open_dialogs(self) -> None:
        """Quitting with the note editor or the tag picker open: keep the note typed so far, or
        the tags ticked so far (as Ctrl+S / Enter there would), at once, so that the save made
        before quitting holds them."""
        if self._note_editor is not None:
            editor, apply_note = self._note_editor
            if editor.is_current:
                text = editor.text
                editor.dismiss(None)  # the callback, called later with None, changes nothing
                apply_note(text)
        if self._tag_picker is not None:
            picker, apply_tags = self._tag_picker
            if picker.is_current:
                choice = picker.choice()
                picker.dismiss(None)
                apply_tags(choice)

    def add_recommendation(self) -> None:
        """Add the selected text (or the sentence) as a new recommendation."""
        if self._blocked():
            return
        view = self.screen.document_view
        span = view.selected_span or view.cursor
        where = ""
        if self.screen.codebook.project is not None:  # to the project file first, then here
            edit = self.screen.codebook.add_recommendation(*span)
            if edit is None:
                return
            where = " to the codebook"
        else:
            edit = self.editing.add_recommendation(*span)
        added = edit.added_recommendations[0]
        title = shortened(display_safe(added.title, keep_newlines=False), 80)
        self.screen.notify(f"Added recommendation {added.id}{where}: {title}", timeout=4)

    def delete_annotation(self) -> None:
        """Delete the annotation at the cursor."""
        annotation = existing_annotation(self.editing.annotations, self.screen.target())
        if annotation is None:
            self.screen.notify("No annotation here to delete.", severity="warning", timeout=3)
            return
        self.editing.delete(annotation)
        self.screen.notify("Annotation deleted (u to undo).", timeout=3)

    def undo(self) -> None:
        """Undo the last change (the screen follows it: ``MainScreen.show_change``)."""
        edit = self.editing.undo()
        if edit is None:
            self.screen.notify("Nothing to undo.", timeout=2)
        else:
            self.screen.notify(f"Undone: {edit.label}", timeout=2)

    def redo(self) -> None:
        """Redo the last undone change."""
        edit = self.editing.redo()
        if edit is None:
            self.screen.notify("Nothing to redo.", timeout=2)
        else:
            self.screen.notify(f"Redone: {edit.label}", timeout=2)
