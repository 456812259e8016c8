"""The tag picker's filter takes spaces: recommendation titles are phrases ("digital leadership").

Space toggles the highlighted tag while the filter is empty (browsing with the arrows); once the
filter has text, Space types a space and Tab toggles (as in fzf and other fuzzy pickers).
"""

from __future__ import annotations

import os
from pathlib import Path

from rich.color import Color
from rich.style import Style
from textual import events
from textual.geometry import Region
from textual.widgets import Input, Label, SelectionList
from tui_helpers import (
    SIZE,
    Workspace,
    first_untagged_sentence,
    go_to_sentence,
    main_screen,
    screen_text,
    wait_for_save,
)

from tui.screens.main import MainScreen
from tui.screens.tag_picker import TagPicker


def _values(picker: TagPicker) -> list[str]:
    options = picker.query_one("#picker-list", SelectionList)
    return [str(options.get_option_at_index(i).value) for i in range(options.option_count)]


async def test_a_filter_with_spaces_can_be_typed_and_tab_toggles(workspace: Workspace) -> None:
    app = workspace.app()
    async with app.run_test(size=SIZE) as pilot:
        span = await go_to_sentence(pilot, first_untagged_sentence(app))
        await pilot.press("t")
        picker = app.screen
        assert isinstance(picker, TagPicker)
        await pilot.press(*"digital leadership")
        assert picker.query_one("#picker-filter", Input).value == "digital leadership"
        assert _values(picker) == ["r:R1"]  # "...a Digital Leadership Board..."
        assert not any(picker.chosen.values())  # the space typed, it toggled nothing
        await pilot.pause()
        assert "digital leadership" in screen_text(app)
        await pilot.press("tab")
        assert picker.chosen["r:R1"]
        await pilot.press("enter")
        assert isinstance(app.screen, MainScreen)
        created = main_screen(app).editing.annotations.exact(*span)
        assert created is not None
        assert created.recommendations == ["R1"]
        await pilot.press("ctrl+s")
        await wait_for_save(pilot)
    [saved] = [a for a in workspace.saved_annotations() if (a["start"], a["end"]) == span]
    assert saved["recommendations"] == ["R1"]


async def test_keys_arriving_in_a_burst_type_the_space(workspace: Workspace) -> None:
    """Keys sent all at once (a fast typist, tmux send-keys): Space still sees the text before it."""
    app = workspace.app()
    async with app.run_test(size=SIZE) as pilot:
        await go_to_sentence(pilot, first_untagged_sentence(app))
        await pilot.press("t")
        picker = app.screen
        assert isinstance(picker, TagPicker)
        driver = app._driver
        assert driver is not None
        for character in "digital leadership":
            key = events.Key("space" if character == " " else character, character)
            key.set_sender(app)
            driver.send_message(key)  # no waiting between the keys
        await pilot.pause(0.2)
        assert picker.query_one("#picker-filter", Input).value == "digital leadership"
        assert _values(picker) == ["r:R1"]
        assert not any(picker.chosen.values())


async def test_words_match_in_any_order(workspace: Workspace) -> None:
    app = workspace.app()
    async with app.run_test(size=SIZE) as pilot:
        await go_to_sentence(pilot, first_untagged_sentence(app))
        await pilot.press("t", *"board digital")
        picker = app.screen
        assert isinstance(picker, TagPicker)
        assert _values(picker) == ["r:R1"]


async def test_space_toggles_while_the_filter_is_empty(workspace: Workspace) -> None:
    app = workspace.app()
    async with app.run_test(size=SIZE) as pilot:
        await go_to_sentence(pilot, first_untagged_sentence(app))
        await pilot.press("t", "down", "space")
        picker = app.screen
        assert isinstance(picker, TagPicker)
        assert picker.chosen["p:redesign"]
        assert picker.query_one("#picker-filter", Input).value == ""
        # Text typed and then erased: Space toggles again (the highlight went back to the top).
        await pilot.press("x", "backspace", "down", "space")
        assert not picker.chosen["p:redesign"]
        assert picker.query_one("#picker-filter", Input).value == ""
        # Tab toggles whatever the filter holds.
        await pilot.press("tab")
        assert picker.chosen["p:redesign"]


async def test_space_types_when_the_key_map_takes_it_off_the_toggle(
    workspace: Workspace,
) -> None:
    """keys.toml gives ``picker.toggle`` Tab alone: Space on the empty filter types a space."""
    keys = Path(os.environ["XDG_CONFIG_HOME"]) / "policy-annotate" / "keys.toml"
    keys.parent.mkdir(parents=True, exist_ok=True)
    keys.write_text('[keys]\n"picker.toggle" = "tab"\n', encoding="utf-8")
    app = workspace.app()
    async with app.run_test(size=SIZE) as pilot:
        await go_to_sentence(pilot, first_untagged_sentence(app))
        await pilot.press("t", "down", "space")
        picker = app.screen
        assert isinstance(picker, TagPicker)
        assert not picker.chosen["p:redesign"]
        assert picker.query_one("#picker-filter", Input).value == " "
        await pilot.press("backspace", "down", "tab")
        assert picker.chosen["p:redesign"]


async def test_the_hint_stays_visible_while_typing(workspace: Workspace) -> None:
    """The placeholder goes when the user types; the keys are still shown under the list."""
    app = workspace.app()
    async with app.run_test(size=SIZE) as pilot:
        await go_to_sentence(pilot, first_untagged_sentence(app))
        await pilot.press("t", *"public")
        await pilot.pause()
        text = screen_text(app)
        assert "Tab toggles" in text
        assert "Space toggles, or types a space after text" in text


async def test_ticked_and_unticked_tags_differ_by_their_mark(workspace: Workspace) -> None:
    """Not by colour alone: a ticked tag reads [x], an unticked one [ ]."""
    app = workspace.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        first = screen.editing.annotations.ordered()[0]
        assert first.principles == ["collaboration"]
        screen.go_to_annotation(first.id, focus=True)
        await pilot.press("t")
        picker = app.screen
        assert isinstance(picker, TagPicker)
        await pilot.pause()
        options = picker.query_one("#picker-list", SelectionList)
        rows = [options.render_line(y).text for y in range(3)]
        assert rows[0].startswith("[x] 1. Collaboration"), rows
        assert rows[1].startswith("[ ] 2. Redesign"), rows
        await pilot.press("down", "tab")  # tick Redesign
        assert options.render_line(1).text.startswith("[x] 2. Redesign")


def _contrast(style: Style) -> float:
    """The WCAG contrast ratio of a style's text on its background."""

    def luminance(color: Color) -> float:
        channels = [c / 255 for c in color.get_truecolor()]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    assert style.color is not None
    assert style.bgcolor is not None
    light, dark = sorted((luminance(style.color), luminance(style.bgcolor)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


async def test_the_highlighted_tag_is_readable(workspace: Workspace) -> None:
    """The highlighted row (the filter keeps the focus) is drawn in readable contrast, its
    mark included."""
    app = workspace.app()
    async with app.run_test(size=SIZE) as pilot:
        await go_to_sentence(pilot, first_untagged_sentence(app))
        await pilot.press("t", "down")
        picker = app.screen
        assert isinstance(picker, TagPicker)
        options = picker.query_one("#picker-list", SelectionList)
        assert options.highlighted == 1
        segments = [s for s in options.render_line(1) if s.text.strip()]
        assert segments[0].text.startswith("[ ]")
        for segment in segments:
            assert segment.style is not None
            assert _contrast(segment.style) >= 4.5, (segment.text, segment.style)


async def test_a_notice_is_drawn_under_the_picker_not_over_it(workspace: Workspace) -> None:
    """Notices raised just before the tag picker opens are drawn under it: every row of the
    picker is whole on screen (they used to cover the right of the dialog's rows)."""
    app = workspace.app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await go_to_sentence(pilot, first_untagged_sentence(app))
        for number in range(3):  # a column of notices, down the right of the screen
            main_screen(app).notify(
                f"Notice {number}: long enough to reach over the picker. " * 3, timeout=30
            )
        await pilot.press("t")
        picker = app.screen
        assert isinstance(picker, TagPicker)
        await pilot.pause()
        text = screen_text(app)
        options = picker.query_one("#picker-list", SelectionList)
        for widget in [options, *picker.query(Label)]:
            for row in widget.render_lines(Region(0, 0, *widget.size)):
                assert row.text.rstrip() in text, row.text


async def test_typing_fast_to_a_filter_that_matches_nothing_does_not_crash(
    workspace: Workspace,
) -> None:
    """Keys typed faster than the list takes them in (a burst, a loaded machine): the list
    emptied by the last one still had the highlight of the first to take in."""
    app = workspace.app()
    async with app.run_test(size=SIZE) as pilot:
        await go_to_sentence(pilot, first_untagged_sentence(app))
        await pilot.press("t")
        picker = app.screen
        assert isinstance(picker, TagPicker)
        box = picker.query_one("#picker-filter", Input)
        box.value = "co"  # both changes queued before the list hears of either
        box.value = "qqqq"
        await pilot.pause()
        await pilot.pause()
        assert app.screen is picker
        assert _values(picker) == []
        await pilot.press("tab", "down", "enter")  # toggles nothing, moves nowhere, applies
        assert isinstance(app.screen, MainScreen)
