"""geo.explorer_map: the explorer for a notebook, opened on a chosen day, offline."""

from __future__ import annotations

import pytest

import geo
from tests.test_browser import holders_expected, holders_listed


def test_explorer_map_opens_on_the_chosen_day_offline(tmp_path, visit, layers):
    shown = geo.explorer_map(day="1905-12-31", lang="th")
    opened = visit(shown.save(tmp_path / "explorer.html"))
    assert opened.external == [] and opened.errors == []
    assert opened.page.get_attribute(".leaflet-container", "data-day") == "1905-12-31"
    listed = holders_listed(opened.page)
    expected = holders_expected(layers, "1905-12-31")
    assert {k: v for k, v in listed.items() if k in expected} == expected
    assert opened.page.get_attribute("html", "lang") == "th"


def test_notebook_display_is_the_page_in_a_frame():
    shown = geo.explorer_map()
    frame = shown._repr_html_()
    assert frame.startswith("<iframe srcdoc=") and "<script" not in frame, "the page is one escaped attribute"
    assert "&lt;script" in frame


def test_a_malformed_day_is_refused():
    with pytest.raises(geo.DayError, match="05/09/1905"):
        geo.explorer_map(day="05/09/1905")
