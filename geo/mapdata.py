"""The loaded layers and what several maps share, computed once per build."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import geopandas as gpd
import shapely

from geo import encoding
from geo.catalogue import OPTIONAL_LAYERS, MapSpec, demands_table
from geo.changes import Holdings
from geo.limits import cluster_points

Frame = tuple[float, float, float, float]
"""(west, south, east, north) in decimal degrees."""


@dataclass
class MapData:
    """The loaded layers (optional ones present, maybe empty) and what the build computes from them once."""

    layers: dict[str, gpd.GeoDataFrame]
    layer_records: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    """Each layer's properties as dicts (see :meth:`records`)."""
    screen_shapes: dict[tuple[str, str, Frame | None], Any] = field(default_factory=dict)
    """Geometry simplified for a map's screen, by (map, feature id, frame): shared by its languages."""
    holdings: Holdings | None = None
    """The layers' held land and lines, read once for the time axis's comparisons."""
    axis_changes: dict[tuple[date, date], list[dict[str, Any]]] = field(default_factory=dict)
    """What changed hands between two stops of the time axis, shared by every map and language."""
    change_shapes: dict[tuple[str, date, date, str], Any] = field(default_factory=dict)
    """What one layer lost or gained between two stops, merged and simplified for a map's screen, by
    (map, stop before, stop, layer): shared by its languages."""
    held_turns: dict[str, set[date]] = field(default_factory=dict)
    """The days each layer's held land or line starts or ends: the only stops where it can change hands."""
    encodings: dict[tuple[bytes, int], dict[str, Any]] = field(default_factory=dict)
    """Geometry encoded for the pages, by (WKB, decimals): each shape is encoded once for all the pages
    and languages that draw it."""
    demand_shapes: dict[tuple[str, str], Any] = field(default_factory=dict)
    """The features each demand names, as one shape, by (demand id, ``asked`` or ``given``): shared by
    the demands pages and pictures."""
    print_layers: dict[tuple[str, str], gpd.GeoDataFrame] = field(default_factory=dict)
    """Layers as a map's printed pictures draw them (clipped, simplified, projected), by (map, layer):
    shared by its states, days and languages."""

    def records(self, name: str) -> list[dict[str, Any]]:
        """A layer's features' properties, one dict each in layer order, made once for every page that
        reads them (pandas makes them at some cost)."""
        if name not in self.layer_records:
            self.layer_records[name] = self.layers[name].drop(columns="geometry").to_dict("records")
        return self.layer_records[name]

    def on_screen(self, spec: MapSpec, feature_id: str, geometry: Any, frame: Frame | None = None) -> Any:
        """A feature's geometry as a map draws it: cut to a frame if given, simplified to the map's
        tolerance, on the grid that tolerance can show."""
        key = (spec.name, feature_id, frame)
        if key not in self.screen_shapes:
            if frame is not None:
                geometry = shapely.clip_by_rect(geometry, *frame)
            if geometry.geom_type == "MultiPoint":
                geometry = shapely.set_precision(cluster_points(geometry, spec.tolerance), grid(spec.tolerance))
            elif not geometry.geom_type.endswith("Point"):
                geometry = simplified(geometry, spec.tolerance)
            self.screen_shapes[key] = geometry
        return self.screen_shapes[key]

    def demand_shape(self, demand: dict[str, Any], part: str) -> Any:
        """The features a demand (a row of ``geo/data/demands.json``) names as ``asked`` or ``given``,
        as one shape; every demand's are made at the first call."""
        if not self.demand_shapes:
            by_id = {i: g for gdf in self.layers.values() for i, g in zip(gdf["id"], gdf.geometry, strict=True)}
            self.demand_shapes.update({(row["id"], side): shapely.union_all([by_id[i] for i in row[side]])
                                       for row in demands_table()["demands"] for side in ("asked", "given")
                                       if row[side]})
        return self.demand_shapes[demand["id"], part]

    def encoded(self, geometry: Any, places: int) -> dict[str, Any]:
        """A geometry encoded to ``places`` decimals (see :func:`geo.encoding.encode_geometry`), kept for
        the next page that draws the same shape."""
        key = (shapely.to_wkb(geometry), places)
        if key not in self.encodings:
            self.encodings[key] = encoding.encode_geometry(geometry, places)
        return self.encodings[key]


def simplified(geometry: Any, tolerance: float) -> Any:
    """A line or area simplified to a map's tolerance, on the grid that tolerance can show."""
    return shapely.set_precision(geometry.simplify(tolerance, preserve_topology=True), grid(tolerance))


def grid(tolerance: float) -> float:
    """The coarsest power-of-ten grid (degrees) at least four times finer than a simplification
    tolerance: coordinates carry no digits the map cannot show."""
    return float(10 ** math.floor(math.log10(tolerance / 4)))


def prepare(layers: dict[str, gpd.GeoDataFrame]) -> MapData:
    """Compute once what several maps share; a missing optional layer becomes an empty one."""
    layers = dict(layers)
    template = layers["sakhalin"]
    for name in OPTIONAL_LAYERS:
        if name not in layers:
            layers[name] = template.iloc[0:0].copy()
    return MapData(layers=layers)
