"""History facts a teacher would check: points where their sources put them, dates that agree
with each other, the treaty summarised in full, and a sourced, dated events table."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from pyproj import Geod

from geo import state_at
from geo.errors import LayerError
from geo.events import load_events
from geo.i18n import languages, strings
from geo.popups import article_label

GEOD = Geod(ellps="WGS84")
TREATY_DAY = pd.Timestamp("1905-09-05")
ARTICLES = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "AI", "AII"]
DATA = Path(__file__).resolve().parent.parent / "geo" / "data"

# Sourced coordinates (lon, lat) the moved points are checked against.
LIANSHANGUAN_1942 = (123.7536344, 40.9674972)  # 連山關 station, kmlawson manchuria-1942-stations, feature 516
DELISI_BATTLE = (122 + 3 / 60 + 58 / 3600, 39 + 47 / 60 + 6 / 3600)  # Polish Wikipedia, Bitwa pod Delisi


def km(a, b) -> float:
    """Geodesic distance in km between two (lon, lat) points."""
    return GEOD.inv(a[0], a[1], b[0], b[1])[2] / 1000


def point(layers, layer: str, feature_id: str) -> tuple[float, float]:
    row = layers[layer][layers[layer]["id"] == feature_id].iloc[0]
    return row.geometry.x, row.geometry.y


def props(layers, layer: str, feature_id: str):
    return layers[layer][layers[layer]["id"] == feature_id].iloc[0]


# --- moved points -----------------------------------------------------------------------------

def test_motien_pass_is_at_lianshanguan_on_the_liaoyang_road(layers):
    motien = point(layers, "battles", "battle-motien-pass")
    assert km(motien, LIANSHANGUAN_1942) < 1
    assert 50 < km(motien, point(layers, "stations", "station-liaoyang")) < 90
    assert "10 km" in props(layers, "battles", "battle-motien-pass")["description"]


def test_te_li_ssu_is_at_delisi_not_wafangdian(layers):
    telissu = point(layers, "battles", "battle-te-li-ssu")
    assert km(telissu, DELISI_BATTLE) < 2
    assert km(telissu, point(layers, "stations", "station-delisi")) < 3
    assert km(telissu, point(layers, "stations", "station-wafangdian")) > 10


@pytest.mark.parametrize("battle, station, within_km", [
    ("battle-tashihchiao", "station-dashiqiao", 5),
    ("battle-liaoyang", "station-liaoyang", 5),
    ("battle-nanshan", "station-jinzhou", 5),
    ("battle-mukden", "station-mukden", 6),
    ("battle-port-arthur-siege", "station-port-arthur", 6),
])
def test_battles_and_stations_agree_on_the_town(layers, battle, station, within_km):
    assert km(point(layers, "battles", battle), point(layers, "stations", station)) < within_km


def test_the_siege_point_is_as_far_from_the_fortress_as_it_says(layers):
    """Its description gives the distances; the data must agree with them (within 0.1 km)."""
    siege = point(layers, "battles", "battle-port-arthur-siege")
    regions = json.loads((DATA / "derived.json").read_text(encoding="utf-8"))["regions"]
    centre = tuple(regions["port-arthur-fortress"]["centre"])
    text = props(layers, "battles", "battle-port-arthur-siege")["description"]
    for reference, stated in ((centre, "5.2 km north of the old town"),
                              (point(layers, "battles", "battle-203-metre-hill"), "203 Metre Hill is 5.7 km")):
        assert stated in text
        assert abs(km(siege, reference) - float(re.search(r"\d+\.\d", stated)[0])) < 0.1


def test_the_tatar_strait_line_is_as_long_as_it_says(layers):
    strait = layers["places"].set_index("id").loc["place-tatar-strait-nevelskoy"]
    (start, end) = strait.geometry.coords
    assert "the line drawn is 9.9 km long" in strait["description"]
    assert abs(km(start, end) - 9.9) < 0.1


def test_every_battle_says_how_far_off_its_point_may_be(layers):
    vague = [b["id"] for _, b in layers["battles"].iterrows()
             if not re.search(r"\d+ km", b["description"]) or not re.search(r"\d+ กม\.", b["description_th"])]
    assert vague == []


# --- casualties counted as described ----------------------------------------------------------

def test_port_arthur_counts_wounded_prisoners_once(layers):
    siege = props(layers, "battles", "battle-port-arthur-siege")
    assert siege["casualties_russia"] == 31306 + (24369 - 15000)
    assert "15,000 wounded" in siege["description"]


def test_te_li_ssu_says_it_uses_the_low_bound(layers):
    telissu = props(layers, "battles", "battle-te-li-ssu")
    assert telissu["casualties_russia"] == 2000 + 665
    assert telissu["casualties_japan"] == 217 + 946
    assert "lower bound" in telissu["description"]


def test_motien_pass_date_and_figures_are_the_17_july_attack(layers):
    motien = props(layers, "battles", "battle-motien-pass")
    assert motien["start_date"] == pd.Timestamp("1904-07-17")
    assert motien["casualties_russia"] == 1000
    assert "17 July 1904" in motien["description"]


# --- station dates ----------------------------------------------------------------------------

def test_every_station_has_an_opening_date(layers):
    assert layers["stations"]["start_date"].notna().all()


def test_no_station_opened_after_the_treaty_shows_the_day_before(layers):
    before = state_at(layers["stations"], "1905-09-04")
    assert (before["start_date"] <= TREATY_DAY).all()
    ids = set(before["id"])
    assert "station-zhoushuizi" not in ids
    assert {"station-kuanchengzi", "station-port-arthur", "station-dalny", "station-delisi"} <= ids


def test_stations_open_with_the_russian_line(layers):
    first = layers["stations"]["start_date"].min()
    assert first == pd.Timestamp("1903-07-14")
    assert first == layers["railway"]["start_date"].min()


def test_later_station_sites_say_so(layers):
    later = layers["stations"][layers["stations"]["start_date"] > TREATY_DAY]
    silent = [s["id"] for _, s in later.iterrows()
              if not re.search(r"later|modern|opened by the Japanese", s["description"])]
    assert silent == []


def test_kuanchengzi_stayed_russian(layers):
    kuanchengzi = props(layers, "stations", "station-kuanchengzi")
    assert "stayed Russian" in kuanchengzi["description"]
    assert kuanchengzi["name_th"].startswith("ควานเฉิงจื่อ")


# --- the treaty text --------------------------------------------------------------------------

@pytest.mark.parametrize("lang", languages())
def test_every_article_and_both_additional_articles_are_summarised(lang):
    summaries = strings(lang)["articles"]
    assert list(summaries) == ARTICLES
    assert all(len(summaries[a]) > 40 for a in ARTICLES)
    assert len(set(summaries.values())) == len(ARTICLES)


def test_article_xiii_names_the_hidden_indemnity():
    assert "hidden indemnity" in strings("en")["articles"]["XIII"]
    assert "ค่าปฏิกรรมสงครามแฝง" in strings("th")["articles"]["XIII"]


def test_article_labels_read_naturally_in_each_language():
    assert article_label("AI", "en") == "Additional Article I"
    assert article_label("IX", "en", short=True) == "Art. IX"
    assert article_label("XIV", "th") == "มาตรา 14"
    assert article_label("AII", "th") == "ข้อบทเพิ่มเติมที่ 2"


def test_the_signing_place_is_kittery_maine():
    assert "Kittery, Maine" in strings("en")["index_intro"]
    assert "คิตเทอรี รัฐเมน" in strings("th")["index_intro"]
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert "Naval Shipyard in Kittery, Maine" in readme


# --- one Thai form per place ------------------------------------------------------------------

VARIANTS = {  # form used -> forms that must not appear
    "วลาดิวอสต็อก": ["วลาดีวอสตอค", "วลาดิวอสตอค"],
    "ดาลนี": ["ดัลนี"],
    "หยิงโข่ว": ["อิ๋งโข่ว", "อิงโข่ว"],
    "นิวจวง": ["นิวช่วง"],
    "ควานเฉิงจื่อ": ["ควนเฉินจื้อ", "ควานเฉินจื่อ"],
}


def thai_texts(layers) -> str:
    texts = [json.dumps(strings("th"), ensure_ascii=False), (DATA / "events.json").read_text(encoding="utf-8")]
    for gdf in layers.values():
        texts += [str(v) for column in ("name_th", "description_th") for v in gdf[column]]
    return "\n".join(texts)


def test_thai_uses_one_form_per_place(layers):
    text = thai_texts(layers)
    found = {bad: used for used, bads in VARIANTS.items() for bad in bads if bad in text}
    assert found == {}


def test_thai_numbers_articles_with_arabic_numerals(layers):
    assert re.findall(r"มาตรา ?[IVX]+\b", thai_texts(layers)) == []


# --- the events table -------------------------------------------------------------------------

REQUIRED_EVENTS = {
    "saint-petersburg-1875-signed": "1875-05-07",
    "saint-petersburg-1875-in-force": "1875-08-22",
    "shimonoseki": "1895-04-17",
    "liaodong-retroceded": "1895-11-08",
    "korean-empire": "1897-10-12",
    "russian-lease-1898": "1898-03-27",
    "war-begins": "1904-02-08",
    "nanshan": "1904-05-26",
    "port-arthur-surrenders": "1905-01-02",
    "mukden-taken": "1905-03-10",
    "tsushima": "1905-05-27",
    "sakhalin-invaded": "1905-07-07",
    "treaty-signed": "1905-09-05",
    "japan-ratifies": "1905-10-14",
    "russia-ratifies": "1905-10-14",
    "ratifications-exchanged": "1905-11-25",
    "korea-protectorate": "1905-11-17",
    "treaty-of-peking": "1905-12-22",
    "gando-convention": "1909-09-04",
    "korea-annexed": "1910-08-29",
    "soviet-invasion-south-sakhalin": "1945-08-11",
    "kwantung-lease-ends": "1945-08-22",
}


def test_events_are_typed_sorted_and_sourced():
    events = load_events()
    assert pd.api.types.is_datetime64_any_dtype(events["day"])
    assert events["day"].is_monotonic_increasing
    assert events["id"].is_unique
    assert events["source"].str.contains(r"https?://").all()
    assert events["day"].between("1875-01-01", "1945-12-31").all()


def test_the_events_a_teacher_expects_are_there_on_their_days():
    days = load_events().set_index("id")["day"].dt.strftime("%Y-%m-%d")
    assert {k: days.get(k) for k in REQUIRED_EVENTS} == REQUIRED_EVENTS


def test_treaty_signed_at_kittery():
    signed = load_events().set_index("id").loc["treaty-signed"]
    assert "Kittery, Maine" in signed["name"]


def test_layers_date_what_the_events_date(layers):
    days = load_events().set_index("id")["day"]
    sakhalin = props(layers, "sakhalin", "sakhalin-russian")
    assert sakhalin["start_date"] == days["saint-petersburg-1875-in-force"]
    assert props(layers, "kwantung", "kwantung-russian-lease")["start_date"] == days["russian-lease-1898"]
    assert (layers["battles"]["start_date"].min() == days["war-begins"])


def write_events(tmp_path, entries) -> Path:
    path = tmp_path / "events.json"
    path.write_text(json.dumps({"events": entries}), encoding="utf-8")
    return path


GOOD = {"id": "x", "day": "1905-09-05", "name": "n", "name_th": "n", "treaty": "t", "treaty_th": "t",
        "article": "IX", "source": "S, https://example.org"}


@pytest.mark.parametrize("change, field", [
    ({"day": "5 Sept 1905"}, "day"),
    ({"day": "1905-02-30"}, "day"),
    ({"id": "Bad Id"}, "id"),
    ({"source": "a book"}, "source"),
    ({"article": "9"}, "article"),
    ({"name": ""}, "name"),
])
def test_a_bad_event_is_refused_with_one_line_naming_it(tmp_path, change, field):
    with pytest.raises(LayerError) as caught:
        load_events(write_events(tmp_path, [GOOD, {**GOOD, "id": "y", **change}]))
    message = str(caught.value)
    assert "\n" not in message and "events.json" in message and "#1" in message and repr(field) in message


def test_a_duplicate_event_id_is_refused(tmp_path):
    with pytest.raises(LayerError, match="duplicate id"):
        load_events(write_events(tmp_path, [GOOD, GOOD]))


def test_an_unreadable_events_file_is_a_layer_error(tmp_path):
    path = tmp_path / "events.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(LayerError, match=r"events\.json"):
        load_events(path)


# --- Japan's demands --------------------------------------------------------------------------

def test_demands_are_numbered_as_their_first_source():
    table = json.loads((DATA / "demands.json").read_text(encoding="utf-8"))
    assert "handbook_of_modern_Japan" in table["source"].split(" ; ")[0]
    order = [d["id"] for d in sorted(table["demands"], key=lambda d: d["number"])]
    assert order == ["demand-korea", "demand-evacuation", "demand-chinese-rule", "demand-open-door",
                     "demand-sakhalin", "demand-lease", "demand-railway", "demand-cer-commerce",
                     "demand-war-costs", "demand-interned-warships", "demand-naval-limits", "demand-fisheries"]
    assert [d["number"] for d in table["demands"]] == list(range(1, 13))
