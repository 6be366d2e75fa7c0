"""Checking a feature's GeoJSON geometry: positions, nesting, validity; sloppy rings are mended.

Open rings are closed and rings rewound to RFC 7946's winding with a :class:`~geo.errors.LayerWarning`;
anything else wrong raises the ``fail`` error of the feature being read.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable
from itertools import chain
from typing import Any

import numpy as np
import shapely
from shapely.geometry import shape
from shapely.geometry.polygon import orient
from shapely.validation import explain_validity

from geo import schema
from geo.errors import LayerWarning, shortened


def check_geometry(geometry: Any, fail: Any, allowed: frozenset[str] | None = None) -> Any:
    """Validate coordinates and topology; close open rings and fix winding with a warning."""
    if not isinstance(geometry, dict) or geometry.get("type") not in schema.GEOMETRY_TYPES:
        raise fail("missing or unsupported geometry (Point, LineString, Polygon or their Multi- forms)", "geometry")
    if allowed and geometry["type"] not in allowed:
        raise fail(f"a {geometry['type']}; this layer takes {' or '.join(sorted(allowed))} geometry only", "geometry")
    positions = _positions(geometry.get("coordinates"), geometry["type"], fail)
    if not positions:
        raise fail("empty geometry", "geometry")
    if len(positions) > schema.MAX_VERTICES_PER_LAYER:
        raise fail(f"{len(positions):,} vertices; a layer may have at most {schema.MAX_VERTICES_PER_LAYER:,}",
                   "geometry")
    for position in ([] if _plainly_degrees(positions) else positions):
        if len(position) < 2 or not all(_is_number(v) for v in position):
            raise fail(f"position {shortened(position)} is not [longitude, latitude]", "geometry")
        lon, lat = position[0], position[1]
        if abs(lon) > 180 or abs(lat) > 90:
            if abs(lon) > 1000 or abs(lat) > 1000:
                raise fail(
                    f"position {shortened(position)} looks projected (metres?); layers use WGS84 degrees",
                    "geometry",
                )
            if abs(lat) > 90 and abs(lon) <= 90:
                raise fail(
                    f"position {shortened(position)} looks like [latitude, longitude]; GeoJSON wants "
                    "[longitude, latitude]",
                    "geometry",
                )
            raise fail(f"position {shortened(position)} is outside ±180° longitude / ±90° latitude", "geometry")
    mended: list[str] = []
    if geometry["type"] in ("Polygon", "MultiPolygon"):
        geometry, mended = _close_rings(geometry, fail)
    try:
        geom = shape(geometry)
    except (ValueError, TypeError, AttributeError, shapely.errors.GEOSException) as exc:
        raise fail(f"invalid geometry ({exc})", "geometry") from None
    if geom.is_empty:
        raise fail("empty geometry", "geometry")
    if not geom.is_valid:
        raise fail(f"invalid geometry: {explain_validity(geom)}", "geometry")
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        oriented = _orient(geom)
        if not oriented.equals_exact(geom, 0):
            mended.append("rings rewound (RFC 7946: exterior counter-clockwise)")
            geom = oriented
    if mended:
        warnings.warn(fail("mended: " + "; ".join(mended), "geometry").args[0], LayerWarning, stacklevel=4)
    return geom


def _close_rings(geometry: dict[str, Any], fail: Any) -> tuple[dict[str, Any], list[str]]:
    """Return the polygon with every ring closed, and a note if any was open."""
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    opened = False
    closed_polygons = []
    for rings in polygons:
        closed_rings = []
        for ring in rings:
            if len(ring) >= 3 and list(ring[0]) != list(ring[-1]):
                ring = [*ring, ring[0]]
                opened = True
            if len(ring) < 4:
                raise fail("a polygon ring needs at least three distinct positions", "geometry")
            closed_rings.append(ring)
        closed_polygons.append(closed_rings)
    coords = closed_polygons if geometry["type"] == "MultiPolygon" else closed_polygons[0]
    return {"type": geometry["type"], "coordinates": coords}, (["open rings closed"] if opened else [])


def _orient(geom: Any) -> Any:
    """Exterior rings counter-clockwise, holes clockwise (RFC 7946 section 3.1.6)."""
    if geom.geom_type == "Polygon":
        return orient(geom, 1.0)
    return shapely.MultiPolygon([orient(p, 1.0) for p in geom.geoms])


def _positions(coordinates: Any, geometry_type: str, fail: Any) -> list[list[Any]]:
    """Every position of a coordinates array nested exactly as deep as its type needs (a Point: 1).

    Walked level by level, not recursively, so a hostile nesting cannot exhaust the stack.
    """
    depth = schema.GEOMETRY_DEPTH[geometry_type]
    wrong = f"a {geometry_type}'s coordinates must be arrays nested {depth} deep, ending in [longitude, latitude]"
    level = [coordinates]
    for _ in range(depth - 1):
        if not _all_lists(level) or not _all_lists(chain.from_iterable(level)):
            raise fail(wrong, "geometry")
        level = list(chain.from_iterable(level))
    if not _all_lists(level) or list in set(map(type, chain.from_iterable(level))):
        raise fail(wrong, "geometry")
    return [position for position in level if position]  # [] holds no position: an empty geometry


def _all_lists(items: Iterable[Any]) -> bool:
    """Whether every item is a JSON array (a list), checked in one pass over their types."""
    return set(map(type, items)) <= {list}


def _plainly_degrees(positions: list[list[Any]]) -> bool:
    """Whether every position is plainly [longitude, latitude(, altitude)] in range, checked in bulk:
    the layers' tens of thousands of positions pass here at once, and anything in doubt is
    left to the position-by-position check, which names what is wrong."""
    if set(map(len, positions)) - {2, 3} or set(map(type, chain.from_iterable(positions))) - {int, float}:
        return False
    try:
        degrees = np.array([position[:2] for position in positions], dtype=float)
    except OverflowError:  # an integer too large for a float: out of range, named by the full check
        return False
    return bool(np.isfinite(degrees).all() and (np.abs(degrees) <= (180, 90)).all())


def _is_number(value: Any) -> bool:
    """A finite number (integers of any size count; they are range-checked as degrees next)."""
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and math.isfinite(value))
