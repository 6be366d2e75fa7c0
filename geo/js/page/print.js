/* Printing (Ctrl+P): the whole frame on paper. p1905.css lays the page out for paper (@media print:
   heading and legend open and unclipped, screen-only controls hidden), but Leaflet keeps the
   size it measured on screen and would print the screen's view, cut to the paper. So each map
   re-measures and fits its frame clear of the panel and the legend at fractional zoom, and afterwards
   the reader's view and folded legend come back. Chromium fires beforeprint before it lays the page
   out for paper and the print media query's change once it has, so both fit (the second at paper size). */
  Page.prototype.watchPrint = function () {
    var page = this;
    var media = window.matchMedia && window.matchMedia("print");
    window.addEventListener("beforeprint", function () { page.printFit(); });
    window.addEventListener("afterprint", function () { page.printDone(); });
    if (media && media.addEventListener) {
      media.addEventListener("change", function (event) { if (event.matches) { page.printFit(); } else { page.printDone(); } });
    }
  };

  /* What prints open, whatever the reader folded: the legend and the demands are the map's key. */
  function printDetails() { return document.querySelectorAll(".p1905-legend, .p1905-demands"); }

  Page.prototype.printFit = function () {
    var views = this.views;
    if (!this.printed) {  /* once per printing: both events come, and the reader's state is what comes back */
      var seen = views[0].map.getBounds();
      var frame = L.latLngBounds(this.data.bounds);
      this.printed = {
        /* The built frame, unless the reader has zoomed or panned part of it out of sight: then what they see. */
        frame: seen.contains(frame) ? frame : seen,
        open: Array.prototype.map.call(printDetails(), function (details) { return details.open; }),
        views: views.map(function (view) {
          return {center: view.map.getCenter(), zoom: view.map.getZoom(), snap: view.map.options.zoomSnap};
        })
      };
      /* The day's status can be long (every change of the treaty day): it prints whole beneath the map,
         at the paper's width, rather than in a scroll box over it. */
      this.stopPlay();  /* the page printed is the day the reader chose */
      if (this.status) { this.printed.statusBox = this.status.parentNode; document.body.appendChild(this.status); }
    }
    printDetails().forEach(function (details) { details.open = true; });
    /* All maps re-measure before any fits: the comparison's maps are synced and share one view. */
    views.forEach(function (view) { view.map.options.zoomSnap = 0; view.map.invalidateSize(); });
    var options = L.extend({animate: false}, this.printPadding(this.printed.frame));
    var fitted = this.printed.frame;
    views.forEach(function (view) { view.map.fitBounds(fitted, options); });
  };

  Page.prototype.printDone = function () {
    var printed = this.printed;
    if (!printed) { return; }
    this.printed = null;
    printDetails().forEach(function (details, index) { details.open = printed.open[index]; });
    if (printed.statusBox) { printed.statusBox.appendChild(this.status); }
    this.views.forEach(function (view, index) { view.map.options.zoomSnap = printed.views[index].snap; view.map.invalidateSize(); });
    this.views.forEach(function (view, index) {
      view.map.setView(printed.views[index].center, printed.views[index].zoom, {animate: false});
    });
  };

  /* The padding that keeps the frame clear of every map's controls (synced maps share the view): each
     corner's controls are passed beside them or above/below them, whichever leaves the frame largest. */
  Page.prototype.printPadding = function (frame) {
    var corners = [];
    this.views.forEach(function (view) {
      var outer = view.map.getContainer().getBoundingClientRect();
      view.map.getContainer().querySelectorAll(".leaflet-control-container > div").forEach(function (corner) {
        var box = corner.getBoundingClientRect();
        if (!box.width || !box.height) { return; }
        var left = box.left + box.right < outer.left + outer.right;
        var top = box.top + box.bottom < outer.top + outer.bottom;
        corners.push({left: left, top: top, x: 6 + (left ? box.right - outer.left : outer.right - box.left),
                      y: 6 + (top ? box.bottom - outer.top : outer.bottom - box.top)});
      });
    });
    var map = this.views[0].map;
    var size = map.getSize();
    var span = map.project(frame.getSouthEast(), 0).subtract(map.project(frame.getNorthWest(), 0));
    var best = {scale: 0, pad: {left: 0, top: 0, right: 0, bottom: 0}};
    for (var mask = 0; mask < 1 << corners.length; mask++) {
      var pad = {left: 6, top: 6, right: 6, bottom: 6};  /* not flush with the paper's edge, nor rounded off it */
      corners.forEach(function (corner, index) {
        var beside = mask >> index & 1;
        var side = beside ? (corner.left ? "left" : "right") : (corner.top ? "top" : "bottom");
        pad[side] = Math.max(pad[side], beside ? corner.x : corner.y);
      });
      var scale = Math.min((size.x - pad.left - pad.right) / span.x, (size.y - pad.top - pad.bottom) / span.y);
      if (scale > best.scale) { best = {scale: scale, pad: pad}; }
    }
    return {paddingTopLeft: [best.pad.left, best.pad.top], paddingBottomRight: [best.pad.right, best.pad.bottom]};
  };
