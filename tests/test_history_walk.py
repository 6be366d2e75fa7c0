"""A walk through the dated events 1875–1945: who held Sakhalin, the lease, the railway and Korea."""

from __future__ import annotations

import itertools

import pandas as pd
import pytest
from shapely.geometry import Point

import geo
from geo.measure import area_km2, length_km

NORTH_SAKHALIN = (142.95, 53.0)
SOUTH_SAKHALIN = (142.77, 46.63)  # Korsakov
PORT_ARTHUR = (121.25, 38.81)  # in the fortress zone
DALNY = (121.63, 38.92)  # outside it, south of the Nanshan neck
JINZHOU = (121.72, 39.09)  # north of the neck
SEOUL = (126.98, 37.57)
STATIONS = {"mukden": "station-mukden", "changchun": "station-kuanchengzi", "port_arthur": "station-port-arthur",
            "tieling": "station-tieling", "siping": "station-siping"}


def holders(layers, layer, where, day):
    """(title holder, occupier) at a point on a day; None where nobody is drawn.

    Where two holders' lines meet at a station both are named, e.g. "japan/russia" at Kuanchengzi.
    """
    state = geo.state_at(layers[layer], day)
    here = state[state.geometry.intersects(Point(where).buffer(1e-4))]
    titles = "/".join(sorted(set(here[here["status"] != "occupied"]["controller"])))
    occupiers = "/".join(sorted(set(here[here["status"] == "occupied"]["controller"])))
    return (titles or None, occupiers or None)


# (title holder, occupier) pairs
RU, JA, KO, NONE = ("russia", None), ("japan", None), ("korea", None), (None, None)
RU_JA = ("russia", "japan")  # Russian title, Japanese occupation
JA_RU = ("japan/russia", None)  # Kuanchengzi: the end of the Russian line and of the Japanese one

# day, Sakhalin north, Sakhalin south, lease at Port Arthur, Dalny, Jinzhou, Korea (Seoul):
# each (title, occupier).
WALK = [
    ("1875-09-01", RU, RU, NONE, NONE, NONE, KO),
    ("1895-06-01", RU, RU, NONE, NONE, NONE, KO),
    ("1898-04-01", RU, RU, RU, RU, RU, KO),
    ("1904-05-28", RU, RU, RU, RU, RU_JA, KO),
    ("1904-06-01", RU, RU, RU, RU_JA, RU_JA, KO),
    ("1905-01-02", RU, RU, RU_JA, RU_JA, RU_JA, KO),
    ("1905-07-31", RU_JA, RU_JA, RU_JA, RU_JA, RU_JA, KO),
    ("1905-09-04", RU_JA, RU_JA, RU_JA, RU_JA, RU_JA, KO),
    ("1905-09-05", RU, JA, JA, JA, JA, KO),
    ("1905-11-17", RU, JA, JA, JA, JA, JA),
    ("1905-12-22", RU, JA, JA, JA, JA, JA),
    ("1910-08-29", RU, JA, JA, JA, JA, JA),
    ("1921-01-01", RU_JA, JA, JA, JA, JA, JA),
    ("1945-09-10", RU, NONE, NONE, NONE, NONE, NONE),
]


@pytest.mark.parametrize(("day", "north", "south", "fortress", "dalny", "jinzhou", "korea"), WALK,
                         ids=[w[0] for w in WALK])
def test_who_held_the_treaty_lands(layers, day, north, south, fortress, dalny, jinzhou, korea):
    assert holders(layers, "sakhalin", NORTH_SAKHALIN, day) == north
    assert holders(layers, "sakhalin", SOUTH_SAKHALIN, day) == south
    assert holders(layers, "kwantung", PORT_ARTHUR, day) == fortress
    assert holders(layers, "kwantung", DALNY, day) == dalny
    assert holders(layers, "kwantung", JINZHOU, day) == jinzhou
    assert holders(layers, "polities", SEOUL, day) == korea


# day, railway at Mukden, Changchun (Kuanchengzi), Port Arthur, Tieling, Siping: (title, occupier).
RAILWAY_WALK = [
    ("1904-05-01", RU, RU, RU, RU, RU),
    ("1904-09-05", RU, RU, RU, RU, RU),
    ("1905-01-02", RU, RU, RU_JA, RU, RU),
    ("1905-03-10", RU_JA, RU, RU_JA, RU, RU),
    ("1905-09-04", RU_JA, RU, RU_JA, RU_JA, RU),
    ("1905-09-05", JA, JA_RU, JA, JA, JA),
    ("1945-09-10", NONE, NONE, NONE, NONE, NONE),
]


@pytest.mark.parametrize(("day", *STATIONS), RAILWAY_WALK, ids=[w[0] for w in RAILWAY_WALK])
def test_who_held_the_railway(layers, day, mukden, changchun, port_arthur, tieling, siping):
    stations = layers["stations"].set_index("id").geometry
    expected = dict(zip(STATIONS, (mukden, changchun, port_arthur, tieling, siping), strict=True))
    for key, station in STATIONS.items():
        assert holders(layers, "railway", stations[station], day) == expected[key], f"{key} on {day}"


def test_railway_south_of_the_front_was_japanese_on_the_eve_of_the_treaty(layers):
    """On 4 September 1905 Japan held the line from Port Arthur to Changtu, south of Sipingkai."""
    state = geo.state_at(layers["railway"], "1905-09-04")
    occupied = state[state["status"] == "occupied"].geometry.union_all()
    stations = layers["stations"].set_index("id").geometry
    for held in ("station-dalny", "station-liaoyang", "station-mukden", "station-tieling", "station-changtu",
                 "station-yingkou", "station-port-arthur"):
        assert occupied.distance(stations[held]) < 1e-6, held
    for free in ("station-siping", "station-gongzhuling", "station-kuanchengzi"):
        assert occupied.distance(stations[free]) > 0.05, free


def test_manchuria_occupied_from_1900_and_evacuated(layers):
    mukden, harbin = Point(123.39, 41.79), Point(126.63, 45.75)
    assert holders(layers, "polities", mukden, "1899-01-01") == ("china", None)
    assert holders(layers, "polities", mukden, "1901-01-01") == ("china", "russia")
    assert holders(layers, "polities", mukden, "1905-06-01") == ("china", "japan")
    assert holders(layers, "polities", harbin, "1905-06-01") == ("china", "russia")
    assert holders(layers, "polities", harbin, "1907-05-01") == ("china", None)
    assert holders(layers, "polities", mukden, "1933-01-01") == ("china", "japan")


@pytest.mark.parametrize(
    ("where", "day", "expected"),
    [
        ((120.96, 23.70), "1894-01-01", ("china", None)),  # Taiwan
        ((120.96, 23.70), "1896-01-01", ("japan", None)),
        ((119.58, 23.57), "1895-04-01", ("china", "japan")),  # Pescadores, occupied before the peace
        ((150.0, 45.9), "1870-01-01", ("russia", None)),  # Urup
        ((150.0, 45.9), "1876-01-01", ("japan", None)),
        ((147.9, 45.0), "1870-01-01", ("japan", None)),  # Iturup
        # 1945: Soviet forces took the Kurils from 18 August, Urup's garrison last of the northern group
        # (31 August), the four southern islands from 28 August to 5 September.
        ((155.8, 50.4), "1945-08-17", ("japan", None)),  # Paramushir
        ((150.0, 45.9), "1945-08-30", ("japan", None)),
        ((150.0, 45.9), "1945-08-31", (None, None)),
        ((147.9, 45.0), "1945-09-04", ("japan", None)),
        ((147.9, 45.0), "1945-09-05", (None, None)),
        # Korea: the Government-General surrendered in Seoul on 9 September 1945.
        ((126.98, 37.57), "1945-09-08", ("japan", None)),
        ((126.98, 37.57), "1945-09-09", (None, None)),
        ((132.1, 43.4), "1905-09-05", ("russia", None)),  # Primorye, north of Vladivostok
        ((106.9, 47.9), "1905-09-05", ("china", None)),  # Urga (Ulaanbaatar)
        ((106.9, 47.9), "1913-01-01", (None, None)),
        ((121.25, 38.81), "1895-06-01", ("china", None)),  # Port Arthur before the lease
    ],
)
def test_polities_of_the_time(layers, where, day, expected):
    assert holders(layers, "polities", Point(where), day) == expected


DAYS = ["1875-09-01", "1895-04-01", "1898-04-01", "1900-10-01", "1904-05-28", "1904-06-15", "1905-01-02",
        "1905-03-16", "1905-07-31", "1905-09-04", "1905-09-05", "1905-11-17", "1905-12-22", "1907-04-15",
        "1910-08-29", "1912-02-12", "1921-01-01", "1931-09-19", "1945-08-20"]


@pytest.mark.parametrize("layer", ["polities", "sakhalin", "kwantung", "railway"])
def test_no_place_has_two_holders_on_one_day(layers, layer):
    """On each day of the walk, at most one title holder and one occupier anywhere in a layer.

    Overlaps from rounding and from simplifying neighbours apart (polities: ~1 km along borders) are
    ignored below 1 km (lines) or 1 km² or 0.01 % of the smaller shape (areas).
    """
    for day in DAYS:
        state = geo.state_at(layers[layer], day)
        for status_is_occupied in (False, True):
            same = state[(state["status"] == "occupied") == status_is_occupied]
            for (_, a), (_, b) in itertools.combinations(same.iterrows(), 2):
                overlap = a.geometry.intersection(b.geometry)
                if a.geometry.geom_type.endswith("Polygon"):
                    size = area_km2(overlap)
                    allowed = max(1.0, 1e-4 * min(area_km2(a.geometry), area_km2(b.geometry)))
                else:
                    size, allowed = length_km(overlap), 1.0
                assert size < allowed, f"{layer} on {day}: {a['id']} and {b['id']} overlap ({size:.1f})"


def test_polities_leave_sakhalin_and_the_lease_to_their_layers(layers):
    """No polity overlaps Sakhalin or the lease while those layers hold them."""
    far, near = pd.Timestamp.max, pd.Timestamp.min
    for layer in ("sakhalin", "kwantung"):
        for _, own in layers[layer].iterrows():
            for _, polity in layers["polities"].iterrows():
                starts = max(own["start_date"] if pd.notna(own["start_date"]) else near,
                             polity["start_date"] if pd.notna(polity["start_date"]) else near)
                ends = min(own["end_date"] if pd.notna(own["end_date"]) else far,
                           polity["end_date"] if pd.notna(polity["end_date"]) else far)
                if starts < ends:
                    assert area_km2(polity.geometry.intersection(own.geometry)) < 1, (own["id"], polity["id"])


@pytest.mark.parametrize("lang, eulsa, portsmouth", [
    ("en", "Japan–Korea Treaty of 1905 (Eulsa Treaty)", "Treaty of Portsmouth, Article II"),
    ("th", "สนธิสัญญาญี่ปุ่น–เกาหลี ค.ศ. 1905 (สนธิสัญญาอึลซา)", "สนธิสัญญาพอร์ตสมัธ มาตรา 2"),
])
def test_a_stop_under_another_treaty_says_which_treaty_its_article_belongs_to(lang, eulsa, portsmouth):
    """17 Nov 1905 is the Eulsa Treaty's stop: the article it concerns is Portsmouth's Article II, and
    the stop says so rather than 'Eulsa Treaty, Article II'; the Korea line cites it by name too."""
    from geo.catalogue import MAPS
    from geo.maps import prepare
    from geo.stops import stops

    data = prepare(geo.load_layers())
    explorer = next(spec for spec in MAPS if spec.name == "explorer")
    by_day = {s["day"]: s for s in stops(explorer, data, lang, ["polities"])}
    stop = by_day["1905-11-17"]
    assert stop["treaty"].startswith(f"{eulsa}; ") and stop["treaty"].endswith(portsmouth), stop["treaty"]
    lines = [line for change in stop["changes"] for line in change["lines"]]
    assert [line for line in lines if portsmouth in line], lines
    assert by_day["1905-12-22"]["treaty"].count("Portsmouth" if lang == "en" else "พอร์ตสมัธ") == 1
    assert by_day["1905-09-05"]["treaty"] == ("Treaty of Portsmouth, Article XV" if lang == "en"
                                              else "สนธิสัญญาพอร์ตสมัธ มาตรา 15"), "as each language writes it"
    evacuated = by_day["1907-04-15"]["treaty"]  # the additional article is named once
    assert evacuated.count("Additional Article I" if lang == "en" else "ข้อบทเพิ่มเติมที่ 1") == 1, evacuated
