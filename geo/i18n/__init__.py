"""Every string a reader sees, one JSON table per language (adding a language is one new file)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

DEFAULT_LANGUAGE = "en"


def languages() -> list[str]:
    """Languages with a table, the default first."""
    found = sorted(p.name[:-5] for p in resources.files(__name__).iterdir() if p.name.endswith(".json"))
    return [DEFAULT_LANGUAGE] + [lang for lang in found if lang != DEFAULT_LANGUAGE]


@cache
def strings(lang: str) -> dict[str, Any]:
    """The table of one language."""
    try:
        text = resources.files(__name__).joinpath(f"{lang}.json").read_text(encoding="utf-8")
    except FileNotFoundError:
        raise KeyError(f"no strings for language {lang!r}; known: {', '.join(languages())}") from None
    return json.loads(text)
