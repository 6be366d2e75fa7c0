"""The gallery page: every map with a one-line description and a copy-ready embed snippet."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from geo.i18n import strings


def render_index(lang: str, langs: list[str], downloads: Sequence[str] = ()) -> str:
    """``index.html`` for one language; ``downloads`` are the data files' paths in the output folder."""
    from geo.maps import COMPARE, MAPS

    text = strings(lang)
    cards = []
    for name in [spec.name for spec in MAPS] + [COMPARE]:
        title = text["maps"][name]["title"]
        snippet = (f'<iframe src="{name}.html" width="100%" height="480" style="border:0" '
                   f'title="{escape(title, quote=True)}" loading="lazy"></iframe>')
        cards.append(
            f'<article><h2><a href="{name}.html">{escape(title)}</a></h2>'
            f"<p>{escape(text['maps'][name]['description'])}</p>"
            f'<p><a href="{name}.html">{escape(text["index_open"])}</a></p>'
            f"<details><summary>{escape(text['index_embed'])}</summary>"
            f'<textarea readonly rows="3" aria-label="{escape(text["index_embed"], quote=True)}">'
            f"{escape(snippet)}</textarea></details></article>"
        )
    prints_folder = "print/" if lang == langs[0] else f"../print/{lang}/"
    pictures = "".join(
        f"<li>{escape(text['maps'][spec.name]['title'])}: "
        + (" · ".join(f'<a href="{prints_folder}{spec.name}-{state}.png">{escape(text[f"state_{state}"])}</a>'
                      for state in ("before", "after")) if spec.states
           else f'<a href="{prints_folder}{spec.name}.png">{escape(text["index_open"])}</a>')
        + "</li>"
        for spec in MAPS
    )
    data_links = "".join(
        f'<li><a href="{"" if lang == langs[0] else "../"}{escape(path, quote=True)}" download>'
        f"{escape(path.rsplit('/', 1)[-1])}</a></li>"
        for path in downloads
    )
    others = [other for other in langs if other != lang]
    language_links = " · ".join(
        f'<a href="{"../" if lang != langs[0] else ""}{"" if other == langs[0] else other + "/"}index.html">'
        f"{escape(strings(other)['language_name'])}</a>"
        for other in others
    )
    return (
        f'<!DOCTYPE html>\n<html lang="{text["html_lang"]}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(text['index_title'])}</title>\n<style>{INDEX_CSS}</style>\n</head>\n<body>\n"
        f"<header><h1>{escape(text['index_title'])}</h1><p>{escape(text['index_intro'])}</p>"
        f"<p>{escape(text['index_languages'])}: {language_links}</p></header>\n"
        f'<main>{"".join(cards)}</main>\n'
        f"<footer><h2>{escape(text['index_print'])}</h2><ul>{pictures}</ul>"
        f"<h2>{escape(text['index_downloads'])}</h2><p>{escape(text['index_downloads_intro'])}</p>"
        f"<ul>{data_links}</ul></footer>\n</body>\n</html>\n"
    )


INDEX_CSS = (
    "body{font:16px/1.5 system-ui,'Noto Sans Thai',sans-serif;margin:0 auto;max-width:60rem;padding:1rem;color:#1a1a1a}"
    "main{display:grid;grid-template-columns:repeat(auto-fill,minmax(17rem,1fr));gap:1rem}"
    "article{border:1px solid #ccc;border-radius:8px;padding:.5rem 1rem}"
    "h2{font-size:1.1rem}textarea{width:100%;font:12px monospace}"
)
