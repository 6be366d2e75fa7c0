"""Derived shapes against Natural Earth: land and sea worldwide, Korea's frontier, Manchuria."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from pyproj import Geod
from shapely.geometry import Point

from geo.measure import area_km2

WGS84 = Geod(ellps="WGS84")


@pytest.fixture(scope="module")
def land(layers):
    return shapely.union_all(list(layers["land"].geometry))


@pytest.mark.parametrize(
    ("place", "where", "is_land"),
    [
        ("Murmansk", (33.08, 68.97), True),
        ("La Paz", (-68.15, -16.50), True),
        ("Norwegian Sea", (2.0, 68.0), False),
        ("Pacific at the equator", (-150.0, 0.0), False),
        ("Pacific at 16.5°S", (-140.0, -16.5), False),
        ("Coral Sea at 16.5°S", (155.0, -16.5), False),
        ("Chukchi Sea", (-175.0, 67.5), False),
        ("Bering Sea", (-175.0, 60.0), False),
        ("Chukotka west of 180°", (175.0, 67.0), True),
        ("Chukotka east of 180°", (-172.5, 65.8), True),
        ("Wrangel Island west of 180°", (179.7, 71.2), True),
        ("Wrangel Island east of 180°", (-179.5, 71.3), True),
        ("Viti Levu, Fiji", (178.0, -17.8), True),
        ("Vanua Levu, Fiji", (179.3, -16.6), True),
        ("Yakutia at 65.5°N", (120.0, 65.5), True),
        ("Antarctica", (0.0, -80.0), True),
    ],
)
def test_land_and_sea_worldwide(land, place, where, is_land):
    """No phantom bands where Natural Earth rings cross ±180° (they covered the sea at 65–71°N and 16.5°S)."""
    assert land.contains(Point(where)) is is_land, place


def test_bering_fishing_coast_has_no_straight_cut(layers):
    """The coast follows the shore: no segment longer than 50 km (a 628 km chord once crossed the sea)."""
    coast = layers["places"].set_index("id").geometry["coast-bering-sea"]
    longest = 0.0
    for line in getattr(coast, "geoms", [coast]):
        xy = np.asarray(line.coords)
        longest = max(longest, WGS84.inv(xy[:-1, 0], xy[:-1, 1], xy[1:, 0], xy[1:, 1])[2].max() / 1000)
    assert longest < 50


@pytest.mark.parametrize(
    ("place", "where", "in_korea"),
    [
        ("Sinuiju", (124.39, 40.10), True),
        ("Hyesan", (128.17, 41.39), True),
        ("the Yalu bend at Chunggang", (126.90, 41.70), True),
        ("the Onsong loop", (129.99, 42.96), True),
        ("Dandong", (124.39, 40.13), False),
        ("Yanji", (129.51, 42.89), False),
        ("Longjing", (129.42, 42.77), False),
        ("Ji'an", (126.19, 41.13), False),
    ],
)
def test_korea_frontier_follows_the_yalu_and_the_tumen(layers, place, where, in_korea):
    polities = layers["polities"].set_index("id").geometry
    korea, manchuria = polities["korea-empire"], polities["manchuria-qing"]
    assert korea.contains(Point(where)) is in_korea, place
    assert manchuria.contains(Point(where)) is not in_korea, place


def test_korea_area_matches_the_peninsula(layers):
    """Korean peninsula: North 120,540 km² + South 100,210 km² = 220,750 km²
    (https://en.wikipedia.org/wiki/Korean_Peninsula)."""
    korea = layers["polities"].set_index("id").geometry["korea-empire"]
    assert area_km2(korea) == pytest.approx(220_750, rel=0.02)


def test_manchuria_is_the_three_provinces_less_the_lease(layers):
    """Liaoning 148,000 + Jilin 187,400 + Heilongjiang 473,000 km², with Hulunbuir (253,000 km²)
    under Heilongjiang in 1905: about 1,061,000 km² (https://en.wikipedia.org/wiki/Northeast_China)."""
    area = layers["places"].set_index("id").geometry["manchuria-evacuation"]
    lease = layers["kwantung"].set_index("id").geometry["kwantung-russian-lease"]
    assert area_km2(area) == pytest.approx(1_061_000, rel=0.10)
    for city in ((123.39, 41.79), (126.55, 43.84), (126.63, 45.75), (119.76, 49.21)):  # Mukden, Jilin, Harbin, Hailar
        assert area.contains(Point(city))
    assert not area.intersects(lease.buffer(-0.01))
    assert not area.contains(Point(116.40, 39.90))  # Beijing
