"""Pinned third-party files (npm, locked in package-lock.json), found on disk and inlined.

Maps carry every script, stylesheet and font they use inside the HTML, so they
open from ``file://`` with no network and tell no third party about a visit.
"""

from __future__ import annotations

import base64
import io
import os
import re
from functools import cache
from pathlib import Path
from typing import Any

from branca.element import Element
from fontTools import subset
from fontTools.ttLib import TTFont

from geo.errors import BuildError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
VENDORED = Path(__file__).resolve().parent / "vendor"
"""The pinned files as a wheel carries them (copied from node_modules when it is built; see setup.py)."""


def node_modules() -> Path:
    """The folder holding the pinned npm packages (``npm ci`` puts it beside package.json)."""
    candidates = [Path(p) for p in [os.environ.get("PORTSMOUTH_NODE_MODULES", "")] if p]
    candidates += [PROJECT_ROOT / "node_modules", Path.cwd() / "node_modules"]
    for folder in candidates:
        if (folder / "leaflet" / "package.json").is_file():
            return folder
    raise BuildError(
        "the pinned front-end assets are not installed: install the package from a wheel, or run "
        "`npm ci` in the project folder (or set PORTSMOUTH_NODE_MODULES to a node_modules folder)"
    )


def npm_file(package: str, relative: str) -> Path:
    """Path of one file of a pinned npm package: the installed wheel's copy first, else node_modules."""
    packaged = VENDORED / package / relative
    if packaged.is_file():
        return packaged
    path = node_modules() / package / relative
    if not path.is_file():
        raise BuildError(f"{package}/{relative} is missing: run `npm ci` to install the pinned assets")
    return path


@cache
def text(package: str, relative: str) -> str:
    """A pinned text asset (script or stylesheet), read once per process."""
    return npm_file(package, relative).read_text(encoding="utf-8")


@cache
def data_uri(package: str, relative: str, mime: str) -> str:
    """A pinned binary asset as a ``data:`` URI."""
    encoded = base64.b64encode(npm_file(package, relative).read_bytes()).decode("ascii")
    return f"data:{mime};base64,{encoded}"


def leaflet_css() -> str:
    """Leaflet's stylesheet with its control images inlined as data URIs."""
    css = text("leaflet", "dist/leaflet.css")

    def inline(match: re.Match[str]) -> str:
        return f"url({data_uri('leaflet', 'dist/' + match.group(1), 'image/png')})"

    return re.sub(r"url\((images/[\w-]+\.png)\)", inline, css)


def leaflet_js() -> str:
    """Leaflet itself (minified build)."""
    return text("leaflet", "dist/leaflet.js")


def leaflet_sync_js() -> str:
    """Leaflet.Sync, which keeps the two maps of the comparison page in step."""
    return text("leaflet.sync", "L.Map.Sync.js")


THAI_SHAPING = frozenset((0x200C, 0x200D, 0x25CC))
"""Joiners and the dotted circle, which shaping may call on beside the letters a page writes."""


def thai_font_css(text: str) -> str:
    """@font-face rules for Noto Sans Thai (regular and bold), inlined and cut to the Thai letters of
    ``text`` (the page's data, which holds every word the page shows)."""
    letters = frozenset(ord(char) for char in text if "\u0e00" <= char <= "\u0e7f")
    rules = []
    for weight in (400, 700):
        rules.append(
            "@font-face{font-family:'Noto Sans Thai';font-style:normal;font-display:swap;"
            f"font-weight:{weight};src:url({thai_font_subset(weight, letters)}) format('woff');"
            "unicode-range:U+0E01-0E5B,U+200C-200D,U+25CC}"
        )
    return "".join(rules)


@cache
def thai_font_subset(weight: int, letters: frozenset[int]) -> str:
    """One weight of the pinned Noto Sans Thai (its Thai subset) holding only these letters, with its
    layout rules and names (the OFL notice), as a WOFF ``data:`` URI: no glyph the page never shows."""
    source = npm_file("@fontsource/noto-sans-thai", f"files/noto-sans-thai-thai-{weight}-normal.woff")
    font = TTFont(source, recalcTimestamp=False)
    options = subset.Options(flavor="woff", layout_features=["*"], name_IDs=["*"])
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=letters | THAI_SHAPING)
    subsetter.subset(font)
    out = io.BytesIO()
    subset.save_font(font, out, options)
    return "data:font/woff;base64," + base64.b64encode(out.getvalue()).decode("ascii")


EXTERNAL_REFERENCE = re.compile(
    r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*[\"']?(?!data:)[^\"'\s>]+", re.I
)


def check_self_contained(page: str) -> str:
    """Fail the build if a page would fetch any script, stylesheet or image at load time."""
    found = EXTERNAL_REFERENCE.findall(page)
    if found:
        raise BuildError(f"page would load external resources: {found[:3]}")
    return page


class Inline(Element):
    """A piece of page text put in as it is: no template engine reads it (scripts may contain ``{{``)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "Inline"
        self.text = text

    def render(self, **kwargs: Any) -> str:
        """The text itself: never read as a template."""
        return self.text


def inline_script(code: str) -> Inline:
    """A ``<script>`` element holding the code itself."""
    return Inline(f"<script>{code}</script>")


def inline_style(css: str) -> Inline:
    """A ``<style>`` element holding the rules themselves."""
    return Inline(f"<style>{css}</style>")
