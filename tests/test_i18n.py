"""Every string a reader sees exists in every language, with the same placeholders."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from geo.build import build_all
from geo.i18n import DEFAULT_LANGUAGE, folder, languages, strings

PLACEHOLDER = re.compile(r"\{[a-z_]*\}")
UI_KEYS = re.compile(r"^(state_|overlay_|legend_|field_|nav_|timeline_|index_)")
OTHER_LANGUAGES = [lang for lang in languages() if lang != DEFAULT_LANGUAGE]


def leaves(table, path=()):
    """(path, value) for every string in a nested table."""
    if isinstance(table, dict):
        for key, value in table.items():
            yield from leaves(value, (*path, key))
    elif isinstance(table, list):
        for index, value in enumerate(table):
            yield from leaves(value, (*path, index))
    else:
        yield path, table


@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
def test_every_string_has_a_translation_with_the_same_placeholders(lang):
    default = dict(leaves(strings(DEFAULT_LANGUAGE)))
    other = dict(leaves(strings(lang)))
    missing = [".".join(map(str, path)) for path in default if path not in other]
    assert missing == [], f"{lang} lacks {missing}"
    for path, text in default.items():
        if isinstance(text, str):
            assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(other[path])), path


def test_thai_is_a_language():
    assert "th" in languages()
    assert strings("th")["months"][8] == "กันยายน"


@pytest.mark.parametrize("page", ["explorer.html", "war.html", "demands.html", "compare.html", "index.html"])
def test_thai_pages_show_no_english_controls(built_maps: Path, visit, page):
    opened = visit(built_maps / "th" / page)
    shown = opened.page.inner_text("body")
    english, thai = strings("en"), strings("th")
    leftovers = [
        english[key] for key in english
        if UI_KEYS.match(key) and isinstance(english[key], str) and "{" not in english[key]
        and english[key] != thai[key] and english[key] in shown
    ]
    assert leftovers == []
    assert opened.page.get_attribute("html", "lang") == "th"


def relative_links(page: Path) -> list[str]:
    """Every relative href and src of a page (gallery and map pages), fragments dropped."""
    text = page.read_text(encoding="utf-8")
    found = re.findall(r'(?:href|src)="([^"#:]+)["#]', text)
    found += re.findall(r'"href":"([^"#:]+)"', text)
    return found


@pytest.mark.parametrize("lang", languages())
def test_one_language_builds_into_its_own_folder_with_working_links(tmp_path, lang):
    out = tmp_path / "maps"
    build_all(out_dir=out, langs=[lang], log=lambda _line: None)
    out = out / "current"  # the published set
    pages = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html"))
    prefix = folder(lang)
    assert pages and all(p.startswith(prefix) and p.count("/") == prefix.count("/") for p in pages)
    pictures = [p.relative_to(out).as_posix() for p in out.rglob("*.png")]
    assert pictures and all(p.startswith(f"print/{prefix}") for p in pictures)
    for page in out.rglob("*.html"):
        for link in relative_links(page):
            assert (page.parent / link).resolve().is_file(), f"{page.name} links to {link}, which was not built"
