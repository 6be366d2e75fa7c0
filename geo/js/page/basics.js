/* Constants and small helpers: DOM elements, templates, ISO days, whether a feature is in force. */
  var DAY_MS = 86400000;
  var NARROW = 700;
  var SHORT = 500;
  var POPUP_ROOM = 280;  /* px beside the panel for a popup to open there rather than below it */
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
