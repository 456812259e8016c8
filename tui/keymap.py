"""User key maps: ``$XDG_CONFIG_HOME/policy-annotate/keys.toml`` maps binding ids to keys.

Example::

    [keys]
    "document.next_sentence" = "j,down,ctrl+n"
    "main.toggle_principle_1" = "a"
"""

from __future__ import annotations

from pathlib import Path

from annotations.errors import PolicyAnnotateError, Problem


def keymap_file() -> Path:
    """Where the user's key map lives."""
    from tui.user_config import config_folder

    return config_folder() / "keys.toml"


def load_keymap(path: Path | None = None) -> dict[str, str]:
    """Binding id → keys, from the user's key map (empty when there is none).

    Raises PolicyAnnotateError naming the file and the problem when it is malformed.
    """
    path = path or keymap_file()
    if not path.is_file():
        return {}
    from annotations.format.toml_reading import TomlSyntaxError, parse_toml  # only when needed

    name = str(path)
    try:
        data = parse_toml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise PolicyAnnotateError([Problem(name, f"cannot be read ({error})")]) from None
    except TomlSyntaxError as error:
        raise PolicyAnnotateError(
            [Problem(name, f"not valid TOML: {error.message}", line=error.line)]
        ) from None
    keys = data.get("keys", {})
    if not isinstance(keys, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in keys.items()
    ):
        raise PolicyAnnotateError(
            [
                Problem(
                    name,
                    '[keys] must map binding ids to key strings, e.g. "document.next_sentence" = "j,down"',
                )
            ]
        )
    return {k: v.replace(" ", "") for k, v in keys.items()}
