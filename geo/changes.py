"""What changed hands between two days, computed from the layers with shapely."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo import measure
from geo.layers import load_layers
from geo.timeline import TREATY_DAY, Day, date_spans, parse_day, spans_in_force

HELD = ("sovereign", "leased", "railway_concession", "protectorate")
"""Title to land or line; wartime occupation is not a change of title."""


UNMATCHED_SHARE = 0.05
"""A holding that ends (or starts) with no holder shown after (or before) it on this much of its size
or more is reported as such; less is a sliver between two layers' outlines."""


@dataclass(frozen=True)
class Holdings:
    """Every layer's held land and lines (title, not occupation), read once for comparing any number
    of pairs of days: the build's time axis compares some eighty."""

    records: list[dict[str, Any]]
    """Each holding's properties, with its ``layer``."""
    shapes: np.ndarray
    dimensions: np.ndarray
    """2 for areas, 1 for lines: areas are compared with areas and lines with lines."""
    spans: tuple[np.ndarray, np.ndarray]
    """Start and end dates (see :func:`geo.timeline.date_spans`)."""

    @classmethod
    def of(cls, layers: dict[str, gpd.GeoDataFrame]) -> Holdings:
        """The holdings of these layers, in layer order."""
        held = [gdf[gdf["status"].isin(HELD) & (gdf["controller"] != "")].assign(layer=name)
                for name, gdf in layers.items() if "controller" in gdf and not gdf.empty]
        if not held:
            never = np.array([], dtype="datetime64[ns]")
            return cls([], np.array([], dtype=object), np.array([], dtype=int), (never, never))
        frame = pd.concat(held, ignore_index=True)
        shapes = frame.geometry.to_numpy()
        return cls(frame.drop(columns=frame.geometry.name).to_dict("records"), shapes,
                   shapely.get_dimensions(shapes), date_spans(frame))

    def in_force(self, day: Day, among: Collection[str] | None = None) -> np.ndarray:
        """Which holdings hold on a day, of the layers ``among`` if given, as a boolean array."""
        holding = spans_in_force(*self.spans, day)
        if among is not None:
            holding &= np.array([record["layer"] in among for record in self.records], dtype=bool)
        return holding


def changes_between(
    day_a: Day,
    day_b: Day,
    layers: dict[str, gpd.GeoDataFrame] | None = None,
    layers_dir: str | Path | None = None,
) -> gpd.GeoDataFrame:
    """Land and railway whose holder, or the holder's title to it, differs between two days.

    Holdings are compared across layers (the 1898 lease in ``kwantung`` follows Qing land in
    ``polities``), areas with areas and lines with lines. A holding that ends with no holder shown
    after it (Japan's in August 1945), or starts with none shown before it (a new railway), is a row
    with an empty ``to_controller`` or ``from_controller``.

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
    holding on ``day_b``, or of the one that ended), ``from_controller``, ``to_controller``,
    ``from_status``, ``to_status`` (a protectorate annexed keeps its holder and changes its title),
    ``article``, ``area_km2`` (polygons, geodesic) and ``length_km`` (lines, geodesic; 0 for polygons).
    """
    day_a, day_b = parse_day(day_a), parse_day(day_b)
    layers = layers if layers is not None else load_layers(layers_dir)
    rows = change_rows(Holdings.of(layers), day_a, day_b)
    return gpd.GeoDataFrame(pd.DataFrame(rows, columns=list(COLUMNS)), geometry="geometry", crs="EPSG:4326")


COLUMNS = ("layer", "id", "name", "name_th", "from_controller", "to_controller", "from_status", "to_status",
           "article", "area_km2", "length_km", "geometry")
"""The fields of a changed piece, as :func:`changes_between` returns them."""


def change_rows(held: Holdings, day_a: Day, day_b: Day, among: Collection[str] | None = None) -> list[dict[str, Any]]:
    """What :func:`changes_between` returns, as one dict per piece (fields: ``COLUMNS``), comparing
    only the holdings of the layers ``among`` if given."""
    was, now = held.in_force(day_a, among), held.in_force(day_b, among)
    rows = []
    for dimension in (2, 1):  # areas, then lines: a railway through held land is not that land
        same = held.dimensions == dimension
        rows += _changes(held, was & same, now & same)
    return rows


def _changes(held: Holdings, was: np.ndarray, now: np.ndarray) -> list[dict[str, Any]]:
    """The pieces of held features (of one dimension) whose holder on the second day differs from the
    first's, in the order of the old holding, then the new; then what ended or started with no other holder."""
    records, shapes = held.records, held.shapes
    rows = []
    for old_index in was.nonzero()[0]:
        old = records[old_index]
        for new_index in now.nonzero()[0]:
            new = records[new_index]
            if ((old["controller"], old["status"]) == (new["controller"], new["status"])
                    or (now[old_index] and was[new_index]) or not shapes[old_index].intersects(shapes[new_index])):
                continue  # the same holder by the same title, two holdings that both go on, or apart
            piece = _same_dimension(shapes[old_index].intersection(shapes[new_index]), shapes[new_index])
            if piece is not None:
                rows.append(_row(new, old, new, piece))
    for index, ended, piece in _unmatched(shapes, was, now):
        row = records[index]
        rows.append(_row(row, row if ended else None, None if ended else row, piece))
    return rows


def _unmatched(shapes: np.ndarray, was: np.ndarray, now: np.ndarray) -> list[tuple[int, bool, Any]]:
    """Holdings that ended with no holding shown on their land or line after them, then those that
    started with none before them, as ``(index, ended, the piece no other holding covers)``."""
    found = []
    for ending, others, ended in ((was & ~now, now, True), (now & ~was, was, False)):
        for index in ending.nonzero()[0]:
            shape = shapes[index]
            near = shapes[others][shapely.intersects(shapes[others], shape)]  # only these can cover it
            if shapely.equals_exact(near, shape, 0).any():
                continue  # the same outline goes on (most turns of the axis): covered, no need to measure
            piece = _same_dimension(shape.difference(shapely.union_all(near)), shape) if len(near) else shape
            if piece is not None and _size(piece) >= UNMATCHED_SHARE * _size(shape):
                found.append((int(index), ended, piece))
    return found


def _since_treaty(holding: dict[str, Any]) -> bool:
    return bool(pd.notna(holding["start_date"]) and holding["start_date"] >= pd.Timestamp(TREATY_DAY))


def _size(shape: shapely.Geometry) -> float:
    return float(measure.area_km2(shape) if shape.geom_type.endswith("Polygon") else measure.length_km(shape))


def _row(holding: dict[str, Any], old: dict[str, Any] | None, new: dict[str, Any] | None,
         piece: shapely.Geometry) -> dict[str, Any]:
    """One changed piece: ``holding`` names it; ``old`` and ``new`` held it before and after (None: no
    holder shown)."""
    polygonal = piece.geom_type.endswith("Polygon")
    from_controller, to_controller = old["controller"] if old else "", new["controller"] if new else ""
    return {
        "layer": holding["layer"],
        "id": holding["id"],
        "name": holding["name"],
        "name_th": holding["name_th"],
        "from_controller": from_controller,
        "to_controller": to_controller,
        "from_status": old["status"] if old else "",
        "to_status": new["status"] if new else "",
        # The treaty's article, for holdings that began with it or after (the 1898 lease is not its Article V).
        "article": holding["article"] if from_controller and to_controller and _since_treaty(holding) else "",
        "area_km2": round(measure.area_km2(piece), 1) if polygonal else 0.0,
        "length_km": 0.0 if polygonal else round(measure.length_km(piece), 1),
        "geometry": piece,
    }


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
