"""The key bar (the footer) shows the screen's bindings as Textual's Footer does, on one line."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

import pytest
from rich.style import Style
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import Input, Static

from tui.widgets import key_bar
from tui.widgets.key_bar import KeyBar

SIZE = (120, 40)


class Box(Static, can_focus=True):
    """A focusable widget with a binding of its own."""

    BINDINGS = [Binding("e", "edit", "Edit")]  # noqa: RUF012

    def action_edit(self) -> None:
        app = self.app
        assert isinstance(app, KeysApp)
        app.ran.append("edit")


class KeysApp(App[None]):
    """Shown, hidden, disabled and duplicated bindings, a box with its own and an input."""

    CSS_PATH = str(Path(key_bar.__file__).parent.parent / "app.tcss")
    AUTO_FOCUS: ClassVar[str | None] = (
        None  # the app's bindings first; tests focus the box themselves
    )
    BINDINGS = [  # noqa: RUF012
        Binding("ctrl+q", "quit", "Quit"),
        Binding("s", "save", "Save"),
        Binding("x", "export", "Export"),
        Binding("h", "hidden", "Hidden", show=False),
        Binding("g", "gone", "Gone"),
        Binding("t", "tag", "Tag", tooltip="Tag the selection"),
        Binding("ctrl+t", "tag", "Tag again"),
        Binding("f1", "help", "Help"),
    ]

    def __init__(self, extra: int = 0) -> None:
        super().__init__()
        self.ran: list[str] = []
        for number in range(extra):
            self.bind(f"{number}", f"extra({number})", description=f"Extra {number}")

    def compose(self) -> ComposeResult:
        yield Static("The document pane, wider than the bar if anything wraps " * 4, id="body")
        yield Box("box", id="box")
        yield Input(id="input")
        yield KeyBar()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "export":
            return None  # shown, but disabled (dimmed)
        return action != "gone"  # False: neither shown nor enabled

    def action_save(self) -> None:
        self.ran.append("save")

    def action_export(self) -> None:
        self.ran.append("export")

    def action_tag(self) -> None:
        self.ran.append("tag")

    def action_extra(self, number: int) -> None:
        self.ran.append(f"extra {number}")


def bar_of(app: App[None]) -> KeyBar:
    return app.query_one(KeyBar)


def line_of(app: App[None]) -> str:
    """The bar's line as drawn on screen."""
    bar = bar_of(app)
    (strip,) = bar.render_lines(Region(0, 0, bar.size.width, 1))
    return strip.text


def column_of(app: App[None], text: str) -> int:
    """The column of the middle of ``text`` on the bar."""
    line = line_of(app)
    assert text in line, line
    return line.index(text) + len(text) // 2


def style_at(app: App[None], text: str) -> Style:
    """The style of the bar's segment holding the start of ``text``."""
    bar = bar_of(app)
    start = line_of(app).index(text)
    x = 0
    for segment in bar.render_line(0):
        if x <= start < x + len(segment.text):
            return segment.style or Style()
        x += len(segment.text)
    raise AssertionError(text)


async def test_shown_bindings_appear_with_their_keys_hidden_ones_do_not() -> None:
    app = KeysApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        line = line_of(app)
        assert line.startswith(" ^q Quit  s Save  x Export  t Tag  f1 Help ")
        assert "Hidden" not in line  # show=False
        assert "Gone" not in line  # check_action returned False
        assert "Tag again" not in line  # a second key for the same action
        assert line.rstrip().endswith("▏^p palette")
        assert len(line) == SIZE[0]
        assert not bar_of(app).children


@pytest.mark.parametrize("focused", [False, True])
async def test_the_first_frame_is_already_right(focused: bool) -> None:
    first: list[str] = []

    class FirstLine(KeyBar):
        def render_line(self, y: int) -> Strip:
            strip = super().render_line(y)
            if not first:
                first.append(strip.text)
            return strip

    class FirstApp(KeysApp):
        AUTO_FOCUS = "*" if focused else None

        def compose(self) -> ComposeResult:
            yield Box("box")
            yield FirstLine()

    app = FirstApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert first
        start = " e Edit  ^q Quit" if focused else " ^q Quit  s Save  x Export"
        assert first[0].startswith(start)
        assert first[0] == line_of(app)


async def test_a_removed_bar_stops_listening() -> None:
    app = KeysApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        await bar_of(app).remove()
        screen.refresh_bindings()
        app.query_one("#box").focus()
        await pilot.pause()
        assert not screen.query(KeyBar)


async def test_disabled_binding_is_dimmed_and_clicking_it_does_not_run_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = KeysApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        rang: list[bool] = []
        monkeypatch.setattr(app, "bell", lambda: rang.append(True))
        assert style_at(app, " x ").dim
        assert style_at(app, "Export").dim
        assert not style_at(app, " s ").dim
        assert style_at(app, " s ").bold
        # On screen, the dim style is blended into the colour: the disabled key is darker.
        (drawn,) = bar_of(app).render_lines(Region(0, 0, SIZE[0], 1))
        colours = {segment.text: segment.style.color for segment in drawn if segment.style}
        assert colours[" x "] != colours[" s "]
        await pilot.click(KeyBar, offset=(column_of(app, "Export"), 0))
        await pilot.pause()
        assert app.ran == []
        assert rang == [True]


async def test_clicking_a_key_runs_its_action() -> None:
    app = KeysApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.click(KeyBar, offset=(column_of(app, " s "), 0))
        await pilot.click(KeyBar, offset=(column_of(app, "Tag"), 0))
        await pilot.pause()
        assert app.ran == ["save", "tag"]
        # Between keys and in the gap, a click does nothing.
        await pilot.click(KeyBar, offset=(SIZE[0] // 2 + 10, 0))
        await pilot.pause()
        assert app.ran == ["save", "tag"]


async def test_the_bar_follows_the_focus() -> None:
    app = KeysApp()
    async with app.run_test(size=SIZE) as pilot:
        app.query_one("#box").focus()
        await pilot.pause()
        assert " e Edit " in line_of(app)
        await pilot.click(KeyBar, offset=(column_of(app, "Edit"), 0))
        await pilot.pause()
        assert app.ran == ["edit"]
        app.query_one("#input", Input).focus()
        await pilot.pause()
        assert "Edit" not in line_of(app)


async def test_hovering_a_key_shows_its_tooltip() -> None:
    app = KeysApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        bar = bar_of(app)
        await pilot.hover(KeyBar, offset=(column_of(app, "Tag"), 0))
        assert bar.tooltip == "Tag the selection"
        await pilot.hover(KeyBar, offset=(column_of(app, "Save"), 0))
        assert bar.tooltip == "Save"  # no tooltip: the description
        await pilot.hover(KeyBar, offset=(SIZE[0] // 2 + 10, 0))
        assert bar.tooltip is None
        await pilot.hover(KeyBar, offset=(column_of(app, "palette"), 0))
        assert bar.tooltip == "Open the command palette"
        await pilot.hover("#body")
        assert bar.tooltip is None


async def test_hovered_key_is_highlighted() -> None:
    app = KeysApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = style_at(app, "Save").bgcolor
        await pilot.hover(KeyBar, offset=(column_of(app, "Save"), 0))
        await pilot.pause()
        assert style_at(app, "Save").bgcolor != before
        assert style_at(app, "Quit").bgcolor == before


@pytest.mark.parametrize("width", [80, 60])
async def test_a_narrow_terminal_keeps_the_first_keys_on_one_line(width: int) -> None:
    app = KeysApp(extra=10)
    async with app.run_test(size=(width, 24)) as pilot:
        await pilot.pause()
        bar = bar_of(app)
        assert bar.region.height == 1
        assert bar.region.bottom == 24
        line = line_of(app)
        assert len(line) == width
        assert line.startswith(" ^q Quit  s Save  x Export  t Tag")
        assert "…" in line  # some keys were left out, whole
        assert "Extra 9" not in line
        assert line.rstrip().endswith("▏^p palette")
        # A key that is shown still works.
        await pilot.click(KeyBar, offset=(column_of(app, "Tag"), 0))
        await pilot.pause()
        assert app.ran == ["tag"]


async def test_the_line_is_cached_until_the_bindings_change() -> None:
    app = KeysApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        bar = bar_of(app)
        assert bar.render_line(0) is bar.render_line(0)
        before = bar.render_line(0)
        app.query_one("#box").focus()
        await pilot.pause()
        assert bar.render_line(0) is not before
        assert " e Edit " in bar.render_line(0).text
