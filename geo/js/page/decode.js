/* The data block unpacked: geometry from encoded polylines, features from their shared tables. */
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
     once, a row each, the popup's fields among them), geometry decoded, styles, repeated field
     values (layer, holder, dates), popup rows, sources and their links looked up in their shared
     tables, a feature named by its popup's title, and each stop's summary made from its changes. */
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
    var fields = data.features.fields, shared = data.features.shared;
    data.features = data.features.rows.map(function (row) {
      var feature = {};
      fields.forEach(function (field, index) { feature[field] = row[index]; });
      shared.forEach(function (field) { feature[field] = data.values[feature[field]]; });
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
      stop.summary = stop.summary.concat(stop.notes);
      if (!stop.summary.length) { stop.summary = [data.text.changes_none]; }
    });
    return data;
  }
