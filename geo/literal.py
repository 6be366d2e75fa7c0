"""Elements whose rendered output is put into the page as it is, never read as a template.

branca's ``MacroElement.render`` renders an element's ``header``/``html``/``script`` macros and
then adds each result to the figure as ``Element(result)``, which compiles that text as a
Jinja2 template and renders it a second time. Layer text inside the result (a name, a
description, a source) would then be template source: ``{{ 7*7 }}`` became ``49``, ``{#``
stopped the build and ``{{ lipsum.__globals__… }}`` ran code. Here the macros' output is
added as :class:`~geo.assets.Inline` text instead, so layer data passes through the template
engine once, as a value (``|tojson``), and never as template source.
"""

from __future__ import annotations

from typing import Any

import folium
from branca.element import Figure, MacroElement

from geo import schema
from geo.assets import Inline
from geo.errors import BuildError


class LiteralMacro(MacroElement):
    """A MacroElement whose rendered macros reach the page literally (rendered once, not twice)."""

    def render(self, **kwargs) -> None:
        """Render each macro of the template once and add its text to the figure untouched."""
        figure = self.get_root()
        if not isinstance(figure, Figure):
            raise TypeError(f"{type(self).__name__} can only be rendered inside a Figure")
        module = self._template.module.__dict__
        for part in ("header", "html", "script"):
            macro = module.get(part)
            if macro is not None:
                getattr(figure, part).add_child(Inline(str(macro(self, kwargs))), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)


class LiteralGeoJson(folium.GeoJson, LiteralMacro):
    """folium's GeoJson whose script, with the features and their popups, is rendered only once.

    In the method order, folium's own preparation (``GeoJson.render``, ``JSCSSMixin.render``)
    runs first and ends in :meth:`LiteralMacro.render` instead of branca's double render.
    Each page counts what its GeoJson layers draw and refuses to pass the caps in
    :mod:`geo.schema` (``MAX_FEATURES_PER_PAGE``, ``MAX_VERTICES_PER_PAGE``).
    """

    def render(self, **kwargs) -> None:
        """Count this layer into the page's totals, then render it."""
        figure = self.get_root()
        features = self.data.get("features", []) if isinstance(self.data, dict) else []
        drawn = figure.__dict__.setdefault("p1905_drawn", {"features": 0, "vertices": 0})
        drawn["features"] += len(features)
        drawn["vertices"] += sum(count_vertices(f.get("geometry")) for f in features)
        for what, cap in (("features", schema.MAX_FEATURES_PER_PAGE), ("vertices", schema.MAX_VERTICES_PER_PAGE)):
            if drawn[what] > cap:
                raise BuildError(f"the page would draw more than {cap:,} {what} (the layer "
                                 f"{self.layer_name!r} brings it to {drawn[what]:,}); simplify or split the layers")
        super().render(**kwargs)


def count_vertices(geometry: Any) -> int:
    """Positions in a GeoJSON geometry mapping (walked with a stack, not recursion)."""
    if not isinstance(geometry, dict):
        return 0
    count, stack = 0, [geometry.get("coordinates")]
    while stack:
        item = stack.pop()
        if isinstance(item, (list, tuple)) and item and isinstance(item[0], (list, tuple)):
            stack.extend(item)
        elif isinstance(item, (list, tuple)) and item:
            count += 1
    return count
