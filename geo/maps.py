"""The web renderer: each map of the catalogue as a self-contained HTML page."""

from __future__ import annotations

from datetime import date

import folium
import geopandas as gpd

from geo import mapdata, stops
from geo.catalogue import COMPARE, MAPS, STATES, MapSpec
from geo.i18n import languages, strings
from geo.mapdata import MapData
from geo.page import Page, base_map
from geo.pagedata import page_data

__all__ = ["COMPARE", "MAPS", "MapData", "map_page", "prepare", "render_compare", "render_map"]


def prepare(layers: dict[str, gpd.GeoDataFrame]) -> MapData:
    """Compute once what every page shares, the time axis's changes included, so that processes
    forked afterwards share them too (the build itself renders every page in one process and uses
    ``mapdata.prepare``, computing the changes as its pages need them)."""
    data = mapdata.prepare(layers)
    stops.precompute(data, [name for name in data.layers if name != "land"])
    return data


def map_page(spec: MapSpec, data: MapData, lang: str, langs: list[str] | None = None,
             day: date | None = None) -> folium.Map:
    """One map as a folium Map on its page (``langs``: the languages built, for its links), opening on
    ``day`` (default: the map's own default day); rendering its page gives the self-contained document."""
    payload = page_data(spec, data, lang, langs or languages(), views=[{"day": (day or spec.default_day).isoformat()}])
    page = Page(strings(lang)["maps"][spec.name]["title"], lang, payload)
    return page.add_map(base_map(spec.bounds))


def render_map(spec: MapSpec, data: MapData, lang: str, langs: list[str] | None = None,
               day: date | None = None) -> str:
    """One map as a self-contained HTML document (see :func:`map_page`)."""
    return str(map_page(spec, data, lang, langs, day).get_root().render())


def render_compare(data: MapData, lang: str, langs: list[str] | None = None) -> str:
    """Before and after on two synchronised maps (side by side; stacked on a narrow screen)."""
    spec = MAPS[0]
    views = [{"day": day.isoformat(), "label": strings(lang)[f"state_{key}"]} for key, day in STATES]
    page = Page(strings(lang)["maps"][COMPARE]["title"], lang,
                page_data(spec, data, lang, langs or languages(), page=COMPARE, views=views))
    for position in range(len(STATES)):
        page.add_map(base_map(spec.bounds, width="50%", left=f"{50 * position}%", position="absolute"))
    return page.render()
