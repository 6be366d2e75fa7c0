"""The package as others get it: a wheel installed outside the checkout, a complete sdist,
licences and credit, a data version, and the downloads beside the maps."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tarfile
import tomllib
import venv
import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from geopandas.testing import assert_geodataframe_equal

import geo
from geo import downloads

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def dists(tmp_path_factory) -> tuple[Path, Path]:
    """``python -m build``: the sdist, and the wheel built from that sdist."""
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run([sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "License classifiers are deprecated" not in done.stdout + done.stderr
    assert "`project.license` as a TOML table is deprecated" not in done.stdout + done.stderr
    return next(out.glob("*.tar.gz")), next(out.glob("*.whl"))


@pytest.fixture(scope="module")
def installed(dists, tmp_path_factory) -> Path:
    """A fresh venv outside the checkout with the wheel installed; its dependencies are this
    environment's (its site-packages folders, listed in a .pth file, after the venv's own), so no
    index is needed."""
    _sdist, wheel = dists
    home = tmp_path_factory.mktemp("venv") / "env"
    venv.create(home, with_pip=True)
    python = home / "bin" / "python"
    subprocess.run([python, "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)], check=True)
    site = Path(subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True).stdout.strip())
    ours = [entry for entry in sys.path if entry.endswith(("site-packages", "dist-packages"))]
    (site / "dependencies-from-the-test-env.pth").write_text("\n".join(ours) + "\n")
    return home


def run_outside(home: Path, args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run a program of the fresh venv in a folder outside the checkout, with no npm folder to find."""
    env = {k: v for k, v in os.environ.items() if k not in ("PORTSMOUTH_NODE_MODULES", "PYTHONPATH")}
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)


def files_in(folder: Path) -> dict[Path, bytes]:
    """The published set of an output folder (what its ``current`` link points to)."""
    current = folder / "current"
    return {p.relative_to(current): p.read_bytes() for p in current.rglob("*") if p.is_file()}


def readme_python_example() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    analysts = readme[readme.index("## The layers (for analysts)"):]
    return re.search(r"```python\n(.*?)```", analysts, re.S).group(1)


def test_the_wheel_holds_the_package_its_assets_and_no_tests(dists):
    names = zipfile.ZipFile(dists[1]).namelist()
    assert not [n for n in names if n.startswith("tests/") or n.endswith(("bench.py", "chromium.py", "conftest.py"))]
    for required in ("geo/py.typed", "geo/layerdata/sakhalin.geojson", "geo/layerdata/licences.json",
                     "geo/vendor/leaflet/dist/leaflet.js", "geo/vendor/leaflet/LICENSE",
                     "geo/vendor/@fontsource/noto-sans-thai/LICENSE", "geo/vendor/world-atlas/land-10m.json",
                     "geo/vendor/world-atlas/countries-10m.json"):
        assert required in names, required
    assert any(n.endswith("licenses/LICENSE-DATA") for n in names)
    metadata = zipfile.ZipFile(dists[1]).read(next(n for n in names if n.endswith("METADATA"))).decode()
    assert "License-Expression: MIT AND CC-BY-4.0 AND ODbL-1.0" in metadata
    assert f"Version: {geo.__version__}" in metadata


def test_the_sdist_is_complete(dists):
    with tarfile.open(dists[0]) as archive:
        names = {n.split("/", 1)[1] for n in archive.getnames() if "/" in n}
    for required in ("build_maps.py", "package.json", "package-lock.json", "setup.py", "LICENSE", "LICENSE-DATA",
                     "CITATION.cff", "CHANGELOG.md", "tests/conftest.py", "tests/bench.py",
                     "tests/bad_layers/bad_date.geojson", "tests/bad_layers/README.md", "layers/licences.json",
                     "geo/vendor/leaflet/dist/leaflet.js"):
        assert required in names, required


def test_from_the_wheel_outside_the_checkout(installed, tmp_path, built_maps):
    """The README's example, plain GeoPandas through layer_path, and portsmouth-maps with no npm
    building the same files, byte for byte, as the checkout does."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    python = str(installed / "bin" / "python")
    example = run_outside(installed, [python, "-c", readme_python_example()], elsewhere)
    assert example.returncode == 0, example.stderr
    assert "sakhalin-south" not in example.stderr

    check = ("import geo, geopandas as gpd; frame = gpd.read_file(geo.layer_path('sakhalin'));"
             "print(geo.__file__); print(frame['start_date'].dtype, frame['end_date'].dtype)")
    plain = run_outside(installed, [python, "-c", check], elsewhere)
    assert plain.returncode == 0, plain.stderr
    where, dtypes = plain.stdout.splitlines()
    assert Path(where).is_relative_to(installed) and not Path(where).is_relative_to(ROOT)
    assert dtypes.split() == ["datetime64[ms]", "datetime64[ms]"]

    command = str(installed / "bin" / "portsmouth-maps")
    helped = run_outside(installed, [command, "--help"], elsewhere)
    assert helped.stdout.startswith("usage: portsmouth-maps")
    built = run_outside(installed, [command, "--out", "maps"], elsewhere)
    assert built.returncode == 0, built.stderr
    from_wheel = files_in(elsewhere / "maps")
    from_checkout = files_in(built_maps)
    assert Path("explorer.html") in from_wheel and Path(downloads.GEOPACKAGE) in from_wheel
    assert sorted(from_wheel) == sorted(from_checkout)
    assert [name for name in from_wheel if from_wheel[name] != from_checkout[name]] == []
    again = run_outside(installed, [command, "--out", "maps"], elsewhere)
    assert again.returncode == 0, again.stderr
    assert "those of the published build" in again.stdout + again.stderr, "an unchanged rebuild from the wheel redraws"

    notebook = ("import geo; from geo.assets import check_self_contained; shown = geo.explorer_map(day='1910-08-29');"
                "check_self_contained(shown.get_root().render()); shown.save('notebook.html'); print(type(shown))")
    rendered = run_outside(installed, [python, "-c", notebook], elsewhere)
    assert rendered.returncode == 0, rendered.stderr
    assert "folium.folium.Map" in rendered.stdout
    assert '"views":[{"day":"1910-08-29"' in (elsewhere / "notebook.html").read_text(encoding="utf-8")

    refused = run_outside(installed, [python, "-m", "geo.derive", "--hand-kept-only"], elsewhere)
    assert refused.returncode == 2 and "pass --layers" in refused.stderr


def test_the_sdist_tests_pass_from_the_unpacked_sdist(dists, installed, tmp_path):
    """Unpacked, the sdist's own tests run against its own tree (a fast part of them: data and API)."""
    with tarfile.open(dists[0]) as archive:
        archive.extractall(tmp_path, filter="data")
    tree = next(tmp_path.glob("portsmouth1905-*"))
    done = run_outside(installed, [str(installed / "bin" / "python"), "-m", "pytest", "-q", "-p", "no:cacheprovider",
                                   "tests/test_api.py", "tests/test_bad_layers.py"], tree)
    assert done.returncode == 0, done.stdout[-3000:]
    assert " passed" in done.stdout


def test_every_layer_has_a_licence_and_an_attribution():
    table = json.loads((ROOT / "layers" / "licences.json").read_text(encoding="utf-8"))["layers"]
    assert set(table) == set(geo.layer_names())
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["license"]
    readme = (ROOT / "layers" / "README.md").read_text(encoding="utf-8")
    for name, entry in table.items():
        assert entry["licence"] in declared.split(" AND "), name
        assert entry["attribution"], name
        assert f"| `{name}` | {entry['licence']} |" in readme, name
    for osm_derived in ("stations", "railway"):
        assert table[osm_derived]["licence"] == "ODbL-1.0"
        assert "© OpenStreetMap contributors" in table[osm_derived]["attribution"]


def test_the_printable_pictures_credit_openstreetmap_where_they_show_its_data(monkeypatch):
    from matplotlib.figure import Figure

    from geo import maps, printing
    from geo.i18n import strings

    written: list[str] = []
    original = Figure.text

    def text(self, x, y, s, *args, **kwargs):
        written.append(s)
        return original(self, x, y, s, *args, **kwargs)

    monkeypatch.setattr(Figure, "text", text)
    data = maps.prepare(geo.load_layers())
    spec = next(spec for spec in maps.MAPS if spec.name == "explorer")
    printing.render_print(data, spec, {"en": "after"}, geo.TREATY_DAY)
    assert any(strings("en")["attribution_stations"] in line for line in written)
    written.clear()
    printing.render_war_print(data, next(spec for spec in maps.MAPS if spec.timeline), ["en"])
    assert not any("OpenStreetMap" in line for line in written)


def test_one_data_version_everywhere():
    citation = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert f"\nversion: {geo.__version__}\n" in citation
    released = re.search(r"\ndate-released: (\S+)\n", citation).group(1)
    assert downloads.LAST_CHANGE.startswith(released)
    assert f"## {geo.__version__} — {released}" in (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")


def test_the_downloads_read_back_as_the_layers(built_maps):
    layers = geo.load_layers()
    geopackage = built_maps / downloads.GEOPACKAGE
    for name, layer in layers.items():
        parquet = gpd.read_parquet(built_maps / downloads.parquet_name(name))
        assert_geodataframe_equal(parquet, layer)
        table = gpd.read_file(geopackage, layer=name)
        assert list(table.columns) == list(layer.columns), name
        for field in ("start_date", "end_date"):
            assert pd.api.types.is_datetime64_any_dtype(table[field]), (name, field)
            table[field] = table[field].dt.as_unit("us")
        # GeoPackage keeps one geometry type a table: a layer mixing polygons and multipolygons reads
        # back as multipolygons, the same shapes (compared as shapes, not as coordinate lists)
        assert_geodataframe_equal(table, layer, check_dtype=False, check_geom_type=False)
    index = (built_maps / "index.html").read_text(encoding="utf-8")
    assert f'href="{downloads.GEOPACKAGE}"' in index
    assert f'href="../{downloads.parquet_name("battles")}"' in (built_maps / "th" / "index.html").read_text("utf-8")


def test_the_readme_layer_table_names_every_layer_once():
    """Analysts pick a layer from the README's table: it lists exactly the layers there are."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## The layers (for analysts)"):readme.index("```python")]
    assert sorted(re.findall(r"^\| `(\w+)` \|", section, re.M)) == sorted(geo.layer_names())
