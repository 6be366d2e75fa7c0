"""The printable pictures: right files and size, real drawing, Thai set in Noto Sans Thai, same bytes twice."""

from __future__ import annotations

import io
from datetime import date

import numpy as np
import pytest
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties, findfont
from matplotlib.text import Annotation, Text
from PIL import Image

import geo
from geo import print_draw, print_text, printing, style
from geo.build import main as build_main
from geo.maps import MapData, prepare

LANGS = ["en", "th"]
PRINTED_MAPS = ["explorer", "sakhalin", "liaodong"]
PATHS = [
    path
    for folder in ("", "th/")
    for path in [f"print/{folder}{name}-{key}.png" for name in PRINTED_MAPS for key in ("before", "after")]
    + [f"print/{folder}war.png", f"print/{folder}demands.png"]
]


@pytest.fixture(scope="module")
def data() -> MapData:
    return prepare(geo.load_layers())


@pytest.fixture(scope="module")
def rendered(data: MapData) -> tuple[dict[str, bytes], list[str]]:
    pictures = [picture for _name, render in printing.print_jobs(data, LANGS) for picture in render()]
    return {path: printing.png(picture) for path, picture in pictures}, [path for path, _ in pictures]


def pixels(png: bytes) -> np.ndarray:
    """The picture as an RGB array (height, width, 3)."""
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))


def has_colour(image: np.ndarray, hex_colour: str, tolerance: int = 6) -> bool:
    """Whether some pixels are drawn in (nearly) this colour."""
    target = np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)])
    close = np.abs(image.astype(int) - target).max(axis=2) <= tolerance
    return int(close.sum()) >= 50


@pytest.mark.parametrize("path", PATHS)
def test_picture_is_a_full_size_drawn_png(rendered, path):
    png = rendered[0][path]
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    image = pixels(png)
    assert image.shape == (1200, 1600, 3)
    packed = image.astype(np.uint32) @ np.array([1 << 16, 1 << 8, 1], dtype=np.uint32)
    assert len(np.unique(packed)) > 500, "picture looks blank"
    assert has_colour(image, style.palette()["sea"]), "the sea is drawn"
    land_colours = [style.palette()["land"]["fillColor"], *style.palette()["controllers"].values()]
    assert any(has_colour(image, colour) for colour in land_colours), "the land is drawn (bare or held)"


@pytest.mark.parametrize("lang_folder", ["print/", "print/th/"])
def test_after_shows_both_holders(rendered, lang_folder):
    image = pixels(rendered[0][f"{lang_folder}explorer-after.png"])
    controllers = style.palette()["controllers"]
    assert has_colour(image, controllers["russia"])
    assert has_colour(image, controllers["japan"])


def test_before_and_after_differ(rendered):
    prints = rendered[0]
    assert prints["print/explorer-before.png"] != prints["print/explorer-after.png"]


def test_thai_pictures_differ_from_english(rendered):
    prints = rendered[0]
    for key in ("before", "after"):
        english, thai = pixels(prints[f"print/explorer-{key}.png"]), pixels(prints[f"print/th/explorer-{key}.png"])
        assert (english != thai).any(axis=2).sum() > 5000, "the Thai picture has (almost) the English text"


def test_every_map_has_its_pictures_in_order(rendered):
    """Each language's pictures, map by map, in the catalogue's order (maps are drawn one after another)."""
    for folder in ("print/", "print/th/"):
        in_folder = [path for path in rendered[1] if path.rpartition("/")[0] + "/" == folder]
        assert in_folder == [path for path in PATHS if path.rpartition("/")[0] + "/" == folder]


def test_thai_font_is_the_converted_noto(rendered):
    regular, bold = print_text.register_thai_font()
    assert regular.suffix == ".ttf" and regular.parent == print_text.FONT_CACHE
    assert findfont(FontProperties(family=print_text.THAI_FAMILY), fallback_to_default=False) == str(regular)
    assert findfont(FontProperties(family=print_text.THAI_FAMILY, weight="bold"),
                    fallback_to_default=False) == str(bold)
    assert print_text.font_families("th")[0] == print_text.THAI_FAMILY


def test_same_input_gives_same_bytes(data, rendered):
    again = {path: printing.png(picture) for _name, render in printing.print_jobs(data, LANGS)
             for path, picture in render()}
    assert again == rendered[0]


def test_a_chosen_day_prints_that_moment(data):
    """``--day``: Korea made a Japanese protectorate on 17 November 1905 recolours it between the
    pictures of the 16th and the 17th."""
    jobs = dict(printing.print_jobs(data, ["en"], [date(1905, 11, 16), date(1905, 11, 17)]))
    pictures = {path: printing.png(picture) for path, picture in jobs["print/explorer"]()}
    eve, annexed = pictures["print/explorer-1905-11-16.png"], pictures["print/explorer-1905-11-17.png"]
    japan, korea = style.controller_colour("japan"), style.controller_colour("korea")

    def drawn(png: bytes, hex_colour: str) -> int:
        target = np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)])
        return int((np.abs(pixels(png).astype(int) - target).max(axis=2) <= 6).sum())

    assert drawn(annexed, japan) > drawn(eve, japan), "Korea is held by Japan"
    assert drawn(annexed, korea) < drawn(eve, korea)


def test_a_malformed_day_is_refused_before_any_work(tmp_path, capsys):
    """A day that is not ISO is refused as the options are read (argparse: usage, then the error line)."""
    with pytest.raises(SystemExit) as stopped:
        build_main(["--day", "05/09/1905", "--out", str(tmp_path / "maps")])
    assert stopped.value.code == 2
    error = capsys.readouterr().err.strip().splitlines()
    assert "--day: '05/09/1905' is not a day in the form YYYY-MM-DD" in error[-1]
    assert not (tmp_path / "maps").exists()


def colour_pixels(image: np.ndarray, hex_colour: str, tolerance: int = 6) -> int:
    """How many pixels are drawn in (nearly) this colour."""
    target = np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)])
    return int((np.abs(image.astype(int) - target).max(axis=2) <= tolerance).sum())


@pytest.mark.parametrize("lang_folder", ["print/", "print/th/"])
def test_japanese_land_is_hatched_in_print_and_russian_is_not(rendered, lang_folder):
    """Japan's land differs from Russia's by more than hue: hatched in its full colour. Unhatched,
    only outlines are drawn in a holder's full colour, and Russia's are the longer on this map."""
    for status in ("sovereign", "occupied"):
        assert style.feature_style({"kind": "territory", "controller": "japan", "status": status}).get("hatch")
    assert "hatch" not in style.feature_style({"kind": "territory", "controller": "russia"})
    image = pixels(rendered[0][f"{lang_folder}sakhalin-after.png"])
    controllers = style.palette()["controllers"]
    assert colour_pixels(image, controllers["japan"]) > 1.5 * colour_pixels(image, controllers["russia"])


def test_a_map_drawn_for_two_languages_keeps_no_words_of_the_first(data):
    """A map is drawn once and lettered language by language: the Thai picture made after the English
    one is pixel for pixel the Thai picture made alone."""
    spec = next(spec for spec in printing.MAPS if spec.name == "explorer")
    alone = printing.render_print(data, spec, {"th": "หลัง"}, geo.TREATY_DAY)["th"]
    after_english = printing.render_print(data, spec, {"en": "after", "th": "หลัง"}, geo.TREATY_DAY)["th"]
    assert np.array_equal(np.asarray(alone), np.asarray(after_english))


def test_war_picture_numbers_are_apart_and_by_their_dots(data, monkeypatch):
    """Each battle's number on the war picture (drawn once for both languages) is clear of every
    other number and every dot, inside the map, and beside its dot or led to it by a line, even where
    battles crowd (Port Arthur: 1, 8 and 13; Liaoyang to Mukden: 11, 12, 14 and 15)."""
    figures: list[Figure] = []

    class Recorded(Figure):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            figures.append(self)

    monkeypatch.setattr(printing, "Figure", Recorded)
    spec = next(spec for spec in printing.MAPS if spec.name == "war")
    assert set(printing.render_war_print(data, spec, LANGS)) == set(LANGS)
    (figure,) = figures
    ax = figure.axes[0]
    renderer = RendererAgg(*printing.PIXELS, printing.DPI)
    numbers = [text for text in ax.texts if isinstance(text, Annotation)]
    assert [n.get_text() for n in numbers] == [str(i) for i in range(1, len(data.layers["battles"]) + 1)]
    for number in numbers:
        number.update_positions(renderer)
    boxes = [Text.get_window_extent(number, renderer) for number in numbers]
    dots = ax.transData.transform([number.xy for number in numbers])
    px = printing.DPI / 72
    radius = print_draw.marker_style(style.feature_style({"kind": "naval"}))["s"] ** 0.5 / 2 * px

    def reach(box, dot) -> float:
        """Distance from a dot's centre to the nearest point of a box (0 inside)."""
        return float(np.hypot(max(box.x0 - dot[0], 0, dot[0] - box.x1), max(box.y0 - dot[1], 0, dot[1] - box.y1)))

    for i, (number, box) in enumerate(zip(numbers, boxes, strict=True)):
        label = number.get_text()
        assert ax.bbox.contains(box.x0, box.y0) and ax.bbox.contains(box.x1, box.y1), f"{label} leaves the map"
        for other, other_box in zip(numbers[i + 1:], boxes[i + 1:], strict=True):
            assert not box.overlaps(other_box), f"{label} and {other.get_text()} overprint"
        for j, dot in enumerate(dots):
            assert reach(box, dot) > radius, f"{label} covers the dot of {numbers[j].get_text()}"
        gap = reach(box, dots[i]) - radius
        assert gap <= 40 * px, f"{label} is {gap / px:.0f} pt from its dot"
        assert gap <= 3 * px or number.arrow_patch is not None, f"{label} is away from its dot with no leader"
