"""Every page, in every language and at every size a reader meets it, passes axe-core (WCAG 2.1 AA,
and WCAG 2.2 AA's target size: every control a finger or a shaky hand can hit, 24 px or spaced).

axe-core is the pinned npm package (package-lock.json); it runs inside the real page in headless
Chromium, after the page has drawn, so it judges what a reader gets, controls and map included.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from geo.assets import node_modules
from geo.i18n import languages

PAGES = ["index", "explorer", "sakhalin", "liaodong", "war", "demands", "compare"]
SIZES = {"desktop": (1280, 800), "phone": (390, 844), "embed": (600, 400)}
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@cache
def axe_source() -> str:
    return (node_modules() / "axe-core" / "axe.min.js").read_text(encoding="utf-8")


def axe_violations(page) -> list[str]:
    """axe-core's WCAG 2.1 A/AA and 2.2 AA violations on the page, one line each (rule, impact, first target)."""
    page.evaluate(axe_source())
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_AA,
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {len(v['nodes'])}× e.g. {v['nodes'][0]['target']}"
        for v in results["violations"]
    ]


def page_path(built_maps: Path, lang: str, name: str) -> Path:
    folder = built_maps if lang == languages()[0] else built_maps / lang
    return folder / f"{name}.html"


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("lang", languages())
@pytest.mark.parametrize("name", PAGES)
def test_page_passes_axe(built_maps, visit, name, lang, size):
    width, height = SIZES[size]
    opened = visit(page_path(built_maps, lang, name), width=width, height=height)
    assert axe_violations(opened.page) == []
