/* The panel: state switch, time axis, war slider, demands, legend, layer control. */
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
          if (link.lang) {
            a.setAttribute("lang", link.lang);
            a.setAttribute("hreflang", link.lang);
            page.otherLanguages.push([a, link.href]);  /* opened at the moment shown here (see show) */
          }
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
    view.clearPanel();
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
    var box = control.getContainer();
    var toggle = box.querySelector(".leaflet-control-layers-toggle");
    toggle.setAttribute("aria-label", page.text.layers_button);
    toggle.setAttribute("title", page.text.layers_button);
    if (view.narrow) {
      control.collapse();
      view.map.on("click", function () { control.collapse(); });
      foldsLikeAMenu(control, box, toggle);
    }
  };

  /* A folded layer list works from the keyboard as a menu button does: Enter or Space opens it with
     the focus on its first choice (Leaflet would leave the focus on the hidden button), Escape folds
     it back onto the button, and it folds when the focus leaves it. */
  function foldsLikeAMenu(control, box, toggle) {
    toggle.setAttribute("aria-expanded", "false");
    function open(event) {
      event.preventDefault();
      control.expand();
      toggle.setAttribute("aria-expanded", "true");
      box.querySelector("input").focus();
    }
    function fold(refocus) {
      control.collapse();
      toggle.setAttribute("aria-expanded", "false");
      if (refocus) { toggle.focus(); }
    }
    toggle.addEventListener("click", open);
    toggle.addEventListener("keydown", function (event) { if (event.key === " " || event.key === "Enter") { open(event); } });
    box.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && box.classList.contains("leaflet-control-layers-expanded")) {
        event.stopPropagation();
        fold(true);
      }
    });
    box.addEventListener("focusout", function (event) { if (!box.contains(event.relatedTarget)) { fold(false); } });
  }
