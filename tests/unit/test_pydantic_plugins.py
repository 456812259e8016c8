"""The light commands skip pydantic's plugin scan (and its import of importlib.metadata)."""

from __future__ import annotations

import inspect
import subprocess
import sys

import pytest
from unit_helpers import Project

from annotations.format import pydantic_plugins


def imported_modules(arguments: list[str], project: Project) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "tui", *arguments],
        cwd=project.folder,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return [line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines()]


def test_validate_does_not_import_importlib_metadata(project: Project) -> None:
    imported = imported_modules(["validate", "doc.annotations.toml"], project)
    assert "annotations.format.model" in imported  # the models were built
    assert "importlib.metadata" not in imported


def test_pydantic_loader_still_has_the_function_that_is_replaced() -> None:
    """Guards against a pydantic release that changes what its plugin loader offers."""
    from pydantic.plugin import _loader

    assert list(inspect.signature(_loader.get_plugins).parameters) == []
    public = {name for name in vars(_loader) if not name.startswith("_")}
    # what pydantic itself imports from the loader: only get_plugins
    assert "get_plugins" in public


@pytest.mark.parametrize("value", [None, "", "some_plugin"])
def test_nothing_changes_unless_every_plugin_is_disabled(
    monkeypatch: pytest.MonkeyPatch, value: str | None
) -> None:
    monkeypatch.delitem(sys.modules, pydantic_plugins.LOADER, raising=False)
    if value is None:
        monkeypatch.delenv("PYDANTIC_DISABLE_PLUGINS", raising=False)
    else:
        monkeypatch.setenv("PYDANTIC_DISABLE_PLUGINS", value)
    assert pydantic_plugins.skip_plugin_scan() is False
    assert pydantic_plugins.LOADER not in sys.modules


def test_disabled_plugins_get_a_loader_that_finds_none(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(sys.modules, pydantic_plugins.LOADER, raising=False)
    monkeypatch.setenv("PYDANTIC_DISABLE_PLUGINS", "__all__")
    assert pydantic_plugins.skip_plugin_scan() is True
    assert list(sys.modules[pydantic_plugins.LOADER].get_plugins()) == []
    # and a model built now validates as usual
    from pydantic import BaseModel, create_model

    model: type[BaseModel] = create_model("Probe", value=(int, ...))
    assert model.model_validate({"value": "3"}).model_dump() == {"value": 3}
