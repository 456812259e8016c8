"""TOML text to plain Python values, with one error for text that is not TOML.

tomli (compiled) reads; its two ways of refusing a text (``TOMLDecodeError``, and
``RecursionError`` for nesting past its limit) become one :class:`TomlSyntaxError` with
tomli's message and line. rtoml was measured as a faster reader (a 10,000-annotation file in
0.21 s against 0.45 s) but raised the app's peak memory by ~33 MiB on that file, past its
150 MiB budget: see benchmarks/README.md.
"""

from __future__ import annotations

from typing import Any

import tomli


class TomlSyntaxError(ValueError):
    """Text that is not TOML: tomli's message and the line it names (None when it names none)."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def parse_toml(text: str) -> dict[str, Any]:
    """The values of a TOML document; raises TomlSyntaxError for text that is not TOML."""
    try:
        return tomli.loads(text)
    except tomli.TOMLDecodeError as error:
        raise TomlSyntaxError(error.msg, error.lineno) from None
    except RecursionError as error:
        # tomli's limit on nesting (arrays or tables hundreds deep, a dotted key of thousands
        # of parts), or Python's own: bad TOML all the same
        reason = str(error) if str(error).startswith("TOML") else "nested too deeply"
        raise TomlSyntaxError(reason, None) from None
