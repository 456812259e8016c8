"""Spare pydantic's plugin scan when plugins are disabled, to keep the commands quick to start.

The first time a model is built, pydantic imports its plugin loader, and the loader imports
``importlib.metadata`` (12-30 ms here, a fifth of a light command's start-up) at module level,
even when ``PYDANTIC_DISABLE_PLUGINS`` disables every plugin and the scan is then skipped.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from types import ModuleType

LOADER = "pydantic.plugin._loader"
DISABLED = frozenset({"__all__", "1", "true"})
"""The values of PYDANTIC_DISABLE_PLUGINS for which pydantic's loader itself returns no plugins."""


def _no_plugins() -> Iterable[object]:
    return ()


def skip_plugin_scan() -> bool:
    """Register a plugin loader that finds none, if all plugins are disabled; returns whether.

    This is exactly what pydantic's own loader returns when PYDANTIC_DISABLE_PLUGINS is
    ``__all__``, ``1`` or ``true``, without its import of ``importlib.metadata``. Nothing
    changes when plugins are enabled or pydantic's loader is already imported.
    """
    if os.environ.get("PYDANTIC_DISABLE_PLUGINS") not in DISABLED or LOADER in sys.modules:
        return False
    loader = ModuleType(LOADER, "No pydantic plugins: PYDANTIC_DISABLE_PLUGINS disables them all.")
    loader.get_plugins = _no_plugins  # type: ignore[attr-defined]
    sys.modules[LOADER] = loader
    return True
