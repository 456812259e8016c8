"""A text area whose text may come from a file: control characters are shown, never sent."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import TextArea

from annotations.documents.display import display_safe


class SafeTextArea(TextArea):
    """A ``TextArea`` that draws each control character as its picture (``display_safe``: an
    escape as ␛, one code point for one, so the cursor stays on its character). A picture takes
    a cell where the text area counts none for the control: a wrapped row holding some may lose
    as many cells at its right edge, and a click after them lands that many characters on.

    Textual's ``TextArea`` sends a line's characters to the terminal as they are: a note read
    from a teammate's file holding ``ESC [2J`` cleared the screen, ``ESC ]0;…`` set the
    window's title. Only the drawing changes: ``text`` keeps every character, so a note saves
    as it was read. Tabs are left to the text area, which expands them.
    """

    def get_line(self, line_index: int) -> Text:
        """The line as drawn: its control characters as pictures."""
        line = self.document.get_line(line_index)
        safe = "\t".join(display_safe(part) for part in line.split("\t"))
        return Text(safe, end="", no_wrap=True)
