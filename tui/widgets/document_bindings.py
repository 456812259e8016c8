"""The keys of the document pane (each with an id and a description; docs/keys.md lists them)."""

from __future__ import annotations

from textual.binding import Binding, BindingType

DOCUMENT_BINDINGS: list[BindingType] = [
    Binding(
        "j,down",
        "move('sentence', 1)",
        "Next sentence",
        id="document.next_sentence",
        show=False,
    ),
    Binding(
        "k,up",
        "move('sentence', -1)",
        "Previous sentence",
        id="document.previous_sentence",
        show=False,
    ),
    Binding(
        "J,right_curly_bracket",
        "move('paragraph', 1)",
        "Next paragraph",
        id="document.next_paragraph",
        show=False,
    ),
    Binding(
        "K,left_curly_bracket",
        "move('paragraph', -1)",
        "Previous paragraph",
        id="document.previous_paragraph",
        show=False,
    ),
    Binding("w", "move('word', 1)", "Next word", id="document.next_word", show=False),
    Binding("b", "move('word', -1)", "Previous word", id="document.previous_word", show=False),
    Binding("pagedown,space", "page(1)", "Page down", id="document.page_down", show=False),
    Binding("pageup", "page(-1)", "Page up", id="document.page_up", show=False),
    Binding("g,home", "edge(-1)", "Start", id="document.start", show=False),
    Binding("G,end", "edge(1)", "End", id="document.end", show=False),
    Binding(
        "shift+down",
        "extend('sentence', 1)",
        "Extend selection by a sentence",
        id="document.extend_sentence_down",
        show=False,
    ),
    Binding(
        "shift+up",
        "extend('sentence', -1)",
        "Extend selection back by a sentence",
        id="document.extend_sentence_up",
        show=False,
    ),
    Binding(
        "shift+right",
        "extend('word', 1)",
        "Extend selection by a word",
        id="document.extend_word_right",
        show=False,
    ),
    Binding(
        "shift+left",
        "extend('word', -1)",
        "Extend selection back by a word",
        id="document.extend_word_left",
        show=False,
    ),
    Binding(
        "v",
        "toggle_select_mode",
        "Select",
        id="document.select_mode",
        tooltip="Start a selection; motions then extend it",
        show=False,
    ),
    Binding(
        "escape",
        "clear_selection",
        "Clear selection",
        id="document.clear_selection",
        show=False,
    ),
]
