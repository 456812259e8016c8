"""The main screen's key bindings (each with an id, for keys.toml, and a description)."""

from __future__ import annotations

from textual.binding import Binding, BindingType

SUGGESTION_KEYS = Binding.Group("Suggestion")
"""The suggestion queue's keys, one item of the footer."""

MAIN_BINDINGS: list[BindingType] = [
    Binding(
        "1",
        "toggle_principle(0)",
        "Toggle principle 1",
        id="main.toggle_principle_1",
        show=False,
    ),
    Binding(
        "2",
        "toggle_principle(1)",
        "Toggle principle 2",
        id="main.toggle_principle_2",
        show=False,
    ),
    Binding(
        "3",
        "toggle_principle(2)",
        "Toggle principle 3",
        id="main.toggle_principle_3",
        show=False,
    ),
    Binding(
        "t",
        "tag_picker",
        "Tag",
        id="main.tag_picker",
        tooltip="Pick principles and recommendations",
        # priority, as / and e: the keys typed right after t are the filter
        priority=True,
    ),
    # Enter too, but not first: the annotation list's Enter goes to the passage
    Binding("enter", "tag_picker", "Tag", id="main.tag_picker_enter", show=False),
    Binding(
        "s",
        "cycle_stance",
        "Stance",
        id="main.cycle_stance",
        tooltip="Cycle neutral, support, caution, oppose",
    ),
    # priority, as /: the keys typed right after e are the note (MainScreen.check_action)
    Binding("e", "edit_note", "Note", id="main.edit_note", priority=True),
    Binding(
        "R",
        "add_recommendation",
        "Add recommendation",
        id="main.add_recommendation",
        show=False,
    ),
    Binding(
        "P",
        "recommendation_passage",
        "Passage",
        id="main.recommendation_passage",
        tooltip="The review at the passage of the annotation's recommendation (Esc: back)",
        show=False,  # at 80 columns the footer would lose Board and Quit for it: ? lists it
    ),
    Binding(
        "right_square_bracket",
        "jump_annotation(1)",
        "Next annotation",
        id="main.next_annotation",
        show=False,
    ),
    Binding(
        "left_square_bracket",
        "jump_annotation(-1)",
        "Previous annotation",
        id="main.previous_annotation",
        show=False,
    ),
    Binding("x,delete", "delete_annotation", "Delete", id="main.delete_annotation", show=False),
    Binding("u,ctrl+z", "undo", "Undo", id="main.undo"),
    Binding("ctrl+r,ctrl+y", "redo", "Redo", id="main.redo", show=False),
    Binding(
        "slash",
        "search",
        "Search",
        id="main.search",
        # taken as the app reads it, not once the document pane has the keys typed after it
        # (a burst, a paste): those are the query (MainScreen.check_action: not in a text box)
        priority=True,
    ),
    Binding(
        "S,f2",
        "summary",
        "Summary",
        id="main.summary",
        tooltip="Coverage of principles and recommendations",
    ),
    Binding("n", "search_step(1)", "Next match", id="main.next_match", show=False),
    Binding("N", "search_step(-1)", "Previous match", id="main.previous_match", show=False),
    Binding("tab", "switch_pane", "Switch pane", id="main.switch_pane", show=False),
    Binding(
        "p",
        "toggle_panel",
        "Panel",
        id="main.toggle_panel",
        tooltip="Hide or show the annotation panel",
        show=False,
    ),
    Binding(
        "ctrl+s",
        "save",
        "Save",
        id="main.save",
        tooltip="Save now (changes are also saved automatically)",
        show=False,  # saving is automatic: the footer's room goes to Help and Quit at 80 columns
    ),
    Binding("question_mark,f1", "help", "Help", id="main.help"),
    Binding(
        "o",
        "outline",
        "Outline",
        id="main.outline",
        tooltip="The document's headings: type to filter, Enter goes there",
        show=False,
    ),
    Binding(
        "A",
        "review_anchors",
        "Review re-anchored annotations",
        id="main.review_anchors",
        tooltip="Step through the annotations marked fuzzy or orphaned",
        show=False,
    ),
    Binding(
        "D",
        "detect_recommendations",
        "Detect recommendations",
        id="main.detect_recommendations",
        tooltip="Find the document's numbered recommendations and add them to the taxonomy",
        show=False,
    ),
    Binding(
        "F",
        "suggest",
        "Suggest passages",
        id="main.suggest",
        tooltip="The passages most likely to speak to a tag, one by one: accept, reject or skip",
        show=False,
    ),
    # While a suggestion queue runs (check_action). Before the review keys, so that the footer
    # lists them in this order, as one group ("a r . Suggestion"): with one description each,
    # Quit would not fit in the footer at 80 columns. The suggestion bar names each.
    Binding(
        "a",
        "suggestion('accept')",
        "Accept",
        id="suggest.accept",
        tooltip="Tag the passage with the tag",
        group=SUGGESTION_KEYS,
    ),
    Binding(
        "r",
        "suggestion('reject')",
        "Reject",
        id="suggest.reject",
        tooltip="Record it as not about the tag: it is not suggested again",
        group=SUGGESTION_KEYS,
    ),
    Binding("full_stop", "suggestion('skip')", "Skip", id="suggest.skip", group=SUGGESTION_KEYS),
    Binding("escape", "suggestion('end')", "Stop suggesting", id="suggest.end", show=False),
    # While reviewing (check_action disables them otherwise; the review bar lists them)
    Binding("a", "review_accept", "Accept the span", id="review.accept", show=False),
    Binding("d", "review_delete", "Delete the annotation", id="review.delete", show=False),
    Binding("full_stop", "review_step(1)", "Next to review", id="review.next", show=False),
    Binding("comma", "review_step(-1)", "Previous to review", id="review.previous", show=False),
    Binding("escape", "review_end", "End the review", id="review.end", show=False),
    # Opened from a project's board (check_action disables them otherwise)
    Binding(
        "escape,backspace",
        "back_to_board",
        "Board",
        id="main.back_to_board",
        tooltip="Save and go back to the document board",
    ),
    Binding(
        "ctrl+pagedown",
        "open_neighbour(1)",
        "Next doc",
        id="main.next_document",
        tooltip="Save and open the next document of the board",
        show=False,  # at 80 columns the footer has room for Board but not for Help and Quit too
        priority=True,  # else a pane's scroll binding (page_right) would take the key first
    ),
    Binding(
        "ctrl+pageup",
        "open_neighbour(-1)",
        "Previous doc",
        id="main.previous_document",
        tooltip="Save and open the previous document of the board",
        show=False,
        priority=True,
    ),
]
"""The main screen's bindings; the review keys work only while reviewing, the suggestion keys
only while a suggestion queue runs (check_action)."""
