"""The layers as downloads beside the maps: one GeoPackage and a GeoParquet file per layer.

They carry the columns and types of :func:`geo.load_layer` (dates as datetimes, casualties and
station order as integers), so QGIS, R, DuckDB or GeoPandas read them without parsing GeoJSON.
The same layers give the same bytes, like every other output of the build.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path

import geopandas as gpd
import pyogrio

FOLDER = "data"
GEOPACKAGE = f"{FOLDER}/portsmouth1905.gpkg"
LAST_CHANGE = "2026-11-26T00:00:00Z"
"""The release date of this data version (CITATION.cff), written as the GeoPackage's last change
instead of the time of the build, so that a rebuild gives the same bytes."""


def parquet_name(layer: str) -> str:
    """Where a layer's GeoParquet file goes, relative to the output folder."""
    return f"{FOLDER}/{layer}.parquet"


def download_jobs(layers: dict[str, gpd.GeoDataFrame]) -> list[tuple[str, Callable[[], bytes]]]:
    """The downloads as build jobs: ``(relative path, render)``."""
    jobs: list[tuple[str, Callable[[], bytes]]] = [(GEOPACKAGE, partial(geopackage, layers))]
    jobs += [(parquet_name(name), partial(geoparquet, gdf)) for name, gdf in layers.items()]
    return jobs


def geopackage(layers: dict[str, gpd.GeoDataFrame]) -> bytes:
    """Every layer as a table of one GeoPackage, in drawing order."""
    previous = pyogrio.get_gdal_config_option("OGR_CURRENT_DATE")
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": LAST_CHANGE})
    try:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "layers.gpkg"
            for name, gdf in layers.items():
                gdf.to_file(path, layer=name, driver="GPKG")
            return path.read_bytes()
    finally:
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": previous})


def geoparquet(gdf: gpd.GeoDataFrame) -> bytes:
    """One layer as GeoParquet (geometry as WKB, CRS in the file's metadata)."""
    buffer = io.BytesIO()
    gdf.to_parquet(buffer, index=False)
    return buffer.getvalue()
