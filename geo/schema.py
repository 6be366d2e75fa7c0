"""The layer schema: field names, their types and the values they may take.

Every feature carries the common fields; a layer may add its own typed fields
(battles carry victor, commanders and casualties).
"""

from __future__ import annotations

import re

LAYER_NAMES: tuple[str, ...] = (
    "land",
    "polities",
    "sakhalin",
    "sakhalin_50n",
    "kwantung",
    "railway",
    "stations",
    "battles",
    "places",
)
"""Every layer of the data product, in drawing order (bottom first)."""
TEXT_LANG = "en"
"""The language of every feature's own ``name``, ``description`` and ``source`` (``name_th`` and
``description_th`` are Thai; ``name_local`` mixes the languages of the time)."""

COMMON_FIELDS: tuple[str, ...] = (
    "id",
    "name",
    "name_th",
    "name_local",
    "kind",
    "start_date",
    "end_date",
    "controller",
    "status",
    "article",
    "description",
    "description_th",
    "source",
)
"""Fields every feature has, all strings (empty where not applicable) except the dates."""

DATE_FIELDS: tuple[str, ...] = ("start_date", "end_date")
"""ISO days (``YYYY-MM-DD``), or null where the span is open."""

REQUIRED_TEXT: tuple[str, ...] = ("id", "name", "name_th", "kind", "description", "source")
"""Fields that may not be empty."""

EXTRA_FIELDS: dict[str, dict[str, str]] = {
    "battles": {
        "victor": "str",
        "commander_japan": "str",
        "commander_russia": "str",
        "casualties_japan": "int",
        "casualties_russia": "int",
    },
    "stations": {"line": "str", "order": "int"},
}
"""Layer-specific fields and their types ("int" may be null where a source gives no figure)."""

KINDS: dict[str, frozenset[str]] = {
    "land": frozenset({"basemap"}),
    "polities": frozenset({"territory"}),
    "sakhalin": frozenset({"territory"}),
    "sakhalin_50n": frozenset({"boundary"}),
    "kwantung": frozenset({"territory"}),
    "railway": frozenset({"railway"}),
    "stations": frozenset({"station"}),
    "battles": frozenset({"land", "naval", "siege"}),
    "places": frozenset({"city", "strait", "coast", "territory", "region"}),
}
"""The kinds allowed in each layer; a layer not listed here may use any kind below."""

ALL_KINDS: frozenset[str] = frozenset().union(*KINDS.values())

CONTROLLERS: frozenset[str] = frozenset({"russia", "japan", "china", "korea", "united_states"})
"""Who holds a territory, boundary or railway."""

NEEDS_CONTROLLER: frozenset[str] = frozenset({"territory", "railway"})

STATUSES: frozenset[str] = frozenset(
    {"sovereign", "leased", "occupied", "railway_concession", "protectorate"}
)
"""How it is held: title (sovereign, leased, concession, protectorate) or mere occupation."""

VICTORS: frozenset[str] = frozenset({"japan", "russia", "inconclusive"})
STATION_LINES: frozenset[str] = frozenset({"harbin-changchun", "changchun-dalian", "port-arthur-branch",
                                           "yingkou-branch"})
"""The lines the railway is drawn along (geo/data/derived.json): a station on any other is on no line drawn."""
ENUMERATED: dict[str, dict[str, frozenset[str]]] = {
    "battles": {"victor": VICTORS},
    "stations": {"line": STATION_LINES},
}
"""Layer-specific text fields that take one of a fixed set of values."""

ARTICLE_PATTERN = re.compile(r"^(?:A?[IVX]+(?:, A?[IVX]+)*)?$")
"""Treaty articles as Roman numerals separated by ', ' (e.g. 'V, VI'); 'AI', 'AII': the additional articles."""

ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]*")
"""Feature ids (matched whole): lower-case letters, digits and hyphens, so an id is safe as a CSS
class name, in a URL fragment and inside a script."""
MAX_ID_LENGTH = 100

DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
URL_PATTERN = re.compile(r"https?://[^\s;,]+")
GEOMETRY_DEPTH: dict[str, int] = {
    "Point": 1, "MultiPoint": 2, "LineString": 2, "MultiLineString": 3, "Polygon": 3, "MultiPolygon": 4,
}
"""How deeply each geometry type nests its coordinates (a Point is one position)."""
GEOMETRY_TYPES: frozenset[str] = frozenset(GEOMETRY_DEPTH)
LAYER_GEOMETRY: dict[str, frozenset[str]] = {
    "battles": frozenset({"Point"}),
}
"""The battles are numbered and dated at a point (timeline, printed war map): points only.
The other layers may use any geometry type."""

NEEDS_DATES: frozenset[str] = frozenset({"land", "naval", "siege"})
"""Kinds that happened between two days (the battles): both dates are required."""

MAX_WHOLE_NUMBER = 1_000_000_000
"""Whole-number fields (casualties, order) above this are refused as typing mistakes."""

MAX_FEATURES_PER_LAYER = 5_000
MAX_VERTICES_PER_LAYER = 2_500_000
"""A layer past either cap is refused before its geometry is built, so that reading it stays quick
and small (the benchmark's 100-fold denser coastline, 2.1 million vertices, still passes)."""
MAX_FEATURES_PER_PAGE = 10_000
MAX_VERTICES_PER_PAGE = 250_000
"""What one page may draw after simplification for its screen; a page past it is not built."""
