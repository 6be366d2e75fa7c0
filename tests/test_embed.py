"""Every map embedded in a 600×400 iframe, as the gallery's snippet puts it on another site:
the controls stay small enough that the map itself remains what a reader sees."""

from __future__ import annotations

from itertools import pairwise

import pytest

from tests.test_accessibility import page_path

PAGES = ["explorer", "sakhalin", "liaodong", "war", "demands", "compare"]
FRAME = (600, 400)
MAX_COVERED = 0.20
"""At most a fifth of the frame under controls (panel, layers, legend, zoom, scale, attribution)."""

CONTROL_BOXES = """() => [...document.querySelectorAll('.leaflet-control')]
  .filter(e => getComputedStyle(e).visibility !== 'hidden')
  .map(e => { const r = e.getBoundingClientRect(); return [e.className, r.left, r.top, r.right, r.bottom]; })
  .filter(b => b[3] > b[1] && b[4] > b[2])"""


def union_area(boxes: list[tuple[float, float, float, float]]) -> float:
    """The area covered by a set of rectangles ``(left, top, right, bottom)``, overlaps counted once."""
    xs = sorted({x for box in boxes for x in (box[0], box[2])})
    area = 0.0
    for left, right in pairwise(xs):
        spans = sorted((b[1], b[3]) for b in boxes if b[0] <= left and right <= b[2])
        covered, reach = 0.0, float("-inf")
        for top, bottom in spans:
            if bottom > reach:
                covered += bottom - max(top, reach)
                reach = bottom
        area += covered * (right - left)
    return area


def test_union_area_counts_overlaps_once():
    assert union_area([(0, 0, 10, 10), (5, 5, 15, 15)]) == 175
    assert union_area([(0, 0, 10, 10), (2, 2, 4, 4), (20, 0, 30, 1)]) == 110


@pytest.mark.parametrize("lang", ["en", "th"])
@pytest.mark.parametrize("name", PAGES)
def test_controls_leave_the_map_visible_in_a_small_frame(built_maps, visit, name, lang):
    width, height = FRAME
    opened = visit(page_path(built_maps, lang, name), width=width, height=height)
    page = opened.page
    boxes = page.evaluate(CONTROL_BOXES)
    assert any("p1905-panel" in box[0] for box in boxes), "the panel is shown"
    for name_, left, top, right, bottom in boxes:
        assert left >= 0 and top >= 0 and right <= width and bottom <= height, f"{name_} leaves the frame"
    for index, (first, *a) in enumerate(boxes):
        for second, *b in boxes[index + 1:]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], f"{first} overlaps {second}"
    covered = union_area([tuple(box[1:]) for box in boxes]) / (width * height)
    assert covered <= MAX_COVERED, f"controls cover {covered:.0%} of the frame"
    assert page.locator("details.p1905-legend[open]").count() == 0, "the legend starts folded"
    assert page.locator(".leaflet-control-layers-expanded").count() == 0, "the layer control starts folded"
    assert opened.errors == []


@pytest.mark.parametrize("lang", ["en", "th"])
def test_a_long_popup_fits_a_small_frame(built_maps, visit, lang):
    width, height = FRAME
    page = visit(page_path(built_maps, lang, "explorer").with_name("explorer.html#1905-09-05"),
                 width=width, height=height).page
    page.click(".p1905-alt summary")
    page.click(".p1905-alt-body li[data-id=battle-mukden] button")
    popup = page.wait_for_selector(".leaflet-popup")
    page.wait_for_timeout(400)
    box = popup.bounding_box()
    assert box is not None
    assert box["x"] >= 0 and box["y"] >= 0, "the popup starts inside the frame"
    assert box["x"] + box["width"] <= width and box["y"] + box["height"] <= height, "the popup ends inside it"


@pytest.mark.parametrize("lang", ["en", "th"])
def test_the_comparison_list_stays_in_its_own_map(built_maps, visit, lang):
    """At 600×400 the two maps are stacked, each half the frame high: the first map's list, opened,
    scrolls within that map's panel, clear of its scale bar, instead of running into the second map."""
    width, height = FRAME
    page = visit(page_path(built_maps, lang, "compare"), width=width, height=height).page
    page.locator(".p1905-alt summary").first.click()
    panel, scale, first_map = page.evaluate("""() => [
        document.querySelector('.p1905-panel').getBoundingClientRect().bottom,
        document.querySelector('.leaflet-control-scale').getBoundingClientRect().top,
        document.querySelector('.folium-map').getBoundingClientRect().bottom]""")
    assert panel <= scale <= first_map, (panel, scale, first_map)
