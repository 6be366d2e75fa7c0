"""Printable pictures of every map as PNGs for handouts (before/after maps: one per state).

Drawn with matplotlib (Agg, no pyplot state) from the same layers and style table as the
interactive maps, on a conic projection fitted to each map's frame so that one scale bar
holds across the whole picture. Thai text is set in Noto Sans Thai, converted once from the
project's pinned WOFF files, with DejaVu Sans supplying Latin letters and digits.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
import unicodedata
from collections.abc import Callable, Sequence
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely
from fontTools.ttLib import TTFont
from matplotlib import rc_context
from matplotlib.axes import Axes
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.font_manager import fontManager
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from mpl_toolkits.axes_grid1.anchored_artists import AnchoredSizeBar
from pyproj import CRS, Geod, Transformer

from geo import assets, style
from geo.catalogue import MAPS, STATE_KINDS, STATE_LAYERS, MapSpec, demands_table
from geo.i18n import folder as language_folder
from geo.i18n import strings
from geo.mapdata import MapData
from geo.popups import display_name, number
from geo.timeline import BEFORE_DAY, TREATY_DAY, WAR_START, format_date, format_span, state_at

FIGSIZE = (8.0, 6.0)
DPI = 200
"""8×6 inches at 200 dpi: 1600×1200 pixels, sharp on an A4 or letter handout."""
PT_PER_PX = 0.5
"""Points per Leaflet pixel: lines and dots keep the weight, relative to the map, they have on screen."""

LATIN_FAMILY = "DejaVu Sans"
THAI_FAMILY = "Noto Sans Thai"
THAI_FONT_PACKAGE = "@fontsource/noto-sans-thai"
THAI_FONT_FILES = ("files/noto-sans-thai-thai-400-normal.woff", "files/noto-sans-thai-thai-700-normal.woff")
"""Regular for the text, bold for the title (the Thai subset: Thai glyphs only)."""
FONT_CACHE = Path(tempfile.gettempdir()) / "portsmouth1905-fonts"

STATES = (("before", BEFORE_DAY), ("after", TREATY_DAY))
MAX_MAP_WIDTH = 0.6
"""The map takes at most this share of the picture's width; the legend gets the rest."""
LEGEND_WRAP = 34
"""Legend labels are wrapped to this many visible characters, so long Thai labels fit the column."""


def print_jobs(data: MapData, langs: list[str], days: Sequence[date] = ()) -> list[tuple[str, Callable[[], bytes]]]:
    """Every map's pictures as ``(relative path, render)`` jobs, per language.

    Before/after maps give ``<map>-before.png`` and ``<map>-after.png``, and ``<map>-<YYYY-MM-DD>.png``
    for each of the chosen ``days`` (any moment of 1875–1945); the war map gives
    ``war.png`` (every battle, numbered) and the demands map ``demands.png``. The first language
    goes to ``print/``, the others to ``print/<lang>/``.
    """
    jobs: list[tuple[str, Callable[[], bytes]]] = []
    for lang in langs:
        folder = f"print/{language_folder(lang)}"
        for spec in MAPS:
            if spec.states:
                for key, day in STATES:
                    subtitle = strings(lang)[f"state_{key}"]
                    jobs.append((f"{folder}{spec.name}-{key}.png",
                                 partial(render_print, data, spec, lang, subtitle, day)))
                for day in days:
                    jobs.append((f"{folder}{spec.name}-{day.isoformat()}.png",
                                 partial(render_print, data, spec, lang, format_date(day, lang), day)))
            elif spec.timeline:
                jobs.append((f"{folder}{spec.name}.png", partial(render_war_print, data, spec, lang)))
            elif spec.demands:
                jobs.append((f"{folder}{spec.name}.png", partial(render_demands_print, data, spec, lang)))
    return jobs


def render_print(data: MapData, spec: MapSpec, lang: str, subtitle: str, day: date) -> bytes:
    """One picture: a map's frame as it stood on ``day``, titled with the map's title and ``subtitle``;
    the battles shown are those begun by that day."""

    def draw(ax: Axes, crs: CRS) -> list[tuple[Any, str]]:
        _draw_land(ax, data, spec, crs)
        return _draw_state(ax, data, spec, crs, day, lang) + _draw_battles(ax, data, spec, crs, lang, day)

    return _picture(spec, lang, subtitle, draw)


def render_war_print(data: MapData, spec: MapSpec, lang: str) -> bytes:
    """Every battle of the war, numbered on the map and listed with its dates in the legend."""

    def draw(ax: Axes, crs: CRS) -> list[tuple[Any, str]]:
        _draw_land(ax, data, spec, crs)
        entries = _draw_battles(ax, data, spec, crs, lang)
        battles = data.layers["battles"].sort_values("start_date", kind="stable").reset_index(drop=True)
        points = battles.to_crs(crs).geometry
        for index, row in battles.iterrows():
            span = format_span(row["start_date"], row["end_date"], lang)
            label = f"{index + 1}. {display_name(row.to_dict(), lang)} — {span}"
            ax.annotate(str(index + 1), (points[index].x, points[index].y), xytext=(5, 4),
                        textcoords="offset points", fontsize=6, zorder=8, fontweight="bold")
            entries.append((Line2D([], [], linestyle="none"), label))
        return entries

    span = format_span(pd.Timestamp(WAR_START), pd.Timestamp(TREATY_DAY) + pd.Timedelta(days=1), lang)
    return _picture(spec, lang, span, draw, legend_size=5.5, wrap=60, shows_osm=False)


def render_demands_print(data: MapData, spec: MapSpec, lang: str) -> bytes:
    """Japan's demands against the treaty: asked for outlined, given filled, by outcome."""
    text = strings(lang)
    palette = style.palette()
    table = demands_table()
    shapes = pd.concat([gdf[["id", "geometry"]] for gdf in data.layers.values()]).set_index("id").geometry

    def draw(ax: Axes, crs: CRS) -> list[tuple[Any, str]]:
        _draw_land(ax, data, spec, crs)
        for demand in table["demands"]:
            colour = palette["outcomes"][demand["outcome"]]
            for part, zorder in (("given", 2), ("asked", 3)):
                if not demand[part]:
                    continue
                options = {"color": colour, "fillColor": colour, **palette[part]}
                geometry = gpd.GeoSeries([shapely.union_all([shapes[i] for i in demand[part]])], crs="EPSG:4326")
                geometry = _projected(gpd.GeoDataFrame(geometry=geometry), spec, crs).geometry
                if geometry.geom_type.iloc[0] == "Point":
                    geometry.plot(ax=ax, zorder=zorder + 4, markersize=40, color=colour, edgecolor="#1a1a1a")
                elif geometry.geom_type.iloc[0].endswith("LineString"):
                    geometry.plot(ax=ax, zorder=zorder + 2, color=colour, **_line_style(options))
                else:
                    geometry.plot(ax=ax, zorder=zorder, **_area_style(options))
        entries = [(Patch(**_area_style({"color": palette["outcomes"][o], **palette["given"]})),
                    text[f"legend_{o}"]) for o in ("granted", "partly", "refused")]
        entries.append((Patch(**_area_style({"color": "#555555", **palette["asked"]})), text["legend_asked"]))
        for demand in table["demands"]:
            words = text["demands"][demand["id"]]
            entries.append((Patch(color=palette["outcomes"][demand["outcome"]]),
                            f"{demand['number']}. {words['name']} — {text['outcomes'][demand['outcome']]}"))
        return entries

    return _picture(spec, lang, text["demands_heading"], draw, legend_size=6, wrap=48)


def _picture(spec: MapSpec, lang: str, subtitle: str, draw: Callable[[Axes, CRS], list[tuple[Any, str]]],
             legend_size: float = 7.5, wrap: int = LEGEND_WRAP, shows_osm: bool = True) -> bytes:
    """A titled picture of a map's frame: ``draw`` fills the map and returns legend entries.

    ``shows_osm``: the picture draws the railway or stations, so it credits OpenStreetMap (ODbL).
    """
    text = strings(lang)
    with rc_context({"font.family": font_families(lang), "font.size": 8, "text.parse_math": False}):
        figure = Figure(figsize=FIGSIZE, dpi=DPI, facecolor="white")
        crs = _projection(spec.bounds)
        (west, south), (east, north) = _frame(spec.bounds, crs)
        ax = figure.add_axes(_map_position(east - west, north - south))
        ax.set_xlim(west, east)
        ax.set_ylim(south, north)
        ax.set_aspect("equal")
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_facecolor(style.palette()["sea"])
        for spine in ax.spines.values():
            spine.set_linewidth(0.8)
        handles = draw(ax, crs)
        _draw_scale_bar(ax, spec, crs, lang)
        ax.set(xlabel="", ylabel="")  # geopandas labels projected axes; the picture shows no coordinates
        left = ax.get_position().x0
        figure.text(left, 0.965, text["maps"][spec.name]["title"], fontsize=14, fontweight="bold", va="top")
        figure.text(left, 0.905, subtitle, fontsize=11, va="top", color="#333333")
        source = f"{text['print_source']} {text['attribution_stations']}" if shows_osm else text["print_source"]
        figure.text(left, 0.022, source, fontsize=6, va="bottom", color="#555555", wrap=True)
        figure.legend(
            [h for h, _ in handles], [_wrap(label, wrap) for _, label in handles],
            loc="upper left", bbox_to_anchor=(ax.get_position().x1 + 0.015, ax.get_position().y1 + 0.005),
            title=text["legend_title"], title_fontproperties={"weight": "bold", "size": 9},
            alignment="left", frameon=False, fontsize=legend_size, handlelength=2.4, handleheight=1.2,
            labelspacing=0.8 if legend_size >= 7 else 0.45, borderaxespad=0,
        )
        buffer = io.BytesIO()
        # No software tag (or any other varying metadata): the same layers give the same bytes.
        figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


# --- fonts -----------------------------------------------------------------------------------


def font_families(lang: str) -> list[str]:
    """The font families for a language's text, in fallback order."""
    if lang == "th":
        register_thai_font()
        return [THAI_FAMILY, LATIN_FAMILY]
    return [LATIN_FAMILY]


def register_thai_font() -> list[Path]:
    """Make Noto Sans Thai known to matplotlib (once per process); return the TTF files registered."""
    known = {entry.fname for entry in fontManager.ttflist}
    paths = [_ttf_from_woff(assets.npm_file(THAI_FONT_PACKAGE, relative)) for relative in THAI_FONT_FILES]
    for path in paths:
        if str(path) not in known:
            fontManager.addfont(path)
    return paths


def _ttf_from_woff(source: Path) -> Path:
    """A TTF copy of a WOFF font (matplotlib reads no WOFF), cached by the source's contents."""
    content = source.read_bytes()
    target = FONT_CACHE / f"{source.stem}-{hashlib.sha256(content).hexdigest()[:16]}.ttf"
    if not target.is_file():
        FONT_CACHE.mkdir(parents=True, exist_ok=True)
        font = TTFont(io.BytesIO(content))
        font.flavor = None
        # Write beside the target and rename: another build may be converting the same file.
        handle, partial = tempfile.mkstemp(dir=FONT_CACHE, suffix=".part")
        with os.fdopen(handle, "wb") as out:
            font.save(out)
        os.replace(partial, target)
    return target


def _wrap(label: str, width: int) -> str:
    """Break a label at spaces into lines of at most ``width`` visible characters.

    Thai vowel and tone marks sit on their consonant and take no width, so they are not counted.
    """
    lines: list[str] = []
    for word in label.split(" "):
        if lines and _visible_length(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return "\n".join(lines)


def _visible_length(text: str) -> int:
    return sum(unicodedata.category(char) != "Mn" for char in text)


# --- geometry --------------------------------------------------------------------------------


def _projection(bounds: tuple[tuple[float, float], tuple[float, float]]) -> CRS:
    """A Lambert conformal conic fitted to the frame (standard parallels at 1/6 and 5/6 of its height)."""
    (south, west), (north, east) = bounds
    sixth = (north - south) / 6
    return CRS.from_proj4(
        f"+proj=lcc +lat_0={(south + north) / 2} +lon_0={(west + east) / 2} "
        f"+lat_1={south + sixth} +lat_2={north - sixth} +datum=WGS84 +units=m +no_defs"
    )


def _frame(bounds: tuple[tuple[float, float], tuple[float, float]], crs: CRS
           ) -> tuple[tuple[float, float], tuple[float, float]]:
    """The projected box holding the whole longitude/latitude frame: ``((west, south), (east, north))``."""
    (south, west), (north, east) = bounds
    outline = gpd.GeoSeries([shapely.segmentize(shapely.box(west, south, east, north), 0.5)], crs="EPSG:4326")
    x0, y0, x1, y1 = outline.to_crs(crs).total_bounds
    return (x0, y0), (x1, y1)


def _map_position(width: float, height: float) -> tuple[float, float, float, float]:
    """Where the map sits in the figure: as tall as the space between title and source line allows."""
    bottom, top, left = 0.07, 0.86, 0.03
    axes_height = top - bottom
    axes_width = axes_height * FIGSIZE[1] / FIGSIZE[0] * width / height
    if axes_width > MAX_MAP_WIDTH:  # a wide frame: keep a column for the legend
        axes_height *= MAX_MAP_WIDTH / axes_width
        axes_width = MAX_MAP_WIDTH
    return left, top - axes_height, axes_width, axes_height


def _projected(gdf: gpd.GeoDataFrame, spec: MapSpec, crs: CRS) -> gpd.GeoDataFrame:
    """Features near the frame, simplified as on the interactive map, in the picture's projection."""
    (south, west), (north, east) = spec.bounds
    margin = max(north - south, east - west) / 2
    near = gdf.clip(shapely.box(west - margin, south - margin, east + margin, north + margin))
    near = near.set_geometry(near.geometry.simplify(spec.tolerance, preserve_topology=True))
    return near[~near.geometry.is_empty].to_crs(crs)


# --- drawing ---------------------------------------------------------------------------------


def _line_style(options: dict[str, Any]) -> dict[str, Any]:
    """matplotlib line width and dash pattern from Leaflet path options (``weight``, ``dashArray``)."""
    width = options.get("weight", 1) * PT_PER_PX
    result: dict[str, Any] = {"linewidth": width}
    if "dashArray" in options:
        # matplotlib scales dashes by the line width; Leaflet gives them in pixels.
        dashes = tuple(float(v) * PT_PER_PX / width for v in options["dashArray"].split())
        result["linestyle"] = (0, dashes)
    return result


def _area_style(options: dict[str, Any]) -> dict[str, Any]:
    """matplotlib patch colours and line from Leaflet path options."""
    return {
        "facecolor": to_rgba(options.get("fillColor", options["color"]), options.get("fillOpacity", 0.2)),
        "edgecolor": to_rgba(options["color"], options.get("opacity", 1)),
        **_line_style(options),
    }


def _draw_land(ax: Axes, data: MapData, spec: MapSpec, crs: CRS) -> None:
    land = style.palette()["land"]
    _projected(data.layers["land"], spec, crs).plot(ax=ax, zorder=1, **_area_style(land))


def _draw_state(ax: Axes, data: MapData, spec: MapSpec, crs: CRS, day: date, lang: str) -> list[tuple[Any, str]]:
    """Territories, railways and the boundary in force on ``day``; return their legend entries."""
    text = strings(lang)
    palette = style.palette()
    holders = list(palette["controllers"])
    state = pd.concat([state_at(data.layers[layer], day) for layer in STATE_LAYERS])
    state = _projected(state[state["kind"].isin(STATE_KINDS)], spec, crs)
    held: dict[str, Any] = {}
    occupied: dict[str, Any] = {}
    railways: dict[str, Any] = {}
    boundary = []
    for _, row in state.iterrows():
        options = style.feature_style(row.to_dict())
        series = gpd.GeoSeries([row.geometry], crs=crs)
        if row["kind"] == "territory":
            is_occupied = row["status"] == "occupied"
            # Held land first, occupation drawn over it as a dashed outline.
            series.plot(ax=ax, zorder=3 if is_occupied else 2, **_area_style(options))
            (occupied if is_occupied else held)[row["controller"]] = Patch(**_area_style(options))
        elif row["kind"] == "railway":
            series.plot(ax=ax, zorder=4, color=options["color"], alpha=options["opacity"],
                        capstyle="round", **_line_style(options))
            railways[row["controller"]] = Line2D([], [], color=options["color"], **_line_style(options))
        else:
            series.plot(ax=ax, zorder=5, color=options["color"], **_line_style(options))
            boundary = [(Line2D([], [], color=options["color"], **_line_style(options)), text["legend_boundary"])]
    name = text["controllers"]
    return (
        [(held[h], text["legend_held"].format(holder=name[h])) for h in holders if h in held]
        + [(occupied[h], text["legend_occupied"].format(holder=name[h])) for h in holders if h in occupied]
        + [(railways[h], text["legend_railway"].format(holder=name[h])) for h in holders if h in railways]
        + boundary
    )


def _battle_style(props: dict[str, Any]) -> dict[str, Any]:
    """scatter() arguments for a battle dot from its Leaflet circle-marker options."""
    options = style.feature_style(props)
    lines = _line_style(options)
    return {
        "s": (2 * options["radius"] * PT_PER_PX) ** 2,
        "facecolor": to_rgba(options["fillColor"], options["fillOpacity"]),
        "edgecolor": options["color"],
        "linewidths": lines["linewidth"],
        "linestyles": lines.get("linestyle", "solid"),
    }


def _draw_battles(ax: Axes, data: MapData, spec: MapSpec, crs: CRS, lang: str,
                  day: date | None = None) -> list[tuple[Any, str]]:
    """The war's battles (those begun by ``day`` if given) as dots coloured by victor (naval: dashed ring);
    return legend entries."""
    text = strings(lang)
    battles = data.layers["battles"]
    if day is not None:
        battles = battles[battles["start_date"] <= pd.Timestamp(day)]
    battles = _projected(battles, spec, crs)
    for _, row in battles.iterrows():
        ax.scatter([row.geometry.x], [row.geometry.y], zorder=6, **_battle_style(row.to_dict()))
    entries = []
    for victor in style.palette()["victors"]:
        if (battles["victor"] == victor).any():
            label = (text["legend_inconclusive"] if victor == "inconclusive"
                     else text["legend_victory"].format(holder=text["controllers"][victor]))
            entries.append((ax.scatter([], [], **_battle_style({"kind": "land", "victor": victor})), label))
    if (battles["kind"] == "naval").any():
        naval = {**_battle_style({"kind": "naval"}), "facecolor": "white"}
        entries.append((ax.scatter([], [], **naval), text["legend_naval"]))
    return entries


def _draw_scale_bar(ax: Axes, spec: MapSpec, crs: CRS, lang: str) -> None:
    """A bar of a round number of kilometres, up to a quarter of the map wide, measured at its latitude."""
    (south, west), (north, east) = spec.bounds
    latitude, longitude = (south + north) / 2, (west + east) / 2
    geod = Geod(ellps="WGS84")
    map_km = geod.inv(west, latitude, east, latitude)[2] / 1000
    km = _round_down(map_km / 4)
    end_lon, end_lat, _ = geod.fwd(longitude, latitude, 90, km * 1000)
    to_map = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    (x0, x1), (y0, y1) = to_map.transform([longitude, end_lon], [latitude, end_lat])
    length = ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5
    label = strings(lang)["print_scale"].format(value=number(km, lang))
    bar = AnchoredSizeBar(ax.transData, length, label, loc="lower right", pad=0.4, borderpad=0.8, sep=3,
                          size_vertical=length / 40, color="#1a1a1a", frameon=True)
    bar.patch.set(facecolor="white", alpha=0.85, edgecolor="none")
    bar.set_zorder(7)
    ax.add_artist(bar)


def _round_down(value: float) -> int:
    """The largest 1, 2 or 5 times a power of ten not above ``value`` (at least 1)."""
    step = 1
    while step * 10 <= value:
        step *= 10
    return max(m * step for m in (1, 2, 5) if m * step <= value) if value >= 1 else 1
