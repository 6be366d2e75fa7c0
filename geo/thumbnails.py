"""The gallery's thumbnails: each map's printable picture, downscaled, written beside the pictures
(``print/<map>-small.png``, Thai in ``print/th/``) by the process that draws those pictures."""

from __future__ import annotations

import io
import re

from PIL import Image

from geo.catalogue import COMPARE, MAPS
from geo.i18n import folder, languages
from geo.printing import PIXELS, Pictures, png

SMALL = (PIXELS[0] // 5, PIXELS[1] // 5)
"""A picture becomes 320×240; the comparison puts its two pictures side by side at half that size."""
SOURCES: dict[str, tuple[str, ...]] = {
    **{spec.name: (f"{spec.name}-after" if spec.states else spec.name,) for spec in MAPS},
    COMPARE: (f"{MAPS[0].name}-before", f"{MAPS[0].name}-after"),
}
"""The pictures (file stems under ``print/``) each gallery card's thumbnail is made of, left to right."""
PICTURE_PATH = re.compile(r"print/((?:[a-z]+/)?)([a-z0-9-]+)\.png")


def file_name(name: str) -> str:
    """A map's thumbnail's file name, in its language's picture folder."""
    return f"{name}-small.png"


def path(name: str, lang: str) -> str:
    """Where a map's thumbnail is written in the output folder."""
    return f"print/{folder(lang)}{file_name(name)}"


def size(name: str) -> tuple[int, int]:
    """A thumbnail's width and height in pixels."""
    return SMALL[0], SMALL[1] // len(SOURCES[name])


def files(pictures: Pictures) -> list[tuple[str, bytes]]:
    """Pictures as the files the build writes: each picture as PNG, then every thumbnail they complete,
    made from the pictures themselves rather than from their compressed files."""
    folders = {folder(lang): lang for lang in languages()}
    found = {(match[1], match[2]): picture for relative, picture in pictures
             if (match := PICTURE_PATH.fullmatch(relative)) and match[1] in folders}
    made = [(relative, png(picture)) for relative, picture in pictures]
    for prefix in dict.fromkeys(prefix for prefix, _stem in found):
        made += [(path(name, folders[prefix]), _compose(name, [found[prefix, stem] for stem in stems]))
                 for name, stems in SOURCES.items() if all((prefix, stem) in found for stem in stems)]
    return made


def _compose(name: str, pictures: list[Image.Image]) -> bytes:
    """A thumbnail: its pictures downscaled side by side, in at most 128 colours."""
    width, height = size(name)
    sheet = Image.new("RGB", (width, height), "white")
    for index, picture in enumerate(pictures):
        # reducing_gap: box-reduce most of the way, then Lanczos; as sharp at this size, far quicker.
        part = picture.resize((width // len(pictures), height), Image.Resampling.LANCZOS, reducing_gap=3.0)
        sheet.paste(part, (index * part.width, 0))
    buffer = io.BytesIO()
    sheet.quantize(128).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
