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
from matplotlib import rc_context
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from PIL import Image

from geo import print_draw, print_labels, style
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
Legend = Callable[[str], Rows]
"""A picture's legend rows in a language."""
Draw = Callable[[Axes], Legend]
"""Fills a picture's map, the same in every language, and returns its legend."""
Pictures = list[tuple[str, Image.Image]]
"""Pictures as ``(path in the output folder, picture)``."""


def print_jobs(data: MapData, langs: list[str], days: Sequence[date] = ()) -> list[tuple[str, Callable[[], Pictures]]]:
    """Every map's pictures in every language, as one job per map: ``(print/<map>, render)``.

    Before/after maps give ``<map>-before.png`` and ``<map>-after.png``, and ``<map>-<YYYY-MM-DD>.png``
    for each of the chosen ``days`` (any moment of 1875–1945); the war map gives
    ``war.png`` (every battle, numbered) and the demands map ``demands.png``. The first language
    goes to ``print/``, the others to ``print/<lang>/``. A map's pictures are drawn together: its map
    is drawn once for all languages, and what is made from several pictures (the gallery's
    thumbnails) is made where they are.
    """
    return [(f"print/{spec.name}", partial(map_pictures, data, spec, langs, days))
            for spec in MAPS if spec.states or spec.timeline or spec.demands]


def map_pictures(data: MapData, spec: MapSpec, langs: list[str], days: Sequence[date] = ()) -> Pictures:
    """One map's pictures, language by language, in order (see :func:`print_jobs`)."""
    if spec.states:
        moments = [(key, day, {lang: strings(lang)[f"state_{key}"] for lang in langs}) for key, day in STATES]
        moments += [(day.isoformat(), day, {lang: format_date(day, lang) for lang in langs}) for day in days]
        drawn = [(f"{spec.name}-{key}", render_print(data, spec, subtitles, day)) for key, day, subtitles in moments]
    elif spec.timeline:
        drawn = [(spec.name, render_war_print(data, spec, langs))]
    else:
        drawn = [(spec.name, render_demands_print(data, spec, langs))]
    return [(f"print/{language_folder(lang)}{stem}.png", pictures[lang]) for lang in langs for stem, pictures in drawn]


def render_print(data: MapData, spec: MapSpec, subtitles: dict[str, str], day: date) -> dict[str, Image.Image]:
    """A map's frame as it stood on ``day``, one picture per language of ``subtitles``, titled with the
    map's title and that language's subtitle; the battles shown are those begun by that day."""

    def draw(ax: Axes) -> Legend:
        print_draw.draw_land(ax, data, spec)
        drawn = print_draw.draw_state(ax, data, spec, day)
        drawn |= print_draw.draw_battles(ax, data, spec, day)[1]
        holders = {c for name in STATE_LAYERS for c in data.layers[name]["controller"] if c}
        return partial(legend_rows, ax, spec, holders, drawn)

    return _pictures(spec, subtitles, draw)


def render_war_print(data: MapData, spec: MapSpec, langs: list[str]) -> dict[str, Image.Image]:
    """Every battle of the war, numbered on the map and listed with its dates in the legend, per language."""

    def draw(ax: Axes) -> Legend:
        print_draw.draw_land(ax, data, spec)
        battles, drawn = print_draw.draw_battles(ax, data, spec)
        battles = battles.sort_values("start_date", kind="stable")
        print_labels.number_battles(ax, battles)
        listed = battles.drop(columns="geometry").to_dict("records")

        def rows(lang: str) -> Rows:
            return legend_rows(ax, spec, set(), drawn, lang) + [
                (Line2D([], [], linestyle="none"), f"{number}. {display_name(battle, lang)} — "
                 f"{format_span(battle['start_date'], battle['end_date'], lang)}")
                for number, battle in enumerate(listed, 1)]

        return rows

    spans = {lang: format_span(pd.Timestamp(WAR_START), pd.Timestamp(TREATY_DAY) + pd.Timedelta(days=1), lang)
             for lang in langs}
    return _pictures(spec, spans, draw, legend_size=5.5, wrap_at=60, shows_osm=False)


def render_demands_print(data: MapData, spec: MapSpec, langs: list[str]) -> dict[str, Image.Image]:
    """Japan's demands against the treaty (the catalogue's table): asked for outlined, given filled,
    by outcome, each listed with its outcome; one picture per language."""
    table = demands_table()

    def draw(ax: Axes) -> Legend:
        print_draw.draw_land(ax, data, spec)
        for demand in table["demands"]:
            for part, zorder in (("given", 2), ("asked", 3)):
                if demand[part]:
                    print_draw.draw_shape(ax, data.demand_shape(demand, part), spec, demand_style(demand, part), zorder)
        outcomes = {demand["outcome"] for demand in table["demands"]}
        drawn = {("given", o) for o in outcomes} | {("asked", ""), ("given", "")}
        colours = style.palette()["outcomes"]

        def rows(lang: str) -> Rows:
            return legend_rows(ax, spec, set(), drawn, lang) + [
                (Patch(color=colours[demand["outcome"]]), demand_label(demand, strings(lang)))
                for demand in table["demands"]]

        return rows

    return _pictures(spec, {lang: strings(lang)["demands_heading"] for lang in langs}, draw,
                     legend_size=6, wrap_at=48)


def legend_rows(ax: Axes, spec: MapSpec, holders: set[str], drawn: print_draw.Drawn, lang: str) -> Rows:
    """The catalogue's legend for ``spec``, limited to the rows the picture ``drawn``."""
    text = strings(lang)
    return [(print_draw.swatch(ax, entry), legend_label(entry, text))
            for entry in legend(spec, holders, occupiers=HOLDERS) if (entry.style, entry.holder) in drawn]


def _pictures(spec: MapSpec, subtitles: dict[str, str], draw: Draw, legend_size: float = 7.5,
              wrap_at: int = LEGEND_WRAP, shows_osm: bool = True) -> dict[str, Image.Image]:
    """Titled pictures of a map's frame, one per language of ``subtitles``: ``draw`` fills the map once,
    then each language's words are set on it, rendered, and taken off again.

    ``shows_osm``: the picture draws the railway or stations, so it credits OpenStreetMap (ODbL).
    """
    # Unhinted glyphs: at 200 dpi hinting sharpens nothing a printer shows; it cost an eighth of the CPU.
    with rc_context({"font.size": 8, "text.parse_math": False, "text.hinting": "no_hinting"}):
        # The canvas is attached only once the picture is complete: geopandas asks the canvas to
        # redraw after every plot, which would render the whole figure each time.
        figure = Figure(figsize=FIGSIZE, dpi=DPI, facecolor="white")
        ax = _map_axes(figure, spec)
        legend_in = draw(ax)
        ax.set(xlabel="", ylabel="")  # geopandas labels projected axes; the picture shows no coordinates
        pictures = {}
        for lang, subtitle in subtitles.items():
            with rc_context({"font.family": font_families(lang)}):
                rows = legend_in(lang)
                words = _words(figure, ax, spec, lang, subtitle, shows_osm)
                words.append(figure.legend(
                    [handle for handle, _ in rows], [wrap(label, wrap_at) for _, label in rows],
                    loc="upper left", bbox_to_anchor=(ax.get_position().x1 + 0.015, ax.get_position().y1 + 0.005),
                    title=strings(lang)["legend_title"], title_fontproperties={"weight": "bold", "size": 9},
                    alignment="left", frameon=False, fontsize=legend_size, handlelength=2.4, handleheight=1.2,
                    labelspacing=0.8 if legend_size >= 7 else 0.45, borderaxespad=0,
                ))
                pixels = io.BytesIO()
                figure.savefig(pixels, format="raw", dpi=DPI)
            for artist in words + [handle for handle, _ in rows if handle in ax.collections]:
                artist.remove()
            pictures[lang] = Image.frombytes("RGBA", PIXELS, pixels.getvalue()).convert("RGB")
    return pictures


def _words(figure: Figure, ax: Axes, spec: MapSpec, lang: str, subtitle: str, shows_osm: bool) -> list[Artist]:
    """A picture's words in one language, but for its legend: title, subtitle, sources and the scale bar."""
    text = strings(lang)
    left = ax.get_position().x0
    source = f"{text['print_source']} {text['attribution_stations']}" if shows_osm else text["print_source"]
    return [
        print_draw.draw_scale_bar(ax, spec, lang),
        figure.text(left, 0.965, text["maps"][spec.name]["title"], fontsize=14, fontweight="bold", va="top"),
        figure.text(left, 0.905, subtitle, fontsize=11, va="top", color="#333333"),
        figure.text(left, 0.022, source, fontsize=6, va="bottom", color="#555555", wrap=True),
    ]


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
