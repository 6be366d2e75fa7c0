"""What keeps a page usable: MultiPoints merged to a map's resolution, and caps on what one page draws.

The caps themselves live in :mod:`geo.schema` (``MAX_FEATURES_PER_PAGE``, ``MAX_VERTICES_PER_PAGE``);
a page past one is refused with a :class:`~geo.errors.BuildError` rather than built to crash a tab.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import shapely

from geo import schema
from geo.errors import BuildError


def cluster_points(points: Any, tolerance: float) -> Any:
    """Points closer than the map's tolerance merged into one, as polygons are simplified to it."""
    cells = np.unique(np.round(shapely.get_coordinates(points) / tolerance), axis=0)
    return shapely.MultiPoint(cells * tolerance)


def count_vertices(geometry: Any) -> int:
    """Positions in a GeoJSON geometry mapping (walked with a stack, not recursion)."""
    if not isinstance(geometry, dict):
        return 0
    count, stack = 0, [geometry.get("coordinates")]
    while stack:
        item = stack.pop()
        if isinstance(item, (list, tuple)) and item and isinstance(item[0], (list, tuple)):
            stack.extend(item)
        elif isinstance(item, (list, tuple)) and item:
            count += 1
    return count


def check_page(name: str, payload: Any) -> None:
    """Refuse a page whose data draws more features or vertices than the caps allow."""
    features = vertices = 0
    stack = [payload]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            geometry = item.get("geometry")
            if isinstance(geometry, dict) and "coordinates" in geometry:
                features += 1
                vertices += count_vertices(geometry)
            stack.extend(v for k, v in item.items() if k != "geometry")
        elif isinstance(item, list):
            stack.extend(item)
    for what, drawn, cap in (("features", features, schema.MAX_FEATURES_PER_PAGE),
                             ("vertices", vertices, schema.MAX_VERTICES_PER_PAGE)):
        if drawn > cap:
            raise BuildError(f"the page {name} would draw {drawn:,} {what}, more than {cap:,}; "
                             "simplify or split the layers")
