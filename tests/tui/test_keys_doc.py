"""docs/keys.md stays true: every binding of the app is listed there, by id."""

from __future__ import annotations

import re
from pathlib import Path

from tui.app import binding_ids

KEYS_DOC = Path(__file__).resolve().parents[2] / "docs" / "keys.md"


def test_every_binding_id_is_documented() -> None:
    text = KEYS_DOC.read_text(encoding="utf-8")
    documented = set(re.findall(r"`([a-z]+\.[a-z_0-9]+)`", text))
    # "main.toggle_principle_1 … _3" is written once for the three
    documented |= {f"main.toggle_principle_{n}" for n in (1, 2, 3)}
    missing = sorted(binding_ids() - documented)
    assert not missing, f"bindings missing from docs/keys.md: {missing}"


def test_every_documented_id_exists() -> None:
    text = KEYS_DOC.read_text(encoding="utf-8")
    documented = set(re.findall(r"`([a-z]+\.[a-z_0-9]+)`", text)) - {"keys.toml"}
    unknown = sorted(documented - binding_ids())
    assert not unknown, f"docs/keys.md names bindings that do not exist: {unknown}"
