"""A display-safe form of text: control characters made visible, one code point for one.

Documents keep every character (offsets must not move), but nothing from a document may reach
the terminal raw: an escape sequence could move the cursor, change colours or set the title.
``display_safe`` maps each dangerous code point to a single visible one, so offsets into the
display form are offsets into the text.
"""

from __future__ import annotations

import os

REPLACEMENT = "\N{REPLACEMENT CHARACTER}"


def _build_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0x20):
        table[code] = chr(0x2400 + code)  # the Unicode "Control Pictures" block: ␀ ␁ … ␛ …
    table[0x09] = " "
    del table[0x0A]  # newlines are structure, handled by the caller
    table[0x7F] = "\N{SYMBOL FOR DELETE}"
    for code in range(0x80, 0xA0):
        table[code] = REPLACEMENT
    # Bidirectional overrides and isolates reorder what is shown ("Trojan Source").
    for code in (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)):
        table[code] = REPLACEMENT
    for code in (0x2028, 0x2029, 0x0085):
        table[code] = REPLACEMENT
    return table


_TABLE = _build_table()
_TABLE_NO_NEWLINE = {**_TABLE, 0x0A: "\N{SYMBOL FOR NEWLINE}"}


def display_safe(text: str, *, keep_newlines: bool = True) -> str:
    """Return ``text`` with every control character replaced by a visible stand-in.

    The result has exactly as many code points as ``text``.
    """
    return text.translate(_TABLE if keep_newlines else _TABLE_NO_NEWLINE)


def shortened(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` code points, ending with "…" when it was cut."""
    return text if len(text) <= limit else text[: max(0, limit - 1)].rstrip() + "…"


def utf8_name(path: str | os.PathLike[str]) -> str:
    """A file's name as text that can be written as UTF-8: the bytes of a name that are not
    UTF-8 (which Python keeps as lone surrogates) become U+FFFD."""
    return os.fsencode(path).decode("utf-8", "replace")
