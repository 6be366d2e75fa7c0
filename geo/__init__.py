"""Portsmouth 1905: the geography of the Treaty of Portsmouth as layers and maps.

The public API is imported lazily, so ``import geo`` stays cheap.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.2.0"
"""The version of the code and of the layers it ships (see CHANGELOG.md)."""

__all__ = [
    "TREATY_DAY",
    "BuildError",
    "DayError",
    "LayerError",
    "__version__",
    "build_all",
    "changes_between",
    "explorer_map",
    "layer_names",
    "layer_path",
    "load_layer",
    "load_layers",
    "parse_day",
    "state_at",
]

_HOMES = {
    "BuildError": "geo.errors",
    "DayError": "geo.errors",
    "LayerError": "geo.errors",
    "TREATY_DAY": "geo.timeline",
    "build_all": "geo.build",
    "changes_between": "geo.changes",
    "explorer_map": "geo.notebook",
    "layer_names": "geo.layers",
    "layer_path": "geo.layers",
    "load_layer": "geo.layers",
    "load_layers": "geo.layers",
    "parse_day": "geo.timeline",
    "state_at": "geo.timeline",
}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'geo' has no attribute {name!r}")


def __dir__() -> list[str]:
    """The public API, so ``dir(geo)`` and tab completion show it although it is imported lazily."""
    return sorted(set(__all__) | {name for name in globals() if name.startswith("__")})
