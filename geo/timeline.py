"""Dates: the treaty day, the state of the layers on a day, and dates as readers see them.

A feature is in force from ``start_date`` (inclusive) to ``end_date``
(exclusive), either open when empty, as OpenHistoricalMap records it. The map
states "before" and "after" are just two days.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeAlias

if TYPE_CHECKING:  # pandas is imported where a day needs it, so the command reads its options without it
    import geopandas as gpd
    import numpy as np
    import pandas as pd

from geo.errors import DayError
from geo.i18n import strings

TREATY_DAY = date(1905, 9, 5)
"""Signing of the Treaty of Portsmouth (23 August 1905 in Russia's Julian calendar)."""
BEFORE_DAY = TREATY_DAY - timedelta(days=1)
"""The last day before the treaty: the map's "before" state."""
WAR_START = date(1904, 2, 8)
"""The Japanese attack on Port Arthur that opened the war."""

Day: TypeAlias = "date | datetime | pd.Timestamp | str"
"""What the API accepts as a day: a date, a datetime or Timestamp (its day), or ISO ``YYYY-MM-DD`` text."""
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_day(value: Any) -> date:
    """The calendar day a value names, or :class:`~geo.errors.DayError` naming the value.

    Accepts ISO ``YYYY-MM-DD`` text, a ``date``, and a ``datetime`` or ``pandas.Timestamp``
    (its day; one with a time zone is converted to UTC first). Anything else — numbers,
    ``None``, ``NaT``, other date formats such as ``05/09/1905`` — is refused rather than guessed.
    """
    if isinstance(value, datetime):  # pandas.Timestamp is a datetime
        import pandas as pd

        if pd.isna(value):
            raise DayError(f"{value!r} is not a day (a missing timestamp)")
        if value.tzinfo is not None:
            value = pd.Timestamp(value).tz_convert("UTC")
        return date(value.year, value.month, value.day)
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        if not ISO_DAY.match(value):
            raise DayError(f"{value!r} is not a day in the form YYYY-MM-DD")
        try:
            return date.fromisoformat(value)
        except ValueError as exc:
            raise DayError(f"{value!r} is not a real day ({exc})") from None
    raise DayError(
        f"{value!r} ({type(value).__name__}) is not a day: give YYYY-MM-DD text, a date, a datetime or a Timestamp"
    )


def state_at(gdf: gpd.GeoDataFrame, day: Day) -> gpd.GeoDataFrame:
    """The features in force on a day: ``start_date <= day < end_date`` (open ends always hold).

    Works on a layer from :func:`geo.load_layer` and on one read with plain
    ``geopandas.read_file`` (date columns typed, or text with empty or null open ends).
    """
    return gdf[in_force(gdf, day)]


def in_force(gdf: gpd.GeoDataFrame, day: Day) -> np.ndarray:
    """Which features of a layer are in force on a day (see :func:`state_at`), as a boolean array."""
    return spans_in_force(*date_spans(gdf), day)


def date_spans(gdf: gpd.GeoDataFrame) -> tuple[np.ndarray, np.ndarray]:
    """A layer's start and end dates as two datetime64 arrays (NaT: open), for asking about many days."""
    return (_as_dates(gdf["start_date"]).to_numpy("datetime64[ns]"),
            _as_dates(gdf["end_date"]).to_numpy("datetime64[ns]"))


def spans_in_force(starts: np.ndarray, ends: np.ndarray, day: Day) -> np.ndarray:
    """Which of these spans (see :func:`date_spans`) hold on a day: begun by it and not yet ended."""
    import numpy as np

    when = np.datetime64(parse_day(day), "ns")
    holds: np.ndarray = (np.isnat(starts) | (starts <= when)) & (np.isnat(ends) | (when < ends))
    return holds


def _as_dates(column: pd.Series) -> pd.Series:
    """A date column as datetimes: typed already, or ISO text (dates or midnight datetimes, empty = open)."""
    import pandas as pd

    if pd.api.types.is_datetime64_any_dtype(column):
        return column.dt.tz_convert(None) if column.dt.tz is not None else column
    text = column.where(column.notna() & (column != ""), None)
    return pd.to_datetime(text, format="ISO8601")


def format_date(day: date | pd.Timestamp, lang: str) -> str:
    """A date as a reader of the language writes it: '5 September 1905' / '5 กันยายน 1905 (พ.ศ. 2448)'."""
    months = strings(lang)["months"]
    text = f"{day.day} {months[day.month - 1]} {day.year}"
    era_offset = strings(lang).get("era_offset")
    if era_offset:
        text += f" ({strings(lang)['era_name']} {day.year + int(era_offset)})"
    return text


def format_span(start: pd.Timestamp | None, end: pd.Timestamp | None, lang: str) -> str:
    """An end-exclusive span as readers expect it, with the last day inclusive."""
    text = strings(lang)
    if start is None and end is None:
        return ""
    if end is None:
        assert start is not None  # both open returned above
        return str(text["since"]).format(date=format_date(start, lang))
    last = end - timedelta(days=1)
    if start is None:
        return str(text["until"]).format(date=format_date(last, lang))
    if start == last:
        return format_date(start, lang)
    return f"{format_date(start, lang)} – {format_date(last, lang)}"
