"""What changed hands between two days, computed from the layers with shapely."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely

from geo import measure
from geo.layers import load_layers
from geo.timeline import Day, in_force, parse_day

HELD = ("sovereign", "leased", "railway_concession", "protectorate")
"""Title to land or line; wartime occupation is not a change of title."""


def changes_between(
    day_a: Day,
    day_b: Day,
    layers: dict[str, gpd.GeoDataFrame] | None = None,
    layers_dir: str | Path | None = None,
) -> gpd.GeoDataFrame:
    """Land and railway whose holder differs between two days.

    Parameters
    ----------
    day_a, day_b
        The two days: ISO ``YYYY-MM-DD`` text, ``date``, ``datetime`` or ``Timestamp``
        (anything else raises :class:`~geo.errors.DayError`).
    layers
        Already loaded layers; loaded from ``layers_dir`` (default: the shipped layers) if omitted.

    Returns
    -------
    GeoDataFrame (EPSG:4326), one row per piece that changed: ``layer``, ``name`` (of the
    holding on ``day_b``), ``from_controller``, ``to_controller``, ``article``, ``area_km2``
    (polygons, geodesic) and ``length_km`` (lines, geodesic; 0 for polygons).
    """
    day_a, day_b = parse_day(day_a), parse_day(day_b)
    layers = layers if layers is not None else load_layers(layers_dir)
    rows = []
    for name, gdf in layers.items():
        if "controller" in gdf and not gdf.empty:
            rows += _layer_changes(name, gdf[gdf["status"].isin(HELD) & (gdf["controller"] != "")], day_a, day_b)
    columns = ["layer", "id", "name", "name_th", "from_controller", "to_controller", "article",
               "area_km2", "length_km", "geometry"]
    return gpd.GeoDataFrame(pd.DataFrame(rows, columns=columns), geometry="geometry", crs="EPSG:4326")


def _layer_changes(layer: str, held: gpd.GeoDataFrame, day_a: Day, day_b: Day) -> list[dict[str, Any]]:
    """The pieces of one layer's held features whose holder on ``day_b`` differs from ``day_a``'s,
    in the order of the old holding, then the new."""
    was, now = in_force(held, day_a), in_force(held, day_b)
    records = held.drop(columns=held.geometry.name).to_dict("records")
    shapes = held.geometry.to_numpy()
    rows = []
    for old_index in was.nonzero()[0]:
        old = records[old_index]
        for new_index in now.nonzero()[0]:
            new = records[new_index]
            if old["controller"] == new["controller"] or not shapes[old_index].intersects(shapes[new_index]):
                continue
            piece = _same_dimension(shapes[old_index].intersection(shapes[new_index]), shapes[new_index])
            if piece is None:
                continue
            polygonal = piece.geom_type.endswith("Polygon")
            rows.append({
                "layer": layer,
                "id": new["id"],
                "name": new["name"],
                "name_th": new["name_th"],
                "from_controller": old["controller"],
                "to_controller": new["controller"],
                "article": new["article"],
                "area_km2": round(measure.area_km2(piece), 1) if polygonal else 0.0,
                "length_km": 0.0 if polygonal else round(measure.length_km(piece), 1),
                "geometry": piece,
            })
    return rows


def _same_dimension(piece: shapely.Geometry, like: shapely.Geometry) -> shapely.Geometry | None:
    """Keep only the parts of an intersection with the dimension of the original (no stray points)."""
    dimension = shapely.get_dimensions(like)
    parts = [g for g in getattr(piece, "geoms", [piece]) if shapely.get_dimensions(g) == dimension and not g.is_empty]
    if not parts:
        return None
    merged = shapely.union_all(parts)
    if dimension == 1:
        merged = shapely.line_merge(merged)
    return merged
