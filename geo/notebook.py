"""The project's explorer in a notebook: a folium Map whose page is the very page the build writes.

Jupyter shows a folium Map through its figure's ``_repr_html_`` (the page in an ``<iframe srcdoc>``);
here that figure is the project's page, so its inlined Leaflet, data and script run as they do from
a file, with nothing fetched from the network and no ``mapclassify`` needed. ``save()`` writes it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import folium

from geo.i18n import languages


def explorer_map(day: Any = None, lang: str = "en", layers_dir: str | Path | None = None) -> folium.Map:
    """The explorer as the build makes it, opened on ``day`` (any day the strict parser takes;
    default: the day before the treaty), in ``lang``, from the shipped layers or ``layers_dir``.

    Folium layers added to the returned map are drawn on the page too.
    """
    from geo import maps
    from geo.catalogue import MAPS
    from geo.layers import load_layers
    from geo.timeline import parse_day

    chosen: date | None = parse_day(day) if day is not None else None
    if lang not in languages():
        raise ValueError(f"no language {lang!r}; known: {', '.join(languages())}")
    spec = next(s for s in MAPS if s.name == "explorer")
    return maps.map_page(spec, maps.prepare(load_layers(layers_dir)), lang, [lang], day=chosen)
