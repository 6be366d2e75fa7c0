"""Dates: the treaty day, the state of the layers on a day, and dates as readers see them.

A feature is in force from ``start_date`` (inclusive) to ``end_date``
(exclusive), either open when empty, as OpenHistoricalMap records it. The map
states "before" and "after" are just two days.
"""

from __future__ import annotations

from datetime import date, timedelta

import geopandas as gpd
import pandas as pd

from geo.i18n import strings

TREATY_DAY = date(1905, 9, 5)
"""Signing of the Treaty of Portsmouth (23 August 1905 in Russia's Julian calendar)."""
BEFORE_DAY = TREATY_DAY - timedelta(days=1)
"""The last day before the treaty: the map's "before" state."""
WAR_START = date(1904, 2, 8)
"""The Japanese attack on Port Arthur that opened the war."""



def state_at(gdf: gpd.GeoDataFrame, day: date | str | pd.Timestamp) -> gpd.GeoDataFrame:
    """The features in force on a day: ``start_date <= day < end_date`` (open ends always hold)."""
    when = pd.Timestamp(day)
    started = gdf["start_date"].isna() | (gdf["start_date"] <= when)
    not_ended = gdf["end_date"].isna() | (when < gdf["end_date"])
    return gdf[started & not_ended]


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
        return text["since"].format(date=format_date(start, lang))
    last = end - timedelta(days=1)
    if start is None:
        return text["until"].format(date=format_date(last, lang))
    if start == last:
        return format_date(start, lang)
    return f"{format_date(start, lang)} – {format_date(last, lang)}"
