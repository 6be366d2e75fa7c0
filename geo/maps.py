"""The maps: one MapSpec per map, assembled with folium into single-file offline HTML."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from html import escape
from importlib import resources
from typing import Any

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from branca.element import Element, Figure

from geo import assets, controls, style
from geo.changes import changes_between
from geo.i18n import strings
from geo.literal import LiteralGeoJson
from geo.popups import article_label, display_name, number, popup_html, popup_html_article, tooltip_html
from geo.timeline import BEFORE_DAY, TREATY_DAY, WAR_START, state_at

STATE_LAYERS = ("sakhalin", "kwantung", "railway", "sakhalin_50n", "places")
"""Layers whose holders change with the day: drawn once per state (before / after)."""
STATE_KINDS = ("territory", "railway", "boundary")
OSM_DERIVED = ("stations", "railway")
"""Layers drawn from OpenStreetMap station points, whose licence asks for credit on the map."""
"""Kinds drawn in the state groups; the rest of a layer goes into its overlay."""


@dataclass(frozen=True)
class MapSpec:
    """What one map shows: its frame, its parts and how finely it draws coastlines.

    Parameters
    ----------
    name
        File name without ``.html``; also the key of its title in the string tables.
    bounds
        ``((south, west), (north, east))`` in decimal degrees: the view it opens on.
    overlays
        Overlay groups in the layer control, in order (see ``OVERLAYS``).
    hidden_overlays
        Overlays listed but switched off when the map opens.
    states
        Whether the map has the before/after switch.
    timeline
        Whether the battles are shown on a date slider instead.
    demands
        Whether the map shows Japan's demands against what the treaty gave, instead of states.
    tolerance
        Simplification of drawn geometry in degrees (the screen shows no finer detail).
    """

    name: str
    bounds: tuple[tuple[float, float], tuple[float, float]]
    overlays: tuple[str, ...] = ()
    hidden_overlays: tuple[str, ...] = ()
    states: bool = True
    timeline: bool = False
    demands: bool = False
    tolerance: float = 0.01


MAPS: tuple[MapSpec, ...] = (
    MapSpec("explorer", ((33.5, 118.0), (55.0, 146.0)),
            overlays=("battles", "stations", "places", "articles", "changes"),
            hidden_overlays=("stations", "articles", "changes")),
    MapSpec("sakhalin", ((45.4, 139.5), (54.6, 146.0)),
            overlays=("battles", "places", "changes"), hidden_overlays=("changes",), tolerance=0.004),
    MapSpec("liaodong", ((38.3, 120.8), (44.1, 126.2)),
            overlays=("battles", "stations", "changes"), hidden_overlays=("changes",), tolerance=0.002),
    MapSpec("war", ((33.5, 119.0), (47.5, 146.0)), states=False, timeline=True),
    MapSpec("demands", ((33.5, 118.0), (55.0, 146.0)), states=False, demands=True),
)
"""Every single map; the comparison page is built from the explorer's spec."""

COMPARE = "compare"


@dataclass
class MapData:
    """The loaded layers and what is computed from them once for all maps."""

    layers: dict[str, gpd.GeoDataFrame]
    changes: gpd.GeoDataFrame
    screen_shapes: dict[tuple[str, str], Any] = field(default_factory=dict)
    """Geometry simplified for a map's screen, by (map, feature id): shared by its languages."""

    def on_screen(self, spec: MapSpec, feature_id: str, geometry: Any,
                  frame: tuple[float, float, float, float] | None = None) -> Any:
        """A feature's geometry as a map draws it: cut to a frame (west, south, east, north) if
        given, simplified to the map's tolerance, on a ~10 m grid."""
        key = (spec.name, feature_id)
        if key not in self.screen_shapes:
            if frame is not None:
                geometry = shapely.clip_by_rect(geometry, *frame)
            if geometry.geom_type == "MultiPoint":
                geometry = _cluster_points(geometry, spec.tolerance)
            elif not geometry.geom_type.endswith("Point"):
                geometry = shapely.set_precision(geometry.simplify(spec.tolerance, preserve_topology=True), 1e-4)
            self.screen_shapes[key] = geometry
        return self.screen_shapes[key]


def _cluster_points(points: Any, tolerance: float) -> Any:
    """Points closer than the map's tolerance merged into one, as polygons are simplified to it."""
    cells = np.unique(np.round(shapely.get_coordinates(points) / tolerance), axis=0)
    return shapely.set_precision(shapely.MultiPoint(cells * tolerance), 1e-4)


def prepare(layers: dict[str, gpd.GeoDataFrame]) -> MapData:
    """Compute once what several maps share."""
    return MapData(layers=layers, changes=changes_between(BEFORE_DAY, TREATY_DAY, layers=layers))


def render_map(spec: MapSpec, data: MapData, lang: str) -> str:
    """One map as a self-contained HTML document."""
    text = strings(lang)
    figure = Figure(title=text["maps"][spec.name]["title"])
    fmap = _base_map(spec, data, lang)
    figure.add_child(fmap)
    states = _add_states(fmap, spec, data, lang) if spec.states else None
    overlay_groups = {key: OVERLAYS[key](spec, data, lang) for key in spec.overlays}
    timeline = None
    if spec.timeline:
        timeline = _timeline(spec, data, lang)
        timeline["group"].add_to(fmap)
    for key, group in overlay_groups.items():
        group.show = key not in spec.hidden_overlays
        group.add_to(fmap)
    if spec.demands:
        for part, group in _demand_groups(spec, data, lang).items():
            overlay_groups[part] = group
            group.add_to(fmap)
    layer_control = None
    if overlay_groups:
        _online_tiles(text).add_to(fmap)
        layer_control = folium.LayerControl(collapsed=False, position="topright").add_to(fmap)
    links = _links(spec.name, lang)
    controls.Panel(
        title=text["maps"][spec.name]["title"],
        links=links,
        states=states,
        initial_state="before" if states else None,
        timeline=timeline,
        details=_demand_list(lang) if spec.demands else None,
        layer_control=layer_control,
    ).add_to(fmap)
    controls.Legend(text["legend_title"], _legend_entries(spec, data, lang)).add_to(fmap)
    return finish(figure, lang)


def render_compare(data: MapData, lang: str) -> str:
    """Before and after on two synchronised maps (side by side; stacked on a narrow screen)."""
    text = strings(lang)
    spec = MAPS[0]
    figure = Figure(title=text["maps"][COMPARE]["title"])
    maps = []
    for position, (key, day) in enumerate((("before", BEFORE_DAY), ("after", TREATY_DAY))):
        fmap = _base_map(spec, data, lang, width="50%", left=f"{50 * position}%", position="absolute")
        figure.add_child(fmap)
        group = _state_group(spec, data, lang, day, text[f"state_{key}"])
        group.add_to(fmap)
        controls.Panel(title=text[f"state_{key}"], links=_links(COMPARE, lang) if position == 0 else []).add_to(fmap)
        if position == 1:
            controls.Legend(text["legend_title"], _legend_entries(spec, data, lang)).add_to(fmap)
        maps.append(fmap)
    figure.add_child(controls.Sync(*maps))
    figure.header.add_child(assets.inline_script(assets.leaflet_sync_js()), name="leaflet_sync")
    figure.header.add_child(assets.inline_style(COMPARE_CSS), name="compare_css")
    return finish(figure, lang)


# --- building blocks -------------------------------------------------------------------------


def _base_map(spec: MapSpec, data: MapData, lang: str, **size: str) -> folium.Map:
    """A map with no tiles, the sea as background and Natural Earth land beneath everything."""
    (south, west), (north, east) = spec.bounds
    fmap = folium.Map(
        location=((south + north) / 2, (west + east) / 2),
        tiles=None,
        control_scale=True,
        zoom_control="bottomleft",
        min_zoom=2,
        max_zoom=12,
        world_copy_jump=False,
        **size,
    )
    fmap.fit_bounds(list(spec.bounds))
    land = data.layers["land"]
    LiteralGeoJson(
        _collection(land, spec, data, lang, popups=False, frame=_margin_box(spec.bounds)),
        name="land",
        control=False,
        interactive=False,
        style_function=lambda _f: {**style.feature_style({"kind": "basemap"}), "className": "p1905-land"},
        attribution=strings(lang)["attribution_coastline"],
    ).add_to(fmap)
    return fmap


def _margin_box(bounds: tuple[tuple[float, float], tuple[float, float]]) -> tuple[float, float, float, float]:
    """The map's frame widened by its own size on every side: all a reader pans to in practice."""
    (south, west), (north, east) = bounds
    height, width = north - south, east - west
    return (max(west - width, -180), max(south - height, -90), min(east + width, 180), min(north + height, 90))


def _add_states(fmap: folium.Map, spec: MapSpec, data: MapData, lang: str) -> list[tuple[str, str, Element]]:
    """The before and after groups, for the panel's switch (exactly one shows)."""
    text = strings(lang)
    states = []
    for key, day in (("before", BEFORE_DAY), ("after", TREATY_DAY)):
        group = _state_group(spec, data, lang, day, text[f"state_{key}"])
        group.control = False
        group.add_to(fmap)
        states.append((key, text[f"state_{key}"], group))
    return states


def _state_group(spec: MapSpec, data: MapData, lang: str, day: date, label: str) -> folium.FeatureGroup:
    """Territory, railway and boundary features in force on a day, coloured by holder."""
    group = folium.FeatureGroup(name=label, overlay=True, control=False)
    for layer in STATE_LAYERS:
        gdf = state_at(data.layers[layer], day)
        gdf = gdf[gdf["kind"].isin(STATE_KINDS)]
        if gdf.empty:
            continue
        # Sovereign or leased land first, occupation drawn over it as a dashed outline.
        gdf = gdf.assign(_occupied=gdf["status"] == "occupied").sort_values("_occupied", kind="stable")
        _geojson(gdf.drop(columns="_occupied"), spec, data, lang, name=layer).add_to(group)
    return group


def _geojson(gdf: gpd.GeoDataFrame, spec: MapSpec, data: MapData, lang: str, name: str,
             extra: Callable[[pd.Series], dict[str, Any]] | None = None) -> folium.GeoJson:
    """A folium GeoJson of features with escaped popups, tooltips and per-feature styles."""
    collection = _collection(gdf, spec, data, lang, extra=extra)
    styles = {f["id"]: f["properties"].pop("style_py") for f in collection["features"]}
    marker = folium.CircleMarker() if gdf.geom_type.isin(["Point", "MultiPoint"]).any() else None
    credit = strings(lang)["attribution_stations"] if name in OSM_DERIVED else None
    return LiteralGeoJson(
        collection,
        name=name,
        attribution=credit,
        style_function=lambda feature: styles[feature["id"]],
        marker=marker,
        on_each_feature=folium.JsCode(BIND_POPUP_JS),
    )


def _collection(gdf: gpd.GeoDataFrame, spec: MapSpec, data: MapData, lang: str, popups: bool = True,
                extra: Callable[[pd.Series], dict[str, Any]] | None = None,
                frame: tuple[float, float, float, float] | None = None) -> dict[str, Any]:
    """Features simplified for the screen (and cut to a frame), with only what the page needs."""
    features = []
    for _, row in gdf.iterrows():
        geom = data.on_screen(spec, row["id"], row.geometry, frame)
        if geom.is_empty:
            continue
        props: dict[str, Any] = {}
        if popups:
            record = row.drop(labels="geometry").to_dict()
            props = {"popup": popup_html(record, lang), "tip": tooltip_html(record, lang)}
            feature_style = style.feature_style(record)
            feature_style["className"] = f"f-{row['id']}"
            props["style_py"] = feature_style
            if extra:
                props.update(extra(row))
        features.append({
            "type": "Feature",
            "id": row["id"],
            "properties": props,
            "geometry": shapely.geometry.mapping(geom),
        })
    return {"type": "FeatureCollection", "features": features}


BIND_POPUP_JS = """function (feature, layer) {
    var p = feature.properties;
    if (p.popup) {
        layer.bindPopup(p.popup, {maxWidth: 340, maxHeight: 300,
                                  autoPanPaddingTopLeft: [10, 180], autoPanPaddingBottomRight: [10, 10]});
    }
    if (p.label) {
        var side = p.label_side || "center";
        layer.bindTooltip(p.label, {permanent: true, direction: side, className: "p1905-label",
                                    offset: side === "right" ? [14, 0] : side === "left" ? [-14, 0] : [0, 0]});
    }
    else if (p.tip) { layer.bindTooltip(p.tip, {sticky: true}); }
}"""
"""Binds the popup and tooltip HTML that Python built (and escaped) to each feature."""


def _overlay_layer(layer: str, kinds: tuple[str, ...] | None = None) -> Callable[..., folium.FeatureGroup]:
    """An overlay that draws one layer (optionally only some kinds), as it stood after the treaty."""

    def build(spec: MapSpec, data: MapData, lang: str) -> folium.FeatureGroup:
        gdf = data.layers[layer]
        if kinds:
            gdf = gdf[gdf["kind"].isin(kinds)]
        group = folium.FeatureGroup(name=strings(lang)[f"overlay_{layer}"])
        _geojson(gdf, spec, data, lang, name=layer).add_to(group)
        return group

    return build


def _changes_overlay(spec: MapSpec, data: MapData, lang: str) -> folium.FeatureGroup:
    """What changed hands between 4 and 5 September 1905: one shape per layer, labelled with its size.

    The permanent label carries only the size, so labels stay apart; the popup names each piece.
    """
    text = strings(lang)

    def size(area: float, length: float) -> str:
        if area:
            return text["area_km2"].format(value=number(area, lang))
        return text["length_km"].format(value=number(length, lang))

    features = []
    for layer, pieces in data.changes.groupby("layer", sort=False):
        lines = []
        for _, piece in pieces.iterrows():
            lines.append(text["change_label"].format(
                name=display_name(piece.to_dict(), lang),
                holder_from=text["controllers"][piece["from_controller"]],
                holder_to=text["controllers"][piece["to_controller"]],
                size=size(piece["area_km2"], piece["length_km"]),
            ))
        merged = shapely.union_all(list(pieces.geometry))
        if merged.geom_type.endswith("LineString"):
            merged = shapely.line_merge(merged)
        geometry = shapely.set_precision(merged.simplify(spec.tolerance, preserve_topology=True), 1e-4)
        features.append({
            "type": "Feature",
            "id": f"change-{layer}",
            "properties": {
                "label": escape(size(pieces["area_km2"].sum(), pieces["length_km"].sum())),
                "label_side": "right" if geometry.geom_type.endswith("LineString") else "left",
                "popup": '<div class="pp"><h3>' + escape(text["legend_change"]) + "</h3>"
                         + "".join(f"<p>{escape(line)}</p>" for line in lines) + "</div>",
            },
            "geometry": shapely.geometry.mapping(geometry),
        })
    change_style = style.palette()["change"]
    return _prepared_overlay(text["overlay_changes"], "changes", features,
                             lambda f: {**change_style, "className": f"f-{f['id']}"})


def _articles_overlay(spec: MapSpec, data: MapData, lang: str) -> folium.FeatureGroup:
    """A marker per treaty article with a place, at a feature that article names."""
    text = strings(lang)
    after = pd.concat([state_at(data.layers[n], TREATY_DAY)
                       for n in ("sakhalin", "kwantung", "railway", "places", "polities")])
    features = []
    for number_, summary in text["articles"].items():
        named = after[after["article"].str.split(", ").apply(lambda a, n=number_: n in a)]
        if named.empty:
            continue
        anchor = named.geometry.iloc[0]
        point = anchor.interpolate(0.5, normalized=True) if anchor.geom_type.endswith("LineString") \
            else anchor.representative_point()
        point = shapely.set_precision(point, 1e-4)
        label = article_label(number_, lang)
        features.append({
            "type": "Feature",
            "id": f"article-{number_}",
            "properties": {
                "popup": f'<div class="pp"><h3>{escape(label)}</h3><p>{escape(summary)}</p></div>',
                "label": escape(article_label(number_, lang, short=True)),
            },
            "geometry": shapely.geometry.mapping(point),
        })
    article_style = style.palette()["article"]
    return _prepared_overlay(text["overlay_articles"], "articles", features,
                             lambda f: {**article_style, "className": f"f-{f['id']}"})


def _prepared_overlay(label: str, key: str, features: list[dict[str, Any]],
                      style_function: Callable[[dict[str, Any]], dict[str, Any]]) -> folium.FeatureGroup:
    """An overlay of features whose popups and labels are already built (and escaped)."""
    group = folium.FeatureGroup(name=label)
    LiteralGeoJson(
        {"type": "FeatureCollection", "features": features},
        name=key,
        style_function=style_function,
        marker=folium.CircleMarker(),
        on_each_feature=folium.JsCode(BIND_POPUP_JS),
    ).add_to(group)
    return group


def _timeline(spec: MapSpec, data: MapData, lang: str) -> dict[str, Any]:
    """The battles on a date slider from the war's first day to the treaty."""
    text = strings(lang)
    battles = data.layers["battles"]

    def dates(row: pd.Series) -> dict[str, Any]:
        record = row.drop(labels="geometry").to_dict()
        return {
            "title": display_name(record, lang),
            "start": row["start_date"].date().isoformat(),
            "end": row["end_date"].date().isoformat() if pd.notna(row["end_date"]) else "",
            "style": {**style.feature_style(record), "className": f"f-{row['id']}"},
        }

    group = folium.FeatureGroup(name=text["overlay_battles"], control=False)
    layer = _geojson(battles, spec, data, lang, name="battles", extra=dates)
    layer.add_to(group)
    era = [int(text["era_offset"]), text["era_name"]] if text.get("era_offset") else None
    return {
        "group": group,
        "layer": layer,
        "first": WAR_START,
        "days": (TREATY_DAY - WAR_START).days,
        "months": text["months"],
        "era": era,
        "label": text["timeline_label"],
        "count_text": text["timeline_active"],
        "play_text": text["timeline_play"],
        "pause_text": text["timeline_pause"],
        "past_style": style.palette()["battle_past"],
    }


def demands_table() -> dict[str, Any]:
    """The table of Japan's demands and their outcomes (geo/data/demands.json)."""
    return json.loads(resources.files("geo.data").joinpath("demands.json").read_text(encoding="utf-8"))


def _demand_groups(spec: MapSpec, data: MapData, lang: str) -> dict[str, folium.FeatureGroup]:
    """Two overlays: the shapes Japan asked for (outlined) and those the treaty gave (filled),
    coloured by outcome."""
    text = strings(lang)
    p = style.palette()
    table = demands_table()
    shapes = pd.concat([gdf[["id", "geometry"]] for gdf in data.layers.values()]).set_index("id").geometry
    groups = {}
    for part in ("asked", "given"):
        features = []
        for demand in table["demands"]:
            if not demand[part]:
                continue
            words = text["demands"][demand["id"]]
            geometry = shapely.union_all([shapes[i] for i in demand[part]])
            geometry = shapely.set_precision(geometry.simplify(spec.tolerance, preserve_topology=True), 1e-4)
            record = {"article": demand["article"], "source": table["source"]}
            popup = (
                f'<div class="pp"><h3>{escape(str(demand["number"]))}. {escape(words["name"])}</h3>'
                f'<p><b>{escape(text["field_demand"])}:</b> {escape(words["asked"])}</p>'
                f'<p><b>{escape(text["field_outcome_note"])}:</b> {escape(words["outcome"])}</p>'
                + popup_html_article(record, lang)
                + "</div>"
            )
            colour = p["outcomes"][demand["outcome"]]
            features.append({
                "type": "Feature",
                "id": f"{part}-{demand['id']}",
                "properties": {"popup": popup, "tip": escape(words["name"]),
                               "style_py": {"color": colour, "fillColor": colour, **p[part],
                                            **(p["demand_point"] if geometry.geom_type == "Point" else {}),
                                            "className": f"f-{part}-{demand['id']}"}},
                "geometry": shapely.geometry.mapping(geometry),
            })
        styles = {f["id"]: f["properties"].pop("style_py") for f in features}
        groups[part] = _prepared_overlay(text[f"overlay_{part}"], f"demands-{part}", features,
                                         lambda feature, styles=styles: styles[feature["id"]])
    return groups


def _demand_list(lang: str) -> str:
    """The twelve demands in order, each with its outcome, for the panel."""
    text = strings(lang)
    p = style.palette()
    items = []
    for demand in demands_table()["demands"]:
        words = text["demands"][demand["id"]]
        colour = p["outcomes"][demand["outcome"]]
        items.append(
            f'<li class="p1905-demand-{demand["outcome"]}"><span class="p1905-badge" style="background:{colour}">'
            f'{escape(text["outcomes"][demand["outcome"]])}</span> {escape(words["name"])}</li>'
        )
    return (f'<details class="p1905-demands" open><summary>{escape(text["demands_heading"])}</summary>'
            f'<ol>{"".join(items)}</ol></details>')


def _online_tiles(text: dict[str, Any]) -> folium.TileLayer:
    """A modern street map, offered as an opt-in overlay: nothing is requested unless chosen."""
    return folium.TileLayer(
        "OpenStreetMap", name=text["overlay_online"], overlay=True, show=False, control=True
    )


OVERLAYS: dict[str, Callable[[MapSpec, MapData, str], folium.FeatureGroup]] = {
    "battles": _overlay_layer("battles"),
    "stations": _overlay_layer("stations"),
    "places": _overlay_layer("places", kinds=("city", "strait", "coast", "region")),
    "articles": _articles_overlay,
    "changes": _changes_overlay,
}


def _legend_entries(spec: MapSpec, data: MapData, lang: str) -> list[tuple[str, str]]:
    """Legend rows for what this map draws, each with the map's own colours."""
    text = strings(lang)
    p = style.palette()
    entries: list[tuple[str, str]] = []
    if spec.states:
        holders = sorted({c for n in STATE_LAYERS for c in data.layers[n]["controller"] if c},
                         key=list(p["controllers"]).index)
        for holder in holders:
            name = text["controllers"][holder]
            entries.append((controls.swatch("rect", style.feature_style(
                {"kind": "territory", "controller": holder})), text["legend_held"].format(holder=name)))
        entries.append((controls.swatch("rect", style.feature_style(
            {"kind": "territory", "controller": "japan", "status": "occupied"})),
            text["legend_occupied"].format(holder=text["controllers"]["japan"])))
        for holder in ("russia", "japan"):
            entries.append((controls.swatch("line", style.feature_style({"kind": "railway", "controller": holder})),
                            text["legend_railway"].format(holder=text["controllers"][holder])))
        entries.append((controls.swatch("line", p["boundary"]), text["legend_boundary"]))
    if "battles" in spec.overlays or spec.timeline:
        for victor in ("japan", "russia"):
            entries.append((controls.swatch("circle", {**p["battle"], "fillColor": p["victors"][victor]}),
                            text["legend_victory"].format(holder=text["controllers"][victor])))
        entries.append((controls.swatch("circle", {**p["battle"], "fillColor": p["victors"]["inconclusive"]}),
                        text["legend_inconclusive"]))
        entries.append((controls.swatch("circle", {**p["battle"], **p["naval_battle"], "fillColor": "#ffffff"}),
                        text["legend_naval"]))
    if spec.timeline:
        entries.append((controls.swatch("circle", p["battle_past"]), text["legend_battle_past"]))
    if "stations" in spec.overlays:
        entries.append((controls.swatch("circle", p["station"]), text["legend_station"]))
    if "places" in spec.overlays:
        entries.append((controls.swatch("circle", p["city"]), text["legend_city"]))
        entries.append((controls.swatch("line", p["strait"]), text["legend_strait"]))
        entries.append((controls.swatch("line", p["coast"]), text["legend_coast"]))
    if "articles" in spec.overlays:
        entries.append((controls.swatch("circle", p["article"]), text["legend_article"]))
    if "changes" in spec.overlays:
        entries.append((controls.swatch("rect", p["change"]), text["legend_change"]))
    if spec.demands:
        for outcome in ("granted", "partly", "refused"):
            colour = p["outcomes"][outcome]
            entries.append((controls.swatch("rect", {"color": colour, "fillColor": colour, **p["given"]}),
                            text[f"legend_{outcome}"]))
        entries.append((controls.swatch("rect", {"color": "#555555", **p["asked"]}), text["legend_asked"]))
        entries.append((controls.swatch("rect", {"color": "#555555", "fillColor": "#555555", **p["given"]}),
                        text["legend_given"]))
    return entries


def _links(name: str, lang: str) -> list[tuple[str, str]]:
    """Links from a map to the gallery, the comparison and the same map in the other language."""
    text = strings(lang)
    links = [(text["nav_all_maps"], "index.html")]
    if name == "explorer":
        links.append((text["nav_compare"], "compare.html"))
    other = f"../{name}.html" if lang != "en" else f"th/{name}.html"
    links.append((text["nav_other_language"], other))
    return links


# --- making the page whole -------------------------------------------------------------------


def finish(figure: Figure, lang: str) -> str:
    """Inline the assets, number the elements deterministically and render the page."""
    _strip_external_assets(figure)
    figure.header.add_child(assets.inline_style(assets.leaflet_css() + MAP_CSS), name="p1905_css", index=1)
    if lang == "th":
        figure.header.add_child(assets.inline_style(assets.thai_font_css() + THAI_CSS), name="p1905_thai")
    figure.header.add_child(assets.inline_script(assets.leaflet_js()), name="p1905_leaflet", index=2)
    _number_elements(figure)
    page = figure.render()
    page = page.replace("<html>", f'<html lang="{strings(lang)["html_lang"]}">', 1)
    return assets.check_self_contained(page)


def _walk(element: Element):
    yield element
    for child in list(element._children.values()):
        yield from _walk(child)


def _strip_external_assets(figure: Figure) -> None:
    """Drop folium's CDN scripts and stylesheets: our pages inline what they use instead."""
    for element in _walk(figure):
        if hasattr(element, "default_js"):
            element.default_js = []
            element.default_css = []


def _number_elements(figure: Figure) -> None:
    """Replace folium's random element ids by a counter, so a rebuild gives the same bytes."""
    for counter, element in enumerate(_walk(figure)):
        element._id = f"{counter:04d}"


MAP_CSS = """
html,body{height:100%;margin:0}
.leaflet-container{background:#cfe2ee;font:13px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
.p1905-panel{background:rgba(255,255,255,.94);padding:6px 10px;border-radius:6px;
 box-shadow:0 1px 5px rgba(0,0,0,.35);max-width:320px}
.p1905-panel h1{font-size:15px;margin:0 0 4px}
.p1905-states{border:0;margin:0;padding:0;display:flex;flex-direction:column;gap:2px}
.p1905-states label{cursor:pointer;white-space:nowrap}
.p1905-timeline input{width:100%}
.p1905-links{margin-top:4px;font-size:12px}
.p1905-demands ol{margin:4px 0;padding-left:28px;max-height:50vh;overflow:auto}
.p1905-badge{display:inline-block;padding:0 5px;border-radius:3px;color:#000;font-size:11px}
.p1905-legend-box{background:rgba(255,255,255,.94);padding:4px 8px;border-radius:6px;
 box-shadow:0 1px 5px rgba(0,0,0,.35);max-height:45vh;overflow:auto}
.p1905-legend summary{cursor:pointer;font-weight:600}
.p1905-legend ul{list-style:none;margin:4px 0 0;padding:0}
.p1905-legend li{display:flex;align-items:center;gap:6px;margin:2px 0}
.p1905-label{background:rgba(255,255,255,.9);border:1px solid #333;font-weight:600;box-shadow:none}
.pp h3{margin:0 0 2px;font-size:15px}.pp-alt{color:#555}.pp p{margin:4px 0}
.pp table{border-collapse:collapse;font-size:12px}
.pp th{text-align:left;padding:1px 8px 1px 0;vertical-align:top;color:#444}
.pp-src{font-size:11px;color:#444}
@media (max-width:700px){
 .leaflet-container{font-size:11px}
 .p1905-panel{max-width:210px;padding:4px 6px}.p1905-panel h1{font-size:12px}
 .p1905-states label{white-space:normal}
 .leaflet-control-layers{font-size:11px;max-height:40vh;overflow:auto}
 .leaflet-control-layers-expanded{padding:4px 6px}
 .p1905-legend-box{max-height:30vh}
 .leaflet-popup-content{margin:8px 10px;max-width:230px}
 .leaflet-control-attribution{font-size:9px;max-width:calc(100% - 140px);white-space:normal}
}
"""
"""Our own page style: readable panels, a legend that collapses on narrow screens."""

THAI_CSS = ".leaflet-container,.p1905-panel{font-family:'Noto Sans Thai',system-ui,sans-serif}"
COMPARE_CSS = "@media (max-width:700px){.folium-map{width:100%!important;height:50%!important;left:0!important}" \
    ".folium-map+.folium-map{top:50%!important}}"
