/* The page object: its data, dates in its language, popup contents. */
  function Page(data) {
    this.data = data;
    this.text = data.text;
    this.reduced = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    this.stops = data.stops || [];
    this.views = [];
    this.otherLanguages = [];  /* [link, its page] for each other language's page */
    this.timer = null;
  }

  Page.prototype.formatDay = function (iso) {
    var parts = iso.split("-").map(Number);
    var text = parts[2] + " " + this.data.months[parts[1] - 1] + " " + parts[0];
    if (this.data.era) { text += " (" + this.data.era[1] + " " + (parts[0] + this.data.era[0]) + ")"; }
    return text;
  };

  /* Names of the time ("Харбин / 哈爾濱 / Harubin"), each marked with its language where its script
     tells it (WCAG 3.1.2), so a screen reader switches voice: Cyrillic Russian, Hangul Korean, kana
     Japanese. Chinese characters alone may be Chinese or Japanese, and Latin letters any romanisation:
     those stay unmarked rather than mislabelled. */
  var SCRIPT_LANGS = [[/[\u3040-\u30ff]/, "ja"], [/[\uac00-\ud7af\u1100-\u11ff]/, "ko"], [/[\u0400-\u04ff]/, "ru"]];

  function namesOfTheTime(cell, names) {
    names.split(" / ").forEach(function (name, index) {
      if (index) { cell.appendChild(document.createTextNode(" / ")); }
      var found = SCRIPT_LANGS.filter(function (pair) { return pair[0].test(name); })[0];
      cell.appendChild(found ? el("span", {lang: found[1]}, name) : document.createTextNode(name));
    });
  }

  /* The popup of a feature, built from its data with text nodes only. */
  Page.prototype.popupContent = function (popup) {
    var box = el("div", {"class": "pp"});
    box.appendChild(el("h3", {}, popup.title));
    var textLang = this.data.text_lang, localNames = this.text.field_local_name;
    popup.alt.forEach(function (name) { box.appendChild(el("div", {"class": "pp-alt", lang: textLang}, name)); });
    if (popup.description) { box.appendChild(el("p", {}, popup.description)); }
    if (popup.rows.length) {
      var table = el("table");
      popup.rows.forEach(function (row) {
        var tr = el("tr");
        tr.appendChild(el("th", {scope: "row"}, row[0]));
        var td = el("td");
        if (row[2]) { td.appendChild(el("b", {}, row[2])); td.appendChild(document.createTextNode(" ")); }
        if (row[0] === localNames) { namesOfTheTime(td, row[1]); } else { td.appendChild(document.createTextNode(row[1])); }
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
        /* Citations are kept in the layers' own language, whatever the page's. */
        if (source[1] && /^https?:\/\//.test(source[1])) {
          line.appendChild(el("a", {href: source[1], target: "_blank", rel: "noopener noreferrer", lang: textLang}, source[0]));
        } else {
          line.appendChild(el("span", {lang: textLang}, source[0]));
        }
      });
      box.appendChild(line);
    }
    return box;
  };
