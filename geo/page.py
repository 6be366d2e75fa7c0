"""Making a page whole: folium's Leaflet container, our one data block and one script, inlined.

The data block is JSON with ``<``, ``>`` and ``&`` escaped, put in with an element no template
engine reads, so no layer text can close the script or be evaluated.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import Any

import folium
import rcssmin
import rjsmin
from branca.element import Element, Figure

from geo import assets
from geo.errors import BuildError
from geo.i18n import strings

CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "img-src data: https://tile.openstreetmap.org; font-src data:; base-uri 'none'; form-action 'none'"
)
"""Only what a page needs: its inline script and style, data: fonts and images, and the opt-in
street map's tiles."""
FOLIUM_VIEWPORT = re.compile(r'<meta name="viewport" content="width=device-width,\s*initial-scale=1\.0, '
                             r'maximum-scale=1\.0, user-scalable=no" />')
"""folium's viewport, which blocks zoom (WCAG 1.4.4): replaced by one that allows it."""


SCRIPT_PARTS = ("basics.js", "decode.js", "page.js", "view.js", "panel.js", "print.js", "state.js")
"""The page script's files in ``geo/js/page/``, one concern each, joined in this order into one
function scope (they share its helpers), so a page still carries a single inline script."""
SCRIPT_HEAD = """/*! Portsmouth 1905 map pages: draw every layer from the page's data block (#p1905-data) and keep
   the panel, the time axis, the text alternative and the URL fragment in step.
   Layer text only ever becomes DOM text (textContent), never markup. */
(function () {
  "use strict";

"""


@cache
def front_end(name: str) -> str:
    """One of our own front-end files (``geo/js/``), read once per process."""
    return resources.files("geo").joinpath("js", name).read_text(encoding="utf-8")


@cache
def page_script() -> str:
    """The page script: its parts joined inside one strict-mode function, minified (rjsmin: our
    comments and indentation are for whoever edits it, and cost every reader a fifth of the script)."""
    return str(rjsmin.jsmin(SCRIPT_HEAD + "\n".join(front_end(f"page/{part}") for part in SCRIPT_PARTS) + "})();\n",
                        keep_bang_comments=True))


@cache
def page_style() -> str:
    """Leaflet's style and ours, minified (rcssmin: Leaflet ships its CSS readable), as the script is."""
    return str(rcssmin.cssmin(assets.leaflet_css() + front_end("p1905.css")))


def json_block(payload: dict[str, Any]) -> str:
    """JSON that can sit inside a ``<script>`` element: no ``<``, ``>`` or ``&`` left as such."""
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def base_map(bounds: tuple[tuple[float, float], tuple[float, float]], **size: Any) -> folium.Map:
    """A Leaflet container with no tiles and a scale; the page script adds everything else."""
    (south, west), (north, east) = bounds
    fmap = folium.Map(location=((south + north) / 2, (west + east) / 2), tiles=None, control_scale=True,
                      zoom_control=False, min_zoom=2, max_zoom=12, world_copy_jump=False,
                      scroll_wheel_zoom=False, zoom_snap=0.25, **size)  # opens close around the frame
    fmap.fit_bounds(list(bounds))
    return fmap


class Page(Figure):
    """A folium Figure that renders as the project's whole page, however it is rendered: by the build,
    by ``save()`` on one of its maps, or in a notebook (``_repr_html_``). Folium elements a user adds
    to its maps are drawn too, with the page's inlined Leaflet."""

    def __init__(self, title: str, lang: str, payload: dict[str, Any]) -> None:
        super().__init__(title=title)
        self.lang = lang
        self.payload = payload
        self.maps: list[folium.Map] = []

    def add_map(self, fmap: folium.Map) -> folium.Map:
        """Put a map on the page; the data block's views name the maps in this order."""
        self.add_child(fmap)
        self.maps.append(fmap)
        return fmap

    def render(self, **kwargs: Any) -> str:
        """The self-contained HTML document."""
        return finish(self, self.maps, self.payload, self.lang, **kwargs)


def finish(figure: Figure, maps: list[folium.Map], payload: dict[str, Any], lang: str, **kwargs: Any) -> str:
    """Inline the assets, the data and the script, number the elements and render the page
    (``payload["views"]`` is one entry per map of ``maps``, which the script finds by name)."""
    for element in _walk(figure):
        if hasattr(element, "default_js"):
            element.default_js = []
            element.default_css = []  # type: ignore[attr-defined] # folium's JSCSSMixin, found by duck typing
    header = figure.header
    header.add_child(assets.Inline(f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'),
                     name="p1905_csp", index=0)
    for counter, element in enumerate(_walk(figure)):
        element._id = f"{counter:04d}"
    for view, fmap in zip(payload["views"], maps, strict=True):
        view["map"] = fmap.get_name()
    data = json_block(payload)  # serialised once: the data block, and the letters the Thai font keeps
    css = page_style() + (assets.thai_font_css(data) if lang == "th" else "")
    header.add_child(assets.inline_style(css), name="p1905_css", index=1)
    header.add_child(assets.inline_script(assets.leaflet_js()), name="p1905_leaflet", index=2)
    if len(payload["views"]) > 1:
        header.add_child(assets.inline_script(assets.leaflet_sync_js()), name="p1905_sync")
    header.add_child(assets.Inline(f'<script type="application/json" id="p1905-data">{data}</script>'),
                     name="p1905_data")
    header.add_child(assets.inline_script(page_script()), name="p1905_js")
    page = Figure.render(figure, **kwargs)
    page = page.replace("<html>", f'<html lang="{strings(lang)["html_lang"]}">', 1)
    page = FOLIUM_VIEWPORT.sub('<meta name="viewport" content="width=device-width, initial-scale=1">', page)
    if "user-scalable=no" in page:
        raise BuildError("folium's viewport changed: the page would block zoom")
    return assets.check_self_contained(page)


def _walk(element: Element) -> Iterator[Element]:
    yield element
    for child in list(element._children.values()):
        yield from _walk(child)
