"""The gallery page: every map with a one-line description and a copy-ready embed snippet
that can open the map at a chosen moment (before, after, or an event of ``geo/data/events.json``);
markup in ``geo/templates/gallery.html``."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from geo import thumbnails
from geo.catalogue import COMPARE, MAPS, STATES, events_table
from geo.i18n import folder, languages, page_link, root_language, strings
from geo.page import CSP
from geo.templating import render
from geo.timeline import format_date

GALLERY_CSP = CSP.replace("img-src ", "img-src 'self' ", 1)
"""The pages' policy, and the gallery's thumbnails from its own folder."""
EMBED = '<iframe src="{src}" width="100%" height="480" style="border:0" title="{title}" loading="lazy"></iframe>'


def _moment_label(event: dict[str, Any], lang: str) -> str:
    """An event as the snippet's menu offers it: its date and its name in the page's language."""
    name = event.get(f"name_{lang}") or event["name"]
    return f"{format_date(date.fromisoformat(event['day']), lang)} — {name}"


def render_index(lang: str, langs: list[str], downloads: Sequence[str] = ()) -> str:
    """``index.html`` for one language (``langs``: the languages built, the only ones linked;
    ``downloads``: the data files' paths in the output folder)."""
    text = strings(lang)
    prints = page_link(lang, root_language(), "print/") + folder(lang)
    cards = []
    for name in [spec.name for spec in MAPS] + [COMPARE]:
        spec = next((s for s in MAPS if s.name == name), None)
        title = text["maps"][name]["title"]
        moments = []
        if spec is not None and spec.states:
            moments = [{"fragment": key, "label": text[f"state_{key}"]} for key, _day in STATES]
            moments += [{"fragment": event["day"], "label": _moment_label(event, lang)} for event in events_table()]
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
