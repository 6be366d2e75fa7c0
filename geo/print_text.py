"""Text in the printable pictures: the fonts of each language and legend labels wrapped to fit.

Thai text is set in Noto Sans Thai, converted once from the project's pinned WOFF files (matplotlib
reads no WOFF), with DejaVu Sans supplying Latin letters and digits.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
import unicodedata
from pathlib import Path

from fontTools.ttLib import TTFont
from matplotlib.font_manager import fontManager

from geo import assets

LATIN_FAMILY = "DejaVu Sans"
THAI_FAMILY = "Noto Sans Thai"
THAI_FONT_PACKAGE = "@fontsource/noto-sans-thai"
THAI_FONT_FILES = ("files/noto-sans-thai-thai-400-normal.woff", "files/noto-sans-thai-thai-700-normal.woff")
"""Regular for the text, bold for the title (the Thai subset: Thai glyphs only)."""
FONT_CACHE = Path(tempfile.gettempdir()) / "portsmouth1905-fonts"


def font_families(lang: str) -> list[str]:
    """The font families for a language's text, in fallback order."""
    if lang == "th":
        register_thai_font()
        return [THAI_FAMILY, LATIN_FAMILY]
    return [LATIN_FAMILY]


def register_thai_font() -> list[Path]:
    """Make Noto Sans Thai known to matplotlib (once per process); return the TTF files registered."""
    known = {entry.fname for entry in fontManager.ttflist}
    paths = [_ttf_from_woff(assets.npm_file(THAI_FONT_PACKAGE, relative)) for relative in THAI_FONT_FILES]
    for path in paths:
        if str(path) not in known:
            fontManager.addfont(path)
    return paths


def _ttf_from_woff(source: Path) -> Path:
    """A TTF copy of a WOFF font, cached by the source's contents."""
    content = source.read_bytes()
    target = FONT_CACHE / f"{source.stem}-{hashlib.sha256(content).hexdigest()[:16]}.ttf"
    if not target.is_file():
        FONT_CACHE.mkdir(parents=True, exist_ok=True)
        font = TTFont(io.BytesIO(content))
        font.flavor = None
        # Write beside the target and rename: another build may be converting the same file.
        handle, partial = tempfile.mkstemp(dir=FONT_CACHE, suffix=".part")
        with os.fdopen(handle, "wb") as out:
            font.save(out)
        os.replace(partial, target)
    return target


def wrap(label: str, width: int) -> str:
    """Break a label at spaces into lines of at most ``width`` visible characters.

    Thai vowel and tone marks sit on their consonant and take no width, so they are not counted.
    """
    lines: list[str] = []
    for word in label.split(" "):
        if lines and _visible_length(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return "\n".join(lines)


def _visible_length(text: str) -> int:
    return sum(unicodedata.category(char) != "Mn" for char in text)
