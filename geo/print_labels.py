"""The war picture's battle numbers: each beside its dot, or where dots and numbers crowd, a little
away and led to its dot by a thin line, so no two overprint (boxes measured with matplotlib's Agg
renderer, kept apart with shapely)."""

from __future__ import annotations

import math
from itertools import product
from typing import Any

import geopandas as gpd
import numpy as np
import shapely
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.figure import Figure
from matplotlib.text import Annotation, Text

from geo import style
from geo.print_draw import marker_style

NUMBER_FONT: dict[str, Any] = {"fontsize": 6, "fontweight": "bold"}
"""The battles' numbers on the war map."""
LEADER: dict[str, Any] = {"arrowstyle": "-", "linewidth": 0.5, "color": "#1a1a1a", "shrinkA": 0, "shrinkB": 0}
"""The thin line from a number set away from its dot to the dot's centre."""
DIRECTIONS = ((1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (-1, 1), (1, -1), (-1, -1))
"""Where a number may go from its dot, in order of preference: right, left, above, below, diagonals."""
RINGS = (0.0, 6.0, 12.0, 18.0, 26.0, 36.0)
"""How far (points) beyond touching its dot a number may go; past the first ring it is led to its dot."""
GAP = 1.0
"""Points between a number's box and its dot; at least half of it is kept clear around the box."""


def number_battles(ax: Axes, battles: gpd.GeoDataFrame) -> list[Annotation]:
    """Number the (projected) battles 1, 2, … in their order, each beside its dot, or where other dots
    and numbers crowd it, a little away and led to it by a thin line (see :func:`place_labels`)."""
    radii = [dot_radius(style.feature_style({"kind": kind, "victor": victor}))
             for kind, victor in zip(battles["kind"], battles["victor"], strict=True)]
    points = list(zip(battles.geometry.x, battles.geometry.y, strict=True))
    return place_labels(ax, points, radii, [str(n) for n in range(1, len(points) + 1)])


def dot_radius(options: dict[str, Any]) -> float:
    """A dot's radius in points, to the outer edge of its outline, from Leaflet circle-marker options."""
    marker = marker_style(options)
    return math.sqrt(marker["s"]) / 2 + float(marker["linewidths"]) / 2


def place_labels(ax: Axes, points: list[tuple[float, float]], radii: list[float],
                 labels: list[str]) -> list[Annotation]:
    """Label each dot (data coordinates, radius in points), in order, at the first of :data:`DIRECTIONS`
    × :data:`RINGS` whose box lies in the axes clear of every dot and of the labels and leader lines
    placed before it (else beside it, to the right). Boxes are measured with an Agg renderer."""
    figure = ax.get_figure(root=True)
    assert isinstance(figure, Figure)
    renderer = RendererAgg(figure.bbox.width, figure.bbox.height, figure.dpi)  # type: ignore[no-untyped-call]
    ax.apply_aspect()  # the axes' place on the figure, as it will be drawn
    px = figure.dpi / 72
    centres = ax.transData.transform(np.asarray(points, dtype=float).reshape(-1, 2))
    dots = list(shapely.buffer(shapely.points(centres), np.asarray(radii) * px))
    taken: list[Any] = []  # the boxes and leader lines of the labels placed so far
    frame = shapely.box(*ax.bbox.extents)
    placed = []
    for point, centre, radius, label in zip(points, centres, radii, labels, strict=True):
        size = _text_size(figure, label, renderer)
        offsets = _offsets(radius * px, size, px)
        dx, dy, ring = offsets[_free_spot(centre, offsets, size, GAP * px / 2, dots + taken, taken, frame)]
        spot = centre + np.array([dx, dy])
        taken.append(_boxes(spot, size)[0])
        if ring:
            taken.append(shapely.LineString([centre, spot]))
        placed.append(ax.annotate(label, point, xytext=(dx / px, dy / px), textcoords="offset points",
                                  ha="center", va="center", zorder=8, arrowprops=dict(LEADER) if ring else None,
                                  **NUMBER_FONT))
    return placed


def _text_size(figure: Figure, label: str, renderer: RendererBase) -> tuple[float, float]:
    """The width and height (pixels) of a number's box."""
    probe = Text(text=label, **NUMBER_FONT)
    probe.set_figure(figure)
    box = probe.get_window_extent(renderer)
    return box.width, box.height


def _offsets(radius: float, size: tuple[float, float], px: float) -> np.ndarray:
    """Candidate offsets (pixels) of a label's centre from its dot's, ring by ring, as rows
    ``(dx, dy, ring)``: the box's nearest side or corner lies :data:`GAP` plus the ring off the dot."""
    rows = []
    for ring, (ux, uy) in product(RINGS, DIRECTIONS):
        reach = (radius + (GAP + ring) * px) / (2**0.5 if ux and uy else 1)
        rows.append((ux * (reach + size[0] / 2), uy * (reach + size[1] / 2), ring))
    return np.array(rows)


def _boxes(centres: np.ndarray, size: tuple[float, float], pad: float = 0.0) -> np.ndarray:
    """Boxes of ``size`` (pixels) around ``centres`` (one or rows of x, y), grown by ``pad``."""
    x, y = np.asarray(centres).reshape(-1, 2).T
    half_w, half_h = size[0] / 2 + pad, size[1] / 2 + pad
    return np.asarray(shapely.box(x - half_w, y - half_h, x + half_w, y + half_h))


def _free_spot(centre: np.ndarray, offsets: np.ndarray, size: tuple[float, float], pad: float,
               obstacles: list[Any], crossed: list[Any], frame: Any) -> int:
    """The index of the first of ``offsets`` (see :func:`_offsets`) from ``centre`` whose box, grown by
    ``pad``, is in ``frame`` clear of ``obstacles``, and whose leader line, past the first ring, meets
    none of ``crossed``; else 0."""
    spots = centre + offsets[:, :2]
    boxes = _boxes(spots, size, pad)
    clear = shapely.contains(frame, boxes)
    if obstacles:
        clear &= ~shapely.intersects(boxes[:, None], np.asarray(obstacles)[None, :]).any(axis=1)
    if crossed:
        lines = shapely.linestrings(np.stack([np.broadcast_to(centre, spots.shape), spots], axis=1))
        meets = shapely.intersects(lines[:, None], np.asarray(crossed)[None, :]).any(axis=1)
        clear &= ~(meets & (offsets[:, 2] > 0))
    return int(np.argmax(clear)) if clear.any() else 0
