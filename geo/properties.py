"""Checking one GeoJSON feature against the schema: its properties field by field, then its geometry.

Every problem raises :class:`~geo.errors.LayerError` naming the file, the feature and the field.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from geo import schema
from geo.errors import LayerError, shortened
from geo.geometry import check_geometry

Fail = Callable[..., LayerError]
"""Makes the error of the feature being checked: ``fail(problem, field)``."""

MIDNIGHT = "T00:00:00"
"""The time GeoPandas appends when it writes a day as a datetime."""


def check_feature(
    path: Path, index: int, feature: Any, layer: str, extra: dict[str, str]
) -> tuple[dict[str, Any], Any]:
    """Check one feature's properties and geometry; return them cleaned (dates as days, geometry as shapely)."""
    file = str(path)
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        raise LayerError("not a GeoJSON Feature", file=file, index=index)
    props = feature.get("properties")
    if not isinstance(props, dict):
        raise LayerError("has no properties object", file=file, index=index)
    raw_id = props.get("id")
    fid = raw_id if isinstance(raw_id, str) else None

    def fail(problem: str, field: str | None = None) -> LayerError:
        return LayerError(problem, file=file, index=index, feature_id=fid, field=field)

    clean = _common_fields(props, fail)
    _check_id_and_kind(clean, layer, fail)
    clean.update(_dates(clean, fail))
    _check_values(clean, fail)
    for field, kind in extra.items():
        clean[field] = _check_extra(props.get(field, None), kind, fail, field)
    for field, allowed in schema.ENUMERATED.get(layer, {}).items():
        if clean[field] not in allowed:
            raise fail(f"unknown {field} {clean[field]!r}; allowed: {', '.join(sorted(allowed))}", field)
    return clean, check_geometry(feature.get("geometry"), fail, schema.LAYER_GEOMETRY.get(layer))


def _common_fields(props: dict[str, Any], fail: Fail) -> dict[str, Any]:
    """The fields every layer has, as text: present, text, and not empty where required."""
    clean: dict[str, Any] = {}
    for field in schema.COMMON_FIELDS:
        if field not in props:
            raise fail("missing required field", field)
        value = props[field]
        if field in schema.DATE_FIELDS and value is None:  # an open end, as GeoPandas and GDAL write it
            clean[field] = ""
            continue
        if not isinstance(value, str):
            raise fail(f"must be text, got {type(value).__name__}", field)
        if field in schema.REQUIRED_TEXT and not value.strip():
            raise fail("must not be empty", field)
        clean[field] = value
    return clean


def _check_id_and_kind(clean: dict[str, Any], layer: str, fail: Fail) -> None:
    """The id is safe to put in a page; the kind is one this layer allows."""
    if not schema.ID_PATTERN.fullmatch(clean["id"]) or len(clean["id"]) > schema.MAX_ID_LENGTH:
        raise fail(
            f"{clean['id'][:60]!r} is not an id: use lower-case letters, digits and hyphens "
            f"(starting with a letter or digit, at most {schema.MAX_ID_LENGTH} characters)",
            "id",
        )
    kinds = schema.KINDS.get(layer, schema.ALL_KINDS)
    if clean["kind"] not in kinds:
        raise fail(f"unknown kind {clean['kind']!r}; allowed: {', '.join(sorted(kinds))}", "kind")


def _dates(clean: dict[str, Any], fail: Fail) -> dict[str, date | None]:
    """The start and end days, present where the kind needs them, running forward."""
    dates = {field: parse_date(clean[field], fail, field) for field in schema.DATE_FIELDS}
    for field, day in dates.items():
        if day is None and clean["kind"] in schema.NEEDS_DATES:
            raise fail(f"a {clean['kind']} battle needs both a start_date and an end_date", field)
    start, end = dates["start_date"], dates["end_date"]
    if start and end and end <= start:
        raise fail(
            f"ends ({clean['end_date']}) on or before it starts ({clean['start_date']}); "
            "end_date is the first day no longer in force",
            "end_date",
        )
    return dates


def _check_values(clean: dict[str, Any], fail: Fail) -> None:
    """Controller, status and article take their allowed values; the source cites valid URLs."""
    controller = clean["controller"]
    if controller and controller not in schema.CONTROLLERS:
        raise fail(
            f"unknown controller {controller!r}; allowed: {', '.join(sorted(schema.CONTROLLERS))}",
            "controller",
        )
    if clean["kind"] in schema.NEEDS_CONTROLLER and not controller:
        raise fail(f"a {clean['kind']} feature needs a controller", "controller")
    if clean["status"] and clean["status"] not in schema.STATUSES:
        raise fail(
            f"unknown status {clean['status']!r}; allowed: {', '.join(sorted(schema.STATUSES))}",
            "status",
        )
    if not schema.ARTICLE_PATTERN.match(clean["article"]):
        raise fail("must be Roman numerals separated by ', ' (e.g. 'V, VI') or empty", "article")
    if not schema.URL_PATTERN.search(clean["source"]):
        raise fail("must cite at least one http(s) URL", "source")
    for url in schema.URL_PATTERN.findall(clean["source"]):
        try:
            urlsplit(url)
        except ValueError as exc:
            raise fail(f"{shortened(url)} is not a valid URL ({exc})", "source") from None


def parse_date(text: str, fail: Fail, field: str) -> date | None:
    """An ISO day, or None where open (null, or "" as older files wrote it); anything else is an error.

    A midnight datetime (``1905-09-05T00:00:00``, as GeoPandas writes a date column) is that day.
    """
    if not text:
        return None
    day = text.removesuffix(MIDNIGHT)
    if not schema.DATE_PATTERN.match(day):
        raise fail(f"{text!r} is not a date in the form YYYY-MM-DD", field)
    try:
        return date.fromisoformat(day)
    except ValueError as exc:
        raise fail(f"{text!r} is not a real date ({exc})", field) from None


def _check_extra(value: Any, kind: str, fail: Fail, field: str) -> Any:
    """Type-check a layer-specific field ('int' fields may be null)."""
    if kind == "int":
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise fail(f"must be a whole number (0 or more) or null, got {shortened(value)}", field)
        if value > schema.MAX_WHOLE_NUMBER:
            raise fail(f"{shortened(value)} is larger than {schema.MAX_WHOLE_NUMBER:,}", field)
        return value
    if not isinstance(value, str):
        raise fail(f"must be text, got {type(value).__name__}", field)
    return value
