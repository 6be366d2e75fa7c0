"""Portsmouth 1905: the geography of the Treaty of Portsmouth as layers and maps.

The public API is imported lazily, so ``import geo`` stays cheap.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__all__ = [
    "TREATY_DAY",
    "BuildError",
    "LayerError",
    "build_all",
    "changes_between",
    "layer_names",
    "load_layer",
    "load_layers",
    "state_at",
]

_HOMES = {
    "BuildError": "geo.errors",
    "LayerError": "geo.errors",
    "TREATY_DAY": "geo.timeline",
    "build_all": "geo.build",
    "changes_between": "geo.changes",
    "layer_names": "geo.layers",
    "load_layer": "geo.layers",
    "load_layers": "geo.layers",
    "state_at": "geo.timeline",
}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'geo' has no attribute {name!r}")
