"""Reading layer files: strict validation, then a typed GeoDataFrame (EPSG:4326).

A file that breaks the schema raises :class:`~geo.errors.LayerError` naming the
file, the feature and the field. Geometry that is valid but sloppy (an unclosed
ring, clockwise winding) is mended with a :class:`LayerWarning` instead.
"""

from __future__ import annotations

import json
import math
import warnings
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry import shape
from shapely.geometry.polygon import orient
from shapely.validation import explain_validity

from geo import schema
from geo.errors import LayerError, LayerWarning
from geo.inputs import default_layers_dir

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
        props, geometry = _check_feature(path, index, feature, layer, extra)
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


def _check_feature(
    path: Path, index: int, feature: Any, layer: str, extra: dict[str, str]
) -> tuple[dict[str, Any], Any]:
    """Check one feature's properties and geometry; return them cleaned."""
    file = str(path)
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        raise LayerError("not a GeoJSON Feature", file=file, index=index)
    props = feature.get("properties")
    if not isinstance(props, dict):
        raise LayerError("has no properties object", file=file, index=index)
    raw_id = props.get("id")
    fid = raw_id if isinstance(raw_id, str) else None

    def fail(problem: str, field: str | None = None) -> LayerError:
        return LayerError(problem, file=file, index=index, feature_id=fid, field=field)

    clean: dict[str, Any] = {}
    for field in schema.COMMON_FIELDS:
        if field not in props:
            raise fail("missing required field", field)
        value = props[field]
        if field in schema.DATE_FIELDS and value is None:  # an open end, as GeoPandas and GDAL write it
            clean[field] = ""
            continue
        if not isinstance(value, str):
            raise fail(f"must be text, got {type(value).__name__}", field)
        if field in schema.REQUIRED_TEXT and not value.strip():
            raise fail("must not be empty", field)
        clean[field] = value
    if not schema.ID_PATTERN.fullmatch(clean["id"]) or len(clean["id"]) > schema.MAX_ID_LENGTH:
        raise fail(
            f"{clean['id'][:60]!r} is not an id: use lower-case letters, digits and hyphens "
            f"(starting with a letter or digit, at most {schema.MAX_ID_LENGTH} characters)",
            "id",
        )
    kinds = schema.KINDS.get(layer, schema.ALL_KINDS)
    if clean["kind"] not in kinds:
        raise fail(f"unknown kind {clean['kind']!r}; allowed: {', '.join(sorted(kinds))}", "kind")
    dates = {f: _parse_date(clean[f], fail, f) for f in schema.DATE_FIELDS}
    for field, day in dates.items():
        if day is None and clean["kind"] in schema.NEEDS_DATES:
            raise fail(f"a {clean['kind']} battle needs both a start_date and an end_date", field)
    clean.update(dates)
    if dates["start_date"] and dates["end_date"] and dates["end_date"] <= dates["start_date"]:
        raise fail(
            f"ends ({clean['end_date']}) on or before it starts ({clean['start_date']}); "
            "end_date is the first day no longer in force",
            "end_date",
        )
    controller = clean["controller"]
    if controller and controller not in schema.CONTROLLERS:
        raise fail(
            f"unknown controller {controller!r}; allowed: {', '.join(sorted(schema.CONTROLLERS))}",
            "controller",
        )
    if clean["kind"] in schema.NEEDS_CONTROLLER and not controller:
        raise fail(f"a {clean['kind']} feature needs a controller", "controller")
    if clean["status"] and clean["status"] not in schema.STATUSES:
        raise fail(
            f"unknown status {clean['status']!r}; allowed: {', '.join(sorted(schema.STATUSES))}",
            "status",
        )
    if not schema.ARTICLE_PATTERN.match(clean["article"]):
        raise fail("must be Roman numerals separated by ', ' (e.g. 'V, VI') or empty", "article")
    if not schema.URL_PATTERN.search(clean["source"]):
        raise fail("must cite at least one http(s) URL", "source")
    for url in schema.URL_PATTERN.findall(clean["source"]):
        try:
            urlsplit(url)
        except ValueError as exc:
            raise fail(f"{_short(url)} is not a valid URL ({exc})", "source") from None
    for field, kind in extra.items():
        clean[field] = _check_extra(props.get(field, None), kind, fail, field)
    if layer == "battles" and clean["victor"] not in schema.VICTORS:
        raise fail(f"unknown victor {clean['victor']!r}; allowed: {', '.join(sorted(schema.VICTORS))}", "victor")
    return clean, _check_geometry(feature.get("geometry"), fail, schema.LAYER_GEOMETRY.get(layer))


def _parse_date(text: str, fail: Any, field: str) -> date | None:
    """An ISO day, or None where open (null, or "" as older files wrote it); anything else is an error.

    A midnight datetime (``1905-09-05T00:00:00``, as GeoPandas writes a date column) is that day.
    """
    if not text:
        return None
    day = text.removesuffix(MIDNIGHT)
    if not schema.DATE_PATTERN.match(day):
        raise fail(f"{text!r} is not a date in the form YYYY-MM-DD", field)
    try:
        return date.fromisoformat(day)
    except ValueError as exc:
        raise fail(f"{text!r} is not a real date ({exc})", field) from None


MIDNIGHT = "T00:00:00"
"""The time GeoPandas appends when it writes a day as a datetime."""


def _check_extra(value: Any, kind: str, fail: Any, field: str) -> Any:
    """Type-check a layer-specific field ('int' fields may be null)."""
    if kind == "int":
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise fail(f"must be a whole number (0 or more) or null, got {_short(value)}", field)
        if value > schema.MAX_WHOLE_NUMBER:
            raise fail(f"{_short(value)} is larger than {schema.MAX_WHOLE_NUMBER:,}", field)
        return value
    if not isinstance(value, str):
        raise fail(f"must be text, got {type(value).__name__}", field)
    return value


def _check_geometry(geometry: Any, fail: Any, allowed: frozenset[str] | None = None) -> Any:
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
    for position in positions:
        if len(position) < 2 or not all(_is_number(v) for v in position):
            raise fail(f"position {_short(position)} is not [longitude, latitude]", "geometry")
        lon, lat = position[0], position[1]
        if abs(lon) > 180 or abs(lat) > 90:
            if abs(lon) > 1000 or abs(lat) > 1000:
                raise fail(
                    f"position {_short(position)} looks projected (metres?); layers use WGS84 degrees",
                    "geometry",
                )
            if abs(lat) > 90 and abs(lon) <= 90:
                raise fail(
                    f"position {_short(position)} looks like [latitude, longitude]; GeoJSON wants "
                    "[longitude, latitude]",
                    "geometry",
                )
            raise fail(f"position {_short(position)} is outside ±180° longitude / ±90° latitude", "geometry")
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
        if not all(isinstance(item, list) and all(isinstance(inner, list) for inner in item) for item in level):
            raise fail(wrong, "geometry")
        level = [inner for item in level for inner in item]
    if not all(isinstance(position, list) and not any(isinstance(v, list) for v in position) for position in level):
        raise fail(wrong, "geometry")
    return [position for position in level if position]  # [] holds no position: an empty geometry


def _is_number(value: Any) -> bool:
    """A finite number (integers of any size count; they are range-checked as degrees next)."""
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and math.isfinite(value))


def _short(value: Any, limit: int = 80) -> str:
    """A value's repr cut to ``limit`` characters, so a message stays one readable line."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
