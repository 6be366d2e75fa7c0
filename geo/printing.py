"""Printable pictures of every map as PNGs for handouts (before/after maps: one per state).

Drawn with matplotlib (Agg, no pyplot state) from the same layers, catalogue and style table as
the interactive maps: the legend is the catalogue's (``geo.catalogue.legend``), limited to what the
picture draws, and the demands come from its table. The maps are drawn by :mod:`geo.print_draw`
on a conic projection fitted to each frame, so that one scale bar holds across the whole picture;
fonts and wrapping are :mod:`geo.print_text`'s.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from datetime import date
from functools import partial
from typing import Any

import pandas as pd
import shapely
from matplotlib import rc_context
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from PIL import Image

from geo import print_draw, style
from geo.catalogue import (
    HOLDERS,
    MAPS,
    STATE_LAYERS,
    STATES,
    MapSpec,
    demand_label,
    demand_style,
    demands_table,
    legend,
    legend_label,
)
from geo.i18n import folder as language_folder
from geo.i18n import strings
from geo.mapdata import MapData
from geo.popups import display_name
from geo.print_text import font_families, wrap
from geo.timeline import TREATY_DAY, WAR_START, format_date, format_span

FIGSIZE = (8.0, 6.0)
DPI = 200
PIXELS = (round(FIGSIZE[0] * DPI), round(FIGSIZE[1] * DPI))
"""8×6 inches at 200 dpi: 1600×1200 pixels, sharp on an A4 or letter handout."""
MAX_MAP_WIDTH = 0.6
"""The map takes at most this share of the picture's width; the legend gets the rest."""
LEGEND_WRAP = 34
"""Legend labels are wrapped to this many visible characters, so long Thai labels fit the column."""

Rows = list[tuple[Any, str]]
"""Legend rows of a picture: (matplotlib handle, label)."""
Draw = Callable[[Axes], Rows]
"""Fills a picture's map and returns its legend rows."""


Pictures = list[tuple[str, Image.Image]]
"""Pictures as ``(path in the output folder, picture)``."""


def print_jobs(data: MapData, langs: list[str], days: Sequence[date] = ()) -> list[tuple[str, Callable[[], Pictures]]]:
    """Every map's pictures as one job per map and language: ``(print/<map>, render)``.

    Before/after maps give ``<map>-before.png`` and ``<map>-after.png``, and ``<map>-<YYYY-MM-DD>.png``
    for each of the chosen ``days`` (any moment of 1875–1945); the war map gives
    ``war.png`` (every battle, numbered) and the demands map ``demands.png``. The first language
    goes to ``print/``, the others to ``print/<lang>/``. A map's pictures are drawn together so that
    what is made from several of them (the gallery's thumbnails) is made where they are.
    """
    return [(f"print/{language_folder(lang)}{spec.name}", partial(map_pictures, data, spec, lang, days))
            for lang in langs for spec in MAPS if spec.states or spec.timeline or spec.demands]


def map_pictures(data: MapData, spec: MapSpec, lang: str, days: Sequence[date] = ()) -> Pictures:
    """One map's pictures in one language, in order (see :func:`print_jobs`)."""
    folder = f"print/{language_folder(lang)}"
    if spec.states:
        moments = [(key, strings(lang)[f"state_{key}"], day) for key, day in STATES]
        moments += [(day.isoformat(), format_date(day, lang), day) for day in days]
        return [(f"{folder}{spec.name}-{key}.png", render_print(data, spec, lang, subtitle, day))
                for key, subtitle, day in moments]
    if spec.timeline:
        return [(f"{folder}{spec.name}.png", render_war_print(data, spec, lang))]
    return [(f"{folder}{spec.name}.png", render_demands_print(data, spec, lang))]


def render_print(data: MapData, spec: MapSpec, lang: str, subtitle: str, day: date) -> Image.Image:
    """One picture: a map's frame as it stood on ``day``, titled with the map's title and ``subtitle``;
    the battles shown are those begun by that day."""

    def draw(ax: Axes) -> Rows:
        print_draw.draw_land(ax, data, spec)
        drawn = print_draw.draw_state(ax, data, spec, day)
        drawn |= print_draw.draw_battles(ax, data, spec, day)[1]
        holders = {c for name in STATE_LAYERS for c in data.layers[name]["controller"] if c}
        return legend_rows(ax, spec, holders, drawn, lang)

    return _picture(data, spec, lang, subtitle, draw)


def render_war_print(data: MapData, spec: MapSpec, lang: str) -> Image.Image:
    """Every battle of the war, numbered on the map and listed with its dates in the legend."""

    def draw(ax: Axes) -> Rows:
        print_draw.draw_land(ax, data, spec)
        battles, drawn = print_draw.draw_battles(ax, data, spec)
        rows = legend_rows(ax, spec, set(), drawn, lang)
        for number, (_, row) in enumerate(battles.sort_values("start_date", kind="stable").iterrows(), 1):
            ax.annotate(str(number), (row.geometry.x, row.geometry.y), xytext=(5, 4),
                        textcoords="offset points", fontsize=6, zorder=8, fontweight="bold")
            span = format_span(row["start_date"], row["end_date"], lang)
            rows.append((Line2D([], [], linestyle="none"), f"{number}. {display_name(row.to_dict(), lang)} — {span}"))
        return rows

    span = format_span(pd.Timestamp(WAR_START), pd.Timestamp(TREATY_DAY) + pd.Timedelta(days=1), lang)
    return _picture(data, spec, lang, span, draw, legend_size=5.5, wrap_at=60, shows_osm=False)


def render_demands_print(data: MapData, spec: MapSpec, lang: str) -> Image.Image:
    """Japan's demands against the treaty (the catalogue's table): asked for outlined, given filled,
    by outcome, each listed with its outcome."""
    text = strings(lang)
    table = demands_table()
    shapes = pd.concat([gdf[["id", "geometry"]] for gdf in data.layers.values()]).set_index("id").geometry

    def draw(ax: Axes) -> Rows:
        print_draw.draw_land(ax, data, spec)
        for demand in table["demands"]:
            for part, zorder in (("given", 2), ("asked", 3)):
                if demand[part]:
                    geometry = shapely.union_all([shapes[i] for i in demand[part]])
                    print_draw.draw_shape(ax, geometry, spec, demand_style(demand, part), zorder)
        outcomes = {demand["outcome"] for demand in table["demands"]}
        rows = legend_rows(ax, spec, set(), {("given", o) for o in outcomes} | {("asked", ""), ("given", "")}, lang)
        colours = style.palette()["outcomes"]
        return rows + [(Patch(color=colours[demand["outcome"]]), demand_label(demand, text))
                       for demand in table["demands"]]

    return _picture(data, spec, lang, text["demands_heading"], draw, legend_size=6, wrap_at=48)


def legend_rows(ax: Axes, spec: MapSpec, holders: set[str], drawn: print_draw.Drawn, lang: str) -> Rows:
    """The catalogue's legend for ``spec``, limited to the rows the picture ``drawn``."""
    text = strings(lang)
    return [(print_draw.swatch(ax, entry), legend_label(entry, text))
            for entry in legend(spec, holders, occupiers=HOLDERS) if (entry.style, entry.holder) in drawn]


def _picture(data: MapData, spec: MapSpec, lang: str, subtitle: str, draw: Draw,
             legend_size: float = 7.5, wrap_at: int = LEGEND_WRAP, shows_osm: bool = True) -> Image.Image:
    """A titled picture of a map's frame: ``draw`` fills the map and returns its legend rows.

    ``shows_osm``: the picture draws the railway or stations, so it credits OpenStreetMap (ODbL).
    """
    text = strings(lang)
    # Unhinted glyphs: at 200 dpi hinting sharpens nothing a printer shows, and costs a third of the drawing.
    with rc_context({"font.family": font_families(lang), "font.size": 8, "text.parse_math": False,
                     "text.hinting": "no_hinting"}):
        # The canvas is attached only once the picture is complete: geopandas asks the canvas to
        # redraw after every plot, which would render the whole figure each time.
        figure = Figure(figsize=FIGSIZE, dpi=DPI, facecolor="white")
        ax = _map_axes(figure, spec)
        rows = draw(ax)
        print_draw.draw_scale_bar(ax, spec, lang)
        ax.set(xlabel="", ylabel="")  # geopandas labels projected axes; the picture shows no coordinates
        left = ax.get_position().x0
        figure.text(left, 0.965, text["maps"][spec.name]["title"], fontsize=14, fontweight="bold", va="top")
        figure.text(left, 0.905, subtitle, fontsize=11, va="top", color="#333333")
        source = f"{text['print_source']} {text['attribution_stations']}" if shows_osm else text["print_source"]
        figure.text(left, 0.022, source, fontsize=6, va="bottom", color="#555555", wrap=True)
        figure.legend(
            [handle for handle, _ in rows], [wrap(label, wrap_at) for _, label in rows],
            loc="upper left", bbox_to_anchor=(ax.get_position().x1 + 0.015, ax.get_position().y1 + 0.005),
            title=text["legend_title"], title_fontproperties={"weight": "bold", "size": 9},
            alignment="left", frameon=False, fontsize=legend_size, handlelength=2.4, handleheight=1.2,
            labelspacing=0.8 if legend_size >= 7 else 0.45, borderaxespad=0,
        )
        pixels = io.BytesIO()
        figure.savefig(pixels, format="raw", dpi=DPI)
    return Image.frombytes("RGBA", PIXELS, pixels.getvalue()).convert("RGB")


def png(picture: Image.Image) -> bytes:
    """A picture as PNG, without alpha (the pictures are opaque: a third less to compress) and without
    any varying metadata (the same layers give the same bytes), at the pictures' resolution."""
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG", dpi=(DPI, DPI))
    return buffer.getvalue()


def _map_axes(figure: Figure, spec: MapSpec) -> Axes:
    """The map's axes on the sea: the projected frame, as tall as the space between title and
    source line allows, leaving a column for the legend when the frame is wide."""
    (west, south), (east, north) = print_draw.frame(spec)
    bottom, top, left = 0.07, 0.86, 0.03
    height = top - bottom
    width = height * FIGSIZE[1] / FIGSIZE[0] * (east - west) / (north - south)
    if width > MAX_MAP_WIDTH:
        height *= MAX_MAP_WIDTH / width
        width = MAX_MAP_WIDTH
    ax = figure.add_axes((left, top - height, width, height))
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_facecolor(style.palette()["sea"])
    for spine in ax.spines.values():
        spine.set_linewidth(0.8)
    return ax
