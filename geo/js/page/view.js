/* One map on the page: its layers drawn from the data, restyled for a day, its popups. */
  function View(page, spec, index) {
    var data = page.data;
    var text = page.text;
    var map = window[spec.map];
    this.page = page;
    this.map = map;
    this.day = spec.day;
    this.index = index;
    this.entries = [];
    this.articles = [];  /* the treaty's article markers, listed in the text alternative too */
    this.groups = {};
    this.returnFocus = null;
    var container = map.getContainer();
    container.setAttribute("aria-label", fill(text.map_label, {title: spec.label || data.title}));
    this.narrow = map.getSize().x < NARROW || map.getSize().y < SHORT;
    /* The view stays inside what the map draws (data.drawn, the frame and room around it on any screen
       shape): panning stops at its edge, and zooming out stops where the view would pass it, so no
       coast ever ends in a straight line. */
    var drawn = L.latLngBounds(data.drawn);
    map.options.maxBoundsViscosity = 1;
    map.setMaxBounds(drawn);
    function keepInside() { map.setMinZoom(Math.max(2, map.getBoundsZoom(drawn, true))); }
    keepInside();
    map.on("resize", keepInside);
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
    (data.articles || []).forEach(function (article) {
      self.articles.push({marker: article, layer: self.addMarker("articles", article, data.palette.article),
                          group: self.groups.articles});
    });
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
      if (self.foldedList) { self.foldedList.open = true; self.foldedList = null; }
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

  /* Leaflet 1.9 listens for focus on a shape with a hover tooltip (to show the tooltip on focus), and
     Chromium makes an SVG element with a focus listener a tab stop: some fifty shapes with no name came
     before the first control, each drawing its focus ring across the map. The shapes picture what the
     "What this map shows" list names, each entry opening the same popup, so they leave the tab order
     and the accessibility tree; the pointer keeps hover tooltips and click popups. Run on each "add":
     Leaflet draws a new element each time the day brings a shape back. */
  function pictureOnly(event) {
    var node = event.target.getElement();
    if (node) { node.setAttribute("tabindex", "-1"); node.setAttribute("aria-hidden", "true"); }
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
      part.on("add", pictureOnly);
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
    /* On a small screen the open list covers the map: it folds while the information is open
       (and unfolds when it closes), and the popup pans clear of what is left of the panel. */
    var list = button.closest("details");
    if (this.narrow && list && list.open) { list.open = false; this.foldedList = list; }
    this.clearPanel();
    this.focusPopup = true;
    part.openPopup();
    this.returnFocus = button;
  };

  /* Popups pan clear of the panel: beside it where a popup fits there, else below it. */
  View.prototype.clearPanel = function () {
    var panel = this.map.getContainer().querySelector(".p1905-panel");
    if (!panel) { return; }
    var box = panel.getBoundingClientRect(), frame = this.map.getContainer().getBoundingClientRect();
    var beside = frame.right - box.right >= POPUP_ROOM;
    this.padTopLeft[0] = beside ? box.right - frame.left + 10 : 10;
    this.padTopLeft[1] = beside ? 10 : box.bottom - frame.top + 10;
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
