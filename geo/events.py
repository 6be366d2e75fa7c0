"""The dated events behind the layers (1875–1945): treaties, ratifications, battles, annexations.

The table lives in ``geo/data/events.json``; :func:`load_events` checks every entry and returns it
as a DataFrame sorted by day, so the maps, the time axis and the analyst API read one typed table.
A bad entry raises :class:`~geo.errors.LayerError` naming the file, the entry and the field.
"""

from __future__ import annotations

import json
import re
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

from geo import schema
from geo.errors import LayerError

EVENT_FIELDS: tuple[str, ...] = ("id", "day", "name", "name_th", "treaty", "treaty_th", "article", "source")
"""Every entry has exactly these text fields."""

PORTSMOUTH = "Treaty of Portsmouth"
"""The ``treaty`` of the events signed or done under the treaty itself; every event's ``article``
numbers articles of this treaty, whatever treaty the event is under."""

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def load_events(path: str | Path | None = None) -> pd.DataFrame:
    """The events table as a DataFrame sorted by ``day`` (a ``datetime64`` column), one row per event.

    ``path`` defaults to the table shipped with the package. Raises :class:`LayerError` for a
    missing or unreadable file, an entry without one of :data:`EVENT_FIELDS`, a duplicate or
    malformed id, a day that is not an ISO calendar date, an article that is not Roman numerals,
    or a source without an http(s) URL.
    """
    source = Path(path) if path else None
    name = str(source) if source else "geo/data/events.json"
    try:
        text = source.read_text(encoding="utf-8") if source else \
            resources.files("geo.data").joinpath("events.json").read_text(encoding="utf-8")
        document = json.loads(text)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise LayerError(f"cannot read the events table ({err.__class__.__name__})", file=name) from err
    entries = document.get("events") if isinstance(document, dict) else None
    if not isinstance(entries, list) or not entries:
        raise LayerError("expected an object with a non-empty 'events' list", file=name)
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        _check_entry(entry, index, name, seen)
    table = pd.DataFrame(entries, columns=list(EVENT_FIELDS))
    table["day"] = pd.to_datetime(table["day"], format="%Y-%m-%d")
    return table.sort_values(["day", "id"], kind="stable").reset_index(drop=True)


def _check_entry(entry: Any, index: int, file: str, seen: set[str]) -> None:
    """Raise LayerError unless one entry is well formed; remember its id in ``seen``."""
    if not isinstance(entry, dict):
        raise LayerError("an event must be an object", file=file, index=index)
    event_id = entry.get("id") if isinstance(entry.get("id"), str) else None

    def fail(problem: str, field: str) -> LayerError:
        return LayerError(problem, file=file, index=index, feature_id=event_id, field=field)

    for field in EVENT_FIELDS:
        if not isinstance(entry.get(field), str):
            raise fail("missing or not text", field)
    extra = sorted(set(entry) - set(EVENT_FIELDS))
    if extra:
        raise fail(f"unknown field(s) {', '.join(extra)}", extra[0])
    if not ID_PATTERN.match(entry["id"]):
        raise fail("must match ^[a-z0-9][a-z0-9-]*$", "id")
    if entry["id"] in seen:
        raise fail("duplicate id", "id")
    seen.add(entry["id"])
    if not schema.DATE_PATTERN.match(entry["day"]):
        raise fail(f"{entry['day']!r} is not an ISO date YYYY-MM-DD", "day")
    try:
        date.fromisoformat(entry["day"])
    except ValueError as err:
        raise fail(f"{entry['day']!r} is not a calendar date", "day") from err
    for field in ("name", "name_th", "treaty", "treaty_th"):
        if not entry[field].strip():
            raise fail("must not be empty", field)
    if not schema.ARTICLE_PATTERN.match(entry["article"]):
        raise fail("articles must be Roman numerals (AI, AII for the additional ones) separated by ', '", "article")
    if not schema.URL_PATTERN.search(entry["source"]):
        raise fail("needs at least one http(s) URL", "source")
