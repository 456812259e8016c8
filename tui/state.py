"""Per-user state kept between runs: the reading position in each annotation file."""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

from annotations.errors import SaveError
from annotations.session.files import atomic_write


def state_folder() -> Path:
    """``$XDG_STATE_HOME/policy-annotate`` (``~/.local/state/policy-annotate`` by default)."""
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "policy-annotate"


def _positions_file() -> Path:
    return state_folder() / "positions.json"


def _read_positions() -> dict[str, int]:
    try:
        data = json.loads(_positions_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return (
        {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, int)}
        if isinstance(data, dict)
        else {}
    )


def _key(annotation_file: Path) -> str | None:
    """The file's absolute path, the key of its position; None when it has none any more (a
    relative path whose working folder was deleted)."""
    try:
        return str(annotation_file.resolve())
    except (OSError, RuntimeError):  # no working folder; a loop of symbolic links
        return None


def load_position(annotation_file: Path) -> int | None:
    """The cursor offset saved for an annotation file, if any."""
    key = _key(annotation_file)
    return None if key is None else _read_positions().get(key)


def save_position(annotation_file: Path, offset: int) -> None:
    """Remember the cursor offset for an annotation file (best effort: never fails loudly)."""
    key = _key(annotation_file)
    if key is None:
        return
    positions = _read_positions()
    positions[key] = offset
    path = _positions_file()
    with contextlib.suppress(OSError, SaveError):  # atomic_write reports OSError as SaveError
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(
            path,
            json.dumps(positions, indent=1, sort_keys=True).encode(),
            expected=None,
            overwrite_changed=True,
            backup=False,
        )
