"""The gallery page: every map with a one-line description and a copy-ready embed snippet
that can open the map at a chosen moment (before, after, or an event of ``geo/data/events.json``);
markup in ``geo/templates/gallery.html``."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from geo import thumbnails
from geo.catalogue import COMPARE, MAPS, STATES, MapSpec, events_table
from geo.i18n import folder, languages, page_link, root_language, strings
from geo.page import CSP
from geo.templating import render
from geo.timeline import TREATY_DAY, WAR_START, format_date

GALLERY_CSP = CSP.replace("img-src ", "img-src 'self' ", 1)
"""The pages' policy, and the gallery's thumbnails from its own folder."""
EMBED = '<iframe src="{src}" width="100%" height="480" style="border:0" title="{title}" loading="lazy"></iframe>'


def _moments(spec: MapSpec | None, lang: str) -> list[dict[str, str]]:
    """The moments the snippet's menu offers for a map: before and after, then each day of an event
    (one entry a day, its events named together); the war map offers the days of the war."""
    if spec is None or not (spec.states or spec.timeline):
        return []
    text = strings(lang)
    moments = [{"fragment": key, "label": text[f"state_{key}"]} for key, _day in STATES] if spec.states else []
    names: dict[str, list[str]] = {}
    for event in events_table():
        if spec.states or WAR_START <= date.fromisoformat(event["day"]) <= TREATY_DAY:
            names.setdefault(event["day"], []).append(event.get(f"name_{lang}") or event["name"])
    return moments + [{"fragment": day, "label": f"{format_date(date.fromisoformat(day), lang)} — {'; '.join(named)}"}
                      for day, named in names.items()]


def render_index(lang: str, langs: list[str], downloads: Sequence[str] = ()) -> str:
    """``index.html`` for one language (``langs``: the languages built, the only ones linked;
    ``downloads``: the data files' paths in the output folder)."""
    text = strings(lang)
    prints = page_link(lang, root_language(), "print/") + folder(lang)
    cards = []
    for name in [spec.name for spec in MAPS] + [COMPARE]:
        spec = next((s for s in MAPS if s.name == name), None)
        title = text["maps"][name]["title"]
        moments = _moments(spec, lang)
        width, height = thumbnails.size(name)
        cards.append({"name": name, "title": title, "description": text["maps"][name]["description"],
                      "snippet": EMBED.format(src=f"{name}.html", title=title.replace('"', "&quot;")),
                      "moments": moments,
                      "thumbnail": {"src": prints + thumbnails.file_name(name),
                                    "alt": text["index_thumbnail"].format(title=title),
                                    "width": width, "height": height}})
    pictures = []
    for spec in MAPS:
        if spec.states:
            links = [{"href": f"{prints}{spec.name}-{key}.png", "text": text[f"state_{key}"]} for key, _ in STATES]
        else:
            links = [{"href": f"{prints}{spec.name}.png", "text": text["index_open"]}]
        pictures.append({"title": text["maps"][spec.name]["title"], "links": links})
    others = [{"href": page_link(lang, other, "index.html"), "name": strings(other)["language_name"],
               "lang": strings(other)["html_lang"]} for other in languages() if other != lang and other in langs]
    root = page_link(lang, root_language(), "")
    data_files = [{"href": root + path, "name": path.rsplit("/", 1)[-1]} for path in downloads]
    return render("gallery.html", text=text, cards=cards, pictures=pictures, others=others,
                  data_files=data_files, csp=GALLERY_CSP)
