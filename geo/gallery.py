"""The gallery page: every map with a one-line description and a copy-ready embed snippet
that can open the map at a chosen moment (markup in ``geo/templates/gallery.html``)."""

from __future__ import annotations

from datetime import date
from functools import cache

import jinja2

from geo.catalogue import COMPARE, MAPS, STATES
from geo.i18n import folder, languages, page_link, root_language, strings
from geo.page import CSP
from geo.timeline import format_date

EMBED = '<iframe src="{src}" width="100%" height="480" style="border:0" title="{title}" loading="lazy"></iframe>'
TREATY_MOMENTS = ("1875-08-22", "1898-03-27", "1904-02-08", "1905-11-17", "1910-08-29", "1945-08-25")
"""Moments the embed snippet offers besides before and after: the story's turning points."""


@cache
def _template() -> jinja2.Template:
    environment = jinja2.Environment(loader=jinja2.PackageLoader("geo", "templates"), autoescape=True,
                                     keep_trailing_newline=True)
    return environment.get_template("gallery.html")


def render_index(lang: str, langs: list[str]) -> str:
    """``index.html`` for one language (``langs``: the languages built, the only ones linked)."""
    text = strings(lang)
    cards = []
    for name in [spec.name for spec in MAPS] + [COMPARE]:
        spec = next((s for s in MAPS if s.name == name), None)
        title = text["maps"][name]["title"]
        moments = []
        if spec is not None and spec.states:
            moments = [{"fragment": key, "label": text[f"state_{key}"]} for key, _day in STATES]
            moments += [{"fragment": day, "label": format_date(date.fromisoformat(day), lang)}
                        for day in TREATY_MOMENTS]
        cards.append({"name": name, "title": title, "description": text["maps"][name]["description"],
                      "snippet": EMBED.format(src=f"{name}.html", title=title.replace('"', "&quot;")),
                      "moments": moments})
    prints = page_link(lang, root_language(), "print/") + folder(lang)
    pictures = []
    for spec in MAPS:
        if spec.states:
            links = [{"href": f"{prints}{spec.name}-{key}.png", "text": text[f"state_{key}"]} for key, _ in STATES]
        else:
            links = [{"href": f"{prints}{spec.name}.png", "text": text["index_open"]}]
        pictures.append({"title": text["maps"][spec.name]["title"], "links": links})
    others = [{"href": page_link(lang, other, "index.html"), "name": strings(other)["language_name"],
               "lang": strings(other)["html_lang"]} for other in languages() if other != lang and other in langs]
    return _template().render(text=text, cards=cards, pictures=pictures, others=others,
                              csp=CSP)
