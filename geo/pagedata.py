"""Everything a map page shows, as one JSON-ready dict: the page script draws it all.

Layer text reaches the page only inside this data (escaped as JSON by ``geo.page``), never
through a template engine.
"""

from __future__ import annotations

import json
import math
from typing import Any

import pandas as pd

from geo import encoding, limits, schema, style
from geo.catalogue import (
    COMPARE,
    OSM_DERIVED,
    OVERLAY_KINDS,
    STATE_KINDS,
    STATE_LAYERS,
    STATES,
    MapSpec,
    demand_style,
    demands_table,
    legend,
    legend_label,
    legend_style,
)
from geo.i18n import languages, page_link, strings
from geo.mapdata import MapData, grid, simplified
from geo.popups import article_label, article_rows, holder_text, popup, sources
from geo.stops import stops
from geo.timeline import TREATY_DAY, WAR_START, state_at

TEXT_KEYS = (
    "state_switch", "state_before", "state_after", "axis_label", "timeline_label", "timeline_play",
    "timeline_pause", "timeline_active", "alt_heading", "alt_day", "alt_territories", "alt_railway", "alt_battles",
    "alt_places", "alt_stations", "alt_changes", "alt_none", "alt_battle_past", "alt_battle_active", "legend_title",
    "field_source", "popup_close", "zoom_in", "zoom_out", "overlay_online", "attribution_coastline",
    "attribution_stations", "map_label", "demands_heading", "layers_button", "changes_none", "changes_separator",
    "status_break", "status_end", "field_local_name",
)
"""The strings the page script shows."""
FEATURE_FIELDS = ("id", "layer", "group", "kind", "holder", "holder_text", "start", "end", "style", "shape")
REPEATED_FIELDS = ("layer", "group", "kind", "holder", "holder_text", "start", "end")
"""Feature fields with a few values shared by many features (a layer, a holder, a treaty's day): each
value is written once, in the ``values`` table, and the features point to it."""
POPUP_FIELDS = ("title", "alt", "description", "rows", "sources")
"""A feature's fields and its popup's, in the order of a row of the page's feature table."""


def page_data(spec: MapSpec, data: MapData, lang: str, langs: list[str], page: str | None = None,
              views: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The data block of one page (``page``: its file name, ``views``: one per map on the page), packed
    for size: geometry encoded on the map's grid (``geo.encoding``), features as one table, and what
    they repeat (styles, popup rows, sources, links) in shared tables; the page script unpacks it."""
    text = strings(lang)
    page = page or spec.name
    places = encoding.digits(grid(spec.tolerance))
    drawn = [name for name in STATE_LAYERS if spec.states] + [n for n in OVERLAY_KINDS if n in spec.overlays]
    payload: dict[str, Any] = {
        "page": page,
        "mode": "compare" if page == COMPARE else spec.mode,
        "lang": lang,
        "text_lang": schema.TEXT_LANG,
        "title": text["maps"][page]["title"],
        "text": {key: text[key] for key in TEXT_KEYS},
        "months": text["months"],
        "era": [int(text["era_offset"]), text["era_name"]] if text.get("era_offset") else None,
        "palette": style.palette(),
        "links": links(page, lang, langs),
        "digits": places,
        "land": land(spec, data, places),
        "features": features(spec, data, lang),
        "overlays": [{"key": key, "label": text[f"overlay_{key}"], "show": key not in spec.hidden_overlays}
                     for key in spec.overlays],
        "legend": legend_rows(spec, data, lang),
        "views": views or [{"day": spec.default_day.isoformat()}],
        "bounds": [list(corner) for corner in spec.bounds],  # the frame every view opens on, re-fitted for print
        "drawn": _corners(margin_frame(spec)),  # what the map draws, and the view is kept inside
        "credits": [text["attribution_stations"]] if any(n in OSM_DERIVED for n in drawn) else [],
    }
    if spec.states:
        payload["states"] = [{"key": key, "day": day.isoformat(), "label": text[f"state_{key}"]}
                             for key, day in STATES]
        payload["stops"] = stops(spec, data, lang, drawn) if page != COMPARE else []
        payload["articles"] = articles(spec, data, lang, places) if "articles" in spec.overlays else []
    if spec.timeline:
        payload["war"] = {"first": WAR_START.isoformat(), "last": TREATY_DAY.isoformat()}
    if spec.demands:
        payload["demands"] = demand_list(lang)
        payload["features"] += demand_features(spec, data, lang)
    limits.check_page(payload["features"])
    payload["shapes"] = shared_shapes(payload["features"], data, places)
    payload.update(shared_tables(payload["features"], payload.get("articles", [])))
    payload["features"] = feature_table(payload["features"])
    return payload


def links(page: str, lang: str, langs: list[str]) -> list[dict[str, str]]:
    """Links from a page to the gallery, the comparison, and the same page in each other language built."""
    text = strings(lang)
    result = [{"text": text["nav_all_maps"], "href": "index.html"}]
    if page == "explorer":
        result.append({"text": text["nav_compare"], "href": "compare.html"})
    for other in languages():
        if other != lang and other in langs:
            result.append({"text": strings(other)["language_name"], "href": page_link(lang, other, f"{page}.html"),
                           "lang": strings(other)["html_lang"]})
    return result


SCREEN_SHAPES = (2.0, 1 / 2.2)
"""The widest and the tallest map a page is laid out for (width / height): a wide monitor, a phone held
upright."""
OPENING_ROOM = 1.2
"""How much more than its frame a map may show when it opens: it fits the frame at a quarter zoom step
(``geo.page.base_map``), and the frame is some pixels short of the screen's edge."""


def margin_frame(spec: MapSpec) -> tuple[float, float, float, float]:
    """All that a map draws and lets a reader see (west, south, east, north): its frame widened by its
    own size on every side, and at least what it shows when it opens on any screen from the widest to
    the tallest. The page bounds the map to it (no coast ends in a straight line at its edge)."""
    (south, west), (north, east) = spec.bounds
    height, width = north - south, east - west
    bottom, top = _mercator_y(south), _mercator_y(north)
    centre_x, centre_y = (west + east) / 2, (bottom + top) / 2
    wide, tall = SCREEN_SHAPES
    half_x = max(width, (top - bottom) * wide) * OPENING_ROOM / 2
    half_y = max(top - bottom, width / tall) * OPENING_ROOM / 2
    return (max(min(west - width, centre_x - half_x), -180),
            max(min(south - height, _latitude(centre_y - half_y)), -85),
            min(max(east + width, centre_x + half_x), 180),
            min(max(north + height, _latitude(centre_y + half_y)), 85))


def _mercator_y(latitude: float) -> float:
    """A latitude on the screen's (Web Mercator) scale, in degrees of longitude."""
    return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(latitude) / 2)))


def _latitude(mercator_y: float) -> float:
    return math.degrees(2 * math.atan(math.exp(math.radians(mercator_y))) - math.pi / 2)


def _corners(frame: tuple[float, float, float, float]) -> list[list[float]]:
    west, south, east, north = frame
    return [[round(south, 3), round(west, 3)], [round(north, 3), round(east, 3)]]


def land(spec: MapSpec, data: MapData, places: int) -> list[dict[str, Any]]:
    """The coastline basemap, cut to the map's margin frame, encoded to ``places`` decimals."""
    frame = margin_frame(spec)
    layer = data.layers["land"]
    shapes = [data.on_screen(spec, feature_id, geometry, frame)
              for feature_id, geometry in zip(layer["id"], layer.geometry, strict=True)]
    return [data.encoded(geometry, places) for geometry in shapes if not geometry.is_empty]


def _iso(value: Any) -> str:
    return "" if value is None or pd.isna(value) else pd.Timestamp(value).date().isoformat()


def features(spec: MapSpec, data: MapData, lang: str) -> list[dict[str, Any]]:
    """Every feature the map draws, once, with its dates: the page shows it when start <= day < end."""
    result = []
    frame = margin_frame(spec)
    groups: list[tuple[str, str, tuple[str, ...] | None]] = [
        (name, "state", STATE_KINDS) for name in STATE_LAYERS if spec.states]
    groups += [(name, name, OVERLAY_KINDS[name]) for name in OVERLAY_KINDS if name in spec.overlays]
    for layer, group, kinds in groups:
        drawn = [(props, shape) for props, shape in zip(data.records(layer), data.layers[layer].geometry, strict=True)
                 if not kinds or props["kind"] in kinds]
        drawn.sort(key=lambda feature: feature[0].get("status") == "occupied")  # held land first, occupation over it
        for props, shape in drawn:
            geometry = data.on_screen(spec, props["id"], shape, frame)
            if geometry.is_empty:
                continue
            result.append({
                "id": props["id"], "layer": layer, "group": group, "kind": props.get("kind", ""),
                "holder": props.get("controller", ""), "holder_text": _holder(props, lang),
                "start": _iso(props.get("start_date")), "end": _iso(props.get("end_date")),
                "style": style.feature_style(props),
                "popup": popup(props, lang), "geometry": geometry,
            })
    return result


def _holder(props: dict[str, Any], lang: str) -> str:
    return holder_text(props, lang) if props.get("controller") else ""


def articles(spec: MapSpec, data: MapData, lang: str, places: int) -> list[dict[str, Any]]:
    """A marker per treaty article with a place, at a feature that article names (as of the treaty)."""
    text = strings(lang)
    after = pd.concat([state_at(data.layers[n], TREATY_DAY) for n in STATE_LAYERS])
    result = []
    for number_, summary in text["articles"].items():
        named = after[after["article"].str.split(", ").apply(lambda a, n=number_: n in a)]
        if named.empty:
            continue
        anchor = named.geometry.iloc[0]
        point = anchor.interpolate(0.5, normalized=True) if anchor.geom_type.endswith("LineString") \
            else anchor.representative_point()
        label = article_label(number_, lang)
        result.append({
            "id": f"article-{number_}", "label": article_label(number_, lang, short=True),
            "popup": {"title": label, "alt": [], "description": summary, "rows": [], "sources": []},
            "geometry": encoding.encode_geometry(point, places),
        })
    return result


def demand_features(spec: MapSpec, data: MapData, lang: str) -> list[dict[str, Any]]:
    """The shapes Japan asked for (outlined) and those the treaty gave (filled), coloured by outcome."""
    text = strings(lang)
    table = demands_table()
    result = []
    for part in ("asked", "given"):
        for demand in table["demands"]:
            if not demand[part]:
                continue
            words = text["demands"][demand["id"]]
            geometry = simplified(data.demand_shape(demand, part), spec.tolerance)
            title = f"{demand['number']}. {words['name']}"
            result.append({
                "id": f"{part}-{demand['id']}", "layer": "demands", "group": part, "kind": part,
                "holder": "", "holder_text": text["outcomes"][demand["outcome"]], "start": "", "end": "",
                "style": demand_style(demand, part, point=geometry.geom_type == "Point"),
                "popup": {"title": title, "alt": [], "description": "",
                          "rows": [[text["field_demand"], words["asked"]],
                                   [text["field_outcome_note"], words["outcome"]],
                                   *article_rows(demand["article"], lang)],
                          "sources": sources(table["source"])},
                "geometry": geometry,
            })
    return result


def shared_shapes(features: list[dict[str, Any]], data: MapData, places: int) -> list[dict[str, Any]]:
    """Give each distinct geometry one entry, encoded to ``places`` decimals: features that differ only
    in holder or dates (Korea as empire, protectorate and colony) point to the same shape by index
    instead of repeating it."""
    shapes: list[dict[str, Any]] = []
    index: dict[int, int] = {}
    for feature in features:
        encoded = data.encoded(feature.pop("geometry"), places)
        key = id(encoded)  # one object per distinct shape, kept alive by data.encodings
        if key not in index:
            index[key] = len(shapes)
            shapes.append(encoded)
        feature["shape"] = index[key]
    return shapes


def shared_tables(features: list[dict[str, Any]], markers: list[dict[str, Any]]) -> dict[str, list[Any]]:
    """Put each distinct style, repeated field value, popup row, source and link once in a table that
    features and markers point to by index: an article's summary on 80 stations, or the link they all
    cite under their own titles, is written once."""
    tables: dict[str, list[Any]] = {"styles": [], "values": [], "rows": [], "sources": [], "urls": []}
    indexes: dict[str, dict[str, int]] = {name: {} for name in tables}

    def refer(table: str, value: Any) -> int:
        key = json.dumps(value, sort_keys=True)
        if key not in indexes[table]:
            indexes[table][key] = len(tables[table])
            tables[table].append(value)
        return indexes[table][key]

    for feature in features:
        feature["style"] = refer("styles", feature["style"])
        feature.update({field: refer("values", feature[field]) for field in REPEATED_FIELDS})
    for item in features + markers:
        popup = item["popup"]
        popup["rows"] = [refer("rows", row) for row in popup["rows"]]
        popup["sources"] = [refer("sources", [title, refer("urls", url)]) for title, url in popup["sources"]]
    return tables


def feature_table(features: list[dict[str, Any]]) -> dict[str, list[Any]]:
    """The features as one list of field names and a row of values each, the popup's fields flattened
    into it: the page names the fields once instead of on each of 150 features (``shared``: the fields
    whose values are indexes into the ``values`` table)."""
    return {"fields": [*FEATURE_FIELDS, *POPUP_FIELDS], "shared": list(REPEATED_FIELDS),
            "rows": [[feature[f] for f in FEATURE_FIELDS] + [feature["popup"][f] for f in POPUP_FIELDS]
                     for feature in features]}


def demand_list(lang: str) -> list[dict[str, str]]:
    """The twelve demands in order, each with its outcome, for the panel."""
    text = strings(lang)
    colours = style.palette()["outcomes"]
    return [{"name": text["demands"][d["id"]]["name"], "outcome": d["outcome"],
             "outcome_text": text["outcomes"][d["outcome"]], "colour": colours[d["outcome"]]}
            for d in demands_table()["demands"]]


def legend_rows(spec: MapSpec, data: MapData, lang: str) -> list[dict[str, Any]]:
    """The catalogue's legend entries with this map's colours and words."""
    text = strings(lang)
    holders = {c for name in STATE_LAYERS for c in data.layers[name]["controller"] if c}
    return [{"shape": entry.shape, "style": legend_style(entry), "label": legend_label(entry, text)}
            for entry in legend(spec, holders)]

