"""The project's explorer in a notebook: the very page the build writes, shown inline and offline.

Jupyter displays any object with ``_repr_html_``; the page goes into an ``<iframe srcdoc>``, so its
inlined Leaflet, data and script run as they do from a file, with nothing fetched from the network
and no ``mapclassify`` needed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from geo.i18n import languages, strings
from geo.templating import render


@dataclass(frozen=True)
class NotebookMap:
    """A self-contained map page; ``html`` is the whole document."""

    html: str
    title: str

    def _repr_html_(self) -> str:
        """The page in a frame, as Jupyter and other notebooks show rich output."""
        return render("notebook.html", page=self.html, title=self.title).rstrip("\n")

    def save(self, path: str | Path) -> Path:
        """Write the page to a file that opens in any browser, offline."""
        target = Path(path)
        target.write_text(self.html, encoding="utf-8")
        return target


def explorer_map(day: Any = None, lang: str = "en", layers_dir: str | Path | None = None) -> NotebookMap:
    """The explorer as the build makes it, opened on ``day`` (any day the strict parser takes;
    default: the day before the treaty), in ``lang``, from the shipped layers or ``layers_dir``."""
    from geo import maps
    from geo.catalogue import MAPS
    from geo.layers import load_layers
    from geo.timeline import parse_day

    chosen: date | None = parse_day(day) if day is not None else None
    if lang not in languages():
        raise ValueError(f"no language {lang!r}; known: {', '.join(languages())}")
    spec = next(s for s in MAPS if s.name == "explorer")
    data = maps.prepare(load_layers(layers_dir))
    html = maps.render_map(spec, data, lang, [lang], day=chosen)
    return NotebookMap(html=html, title=strings(lang)["maps"]["explorer"]["title"])
