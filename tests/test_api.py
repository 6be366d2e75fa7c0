"""The analyst's API: layer paths from the package, strict days, frames from plain GeoPandas."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import sysconfig
from datetime import date, datetime

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
from geopandas.testing import assert_geodataframe_equal

import geo
from geo.errors import DayError


def test_dir_shows_the_public_api():
    shown = dir(geo)
    for name in ("layer_path", "load_layer", "state_at", "changes_between", "parse_day", "DayError", "__version__"):
        assert name in shown and name in geo.__all__
    assert all(hasattr(geo, name) for name in geo.__all__)
    assert geo.__version__.count(".") == 2


def test_layer_path_reads_from_any_folder(tmp_path):
    script = (
        "import geopandas as gpd, geo;"
        "frame = gpd.read_file(geo.layer_path('battles'));"
        "print(len(frame), geo.layer_path('battles').is_absolute())"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert done.stdout.split() == [str(len(geo.load_layer("battles"))), "True"]


def test_layer_path_names_the_known_layers_for_an_unknown_one():
    with pytest.raises(geo.LayerError, match="known: land, polities, sakhalin"):
        geo.layer_path("sakhalinn")


@pytest.mark.parametrize(
    ("value", "day"),
    [
        ("1905-09-05", date(1905, 9, 5)),
        (date(1905, 9, 5), date(1905, 9, 5)),
        (datetime(1905, 9, 5, 23, 59), date(1905, 9, 5)),
        (pd.Timestamp("1905-09-05"), date(1905, 9, 5)),
        (pd.Timestamp("1905-09-05 02:00", tz="Asia/Tokyo"), date(1905, 9, 4)),  # 4 September, 17:00 UTC
    ],
)
def test_a_day_is_read_from_iso_text_dates_and_timestamps(value, day):
    assert geo.parse_day(value) == day


@pytest.mark.parametrize("value", [1905, 1905.0, "05/09/1905", "1905-9-5", "1905-13-01", "1905-09-05T00:00", None,
                                   pd.NaT, b"1905-09-05"])
def test_anything_else_is_refused_by_name(value):
    with pytest.raises(DayError) as refused:
        geo.parse_day(value)
    assert repr(value) in str(refused.value)
    assert isinstance(refused.value, ValueError)


@pytest.mark.parametrize("value", [1905, "05/09/1905", None])
def test_state_at_and_changes_between_refuse_what_is_not_a_day(value):
    sakhalin = geo.load_layer("sakhalin")
    with pytest.raises(DayError, match="is not a"):
        geo.state_at(sakhalin, value)
    with pytest.raises(DayError, match="is not a"):
        geo.changes_between("1905-09-04", value)


def test_state_at_gives_the_same_answer_on_a_frame_read_plainly():
    for name in geo.layer_names():
        plain = gpd.read_file(geo.layer_path(name))
        as_text = plain.assign(start_date=plain["start_date"].astype(str).replace("NaT", ""),
                               end_date=plain["end_date"].astype(str).replace("NaT", ""))
        for day in ("1875-08-22", "1905-09-04", "1905-09-05", "1945-08-01"):
            expected = list(geo.state_at(geo.load_layer(name), day)["id"])
            assert list(geo.state_at(plain, day)["id"]) == expected, (name, day)
            assert list(geo.state_at(as_text, day)["id"]) == expected, (name, day)


def test_the_treaty_day_gives_the_same_state_whatever_form_it_takes():
    sakhalin = geo.load_layer("sakhalin")
    forms = ["1905-09-05", date(1905, 9, 5), datetime(1905, 9, 5, 12), pd.Timestamp("1905-09-05")]
    answers = {tuple(geo.state_at(sakhalin, form)["id"]) for form in forms}
    assert answers == {("sakhalin-north-russian", "sakhalin-south-japanese")}


def test_open_dates_are_null_on_disk():
    for name in geo.layer_names():
        features = json.loads(geo.layer_path(name).read_text(encoding="utf-8"))["features"]
        for feature in features:
            for field in ("start_date", "end_date"):
                value = feature["properties"][field]
                assert value is None or (len(value) == 10 and value[4] == "-"), (name, feature["properties"]["id"])


def test_plain_geopandas_types_every_dated_layer_as_datetimes():
    """GDAL types a date column by its values, wherever the nulls fall (places opens with a null start);
    a column with no date at all (the basemap's, the stations' end: always in force) has none to type by."""
    for name in geo.layer_names():
        plain = gpd.read_file(geo.layer_path(name))
        info = pyogrio.read_info(geo.layer_path(name))
        types = dict(zip(info["fields"], info["ogr_types"], strict=True))
        on_disk = json.loads(geo.layer_path(name).read_text(encoding="utf-8"))["features"]
        for field in ("start_date", "end_date"):
            if all(f["properties"][field] is None for f in on_disk):
                assert plain[field].isna().all(), (name, field)
                continue
            assert types[field] == "OFTDate", (name, field)
            assert pd.api.types.is_datetime64_any_dtype(plain[field]), (name, field)
    first_places = json.loads(geo.layer_path("places").read_text(encoding="utf-8"))["features"][0]["properties"]
    assert first_places["start_date"] is None


def test_a_layer_written_by_geopandas_loads_back_equal(tmp_path):
    """load → GeoPandas ``to_file`` (midnight datetimes, nulls) → load gives the same frame."""
    for name in geo.layer_names():
        loaded = geo.load_layer(name)
        loaded.to_file(tmp_path / f"{name}.geojson", driver="GeoJSON")
        assert_geodataframe_equal(geo.load_layer(name, tmp_path), loaded)


def test_older_files_with_empty_open_dates_still_load(tmp_path):
    path = geo.layer_path("sakhalin")
    old = path.read_text(encoding="utf-8").replace('"end_date":null', '"end_date":""')
    assert '"end_date":""' in old
    (tmp_path / "sakhalin.geojson").write_text(old, encoding="utf-8")
    assert_geodataframe_equal(geo.load_layer("sakhalin", tmp_path), geo.load_layer("sakhalin"))


def test_a_time_of_day_is_refused_in_a_layer(tmp_path):
    path = geo.layer_path("sakhalin")
    (tmp_path / "sakhalin.geojson").write_text(
        path.read_text(encoding="utf-8").replace('"1875-08-22"', '"1875-08-22T12:00:00"'), encoding="utf-8")
    with pytest.raises(geo.LayerError, match="'1875-08-22T12:00:00' is not a date"):
        geo.load_layer("sakhalin", tmp_path)


def test_the_canonical_rewrite_brings_geopandas_output_back_to_the_committed_bytes(tmp_path):
    """``python -m geo.derive --hand-kept-only`` is how an edited or older layer is made canonical again."""
    from geo.derive import main

    geo.load_layer("battles").to_file(tmp_path / "battles.geojson", driver="GeoJSON")  # GDAL's name and crs too
    committed = geo.layer_path("stations").read_text(encoding="utf-8")
    older = committed.replace('"end_date": null', '"end_date": ""')
    older = re.sub(r'"start_date": "(\d{4}-\d\d-\d\d)"', r'"start_date": "\1T00:00:00"', older)
    (tmp_path / "stations.geojson").write_text(older, encoding="utf-8")
    assert main(["--layers", str(tmp_path), "--hand-kept-only"]) == 0
    for name in ("battles", "stations"):
        assert (tmp_path / f"{name}.geojson").read_text(encoding="utf-8") == geo.layer_path(name).read_text(
            encoding="utf-8"), name


def test_derive_never_writes_into_an_installed_package(capsys):
    from geo.derive import main

    with pytest.raises(SystemExit) as stopped:
        main(["--layers", sysconfig.get_paths()["purelib"], "--hand-kept-only"])
    assert stopped.value.code == 2
    assert "inside an installed package" in capsys.readouterr().err
