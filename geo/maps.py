"""The web renderer: each map of the catalogue as a self-contained HTML page."""

from __future__ import annotations

from datetime import date

import geopandas as gpd
from branca.element import Figure

from geo import mapdata, stops
from geo.catalogue import COMPARE, MAPS, STATES, MapSpec
from geo.i18n import languages, strings
from geo.mapdata import MapData
from geo.page import base_map, finish
from geo.pagedata import page_data

__all__ = ["COMPARE", "MAPS", "MapData", "prepare", "render_compare", "render_map"]


def prepare(layers: dict[str, gpd.GeoDataFrame]) -> MapData:
    """Compute once what every page shares, the time axis's changes included, so that processes
    forked afterwards share them too (the build itself renders every page in one process and uses
    ``mapdata.prepare``, computing the changes as its pages need them)."""
    data = mapdata.prepare(layers)
    stops.precompute(data, [name for name in data.layers if name != "land"])
    return data


def render_map(spec: MapSpec, data: MapData, lang: str, langs: list[str] | None = None,
               day: date | None = None) -> str:
    """One map as a self-contained HTML document (``langs``: the languages built, for its links),
    opening on ``day`` (default: the map's own default day)."""
    figure = Figure(title=strings(lang)["maps"][spec.name]["title"])
    fmap = base_map(spec.bounds)
    figure.add_child(fmap)
    payload = page_data(spec, data, lang, langs or languages(), views=[{"day": (day or spec.default_day).isoformat()}])
    return finish(figure, [fmap], payload, lang)


def render_compare(data: MapData, lang: str, langs: list[str] | None = None) -> str:
    """Before and after on two synchronised maps (side by side; stacked on a narrow screen)."""
    spec = MAPS[0]
    figure = Figure(title=strings(lang)["maps"][COMPARE]["title"])
    views, maps = [], []
    for position, (key, day) in enumerate(STATES):
        fmap = base_map(spec.bounds, width="50%", left=f"{50 * position}%", position="absolute")
        figure.add_child(fmap)
        maps.append(fmap)
        views.append({"day": day.isoformat(), "label": strings(lang)[f"state_{key}"]})
    payload = page_data(spec, data, lang, langs or languages(), page=COMPARE, views=views)
    return finish(figure, maps, payload, lang)
