"""The gallery's thumbnails: each map's printable picture, downscaled, written beside the pictures
(``print/<map>-small.png``, Thai in ``print/th/``) as the build writes those pictures."""

from __future__ import annotations

import io
import re

from PIL import Image

from geo.catalogue import COMPARE, MAPS
from geo.i18n import folder, languages
from geo.printing import PIXELS

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


class Thumbnails:
    """Collects the pictures as the build writes them and makes each thumbnail once its pictures are in."""

    def __init__(self) -> None:
        self.folders = {folder(lang): lang for lang in languages()}
        self.pictures: dict[tuple[str, str], Image.Image] = {}

    def add(self, relative: str, content: str | bytes) -> list[tuple[str, bytes]]:
        """The thumbnails that ``relative`` (any file of the build) completes, as ``(path, PNG)``."""
        match = PICTURE_PATH.fullmatch(relative)
        if not match or match[1] not in self.folders or not isinstance(content, bytes):
            return []
        lang, stem = self.folders[match[1]], match[2]
        made = []
        for name, stems in SOURCES.items():
            if stem not in stems:
                continue
            if (lang, stem) not in self.pictures:  # kept only at thumbnail size
                picture = Image.open(io.BytesIO(content)).convert("RGB")
                self.pictures[lang, stem] = picture.resize(SMALL, Image.Resampling.LANCZOS)
            if all((lang, s) in self.pictures for s in stems):
                made.append((path(name, lang), self._compose(name, [self.pictures[lang, s] for s in stems])))
        return made

    @staticmethod
    def _compose(name: str, pictures: list[Image.Image]) -> bytes:
        width, height = size(name)
        sheet = Image.new("RGB", (width, height), "white")
        for index, picture in enumerate(pictures):
            part = picture.resize((width // len(pictures), height), Image.Resampling.LANCZOS)
            sheet.paste(part, (index * part.width, 0))
        buffer = io.BytesIO()
        sheet.quantize(128).save(buffer, format="PNG", optimize=True)
        return buffer.getvalue()
