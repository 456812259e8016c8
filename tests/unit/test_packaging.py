"""A wheel built from pyproject.toml carries every package of the source tree."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_package_folder_is_listed_in_pyproject() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for top in ("annotations", "tui")
        for init in (ROOT / top).rglob("__init__.py")
    }
    missing = sorted(found - listed)
    assert not missing, f"packages missing from pyproject.toml (a wheel would lack them): {missing}"


def test_every_style_sheet_is_package_data() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    data = config["tool"]["setuptools"]["package-data"]
    for sheet in (ROOT / "tui").rglob("*.tcss"):
        package = ".".join(sheet.parent.relative_to(ROOT).parts)
        assert "*.tcss" in data.get(package, []), f"{sheet.name} is not package data of {package}"
