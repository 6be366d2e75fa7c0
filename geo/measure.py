"""Areas and lengths on the ellipsoid, in km² and km."""

from __future__ import annotations

from typing import Any

from pyproj import Geod

WGS84 = Geod(ellps="WGS84")


def area_km2(geom: Any) -> float:
    """Geodesic area of a (multi)polygon in square kilometres."""
    area, _perimeter = WGS84.geometry_area_perimeter(geom)
    return abs(area) / 1e6


def length_km(geom: Any) -> float:
    """Geodesic length of a (multi)line in kilometres."""
    return WGS84.geometry_length(geom) / 1e3
