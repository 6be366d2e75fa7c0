"""What a feature's popup says, as data: the page script builds it with DOM text nodes.

Layer text is data, never markup: nothing here is HTML. Only http(s) addresses become
links, and they are parsed here, so the page never has to.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import pandas as pd

from geo.i18n import strings
from geo.timeline import format_span

URL = re.compile(r"https?://[^\s\"'<>]+")
TRAILING = ".,;:"


def safe_link(url: str) -> str | None:
    """The URL if it is a plain http(s) address, else None."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - a malformed port raises here
    except ValueError:
        return None
    if parts.scheme in ("http", "https") and parts.netloc and URL.fullmatch(url):
        return url
    return None


def _trim(url: str) -> str:
    """A URL without the punctuation that ends the sentence around it; a closing parenthesis stays
    when it closes one opened in the URL (``…/Treaty_of_Saint_Petersburg_(1875)``)."""
    while url:
        if url[-1] in TRAILING or (url[-1] == ")" and url.count(")") > url.count("(")):
            url = url[:-1]
        else:
            break
    return url


def sources(source: str) -> list[list[str]]:
    """Citations 'Title, URL ; Title, URL' as [title, url] pairs; url is '' unless it is http(s)."""
    items = []
    for citation in (c.strip() for c in source.split(" ; ")):
        if not citation:
            continue
        match = URL.search(citation)
        url = safe_link(_trim(match.group(0))) if match else None
        if match and url:
            title = citation.replace(match.group(0), "").strip(" ,–-") or url
            items.append([title, url])
        else:
            items.append([citation, ""])
    return items


def number(value: float, lang: str) -> str:
    """A whole number with the language's thousands separator."""
    return str(strings(lang)["number_format"].format(round(value)))


def display_name(props: dict[str, Any], lang: str) -> str:
    """The feature's name in the map's language (English where no translation is given)."""
    return str(props.get(f"name_{lang}") or props["name"])


def holder_text(props: dict[str, Any], lang: str) -> str:
    """Who held it and how, in words: 'Japan (sovereign territory)'."""
    text = strings(lang)
    holder = text["controllers"].get(props["controller"], props["controller"])
    status = text["statuses"].get(props.get("status", ""), "")
    return f"{holder} ({status})" if status else str(holder)


def popup(props: dict[str, Any], lang: str) -> dict[str, Any]:
    """A feature's popup: names, description, dates, holder, article, battle facts, sources."""
    text = strings(lang)
    rows: list[list[str]] = []
    if props.get("name_local"):
        rows.append([text["field_local_name"], props["name_local"]])  # the page marks each name's language
    span = format_span(_timestamp(props.get("start_date")), _timestamp(props.get("end_date")), lang)
    if span:
        rows.append([text["field_dates"], span])
    kind = props.get("kind", "")
    if kind in text["kinds"] and kind not in ("territory", "railway", "boundary"):
        rows.append([text["field_kind"], text["kinds"][kind]])
    if props.get("controller"):
        rows.append([text["field_holder"], holder_text(props, lang)])
    if props.get("victor"):
        rows.append([text["field_victor"], text["victors"].get(props["victor"], props["victor"])])
        for side in ("japan", "russia"):
            if props.get(f"commander_{side}"):
                rows.append([text[f"field_commanders_{side}"], props[f"commander_{side}"]])
            figure = props.get(f"casualties_{side}")
            shown = number(figure, lang) if figure is not None and _is_figure(figure) \
                else text["field_casualties_unknown"]
            rows.append([text[f"field_casualties_{side}"], shown])
    description = props.get(f"description_{lang}") if lang != "en" else None
    return {
        "title": display_name(props, lang),
        "alt": [props["name"]] if display_name(props, lang) != props["name"] else [],
        "description": description or props.get("description", ""),
        "rows": rows + article_rows(props.get("article", ""), lang),
        "sources": sources(props.get("source", "")),
    }


def article_numbers(article: Any) -> list[str]:
    """The articles an ``article`` field names ('V, VI' or empty), as numbers ('V', 'VI')."""
    return [number_.strip() for number_ in str(article or "").split(",") if number_.strip()]


def article_rows(article: str, lang: str) -> list[list[str]]:
    """[field, summary, label] rows naming each treaty article with its summary in plain words."""
    text = strings(lang)
    rows = []
    for number_ in article_numbers(article):
        label = article_label(number_, lang)
        rows.append([text["field_article"], text["articles"].get(number_, ""), label])
    return rows


def _timestamp(value: Any) -> pd.Timestamp | None:
    if value is None or value == "" or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return None
    return pd.Timestamp(value)


def _is_figure(value: Any) -> bool:
    return value is not None and not pd.isna(value)


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
    return str(text[key]).format(number=numeral)


def roman_to_int(numeral: str) -> int:
    """The value of a Roman numeral such as 'XIV' (14)."""
    values = {"I": 1, "V": 5, "X": 10}
    total = 0
    for here, after in zip(numeral, [*numeral[1:], ""], strict=True):
        total += -values[here] if after and values[after] > values[here] else values[here]
    return total
