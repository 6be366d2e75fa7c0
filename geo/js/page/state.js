/* The chosen day: the text alternative, the URL fragment, play, and start-up. */
  /* The text alternative: what the map shows on the day, each feature a button opening its popup. */
  Page.prototype.fillAlternative = function (view, day) {
    var text = this.text;
    var body = view.alt;
    body.textContent = "";
    body.appendChild(el("p", {"class": "p1905-alt-day"}, fill(text.alt_day, {date: this.formatDay(day)})));
    var stop = this.stopAt(day);
    if (stop && stop.day === day && stop.name) {  /* in full: a small frame cuts the status line short */
      body.appendChild(el("p", {}, stop.name + (stop.treaty ? " (" + stop.treaty + ")" : "")));
    }
    var sections = [
      ["territory", text.alt_territories], ["boundary", text.alt_territories], ["railway", text.alt_railway],
      ["battles", text.alt_battles], ["places", text.alt_places], ["stations", text.alt_stations]
    ];
    this.data.overlays.forEach(function (overlay) {
      if (["asked", "given"].indexOf(overlay.key) >= 0) { sections.push([overlay.key, overlay.label]); }
    });
    var drawn = {};  /* a section for what this map draws on some day: the war map has no territories */
    view.entries.forEach(function (entry) {
      drawn[entry.feature.group === "state" ? entry.feature.kind : entry.feature.group] = true;
    });
    var lists = {};
    sections.filter(function (section) { return drawn[section[0]]; }).forEach(function (section) {
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
    if (view.articles.length) {  /* a keyboard opens the article markers' information here */
      var articles = el("ul");
      view.articles.forEach(function (entry) {
        var button = el("button", {type: "button", "class": "p1905-open"}, entry.marker.popup.title);
        button.addEventListener("click", function () { view.openFeature(entry, button); });
        articles.appendChild(el("li", {"data-id": entry.marker.id})).appendChild(button);
      });
      body.appendChild(el("h2", {}, this.data.overlays.filter(function (o) { return o.key === "articles"; })[0].label));
      body.appendChild(articles);
    }
    body.querySelectorAll("ul").forEach(function (list) {
      if (!list.children.length) { list.appendChild(el("li", {}, text.alt_none)); }
    });
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
    if (this.data.mode === "states" || this.data.mode === "war") {
      this.otherLanguages.forEach(function (pair) { pair[0].setAttribute("href", pair[1] + "#" + day); });
    }
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
        /* One sentence of what changed, its lines apart (their own full stops dropped); none after a
           name cut short ("…"). */
        status += (/…$/.test(status) ? " " : text.status_break)
          + stop.summary.map(function (line) { return line.replace(/\.$/, ""); }).join(text.changes_separator)
          + text.status_end;
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
    /* A day beyond what the map covers opens at its nearest end (the war's days, the axis's stops). */
    var stops = this.stops, war = this.data.mode === "war" && this.data.war;
    var ends = war ? [war.first, war.last] : stops.length ? [stops[0].day, stops[stops.length - 1].day] : [value, value];
    return value < ends[0] ? ends[0] : value > ends[1] ? ends[1] : value;
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
      /* Steps of days, but never past a battle's first day: a battle of a day or two is seen in progress. */
      var starts = this.data.features.filter(function (f) { return f.group === "battles" && f.start; })
        .map(function (f) { return f.start; }).sort();
      step = function () {
        var next = addDays(page.day, page.reduced ? 7 : 3);
        var start = starts.find(function (day) { return day > page.day; });
        if (start && start < next) { next = start; }
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
    this.watchPrint();
    this.show(this.dayOf(location.hash) || data.views[0].day);
  };

  document.addEventListener("DOMContentLoaded", function () {
    var block = document.getElementById("p1905-data");
    if (block) { new Page(unpack(JSON.parse(block.textContent))).start(); }
  });
