"""TOML text to plain Python values: rtoml reads, tomli judges whatever rtoml refuses.

rtoml (compiled Rust) parses a 6 MB file of 10,000 annotations about 2.5 times as fast as tomli
(see benchmarks/README.md); that is what keeps loading such a file within its budget. tomli
stays the reference: a text rtoml refuses is read again by tomli, whose verdict and message
(with the line) are the ones reported, and a text tomli accepts (a TOML 1.1 construct, nesting
past rtoml's limit) is read by it.
"""

from __future__ import annotations

from typing import Any

import rtoml


class TomlSyntaxError(ValueError):
    """Text that is not TOML: tomli's message and the line it names (None when it names none)."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def parse_toml(text: str) -> dict[str, Any]:
    """The values of a TOML document; raises TomlSyntaxError for text that is not TOML."""
    if "\r" in text:
        # tomli reads a CRLF inside a multi-line string as LF, rtoml keeps the CR; elsewhere
        # CRLF and LF are the same line break, so reading LF alone changes nothing else.
        text = text.replace("\r\n", "\n")
    try:
        return rtoml.loads(text)
    except rtoml.TomlParsingError:
        pass
    import tomli

    try:
        return tomli.loads(text)
    except tomli.TOMLDecodeError as error:
        raise TomlSyntaxError(error.msg, error.lineno) from None
    except RecursionError as error:
        # tomli's limit on nesting (arrays or tables hundreds deep, a dotted key of thousands
        # of parts), or Python's own: bad TOML all the same
        reason = str(error) if str(error).startswith("TOML") else "nested too deeply"
        raise TomlSyntaxError(reason, None) from None
