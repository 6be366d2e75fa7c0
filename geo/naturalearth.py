"""Natural Earth from the pinned world-atlas package, made planar: land and admin-0 countries.

world-atlas keeps its rings whole across the antimeridian for drawing on a sphere; here every
polygon is cut at ±180° and made valid, so shapely can measure and cut it on the plane.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import geopandas as gpd
import numpy as np
import shapely
from shapely.affinity import translate
from shapely.geometry import Polygon, box

from geo import assets

COUNTRY_TOLERANCE = 0.01
"""Borders are simplified to about a kilometre (0.01°): finer than the maps show them."""


@cache
def read_land(file_name: str) -> shapely.MultiPolygon:
    """Natural Earth land from world-atlas as one valid MultiPolygon, split at the antimeridian."""
    return shapely.MultiPolygon(_planar_parts(_read_topojson(file_name)))


@cache
def read_countries(file_name: str = "countries-10m.json") -> dict[str, Any]:
    """Natural Earth admin-0 countries from world-atlas by name, split at the antimeridian.

    They are simplified together as one coverage (shared borders stay shared), so that
    neighbouring polities neither overlap nor leave gaps, and the layer stays small.
    """
    frame = gpd.read_file(assets.npm_file("world-atlas", file_name), layer="countries")
    names, shapes = [], []
    for name, group in frame.groupby("name"):
        names.append(name)
        shapes.append(shapely.MultiPolygon(_planar_parts(group.geometry.to_numpy())))
    return dict(zip(names, shapely.coverage_simplify(np.array(shapes), COUNTRY_TOLERANCE), strict=True))


def _read_topojson(file_name: str) -> Any:
    """The geometries of a world-atlas TopoJSON file (WGS84; it carries no CRS)."""
    frame = gpd.read_file(assets.npm_file("world-atlas", file_name)).set_crs("EPSG:4326", allow_override=True)
    return frame.geometry.to_numpy()


def _planar_parts(geoms: Any) -> list[Polygon]:
    """Every polygon of the geometries, valid and cut at ±180° for planar use.

    world-atlas keeps rings that cross the antimeridian whole (d3 draws them on the
    sphere): read flat, such a ring jumps across the map and encloses a band of sea
    (along 65–71°N and 16.5°S). Each ring is unwrapped into continuous longitudes,
    cut at ±180° and the pieces moved back into [-180, 180]. The quantised rings can
    also touch themselves, so every piece is made valid.
    """
    parts: list[Polygon] = []
    for polygon in polygons(list(shapely.get_parts(geoms))):
        parts += polygons(shapely.make_valid(_split_at_antimeridian(polygon)))
    return parts


def _split_at_antimeridian(polygon: Polygon) -> Any:
    """A polygon whose rings may jump across ±180°, as planar pieces within [-180, 180]."""
    if polygon.bounds[2] - polygon.bounds[0] <= 180:
        return polygon
    exterior = _unwrapped_ring(np.asarray(polygon.exterior.coords))
    west, east = exterior[:, 0].min(), exterior[:, 0].max()
    holes = []
    for ring in polygon.interiors:
        hole = _unwrapped_ring(np.asarray(ring.coords))
        hole[:, 0] += 360 * (hole[:, 0].min() < west) - 360 * (hole[:, 0].max() > east)
        holes.append(hole)
    unwrapped = shapely.make_valid(Polygon(exterior, holes))
    pieces = [translate(unwrapped.intersection(box(-180 + 360 * k, -90, 180 + 360 * k, 90)), xoff=-360 * k)
              for k in (-1, 0, 1)]
    return shapely.union_all([p for p in pieces if not p.is_empty])


def _unwrapped_ring(coords: np.ndarray) -> np.ndarray:
    """A ring with continuous longitudes; a ring around a pole is closed through the pole."""
    steps = np.diff(coords[:, 0])
    shift = np.concatenate([[0.0], np.cumsum(-360 * np.round(steps / 360))])
    ring = coords.copy()
    ring[:, 0] += shift
    if shift[-1] != 0:
        pole = -90.0 if ring[:, 1].mean() < 0 else 90.0
        ring = np.vstack([ring[:-1], [[ring[-2, 0], pole], [ring[0, 0], pole], ring[0]]])
    return ring


def polygons(geoms: Any) -> list[Polygon]:
    """Every non-empty polygon inside the given geometries, however deeply nested in collections."""
    parts = list(shapely.get_parts(geoms))
    while any(p.geom_type.startswith(("Multi", "Geometry")) for p in parts):
        parts = list(shapely.get_parts(parts))
    return [p for p in parts if p.geom_type == "Polygon" and not p.is_empty]


def land_10m() -> shapely.MultiPolygon:
    """Natural Earth 1:10m land: the coastline every treaty shape is cut from."""
    return read_land("land-10m.json")


def land_parts() -> list[Polygon]:
    """The land polygons one by one."""
    return list(land_10m().geoms)


def admin0(names: list[str], frame: list[float] | None = None) -> Any:
    """Natural Earth admin-0 countries (today's borders), optionally cut to a frame."""
    union = shapely.union_all([read_countries()[n] for n in names])
    return union.intersection(box(*frame)) if frame else union


def world_land(frame: list[float]) -> Any:
    """Coarse world land (1:110m) outside a frame, for context far from the theatre."""
    frame_box = box(*frame)
    return shapely.MultiPolygon(polygons([p.difference(frame_box) for p in read_land("land-110m.json").geoms]))


def detailed_land(frame: list[float], tolerance: float) -> Any:
    """Natural Earth 1:10m land inside a frame, simplified to a tolerance in degrees."""
    pieces = shapely.simplify(shapely.clip_by_rect(land_10m().geoms, *frame), tolerance, preserve_topology=True)
    return shapely.MultiPolygon(polygons(pieces))
