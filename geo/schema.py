"""The layer schema: field names, their types and the values they may take.

Every feature carries the common fields; a layer may add its own typed fields
(battles carry victor, commanders and casualties).
"""

from __future__ import annotations

import re

LAYER_NAMES: tuple[str, ...] = (
    "land",
    "sakhalin",
    "sakhalin_50n",
    "kwantung",
    "railway",
    "stations",
    "battles",
    "places",
)
"""Every layer of the data product, in drawing order (bottom first)."""

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

ARTICLE_PATTERN = re.compile(r"^(?:[IVX]+(?:, [IVX]+)*)?$")
"""Treaty articles as Roman numerals, several separated by ', ' (e.g. 'V, VI')."""

DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
URL_PATTERN = re.compile(r"https?://[^\s;,]+")
GEOMETRY_TYPES: frozenset[str] = frozenset(
    {"Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon"}
)
