"""A rebuild with nothing changed draws nothing; a changed layer or a damaged output is rebuilt."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from geo import printing
from geo.build import build_all
from geo.inputs import default_layers_dir

PICTURE = Path("print/explorer-after.png")


@pytest.fixture()
def counted(monkeypatch) -> list[str]:
    """The subtitles of the before/after pictures drawn from now on (builds run in this process)."""
    drawn: list[str] = []
    render = printing.render_print

    def counting(data, spec, subtitles, day):
        drawn.extend(subtitles.values())
        return render(data, spec, subtitles, day)

    monkeypatch.setattr(printing, "render_print", counting)
    return drawn


def build(layers: Path, out: Path) -> list[str]:
    """Build English into ``out`` in this process; return the lines it logged."""
    lines: list[str] = []
    build_all(layers, out, langs=["en"], log=lines.append, workers=1)
    return lines


def identity(path: Path) -> tuple[int, int]:
    """The file a link leads to, and when it was written."""
    found = path.resolve().stat()
    return found.st_ino, found.st_mtime_ns


def test_unchanged_rebuild_redraws_nothing_and_a_changed_layer_redraws(tmp_path, counted):
    layers, out = tmp_path / "layers", tmp_path / "maps"
    shutil.copytree(default_layers_dir(), layers)
    build(layers, out)
    assert counted, "the first build draws the pictures"
    before = identity(out / PICTURE)

    counted.clear()
    lines = build(layers, out)
    assert counted == [], "nothing is drawn again"
    assert not [line for line in lines if line.startswith("built ") and not line.endswith(" s")]
    assert identity(out / PICTURE) == before, "the published picture is the same file"

    battles = layers / "battles.geojson"
    collection = json.loads(battles.read_text(encoding="utf-8"))
    collection["features"][0]["properties"]["name"] = "Renamed battle"
    battles.write_text(json.dumps(collection, ensure_ascii=False), encoding="utf-8")
    build(layers, out)
    assert counted, "a changed layer draws the pictures again"
    assert identity(out / PICTURE) != before
    assert "Renamed battle" in (out / "explorer.html").read_text(encoding="utf-8")


def test_a_damaged_published_set_is_rebuilt(tmp_path, counted):
    layers, out = default_layers_dir(), tmp_path / "maps"
    build(layers, out)
    intact = (out / PICTURE).read_bytes()
    damaged = (out / PICTURE).resolve()
    damaged.write_bytes(intact[:100])

    counted.clear()
    build(layers, out)
    assert counted, "a published file no longer matching its build's digest is not trusted"
    assert (out / PICTURE).read_bytes() == intact
