"""Every string a reader sees, one JSON table per language, and the list of languages (``languages.json``).

Adding a language is adding its table and its code to ``languages.json``.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def _catalogue() -> dict[str, Any]:
    table: dict[str, Any] = json.loads(resources.files(__name__).joinpath("languages.json").read_text(encoding="utf-8"))
    return table


def languages() -> list[str]:
    """The languages the maps are built in, the root first."""
    listed = _catalogue()["languages"]
    root = root_language()
    return [root] + [lang for lang in listed if lang != root]


def root_language() -> str:
    """The language whose pages sit at the top of the output folder."""
    return str(_catalogue()["root"])


DEFAULT_LANGUAGE = root_language()


def folder(lang: str) -> str:
    """The output folder of a language, relative to the output root: '' for the root, else '<lang>/'."""
    return "" if lang == root_language() else f"{lang}/"


def page_link(from_lang: str, to_lang: str, page: str) -> str:
    """A relative link from a page of ``from_lang`` to ``page`` in ``to_lang``."""
    up = "../" if folder(from_lang) else ""
    return f"{up}{folder(to_lang)}{page}"


@cache
def strings(lang: str) -> dict[str, Any]:
    """The table of one language."""
    if lang not in languages():
        raise KeyError(f"no strings for language {lang!r}; known: {', '.join(languages())}")
    table: dict[str, Any] = json.loads(resources.files(__name__).joinpath(f"{lang}.json").read_text(encoding="utf-8"))
    return table
