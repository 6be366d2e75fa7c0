"""Page geometry as short strings: every run of positions quantised to the map's grid and
delta-encoded with the encoded-polyline algorithm, a fifth of the bytes of GeoJSON number arrays.

A value is rounded to ``digits`` decimal places (the grid the map can show, ``geo.mapdata.grid``),
written as the difference from the previous value on the same axis, its sign folded into the lowest
bit, and cut into 5-bit groups, least significant first; each group, with a continuation bit, is one
character ``chr(63 + group)``. The page script reverses this (``decodeLine`` in ``geo/js/page/decode.js``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

import shapely

MAX_DIGITS = 6
"""The finest grid the page decoder reads exactly: a difference of 360° must fit its 32-bit integers."""
DEPTH = {"Point": 0, "MultiPoint": 1, "LineString": 1, "Polygon": 2, "MultiLineString": 2, "MultiPolygon": 3}
"""How deep each GeoJSON type nests its runs of positions (a Point is one position)."""


def digits(grid: float) -> int:
    """The decimal places of a power-of-ten grid (0.001 → 3), checked against what the decoder reads."""
    places = -round(math.log10(grid))
    if not 0 <= places <= MAX_DIGITS or not math.isclose(grid, 10.0 ** -places):
        raise ValueError(f"grid {grid!r} is not a power of ten between 1 and 1e-{MAX_DIGITS}")
    return places


def encode_positions(positions: Iterable[Sequence[float]], places: int) -> str:
    """One string for a run of (x, y) positions, rounded to ``places`` decimals (z is dropped)."""
    scale = 10 ** places
    chars: list[str] = []
    last = (0, 0)
    for position in positions:
        here = (round(position[0] * scale), round(position[1] * scale))
        for value, before in zip(here, last, strict=True):
            _encode_value(value - before, chars)
        last = here
    return "".join(chars)


def _encode_value(delta: int, chars: list[str]) -> None:
    """Append one difference: sign in the lowest bit, then 5-bit groups with a continuation bit."""
    folded = ~(delta << 1) if delta < 0 else delta << 1
    while folded >= 0x20:
        chars.append(chr(63 + (0x20 | (folded & 0x1F))))
        folded >>= 5
    chars.append(chr(63 + folded))


def decode_positions(text: str, places: int) -> list[tuple[float, float]]:
    """The positions of one encoded string, as the page script reads them."""
    scale = 10 ** places
    values: list[int] = []
    at = 0
    while at < len(text):
        folded = shift = 0
        while True:
            group = ord(text[at]) - 63
            at += 1
            folded |= (group & 0x1F) << shift
            shift += 5
            if group < 0x20:
                break
        values.append(~(folded >> 1) if folded & 1 else folded >> 1)
    if len(values) % 2:
        raise ValueError("an encoded run of positions has an odd number of values")
    positions = []
    x = y = 0
    for dx, dy in zip(values[::2], values[1::2], strict=True):
        x, y = x + dx, y + dy
        positions.append((x / scale, y / scale))
    return positions


def encode_geometry(geometry: Any, places: int) -> dict[str, Any]:
    """A shapely geometry as GeoJSON whose every run of positions is one encoded string."""
    mapped = shapely.geometry.mapping(geometry)
    if mapped["type"] == "GeometryCollection":
        return {"type": "GeometryCollection", "geometries": [encode_geometry(g, places) for g in geometry.geoms]}
    return {"type": mapped["type"], "coordinates": _pack(mapped["coordinates"], DEPTH[mapped["type"]], places)}


def _pack(coordinates: Any, depth: int, places: int) -> Any:
    if depth == 0:
        return encode_positions([coordinates], places)
    if depth == 1:
        return encode_positions(coordinates, places)
    return [_pack(part, depth - 1, places) for part in coordinates]


def decode_geometry(encoded: dict[str, Any], places: int) -> Any:
    """The shapely geometry an encoded one stands for (for checks; the page decodes its own)."""
    if encoded["type"] == "GeometryCollection":
        return shapely.GeometryCollection([decode_geometry(g, places) for g in encoded["geometries"]])
    return shapely.geometry.shape({"type": encoded["type"],
                                   "coordinates": _unpack(encoded["coordinates"], DEPTH[encoded["type"]], places)})


def _unpack(coordinates: Any, depth: int, places: int) -> Any:
    if depth == 0:
        return decode_positions(coordinates, places)[0]
    if depth == 1:
        return decode_positions(coordinates, places)
    return [_unpack(part, depth - 1, places) for part in coordinates]
