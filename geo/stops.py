"""The stops of the time axis: every date a feature starts or ends, plus the events table,
each with its name and what changed hands since the stop before it."""

from __future__ import annotations

import re
from datetime import date, timedelta
from itertools import pairwise
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely

from geo import encoding
from geo.catalogue import AXIS_FIRST, AXIS_LAST, STATES, MapSpec, events_table
from geo.changes import HELD, Holdings, change_rows
from geo.events import PORTSMOUTH
from geo.i18n import strings
from geo.mapdata import MapData, grid, simplified
from geo.popups import article_label, article_numbers, display_name, number
from geo.timeline import format_date

NO_TREATY = "none ("
"""How the events table's ``treaty`` begins for a battle or an occupation: ``none (battle)``."""
PARENTHESIS = re.compile(r"[^(]*\((.*)\)")
"""The words in brackets of such a ``treaty`` in any language (``ไม่มี (การรบ)``)."""
NAMED_PER_STOP = 3
"""A stop without an event is named after at most this many of the features that start or end on it."""


def axis_days(data: MapData, layer_names: list[str]) -> list[date]:
    """Every start and end date of the features of these layers and every event, on the axis, in order."""
    days = {day for _key, day in STATES}
    for name in layer_names:
        gdf = data.layers[name]
        for column in ("start_date", "end_date"):
            days |= {stamp.date() for stamp in gdf[column].dropna()}
    days |= {date.fromisoformat(event["day"]) for event in events_table()}
    return sorted(day for day in days if AXIS_FIRST <= day <= AXIS_LAST)


def stops(spec: MapSpec, data: MapData, lang: str, layer_names: list[str]) -> list[dict[str, Any]]:
    """The axis stops of a map in one language: day, name, treaty and what changed (the page writes
    the date and the summary from these)."""
    text = strings(lang)
    events: dict[str, list[dict[str, Any]]] = {}
    for event in events_table():
        events.setdefault(event["day"], []).append(event)
    starting, ending = _names_by_day(data, layer_names, lang)
    result = []
    previous: date | None = None
    for day in axis_days(data, layer_names):
        iso = day.isoformat()
        named = events.get(iso, [])
        if named:
            name = "; ".join(_local(event, "name", lang) for event in named)
            treaty = "; ".join(dict.fromkeys(t for t in (_treaty(event, lang) for event in named) if t))
        elif day in starting:
            name, treaty = _shorten(starting[day]), ""
        else:
            name, treaty = text["stop_ends"].format(names=_shorten(ending[day]), last=_day_before(day, lang)) \
                if day in ending else "", ""
        changes: list[dict[str, Any]] = []
        notes: list[str] = []
        if previous is not None and (changed := axis_changes(data, previous, day)):
            # Most stops change nothing. Drawn: land or line passing from one holder to another; the rest is written.
            passed: list[dict[str, Any]] = []
            written: list[dict[str, Any]] = []
            for piece in changed:
                holders = piece["from_controller"], piece["to_controller"]
                (passed if all(holders) and holders[0] != holders[1] else written).append(piece)
            changes = _changes(spec, data, previous, day, lang, passed)
            notes = _unmatched_notes(written, day, lang)
        result.append({"day": iso, "name": name, "treaty": treaty, "changes": changes, "notes": notes})
        previous = day
    return result


def axis_changes(data: MapData, before: date, day: date) -> list[dict[str, Any]]:
    """What changed hands between two consecutive stops (see :func:`geo.changes.change_rows`),
    computed once per build.

    Between consecutive stops only held land or line starting or ending on the later one can
    change hands, so only the layers holding such features are compared.
    """
    key = (before, day)
    if key not in data.axis_changes:
        if data.holdings is None:
            data.holdings = Holdings.of(data.layers)
            data.held_turns.update({name: _held_turns(gdf) for name, gdf in data.layers.items() if "status" in gdf})
        moved = {name for name, turns in data.held_turns.items() if day in turns}
        data.axis_changes[key] = change_rows(data.holdings, before, day, among=moved)
    return data.axis_changes[key]


def _held_turns(gdf: gpd.GeoDataFrame) -> set[date]:
    """The days on which a layer's held land or line starts or ends."""
    held = gdf[gdf["status"].isin(HELD)]
    return {stamp.date() for column in ("start_date", "end_date") for stamp in held[column].dropna()}


def precompute(data: MapData, layer_names: list[str]) -> None:
    """Compute what changed between every pair of consecutive stops, before pages are rendered in parallel."""
    days = axis_days(data, layer_names)
    for before, day in pairwise(days):
        axis_changes(data, before, day)


def _treaty(event: dict[str, Any], lang: str) -> str:
    """The treaty behind an event and the articles of the Treaty of Portsmouth it concerns, which are
    named as Portsmouth's under another treaty: 'Treaty of Portsmouth, Article XV', 'Japan–Korea
    Treaty of 1905 (Eulsa Treaty); concerns the Treaty of Portsmouth, Article II'."""
    text = strings(lang)
    treaty = _local(event, "treaty", lang)
    if str(event.get("treaty", "")).startswith(NO_TREATY) and (what := PARENTHESIS.fullmatch(treaty)):
        treaty = text["no_treaty"].format(what=what[1])
    articles = ", ".join(article_label(number_, lang) for number_ in article_numbers(event.get("article")))
    if not articles:
        return treaty
    if event.get("treaty") == PORTSMOUTH:
        return str(text["treaty_articles"].format(treaty=treaty, articles=articles))
    return "; ".join(t for t in (treaty, text["event_articles"].format(articles=articles)) if t)


def _day_before(day: date, lang: str) -> str:
    """The last day of what ends on a stop (end dates are exclusive), as the language writes it."""
    return format_date(day - timedelta(days=1), lang)


def _local(record: dict[str, Any], field: str, lang: str) -> str:
    return str(record.get(f"{field}_{lang}") or record.get(field) or "")


def _names_by_day(data: MapData, layer_names: list[str], lang: str) -> tuple[dict[date, list[str]], ...]:
    """Names of the features that start, and of those that end, on each day."""
    starting: dict[date, list[str]] = {}
    ending: dict[date, list[str]] = {}
    for name in layer_names:
        for row in data.records(name):
            label = display_name(row, lang)
            for column, found in (("start_date", starting), ("end_date", ending)):
                if pd.notna(row[column]):
                    found.setdefault(row[column].date(), []).append(label)
    return starting, ending


def _shorten(names: list[str]) -> str:
    shown = "; ".join(dict.fromkeys(names[:NAMED_PER_STOP]))
    return shown + (" …" if len(names) > NAMED_PER_STOP else "")


def _unmatched_notes(changed: list[dict[str, Any]], day: date, lang: str) -> list[str]:
    """A line for each holding (of ``changed``, on the stop ``day``) that ended with no holder shown
    after it, began with none before it, or passed to its holder by another title (written, not drawn:
    the map already shows the land left bare, newly held or in its holder's colour). What ended is
    held until the day before, as its popup's dates say."""
    text = strings(lang)
    notes = []
    for piece in changed:
        words = {"name": display_name(piece, lang), "size": size(piece["area_km2"], piece["length_km"], lang)}
        if piece["from_controller"] and piece["to_controller"]:  # the same holder, by another title
            notes.append(text["change_title"].format(
                **words, holder=text["controllers"][piece["to_controller"]],
                title_from=text["statuses"][piece["from_status"]], title_to=text["statuses"][piece["to_status"]]))
        else:
            ended = piece["to_controller"] == ""
            notes.append(text["change_ends" if ended else "change_begins"].format(
                **words, holder=text["controllers"][piece["from_controller"] if ended else piece["to_controller"]],
                last=_day_before(day, lang)))
    return notes


def _changes(spec: MapSpec, data: MapData, before: date, day: date, lang: str,
             changed: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """What changed hands (``changed``, from one holder to another) between two stops: one shape per
    layer, its size and a line per piece."""
    text = strings(lang)
    by_layer: dict[str, list[dict[str, Any]]] = {}
    for piece in changed:
        by_layer.setdefault(piece["layer"], []).append(piece)
    explained: set[str] = set()  # an article's summary is given once a stop, then it is only named
    result = []
    for layer, pieces in by_layer.items():
        lines = []
        for piece in pieces:
            line = text["change_label"].format(
                name=display_name(piece, lang),
                holder_from=text["controllers"][piece["from_controller"]],
                holder_to=text["controllers"][piece["to_controller"]],
                size=size(piece["area_km2"], piece["length_km"], lang),
            )
            for number_ in article_numbers(piece["article"]):
                summary = "" if number_ in explained else text["articles"].get(number_, "")
                explained.add(number_)
                line += text["change_article"].format(article=article_label(number_, lang)) + (
                    f": {summary}" if summary else "")
            lines.append(line)
        geometry = _change_shape(spec, data, before, day, layer, pieces)
        result.append({
            "id": f"change-{layer}",
            "label": size(sum(p["area_km2"] for p in pieces), sum(p["length_km"] for p in pieces), lang),
            "side": "right" if geometry.geom_type.endswith("LineString") else "left",
            "lines": lines,
            "geometry": data.encoded(geometry, encoding.digits(grid(spec.tolerance))),
        })
    return result


def _change_shape(spec: MapSpec, data: MapData, before: date, day: date, layer: str,
                  pieces: list[dict[str, Any]]) -> Any:
    """The pieces of one layer that changed hands between two stops as one shape on the map's screen,
    made once for all the map's languages."""
    key = (spec.name, before, day, layer)
    if key not in data.change_shapes:
        merged = shapely.union_all([piece["geometry"] for piece in pieces])
        if merged.geom_type.endswith("LineString"):
            merged = shapely.line_merge(merged)
        data.change_shapes[key] = simplified(merged, spec.tolerance)
    return data.change_shapes[key]


def size(area: float, length: float, lang: str) -> str:
    """An area in km² or, for lines, a length in km, as the language writes numbers."""
    text = strings(lang)
    if area:
        return str(text["area_km2"].format(value=number(area, lang)))
    return str(text["length_km"].format(value=number(length, lang)))
