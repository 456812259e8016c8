"""Styles a line-drawing widget asks for on every row, kept until its CSS changes."""

from __future__ import annotations

from rich.style import Style
from textual.widget import Widget


class StyleCache:
    """A widget's own style and its component styles, computed once per CSS change.

    Textual recomputes ``rich_style`` (walking the widget's ancestors) on every call, half the
    cost of drawing a row; widgets that draw many rows per frame ask here instead, and call
    ``clear()`` from ``notify_style_update``.
    """

    def __init__(self, widget: Widget) -> None:
        self._widget = widget
        self._base: Style | None = None
        self._components: dict[str, Style] = {}

    def clear(self) -> None:
        """Forget every style (the CSS, a theme or a pseudo-class changed)."""
        self._base = None
        self._components.clear()

    @property
    def base(self) -> Style:
        """The widget's own style (``rich_style``)."""
        if self._base is None:
            self._base = self._widget.rich_style
        return self._base

    def component(self, name: str) -> Style:
        """A component class's style, as ``get_component_rich_style(name, partial=True)``."""
        style = self._components.get(name)
        if style is None:
            style = self._components[name] = self._widget.get_component_rich_style(
                name, partial=True
            )
        return style
