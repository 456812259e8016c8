"""The user's settings: ``$XDG_CONFIG_HOME/policy-annotate/`` (``~/.config/policy-annotate/``),
beside the key map. ``config.toml`` holds the name the app asked for once::

    author = "Jane Doe"
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from annotations.errors import PolicyAnnotateError, Problem


def config_folder() -> Path:
    """The folder of the user's settings (the key map, config.toml)."""
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "policy-annotate"


def config_file() -> Path:
    """The user's config.toml."""
    return config_folder() / "config.toml"


def _read() -> dict[str, Any]:
    path = config_file()
    if not path.is_file():
        return {}
    from annotations.format.toml_reading import TomlSyntaxError, parse_toml

    try:
        return parse_toml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise PolicyAnnotateError([Problem(str(path), f"cannot be read ({error})")]) from None
    except TomlSyntaxError as error:
        problem = Problem(str(path), f"not valid TOML: {error.message}", line=error.line)
        raise PolicyAnnotateError([problem]) from None


def remembered_author() -> str | None:
    """The name remembered in config.toml, if any. Raises PolicyAnnotateError (one line, naming
    the file) when the file is broken."""
    name = _read().get("author")
    return name.strip() if isinstance(name, str) and name.strip() else None


def remember_author(name: str) -> None:
    """Keep ``name`` in config.toml (other settings there are kept), written atomically."""
    import tomli_w

    from annotations.session.files import atomic_write

    settings = _read()
    settings["author"] = name
    path = config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    data = tomli_w.dumps(settings).encode("utf-8")
    atomic_write(path, [data], expected=None, overwrite_changed=True, backup=False)


def remember_author_or_why(name: str) -> str | None:
    """Remember ``name`` (``remember_author``); None, or why it could not be, in one line (the
    name is used all the same)."""
    try:
        remember_author(name)
    except (PolicyAnnotateError, OSError) as error:
        return f"Your name is used, but could not be remembered: {error}"
    return None
