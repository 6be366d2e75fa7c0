"""geo.explorer_map: the explorer for a notebook, opened on a chosen day, offline."""

from __future__ import annotations

import folium
import pytest

import geo
from tests.test_browser import holders_expected, holders_listed


def test_explorer_map_opens_on_the_chosen_day_offline(tmp_path, visit, layers):
    shown = geo.explorer_map(day="1905-12-31", lang="th")
    assert isinstance(shown, folium.Map)
    shown.save(tmp_path / "explorer.html")
    opened = visit(tmp_path / "explorer.html")
    assert opened.external == [] and opened.errors == []
    assert opened.page.get_attribute(".leaflet-container", "data-day") == "1905-12-31"
    listed = holders_listed(opened.page)
    expected = holders_expected(layers, "1905-12-31")
    assert {k: v for k, v in listed.items() if k in expected} == expected
    assert opened.page.get_attribute("html", "lang") == "th"


def test_notebook_display_is_the_page_in_a_frame():
    shown = geo.explorer_map()
    frame = shown._repr_html_()
    assert '<iframe srcdoc="' in frame and "<script" not in frame, "the page is one escaped attribute"
    assert "p1905-data" in frame and "&lt;script" in frame


def test_folium_layers_added_to_the_map_are_drawn_on_the_page(tmp_path, visit):
    """An analyst's own folium layer joins the project's page, offline, beside its features."""
    shown = geo.explorer_map(day="1905-09-05")
    folium.CircleMarker([46.63, 142.77], radius=9, color="#123456", tooltip="my point").add_to(shown)
    shown.save(tmp_path / "mine.html")
    opened = visit(tmp_path / "mine.html")
    assert opened.external == [] and opened.errors == []
    assert opened.page.locator('path.leaflet-interactive[stroke="#123456"]').count() == 1
    assert opened.page.get_attribute(".leaflet-container", "data-day") == "1905-09-05"


def test_a_loaded_layer_joins_the_map_as_the_readme_shows(tmp_path):
    """A layer from geo.load_layer, dates and all, added the way the README says, is on the saved page."""
    battles = geo.load_layer("battles")
    shown = geo.explorer_map()
    folium.GeoJson(battles.to_json(default=str), name="my battles").add_to(shown)
    shown.save(tmp_path / "mine.html")
    page = (tmp_path / "mine.html").read_text(encoding="utf-8")
    assert '"start_date": "1905-02-20 00:00:00"' in page, "Mukden's start, as the added layer's data"


def test_a_malformed_day_is_refused():
    with pytest.raises(geo.DayError, match="05/09/1905"):
        geo.explorer_map(day="05/09/1905")
