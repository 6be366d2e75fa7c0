"""What changed hands, and the build: determinism, output and the command line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import geo
from geo.build import build_all
from geo.measure import area_km2

ROOT = Path(__file__).resolve().parent.parent


def test_changes_between_the_two_days(layers):
    changes = geo.changes_between("1905-09-04", "1905-09-05", layers=layers).set_index("id")
    south = layers["sakhalin"].set_index("id").loc["sakhalin-south-japanese"]
    assert changes.loc["sakhalin-south-japanese", "from_controller"] == "russia"
    assert changes.loc["sakhalin-south-japanese", "to_controller"] == "japan"
    assert changes.loc["sakhalin-south-japanese", "area_km2"] == pytest.approx(area_km2(south.geometry), rel=0.005)
    assert changes.loc["kwantung-japanese-lease", "area_km2"] > 2500
    assert changes.loc["railway-changchun-dalian-japanese", "length_km"] > 600
    assert "railway-harbin-changchun-russian" not in changes.index
    assert not any(changes.index.str.startswith("korea"))


def test_the_1898_lease_changes_hands_across_layers(layers):
    """Qing land in ``polities`` becomes the Russian lease in ``kwantung``: a change, with no Portsmouth
    article (Article V concerns the lease's transfer in 1905, not its making)."""
    lease = geo.changes_between("1898-03-26", "1898-03-27", layers=layers).set_index("id").loc["kwantung-russian-lease"]
    assert (lease["from_controller"], lease["to_controller"], lease["article"]) == ("china", "russia", "")
    assert lease["area_km2"] == pytest.approx(area_km2(layers["kwantung"].set_index("id").loc[
        "kwantung-russian-lease"].geometry), rel=0.01)


def test_holdings_ending_in_1945_with_no_later_holder_shown_are_changes(layers):
    """August 1945 ends Japan's holdings, and the layers stop there: each is a change to no holder."""
    ended = geo.changes_between("1945-08-01", "1945-09-10", layers=layers).set_index("id")
    for holding in ("korea-japanese", "sakhalin-south-japanese", "kwantung-japanese-lease",
                    "kurils-north-japanese", "kurils-south-japanese", "railway-changchun-dalian-japanese"):
        assert (ended.loc[holding, "from_controller"], ended.loc[holding, "to_controller"]) == ("japan", ""), holding
    south = layers["sakhalin"].set_index("id").loc["sakhalin-south-japanese"].geometry
    assert ended.loc["sakhalin-south-japanese", "area_km2"] == pytest.approx(area_km2(south), rel=0.005)


def test_the_annexation_of_korea_changes_the_title_not_the_holder(layers, map_data):
    """On 29 August 1910 the protectorate became Japanese sovereign territory: Japan held it before
    and after, by another title; the time axis says so instead of 'Nothing changed hands'."""
    from geo.catalogue import MAPS
    from geo.stops import stops

    korea = geo.changes_between("1910-08-28", "1910-08-29", layers=layers).set_index("id").loc["korea-japanese"]
    assert (korea["from_controller"], korea["to_controller"]) == ("japan", "japan")
    assert (korea["from_status"], korea["to_status"]) == ("protectorate", "sovereign")
    explorer = next(spec for spec in MAPS if spec.name == "explorer")
    stop = next(s for s in stops(explorer, map_data, "en", list(map_data.layers)) if s["day"] == "1910-08-29")
    assert any("protectorate → sovereign territory" in note for note in stop["notes"]), stop["notes"]


def test_the_time_axis_says_what_ended_rather_than_that_nothing_changed(map_data):
    from geo.catalogue import MAPS
    from geo.stops import stops

    explorer = next(spec for spec in MAPS if spec.name == "explorer")
    by_day = {stop["day"]: stop for stop in stops(explorer, map_data, "en", list(map_data.layers))}
    notes = by_day["1945-08-25"]["notes"]
    assert any(note.startswith("South Sakhalin") and "no later holder" in note for note in notes)
    assert by_day["1945-08-25"]["changes"] == [], "ended holdings are written, not drawn"


def test_what_ended_on_a_stop_is_dated_by_its_last_day_as_its_popup_is(map_data):
    """End dates are exclusive: the Yalu's popup gives 30 April – 1 May 1904, so the stop of 2 May says
    it ended on 1 May, and the northern Kurils, Japanese until the Urup surrender of 31 August 1945,
    were Japan's until 30 August."""
    from geo.catalogue import MAPS
    from geo.popups import popup
    from geo.stops import stops

    explorer = next(spec for spec in MAPS if spec.name == "explorer")
    by_day = {stop["day"]: stop for stop in stops(explorer, map_data, "en", list(map_data.layers))}
    assert by_day["1904-05-02"]["name"] == "Ended 1 May 1904: Battle of the Yalu River"
    yalu = next(row for row in map_data.records("battles") if row["id"] == "battle-yalu-river")
    assert ["Dates", "30 April 1904 – 1 May 1904"] in popup(yalu, "en")["rows"]
    assert "Northern Kurils (Japanese): Japan until 30 August 1945, no later holder shown (5,491 km²)" \
        in by_day["1945-08-31"]["notes"]


def test_an_article_is_summarised_once_a_stop(map_data):
    """On the treaty day three railway pieces pass under Article VI: the first line gives its summary,
    the others only name it."""
    from geo.catalogue import MAPS
    from geo.stops import stops

    explorer = next(spec for spec in MAPS if spec.name == "explorer")
    treaty_day = next(s for s in stops(explorer, map_data, "en", list(map_data.layers)) if s["day"] == "1905-09-05")
    lines = [line for change in treaty_day["changes"] for line in change["lines"]]
    named = [line for line in lines if "Article VI" in line]
    assert len(named) == 3 and sum("without payment" in line for line in named) == 1, named


def test_a_battle_or_occupation_is_under_no_treaty_in_plain_words(map_data):
    from geo.catalogue import MAPS
    from geo.stops import stops

    explorer = next(spec for spec in MAPS if spec.name == "explorer")
    for lang, said in (("en", "no treaty: battle"), ("th", "ไม่มีสนธิสัญญา: การรบ")):
        by_day = {stop["day"]: stop for stop in stops(explorer, map_data, lang, list(map_data.layers))}
        assert by_day["1905-05-27"]["treaty"] == said


def test_nothing_changes_on_an_ordinary_day(layers):
    assert geo.changes_between("1905-09-05", "1905-09-06", layers=layers).empty


def test_two_builds_are_byte_identical(tmp_path, built_maps):
    again = tmp_path / "again"
    build_all(out_dir=again, log=lambda _line: None)
    first = {p.relative_to(built_maps): p.read_bytes() for p in built_maps.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


def test_every_map_in_both_languages(built_maps):
    names = {"explorer", "sakhalin", "liaodong", "war", "demands", "compare", "index"}
    assert {p.stem for p in built_maps.glob("*.html")} == names
    assert {p.stem for p in (built_maps / "th").glob("*.html")} == names
    for page in built_maps.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert 'src="http' not in text and 'href="https://cdn' not in text, page


def test_help_explains_the_command():
    result = subprocess.run([sys.executable, "build_maps.py", "--help"], cwd=ROOT,
                            capture_output=True, text=True, check=True)
    assert "--layers" in result.stdout and "--out" in result.stdout and "offline" in result.stdout


def test_progress_lines_name_each_file(tmp_path):
    result = subprocess.run([sys.executable, "build_maps.py", "--out", str(tmp_path / "m"), "--lang", "en"],
                            cwd=ROOT, capture_output=True, text=True, check=True)
    assert "wrote " in result.stdout and "explorer.html" in result.stdout


def test_layers_load_from_an_installed_wheel(tmp_path):
    """The wheel ships the layers: geo.load_layer works with no checkout around."""
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path / "wheel"), str(ROOT)],
                   check=True, capture_output=True)
    wheel = next((tmp_path / "wheel").glob("portsmouth1905-*.whl"))
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(tmp_path / "site"),
                    str(wheel)], check=True, capture_output=True)
    probe = ("import geo, geo.layers; print(geo.layers.default_layers_dir()); "
             "print(len(geo.load_layer('battles')), len(geo.layer_names()))")
    result = subprocess.run([sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(tmp_path / 'site')!r}); "
                             + probe], cwd=tmp_path, capture_output=True, text=True, check=True)
    folder, counts = result.stdout.splitlines()
    assert folder.startswith(str(tmp_path / "site"))
    assert counts == f"{len(geo.load_layer('battles'))} {len(geo.layer_names())}"
