"""Popup and tooltip HTML built from layer text, every value escaped.

Layer text is data, never markup: it reaches the page through ``html.escape``,
and only http(s) addresses become links.
"""

from __future__ import annotations

import re
from html import escape
from typing import Any
from urllib.parse import urlsplit

import pandas as pd

from geo.i18n import strings
from geo.timeline import format_span

SAFE_URL = re.compile(r"https?://[^\s\"'<>]+")


def safe_link(url: str) -> str | None:
    """The URL if it is a plain http(s) address, else None."""
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unclosed IPv6 host, "http://[::1"
        return None
    if parts.scheme in ("http", "https") and parts.netloc and SAFE_URL.fullmatch(url):
        return url
    return None


def source_html(source: str) -> str:
    """Citations 'Title, URL ; Title, URL' as escaped text with http(s) links."""
    items = []
    for citation in (c.strip() for c in source.split(" ; ")):
        if not citation:
            continue
        match = SAFE_URL.search(citation)
        url = safe_link(match.group(0).rstrip(".,;)")) if match else None
        if url:
            title = citation.replace(match.group(0), "").strip(" ,–-") or url
            items.append(
                f'<a href="{escape(url, quote=True)}" target="_blank" rel="noopener noreferrer">'
                f"{escape(title)}</a>"
            )
        else:
            items.append(escape(citation))
    return "; ".join(items)


def number(value: float, lang: str) -> str:
    """A whole number with the language's thousands separator."""
    return strings(lang)["number_format"].format(round(value))


def display_name(props: dict[str, Any], lang: str) -> str:
    """The feature's name in the map's language (English where no translation is given)."""
    if lang == "en":
        return props["name"]
    return props.get(f"name_{lang}") or props["name"]


def tooltip_html(props: dict[str, Any], lang: str) -> str:
    """The hover label: the name in the map's language."""
    return escape(display_name(props, lang))


def popup_html(props: dict[str, Any], lang: str) -> str:
    """A feature's popup: names, description, dates, holder, article, battle facts, sources."""
    text = strings(lang)
    rows: list[tuple[str, str]] = []
    other_names = [props["name"]] if lang != "en" else []
    if props.get("name_local"):
        rows.append((text["field_local_name"], escape(props["name_local"])))
    start = _timestamp(props.get("start_date"))
    end = _timestamp(props.get("end_date"))
    span = format_span(start, end, lang)
    if span:
        rows.append((text["field_dates"], escape(span)))
    kind = props.get("kind", "")
    if kind in text["kinds"] and kind not in ("territory", "railway", "boundary"):
        rows.append((text["field_kind"], escape(text["kinds"][kind])))
    if props.get("controller"):
        holder = text["controllers"].get(props["controller"], props["controller"])
        status = text["statuses"].get(props.get("status", ""), "")
        rows.append((text["field_holder"], escape(f"{holder} ({status})" if status else holder)))
    if props.get("victor"):
        rows.append((text["field_victor"], escape(text["victors"].get(props["victor"], props["victor"]))))
        for side in ("japan", "russia"):
            if props.get(f"commander_{side}"):
                rows.append((text[f"field_commanders_{side}"], escape(props[f"commander_{side}"])))
            figure = props.get(f"casualties_{side}")
            shown = number(figure, lang) if _is_figure(figure) else text["field_casualties_unknown"]
            rows.append((text[f"field_casualties_{side}"], escape(shown)))
    rows += _article_rows(props.get("article", ""), lang)
    description = props.get(f"description_{lang}") if lang != "en" else None
    body = "".join(f"<tr><th>{escape(k)}</th><td>{v}</td></tr>" for k, v in rows)
    subtitle = "".join(f'<div class="pp-alt">{escape(n)}</div>' for n in other_names)
    return (
        f'<div class="pp"><h3>{escape(display_name(props, lang))}</h3>{subtitle}'
        f'<p>{escape(description or props.get("description", ""))}</p>'
        f"<table>{body}</table>"
        f'<p class="pp-src"><b>{escape(text["field_source"])}:</b> {source_html(props.get("source", ""))}</p></div>'
    )


def _article_rows(article: str, lang: str) -> list[tuple[str, str]]:
    """(field, HTML) rows naming each treaty article with its summary in plain words."""
    text = strings(lang)
    rows = []
    for number_ in (a.strip() for a in article.split(",") if a.strip()):
        label = article_label(number_, lang)
        rows.append((text["field_article"], f"<b>{escape(label)}</b> {escape(text['articles'].get(number_, ''))}"))
    return rows


def article_label(number_: str, lang: str, short: bool = False) -> str:
    """'Article IX' / 'Art. IX', or for the additional articles ('AI', 'AII') 'Additional Article I' / 'Add. I'.

    A language whose table sets ``article_numerals`` to ``arabic`` (Thai) numbers articles 1-15 instead.
    """
    text = strings(lang)
    additional = number_.startswith("A")
    numeral = number_[1:] if additional else number_
    if text.get("article_numerals") == "arabic":
        numeral = str(roman_to_int(numeral))
    key = ("additional_article" if additional else "article") + ("_short" if short else "_label")
    return text[key].format(number=numeral)


def roman_to_int(numeral: str) -> int:
    """The value of a Roman numeral such as 'XIV' (14)."""
    values = {"I": 1, "V": 5, "X": 10}
    total = 0
    for here, after in zip(numeral, [*numeral[1:], ""], strict=True):
        total += -values[here] if after and values[after] > values[here] else values[here]
    return total


def popup_html_article(props: dict[str, Any], lang: str) -> str:
    """The article and source lines of a popup, for popups whose other lines are built elsewhere."""
    text = strings(lang)
    body = "".join(f"<tr><th>{escape(k)}</th><td>{v}</td></tr>" for k, v in _article_rows(props["article"], lang))
    return (f"<table>{body}</table>"
            f'<p class="pp-src"><b>{escape(text["field_source"])}:</b> {source_html(props["source"])}</p>')


def _timestamp(value: Any) -> pd.Timestamp | None:
    if value is None or value == "" or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return None
    return pd.Timestamp(value)


def _is_figure(value: Any) -> bool:
    return value is not None and not pd.isna(value)
