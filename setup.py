"""Build hook: the wheel carries the pinned third-party files the maps inline and the coastline derive reads.

No third-party file is committed to git: ``npm ci`` installs them (locked in package-lock.json) and
building the sdist or the wheel copies the ones listed here into ``geo/vendor/<npm package>/``,
each with its licence. A wheel built from an sdist takes them from the sdist's own copy.
Everything else about the package is in pyproject.toml.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.command.sdist import sdist

ROOT = Path(__file__).resolve().parent
VENDORED: dict[str, tuple[str, ...]] = {
    "leaflet": (
        "LICENSE", "package.json", "dist/leaflet.js", "dist/leaflet.css",
        *(f"dist/images/{name}.png" for name in ("layers", "layers-2x", "marker-icon", "marker-icon-2x",
                                                  "marker-shadow")),
    ),
    "leaflet.sync": ("LICENSE", "package.json", "L.Map.Sync.js"),
    "@fontsource/noto-sans-thai": (
        "LICENSE", "package.json",
        *(f"files/noto-sans-thai-thai-{weight}-normal.woff" for weight in (400, 700)),
    ),
    "world-atlas": ("LICENSE", "package.json", "land-10m.json", "land-110m.json", "countries-10m.json"),
}
"""Per npm package, the files geo/assets.py, geo/print_text.py and geo/derive.py read (and the licence)."""


def vendored_files() -> dict[str, Path]:
    """Each vendored file, as its path under ``geo/vendor/``, and where to copy it from."""
    node_modules = Path(os.environ.get("PORTSMOUTH_NODE_MODULES") or ROOT / "node_modules")
    found = {}
    for package, names in VENDORED.items():
        for name in names:
            relative = f"{package}/{name}"
            sources = [ROOT / "geo" / "vendor" / relative, node_modules / relative]
            source = next((s for s in sources if s.is_file()), None)
            if source is None:
                raise SystemExit(f"{relative} is missing: run `npm ci` in {ROOT} before building the package")
            found[relative] = source
    return found


def copy_vendored(into: Path) -> None:
    """Copy every vendored file into ``<into>/geo/vendor/``."""
    for relative, source in vendored_files().items():
        target = into / "geo" / "vendor" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)


class BuildPyWithAssets(build_py):
    """build_py that also puts the vendored files in the wheel (an editable install reads node_modules)."""

    def run(self) -> None:
        super().run()
        if not self.editable_mode:
            copy_vendored(Path(self.build_lib))


class SdistWithAssets(sdist):
    """sdist that carries the vendored files, so a wheel builds from it with no npm."""

    def make_release_tree(self, base_dir: str, files: list[str]) -> None:
        super().make_release_tree(base_dir, files)
        copy_vendored(Path(base_dir))


setup(cmdclass={"build_py": BuildPyWithAssets, "sdist": SdistWithAssets})
