"""The keys of a queue's bindings as its bar lists them ("a accept · d delete · …")."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.screen import Screen


def key_hint(screen: Screen[None], names: dict[str, str]) -> str:
    """``names`` maps binding ids to what the bar calls them, in the order listed; each comes
    with its first key as the user's key map has it."""
    keys = bound_keys(screen, set(names))
    return " · ".join(f"{keys[i]} {name}" for i, name in names.items() if i in keys)


def bound_keys(screen: Screen[None], ids: set[str]) -> dict[str, str]:
    """The first key of each binding of ``ids``, with the user's key map applied as Textual
    applies it (``active_bindings`` would miss Esc: the document pane's "clear the selection"
    wins there). Textual has no public API for a screen's own bindings after the key map, hence
    the private ``_bindings`` and ``_keymap``, here only."""
    own = screen._bindings.copy()
    own.apply_keymap(screen.app._keymap)
    keys: dict[str, str] = {}
    for key, bindings in own.key_to_bindings.items():
        for binding in bindings:
            if binding.id in ids and binding.id not in keys:
                keys[binding.id] = screen.app.get_key_display(binding.with_key(key))
    return keys
