"""Our own map controls, each one class with its template (the folium plugin discipline).

Their text comes escaped from Python; data reaches scripts only through ``tojson``,
which escapes ``<``, ``>`` and ``&``, so nothing in it can close a script tag.
"""

from __future__ import annotations

from html import escape
from typing import Any

from branca.element import Element, MacroElement
from folium.template import Template


class Panel(MacroElement):
    """Top-left panel: the map's title, its before/after switch or date slider, and links.

    The switch shows exactly one of the state groups (radio buttons: the states
    are exclusive); the slider shows the features of a layer whose ``start``/``end``
    ISO dates hold on the chosen day, and older ones faded.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            var panel = L.control({position: "topleft"});
            panel.onAdd = function () {
                var div = L.DomUtil.create("div", "p1905-panel");
                div.innerHTML = {{ this.inner_html|tojson }};
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.disableScrollPropagation(div);
                return div;
            };
            panel.addTo(map);
            var root = panel.getContainer();
            {%- if this.states %}
            var groups = {};
            {%- for key, group in this.states %}
            groups[{{ key|tojson }}] = {{ group.get_name() }};
            {%- endfor %}
            function showState(state) {
                Object.keys(groups).forEach(function (key) {
                    if (key === state) { map.addLayer(groups[key]); } else { map.removeLayer(groups[key]); }
                });
                map.getContainer().setAttribute("data-state", state);
            }
            root.querySelectorAll("input[type=radio]").forEach(function (input) {
                input.addEventListener("change", function () {
                    if (input.checked) { showState(input.value); }
                });
            });
            showState({{ this.initial_state|tojson }});
            {%- endif %}
            {%- if this.timeline %}
            var layer = {{ this.timeline.get_name() }};
            var markers = [];
            layer.eachLayer(function (marker) { markers.push(marker); });
            var first = Date.UTC({{ this.first_day[0] }}, {{ this.first_day[1] - 1 }}, {{ this.first_day[2] }});
            var months = {{ this.months|tojson }};
            var era = {{ this.era|tojson }};
            var slider = root.querySelector("input[type=range]");
            var label = root.querySelector(".p1905-date");
            var count = root.querySelector(".p1905-count");
            var countText = {{ this.count_text|tojson }};
            var pastStyle = {{ this.past_style|tojson }};
            function isoDay(index) { return new Date(first + index * 86400000).toISOString().slice(0, 10); }
            function showDay(index) {
                var day = isoDay(index);
                var parts = day.split("-").map(Number);
                var text = parts[2] + " " + months[parts[1] - 1] + " " + parts[0];
                if (era) { text += " (" + era[1] + " " + (parts[0] + era[0]) + ")"; }
                label.textContent = text;
                var active = [];
                layer.clearLayers();
                markers.forEach(function (marker) {
                    var p = marker.feature.properties;
                    if (p.start > day) { return; }
                    var inProgress = !p.end || day < p.end;
                    if (inProgress) { active.push(p.title); }
                    marker.setStyle(inProgress ? p.style : pastStyle);
                    layer.addLayer(marker);
                    if (inProgress) { marker.bringToFront(); }
                });
                count.textContent = countText.replace("{count}", active.length)
                    + (active.length ? ": " + active.join(", ") : "");
                map.getContainer().setAttribute("data-day", day);
            }
            slider.addEventListener("input", function () { showDay(Number(slider.value)); });
            var timer = null;
            var play = root.querySelector("button.p1905-play");
            play.addEventListener("click", function () {
                if (timer) {
                    clearInterval(timer);
                    timer = null;
                    play.textContent = {{ this.play_text|tojson }};
                    return;
                }
                if (Number(slider.value) >= Number(slider.max)) { slider.value = 0; }
                play.textContent = {{ this.pause_text|tojson }};
                timer = setInterval(function () {
                    slider.value = Math.min(Number(slider.max), Number(slider.value) + 3);
                    showDay(Number(slider.value));
                    if (Number(slider.value) >= Number(slider.max)) { play.click(); }
                }, 120);
            });
            showDay(Number(slider.value));
            {%- endif %}
            if (map.getSize().x < 700) {
                root.querySelectorAll("details").forEach(function (folded) { folded.open = false; });
            }
            {%- if this.layer_control %}
            var layersControl = {{ this.layer_control.get_name() }};
            if (map.getSize().x < 560) {
                layersControl.collapse();
                map.on("click", function () { layersControl.collapse(); });
            }
            {%- endif %}
        })();
        {% endmacro %}
        """
    )

    def __init__(
        self,
        title: str,
        links: list[tuple[str, str]],
        states: list[tuple[str, str, Element]] | None = None,
        initial_state: str | None = None,
        timeline: dict[str, Any] | None = None,
        details: str | None = None,
        layer_control: Element | None = None,
    ) -> None:
        """``details`` is extra panel HTML that the caller has escaped (e.g. the demands list);
        ``layer_control`` is folded to its button on narrow screens, so the two never overlap."""
        super().__init__()
        self._name = "Panel"
        self.layer_control = layer_control
        self.states = [(key, group) for key, _label, group in states or []]
        self.initial_state = initial_state
        self.timeline = timeline["layer"] if timeline else None
        parts = [f"<h1>{escape(title)}</h1>"]
        if states:
            options = "".join(
                f'<label><input type="radio" name="state" value="{escape(key, quote=True)}"'
                f'{" checked" if key == initial_state else ""}> {escape(label)}</label>'
                for key, label, _group in states
            )
            parts.append(f'<fieldset class="p1905-states">{options}</fieldset>')
        if timeline:
            self.first_day = (timeline["first"].year, timeline["first"].month, timeline["first"].day)
            self.months = timeline["months"]
            self.era = timeline["era"]
            self.count_text = timeline["count_text"]
            self.play_text = timeline["play_text"]
            self.pause_text = timeline["pause_text"]
            self.past_style = timeline["past_style"]
            parts.append(
                '<div class="p1905-timeline">'
                f'<button type="button" class="p1905-play">{escape(timeline["play_text"])}</button>'
                f'<input type="range" min="0" max="{timeline["days"]}" value="0" step="1" '
                f'aria-label="{escape(timeline["label"], quote=True)}">'
                '<div><span class="p1905-date"></span> · <span class="p1905-count"></span></div></div>'
            )
        if details:
            parts.append(details)
        if links:
            parts.append(
                '<nav class="p1905-links">'
                + " · ".join(f'<a href="{escape(href, quote=True)}">{escape(text)}</a>' for text, href in links)
                + "</nav>"
            )
        self.inner_html = "".join(parts)


class Legend(MacroElement):
    """Bottom-right legend: a swatch and a label per symbol the map draws (collapsible)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var legend = L.control({position: "bottomright"});
            legend.onAdd = function () {
                var div = L.DomUtil.create("div", "p1905-legend-box");
                div.innerHTML = {{ this.inner_html|tojson }};
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.disableScrollPropagation(div);
                return div;
            };
            var map = {{ this._parent.get_name() }};
            legend.addTo(map);
            if (map.getSize().x < 700) { legend.getContainer().querySelector("details").open = false; }
        })();
        {% endmacro %}
        """
    )

    def __init__(self, title: str, entries: list[tuple[str, str]]) -> None:
        """``entries`` are (swatch HTML made by :func:`swatch`, label text)."""
        super().__init__()
        self._name = "Legend"
        items = "".join(f"<li>{sw}<span>{escape(label)}</span></li>" for sw, label in entries)
        self.inner_html = (
            f'<details class="p1905-legend" open><summary>{escape(title)}</summary><ul>{items}</ul></details>'
        )


def swatch(shape: str, style: dict[str, Any]) -> str:
    """A small SVG sample of a fill, a line or a circle marker, drawn with the map's own style."""
    stroke = escape(str(style.get("color", "#000")), quote=True)
    fill = escape(str(style.get("fillColor", style.get("color", "#000"))), quote=True)
    dash = escape(str(style.get("dashArray", "")), quote=True)
    width = min(float(style.get("weight", 2)), 4)
    fill_opacity = style.get("fillOpacity", 0.4)
    if shape == "line":
        body = (f'<line x1="1" y1="8" x2="23" y2="8" stroke="{stroke}" stroke-width="{width}" '
                f'stroke-dasharray="{dash}"/>')
    elif shape == "circle":
        body = (f'<circle cx="12" cy="8" r="6" stroke="{stroke}" stroke-width="{width}" fill="{fill}" '
                f'fill-opacity="{fill_opacity}" stroke-dasharray="{dash}"/>')
    else:
        body = (f'<rect x="2" y="2" width="20" height="12" stroke="{stroke}" stroke-width="{width}" '
                f'fill="{fill}" fill-opacity="{fill_opacity}" stroke-dasharray="{dash}"/>')
    return f'<svg width="24" height="16" aria-hidden="true">{body}</svg>'


class Sync(MacroElement):
    """Keeps two maps at the same centre and zoom (Leaflet.Sync, inlined from npm)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this.first.get_name() }}.sync({{ this.second.get_name() }});
        {{ this.second.get_name() }}.sync({{ this.first.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, first: Element, second: Element) -> None:
        super().__init__()
        self._name = "Sync"
        self.first = first
        self.second = second
