"""Reading layer files: strict validation, then a typed GeoDataFrame (EPSG:4326).

A file that breaks the schema raises :class:`~geo.errors.LayerError` naming the
file, the feature and the field. Geometry that is valid but sloppy (an unclosed
ring, clockwise winding) is mended with a :class:`LayerWarning` instead.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely

from geo import schema
from geo.errors import LayerError, LayerWarning
from geo.inputs import default_layers_dir
from geo.properties import check_feature

__all__ = ["MAX_FILE_BYTES", "LayerWarning", "default_layers_dir", "layer_names", "layer_path", "load_layer",
           "load_layers", "read_layer_file"]

MAX_FILE_BYTES = 50 * 1024 * 1024
"""Layers larger than this are refused: the maps embed their data, so it must stay small."""


def layer_names(layers_dir: str | Path | None = None) -> list[str]:
    """Names of the layers in a folder: the project's own first, in drawing order."""
    folder = Path(layers_dir) if layers_dir else default_layers_dir()
    found = {p.stem for p in folder.glob("*.geojson")}
    own = [n for n in schema.LAYER_NAMES if n in found]
    return own + sorted(found - set(own))


def layer_path(name: str) -> Path:
    """The file of one shipped layer, for any GeoJSON reader: ``gpd.read_file(geo.layer_path("battles"))``.

    Works from a wheel, an editable install or a checkout, whatever the working folder.
    """
    path = default_layers_dir() / f"{name}.geojson"
    if not path.is_file():
        raise LayerError(f"no such layer; known: {', '.join(layer_names())}", file=str(path))
    return path


def load_layer(name: str, layers_dir: str | Path | None = None) -> gpd.GeoDataFrame:
    """Load and validate one layer as a GeoDataFrame.

    Parameters
    ----------
    name
        Layer name, e.g. ``"sakhalin"`` (the file ``<name>.geojson``).
    layers_dir
        Folder holding the layers; the shipped layers by default.

    Returns
    -------
    GeoDataFrame in EPSG:4326 with ``start_date``/``end_date`` as datetimes
    (NaT where open) and integer casualty columns (nullable).
    """
    folder = Path(layers_dir) if layers_dir else default_layers_dir()
    path = folder / f"{name}.geojson"
    if not path.is_file():
        raise LayerError(f"no such layer; known: {', '.join(layer_names(folder))}", file=str(path))
    return read_layer_file(path)


def load_layers(layers_dir: str | Path | None = None) -> dict[str, gpd.GeoDataFrame]:
    """Load every layer in a folder and check that ids are unique across all of them."""
    folder = Path(layers_dir) if layers_dir else default_layers_dir()
    if not folder.is_dir():
        raise LayerError("not a folder", file=str(folder))
    layers = {name: load_layer(name, folder) for name in layer_names(folder)}
    seen: dict[str, str] = {}
    for name, gdf in layers.items():
        for index, fid in enumerate(gdf["id"]):
            if fid in seen:
                raise LayerError(
                    f"duplicate id: {fid!r} is also in {seen[fid]}.geojson",
                    file=str(folder / f"{name}.geojson"),
                    index=index,
                    feature_id=fid,
                    field="id",
                )
            seen[fid] = name
    return layers


def read_layer_file(path: str | Path) -> gpd.GeoDataFrame:
    """Validate one GeoJSON file against the schema and return it typed."""
    path = Path(path)
    features = _read_features(path)
    layer = path.stem
    extra = schema.EXTRA_FIELDS.get(layer, {})
    if len(features) > schema.MAX_FEATURES_PER_LAYER:
        raise LayerError(f"{len(features):,} features; a layer may have at most "
                         f"{schema.MAX_FEATURES_PER_LAYER:,}", file=str(path))
    rows, geometries = [], []
    vertices = 0
    for index, feature in enumerate(features):
        props, geometry = check_feature(path, index, feature, layer, extra)
        vertices += shapely.get_num_coordinates(geometry)
        if vertices > schema.MAX_VERTICES_PER_LAYER:
            raise LayerError(f"the layer passes {schema.MAX_VERTICES_PER_LAYER:,} vertices here; "
                             "simplify its geometry", file=str(path), index=index, feature_id=props["id"],
                             field="geometry")
        rows.append(props)
        geometries.append(geometry)
    columns = list(schema.COMMON_FIELDS) + list(extra)
    frame = pd.DataFrame(rows, columns=columns)
    for field in schema.DATE_FIELDS:
        frame[field] = pd.to_datetime(frame[field]).dt.as_unit("us")
    for field, kind in extra.items():
        if kind == "int":
            frame[field] = frame[field].astype("Int64")
    gdf = gpd.GeoDataFrame(frame, geometry=geometries, crs="EPSG:4326")
    gdf.attrs["layer"] = layer
    return gdf


def _read_features(path: Path) -> list[Any]:
    """Parse the file as an RFC 7946 FeatureCollection and return its features."""
    file = str(path)
    size = path.stat().st_size if path.is_file() else -1
    if size < 0:
        raise LayerError("file not found", file=file)
    if size == 0:
        raise LayerError("file is empty", file=file)
    if size > MAX_FILE_BYTES:
        raise LayerError(
            f"file is {size / 1e6:.0f} MB; layers are limited to {MAX_FILE_BYTES / 1e6:.0f} MB "
            "(simplify the geometry)",
            file=file,
        )
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except RecursionError:
        raise LayerError("invalid JSON: nested too deeply", file=file) from None
    except UnicodeDecodeError as exc:
        raise LayerError(f"not UTF-8 text ({exc.reason})", file=file) from None
    except json.JSONDecodeError as exc:
        raise LayerError(f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}", file=file) from None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise LayerError("not a GeoJSON FeatureCollection", file=file)
    crs = data.get("crs")
    if crs is not None and "4326" not in json.dumps(crs) and "CRS84" not in json.dumps(crs):
        raise LayerError(
            "declares a projected or non-WGS84 CRS; RFC 7946 layers are WGS84 longitude/latitude",
            file=file,
        )
    features = data.get("features")
    if not isinstance(features, list):
        raise LayerError("'features' is not a list", file=file)
    return features
