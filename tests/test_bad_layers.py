"""Broken layers and outputs: one clear line naming file, feature and problem; exit 2; maps untouched."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import warnings
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import geo.geometry
import geo.properties
from geo import schema
from geo.build import main
from geo.errors import LayerError
from geo.layers import LayerWarning, default_layers_dir, load_layers, read_layer_file

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).resolve().parent / "bad_layers"

EXPECTED = {
    # case: (problem, feature id, field); each file stands in for stations.geojson unless LAYER says otherwise
    "invalid_json": ("invalid JSON", None, None),
    "not_a_collection": ("not a GeoJSON FeatureCollection", None, None),
    "missing_field": ("missing required field", "station-harbin", "source"),
    "bad_date": ("not a real date", "station-harbin", "start_date"),
    "end_before_start": ("on or before it starts", "station-harbin", "end_date"),
    "unknown_controller": ("unknown controller 'atlantis'", "station-harbin", "controller"),
    "invalid_geometry": ("invalid geometry: Self-intersection", "station-harbin", "geometry"),
    "empty_geometry": ("empty geometry", "station-harbin", "geometry"),
    "out_of_range": ("outside ±180° longitude", "station-harbin", "geometry"),
    "swapped_lat_lon": ("looks like [latitude, longitude]", "station-harbin", "geometry"),
    "projected_crs": ("projected or non-WGS84 CRS", None, None),
    "projected_coordinates": ("looks projected", "station-harbin", "geometry"),
    "empty_file": ("file is empty", None, None),
    "no_source_url": ("must cite at least one http(s) URL", "station-harbin", "source"),
    "source_url_unparsable": ("'http://[::1' is not a valid URL", "station-harbin", "source"),
    "coordinate_1e400": ("looks projected", "station-harbin", "geometry"),
    "point_nested_900": ("a Point's coordinates must be arrays nested 1 deep", "station-harbin", "geometry"),
    "casualties_1e20": ("100000000000000000000 is larger than 1,000,000,000", "battle-mukden", "casualties_japan"),
    "battle_without_start": ("needs both a start_date and an end_date", "battle-mukden", "start_date"),
    "battle_without_end": ("needs both a start_date and an end_date", "battle-mukden", "end_date"),
    "battle_polygon": ("a Polygon; this layer takes Point geometry only", "battle-mukden", "geometry"),
    "places_empty": ("has no features; the maps need at least one", None, None),
}
LAYER = {"casualties_1e20": "battles", "battle_without_start": "battles", "battle_without_end": "battles",
         "battle_polygon": "battles", "places_empty": "places"}
BUILD_ONLY = {"places_empty"}
"""Cases the loader accepts (the layer is valid) but the maps cannot be built from."""


def layers_with(tmp_path: Path, bad_file: Path, name: str = "stations") -> Path:
    """A copy of the shipped layers with one file replaced by a broken one."""
    folder = tmp_path / "layers"
    shutil.copytree(default_layers_dir(), folder, ignore=shutil.ignore_patterns("*.md", "__pycache__"))
    shutil.copy(bad_file, folder / f"{name}.geojson")
    return folder


def test_the_corpus_covers_every_case():
    assert {p.stem for p in CORPUS.glob("*.geojson")} == set(EXPECTED)


@pytest.mark.parametrize("case", sorted(set(EXPECTED) - BUILD_ONLY))
def test_loader_names_file_feature_and_problem(tmp_path, case):
    problem, feature_id, field = EXPECTED[case]
    layer = LAYER.get(case, "stations")
    folder = layers_with(tmp_path, CORPUS / f"{case}.geojson", layer)
    with pytest.raises(LayerError) as caught:
        load_layers(folder)
    message = str(caught.value)
    assert f"{layer}.geojson" in message
    assert problem in message
    if feature_id:
        assert "feature #0" in message and feature_id in message
    if field:
        assert caught.value.field == field


def run_build(capsys, *args: str) -> tuple[int, list[str], str]:
    """build_maps.py's main in this process: (exit code, stderr lines, stdout)."""
    code = main(["--lang", "en", "--jobs", "1", *args])
    captured = capsys.readouterr()
    return code, captured.err.splitlines(), captured.out


def assert_one_line(code: int, lines: list[str], *fragments: str) -> None:
    assert code == 2
    assert len(lines) == 1 and lines[0].startswith("error: "), lines
    for fragment in fragments:
        assert fragment in lines[0]


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_the_command_ends_in_exit_2_and_one_line(tmp_path, capsys, case):
    problem, feature_id, field = EXPECTED[case]
    layer = LAYER.get(case, "stations")
    folder = layers_with(tmp_path, CORPUS / f"{case}.geojson", layer)
    code, lines, out = run_build(capsys, "--layers", str(folder), "--out", str(tmp_path / "maps"))
    assert_one_line(code, lines, f"{layer}.geojson", problem, *[f"id {feature_id!r}"] * bool(feature_id),
                    *[f"field {field!r}"] * bool(field))
    assert "built " not in out, "nothing was rendered"
    assert not (tmp_path / "maps").exists(), "a first build that fails leaves no folder behind"


def edit_layer(folder: Path, name: str, change) -> None:
    path = folder / f"{name}.geojson"
    path.write_text(json.dumps(change(json.loads(path.read_text(encoding="utf-8")))), encoding="utf-8")


def test_json_nested_100k_deep(tmp_path, capsys):
    folder = layers_with(tmp_path, CORPUS / "invalid_json.geojson")
    (folder / "stations.geojson").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    code, lines, _ = run_build(capsys, "--layers", str(folder), "--out", str(tmp_path / "maps"))
    assert_one_line(code, lines, "stations.geojson", "nested too deeply")


def test_a_missing_layer_the_maps_need(tmp_path, capsys):
    folder = layers_with(tmp_path, CORPUS / "invalid_json.geojson")
    (folder / "stations.geojson").unlink()
    code, lines, _ = run_build(capsys, "--layers", str(folder), "--out", str(tmp_path / "maps"))
    assert_one_line(code, lines, "stations.geojson", "missing: the maps need this layer")


def test_a_feature_the_demands_name_removed(tmp_path, capsys):
    folder = layers_with(tmp_path, CORPUS / "invalid_json.geojson")
    shutil.copy(default_layers_dir() / "stations.geojson", folder / "stations.geojson")

    def drop_lease(layer):
        layer["features"] = [f for f in layer["features"] if f["properties"]["id"] != "kwantung-japanese-lease"]
        return layer

    edit_layer(folder, "kwantung", drop_lease)
    code, lines, _ = run_build(capsys, "--layers", str(folder), "--out", str(tmp_path / "maps"))
    assert_one_line(code, lines, "demands.json", "'kwantung-japanese-lease'", "'demand-lease'", "field 'given'")


def test_too_many_features_in_a_layer(tmp_path, capsys):
    folder = layers_with(tmp_path, CORPUS / "invalid_json.geojson")
    harbin = json.loads((CORPUS / "bad_date.geojson").read_text(encoding="utf-8"))["features"][0]
    harbin["properties"]["start_date"] = ""
    features = [dict(harbin, properties={**harbin["properties"], "id": f"s-{i}"}) for i in range(5_001)]
    (folder / "stations.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    code, lines, _ = run_build(capsys, "--layers", str(folder), "--out", str(tmp_path / "maps"))
    assert_one_line(code, lines, "stations.geojson", "5,001 features; a layer may have at most 5,000")


@pytest.mark.parametrize(("per_feature", "features"), [(42_001, 1), (15_000, 3)])
def test_too_many_vertices_in_a_layer(tmp_path, capsys, monkeypatch, per_feature, features):
    """One feature past the cap, or several that pass it together (the cap lowered to 42,000,
    just above the largest shipped layer, the polities)."""
    monkeypatch.setattr(schema, "MAX_VERTICES_PER_LAYER", 42_000)
    folder = layers_with(tmp_path, CORPUS / "invalid_json.geojson")
    harbin = json.loads((CORPUS / "bad_date.geojson").read_text(encoding="utf-8"))["features"][0]
    harbin["properties"]["start_date"] = ""
    points = [[120 + i / 10_000, 40.0] for i in range(per_feature)]
    cloud = [dict(harbin, properties={**harbin["properties"], "id": f"s-{i}"},
                  geometry={"type": "MultiPoint", "coordinates": points}) for i in range(features)]
    (folder / "stations.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": cloud}))
    code, lines, _ = run_build(capsys, "--layers", str(folder), "--out", str(tmp_path / "maps"))
    assert_one_line(code, lines, "stations.geojson", f"s-{features - 1}", "field 'geometry'", "42,000")


def test_duplicate_ids_across_layers_are_refused(tmp_path):
    folder = tmp_path / "layers"
    shutil.copytree(default_layers_dir(), folder, ignore=shutil.ignore_patterns("*.md", "__pycache__"))
    places = json.loads((folder / "places.geojson").read_text(encoding="utf-8"))
    places["features"][0]["properties"]["id"] = "battle-mukden"
    (folder / "places.geojson").write_text(json.dumps(places), encoding="utf-8")
    with pytest.raises(LayerError, match=r"duplicate id: 'battle-mukden' is also in battles.geojson"):
        load_layers(folder)


def test_huge_file_is_refused_before_parsing(tmp_path):
    huge = tmp_path / "stations.geojson"
    with huge.open("w") as out:
        out.write('{"type": "FeatureCollection", "features": []}')
        out.write(" " * (51 * 1024 * 1024))
    with pytest.raises(LayerError, match="layers are limited to"):
        read_layer_file(huge)


def test_sloppy_rings_are_mended_with_a_warning(tmp_path):
    sakhalin = json.loads((default_layers_dir() / "sakhalin_50n.geojson").read_text(encoding="utf-8"))
    square = {"type": "Polygon", "coordinates": [[[142, 46], [142, 47], [143, 47], [143, 46]]]}  # open, clockwise
    feature = dict(sakhalin["features"][0], geometry=square)
    path = tmp_path / "sakhalin_50n.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}), encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        gdf = read_layer_file(path)
    messages = " ".join(str(w.message) for w in caught if issubclass(w.category, LayerWarning))
    assert "open rings closed" in messages and "rewound" in messages
    assert gdf.geometry.iloc[0].exterior.is_ccw


def test_build_exits_2_with_one_line_and_leaves_maps_untouched(tmp_path):
    """The command in its own process, over maps already built."""
    out = tmp_path / "maps"
    good = subprocess.run([sys.executable, "build_maps.py", "--out", str(out), "--lang", "en"],
                          cwd=ROOT, capture_output=True, text=True, check=False)
    assert good.returncode == 0, good.stderr
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    folder = layers_with(tmp_path, CORPUS / "end_before_start.geojson")
    bad = subprocess.run([sys.executable, "build_maps.py", "--layers", str(folder), "--out", str(out)],
                         cwd=ROOT, capture_output=True, text=True, check=False)
    assert bad.returncode == 2
    assert "Traceback" not in bad.stderr
    first = bad.stderr.splitlines()[0]
    assert first.startswith("error: ") and "stations.geojson" in first and "station-harbin" in first
    assert len(bad.stderr.splitlines()) == 1
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert not list(tmp_path.glob(".maps-*")) and not list((out / ".builds").glob(".staging-*")), \
        "no staging folder is left behind"


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)


def _feature(props, geometry):
    return {"type": "Feature", "properties": props, "geometry": geometry}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    props=st.dictionaries(
        st.sampled_from(["id", "name", "name_th", "kind", "start_date", "end_date", "controller", "source"]),
        JSON_VALUES, max_size=8),
    geometry=JSON_VALUES,
    top=JSON_VALUES,
)
def test_junk_never_escapes_as_anything_but_a_layer_error(tmp_path, props, geometry, top):
    path = tmp_path / "stations.geojson"
    for document in (top, {"type": "FeatureCollection", "features": [_feature(props, geometry)]}):
        path.write_text(json.dumps(document), encoding="utf-8")
        try:
            read_layer_file(path)
        except LayerError as exc:
            assert str(exc).startswith(str(path))


CHECKS = {
    geo.properties: ("_common_fields", "_check_id_and_kind", "_dates", "_check_values", "_check_extra",
                     "check_geometry"),
    geo.geometry: ("_positions", "_close_rings"),
}
"""Every check a feature passes through, by the module that calls it."""

MUTATED_FIELDS = [*schema.COMMON_FIELDS, *schema.EXTRA_FIELDS["battles"], *schema.EXTRA_FIELDS["stations"]]


PLAUSIBLE_TEXT = ["", "1905-02-30", "1905-9-5", "Harbin", "atlantis", "VX, I", "http://[::1"]
"""Near misses: a bad day, a badly written day, an unknown value, a bad article, an unparsable URL."""
PLAUSIBLE_GEOMETRY = [{"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [0, 0]]]},
                      {"type": "Polygon", "coordinates": [[[0, 0], [0, 1], [1, 1], [1, 0]]]},
                      {"type": "Point", "coordinates": [[142, 50]]}]
"""Near misses: a ring too short, an open clockwise ring (mended), a point nested too deep."""
JUNK_GEOMETRY = st.fixed_dictionaries({"type": st.sampled_from(sorted(schema.GEOMETRY_TYPES)),
                                       "coordinates": JSON_VALUES})


def _real_feature(layer: str) -> dict:
    return json.loads((default_layers_dir() / f"{layer}.geojson").read_text(encoding="utf-8"))["features"][0]


@settings(max_examples=400, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(layer=st.sampled_from(["battles", "stations", "sakhalin"]), drop=st.booleans(), mutation=st.one_of(
    st.tuples(st.sampled_from(MUTATED_FIELDS), JSON_VALUES | st.sampled_from(PLAUSIBLE_TEXT)),
    st.tuples(st.just("geometry"), JSON_VALUES | JUNK_GEOMETRY | st.sampled_from(PLAUSIBLE_GEOMETRY))))
def _one_field_of_a_real_feature_made_junk(tmp_path_factory, layer, drop, mutation):
    """A real feature with one field replaced by junk (or removed): read, or refused with a LayerError."""
    field, junk = mutation
    feature = _real_feature(layer)
    target = feature if field == "geometry" else feature["properties"]
    if drop:
        target.pop(field, None)
    else:
        target[field] = junk
    path = tmp_path_factory.mktemp("fuzz") / f"{layer}.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}), encoding="utf-8")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", LayerWarning)
            read_layer_file(path)
    except LayerError as exc:
        assert str(exc).startswith(str(path))


def test_fuzzing_one_field_at_a_time_reaches_and_trips_every_check(monkeypatch, tmp_path_factory):
    """Measured, not hoped: each check is called, and each refuses something, in the fuzz run."""
    reached: Counter[str] = Counter()
    refused: Counter[str] = Counter()

    def counting(name, check):
        def counted(*args, **kwargs):
            reached[name] += 1
            try:
                return check(*args, **kwargs)
            except LayerError:
                refused[name] += 1
                raise
        return counted

    for module, names in CHECKS.items():
        for name in names:
            monkeypatch.setattr(module, name, counting(name, getattr(module, name)))
    _one_field_of_a_real_feature_made_junk(tmp_path_factory)
    names = [name for group in CHECKS.values() for name in group]
    assert [n for n in names if not reached[n]] == [], "checks the fuzz run never reached"
    assert [n for n in names if not refused[n]] == [], "checks that never refused anything in the fuzz run"


def test_a_station_on_a_line_the_railway_does_not_draw_is_refused(tmp_path):
    feature = _real_feature("stations")
    feature["properties"]["line"] = "changchun-dalien"  # a typo would drop the station from the railway
    path = tmp_path / "stations.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}), encoding="utf-8")
    with pytest.raises(LayerError, match="unknown line 'changchun-dalien'") as caught:
        read_layer_file(path)
    assert caught.value.field == "line"
