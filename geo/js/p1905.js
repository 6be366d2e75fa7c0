/* Portsmouth 1905 map pages: draw every layer from the page's data block (#p1905-data) and keep
   the panel, the time axis, the text alternative and the URL fragment in step.
   Layer text only ever becomes DOM text (textContent), never markup. */
(function () {
  "use strict";

  var DAY_MS = 86400000;
  var NARROW = 700;
  var SHORT = 500;
  var ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  function escapeHtml(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, key) { return key in values ? values[key] : whole; });
  }

  function validDay(text) {
    if (!ISO_DAY.test(text)) { return false; }
    var parsed = new Date(text + "T00:00:00Z");
    return !isNaN(parsed) && parsed.toISOString().slice(0, 10) === text;
  }

  function addDays(iso, days) {
    return new Date(Date.parse(iso + "T00:00:00Z") + days * DAY_MS).toISOString().slice(0, 10);
  }

  function daysBetween(first, second) {
    return Math.round((Date.parse(second + "T00:00:00Z") - Date.parse(first + "T00:00:00Z")) / DAY_MS);
  }

  /* The same rule as geo.state_at: start <= day < end, open ends always hold. */
  function inForce(feature, day) {
    return (!feature.start || feature.start <= day) && (!feature.end || day < feature.end);
  }

  /* Geometry arrives as encoded-polyline strings (geo/encoding.py): per axis, the difference from
     the previous value in units of the map's grid, sign in the lowest bit, in 5-bit groups of one
     character each (code - 63, bit 32 set while more groups follow). */
  function decodeLine(text, scale) {
    var positions = [];
    var at = 0;
    var x = 0;
    var y = 0;
    function next() {
      var folded = 0;
      var shift = 0;
      var group;
      do {
        group = text.charCodeAt(at++) - 63;
        folded |= (group & 31) << shift;
        shift += 5;
      } while (group >= 32);
      return folded & 1 ? ~(folded >> 1) : folded >> 1;
    }
    while (at < text.length) {
      x += next();
      y += next();
      positions.push([x / scale, y / scale]);
    }
    return positions;
  }

  var DEPTH = {Point: 0, MultiPoint: 1, LineString: 1, Polygon: 2, MultiLineString: 2, MultiPolygon: 3};

  /* An encoded geometry back to GeoJSON for Leaflet. */
  function decodeGeometry(geometry, scale) {
    if (geometry.type === "GeometryCollection") {
      return {type: geometry.type, geometries: geometry.geometries.map(function (g) { return decodeGeometry(g, scale); })};
    }
    function unpack(coordinates, depth) {
      if (depth === 0) { return decodeLine(coordinates, scale)[0]; }
      if (depth === 1) { return decodeLine(coordinates, scale); }
      return coordinates.map(function (part) { return unpack(part, depth - 1); });
    }
    return {type: geometry.type, coordinates: unpack(geometry.coordinates, DEPTH[geometry.type])};
  }

  /* The data block as the rest of the script reads it: features from their table (field names
     once, a row each, the popup's fields among them), geometry decoded, styles, popup rows, sources
     and their links looked up in their shared tables, a feature named by its popup's title, and
     each stop's summary made from its changes. */
  function unpack(data) {
    var scale = Math.pow(10, data.digits);
    function decode(geometry) { return decodeGeometry(geometry, scale); }
    function lookUp(popup) {
      popup.rows = popup.rows.map(function (index) { return data.rows[index]; });
      popup.sources = popup.sources.map(function (index) {
        var source = data.sources[index];
        return [source[0], data.urls[source[1]]];
      });
    }
    data.land = data.land.map(decode);
    data.shapes = data.shapes.map(decode);
    var fields = data.features.fields;
    data.features = data.features.rows.map(function (row) {
      var feature = {};
      fields.forEach(function (field, index) { feature[field] = row[index]; });
      feature.style = data.styles[feature.style];
      feature.name = feature.title;
      feature.popup = {title: feature.title, alt: feature.alt, description: feature.description,
                       rows: feature.rows, sources: feature.sources};
      lookUp(feature.popup);
      return feature;
    });
    (data.articles || []).forEach(function (article) {
      article.geometry = decode(article.geometry);
      lookUp(article.popup);
    });
    (data.stops || []).forEach(function (stop) {
      stop.summary = [];
      stop.changes.forEach(function (change) {
        change.geometry = decode(change.geometry);
        stop.summary = stop.summary.concat(change.lines);
      });
      if (!stop.summary.length) { stop.summary = [data.text.changes_none]; }
    });
    return data;
  }

  function Page(data) {
    this.data = data;
    this.text = data.text;
    this.reduced = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    this.stops = data.stops || [];
    this.views = [];
    this.timer = null;
  }

  Page.prototype.formatDay = function (iso) {
    var parts = iso.split("-").map(Number);
    var text = parts[2] + " " + this.data.months[parts[1] - 1] + " " + parts[0];
    if (this.data.era) { text += " (" + this.data.era[1] + " " + (parts[0] + this.data.era[0]) + ")"; }
    return text;
  };

  /* The popup of a feature, built from its data with text nodes only. */
  Page.prototype.popupContent = function (popup) {
    var box = el("div", {"class": "pp"});
    box.appendChild(el("h3", {}, popup.title));
    popup.alt.forEach(function (name) { box.appendChild(el("div", {"class": "pp-alt"}, name)); });
    if (popup.description) { box.appendChild(el("p", {}, popup.description)); }
    if (popup.rows.length) {
      var table = el("table");
      popup.rows.forEach(function (row) {
        var tr = el("tr");
        tr.appendChild(el("th", {scope: "row"}, row[0]));
        var td = el("td");
        if (row[2]) { td.appendChild(el("b", {}, row[2])); td.appendChild(document.createTextNode(" ")); }
        td.appendChild(document.createTextNode(row[1]));
        tr.appendChild(td);
        table.appendChild(tr);
      });
      box.appendChild(table);
    }
    if (popup.sources.length) {
      var line = el("p", {"class": "pp-src"});
      line.appendChild(el("b", {}, this.text.field_source + ":"));
      popup.sources.forEach(function (source, index) {
        line.appendChild(document.createTextNode(index ? "; " : " "));
        if (source[1] && /^https?:\/\//.test(source[1])) {
          line.appendChild(el("a", {href: source[1], target: "_blank", rel: "noopener noreferrer"}, source[0]));
        } else {
          line.appendChild(document.createTextNode(source[0]));
        }
      });
      box.appendChild(line);
    }
    return box;
  };

  /* ---- one map on the page ---------------------------------------------------------------- */

  function View(page, spec, index) {
    var data = page.data;
    var text = page.text;
    var map = window[spec.map];
    this.page = page;
    this.map = map;
    this.day = spec.day;
    this.index = index;
    this.entries = [];
    this.groups = {};
    this.returnFocus = null;
    var container = map.getContainer();
    container.setAttribute("aria-label", fill(text.map_label, {title: spec.label || data.title}));
    this.narrow = map.getSize().x < NARROW || map.getSize().y < SHORT;
    L.control.zoom({position: data.mode === "compare" ? "topright" : "bottomleft", zoomInTitle: text.zoom_in, zoomOutTitle: text.zoom_out}).addTo(map);
    /* The wheel zooms only once the reader has clicked or focused the map: page scroll otherwise. */
    map.on("click focus", function () { map.scrollWheelZoom.enable(); });
    map.on("blur mouseout", function () { map.scrollWheelZoom.disable(); });
    L.geoJSON({type: "FeatureCollection", features: data.land.map(function (geometry) {
      return {type: "Feature", properties: {}, geometry: geometry};
    })}, {interactive: false, style: function () {
      return L.extend({}, data.palette.land, {className: "p1905-land"});
    }}).addTo(map);
    if (data.mode === "compare" && index < data.views.length - 1) {
      map.attributionControl.remove();  /* both maps draw the same layers: one credit line for the page */
    } else {
      map.attributionControl.addAttribution(escapeHtml(text.attribution_coastline));
      data.credits.forEach(function (credit) { map.attributionControl.addAttribution(escapeHtml(credit)); });
    }
    /* Popups pan clear of the panel (its width is set once the panel is built). */
    this.padTopLeft = [10, 10];
    this.popupOptions = {maxWidth: 340, maxHeight: 300, autoPanPaddingTopLeft: this.padTopLeft,
                         autoPanPaddingBottomRight: [10, 10]};
    this.groups.state = L.featureGroup().addTo(map);
    var self = this;
    data.overlays.forEach(function (overlay) { self.groups[overlay.key] = L.featureGroup(); });
    data.features.forEach(function (feature) { self.addFeature(feature); });
    (data.articles || []).forEach(function (article) { self.addMarker("articles", article, data.palette.article); });
    data.overlays.forEach(function (overlay) {
      if (overlay.show && data.mode !== "compare") { self.groups[overlay.key].addTo(map); }
    });
    if (data.mode === "compare") { ["battles", "places"].forEach(function (key) {
      if (self.groups[key]) { self.groups[key].addTo(map); }
    }); }
    map.on("popupopen", function (event) { self.popupOpened(event.popup); });
    map.on("popupclose", function () {
      var back = self.returnFocus;
      self.returnFocus = null;
      if (back) { back.focus(); }
    });
  }

  View.prototype.styleFor = function (feature) {
    var style = L.extend({}, feature.style, {className: "p1905-f f-" + feature.id});
    if (style.hatch) { L.extend(style, {fillColor: hatchFill(feature.style, this.page.data.palette.hatch), fillOpacity: 1}); }
    return style;
  };

  function svgEl(tag, attrs) {
    var node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    Object.keys(attrs).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    return node;
  }

  /* A hatched fill: an SVG pattern of the style's colour and opacity crossed by diagonal lines of the
     same colour (one pattern per colour and opacity, shared by the page's maps and legend). */
  function hatchFill(style, hatch) {
    var id = "p1905-hatch-" + style.fillColor.replace("#", "") + "-" + String(style.fillOpacity).replace(".", "_");
    if (!document.getElementById(id)) {
      var defs = document.getElementById("p1905-patterns");
      if (!defs) {
        defs = svgEl("defs", {id: "p1905-patterns"});
        var holder = svgEl("svg", {width: 0, height: 0, "aria-hidden": "true", style: "position:absolute"});
        holder.appendChild(defs);
        document.body.appendChild(holder);
      }
      var size = hatch.spacing;
      var pattern = svgEl("pattern", {id: id, patternUnits: "userSpaceOnUse", width: size, height: size,
                                      patternTransform: "rotate(45)"});
      pattern.appendChild(svgEl("rect", {width: size, height: size, fill: style.fillColor, "fill-opacity": style.fillOpacity}));
      pattern.appendChild(svgEl("line", {x1: size / 2, y1: 0, x2: size / 2, y2: size, stroke: style.fillColor,
                                         "stroke-width": hatch.width,
                                         "stroke-opacity": Math.min(1, style.fillOpacity * hatch.strength)}));
      defs.appendChild(pattern);
    }
    return "url(#" + id + ")";
  }

  View.prototype.addFeature = function (feature) {
    var page = this.page;
    var view = this;
    var style = this.styleFor(feature);
    var layer = L.geoJSON(page.data.shapes[feature.shape], {
      style: function () { return style; },
      pointToLayer: function (point, latlng) { return L.circleMarker(latlng, style); }
    });
    layer.eachLayer(function (part) {
      part.bindPopup(function () { return page.popupContent(feature.popup); }, view.popupOptions);
      part.bindTooltip(el("span", {}, feature.name), {sticky: true});
    });
    this.entries.push({feature: feature, layer: layer, group: this.groups[feature.group], shown: false, past: null});
  };

  View.prototype.addMarker = function (group, marker, style) {
    var page = this.page;
    var self = this;
    var layer = L.geoJSON(marker.geometry, {
      style: function () { return L.extend({}, style, {className: "p1905-f f-" + marker.id}); },
      pointToLayer: function (point, latlng) {
        return L.circleMarker(latlng, L.extend({}, style, {className: "p1905-f f-" + marker.id}));
      }
    });
    layer.eachLayer(function (part) {
      part.bindPopup(function () { return page.popupContent(marker.popup); }, self.popupOptions);
      if (marker.label) {
        var side = marker.side || "center";
        part.bindTooltip(el("span", {}, marker.label), {
          permanent: true, direction: side, className: "p1905-label",
          offset: side === "right" ? [14, 0] : side === "left" ? [-14, 0] : [0, 0]});
      }
    });
    layer.addTo(this.groups[group]);
    return layer;
  };

  /* Show what is in force on a day; battles stay after their end, faded. */
  View.prototype.show = function (day) {
    var palette = this.page.data.palette;
    var self = this;
    this.day = day;
    this.map.getContainer().setAttribute("data-day", day);
    this.entries.forEach(function (entry) {
      var feature = entry.feature;
      var battle = feature.group === "battles";
      var visible = battle ? (!feature.start || feature.start <= day) : inForce(feature, day);
      var past = battle && visible && feature.end !== "" && day >= feature.end;
      if (visible !== entry.shown) {
        if (visible) { entry.group.addLayer(entry.layer); } else { entry.group.removeLayer(entry.layer); }
        entry.shown = visible;
      }
      if (visible && past !== entry.past) {
        var style = past ? L.extend({}, palette.battle_past) : self.styleFor(feature);
        entry.layer.setStyle(style);
        entry.layer.eachLayer(function (part) { if (part.setRadius && style.radius) { part.setRadius(style.radius); } });
        if (!past) { entry.layer.bringToFront(); }
        entry.past = past;
      }
      var path = entry.layer.getLayers()[0];
      var node = visible && path && path.getElement && path.getElement();
      if (node) {
        node.setAttribute("data-holder", feature.holder);
        node.setAttribute("data-past", past ? "true" : "false");
      }
    });
    if (this.groups.changes) { this.showChanges(this.page.stopAt(day)); }
    if (self.alt) { self.page.fillAlternative(self, day); }
  };

  View.prototype.showChanges = function (stop) {
    var group = this.groups.changes;
    var style = this.page.data.palette.change;
    var self = this;
    group.clearLayers();
    if (!stop) { return; }
    stop.changes.forEach(function (change) {
      var layer = self.addMarker("changes", {
        id: change.id, label: change.label, side: change.side, geometry: change.geometry,
        popup: {title: self.page.text.alt_changes, alt: [], description: "", rows: [], sources: []}
      }, style);
      layer.eachLayer(function (part) {
        part.setPopupContent(function () {
          var box = el("div", {"class": "pp"});
          box.appendChild(el("h3", {}, self.page.text.alt_changes));
          change.lines.forEach(function (line) { box.appendChild(el("p", {}, line)); });
          return box;
        });
      });
    });
  };

  /* Open a feature's information from the text alternative; focus goes into it and comes back. */
  View.prototype.openFeature = function (entry, button) {
    if (!this.map.hasLayer(entry.group)) { entry.group.addTo(this.map); }
    var part = entry.layer.getLayers()[0];
    if (!part) { return; }
    this.returnFocus = null;
    this.map.closePopup();
    this.focusPopup = true;
    part.openPopup();
    this.returnFocus = button;
  };

  View.prototype.popupOpened = function (popup) {
    var node = popup.getElement();
    var close = node && node.querySelector(".leaflet-popup-close-button");
    if (close) { close.setAttribute("aria-label", this.page.text.popup_close); close.setAttribute("title", this.page.text.popup_close); }
    var content = node && node.querySelector(".leaflet-popup-content");
    if (content) {
      content.setAttribute("tabindex", "-1");
      content.setAttribute("role", "dialog");
      var heading = content.querySelector("h3");
      if (heading) { content.setAttribute("aria-label", heading.textContent); }
      if (this.focusPopup) { content.focus(); }
    }
    this.focusPopup = false;
  };

  /* ---- the page: panel, axis, fragment, text alternative ---------------------------------- */

  Page.prototype.stopAt = function (day) {
    var found = null;
    this.stops.forEach(function (stop) { if (stop.day <= day) { found = stop; } });
    return found;
  };

  Page.prototype.stopIndex = function (day) {
    var found = 0;
    this.stops.forEach(function (stop, index) { if (stop.day <= day) { found = index; } });
    return found;
  };

  Page.prototype.control = function (view, position, className, build) {
    var control = L.control({position: position});
    control.onAdd = function () {
      var div = L.DomUtil.create("div", className);
      build(div);
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      return div;
    };
    control.addTo(view.map);
    return control.getContainer();
  };

  Page.prototype.buildPanel = function (view, first) {
    var page = this;
    var data = this.data;
    var text = this.text;
    this.control(view, "topleft", "p1905-panel", function (div) {
      var title = data.mode === "compare" ? data.views[view.index].label : data.title;
      div.appendChild(el("h1", {}, title));
      if (data.mode === "states") { page.buildStates(div); page.buildAxis(div); }
      if (data.mode === "war") { page.buildWar(div); }
      if (data.mode === "demands") { page.buildDemands(div); }
      if (first) {
        var nav = el("nav", {"class": "p1905-links"});
        data.links.forEach(function (link, index) {
          if (index) { nav.appendChild(document.createTextNode(" · ")); }
          var a = el("a", {href: link.href}, link.text);
          if (link.lang) { a.setAttribute("lang", link.lang); a.setAttribute("hreflang", link.lang); }
          nav.appendChild(a);
        });
        div.appendChild(nav);
      }
      var alt = el("details", {"class": "p1905-alt"});
      alt.appendChild(el("summary", {}, text.alt_heading));
      view.alt = el("div", {"class": "p1905-alt-body"});
      alt.appendChild(view.alt);
      div.appendChild(alt);
      if (view.narrow) { div.querySelectorAll("details").forEach(function (d) { d.open = false; }); }
    });
    var panel = view.map.getContainer().querySelector(".p1905-panel");
    if (panel && view.map.getSize().x - panel.offsetWidth > 380) { view.padTopLeft[0] = panel.offsetWidth + 20; }
  };

  Page.prototype.buildStates = function (div) {
    var page = this;
    var fieldset = el("fieldset", {"class": "p1905-states"});
    fieldset.appendChild(el("legend", {}, this.text.state_switch));
    this.data.states.forEach(function (state) {
      var label = el("label");
      var input = el("input", {type: "radio", name: "state", value: state.key});
      input.addEventListener("change", function () { if (input.checked) { page.go(state.day, state.key); } });
      label.appendChild(input);
      /* The state's name, then its date (hidden in a small frame, where the status line gives it). */
      var parts = state.label.split(" — ");
      label.appendChild(document.createTextNode(" " + parts[0]));
      if (parts.length > 1) { label.appendChild(el("span", {"class": "p1905-state-day"}, " — " + parts.slice(1).join(" — "))); }
      fieldset.appendChild(label);
    });
    div.appendChild(fieldset);
  };

  Page.prototype.buildAxis = function (div) {
    var page = this;
    this.buildSlider(div, "p1905-axis", this.text.axis_label, this.stops.length - 1,
                     function (index) { return page.stops[index].day; });
  };

  Page.prototype.buildWar = function (div) {
    var war = this.data.war;
    this.buildSlider(div, "p1905-timeline", this.text.timeline_label, daysBetween(war.first, war.last),
                     function (index) { return addDays(war.first, index); });
  };

  /* A labelled range with a play button and a polite status line; ``dayAt`` maps a position to its day. */
  Page.prototype.buildSlider = function (div, className, label, last, dayAt) {
    var page = this;
    var box = el("div", {"class": className});
    var id = className + "-input";
    box.appendChild(el("label", {"for": id}, label));
    var row = el("div", {"class": "p1905-axis-row"});
    this.play = el("button", {type: "button", "class": "p1905-play"}, this.text.timeline_play);
    this.play.addEventListener("click", function () { page.togglePlay(); });
    this.range = el("input", {type: "range", id: id, min: "0", max: String(last), step: "1"});
    this.range.addEventListener("input", function () {
      page.stopPlay();
      page.go(dayAt(Number(page.range.value)));
    });
    row.appendChild(this.play);
    row.appendChild(this.range);
    box.appendChild(row);
    this.status = el("p", {"class": "p1905-stop", role: "status", "aria-live": "polite"});
    box.appendChild(this.status);
    div.appendChild(box);
  };

  Page.prototype.buildDemands = function (div) {
    var details = el("details", {"class": "p1905-demands", open: ""});
    details.appendChild(el("summary", {}, this.text.demands_heading));
    var list = el("ol");
    this.data.demands.forEach(function (demand) {
      var item = el("li", {"class": "p1905-demand-" + demand.outcome});
      var badge = el("span", {"class": "p1905-badge"}, demand.outcome_text);
      badge.style.background = demand.colour;
      item.appendChild(badge);
      item.appendChild(document.createTextNode(" " + demand.name));
      list.appendChild(item);
    });
    details.appendChild(list);
    div.appendChild(details);
  };

  Page.prototype.buildLegend = function (view) {
    var page = this;
    var text = this.text;
    var rows = this.data.legend;
    this.control(view, "bottomright", "p1905-legend-box", function (div) {
      var details = el("details", {"class": "p1905-legend"});
      details.open = !view.narrow;
      details.appendChild(el("summary", {}, text.legend_title));
      var list = el("ul");
      rows.forEach(function (row) {
        var item = el("li");
        item.appendChild(swatch(row.shape, row.style, page.data.palette.hatch));
        item.appendChild(el("span", {}, row.label));
        list.appendChild(item);
      });
      details.appendChild(list);
      div.appendChild(details);
    });
  };

  function swatch(shape, style, hatch) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("width", "24");
    svg.setAttribute("height", "16");
    svg.setAttribute("aria-hidden", "true");
    var body;
    if (shape === "line") {
      body = document.createElementNS(ns, "line");
      [["x1", 1], ["y1", 8], ["x2", 23], ["y2", 8]].forEach(function (a) { body.setAttribute(a[0], a[1]); });
    } else if (shape === "circle") {
      body = document.createElementNS(ns, "circle");
      [["cx", 12], ["cy", 8], ["r", 6]].forEach(function (a) { body.setAttribute(a[0], a[1]); });
    } else {
      body = document.createElementNS(ns, "rect");
      [["x", 2], ["y", 2], ["width", 20], ["height", 12]].forEach(function (a) { body.setAttribute(a[0], a[1]); });
    }
    body.setAttribute("stroke", style.color || "#000");
    body.setAttribute("stroke-width", String(Math.min(style.weight || 2, 4)));
    body.setAttribute("stroke-dasharray", style.dashArray || "");
    body.setAttribute("fill", shape === "line" ? "none" : style.hatch ? hatchFill(style, hatch) : (style.fillColor || style.color || "#000"));
    body.setAttribute("fill-opacity", style.hatch ? "1" : String(style.fillOpacity === undefined ? 0.4 : style.fillOpacity));
    svg.appendChild(body);
    return svg;
  }

  Page.prototype.buildLayers = function (view) {
    var page = this;
    var overlays = {};
    this.data.overlays.forEach(function (overlay) {
      overlays[escapeHtml(overlay.label)] = view.groups[overlay.key];
    });
    overlays[escapeHtml(this.text.overlay_online)] = L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
      maxZoom: 19, attribution: "&copy; OpenStreetMap contributors"});
    var control = L.control.layers(null, overlays, {collapsed: false, position: "topright"}).addTo(view.map);
    if (view.narrow) {
      control.collapse();
      view.map.on("click", function () { control.collapse(); });
    }
    var toggle = control.getContainer().querySelector(".leaflet-control-layers-toggle");
    if (toggle) { toggle.setAttribute("aria-label", page.text.layers_button); toggle.setAttribute("title", page.text.layers_button); }
  };

  /* The text alternative: what the map shows on the day, each feature a button opening its popup. */
  Page.prototype.fillAlternative = function (view, day) {
    var text = this.text;
    var body = view.alt;
    body.textContent = "";
    body.appendChild(el("p", {"class": "p1905-alt-day"}, fill(text.alt_day, {date: this.formatDay(day)})));
    var sections = [
      ["territory", text.alt_territories], ["boundary", text.alt_territories], ["railway", text.alt_railway],
      ["battles", text.alt_battles], ["places", text.alt_places], ["stations", text.alt_stations]
    ];
    this.data.overlays.forEach(function (overlay) {
      if (["asked", "given"].indexOf(overlay.key) >= 0) { sections.push([overlay.key, overlay.label]); }
    });
    var lists = {};
    sections.forEach(function (section) {
      if (lists[section[1]]) { lists[section[0]] = lists[section[1]]; return; }
      var list = el("ul");
      lists[section[0]] = list;
      lists[section[1]] = list;
      body.appendChild(el("h2", {}, section[1]));
      body.appendChild(list);
    });
    view.entries.forEach(function (entry) {
      if (!entry.shown) { return; }
      var feature = entry.feature;
      var key = feature.group === "state" ? feature.kind : feature.group;
      var list = lists[key];
      if (!list) { return; }
      var item = el("li", {"data-id": feature.id, "data-layer": feature.layer, "data-holder": feature.holder});
      var button = el("button", {type: "button", "class": "p1905-open"}, feature.name);
      button.addEventListener("click", function () { view.openFeature(entry, button); });
      item.appendChild(button);
      var detail = feature.holder_text;
      if (feature.group === "battles") { detail = entry.past ? text.alt_battle_past : text.alt_battle_active; }
      if (detail) { item.appendChild(document.createTextNode(" — " + detail)); }
      list.appendChild(item);
    });
    body.querySelectorAll("ul").forEach(function (list) {
      if (!list.children.length) { list.appendChild(el("li", {}, text.alt_none)); }
    });
    var stop = this.stopAt(day);
    if (this.data.mode === "states" || this.data.mode === "compare") {
      body.appendChild(el("h2", {}, text.alt_changes));
      var changes = el("ul", {"class": "p1905-alt-changes"});
      (stop ? stop.summary : [text.alt_none]).forEach(function (line) { changes.appendChild(el("li", {}, line)); });
      body.appendChild(changes);
    }
  };

  /* Move the whole page to a day (``key``: the headline state chosen, if any). */
  Page.prototype.go = function (day, key, fromHash) {
    this.show(day);
    var fragment = "#" + (key || day);
    if (!fromHash && location.hash !== fragment) {
      if (this.timer) {
        try { history.replaceState(null, "", fragment); } catch (error) { location.replace(fragment); }
      } else {
        location.hash = fragment;
      }
    }
  };

  Page.prototype.show = function (day) {
    var page = this;
    var text = this.text;
    this.day = day;
    this.views.forEach(function (view) { view.show(page.data.mode === "compare" ? view.day : day); });
    if (this.data.states && this.data.mode === "states") {
      document.querySelectorAll("input[name=state]").forEach(function (input) {
        var state = page.data.states.filter(function (s) { return s.key === input.value; })[0];
        input.checked = state.day === day;
      });
    }
    if (this.data.mode === "states") {
      var index = this.stopIndex(day);
      var stop = this.stops[index];
      this.range.value = String(index);
      var said = this.formatDay(day) + (stop && stop.day === day && stop.name ? " — " + stop.name : "");
      this.range.setAttribute("aria-valuetext", said);
      var status = said;
      if (stop && stop.day === day) {
        if (stop.treaty) { status += " (" + stop.treaty + ")"; }
        status += ". " + stop.summary.join(" ");
      }
      this.status.textContent = status;
    }
    if (this.data.mode === "war") {
      var active = this.views[0].entries.filter(function (entry) { return entry.shown && !entry.past; })
        .map(function (entry) { return entry.feature.name; });
      this.range.value = String(daysBetween(this.data.war.first, day));
      var label = this.formatDay(day);
      this.range.setAttribute("aria-valuetext", label);
      this.status.textContent = label + " · " + fill(text.timeline_active, {count: active.length})
        + (active.length ? ": " + active.join(", ") : "");
    }
  };

  /* The day a fragment names (#before, #after or an ISO day), or null. */
  Page.prototype.dayOf = function (hash) {
    var value = decodeURIComponent(hash.replace(/^#/, ""));
    var states = (this.data.states || []).filter(function (s) { return s.key === value; });
    if (states.length) { return states[0].day; }
    if (!validDay(value)) { return null; }
    if (this.data.mode === "war") {
      if (value < this.data.war.first) { return this.data.war.first; }
      if (value > this.data.war.last) { return this.data.war.last; }
    }
    return value;
  };

  Page.prototype.followHash = function () {
    var day = this.dayOf(location.hash);
    if (day && day !== this.day) { this.stopPlay(); this.show(day); }
  };

  Page.prototype.treatyDay = function () {
    var after = (this.data.states || []).filter(function (s) { return s.key === "after"; })[0];
    return after ? after.day : this.data.war ? this.data.war.last : null;
  };

  Page.prototype.stopPlay = function () {
    if (this.timer) { clearInterval(this.timer); this.timer = null; this.play.textContent = this.text.timeline_play; }
  };

  /* Walk the stops (or the war's days) at a readable pace, stopping on the treaty day; with reduced
     motion each press moves one step instead. */
  Page.prototype.togglePlay = function () {
    var page = this;
    if (this.timer) { this.stopPlay(); return; }
    var treaty = this.treatyDay();
    var step;
    if (this.data.mode === "war") {
      if (this.day >= this.data.war.last) { this.go(this.data.war.first); }
      step = function () {
        var next = addDays(page.day, page.reduced ? 7 : 3);
        return next >= treaty ? treaty : next;
      };
    } else {
      var limit = this.day < treaty ? treaty : this.stops[this.stops.length - 1].day;
      if (this.day >= limit) { this.go(this.stops[0].day); limit = treaty; }
      step = function () {
        var next = page.stops[Math.min(page.stopIndex(page.day) + 1, page.stops.length - 1)].day;
        return next >= limit ? limit : next;
      };
      treaty = limit;
    }
    if (this.reduced) { this.go(step()); return; }
    this.play.textContent = this.text.timeline_pause;
    this.timer = setInterval(function () {
      var next = step();
      page.go(next);
      if (next >= treaty) { page.stopPlay(); page.go(next); }
    }, this.data.mode === "war" ? 120 : 1600);
  };

  Page.prototype.start = function () {
    var page = this;
    var data = this.data;
    data.views.forEach(function (spec, index) {
      var view = new View(page, spec, index);
      page.views.push(view);
      page.buildPanel(view, index === 0);
      if (index === data.views.length - 1) { page.buildLegend(view); }
      if (data.overlays.length && data.mode !== "compare") { page.buildLayers(view); }
    });
    if (this.views.length === 2) {
      this.views[0].map.sync(this.views[1].map);
      this.views[1].map.sync(this.views[0].map);
    }
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") { return; }
      page.views.forEach(function (view) { if (view.map._popup && view.map.hasLayer(view.map._popup)) { view.map.closePopup(); } });
    });
    window.addEventListener("hashchange", function () { page.followHash(); });
    this.show(this.dayOf(location.hash) || data.views[0].day);
  };

  document.addEventListener("DOMContentLoaded", function () {
    var block = document.getElementById("p1905-data");
    if (block) { new Page(unpack(JSON.parse(block.textContent))).start(); }
  });
})();
