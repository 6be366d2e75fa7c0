"""The page's geometry encoding (geo/encoding.py): exact on the map's grid, within half a grid cell off it."""

from __future__ import annotations

import pytest
import shapely
from hypothesis import given
from hypothesis import strategies as st

from geo import encoding
from geo.catalogue import MAPS
from geo.mapdata import grid
from geo.pagedata import margin_frame

longitudes = st.floats(min_value=-180, max_value=180, allow_nan=False)
latitudes = st.floats(min_value=-90, max_value=90, allow_nan=False)
runs = st.lists(st.tuples(longitudes, latitudes), min_size=1, max_size=40)


def test_the_published_encoded_polyline_example():
    """The algorithm's own example (positions given latitude first there), five decimals."""
    positions = [(38.5, -120.2), (40.7, -120.95), (43.252, -126.453)]
    assert encoding.encode_positions(positions, 5) == "_p~iF~ps|U_ulLnnqC_mqNvxq`@"


@given(runs, st.integers(min_value=0, max_value=encoding.MAX_DIGITS))
def test_a_run_comes_back_within_half_a_grid_cell(positions, places):
    decoded = encoding.decode_positions(encoding.encode_positions(positions, places), places)
    assert len(decoded) == len(positions)
    for (x, y), (dx, dy) in zip(positions, decoded, strict=True):
        assert abs(x - dx) <= 0.5 * 10 ** -places + 1e-9 and abs(y - dy) <= 0.5 * 10 ** -places + 1e-9


@given(st.lists(st.tuples(st.integers(-180_000, 180_000), st.integers(-90_000, 90_000)), min_size=1, max_size=40))
def test_positions_on_the_grid_come_back_exactly(cells):
    """Every digit the grid keeps survives: 142.123 is 142.123 again, not 142.12 or 142.1230001."""
    positions = [(x / 1000, y / 1000) for x, y in cells]
    assert encoding.decode_positions(encoding.encode_positions(positions, 3), 3) == positions


@pytest.mark.parametrize("spec", MAPS, ids=lambda spec: spec.name)
def test_south_sakhalin_as_each_map_draws_it_comes_back_exactly(layers, map_data, spec):
    south = layers["sakhalin"].set_index("id").loc["sakhalin-south-japanese"].geometry
    drawn = map_data.on_screen(spec, "sakhalin-south-japanese", south, margin_frame(spec))
    if drawn.is_empty:
        pytest.skip("south Sakhalin is outside this map's frame")
    places = encoding.digits(grid(spec.tolerance))
    decoded = encoding.decode_geometry(encoding.encode_geometry(drawn, places), places)
    assert decoded.geom_type == drawn.geom_type
    assert shapely.get_coordinates(decoded).tolist() == shapely.get_coordinates(drawn).round(places).tolist()
    assert decoded.area == pytest.approx(drawn.area, rel=1e-9)


def test_every_geometry_type_keeps_its_shape():
    shapes = [
        shapely.Point(142.5, 46.25),
        shapely.MultiPoint([(1, 2), (3.5, -4)]),
        shapely.LineString([(120.1, 40.2), (121.3, 39.9)]),
        shapely.MultiLineString([[(0, 0), (1, 1)], [(2, 2), (3, -3)]]),
        shapely.Polygon([(0, 0), (4, 0), (4, 4), (0, 0)], [[(1, 0.5), (3, 0.5), (3, 2.5), (1, 0.5)]]),
        shapely.MultiPolygon([shapely.box(0, 0, 1, 1), shapely.box(2, 2, 3, 3)]),
        shapely.GeometryCollection([shapely.Point(1, 1), shapely.LineString([(0, 0), (1, 2)])]),
    ]
    for shape in shapes:
        encoded = encoding.encode_geometry(shape, 3)
        assert encoding.decode_geometry(encoded, 3).equals_exact(shape, 1e-12), shape.geom_type


def test_a_grid_the_decoder_cannot_read_is_refused():
    assert encoding.digits(0.001) == 3
    for bad in (0.002, 1e-7, 10.0):
        with pytest.raises(ValueError, match="power of ten"):
            encoding.digits(bad)
