"""What a build reads, as one digest: an unchanged rebuild finds its published set by it.

The digest covers the layer files, the package's own code and data (``geo/``, with its vendored
files when installed from a wheel), the pinned npm files the pages inline, the versions of Python
and of the libraries that shape the output's bytes, and the options (languages, printed days).
It is computed from file bytes alone, without pandas or geopandas, so that finding an unchanged
build costs a fraction of importing them.
"""

from __future__ import annotations

import hashlib
import importlib.util
import sys
from collections.abc import Sequence
from datetime import date
from importlib import metadata
from pathlib import Path

from geo.errors import BuildError

PACKAGE = Path(__file__).resolve().parent
LIBRARIES = ("folium", "branca", "jinja2", "geopandas", "shapely", "pandas", "numpy", "pyogrio", "pyarrow",
             "pyproj", "matplotlib", "pillow", "fonttools")
"""Distributions whose version can change the bytes of a page, a picture or a download."""
INLINED: dict[str, tuple[str, ...]] = {
    "leaflet": ("package.json", "dist/leaflet.js", "dist/leaflet.css",
                *(f"dist/images/{name}.png" for name in ("layers", "layers-2x", "marker-icon",
                                                          "marker-icon-2x", "marker-shadow"))),
    "leaflet.sync": ("package.json", "L.Map.Sync.js"),
    "@fontsource/noto-sans-thai": ("package.json", *(f"files/noto-sans-thai-thai-{weight}-normal.woff"
                                                     for weight in (400, 700))),
}
"""The pinned npm files the pages and pictures are made from (geo/assets.py, geo/print_text.py): the
ones ``setup.py`` puts in the wheel, less the licences and the coastline only ``python -m geo.derive`` reads."""


def default_layers_dir() -> Path:
    """The layers shipped with the package (a wheel or an editable install) or beside it (a checkout).

    ``layers/`` is installed as the data-only package ``geo.layerdata``; it has no ``__init__``,
    so its folder is read from the import system's search locations.
    """
    try:
        spec = importlib.util.find_spec("geo.layerdata")
    except ModuleNotFoundError:
        spec = None
    if spec and spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    return PACKAGE.parent / "layers"


def input_digest(layers_folder: Path, langs: Sequence[str], days: Sequence[date]) -> str | None:
    """A digest of everything a build with these options reads, or None when some of it cannot be
    read (the build itself then says what is wrong)."""
    from geo import assets  # only here: it imports branca, which the rest of this module does without

    digest = hashlib.sha256()
    options = [*langs, "|", *(day.isoformat() for day in days), "|", sys.version]
    options += [f"{name}={_version(name)}" for name in LIBRARIES]
    digest.update("\0".join(options).encode("utf-8"))
    try:
        files = [(path.name, path) for path in sorted(layers_folder.glob("*.geojson"))]
        files += [(path.relative_to(PACKAGE).as_posix(), path) for path in _package_files()]
        files += [(f"{package}/{name}", assets.npm_file(package, name))
                  for package, names in INLINED.items() for name in names]
        for label, path in files:
            digest.update(f"\0{label}\0".encode() + hashlib.sha256(path.read_bytes()).digest())
    except (OSError, BuildError):  # unreadable or missing: no shortcut, the build reports it
        return None
    return digest.hexdigest()[:20]


def _package_files() -> list[Path]:
    """The package's own files (code, data, templates, strings), in a fixed order."""
    return sorted(p for p in PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "-"
