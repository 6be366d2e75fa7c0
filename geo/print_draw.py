"""Drawing the printable pictures' maps with matplotlib: projection, layers, swatches, scale bar.

Every look is read from the style table as Leaflet path options (``geo.style``, the catalogue's
``legend_style`` and ``demand_style``) and converted here, so a picture and a page share one style.
Each map's layers are clipped, simplified and projected once per process and reused by all of
its pictures (states, days and languages).
"""

from __future__ import annotations

from functools import cache
from itertools import groupby
from operator import itemgetter
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.colors import to_rgba
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from mpl_toolkits.axes_grid1.anchored_artists import AnchoredSizeBar
from pyproj import CRS, Geod, Transformer

from geo import style
from geo.catalogue import STATE_KINDS, STATE_LAYERS, LegendEntry, MapSpec, legend_style
from geo.i18n import strings
from geo.mapdata import MapData
from geo.popups import number
from geo.timeline import Day, state_at

Drawn = set[tuple[str, str]]
"""What a picture drew, as legend keys: (style key, holder), e.g. ``("occupied", "japan")``."""
PT_PER_PX = 0.5
"""Points per Leaflet pixel: lines and dots keep the weight, relative to the map, they have on screen."""


# --- geometry --------------------------------------------------------------------------------


@cache
def projection(spec: MapSpec) -> CRS:
    """A Lambert conformal conic fitted to the frame (standard parallels at 1/6 and 5/6 of its height)."""
    (south, west), (north, east) = spec.bounds
    sixth = (north - south) / 6
    return CRS.from_proj4(
        f"+proj=lcc +lat_0={(south + north) / 2} +lon_0={(west + east) / 2} "
        f"+lat_1={south + sixth} +lat_2={north - sixth} +datum=WGS84 +units=m +no_defs"
    )


@cache
def frame(spec: MapSpec) -> tuple[tuple[float, float], tuple[float, float]]:
    """The projected box holding the whole longitude/latitude frame: ``((west, south), (east, north))``."""
    crs = projection(spec)
    (south, west), (north, east) = spec.bounds
    outline = gpd.GeoSeries([shapely.segmentize(shapely.box(west, south, east, north), 0.5)], crs="EPSG:4326")
    x0, y0, x1, y1 = outline.to_crs(crs).total_bounds
    return (x0, y0), (x1, y1)


def projected(gdf: gpd.GeoDataFrame, spec: MapSpec, crs: CRS) -> gpd.GeoDataFrame:
    """Features near the frame, simplified as on the interactive map, in the picture's projection."""
    (south, west), (north, east) = spec.bounds
    margin = max(north - south, east - west) / 2
    near = gdf.clip(shapely.box(west - margin, south - margin, east + margin, north + margin))
    near = near.set_geometry(near.geometry.simplify(spec.tolerance, preserve_topology=True))
    return near[~near.geometry.is_empty].to_crs(crs)


def projected_layer(data: MapData, layer: str, spec: MapSpec) -> gpd.GeoDataFrame:
    """A whole layer as ``spec``'s pictures draw it, projected once and kept for its other pictures."""
    key = (spec.name, layer)
    if key not in data.print_layers:
        data.print_layers[key] = projected(data.layers[layer], spec, projection(spec))
    return data.print_layers[key]


# --- styles ----------------------------------------------------------------------------------


def line_style(options: dict[str, Any]) -> dict[str, Any]:
    """matplotlib line width and dash pattern from Leaflet path options (``weight``, ``dashArray``)."""
    width = options.get("weight", 1) * PT_PER_PX
    result: dict[str, Any] = {"linewidth": width}
    if "dashArray" in options:
        # matplotlib scales dashes by the line width; Leaflet gives them in pixels.
        dashes = tuple(float(v) * PT_PER_PX / width for v in options["dashArray"].split())
        result["linestyle"] = (0, dashes)
    return result


def area_style(options: dict[str, Any]) -> dict[str, Any]:
    """matplotlib patch colours and line from Leaflet path options."""
    return {
        "facecolor": to_rgba(options.get("fillColor", options["color"]), options.get("fillOpacity", 0.2)),
        "edgecolor": to_rgba(options["color"], options.get("opacity", 1)),
        "hatch": options.get("hatch"),
        **line_style(options),
    }


def marker_style(options: dict[str, Any]) -> dict[str, Any]:
    """scatter() arguments for a dot from Leaflet circle-marker options."""
    lines = line_style(options)
    return {
        "s": (2 * options["radius"] * PT_PER_PX) ** 2,
        "facecolor": to_rgba(options["fillColor"], options["fillOpacity"]),
        "edgecolor": options["color"],
        "linewidths": lines["linewidth"],
        "linestyles": lines.get("linestyle", "solid"),
    }


def swatch(ax: Axes, entry: LegendEntry) -> Artist:
    """A legend row's swatch, drawn from the catalogue's description of it."""
    options = legend_style(entry)
    if entry.shape == "rect":
        return Patch(**area_style(options))
    if entry.shape == "line":
        return Line2D([], [], color=options["color"], **line_style(options))
    return ax.scatter([], [], **marker_style(options))


# --- layers ----------------------------------------------------------------------------------


def draw_land(ax: Axes, data: MapData, spec: MapSpec) -> None:
    """The coastline's land, beneath everything."""
    projected_layer(data, "land", spec).plot(ax=ax, zorder=1, **area_style(style.palette()["land"]))


def draw_state(ax: Axes, data: MapData, spec: MapSpec, day: Day) -> Drawn:
    """Territories, railways and the boundary in force on ``day``; return what was drawn."""
    state = pd.concat([state_at(projected_layer(data, layer, spec), day) for layer in STATE_LAYERS])
    state = state[state["kind"].isin(STATE_KINDS)]
    looks = zip(state["kind"], state["status"] == "occupied",
                (h if isinstance(h, str) else "" for h in state["controller"]), strict=True)
    drawn: Drawn = set()
    # Neighbouring features of one look are drawn as one collection, in the layers' order.
    for (kind, occupied, holder), run in groupby(zip(looks, state.geometry, strict=True), key=itemgetter(0)):
        status = "occupied" if occupied else ""
        options = style.feature_style({"kind": kind, "status": status, "controller": holder})
        shapes = gpd.GeoSeries([geometry for _look, geometry in run], crs=state.crs)
        if kind == "territory":
            # Held land first, occupation drawn over it as a dashed outline.
            shapes.plot(ax=ax, zorder=3 if occupied else 2, **area_style(options))
            drawn.add(("occupied" if occupied else "territory", holder))
        elif kind == "railway":
            shapes.plot(ax=ax, zorder=4, color=options["color"], alpha=options["opacity"],
                        capstyle="round", **line_style(options))
            drawn.add(("railway", holder))
        else:
            shapes.plot(ax=ax, zorder=5, color=options["color"], **line_style(options))
            drawn.add(("boundary", ""))
    return drawn


def draw_battles(ax: Axes, data: MapData, spec: MapSpec, day: Day | None = None) -> tuple[gpd.GeoDataFrame, Drawn]:
    """The war's battles (those begun by ``day`` if given) as dots coloured by victor (naval: dashed
    ring), one collection per look; return them, projected, and what was drawn."""
    battles = projected_layer(data, "battles", spec)
    if day is not None:
        battles = battles[battles["start_date"] <= pd.Timestamp(day)]
    for (kind, victor), group in battles.groupby(["kind", "victor"], sort=True, dropna=False):
        options = style.feature_style({"kind": kind, "victor": victor})
        ax.scatter(group.geometry.x, group.geometry.y, zorder=6, **marker_style(options))
    drawn = {("battle", victor) for victor in battles["victor"]}
    return battles, drawn | ({("naval_battle", "")} if (battles["kind"] == "naval").any() else set())


def draw_shape(ax: Axes, geometry: Any, spec: MapSpec, options: dict[str, Any], zorder: int) -> None:
    """One shape in longitude/latitude with Leaflet path options: a dot, a line or an area."""
    shapes = projected(gpd.GeoDataFrame(geometry=[geometry], crs="EPSG:4326"), spec, projection(spec)).geometry
    kind = shapes.geom_type.iloc[0]
    if kind == "Point":
        shapes.plot(ax=ax, zorder=zorder + 4, markersize=40, color=options["color"], edgecolor="#1a1a1a")
    elif kind.endswith("LineString"):
        shapes.plot(ax=ax, zorder=zorder + 2, color=options["color"], **line_style(options))
    else:
        shapes.plot(ax=ax, zorder=zorder, **area_style(options))


def draw_scale_bar(ax: Axes, spec: MapSpec, lang: str) -> AnchoredSizeBar:
    """A bar of a round number of kilometres, up to a quarter of the map wide, measured at its latitude."""
    (south, west), (north, east) = spec.bounds
    latitude, longitude = (south + north) / 2, (west + east) / 2
    geod = Geod(ellps="WGS84")
    map_km = geod.inv(west, latitude, east, latitude)[2] / 1000
    km = round_down(map_km / 4)
    end_lon, end_lat, _ = geod.fwd(longitude, latitude, 90, km * 1000)
    to_map = Transformer.from_crs("EPSG:4326", projection(spec), always_xy=True)
    (x0, x1), (y0, y1) = to_map.transform([longitude, end_lon], [latitude, end_lat])
    length = ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5
    label = strings(lang)["print_scale"].format(value=number(km, lang))
    bar = AnchoredSizeBar(ax.transData, length, label, loc="lower right", pad=0.4, borderpad=0.8, sep=3,
                          size_vertical=length / 40, color="#1a1a1a", frameon=True)
    bar.patch.set(facecolor="white", alpha=0.85, edgecolor="none")
    bar.set_zorder(7)
    ax.add_artist(bar)
    return bar


def round_down(value: float) -> int:
    """The largest 1, 2 or 5 times a power of ten not above ``value`` (at least 1)."""
    step = 1
    while step * 10 <= value:
        step *= 10
    return max(m * step for m in (1, 2, 5) if m * step <= value) if value >= 1 else 1
