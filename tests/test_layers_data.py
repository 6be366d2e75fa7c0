"""The data itself: sources, dates, shapes, areas and lengths against published figures."""

from __future__ import annotations

import json
import re

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import Point

import geo
from geo import schema
from geo.layers import default_layers_dir
from geo.measure import length_km

EQUAL_AREA = "EPSG:6933"  # NSIDC EASE-Grid 2.0 global: cylindrical equal-area


def area_km2(geometry) -> float:
    return float(gpd.GeoSeries([geometry], crs="EPSG:4326").to_crs(EQUAL_AREA).area.iloc[0] / 1e6)


def feature(layers, feature_id):
    for gdf in layers.values():
        match = gdf[gdf["id"] == feature_id]
        if len(match):
            return match.iloc[0]
    raise KeyError(feature_id)


def test_every_layer_reads_plainly_with_geopandas():
    for name in schema.LAYER_NAMES:
        gdf = gpd.read_file(default_layers_dir() / f"{name}.geojson")
        assert gdf.crs.to_epsg() == 4326, name
        assert len(gdf) > 0, name


def test_files_are_rfc7946(layers):
    for name in layers:
        data = json.loads((default_layers_dir() / f"{name}.geojson").read_text(encoding="utf-8"))
        assert "crs" not in data, name
        for poly in gpd.read_file(default_layers_dir() / f"{name}.geojson").geometry:
            for part in getattr(poly, "geoms", [poly]):
                if part.geom_type == "Polygon":
                    assert part.exterior.is_ccw, f"{name}: exterior ring must be counter-clockwise"


def test_every_feature_cites_a_source_with_a_url(layers):
    for name, gdf in layers.items():
        for fid, source in zip(gdf["id"], gdf["source"], strict=True):
            assert re.search(r"https?://\S+", source), f"{name}/{fid} has no URL in its source"


def test_dates_are_datetimes_and_spans_run_forward(layers):
    for name, gdf in layers.items():
        assert str(gdf["start_date"].dtype).startswith("datetime64"), name
        both = gdf.dropna(subset=["start_date", "end_date"])
        assert (both["end_date"] > both["start_date"]).all(), name


def test_ids_are_unique_across_layers(layers):
    ids = [fid for gdf in layers.values() for fid in gdf["id"]]
    assert len(ids) == len(set(ids))


def test_every_geographic_article_is_reachable(layers):
    articles = {a.strip() for gdf in layers.values() for value in gdf["article"] for a in value.split(",") if a}
    assert {"II", "III", "V", "VI", "IX", "XI"} <= articles


def test_50th_parallel_runs_coast_to_coast(layers):
    line = layers["sakhalin_50n"].geometry.iloc[0]
    island = feature(layers, "sakhalin-russian").geometry
    main = max(island.geoms, key=lambda p: p.area)
    west, east = Point(line.coords[0]), Point(line.coords[-1])
    for end in (west, east):
        assert end.y == pytest.approx(50.0, abs=1e-6)
        assert end.distance(main.exterior) < 0.005, "each end lies on the coast (within ~400 m)"
    # Published width of Sakhalin at 50°N is roughly 130 km (142.2°E to 144.0°E).
    assert 120 < length_km(line) < 140


def test_south_sakhalin_area_matches_karafuto():
    """Karafuto Prefecture: 36,090.3 km² (https://en.wikipedia.org/wiki/Karafuto_Prefecture)."""
    south = geo.load_layer("sakhalin")
    south = south[south["id"] == "sakhalin-south-japanese"].geometry.iloc[0]
    assert area_km2(south) == pytest.approx(36_090.3, rel=0.10)


def test_kwantung_lease_area_matches_published_figure():
    """Kwantung oblast: 2,784 square versts = 3,168 km² with its islands
    (Brockhaus–Efron, 'Квантунская область', https://slovar.cc/enc/brokhauz-efron2/1899132.html)."""
    lease = geo.load_layer("kwantung")
    lease = lease[lease["id"] == "kwantung-japanese-lease"].geometry.iloc[0]
    assert area_km2(lease) == pytest.approx(3_168, rel=0.10)


def test_dalian_changchun_line_matches_published_length():
    """Dalian–Changchun main line: 701.4 km, the Renkyō Line kilometrage
    (https://en.wikipedia.org/wiki/Renky%C5%8D_Line) of the railway whose 1942 station points
    the stations layer uses. The line is drawn station to station through 61 stations and cuts
    the curves between them: 668 km, 4.8 % under (5.2 % under the 1910s figure of 437.6 miles
    = 704.2 km, US Department of Commerce report, c. 1918).
    """
    railway = geo.load_layer("railway")
    line = railway[railway["id"] == "railway-changchun-dalian-japanese"].geometry.iloc[0]
    assert length_km(line) == pytest.approx(701.4, rel=0.05)


@pytest.mark.parametrize(
    ("where", "layer", "before", "after"),
    [
        ((142.77, 46.63), "sakhalin", "russia", "japan"),  # Korsakov, south Sakhalin
        ((142.95, 53.0), "sakhalin", "russia", "russia"),  # north Sakhalin
        ((121.25, 38.85), "kwantung", "russia", "japan"),  # Port Arthur
        ((126.98, 37.57), "polities", "korea", "korea"),  # Seoul: Korea's status changed in November
    ],
)
def test_state_at_gives_the_holder_the_treaty_names(layers, where, layer, before, after):
    point = Point(where)
    for day, expected in (("1905-09-04", before), ("1905-09-05", after)):
        state = geo.state_at(layers[layer], day)
        held = state[(state["status"] != "occupied") & state.geometry.intersects(point.buffer(0.05))]
        assert list(held["controller"]) == [expected], f"{where} on {day}"


def test_japan_occupied_all_sakhalin_before_the_treaty(layers):
    state = geo.state_at(layers["sakhalin"], "1905-09-04")
    occupied = state[state["status"] == "occupied"]
    assert list(occupied["controller"]) == ["japan"]
    assert occupied.geometry.iloc[0].contains(Point(142.95, 53.0))


def test_railway_south_of_changchun_changes_hands(layers):
    stations = layers["stations"].set_index("id").geometry
    mukden, harbin_line = stations["station-mukden"], stations["station-shuangchengpu"]
    for day, at_mukden in (("1905-09-04", "russia"), ("1905-09-05", "japan")):
        state = geo.state_at(layers["railway"], day)
        state = state[state["status"] != "occupied"]  # Japan occupied Mukden's line from March 1905
        assert list(state[state.geometry.intersects(mukden.buffer(1e-6))]["controller"]) == [at_mukden]
        assert list(state[state.geometry.intersects(harbin_line.buffer(1e-6))]["controller"]) == ["russia"]


def test_battles_lie_where_they_were_fought(layers):
    """Naval battles at sea, land battles and sieges on land (Natural Earth coast)."""
    land = shapely.union_all(list(layers["land"].geometry))
    for _, battle in layers["battles"].iterrows():
        on_land = land.buffer(0.02).contains(battle.geometry)
        if battle["kind"] == "naval":
            assert not land.contains(battle.geometry), battle["id"]
        else:
            assert on_land, battle["id"]


def test_battle_facts(layers):
    battles = layers["battles"].set_index("id")
    mukden = battles.loc["battle-mukden"]
    assert mukden["start_date"].date().isoformat() == "1905-02-20"
    assert mukden["victor"] == "japan"
    assert "Kuropatkin" in mukden["commander_russia"]
    tsushima = battles.loc["battle-tsushima"]
    assert tsushima["kind"] == "naval" and tsushima["start_date"].date().isoformat() == "1905-05-27"
    assert str(battles["casualties_russia"].dtype) == "Int64"
    assert battles["start_date"].min().date().isoformat() == "1904-02-08"


def test_derived_layers_are_reproducible(tmp_path):
    """`python -m geo.derive` rewrites the committed layers byte for byte from the coastline."""
    from geo.derive import derive_layers, write_collection

    for name, collection in derive_layers(default_layers_dir()).items():
        write_collection(tmp_path / f"{name}.geojson", collection)
        committed = (default_layers_dir() / f"{name}.geojson").read_bytes()
        assert (tmp_path / f"{name}.geojson").read_bytes() == committed, f"{name}.geojson is stale"
