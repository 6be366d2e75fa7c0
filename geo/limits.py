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


def check_page(features: list[dict[str, Any]]) -> None:
    """Refuse a page whose features (shapely geometry, as simplified for its frame) pass the caps;
    the message names the layer that brings the page past it."""
    drawn = {"features": 0, "vertices": 0}
    caps = {"features": schema.MAX_FEATURES_PER_PAGE, "vertices": schema.MAX_VERTICES_PER_PAGE}
    for feature in features:
        drawn["features"] += 1
        drawn["vertices"] += int(shapely.get_num_coordinates(feature["geometry"]))
        for what, cap in caps.items():
            if drawn[what] > cap:
                raise BuildError(f"the page would draw more than {cap:,} {what} (the layer "
                                 f"{feature.get('layer', '')!r} brings it to {drawn[what]:,}); "
                                 "simplify or split the layers")
