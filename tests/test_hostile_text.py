"""Text from the layers stays text: markup and script in names, descriptions and sources never run."""

from __future__ import annotations

import json
import shutil
from datetime import date

import pytest

from geo.build import build_all
from geo.layers import default_layers_dir

PAYLOADS = {
    "name": '<img src=x onerror="window.__pwned=1">Mukden',
    "name_local": "'\"><svg onload=window.__pwned=2>",
    "description": "</script><script>window.__pwned=3</script>",
    "commander_russia": "<b onmouseover=window.__pwned=4>Kuropatkin</b>",
    "source": 'Evil, javascript:window.__pwned=5 ; Quote, https://example.org/"onmouseover="window.__pwned=6',
}


@pytest.fixture(scope="module")
def hostile_maps(tmp_path_factory):
    """Maps built from layers whose Mukden feature carries HTML and script payloads."""
    root = tmp_path_factory.mktemp("hostile")
    layers = root / "layers"
    shutil.copytree(default_layers_dir(), layers, ignore=shutil.ignore_patterns("*.md", "__pycache__"))
    battles = json.loads((layers / "battles.geojson").read_text(encoding="utf-8"))
    for feature in battles["features"]:
        if feature["properties"]["id"] == "battle-mukden":
            feature["properties"].update(PAYLOADS)
    (layers / "battles.geojson").write_text(json.dumps(battles, ensure_ascii=False), encoding="utf-8")
    build_all(layers, root / "maps", ["en"], log=lambda _line: None)
    return root / "maps"


def open_popup(page) -> str:
    page.eval_on_selector("path.f-battle-mukden", "e => e.dispatchEvent(new MouseEvent('click', {bubbles: true}))")
    popup = page.wait_for_selector(".leaflet-popup-content")
    page.hover(".leaflet-popup-content b")
    page.wait_for_timeout(200)
    return popup.inner_text()


def test_payloads_show_literally_and_never_run(hostile_maps, visit):
    opened = visit(hostile_maps / "explorer.html")
    page = opened.page
    text = open_popup(page)
    assert PAYLOADS["name"] in text
    assert "<svg onload" in text and "</script><script>" in text
    assert page.evaluate("window.__pwned") is None
    assert opened.errors == [], "no alert, no script error"
    assert page.locator(".leaflet-popup-content img, .leaflet-popup-content svg").count() == 0
    hrefs = page.eval_on_selector_all(".leaflet-popup-content a", "els => els.map(a => a.getAttribute('href'))")
    assert hrefs == ["https://example.org/"], "only the http(s) part of a source becomes a link"
    attributes = page.eval_on_selector_all(
        ".leaflet-popup-content *", "els => els.flatMap(e => e.getAttributeNames())")
    assert not [a for a in attributes if a.startswith("on")]


def test_timeline_names_are_text_too(hostile_maps, visit):
    opened = visit(hostile_maps / "war.html")
    page = opened.page
    index = (date(1905, 3, 5) - date(1904, 2, 8)).days
    page.eval_on_selector("input[type=range]",
                          "(s, i) => { s.value = i; s.dispatchEvent(new Event('input')); }", index)
    assert PAYLOADS["name"] in page.inner_text(".p1905-timeline")
    assert page.evaluate("window.__pwned") is None
    assert page.locator(".p1905-panel img").count() == 0
