"""Limits that keep a page usable: points merged to the map's resolution, and caps on what a page draws."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from geo import schema
from geo.build import build_all, main
from geo.errors import BuildError
from geo.layers import default_layers_dir

CORPUS = Path(__file__).resolve().parent / "bad_layers"


def layers_with_points(tmp_path: Path, points: np.ndarray) -> Path:
    """The shipped layers plus one station that is a MultiPoint of ``points`` (longitude, latitude)."""
    folder = tmp_path / "layers"
    shutil.copytree(default_layers_dir(), folder, ignore=shutil.ignore_patterns("*.md", "__pycache__"))
    stations = json.loads((folder / "stations.geojson").read_text(encoding="utf-8"))
    extra = json.loads(json.dumps(stations["features"][0]))
    extra["properties"]["id"] = "station-cloud"
    extra["geometry"] = {"type": "MultiPoint", "coordinates": np.round(points, 5).tolist()}
    stations["features"].append(extra)
    (folder / "stations.geojson").write_text(json.dumps(stations), encoding="utf-8")
    return folder


def test_dense_points_are_merged_to_what_the_screen_shows(tmp_path):
    rng = np.random.default_rng(1905)
    cloud = rng.random((300_000, 2)) + np.array([123.0, 41.5])  # 300,000 points in one degree square near Mukden
    out = tmp_path / "maps"
    build_all(layers_with_points(tmp_path, cloud), out, ["en"], log=lambda _line: None, workers=1)
    explorer = (out / "explorer.html").stat().st_size
    assert explorer < 2_500_000, f"explorer is {explorer:,} bytes: the points were not merged"


def test_a_page_past_the_vertex_cap_is_refused_in_one_line(tmp_path, capsys):
    lon, lat = np.meshgrid(np.arange(118.5, 146.0, 0.05), np.arange(34.0, 54.5, 0.05))
    grid = np.column_stack([lon.ravel(), lat.ravel()])  # ~225,000 points, 5 km apart, on the explorer
    assert schema.MAX_VERTICES_PER_PAGE < len(grid) * 2 < schema.MAX_VERTICES_PER_LAYER
    folder = layers_with_points(tmp_path, np.concatenate([grid, grid + 0.025]))
    code = main(["--layers", str(folder), "--out", str(tmp_path / "maps"), "--lang", "en", "--jobs", "1"])
    lines = capsys.readouterr().err.splitlines()
    assert code == 2 and len(lines) == 1, lines
    assert lines[0].startswith("error: explorer.html: the page would draw more than 250,000 vertices")
    assert "'stations'" in lines[0]
    assert not (tmp_path / "maps").exists()


def test_a_page_past_the_feature_cap_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(schema, "MAX_FEATURES_PER_PAGE", 50)
    with pytest.raises(BuildError, match=r"explorer.html: the page would draw more than 50 features"):
        build_all(out_dir=tmp_path / "maps", langs=["en"], log=lambda _line: None, workers=1)
