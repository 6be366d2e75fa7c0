"""Layer text stays text: template syntax, script-breaking text and markup in every free-text field
of every layer is shown as written in every popup, tooltip and panel, and nothing in it runs.

The corpus is ``tests/hostile_text/corpus.json``: ``payloads`` go into every free-text field of
every feature (joined into one string between ⟦ and ⟧), ``ids`` are ids the loader must refuse.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from geo import schema
from geo.errors import LayerError
from geo.layers import default_layers_dir, load_layers

ROOT = Path(__file__).resolve().parent.parent
CORPUS = json.loads((Path(__file__).resolve().parent / "hostile_text" / "corpus.json").read_text(encoding="utf-8"))
HOSTILE = "⟦" + " ¦ ".join(CORPUS["payloads"]) + "⟧"
"""Every payload at once, between markers: a field shows as written when both markers and all
between them appear intact."""
FREE_TEXT = ("name", "name_th", "name_local", "description", "description_th", "source",
             "commander_japan", "commander_russia")
"""Every text field the schema does not restrict to a list of values (or a date, or an id)."""
SECRET = "p1905-secret-value-9d1c"
MARKER = "p1905-pwned-marker"
PAGES = ("explorer", "compare", "sakhalin", "liaodong", "war", "demands")


def copy_layers(folder: Path) -> Path:
    shutil.copytree(default_layers_dir(), folder, ignore=shutil.ignore_patterns("*.md", "__pycache__"))
    return folder


def poison(folder: Path) -> int:
    """Put the hostile text into every free-text field of every feature; return how many fields."""
    fields = 0
    for path in sorted(folder.glob("*.geojson")):
        layer = json.loads(path.read_text(encoding="utf-8"))
        for feature in layer["features"]:
            props = feature["properties"]
            for field in FREE_TEXT:
                if isinstance(props.get(field), str):
                    # A source keeps its real citations and gains one more: the hostile text.
                    joiner = " ; " if field == "source" else " "
                    props[field] = f"{props[field]}{joiner}{HOSTILE}".strip()
                    fields += 1
        path.write_text(json.dumps(layer, ensure_ascii=False), encoding="utf-8")
    return fields


def build(layers: Path, out: Path, cwd: Path, *langs: str) -> subprocess.CompletedProcess[str]:
    """build_maps.py in its own process, from ``cwd``, with a secret in its environment."""
    command = [sys.executable, str(ROOT / "build_maps.py"), "--layers", str(layers), "--out", str(out)]
    for lang in langs:
        command += ["--lang", lang]
    env = {**os.environ, "P1905_SECRET": SECRET}
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=600)


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    """Every map in both languages, built from layers with hostile text in every free-text field."""
    root = tmp_path_factory.mktemp("hostile")
    layers = copy_layers(root / "layers")
    assert poison(layers) > 500
    result = build(layers, root / "maps", root)
    return root, result


def test_the_build_succeeds_and_evaluates_nothing(hostile_build):
    root, result = hostile_build
    assert result.returncode == 0, result.stderr[-2000:]
    assert not (root / MARKER).exists(), "a template expression ran a shell command"
    for page in (root / "maps").rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert SECRET not in html, f"{page.name} holds a value from the build's environment"
        assert "window.__pwned" not in html.replace("window.__pwned=", ""), "payloads keep their '='"


READ_EVERY_POPUP_AND_TOOLTIP = """() => {
    // The keyboard route to every feature: the text alternative's buttons, at the first, middle and
    // last stop of the axis (or of the war's days), each opening its popup; then every name tooltip.
    const forbidden = "img,script,svg,iframe,object,embed,[onerror],[onload],[onmouseover],[onclick]";
    const texts = [];
    let unsafe = 0;
    const read = element => { texts.push(element.innerText); unsafe += element.querySelectorAll(forbidden).length; };
    const sliders = [...document.querySelectorAll("input[type=range]")];
    const moments = sliders.length ? ["min", "mid", "max"] : ["now"];
    moments.forEach(moment => {
        sliders.forEach(slider => {
            const low = Number(slider.min), high = Number(slider.max);
            slider.value = moment === "min" ? low : moment === "max" ? high : Math.round((low + high) / 2);
            slider.dispatchEvent(new Event("input"));
        });
        document.querySelectorAll(".p1905-alt").forEach(read);
        document.querySelectorAll("button.p1905-open").forEach(button => {
            button.click();
            document.querySelectorAll(".leaflet-popup-content").forEach(read);
            document.dispatchEvent(new KeyboardEvent("keydown", {key: "Escape", bubbles: true}));
        });
    });
    document.querySelectorAll(".leaflet-tooltip").forEach(read);
    return {texts: texts, unsafe: unsafe, pwned: window.__pwned === undefined ? null : window.__pwned};
}"""


def assert_shown_as_written(texts: list[str]) -> int:
    """Every hostile string in the texts is whole; returns how many texts showed it."""
    showing = 0
    for text in texts:
        assert text.count("⟦") == text.count(HOSTILE) == text.count("⟧"), f"mangled: {text[:300]!r}"
        showing += HOSTILE in text
    return showing


@pytest.mark.parametrize("lang", ["en", "th"])
@pytest.mark.parametrize("page", PAGES)
def test_every_popup_and_tooltip_shows_the_text_as_written(hostile_build, visit, page, lang):
    root, result = hostile_build
    assert result.returncode == 0, result.stderr[-2000:]
    folder = root / "maps" / ("th" if lang == "th" else "")
    opened = visit(folder / f"{page}.html")
    found = opened.page.evaluate(READ_EVERY_POPUP_AND_TOOLTIP)
    assert found["pwned"] is None, "a payload ran"
    assert found["unsafe"] == 0, "markup from the layers became elements"
    if page != "demands":  # the demands map's popups hold our own text, not the layers'
        assert assert_shown_as_written(found["texts"]) >= 5
    assert opened.errors == [], "no alert, no script error"
    assert opened.page.evaluate("window.__pwned") is None


def test_timeline_titles_are_text_too(hostile_build, visit):
    root, _result = hostile_build
    opened = visit(root / "maps" / "war.html")
    page = opened.page
    index = (date(1905, 3, 5) - date(1904, 2, 8)).days
    page.eval_on_selector("input[type=range]",
                          "(s, i) => { s.value = i; s.dispatchEvent(new Event('input')); }", index)
    assert assert_shown_as_written([page.inner_text(".p1905-panel")]) == 1
    assert page.locator(".p1905-panel img, .p1905-panel script").count() == 0
    assert page.evaluate("window.__pwned") is None
    assert opened.errors == []


@pytest.mark.parametrize("bad_id", CORPUS["ids"], ids=lambda i: repr(i)[:40])
def test_ids_outside_the_safe_pattern_are_refused(tmp_path, bad_id):
    layers = copy_layers(tmp_path / "layers")
    battles = json.loads((layers / "battles.geojson").read_text(encoding="utf-8"))
    battles["features"][3]["properties"]["id"] = bad_id
    (layers / "battles.geojson").write_text(json.dumps(battles), encoding="utf-8")
    with pytest.raises(LayerError) as caught:
        load_layers(layers)
    assert caught.value.field == "id" and caught.value.index == 3
    assert "battles.geojson" in str(caught.value) and "\n" not in str(caught.value)


def test_a_script_in_an_id_stops_the_build_with_one_line(tmp_path):
    layers = copy_layers(tmp_path / "layers")
    battles = json.loads((layers / "battles.geojson").read_text(encoding="utf-8"))
    battles["features"][0]["properties"]["id"] = CORPUS["ids"][0]
    (layers / "battles.geojson").write_text(json.dumps(battles), encoding="utf-8")
    result = build(layers, tmp_path / "maps", tmp_path, "en")
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert lines[0].startswith("error: battles.geojson") or "battles.geojson" in lines[0]
    assert "field 'id'" in lines[0] and "Traceback" not in result.stderr
    assert not (tmp_path / "maps" / "explorer.html").exists()


def test_shipped_ids_follow_the_pattern(layers):
    for gdf in layers.values():
        assert all(schema.ID_PATTERN.fullmatch(i) for i in gdf["id"])
