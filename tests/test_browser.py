"""The generated pages in headless Chromium, as a reader meets them (opened from file://)."""

from __future__ import annotations

import base64
import io
import re
from datetime import date

import pandas as pd
import pytest
import shapely
from fontTools.ttLib import TTFont

import geo
from geo import encoding
from geo.catalogue import MAPS
from geo.i18n import strings
from geo.mapdata import grid
from geo.pagedata import margin_frame
from geo.popups import number
from geo.style import controller_colour

PAGES = ["explorer", "sakhalin", "liaodong", "war", "demands", "compare"]
MOMENTS = ["1876-01-01", "1899-01-01", "1904-06-15", "1905-09-05", "1905-12-31", "1911-01-01", "1945-10-25"]
"""Days the explorer is opened at by fragment, checked against geo.state_at (the last: the axis's end,
after every holding that ended in 1945; a day beyond it opens there, as another test checks)."""
CHECKED = ("sakhalin-", "kwantung-", "railway-", "korea-")
"""Ids of Sakhalin, the lease, the railway segments and Korea."""


def path_fill(page, css: str) -> list[str]:
    """The fill colour of each path of a feature (a hatch pattern's colour for a hatched one)."""
    return page.eval_on_selector_all(f"path.{css}", """els => els.map(e => {
        const fill = e.getAttribute('fill'), hatch = fill.match(/^url\\(#(.+)\\)$/);
        return hatch ? document.getElementById(hatch[1]).querySelector('rect').getAttribute('fill') : fill; })""")


def hatch_of(page, selector: str) -> str | None:
    """The id of the hatch pattern filling an element, if its pattern draws lines."""
    return page.eval_on_selector(selector, """e => { const hatch = e.getAttribute('fill').match(/^url\\(#(.+)\\)$/);
        const pattern = hatch && document.getElementById(hatch[1]);
        return pattern && pattern.tagName === 'pattern' && pattern.querySelector('line') ? hatch[1] : null; }""")


def choose_state(page, state: str) -> None:
    page.check(f"input[name=state][value={state}]")
    page.wait_for_timeout(150)


def holders_listed(page) -> dict[str, str]:
    """Feature id → holder, as the text alternative lists what the map shows."""
    return page.eval_on_selector_all(
        ".p1905-alt-body li[data-id]",
        "els => Object.fromEntries(els.map(e => [e.dataset.id, e.dataset.holder]))")


def holders_expected(layers, day: str) -> dict[str, str]:
    """Sakhalin, the lease, the railway segments and Korea on a day, by geo.state_at."""
    expected = {}
    for frame in layers.values():
        if "controller" not in frame:
            continue
        chosen = frame[frame["id"].str.startswith(CHECKED)]
        for _, row in geo.state_at(chosen, day).iterrows():
            expected[row["id"]] = row["controller"]
    return expected


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
    viewport = opened.page.get_attribute("meta[name=viewport]", "content")
    assert "user-scalable" not in viewport and "maximum-scale" not in viewport, "readers may zoom"
    policy = opened.page.get_attribute("meta[http-equiv=Content-Security-Policy]", "content")
    assert "default-src 'none'" in policy


def test_layer_text_reaches_the_page_only_as_json_data(built_maps):
    page = (built_maps / "th" / "explorer.html").read_text(encoding="utf-8")
    assert page.count('id="p1905-data"') == 1
    assert "คาราฟูโตะ" in page or "ซาฮาลิน" in page, "Thai is written as UTF-8"
    assert "\\u0e" not in page.lower(), "no escaped Thai"
    assert "Battle of Mukden" not in page.split('id="p1905-data"')[0], "no layer text before the data block"


def test_before_after_switch_recolours_south_sakhalin(built_maps, visit):
    page = visit(built_maps / "explorer.html").page
    russia, japan = controller_colour("russia"), controller_colour("japan")
    assert page.locator("input[name=state]:checked").get_attribute("value") == "before", "before is the default"
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


def test_japanese_land_is_hatched_and_russian_is_not_on_map_and_legend(built_maps, visit):
    """Japan and Russia differ by more than hue (WCAG 1.4.1): Japan's land carries a hatch, and
    the legend's swatch shows the same pattern."""
    page = visit(built_maps / "sakhalin.html#after", width=1280, height=800).page
    south = hatch_of(page, "path.f-sakhalin-south-japanese")
    assert south is not None, "Japanese-held south Sakhalin is hatched"
    assert hatch_of(page, "path.f-sakhalin-north-russian") is None, "Russian-held north Sakhalin is not"
    held = strings("en")["legend_held"]
    swatches = page.eval_on_selector_all(
        ".p1905-legend li", "els => Object.fromEntries(els.map(e => [e.textContent,"
        " e.querySelector('svg > *').getAttribute('fill')]))")
    assert swatches[held.format(holder="Japan")] == f"url(#{south})", "the legend shows the map's pattern"
    assert not swatches[held.format(holder="Russia")].startswith("url("), "Russia's swatch is plain"


def test_railway_and_lease_change_colour(built_maps, visit):
    page = visit(built_maps / "liaodong.html").page
    choose_state(page, "before")
    assert page.eval_on_selector(
        "path.f-railway-changchun-dalian-russian", "e => e.getAttribute('stroke')") == controller_colour("russia")
    choose_state(page, "after")
    assert page.eval_on_selector(
        "path.f-railway-changchun-dalian-japanese", "e => e.getAttribute('stroke')") == controller_colour("japan")
    assert path_fill(page, "f-kwantung-japanese-lease") == [controller_colour("japan")]


def test_nothing_hides_the_railway_after_the_treaty(built_maps, visit, layers, map_data):
    """Manchuria, to be evacuated from the treaty day, is an outline: the railway and stations inside
    it stay in sight and under the pointer (it was once an opaque white area drawn over them)."""
    spec = next(spec for spec in MAPS if spec.name == "explorer")
    railway = layers["railway"].set_index("id").loc["railway-changchun-dalian-japanese"].geometry
    drawn = map_data.on_screen(spec, "railway-changchun-dalian-japanese", railway, margin_frame(spec))
    lng, lat = shapely.get_coordinates(drawn)[len(shapely.get_coordinates(drawn)) // 2]
    page = visit(built_maps / "explorer.html#after").page
    stack = page.evaluate("""([lat, lng]) => {
        const map = Object.values(window).find(v => v instanceof L.Map);
        const point = map.latLngToContainerPoint([lat, lng]), box = map.getContainer().getBoundingClientRect();
        return document.elementsFromPoint(box.left + point.x, box.top + point.y)
            .map(e => (e.getAttribute("class") || "").split(" ").find(c => c.startsWith("f-")) || ""); }""",
        [lat, lng])
    assert "f-railway-changchun-dalian-japanese" in stack, "the railway is under the pointer"
    assert "f-manchuria-evacuation" not in stack[:stack.index("f-railway-changchun-dalian-japanese")]
    assert page.eval_on_selector("path.f-manchuria-evacuation", "e => e.getAttribute('fill')") == "none"


@pytest.mark.parametrize("day", MOMENTS)
def test_explorer_at_a_moment_shows_the_holders_of_that_day(built_maps, visit, layers, day):
    page = visit(built_maps / f"explorer.html#{day}").page
    expected = holders_expected(layers, day)
    listed = holders_listed(page)
    assert {k: v for k, v in listed.items() if k.startswith(CHECKED)} == expected
    drawn = page.eval_on_selector_all(
        "path[data-holder]", "els => Object.fromEntries(els.map(e => [[...e.classList].find(c => c.startsWith('f-'))"
        ".slice(2), e.dataset.holder]))")
    assert {k: v for k, v in drawn.items() if k.startswith(CHECKED)} == expected
    assert page.get_attribute(".leaflet-container", "data-day") == day


def test_battles_fade_after_their_end_on_the_explorer(built_maps, visit, layers):
    page = visit(built_maps / "explorer.html#1904-06-15").page
    battles = layers["battles"]
    started = battles[battles["start_date"] <= pd.Timestamp("1904-06-15")]
    assert page.locator("path[class*='f-battle-']").count() == len(started)
    past = page.eval_on_selector_all("path[class*='f-battle-'][data-past=true]", "els => els.length")
    assert past == int((started["end_date"] <= pd.Timestamp("1904-06-15")).sum())


def test_battle_markers_match_the_layer(built_maps, visit, layers):
    page = visit(built_maps / "explorer.html").page
    drawn = page.eval_on_selector_all("path[class*='f-battle-']", "els => els.length")
    assert drawn == len(layers["battles"])


def focus_by_tab(page, selector: str, limit: int = 60) -> None:
    """Press Tab until the element matching ``selector`` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            return
    raise AssertionError(f"{selector} is not reachable with Tab")


def test_the_status_writes_each_change_as_its_own_sentence(built_maps, visit):
    """22 August 1875: the Kurils change hands and Russian Sakhalin begins; each is a sentence, not run
    together ('5,491 km² Sakhalin'), and a name cut short is not followed by a stray full stop."""
    page = visit(built_maps / "explorer.html#1875-08-22").page
    status = page.inner_text(".p1905-stop")
    assert "Russia → Japan, 5,491 km². Sakhalin (Russian): Russia from this day" in status, status
    assert status.endswith("(75,500 km²).")
    page.evaluate("location.hash = '#1942-07-01'")
    page.wait_for_timeout(150)
    assert page.inner_text(".p1905-stop").endswith("… No land changed title.")


def test_the_other_language_opens_at_the_moment_shown(built_maps, visit):
    page = visit(built_maps / "explorer.html#1910-08-29").page
    assert page.get_attribute("a[hreflang=th]", "href") == "th/explorer.html#1910-08-29"
    page.evaluate("location.hash = '#1945-09-05'")
    page.wait_for_timeout(150)
    page.click("a[hreflang=th]")
    page.wait_for_selector(".p1905-stop")
    assert page.inner_text(".p1905-stop").startswith("5 กันยายน 1945")


@pytest.mark.parametrize(("name", "width", "height"), [
    ("sakhalin", 1280, 800), ("sakhalin", 600, 400), ("liaodong", 1280, 800), ("war", 390, 844),
    ("explorer", 1920, 1080),
])
def test_the_view_never_passes_the_edge_of_what_is_drawn(built_maps, visit, name, width, height):
    """The coastline and the polities are cut to the map's margin frame: opened, zoomed out as far as
    the buttons go and panned to a corner, the view stays inside it, so no coast ends in a straight line."""
    spec = next(spec for spec in MAPS if spec.name == name)
    west, south, east, north = margin_frame(spec)
    page = visit(built_maps / f"{name}.html", width=width, height=height).page
    seen = """() => { const b = Object.values(window).filter(v => v instanceof L.Map)[0].getBounds();
        return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]; }"""

    def inside() -> bool:
        w, s, e, n = page.evaluate(seen)
        return w >= west - 0.01 and s >= south - 0.01 and e <= east + 0.01 and n <= north + 0.01

    assert inside(), "as it opens"
    for _ in range(4):
        page.click(".leaflet-control-zoom-out", force=True)
        page.wait_for_timeout(300)
    assert inside(), "zoomed out"
    page.focus(".leaflet-container")
    for key in ("ArrowLeft", "ArrowUp"):
        for _ in range(12):
            page.keyboard.press(key)
        page.wait_for_timeout(400)
    assert inside(), "panned to the north-west corner"


def test_the_list_has_a_section_for_what_the_map_draws_only(built_maps, visit):
    """The war map draws battles alone: its list is not padded with empty territory, place or station
    sections; the explorer keeps every section, 'None' where nothing is shown that day."""
    page = visit(built_maps / "war.html").page
    page.click(".p1905-alt summary")
    headings = page.eval_on_selector_all(".p1905-alt-body h2", "els => els.map(e => e.textContent)")
    assert headings == [strings("en")["alt_battles"]], headings
    page = visit(built_maps / "explorer.html#1876-01-01").page
    page.click(".p1905-alt summary")
    headings = page.eval_on_selector_all(".p1905-alt-body h2", "els => els.map(e => e.textContent)")
    assert strings("en")["alt_battles"] in headings and strings("en")["alt_territories"] in headings


def test_a_phone_reads_the_whole_status_in_the_list(built_maps, visit):
    """A phone cuts the status line to one line; the list says all of it: the day's event, its treaty
    and every change."""
    page = visit(built_maps / "explorer.html#1905-09-05", width=390, height=844).page
    status = page.locator(".p1905-stop")
    assert status.evaluate("e => e.scrollWidth > e.clientWidth"), "the status line is cut short"
    page.click(".p1905-alt summary")
    listed = page.inner_text(".p1905-alt-body")
    assert "The Treaty of Portsmouth is signed at the Portsmouth Naval Shipyard" in listed
    assert "(Treaty of Portsmouth, Article XV)" in listed
    assert "Yingkou branch (Japanese): Russia → Japan, 21 km" in listed


def test_the_folded_layer_list_works_from_the_keyboard(built_maps, visit):
    """On a phone the layer list is folded behind a button: Enter opens it with the focus on its first
    choice, Escape folds it back onto the button, and Tab past its last choice folds it."""
    page = visit(built_maps / "explorer.html", width=390, height=844).page
    expanded = "document.querySelector('.leaflet-control-layers').classList.contains('leaflet-control-layers-expanded')"
    focus_by_tab(page, ".leaflet-control-layers-toggle")
    page.keyboard.press("Enter")
    assert page.evaluate(expanded)
    assert page.evaluate("document.activeElement.matches('.leaflet-control-layers input')"), "focus on the first choice"
    assert page.get_attribute(".leaflet-control-layers-toggle", "aria-expanded") == "true"
    page.keyboard.press("Escape")
    assert not page.evaluate(expanded)
    assert page.evaluate("document.activeElement.matches('.leaflet-control-layers-toggle')"), "back on the button"
    page.keyboard.press(" ")
    assert page.evaluate(expanded), "Space opens it too"
    for _ in range(page.locator(".leaflet-control-layers input").count()):
        page.keyboard.press("Tab")
    assert not page.evaluate("document.activeElement.closest('.leaflet-control-layers')")
    assert not page.evaluate(expanded), "it folds when the focus leaves it"


def test_keyboard_walk_axis_announces_and_list_opens_and_closes_information(built_maps, visit):
    page = visit(built_maps / "explorer.html").page
    focus_by_tab(page, "input[type=range]")
    before = page.inner_text(".p1905-stop")
    page.keyboard.press("ArrowRight")
    page.wait_for_timeout(150)
    said = page.inner_text("[role=status][aria-live=polite]")
    assert said != before and "5 September 1905" in said, "the next stop is announced"
    assert page.get_attribute("input[type=range]", "aria-valuetext").startswith("5 September 1905")
    assert page.evaluate("location.hash") == "#1905-09-05"
    focus_by_tab(page, ".p1905-alt summary")
    page.keyboard.press("Enter")
    focus_by_tab(page, "li[data-id=sakhalin-south-japanese] button")
    page.keyboard.press("Enter")
    page.wait_for_selector(".leaflet-popup-content")
    assert page.evaluate("document.activeElement.classList.contains('leaflet-popup-content')"), "focus moves in"
    assert "Karafuto" in page.inner_text(".leaflet-popup-content")
    page.keyboard.press("Escape")
    page.wait_for_timeout(400)
    assert page.locator(".leaflet-popup").count() == 0, "Escape closes the information"
    assert page.evaluate("document.activeElement.closest('li').dataset.id") == "sakhalin-south-japanese", \
        "focus comes back to the list"


@pytest.mark.parametrize("name", ["war.html#1904-08-25", "explorer.html#after", "th/explorer.html#after"])
def test_on_a_phone_information_opened_from_the_list_is_in_sight(built_maps, visit, name):
    """At 390×844 the open list covers the map: opening a feature from it shows its information
    uncovered, and Escape brings the list and the focus back."""
    page = visit(built_maps / name, width=390, height=844).page
    page.click(".p1905-alt summary")
    button = page.locator(".p1905-alt-body li button").first
    button.click()
    page.wait_for_selector(".leaflet-popup-content")
    page.wait_for_timeout(400)  # the map pans the popup into view
    covered = page.evaluate("""() => {
        const box = document.querySelector(".leaflet-popup-content").getBoundingClientRect();
        const points = [[box.left + 4, box.top + 4], [box.right - 4, box.top + 4],
                        [box.left + box.width / 2, box.top + box.height / 2]];
        return points.filter(([x, y]) => !document.elementFromPoint(x, y).closest(".leaflet-popup")).length; }""")
    assert covered == 0, "nothing lies over the information"
    page.keyboard.press("Escape")
    page.wait_for_timeout(300)
    assert page.evaluate("document.querySelector('.p1905-alt').open"), "the list is open again"
    assert page.evaluate("!!document.activeElement.closest('.p1905-alt-body li')"), "focus is back on the list"


def test_the_keyboard_opens_every_article_marker_from_the_list(built_maps, visit):
    """The treaty's article markers (an overlay, off by default) are in the list too: a keyboard opens
    their information as a pointer does, and the overlay comes on to show where it is."""
    page = visit(built_maps / "explorer.html#after").page
    markers = page.evaluate("""() => [...document.querySelectorAll("path[class*='f-article-']")].length""")
    assert markers == 0, "the overlay starts off"
    focus_by_tab(page, ".p1905-alt summary")
    page.keyboard.press("Enter")
    focus_by_tab(page, "li[data-id=article-IX] button", limit=200)
    page.keyboard.press("Enter")
    page.wait_for_selector(".leaflet-popup-content")
    assert "Article IX" in page.inner_text(".leaflet-popup-content")
    assert page.locator("path.f-article-IX").count() == 1, "the marker is on the map"


def test_words_in_other_languages_are_marked_with_their_language(built_maps, visit):
    """WCAG 3.1.2: on a Thai page the English name and the citations are marked English, and names of
    the time are marked by their script (Cyrillic Russian, kana Japanese); Chinese characters alone
    stay unmarked."""
    page = visit(built_maps / "th" / "explorer.html#after").page
    page.click(".p1905-alt summary")
    page.click(".p1905-alt-body li[data-id=sakhalin-south-japanese] button")
    popup = page.wait_for_selector(".leaflet-popup-content")
    assert popup.eval_on_selector(".pp-alt", "e => [e.lang, e.textContent]")[0] == "en"
    marked = popup.eval_on_selector_all("td span[lang]", "els => els.map(e => [e.lang, e.textContent])")
    assert ["ru", "Южный Сахалин"] in marked
    assert not [name for _lang, name in marked if "樺太" in name], "kanji and a romanisation: unmarked"
    cited = popup.eval_on_selector_all(".pp-src a, .pp-src span", "els => els.map(e => e.lang)")
    assert cited and set(cited) == {"en"}, "the citations are kept in English: marked so"


def test_every_tab_stop_has_a_name(built_maps, visit):
    page = visit(built_maps / "explorer.html").page
    page.click(".p1905-alt summary")
    unnamed = []
    for _ in range(80):
        page.keyboard.press("Tab")
        name = page.evaluate("""() => { const e = document.activeElement;
            const label = e.labels && e.labels.length ? e.labels[0].textContent : "";
            return (e.getAttribute("aria-label") || label || e.textContent || e.title || "").trim(); }""")
        if not name:
            unnamed.append(page.evaluate("document.activeElement.outerHTML.slice(0, 80)"))
    assert unnamed == []


def test_map_shapes_are_no_tab_stops_so_the_controls_come_first(built_maps, visit):
    """Leaflet's hover tooltips make each shape focusable in Chromium: 51 stops with no name came
    before the first control. The list names them and opens the same information (see the keyboard
    walk above), so the shapes stay out of the tab order and the accessibility tree, also when the
    day or an overlay adds shapes again."""
    page = visit(built_maps / "explorer.html").page
    presses = 0
    while presses < 80 and not page.evaluate("document.activeElement.matches('input[name=state]')"):
        page.keyboard.press("Tab")
        presses += 1
    assert presses == 2, f"the first control is Tab press {presses}, after the map itself (press 1)"
    choose_state(page, "after")
    page.check(".leaflet-control-layers label:has-text('Railway stations') input")
    page.wait_for_timeout(150)
    listed = page.eval_on_selector_all(".p1905-alt-body li[data-id]", "els => els.map(e => e.dataset.id)")
    exposed = page.eval_on_selector_all(".leaflet-overlay-pane path", """(els, listed) => els
        .filter(e => listed.some(id => e.classList.contains('f-' + id)))
        .filter(e => e.getAttribute('tabindex') !== '-1' || e.getAttribute('aria-hidden') !== 'true')
        .map(e => e.getAttribute('class'))""", listed)
    assert exposed == [] and any(id_.startswith("station-") for id_ in listed)
    page.focus("input[name=state][value=after]")
    focused = set()
    for _ in range(40):
        page.keyboard.press("Tab")
        focused.add(page.evaluate("document.activeElement.closest('svg') ? 'svg' : document.activeElement.tagName"))
    assert "svg" not in focused and "BUTTON" in focused


def test_fragment_follows_the_reader_and_a_reload_restores_it(built_maps, visit):
    page = visit(built_maps / "sakhalin.html").page
    choose_state(page, "after")
    assert page.evaluate("location.hash") == "#after"
    page.reload()
    page.wait_for_selector(".leaflet-container")
    assert page.locator("input[name=state]:checked").get_attribute("value") == "after"
    page.eval_on_selector("input[type=range]", "s => { s.value = 0; s.dispatchEvent(new Event('input')); }")
    first = page.evaluate("location.hash")
    valuetext = page.get_attribute("input[type=range]", "aria-valuetext")
    assert first.startswith("#18")
    page.reload()
    page.wait_for_selector(".leaflet-container")
    assert page.get_attribute("input[type=range]", "aria-valuetext") == valuetext
    page.go_back()
    page.wait_for_timeout(200)
    assert page.locator("input[name=state]:checked").get_attribute("value") == "after", "back steps back"


def test_text_alternative_names_every_battle_and_what_changed(built_maps, visit, layers):
    page = visit(built_maps / "explorer.html#after").page
    alternative = page.text_content(".p1905-alt-body")
    for name in layers["battles"]["name"]:
        assert name in alternative
    south = layers["sakhalin"].set_index("id").loc["sakhalin-south-japanese"].geometry
    assert f"{number(geo.measure.area_km2(south), 'en')} km²" in alternative
    assert "Article IX" in alternative and "50th parallel" in alternative


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
    assert page.get_attribute("input[type=range]", "aria-valuetext") == "5 March 1905"
    started = layers["battles"][layers["battles"]["start_date"] <= "1905-03-05"]
    assert page.locator("path[class*='f-battle-']").count() == len(started)
    slide_to(page, date(1904, 3, 5))
    assert page.locator("path.f-battle-mukden").count() == 0
    in_force = geo.state_at(layers["battles"], "1905-05-27")
    text = slide_to(page, date(1905, 5, 27))
    assert f"{len(in_force)} battle" in text and "Tsushima" in text
    assert page.evaluate("location.hash") == "#1905-05-27"


@pytest.mark.parametrize("fragment, shown", [("1800-01-01", "first"), ("2020-01-01", "last")])
def test_a_day_beyond_the_axis_opens_at_its_nearest_end(built_maps, visit, map_data, fragment, shown):
    from geo.stops import axis_days

    days = axis_days(map_data, list(map_data.layers))
    page = visit(built_maps / f"explorer.html#{fragment}").page
    expected = (days[0] if shown == "first" else days[-1]).isoformat()
    assert page.get_attribute(".leaflet-container", "data-day") == expected


def test_war_map_opens_at_the_day_of_its_fragment(built_maps, visit):
    page = visit(built_maps / "war.html#1905-03-05").page
    assert page.locator("path.f-battle-mukden").count() == 1
    assert "Battle of Mukden" in page.inner_text(".p1905-timeline")


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


def test_source_links_keep_their_closing_parenthesis(built_maps, visit):
    page = visit(built_maps / "explorer.html#1876-01-01").page
    page.eval_on_selector("path.f-sakhalin-russian",
                          "e => e.dispatchEvent(new MouseEvent('click', {bubbles: true, clientX: 600, clientY: 300}))")
    page.wait_for_selector(".leaflet-popup-content")
    links = page.eval_on_selector_all(".leaflet-popup-content a", "els => els.map(a => a.getAttribute('href'))")
    opened = [link for link in links if "(" in link]
    assert opened and all(link.count("(") == link.count(")") for link in opened)


def test_territory_popup_gives_holder_status_and_article(built_maps, visit):
    page = visit(built_maps / "explorer.html").page
    choose_state(page, "after")
    page.eval_on_selector("path.f-sakhalin-south-japanese",
                          "e => e.dispatchEvent(new MouseEvent('click', {bubbles: true, clientX: 600, clientY: 300}))")
    popup = page.wait_for_selector(".leaflet-popup-content").inner_text()
    assert "Karafuto" in popup and "Japan (sovereign territory)" in popup and "Article IX" in popup
    assert "樺太" in popup, "the name of the time"


def test_what_changed_labels_match_the_layers(built_maps, visit, layers):
    page = visit(built_maps / "explorer.html#after").page
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
    days = page.eval_on_selector_all(".leaflet-container", "els => els.map(e => e.dataset.day)")
    assert days == ["1905-09-04", "1905-09-05"]


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
        # The state's name; its date shows only where there is room (the status line gives it).
        assert strings("th")["state_after"].split(" — ")[0] in page.inner_text(".p1905-panel")
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


def test_gallery_links_every_map_with_an_embed_snippet(built_maps, visit):
    page = visit(built_maps / "index.html").page
    for name in PAGES:
        assert page.locator(f'a[href="{name}.html"]').count() >= 1
        assert page.input_value(f"#embed-{name}").startswith(f'<iframe src="{name}.html"')
    page.click("#embed-explorer >> xpath=..")
    page.select_option("select[data-for=embed-explorer]", "#after")
    assert page.input_value("#embed-explorer").startswith('<iframe src="explorer.html#after"')
    offered = page.eval_on_selector_all("select[data-for=embed-explorer] option", "os => os.map(o => o.value)")
    assert len(offered) == len(set(offered)), "each moment once (two events on one day are one entry)"
    page.click("#embed-war >> xpath=..")
    page.select_option("select[data-for=embed-war]", "#1905-05-27")
    assert page.input_value("#embed-war").startswith('<iframe src="war.html#1905-05-27"'), "Tsushima's day"


def test_gallery_fits_a_phone_with_its_embed_menus_open(built_maps, browser):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto((built_maps / "index.html").as_uri())
    for summary in page.locator("details > summary").all():
        summary.click()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "nothing overflows sideways"
    page.close()


@pytest.mark.parametrize("lang", ["en", "th"])
def test_gallery_shows_a_thumbnail_of_every_map(built_maps, visit, lang):
    folder = built_maps if lang == "en" else built_maps / lang
    opened = visit(folder / "index.html")
    page = opened.page
    text = strings(lang)
    for name in PAGES:
        image = page.locator(f"article:has(#embed-{name}) img")
        assert image.count() == 1, f"one picture on the card of {name}"
        assert (folder / image.get_attribute("src")).is_file(), "the build wrote it"
        assert image.get_attribute("alt") == text["index_thumbnail"].format(title=text["maps"][name]["title"])
        image.scroll_into_view_if_needed()
        page.wait_for_function("img => img.complete", arg=image.element_handle())
        assert image.evaluate("img => img.naturalWidth") > 0, f"the thumbnail of {name} loads"
    assert opened.errors == []


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
    page.get_by_role("checkbox", name="The treaty's articles").check()
    page.wait_for_timeout(150)
    marked = page.eval_on_selector_all("path[class*='f-article-']", "els => els.map(e => e.getAttribute('class'))")
    numbers = sorted(c.split("f-article-")[1].split()[0] for c in marked)
    assert numbers == sorted(["II", "III", "V", "VI", "IX", "XI"])
    page.eval_on_selector("path.f-article-IX", "e => e.dispatchEvent(new MouseEvent('click', {bubbles: true}))")
    assert "50th parallel" in page.wait_for_selector(".leaflet-popup-content").inner_text()


def test_play_walks_the_stops_and_halts_on_the_treaty_day(built_maps, visit):
    page = visit(built_maps / "explorer.html#1905-07-31").page
    page.click("button.p1905-play")
    for _ in range(30):
        page.wait_for_timeout(500)
        if page.evaluate("location.hash") == "#1905-09-05":
            break
    page.wait_for_timeout(2000)
    assert page.evaluate("location.hash") == "#1905-09-05", "play stops on the treaty day"
    assert page.locator("input[name=state]:checked").get_attribute("value") == "after"
    assert page.inner_text("button.p1905-play") == strings("en")["timeline_play"]


def test_play_moves_one_stop_per_press_for_reduced_motion(built_maps, browser):
    context = browser.new_context(reduced_motion="reduce")
    page = context.new_page()
    page.goto((built_maps / "explorer.html").resolve().as_uri() + "#1875-08-22")
    page.wait_for_selector(".leaflet-container")
    first = page.eval_on_selector("input[type=range]", "e => Number(e.value)")
    page.click("button.p1905-play")
    page.wait_for_timeout(4000)
    assert page.eval_on_selector("input[type=range]", "e => Number(e.value)") == first + 1
    context.close()


def test_playing_the_war_shows_every_battle_in_progress(built_maps, browser, layers):
    """Play on the war map steps through the days (one step a press with reduced motion) and lands on
    every battle's first day, so even a battle of one day is seen in progress."""
    context = browser.new_context(reduced_motion="reduce")
    page = context.new_page()
    page.goto((built_maps / "war.html").resolve().as_uri())
    page.wait_for_selector(".leaflet-container")
    seen = set()
    for _ in range(200):
        seen.add(page.inner_text("[role=status][aria-live=polite]"))
        if page.evaluate("document.querySelector('.leaflet-container').dataset.day") >= "1905-09-05":
            break
        page.click("button.p1905-play")
    context.close()
    in_progress = " ".join(line.split("in progress", 1)[1] for line in seen if "in progress:" in line)
    assert [name for name in layers["battles"]["name"] if name not in in_progress] == []


def test_south_sakhalin_is_drawn_where_the_layer_puts_it(built_maps, visit, layers, map_data):
    """The page decodes its shapes back to the layer's geometry as simplified for the map, vertex for
    vertex on the map's grid (the data block carries them encoded)."""
    spec = next(spec for spec in MAPS if spec.name == "explorer")
    south = layers["sakhalin"].set_index("id").loc["sakhalin-south-japanese"].geometry
    expected = map_data.on_screen(spec, "sakhalin-south-japanese", south, margin_frame(spec))
    page = visit(built_maps / "explorer.html#after").page
    rings = page.evaluate("""() => {
        const map = Object.values(window).find(v => v instanceof L.Map);
        const found = [];
        map.eachLayer(layer => {
            if (layer.getLatLngs && layer.options.className.split(" ").includes("f-sakhalin-south-japanese")) {
                const nested = layer.getLatLngs();
                const polygons = Array.isArray(nested[0][0]) ? nested : [nested];
                polygons.forEach(rings => found.push(rings.map(ring => ring.map(p => [p.lng, p.lat]))));
            }
        });
        return found;
    }""")
    drawn = shapely.MultiPolygon([(rings[0], rings[1:]) for rings in rings])
    places = encoding.digits(grid(spec.tolerance))
    assert {tuple(p) for p in shapely.get_coordinates(drawn).tolist()} == \
        {tuple(p) for p in shapely.get_coordinates(expected).round(places).tolist()}
    assert drawn.area == pytest.approx(expected.area, rel=1e-9)


def test_thai_font_holds_exactly_the_letters_the_page_writes(built_maps, visit):
    """The inlined Noto Sans Thai is cut to the page's Thai letters, and Chromium loads it."""
    path = built_maps / "th" / "explorer.html"
    html = path.read_text(encoding="utf-8")
    written = {ord(char) for char in html if "\u0e00" <= char <= "\u0e7f"}
    uris = re.findall(r"url\(data:font/woff;base64,([A-Za-z0-9+/=]+)\)", html)
    assert len(uris) == 2, "regular and bold"
    for uri in uris:
        letters = {code for code in TTFont(io.BytesIO(base64.b64decode(uri))).getBestCmap() if 0x0E00 <= code <= 0x0E7F}
        assert letters == written
    page = visit(path).page
    states = page.evaluate("""async () => { await document.fonts.ready;
        return [...document.fonts].filter(f => f.family.includes('Noto Sans Thai')).map(f => f.status); }""")
    assert "loaded" in states and "error" not in states


PAPER = {"A4": {"width": 1062, "height": 733}, "Letter": {"width": 995, "height": 755}}
"""The printed area of an A4 and a US letter page, landscape, inside the print stylesheet's 8 mm
margins, in CSS pixels (96 to the inch)."""

PRINTED = """() => {
    const rect = e => e.getBoundingClientRect();
    const inside = (a, b) => a.left >= b.left - 1 && a.top >= b.top - 1 && a.right <= b.right + 1
        && a.bottom <= b.bottom + 1;
    const apart = (a, b) => a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top;
    const frame = L.latLngBounds(JSON.parse(document.getElementById('p1905-data').textContent).bounds);
    const legend = document.querySelector('.p1905-legend'), box = legend.closest('.p1905-legend-box');
    const maps = Object.values(window).filter(v => v instanceof L.Map);
    const covers = [...document.querySelectorAll('.p1905-panel, .p1905-legend-box')].map(rect);
    return {
        open: legend.open,
        rows: [...legend.querySelectorAll('li')].map(li => inside(rect(li), rect(box))
            && inside(rect(li), rect(box.closest('.leaflet-container')))),
        scrolls: box.scrollHeight > box.clientHeight + 1,
        maps: maps.map(m => {
            const outer = rect(m.getContainer());
            const nw = m.latLngToContainerPoint(frame.getNorthWest());
            const se = m.latLngToContainerPoint(frame.getSouthEast());
            const drawn = {left: outer.left + nw.x, top: outer.top + nw.y, right: outer.left + se.x,
                           bottom: outer.top + se.y};
            return {whole: m.getBounds().contains(frame), clear: covers.every(c => apart(drawn, c))};
        }),
        status: [...document.querySelectorAll('.p1905-stop')].map(
            e => [e.textContent, e.scrollHeight <= e.clientHeight + 1, rect(e).bottom <= innerHeight]),
        page: document.documentElement.scrollHeight <= innerHeight + 1,
    };
}"""
"""What a printed page shows: the legend's rows inside its box and the map, each map's frame (the data
block's bounds) on it and clear of the panel and legend, the status whole on the page."""


@pytest.mark.parametrize("paper", PAPER)
@pytest.mark.parametrize("name", ["explorer.html#after", "compare.html"])
def test_printing_shows_the_whole_frame_the_open_legend_and_the_day(built_maps, visit, name, paper):
    """Ctrl+P on A4 or letter paper: print media and beforeprint, as Chromium brings them. Every map
    shows its whole frame clear of the panel and the legend, the legend is open and unclipped, the
    day's status is whole on the page, the screen's controls are gone, and it is one page of the
    reader's paper; afterwards the reader's view comes back."""
    opened = visit(built_maps / name, **PAPER[paper])
    page = opened.page
    view = "() => Object.values(window).filter(v => v instanceof L.Map).map(m => [m.getCenter(), m.getZoom()])"
    before = page.evaluate(view)
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    for control in (".leaflet-control-zoom", ".leaflet-control-layers", ".p1905-play", ".p1905-alt"):
        shown = page.eval_on_selector_all(control, "els => els.map(e => e.checkVisibility())")
        assert not any(shown), f"{control} is not printed"
    result = page.evaluate(PRINTED)
    assert result["open"], "the legend is printed open"
    assert result["rows"] and all(result["rows"]), "every legend row is inside the legend's box and the map"
    assert not result["scrolls"], "the legend is no scroll box"
    assert len(result["maps"]) == (2 if name == "compare.html" else 1)
    for printed in result["maps"]:
        assert printed["whole"], "the whole frame is on the map"
        assert printed["clear"], "the panel and the legend cover no part of the frame"
    if name.startswith("explorer"):
        [(status, whole, on_page)] = result["status"]
        assert status.startswith("5 September 1905") and "Article VI" in status, "the treaty day's changes"
        assert whole and on_page, "the status is printed whole on the page"
    assert result["page"], "one page"
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    page.emulate_media(media="null")  # back to no emulation: page.pdf then prints with print media
    after = page.evaluate(view)
    assert [[round(c["lat"], 4), round(c["lng"], 4), z] for c, z in after] == \
           [[round(c["lat"], 4), round(c["lng"], 4), z] for c, z in before], "the reader's view comes back"
    assert page.locator(".p1905-legend").evaluate("d => d.open") == (name != "compare.html"), "and the legend as it was"
    if name.startswith("explorer"):
        assert page.locator(".p1905-axis .p1905-stop").count() == 1, "the status is back in the panel"
    pdf = page.pdf(landscape=True, format=paper, prefer_css_page_size=True)
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 1, "Chromium prints one page"
    [box] = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)", pdf)
    assert [round(float(side) / 72 * 25.4) for side in box] == ([297, 210] if paper == "A4" else [279, 216]), \
        "on the reader's paper, turned"
    assert opened.errors == []
