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

import folium
from branca.element import Figure, MacroElement

from geo.assets import Inline


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
    """
