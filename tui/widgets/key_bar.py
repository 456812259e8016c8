"""The footer: the screen's shown key bindings on one line, drawn by one widget."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.color import Color
from textual.reactive import reactive
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget

SEPARATOR = "▏"
"""Drawn before the command palette's key, as Footer's ``border-left: vkey``."""
MORE = "…"
"""Drawn after the last key that fits when later keys do not."""


@dataclass(frozen=True, slots=True)
class BarKey:
    """One key shown in the bar."""

    key: str
    """The key to simulate when clicked (``Binding.key``)."""
    display: str
    """The key as shown (``App.get_key_display``)."""
    description: str
    enabled: bool
    tooltip: str
    """The binding's tooltip, or its description."""


@dataclass(frozen=True, slots=True)
class _Span:
    """Where a key is drawn on the line (``start`` included, ``end`` excluded)."""

    start: int
    end: int
    key: BarKey


@dataclass(slots=True)
class _Layout:
    """The line for one width, and where each key is on it."""

    width: int
    pieces: list[tuple[int | None, list[Segment]]]
    """The line's pieces in order: the index of their span (``None``: no key), segments."""
    spans: list[_Span]
    strips: dict[int | None, Strip]
    """The finished line, by index of the hovered span."""


class KeyBar(Widget, can_focus=False):
    """The screen's key bindings on one line, in place of Textual's ``Footer``.

    One widget that draws the whole line itself (Line API): no child per key, no recompose,
    so it costs little at start-up and is right from its first frame, reading
    ``screen.active_bindings`` when it draws. Shown bindings appear in their order, one per
    action (the first key of an action); disabled ones (``check_action`` returning ``None``)
    are dimmed; the command palette's key sits at the right end. Keys that do not fit are
    dropped from the end, with an ellipsis. Clicking a key presses it; hovering shows the
    binding's tooltip. Styles: the ``key-bar--*`` component classes, in ``app.tcss``.
    """

    ALLOW_SELECT = False

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "key-bar--key",
        "key-bar--description",
        "key-bar--disabled",
        "key-bar--hover",
        "key-bar--separator",
    }

    show_command_palette: reactive[bool] = reactive(True)
    """Show the command palette's key at the right end."""

    def __init__(
        self,
        *,
        show_command_palette: bool = True,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.set_reactive(KeyBar.show_command_palette, show_command_palette)
        self._keys: tuple[tuple[BarKey, ...], BarKey | None] | None = None
        self._layout: _Layout | None = None
        self._hover: int | None = None

    # -- what to show ---------------------------------------------------------------------

    @property
    def keys(self) -> tuple[tuple[BarKey, ...], BarKey | None]:
        """The keys on the left, in order, and the command palette's key (or ``None``)."""
        if self._keys is None:
            self._keys = self._read_bindings()
        return self._keys

    def _read_bindings(self) -> tuple[tuple[BarKey, ...], BarKey | None]:
        app = self.app
        active = self.screen.active_bindings
        seen: set[str] = set()
        keys: list[BarKey] = []
        for _node, binding, enabled, tooltip in active.values():
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            keys.append(
                BarKey(
                    binding.key,
                    app.get_key_display(binding),
                    binding.description,
                    enabled,
                    tooltip or binding.description,
                )
            )
        palette: BarKey | None = None
        if self.show_command_palette and app.ENABLE_COMMAND_PALETTE:
            found = active.get(app.COMMAND_PALETTE_BINDING)
            if found is not None:
                binding = found.binding
                palette = BarKey(
                    binding.key,
                    app.get_key_display(binding),
                    binding.description,
                    found.enabled,
                    binding.tooltip or binding.description,
                )
        return tuple(keys), palette

    def _invalidate(self, bindings: bool = False) -> None:
        if bindings:
            self._keys = None
        self._layout = None
        self.refresh()

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if self.is_attached and screen is self.screen:
            self._set_hover(None)  # the keys may have moved under the mouse
            self._invalidate(bindings=True)

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _watch_show_command_palette(self) -> None:
        self._invalidate(bindings=True)

    def notify_style_update(self) -> None:
        """Styles changed (CSS, theme, pseudo-classes): draw the line again."""
        super().notify_style_update()
        self._layout = None

    # -- drawing ------------------------------------------------------------------------

    def _build_layout(self, width: int) -> _Layout:
        left, palette = self.keys
        base = self.rich_style
        key_style = base + self.get_component_rich_style("key-bar--key")
        description_style = base + self.get_component_rich_style("key-bar--description")
        separator_style = base + self.get_component_rich_style("key-bar--separator")
        key_padding = self.get_component_styles("key-bar--key").padding
        description_padding = self.get_component_styles("key-bar--description").padding
        dim = self.get_component_rich_style("key-bar--disabled", partial=True)

        def piece(bar_key: BarKey) -> list[Segment]:
            extra = Style() if bar_key.enabled else dim
            if not bar_key.description:
                return [Segment(bar_key.display, key_style + extra)]
            return [
                Segment(
                    " " * key_padding.left + bar_key.display + " " * key_padding.right,
                    key_style + extra,
                ),
                Segment(
                    " " * description_padding.left
                    + bar_key.description
                    + " " * description_padding.right,
                    description_style + extra,
                ),
            ]

        pieces = [piece(bar_key) for bar_key in left]
        widths = [sum(cell_len(segment.text) for segment in segments) for segments in pieces]

        palette_piece: list[Segment] = []
        if palette is not None:
            extra = Style() if palette.enabled else dim
            # As Footer's command-palette key: compact spacing, a bar before, a space after.
            palette_piece = [Segment(palette.display, key_style + extra)]
            if palette.description:
                palette_piece.append(Segment(" " + palette.description, description_style + extra))
            palette_piece.append(Segment(" ", base))
        palette_width = sum(cell_len(segment.text) for segment in palette_piece)
        if palette_piece and width - palette_width - 1 < (widths[0] if widths else 0):
            palette_piece, palette_width = [], 0  # too narrow: the first key comes first
        room = width - palette_width - (1 if palette_piece else 0)

        shown = len(pieces)
        if sum(widths) > room:
            shown, used = 0, 0
            while shown < len(pieces) and used + widths[shown] <= room - 1:
                used += widths[shown]
                shown += 1
            shown = shown or min(len(pieces), 1)  # cut short, rather than no key at all

        drawn: list[tuple[int | None, list[Segment]]] = []
        spans: list[_Span] = []
        x = 0
        for index in range(shown):
            drawn.append((len(spans), pieces[index]))
            spans.append(_Span(x, x + widths[index], left[index]))
            x += widths[index]
        if 0 < shown < len(pieces):
            drawn.append((None, [Segment(MORE, description_style)]))
            x += 1
        if palette is not None and palette_piece:
            gap = width - x - palette_width - 1
            drawn.append((None, [Segment(" " * gap, base), Segment(SEPARATOR, separator_style)]))
            x += gap + 1
            drawn.append((len(spans), palette_piece))
            spans.append(_Span(x, x + palette_width, palette))
        return _Layout(width, drawn, spans, {})

    def _strip(self, layout: _Layout, hover: int | None) -> Strip:
        strip = layout.strips.get(hover)
        if strip is None:
            hover_background = self.get_component_styles("key-bar--hover").background
            line: list[Segment] = []
            for index, segments in layout.pieces:
                if index is not None and index == hover and hover_background.a > 0:
                    line.extend(_on_background(segments, hover_background))
                else:
                    line.extend(segments)
            strip = Strip(line).adjust_cell_length(layout.width, self.rich_style)
            layout.strips[hover] = strip
        return strip

    def render_line(self, y: int) -> Strip:
        """The bar's line, from the cache unless bindings, size or styles changed."""
        width = self.size.width
        if y != 0:
            return Strip.blank(width, self.rich_style)
        layout = self._layout
        if layout is None or layout.width != width:
            layout = self._layout = self._build_layout(width)
            if self._hover is not None and self._hover >= len(layout.spans):
                self._hover = None
        return self._strip(layout, self._hover)

    # -- the mouse ---------------------------------------------------------------------

    def _span_at(self, x: int) -> int | None:
        """The index of the span under column ``x``, if any."""
        layout = self._layout
        if layout is None or layout.width != self.size.width:
            layout = self._layout = self._build_layout(self.size.width)
        for index, span in enumerate(layout.spans):
            if span.start <= x < span.end:
                return index
        return None

    def key_at(self, x: int) -> BarKey | None:
        """The key drawn at column ``x`` of the bar, if any."""
        index = self._span_at(x)
        if index is None or self._layout is None:
            return None
        return self._layout.spans[index].key

    def _set_hover(self, index: int | None) -> None:
        if index == self._hover:
            return
        self._hover = index
        key = None
        if index is not None and self._layout is not None:
            key = self._layout.spans[index].key
        self.tooltip = key.tooltip if key is not None and key.tooltip else None
        self.styles.pointer = "pointer" if key is not None else "default"
        self.refresh()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._set_hover(self._span_at(event.x) if event.y == 0 else None)

    def on_leave(self, event: events.Leave) -> None:
        self._set_hover(None)

    def on_click(self, event: events.Click) -> None:
        key = self.key_at(event.x) if event.y == 0 else None
        if key is None:
            return
        event.stop()
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()


def _on_background(segments: list[Segment], background: Color) -> list[Segment]:
    """``segments`` with ``background`` blended over their own background."""
    result: list[Segment] = []
    for segment in segments:
        style = segment.style or Style()
        under = Color.from_rich_color(style.bgcolor) if style.bgcolor else Color(0, 0, 0)
        result.append(Segment(segment.text, style + Style(bgcolor=(under + background).rich_color)))
    return result
