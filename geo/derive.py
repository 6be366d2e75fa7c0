"""Derive the treaty geometry from Natural Earth coastline data with shapely.

Run ``python -m geo.derive`` to rewrite the derived layers in ``layers/`` from
the pinned coastline (npm ``world-atlas``), the hand-checked stations and the
feature table in ``geo/data/derived.json``. The output is committed, so
analysts need none of this; the command makes every derived shape reproducible.
"""

from __future__ import annotations

import argparse
import json
import math
import sysconfig
from collections.abc import Callable
from pathlib import Path
from typing import Any

import geopandas as gpd
import shapely
from shapely.affinity import scale
from shapely.geometry import LineString, MultiLineString, Point, Polygon, box, mapping
from shapely.ops import linemerge

from geo import measure, schema
from geo.layers import read_layer_file
from geo.naturalearth import admin0, detailed_land, land_parts, polygons, read_countries, world_land
from geo.properties import MIDNIGHT

SPEC_FILE = Path(__file__).resolve().parent / "data" / "derived.json"
COORDINATE_DECIMALS = 5
"""Five decimals of a degree is about a metre: finer than any source here."""

SAKHALIN_BOX = (140.5, 45.8, 145.5, 54.5)
"""Sakhalin with Moneron and the islets off its coasts; clear of Hokkaido and the mainland."""
MAINLAND_MIN_KM2 = 1_000_000
"""Land polygons larger than this are continents, never islands."""
KM_PER_DEGREE = 111.32
"""Length of a degree of latitude (and of longitude at the equator) in km."""


def sakhalin_island() -> shapely.MultiPolygon:
    """Sakhalin and its adjacent islands: every island polygon inside the Sakhalin box."""
    frame = box(*SAKHALIN_BOX)
    islands = [
        p for p in land_parts()
        if frame.contains(p.representative_point()) and measure.area_km2(p) < MAINLAND_MIN_KM2
    ]
    return shapely.MultiPolygon(islands)


def main_island() -> Polygon:
    """Sakhalin itself: the largest polygon of the island group."""
    return max(sakhalin_island().geoms, key=lambda p: p.area)


def north_of(geom: Any, latitude: float) -> Any:
    """The part of a geometry at or north of a parallel."""
    return geom.intersection(box(-180, latitude, 180, 90))


def south_of(geom: Any, latitude: float) -> Any:
    """The part of a geometry south of a parallel."""
    return geom.intersection(box(-180, -90, 180, latitude))


def parallel_across(island: Polygon, latitude: float) -> LineString:
    """The parallel across an island from its west coast to its east coast."""
    crossing = island.intersection(LineString([(-180, latitude), (180, latitude)]))
    xs = [x for line in getattr(crossing, "geoms", [crossing]) for x, _ in line.coords]
    return LineString([(min(xs), latitude), (max(xs), latitude)])


def land_south_of_line(line: list[list[float]], frame: list[float]) -> Any:
    """Land inside a frame and south of a boundary drawn coast to coast across it."""
    return _land_within(region_south_of_line(line, frame))


def region_south_of_line(line: list[list[float]], frame: list[float]) -> Polygon:
    """The part of a frame south of a boundary line, extended west and east to the frame's edges.

    Extending the line makes it cut the land whatever the coastline's detail.
    """
    west, south, east, _north = frame
    return Polygon([(west, line[0][1]), *map(tuple, line), (east, line[-1][1]), (east, south), (west, south)])


def circle(centre: list[float], radius_km: float) -> Polygon:
    """A circle on the ground around a point, as a longitude/latitude ellipse (fine below ~100 km)."""
    degrees = radius_km / KM_PER_DEGREE
    round_ = Point(centre).buffer(degrees, quad_segs=32)
    return scale(round_, xfact=1 / math.cos(math.radians(centre[1])), yfact=1.0)


def islands_of(country: str, frame: list[float], north_of_latitude: float | None = None,
               south_of_latitude: float | None = None) -> Any:
    """A country's islands (not its mainland, not Sakhalin) whose centre lies in a frame and band."""
    within, sakhalin = box(*frame), box(*SAKHALIN_BOX)
    keep = []
    for part in read_countries()[country].geoms:
        centre = part.representative_point()
        if not within.contains(centre) or sakhalin.contains(centre) or measure.area_km2(part) >= MAINLAND_MIN_KM2:
            continue
        if north_of_latitude is not None and centre.y < north_of_latitude:
            continue
        if south_of_latitude is not None and centre.y >= south_of_latitude:
            continue
        keep.append(part)
    return shapely.MultiPolygon(keep)


def russia_in_asia(frame: list[float], kurils_frame: list[float]) -> Any:
    """Russia's admin-0 land in a frame, less Sakhalin and the Kurils (held by others or drawn elsewhere)."""
    return admin0(["Russia"], frame).difference(islands_of("Russia", kurils_frame)).difference(
        shapely.union_all(list(sakhalin_island().geoms)).buffer(0.02))


def manchuria(ring: list[list[float]], lease: dict[str, Any]) -> Any:
    """China's admin-0 land inside the hand-drawn Manchuria ring, less the Kwantung lease region."""
    return admin0(["China"]).intersection(Polygon(ring)).difference(region_south_of_line(**lease))


def china_outside(frame: list[float], manchuria_ring: list[list[float]], lease: dict[str, Any],
                  also: list[list[float]]) -> Any:
    """China's admin-0 land in a frame outside Manchuria and the lease, with the islands in the frames ``also``
    (Natural Earth counts Kinmen with Taiwan, though it never left Fujian)."""
    china = admin0(["China"], frame).difference(Polygon(manchuria_ring)).difference(region_south_of_line(**lease))
    return shapely.union_all([china, *[islands_of("Taiwan", f) for f in also]])


def lease_region_land(lease: dict[str, Any]) -> Any:
    """China's admin-0 land inside the (later) Kwantung lease region."""
    return admin0(["China"]).intersection(region_south_of_line(**lease))


def _land_within(region: Polygon) -> Any:
    parts = [p.intersection(region) for p in land_parts() if p.intersects(region)]
    return shapely.union_all([p for p in parts if not p.is_empty])


def coast_within(ring: list[list[float]], min_km2: float = MAINLAND_MIN_KM2) -> MultiLineString:
    """The coast of the large land masses inside a region (islands left out)."""
    region = Polygon(ring)
    coasts = [p.exterior.intersection(region) for p in land_parts()
              if measure.area_km2(p) >= min_km2 and p.intersects(region)]
    segments = [seg for seg in shapely.get_parts(coasts) if seg.geom_type == "LineString" and seg.length > 0]
    merged = linemerge(segments)
    return merged if isinstance(merged, MultiLineString) else MultiLineString([merged])


def railway_line(line: str, stations: gpd.GeoDataFrame, from_station: str | None = None,
                 to_station: str | None = None, first: str | None = None, last: str | None = None) -> LineString:
    """A railway drawn station to station along one line of the stations layer, in their order.

    ``from_station`` and ``to_station`` join the line to the junction or terminus it shares with
    another line (a branch starts at a station of the main line); ``first`` and ``last`` keep only
    the stretch between two of its stations (a section taken on one day).
    """
    by_id = stations.set_index("id").geometry
    ids = list(stations[stations["line"] == line].sort_values("order")["id"])
    ids = ([from_station] if from_station else []) + ids + ([to_station] if to_station else [])
    ids = ids[ids.index(first) if first else 0: ids.index(last) + 1 if last else len(ids)]
    return LineString([by_id[s].coords[0] for s in ids])


def _recipes(stations: gpd.GeoDataFrame) -> dict[str, Callable[..., Any]]:
    """Every named construction a feature of the table may ask for."""
    return {
        "sakhalin_whole": lambda: sakhalin_island(),
        "sakhalin_north": lambda latitude: north_of(sakhalin_island(), latitude),
        "sakhalin_south": lambda latitude: south_of(sakhalin_island(), latitude),
        "parallel_across_sakhalin": lambda latitude: parallel_across(main_island(), latitude),
        "lease_land": lambda lease: land_south_of_line(**lease),
        "coast_within": coast_within,
        "railway": lambda **along: railway_line(stations=stations, **along),
        "detailed_land": detailed_land,
        "world_land": world_land,
        "admin0": admin0,
        "islands_of": islands_of,
        "russia_in_asia": russia_in_asia,
        "manchuria": manchuria,
        "china_outside": china_outside,
        "lease_region_land": lease_region_land,
    }


def _named(params: dict[str, Any], regions: dict[str, Any]) -> dict[str, Any]:
    """Parameters with every "@name" replaced by the shared region of that name (one home per line)."""
    def resolve(value: Any) -> Any:
        if isinstance(value, str) and value.startswith("@"):
            return regions[value[1:]]
        return {k: resolve(v) for k, v in value.items()} if isinstance(value, dict) else value
    return {k: resolve(v) for k, v in params.items()}


def _cut(geom: Any, north_of_latitude: float | None = None, south_of_latitude: float | None = None,
         inside_circle: dict[str, Any] | None = None, outside_circle: dict[str, Any] | None = None) -> Any:
    """A derived shape cut by parallels or a circle, so that one construction yields dated parts."""
    if north_of_latitude is not None:
        geom = north_of(geom, north_of_latitude)
    if south_of_latitude is not None:
        geom = south_of(geom, south_of_latitude)
    if inside_circle is not None:
        geom = geom.intersection(circle(**inside_circle))
    if outside_circle is not None:
        geom = geom.difference(circle(**outside_circle))
    return geom


def derive_layers(layers_dir: Path) -> dict[str, dict[str, Any]]:
    """Build every derived layer as a GeoJSON FeatureCollection (not yet written)."""
    spec = json.loads(SPEC_FILE.read_text(encoding="utf-8"))
    stations = read_layer_file(layers_dir / "stations.geojson")
    recipes = _recipes(stations)
    collections: dict[str, dict[str, Any]] = {}
    for layer, features in spec["layers"].items():
        out = []
        for feature in features:
            geometry = feature["geometry"]
            if "derive" in geometry:
                params = _named(geometry, spec["regions"])
                cut = params.pop("cut", {})
                geom = _cut(recipes[params.pop("derive")](**params), **cut)
            else:
                geom = shapely.geometry.shape(geometry)
            out.append({"type": "Feature", "properties": feature["properties"], "geometry": _rfc7946(geom)})
        collections[layer] = {"type": "FeatureCollection", "features": out}
    return collections


def _rfc7946(geom: Any) -> dict[str, Any]:
    """GeoJSON geometry with counter-clockwise exteriors and rounded coordinates."""
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        geom = shapely.set_precision(shapely.make_valid(geom), 10 ** -COORDINATE_DECIMALS)
        geom = shapely.MultiPolygon([shapely.geometry.polygon.orient(p, 1.0) for p in polygons(geom)])
        if len(geom.geoms) == 1:
            geom = geom.geoms[0]
    rounded: dict[str, Any] = json.loads(json.dumps(mapping(geom)),
                                         parse_float=lambda s: round(float(s), COORDINATE_DECIMALS))
    return rounded


def write_collection(path: Path, collection: dict[str, Any]) -> None:
    """Write a derived FeatureCollection the same way every time (stable diffs): one feature a line,
    open dates as null."""
    text = json.dumps(canonical(collection), ensure_ascii=False, indent=None, separators=(",", ":"))
    text = text.replace('{"type":"Feature",', '\n{"type":"Feature",')
    path.write_text(text + "\n", encoding="utf-8")


def rewrite_hand_kept(path: Path) -> None:
    """Rewrite a hand-kept layer canonically in its own layout (indented for hand editing), open dates as null.

    Run after editing a layer in another tool (GeoPandas writes ``1905-09-05T00:00:00``), or to bring
    an older file (open dates as ``""``) up to date: ``python -m geo.derive --hand-kept-only``.
    """
    read = json.loads(path.read_text(encoding="utf-8"))
    # Only what RFC 7946 asks for: GDAL's "name" and "crs" members go, each feature in the layers' layout.
    collection = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": feature["geometry"], "properties": feature["properties"]}
        for feature in read["features"]]}
    path.write_text(json.dumps(canonical(collection), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def canonical(collection: dict[str, Any]) -> dict[str, Any]:
    """The collection with every date as an ISO day and every open date as null."""
    for feature in collection["features"]:
        properties = feature["properties"]
        for field in schema.DATE_FIELDS:
            value = properties.get(field)
            properties[field] = value.removesuffix(MIDNIGHT) if value else None
    return collection


def checkout_layers() -> Path | None:
    """The ``layers/`` folder of the checkout this code runs from, or None when it runs installed."""
    root = Path(__file__).resolve().parent.parent
    return root / "layers" if (root / "pyproject.toml").is_file() and (root / "layers").is_dir() else None


def _installed_location(folder: Path) -> bool:
    """Whether a folder lies inside an installation's site-packages (never written to)."""
    installed = {Path(p).resolve() for p in (sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"])}
    return any(folder.resolve().is_relative_to(place) for place in installed)


def main(argv: list[str] | None = None) -> int:
    """Command line: rewrite the derived layers, then the hand-kept ones canonically."""
    parser = argparse.ArgumentParser(
        prog="python -m geo.derive",
        description="Rewrite the derived layers (the polities, Sakhalin, the 50th parallel, the Kwantung lease, "
        "the railway, places, the basemap land) from Natural Earth coastline data, then rewrite the "
        "hand-kept layers of the folder canonically (open dates as null).",
    )
    parser.add_argument("--layers", type=Path, default=checkout_layers(),
                        help="layers folder to rewrite (default: the checkout's layers/; required when installed)")
    parser.add_argument("--hand-kept-only", action="store_true",
                        help="only rewrite the hand-kept layers canonically (no coastline needed)")
    args = parser.parse_args(argv)
    if args.layers is None:
        parser.error("this copy is installed, not a checkout: pass --layers DIR (a folder of layers to rewrite)")
    if _installed_location(args.layers):
        parser.error(f"{args.layers} is inside an installed package; pass --layers with a folder of your own")
    derived = {} if args.hand_kept_only else derive_layers(args.layers)
    for layer, collection in derived.items():
        path = args.layers / f"{layer}.geojson"
        write_collection(path, collection)
        print(f"wrote {path} ({len(collection['features'])} features, {path.stat().st_size / 1024:.0f} KiB)")
    spec_layers = set(json.loads(SPEC_FILE.read_text(encoding="utf-8"))["layers"])
    for path in sorted(args.layers.glob("*.geojson")):
        if path.stem not in spec_layers:
            rewrite_hand_kept(path)
            print(f"rewrote {path} canonically")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
