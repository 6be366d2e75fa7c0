"""The map catalogue: what each map shows, described once as data for the web and the print renderers.

Free of folium and matplotlib (colours come from the style table as Leaflet path options), so
either renderer (and a reader of the code) can use it alone.
Adding a map is adding one ``MapSpec`` to ``MAPS`` and its title and description to the string tables.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any, Literal

from geo import style
from geo.timeline import BEFORE_DAY, TREATY_DAY, WAR_START

Bounds = tuple[tuple[float, float], tuple[float, float]]
Mode = Literal["states", "war", "demands"]

STATE_LAYERS = ("polities", "sakhalin", "kwantung", "places", "railway", "sakhalin_50n")
"""Layers whose holders change with the day, bottom to top (polities beneath the treaty's own layers)."""
STATE_KINDS = ("territory", "railway", "boundary")
"""Kinds drawn as the state of the day; the rest of a layer goes into its overlay."""
OPTIONAL_LAYERS = ("polities",)
"""Layers a map draws when present; a layer folder without them still builds."""
OSM_DERIVED = ("stations", "railway")
"""Layers drawn from OpenStreetMap station points, whose licence asks for credit on the map."""
OVERLAY_KINDS: dict[str, tuple[str, ...] | None] = {
    "battles": None,
    "stations": None,
    "places": ("city", "strait", "coast", "region"),
}
"""Overlays that draw one layer (only some kinds where given); ``articles`` and ``changes`` are computed."""

AXIS_FIRST = date(1875, 1, 1)
AXIS_LAST = date(1945, 12, 31)
"""The explorer's time axis: from the Sakhalin–Kuril exchange to the end of the lease."""


@dataclass(frozen=True)
class LegendEntry:
    """One legend row: a swatch shape, the style key in ``style.json`` (or a holder), and a label key."""

    shape: Literal["rect", "line", "circle"]
    style: str
    label: str
    holder: str = ""


@dataclass(frozen=True)
class MapSpec:
    """What one map shows.

    Parameters
    ----------
    name
        File name without ``.html``; also the key of its title in the string tables.
    bounds
        ``((south, west), (north, east))`` in decimal degrees: the view it opens on.
    mode
        ``states`` (before/after switch and time axis), ``war`` (battles day by day) or ``demands``.
    overlays
        Overlay groups in the layer control, in order (see ``OVERLAY_KINDS``, plus ``articles``, ``changes``).
    hidden_overlays
        Overlays listed but switched off when the map opens.
    default_day
        The day the map opens on.
    tolerance
        Simplification of drawn geometry in degrees (the screen shows no finer detail).
    """

    name: str
    bounds: Bounds
    mode: Mode = "states"
    overlays: tuple[str, ...] = ()
    hidden_overlays: tuple[str, ...] = ()
    default_day: date = BEFORE_DAY
    tolerance: float = 0.01

    @property
    def states(self) -> bool:
        """Whether the map has the before/after switch (and the time axis)."""
        return self.mode == "states"

    @property
    def timeline(self) -> bool:
        """Whether the battles are shown day by day instead."""
        return self.mode == "war"

    @property
    def demands(self) -> bool:
        """Whether the map sets Japan's demands against the treaty."""
        return self.mode == "demands"


MAPS: tuple[MapSpec, ...] = (
    MapSpec("explorer", ((33.5, 118.0), (55.0, 146.0)),
            overlays=("battles", "stations", "places", "articles", "changes"),
            hidden_overlays=("stations", "articles", "changes")),
    MapSpec("sakhalin", ((45.4, 139.5), (54.6, 146.0)),
            overlays=("battles", "places", "changes"), hidden_overlays=("changes",), tolerance=0.004),
    MapSpec("liaodong", ((38.3, 120.8), (44.1, 126.2)),
            overlays=("battles", "stations", "changes"), hidden_overlays=("changes",), tolerance=0.002),
    MapSpec("war", ((33.5, 119.0), (47.5, 146.0)), mode="war", overlays=("battles",), default_day=WAR_START),
    MapSpec("demands", ((33.5, 118.0), (55.0, 146.0)), mode="demands", overlays=("asked", "given"),
            default_day=TREATY_DAY),
)
"""Every single map; the comparison page shows the first one's frame, before and after."""

COMPARE = "compare"
STATES = (("before", BEFORE_DAY), ("after", TREATY_DAY))
"""The headline states of a before/after map: the day before the treaty and the treaty day."""

HOLDERS = ("russia", "japan", "china", "korea")
"""Holders the legend names, in order (only those a map's layers hold appear)."""


def legend(spec: MapSpec, holders: set[str], occupiers: tuple[str, ...] = ("japan",)) -> list[LegendEntry]:
    """The legend rows of a map, as data (``holders``: the controllers its state layers name;
    ``occupiers``: those whose military occupation gets a row)."""
    entries: list[LegendEntry] = []
    if spec.states:
        entries += [LegendEntry("rect", "territory", "legend_held", h) for h in HOLDERS if h in holders]
        entries += [LegendEntry("rect", "occupied", "legend_occupied", h) for h in HOLDERS if h in occupiers]
        entries += [LegendEntry("line", "railway", "legend_railway", h) for h in ("russia", "japan")]
        entries.append(LegendEntry("line", "boundary", "legend_boundary"))
    if "battles" in spec.overlays:
        entries += [LegendEntry("circle", "battle", "legend_victory", h) for h in ("japan", "russia")]
        entries.append(LegendEntry("circle", "battle", "legend_inconclusive", "inconclusive"))
        entries.append(LegendEntry("circle", "naval_battle", "legend_naval"))
        entries.append(LegendEntry("circle", "battle_past", "legend_battle_past"))
    if "stations" in spec.overlays:
        entries.append(LegendEntry("circle", "station", "legend_station"))
    if "places" in spec.overlays:
        entries += [LegendEntry("circle", "city", "legend_city"), LegendEntry("line", "strait", "legend_strait"),
                    LegendEntry("line", "coast", "legend_coast"), LegendEntry("line", "region", "legend_region")]
    if "articles" in spec.overlays:
        entries.append(LegendEntry("circle", "article", "legend_article"))
    if "changes" in spec.overlays:
        entries.append(LegendEntry("rect", "change", "legend_change"))
    if spec.demands:
        entries += [LegendEntry("rect", "given", f"legend_{o}", o) for o in ("granted", "partly", "refused")]
        entries += [LegendEntry("rect", "asked", "legend_asked"), LegendEntry("rect", "given", "legend_given")]
    return entries


def legend_style(entry: LegendEntry) -> dict[str, Any]:
    """The Leaflet path options of a legend row's swatch, from the style table."""
    p = style.palette()
    if entry.style in ("territory", "occupied"):
        status = "occupied" if entry.style == "occupied" else "sovereign"
        return style.feature_style({"kind": "territory", "controller": entry.holder, "status": status})
    if entry.style == "railway":
        return style.feature_style({"kind": "railway", "controller": entry.holder})
    if entry.style == "battle":
        return {**p["battle"], "fillColor": p["victors"][entry.holder]}
    if entry.style == "naval_battle":
        return {**p["battle"], **p["naval_battle"], "fillColor": "#ffffff"}
    if entry.style in ("given", "asked"):
        colour = p["outcomes"].get(entry.holder, "#555555")
        return {"color": colour, "fillColor": colour, **p[entry.style]}
    return dict(p[entry.style])


def legend_label(entry: LegendEntry, text: dict[str, Any]) -> str:
    """A legend row's words in one language (``text``: its string table)."""
    holder = text["controllers"].get(entry.holder, "")
    return str(text[entry.label].format(holder=holder))


def demand_style(demand: dict[str, Any], part: str, point: bool = False) -> dict[str, Any]:
    """Leaflet path options of a demand's shape: what Japan asked for outlined, what it was given
    filled, in its outcome's colour (``part``: ``asked`` or ``given``; ``point``: one place, drawn as a dot)."""
    p = style.palette()
    colour = p["outcomes"][demand["outcome"]]
    return {"color": colour, "fillColor": colour, **p[part], **(p["demand_point"] if point else {})}


def demand_label(demand: dict[str, Any], text: dict[str, Any]) -> str:
    """A demand as one line: its number, its name and its outcome."""
    return f"{demand['number']}. {text['demands'][demand['id']]['name']} — {text['outcomes'][demand['outcome']]}"


@cache
def demands_table() -> dict[str, Any]:
    """The table of Japan's demands and their outcomes (geo/data/demands.json)."""
    table: dict[str, Any] = json.loads(resources.files("geo.data").joinpath("demands.json").read_text(encoding="utf-8"))
    return table


def events_table() -> list[dict[str, Any]]:
    """Dated events of the story (geo/data/events.json), or none where the table is absent."""
    path = resources.files("geo.data").joinpath("events.json")
    if not path.is_file():
        return []
    return list(json.loads(path.read_text(encoding="utf-8"))["events"])
