"""The analyst's API: layer paths from the package, strict days, frames from plain GeoPandas."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime

import geopandas as gpd
import pandas as pd
import pytest

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
    with pytest.raises(geo.LayerError, match="known: land, sakhalin"):
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
