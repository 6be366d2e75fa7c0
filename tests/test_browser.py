"""The generated pages in headless Chromium, as a reader meets them (opened from file://)."""

from __future__ import annotations

from datetime import date

import pytest

import geo
from geo.i18n import strings
from geo.popups import number
from geo.style import controller_colour

PAGES = ["explorer", "sakhalin", "liaodong", "war", "demands", "compare"]


def path_fill(page, css: str) -> list[str]:
    return page.eval_on_selector_all(f"path.{css}", "els => els.map(e => e.getAttribute('fill'))")


def choose_state(page, state: str) -> None:
    page.check(f"input[name=state][value={state}]")
    page.wait_for_timeout(150)


@pytest.mark.parametrize("lang", ["en", "th"])
@pytest.mark.parametrize("name", PAGES)
def test_every_map_draws_offline_without_errors(built_maps, visit, name, lang):
    folder = built_maps if lang == "en" else built_maps / lang
    opened = visit(folder / f"{name}.html")
    assert opened.external == [], "the page must request nothing from the network"
    assert opened.errors == []
    assert opened.page.locator("path.leaflet-interactive").count() > 0, "features are drawn"
    assert opened.page.locator("path.p1905-land").count() >= 1, "the coastline basemap is drawn"
    attribution = opened.page.inner_text(".leaflet-control-attribution")
    assert "Natural Earth" in attribution and "Leaflet" in attribution
    if name in ("explorer", "liaodong"):
        assert "OpenStreetMap" in attribution, "station points are credited"


def test_before_after_switch_recolours_south_sakhalin(built_maps, visit):
    page = visit(built_maps / "explorer.html").page
    russia, japan = controller_colour("russia"), controller_colour("japan")
    choose_state(page, "before")
    assert path_fill(page, "f-sakhalin-russian") == [russia]
    assert path_fill(page, "f-sakhalin-south-japanese") == []
    assert page.locator("path.f-boundary-sakhalin-50n").count() == 0, "no 50°N line before the treaty"
    choose_state(page, "after")
    assert path_fill(page, "f-sakhalin-south-japanese") == [japan]
    assert path_fill(page, "f-sakhalin-north-russian") == [russia]
    assert path_fill(page, "f-sakhalin-russian") == []
    assert page.locator("path.f-boundary-sakhalin-50n").count() == 1, "the 50°N line after the treaty"
    assert page.locator("input[name=state]:checked").count() == 1, "exactly one state shows"


def test_railway_and_lease_change_colour(built_maps, visit):
    page = visit(built_maps / "liaodong.html").page
    choose_state(page, "before")
    assert page.eval_on_selector(
        "path.f-railway-changchun-dalian-russian", "e => e.getAttribute('stroke')") == controller_colour("russia")
    choose_state(page, "after")
    assert page.eval_on_selector(
        "path.f-railway-changchun-dalian-japanese", "e => e.getAttribute('stroke')") == controller_colour("japan")
    assert path_fill(page, "f-kwantung-japanese-lease") == [controller_colour("japan")]


def test_battle_markers_match_the_layer(built_maps, visit, layers):
    page = visit(built_maps / "explorer.html").page
    drawn = page.eval_on_selector_all("path[class*='f-battle-']", "els => els.length")
    assert drawn == len(layers["battles"])


def slide_to(page, day: date) -> str:
    index = (day - geo.timeline.WAR_START).days
    page.eval_on_selector(
        "input[type=range]", "(s, i) => { s.value = i; s.dispatchEvent(new Event('input')); }", index)
    return page.inner_text(".p1905-timeline")


def test_timeline_shows_each_battle_on_its_dates(built_maps, visit, layers):
    page = visit(built_maps / "war.html").page
    text = slide_to(page, date(1905, 3, 5))
    assert page.locator("path.f-battle-mukden").count() == 1
    assert "Battle of Mukden" in text and "5 March 1905" in text
    started = layers["battles"][layers["battles"]["start_date"] <= "1905-03-05"]
    assert page.locator("path[class*='f-battle-']").count() == len(started)
    slide_to(page, date(1904, 3, 5))
    assert page.locator("path.f-battle-mukden").count() == 0
    in_force = geo.state_at(layers["battles"], "1905-05-27")
    text = slide_to(page, date(1905, 5, 27))
    assert f"{len(in_force)} battle" in text and "Tsushima" in text


def test_thai_timeline_uses_thai_months_and_buddhist_years(built_maps, visit):
    page = visit(built_maps / "th" / "war.html").page
    text = slide_to(page, date(1905, 3, 5))
    assert "5 มีนาคม 1905 (พ.ศ. 2448)" in text


def test_battle_popup_gives_dates_victor_commanders_casualties_and_source(built_maps, visit):
    page = visit(built_maps / "explorer.html").page
    page.eval_on_selector("path.f-battle-mukden", "e => e.dispatchEvent(new MouseEvent('click', {bubbles: true}))")
    popup = page.wait_for_selector(".leaflet-popup-content").inner_text()
    for expected in ("Battle of Mukden", "20 February 1905 – 10 March 1905", "Japan", "Ōyama",
                     "Kuropatkin", "Russian casualties", "Source"):
        assert expected in popup
    links = page.eval_on_selector_all(".leaflet-popup-content a", "els => els.map(a => a.href)")
    assert links and all(link.startswith(("https://", "http://")) for link in links)


def test_territory_popup_gives_holder_status_and_article(built_maps, visit):
    page = visit(built_maps / "explorer.html").page
    choose_state(page, "after")
    page.eval_on_selector("path.f-sakhalin-south-japanese",
                          "e => e.dispatchEvent(new MouseEvent('click', {bubbles: true, clientX: 600, clientY: 300}))")
    popup = page.wait_for_selector(".leaflet-popup-content").inner_text()
    assert "Karafuto" in popup and "Japan (sovereign territory)" in popup and "Article IX" in popup
    assert "樺太" in popup, "the name of the time"


def test_what_changed_labels_match_the_layers(built_maps, visit, layers):
    page = visit(built_maps / "explorer.html").page
    page.check("text=What changed hands")
    page.wait_for_timeout(150)
    labels = page.eval_on_selector_all(".p1905-label", "els => els.map(e => e.textContent)")
    south = layers["sakhalin"].set_index("id").loc["sakhalin-south-japanese"].geometry
    area = number(geo.measure.area_km2(south), "en")
    assert f"{area} km²" in labels
    changed = geo.changes_between("1905-09-04", "1905-09-05", layers=layers)
    railway = number(changed[changed["layer"] == "railway"]["length_km"].sum(), "en")
    assert f"{railway} km" in labels
    page.eval_on_selector("path.f-change-sakhalin",
                          "e => e.dispatchEvent(new MouseEvent('click', {bubbles: true}))")
    popup = page.wait_for_selector(".leaflet-popup-content").inner_text()
    assert f"South Sakhalin — Karafuto (Japanese): Russia → Japan, {area} km²" in popup


def test_comparison_maps_move_together(built_maps, visit):
    page = visit(built_maps / "compare.html").page
    centres = page.evaluate("""() => {
        const maps = Object.values(window).filter(v => v instanceof L.Map);
        maps[0].setView([46.5, 142.5], 7, {animate: false});
        return maps.map(m => [m.getCenter().lat.toFixed(3), m.getCenter().lng.toFixed(3), m.getZoom()]);
    }""")
    assert len(centres) == 2 and centres[0] == centres[1]


@pytest.mark.parametrize(("name", "width", "height"), [
    ("explorer", 600, 400), ("war", 600, 400), ("demands", 600, 400), ("compare", 600, 400),
    ("explorer", 375, 667),  # a phone held upright
])
def test_thai_map_fits_a_small_frame(built_maps, visit, name, width, height):
    opened = visit(built_maps / "th" / f"{name}.html", width=width, height=height)
    page = opened.page
    if name != "compare":
        assert strings("th")["maps"][name]["title"] in page.inner_text(".p1905-panel")
    if name == "explorer":
        assert strings("th")["state_after"] in page.inner_text(".p1905-panel")
    boxes = page.eval_on_selector_all(
        ".leaflet-control", "els => els.map(e => { const r = e.getBoundingClientRect();"
        " return [e.className, r.left, r.top, r.right, r.bottom]; })")
    for name_, left, top, right, bottom in boxes:
        assert left >= 0 and top >= 0 and right <= width and bottom <= height, f"{name_} overflows the frame"
    for index, (first, *a) in enumerate(boxes):
        for second, *b in boxes[index + 1:]:
            apart = a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
            assert apart, f"{first} overlaps {second}"
    assert opened.errors == []


def test_gallery_links_every_map_with_an_embed_snippet(built_maps):
    text = (built_maps / "index.html").read_text(encoding="utf-8")
    for name in PAGES:
        assert f'href="{name}.html"' in text
        assert f"&lt;iframe src=&quot;{name}.html&quot;" in text


def test_demands_map_sets_each_demand_against_the_treaty(built_maps, visit):
    page = visit(built_maps / "demands.html").page
    outcomes = page.eval_on_selector_all(".p1905-demands li", "els => els.map(e => e.className)")
    assert len(outcomes) == 12
    assert outcomes.count("p1905-demand-refused") == 3, "indemnity, warships, naval limits"
    assert outcomes.count("p1905-demand-partly") == 2, "Sakhalin and the railway"
    partly = geo.style.palette()["outcomes"]["partly"]
    assert page.eval_on_selector("path.f-asked-demand-sakhalin", "e => e.getAttribute('stroke')") == partly
    assert path_fill(page, "f-given-demand-sakhalin") == [partly]
    page.eval_on_selector("path.f-given-demand-sakhalin",
                          "e => e.dispatchEvent(new MouseEvent('click', {bubbles: true}))")
    popup = page.wait_for_selector(".leaflet-popup-content").inner_text()
    assert "All of Sakhalin" in popup and "only the south" in popup and "Article IX" in popup
    assert "Brinkley" in popup


def test_articles_overlay_marks_each_geographic_article(built_maps, visit):
    page = visit(built_maps / "explorer.html").page
    page.check("text=The treaty's articles")
    page.wait_for_timeout(150)
    marked = page.eval_on_selector_all("path[class*='f-article-']", "els => els.map(e => e.getAttribute('class'))")
    numbers = sorted(c.split("f-article-")[1].split()[0] for c in marked)
    assert numbers == sorted(["II", "III", "V", "VI", "IX", "XI"])
    page.eval_on_selector("path.f-article-IX", "e => e.dispatchEvent(new MouseEvent('click', {bubbles: true}))")
    assert "50th parallel" in page.wait_for_selector(".leaflet-popup-content").inner_text()
