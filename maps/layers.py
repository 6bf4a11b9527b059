"""folium elements that draw the compact event data (maps/eventdata.py) in the browser.

One :class:`EventData` element puts the event columns in the page once; the layers read them:

- :class:`EventClusterLayer`: a circle marker per event (colour by ACLED type, radius by
  fatalities), clustered with Leaflet.markercluster. Popups and tooltips are created on first
  hover or click, so 50,000 events cost 50,000 light markers and nothing more. Popups are built
  with DOM ``textContent`` (article text never passes through innerHTML); the tooltip, which
  Leaflet and streamlit-folium read as HTML, is escaped in the script. It starts with ``#<id>``
  so the page can tell which event was clicked (:func:`event_id_from_tooltip`).
- :class:`EventHeatMap`: folium's HeatMap fed from the same data, weighted by fatalities + 1.
- :class:`Legend`: event type colours, marker sizes and the choropleth classes (pre-escaped).
"""

from __future__ import annotations

import hashlib
import math
import re

from branca.element import Element, MacroElement
from folium.elements import JSCSSMixin
from folium.map import Layer
from folium.plugins import HeatMap, MarkerCluster
from folium.template import Template

from maps.build import EVENT_CLASS  # the class app.py's per-event markers carry too
from maps.safe import RawScript, escape_html

# Marker radius in pixels: sqrt of the fatalities so one large event does not hide a town.
RADIUS_MIN = 4.0
RADIUS_STEP = 2.0
RADIUS_MAX = 16.0


def marker_radius(fatalities: int | None) -> float:
    if not fatalities or fatalities < 0:
        return RADIUS_MIN
    return min(RADIUS_MIN + RADIUS_STEP * math.sqrt(fatalities), RADIUS_MAX)


_TOOLTIP_ID = re.compile(r"^\s*#(\d+)\b")


def event_id_from_tooltip(tooltip: str | None) -> int | None:
    """The event id a clicked marker's tooltip starts with (``#123 · ...``), or None."""
    if not tooltip:
        return None
    match = _TOOLTIP_ID.match(tooltip)
    return int(match.group(1)) if match else None


class EventData(MacroElement):
    """The events, once, for every layer that needs them: ``var <name>`` in the script.

    The event data travels in the page's HTML as a ``<script type="application/json">``
    block that the map script parses, not inside the map script itself: streamlit-folium runs
    several regular expressions and a hash over the map script on every page run, which for
    50,000 events (10 MB) took longer than everything else together.
    """

    _template = Template(
        "{% macro html(this, kwargs) %}"
        '<script type="application/json" id="{{ this.dom_id }}">{{ this.json }}</script>'
        "{% endmacro %}"
        "{% macro script(this, kwargs) %}"
        "var {{ this.get_name() }} = JSON.parse("
        "document.getElementById({{ this.dom_id|tojson }}).textContent);"
        "{% endmacro %}"
    )

    def __init__(self, json: str):
        """``json``: the event data as :func:`maps.safe.script_json` writes it (the page caches
        it: :attr:`maps.eventmap.EventMapData.json`)."""
        super().__init__()
        self._name = "EventData"
        self.json = json
        # Named after the content, not the element (streamlit-folium renames elements in the
        # script but not in the HTML); no underscore, which its renaming would look at.
        self.dom_id = "cm-events-" + hashlib.sha1(self.json.encode("utf-8")).hexdigest()[:12]

    def render(self, **kwargs):
        # Not MacroElement.render: that would compile the data as a Jinja template.
        macros = self._template.module.__dict__
        figure = self.get_root()
        figure.html.add_child(RawScript(str(macros["html"](self, kwargs))), name=self.get_name())
        figure.script.add_child(RawScript(str(macros["script"](self, kwargs))),
                                name=self.get_name())


# The marker factory and popup builder. Plain ES5, no '{{' or '{#' (this passes through Jinja).
_EVENT_JS = r"""
(function (group, data, style) {
  if (!L.CircleMarker.prototype.clusterHide) {
    // markercluster fades plain markers with setOpacity, which circle markers lack.
    L.CircleMarker.include({
      clusterHide: function () {
        this._cmSaved = [this.options.opacity, this.options.fillOpacity];
        return this.setStyle({opacity: 0, fillOpacity: 0});
      },
      clusterShow: function () {
        if (this._cmSaved) {
          this.setStyle({opacity: this._cmSaved[0], fillOpacity: this._cmSaved[1]});
        }
        return this;
      }
    });
  }
  var kinds = data.kinds || [], arts = data.articles || [], strs = data.strings || [];
  var count = data.count || 0, MISSING = -1;
  // One event's values looked up from the columns (maps/eventdata.py), on demand: only for
  // the markers someone hovers or clicks.
  function props(n) {
    var p = {i: data.i[n], k: data.k[n]}, keys = "dablrc", c;
    if (data.n) { p.n = data.n[n]; }
    for (var q = 0; q < keys.length; q++) {
      c = data[keys.charAt(q)][n];
      if (c) { p[keys.charAt(q)] = c; }
    }
    if (data.f[n] !== MISSING) { p.f = data.f[n]; }
    if (data.j[n] !== MISSING) { p.j = data.j[n]; }
    if (data.g[n] !== MISSING) { p.g = data.g[n]; }
    if (data.s && data.s[n]) { p.s = data.s[n]; }
    if (data.x && data.x[n]) { p.x = 1; }
    return p;
  }
  function propsOf(m) {
    if (!m.cmProps) { m.cmProps = props(m.cmRow); }
    return m.cmProps;
  }
  function S(i) { return i === undefined ? undefined : strs[i]; }
  var ESC = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"};
  function esc(s) { return String(s).replace(/[&<>"']/g, function (ch) { return ESC[ch]; }); }
  function kindOf(p) { return kinds[p.k] || ["", ""]; }
  function colorOf(p) { return style.colors[kindOf(p)[0]] || style.other; }
  function radius(f) {
    return f > 0 ? Math.min(style.rmin + style.rstep * Math.sqrt(f), style.rmax) : style.rmin;
  }
  function tip(p) {
    var k = kindOf(p), parts = ["#" + p.i, k[1] || k[0] || "event", S(p.d) || "undated"];
    if (p.l !== undefined) { parts.push(S(p.l)); }
    return esc(parts.join(" \u00b7 "));
  }
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }
  function popup(p) {
    var k = kindOf(p), box = el("div", null, "cm-event-popup"), head = el("div", null, "cm-head");
    var swatch = el("span", null, "cm-swatch");
    swatch.style.background = colorOf(p);
    head.appendChild(swatch);
    head.appendChild(el("b", k[0] || "Event"));
    if (k[1]) { head.appendChild(document.createTextNode(" / " + k[1])); }
    box.appendChild(head);
    var table = el("table");
    function row(label, value) {
      if (value === undefined || value === null || value === "") { return; }
      var tr = el("tr");
      tr.appendChild(el("th", label));
      tr.appendChild(el("td", value));
      table.appendChild(tr);
    }
    row("Date", S(p.d) || "unknown");
    row("Actors", [S(p.a), S(p.b)].filter(Boolean).join(" vs "));
    row("Fatalities", p.f === undefined ? "not reported" : p.f);
    row("Injuries", p.j);
    var place = [S(p.l), S(p.r), S(p.c)].filter(Boolean).join(", ");
    row("Place", place + (p.g ? " (geo precision " + p.g + ")" : ""));
    if (p.x) { row("Background", "reported as context"); }
    box.appendChild(table);
    if (p.s) {
      var quote = el("blockquote", null, "cm-sentence");
      if (typeof p.s === "string") {
        quote.textContent = p.s;
      } else {
        quote.appendChild(document.createTextNode(p.s[0]));
        quote.appendChild(el("mark", p.s[1]));
        quote.appendChild(document.createTextNode(p.s[2]));
      }
      box.appendChild(quote);
    } else if (data.sentences === 0) {
      box.appendChild(el("div", "Sentence and article: in the panel beside the map.",
                         "cm-note"));
    }
    var art = p.n === undefined ? null : arts[p.n];
    if (art && (art[0] || art[1])) {
      var line = el("div", null, "cm-article");
      if (art[1] && /^https?:\/\//i.test(art[1])) {
        var a = el("a", art[0] || art[1]);
        a.href = art[1];
        a.target = "_blank";
        a.rel = "noopener noreferrer";
        line.appendChild(a);
      } else {
        line.appendChild(el("span", art[0]));
      }
      box.appendChild(line);
    }
    box.appendChild(el("div", "Event #" + p.i, "cm-event-id"));
    return box;
  }
  // Made when the events are first shown or, for a map that opens on region totals (many
  // events), a few thousand at a time once those are drawn: not before, which held up their
  // drawing (50,000 markers), nor in one go, which would hold up the page after it.
  var made = new Array(count), madeCount = 0, CHUNK = 4000;
  function makeMarkers(upto) {
    for (; madeCount < upto; madeCount++) {
      var n = madeCount;
      var color = style.colors[(kinds[data.k[n]] || [""])[0]] || style.other;
      var bg = data.x && data.x[n];
      var m = L.circleMarker([data.lat[n], data.lon[n]], {
        radius: radius(data.f[n]), color: color, fillColor: color, weight: 2,
        fillOpacity: bg ? 0.2 : 0.6, dashArray: bg ? "3" : null, className: style.cls
      });
      m.cmRow = n;
      made[n] = m;
    }
  }
  group.cmPrepare = function () {
    if (group.cmFilling || madeCount >= count) { return; }
    makeMarkers(Math.min(madeCount + CHUNK, count));
    if (madeCount < count) { setTimeout(group.cmPrepare, 0); }
  };
  // Markers go in once the group is on the map: markercluster's off-map addLayers checks every
  // new marker against all the pending ones (quadratic: seconds for 50,000 markers).
  group.options.chunkProgress = function (done, total) {
    if (done >= total) { group.cmReady = true; group.fire("cm:ready"); }
  };
  group.cmFill = function () {
    if (group.cmFilling || !group._map) { return; }
    group.cmFilling = true;
    makeMarkers(count);
    group.addLayers(made);
  };
  group.on("add", function () { if (!group.cmDeferred) { group.cmFill(); } });
  function ensureTooltip(m) {
    if (!m.getTooltip()) { m.bindTooltip(tip(propsOf(m))); }
  }
  group.on("mouseover", function (e) {
    var m = e.layer;
    if (m && m.cmRow !== undefined && !m.getTooltip()) { ensureTooltip(m); m.openTooltip(); }
  });
  group.on("click", function (e) {
    var m = e.layer;
    if (!m || m.cmRow === undefined) { return; }
    ensureTooltip(m);
    if (!m.getPopup()) {
      m.bindPopup(popup(propsOf(m)), {maxWidth: 380, minWidth: 240});
      m.openPopup();
    }
  });
  group.cmTooltip = tip;
  group.cmPopup = popup;
})
"""

# Popup look; added to the page head (styles in a header survive streamlit-folium).
POPUP_CSS = """
<style>
.cm-event-popup { font: 12px/1.35 system-ui, sans-serif; }
.cm-event-popup .cm-head { font-size: 13px; margin-bottom: 4px; }
.cm-event-popup .cm-swatch { display: inline-block; width: 10px; height: 10px;
  border-radius: 50%; margin-right: 5px; }
.cm-event-popup table th { text-align: left; padding-right: .6em; vertical-align: top;
  font-weight: 600; white-space: nowrap; }
.cm-event-popup .cm-sentence { margin: 6px 0; padding-left: 6px; border-left: 3px solid #ccc;
  font-style: italic; }
.cm-event-popup mark { background: #ffe066; padding: 0 1px; }
.cm-event-popup .cm-event-id, .cm-event-popup .cm-note { color: #666; margin-top: 4px; }
.cm-legend { background: rgba(255,255,255,.92); padding: 6px 8px; border-radius: 4px;
  font: 11px/1.4 system-ui, sans-serif; box-shadow: 0 1px 4px rgba(0,0,0,.3); max-width: 230px; }
.cm-legend b { display: block; margin-top: 3px; }
.cm-legend summary { cursor: pointer; font-weight: 600; }
.cm-legend i { display: inline-block; width: 10px; height: 10px; margin-right: 5px;
  border-radius: 50%; vertical-align: -1px; }
.cm-legend i.cm-box { border-radius: 0; }
.cm-legend svg { vertical-align: middle; }
.cm-region-count { font: bold 11px/16px system-ui, sans-serif; text-align: center;
  color: #1d1d5c; text-shadow: 0 0 3px #fff, 0 0 3px #fff; pointer-events: none; }
</style>
"""


class EventClusterLayer(JSCSSMixin, Layer):
    """The events of an :class:`EventData` as clustered circle markers (an overlay layer)."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "var {{ this.get_name() }} = L.markerClusterGroup({{ this.options|tojavascript }});\n"
        "{{ this.js }}({{ this.get_name() }}, {{ this.data.get_name() }}, "
        "{{ this.style|tojson }});"
        "{% endmacro %}"
    )
    # The same files folium's MarkerCluster loads (served locally by maps.assets.localize).
    default_js = MarkerCluster.default_js
    default_css = MarkerCluster.default_css

    def __init__(self, data: EventData, colors: dict[str, str], other_color: str, *,
                 name: str = "Events", disable_clustering_at_zoom: int = 13):
        """Put on the map by a :class:`ShowEvents`, added to the map after its view is set."""
        super().__init__(name=name, overlay=True, control=True, show=False)
        self._name = "EventClusterLayer"
        self.data = data
        self.js = _EVENT_JS
        self.style = {"colors": colors, "other": other_color, "rmin": RADIUS_MIN,
                      "rstep": RADIUS_STEP, "rmax": RADIUS_MAX, "cls": EVENT_CLASS}
        self.options = {"chunked_loading": True, "chunk_interval": 100,
                        "show_coverage_on_hover": False,
                        "disable_clustering_at_zoom": disable_clustering_at_zoom,
                        "max_cluster_radius": 50}

    def render(self, **kwargs):
        super().render(**kwargs)
        self.get_root().header.add_child(Element(POPUP_CSS), name="cm_event_css")


class EventHeatMap(HeatMap):
    """folium's HeatMap over an :class:`EventData`, weighted by fatalities + 1."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "var {{ this.get_name() }} = L.heatLayer("
        "{{ this.source.get_name() }}.lat.map(function (lat, n) {"
        " var d = {{ this.source.get_name() }}; return [lat, d.lon[n], Math.max(d.f[n], 0) + 1];"
        " }),"
        " {{ this.options|tojavascript }});"
        "{% endmacro %}"
    )

    def __init__(self, data: EventData, *, name: str = "Heat map", show: bool = False,
                 radius: int = 18, blur: int = 15):
        super().__init__([], name=name, show=show, radius=radius, blur=blur, min_opacity=0.35)
        self.source = data


class RegionCircles(Layer):
    """A circle per region, area proportional to its events, with its count on it and its
    totals as tooltip: the regions as one list drawn by one script, drawn as
    :func:`maps.choropleth.region_circles_layer` draws them with a folium element per circle,
    label and tooltip (four per region, which the page renders twice on every run).
    """

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "var {{ this.get_name() }} = L.featureGroup({{ this.options|tojavascript }});\n"
        "(function (group, rows, style) {"
        " for (var n = 0; n < rows.length; n++) {"
        "  var r = rows[n], at = [r[0], r[1]], circle = {radius: r[2]};"
        "  for (var key in style.circle) { circle[key] = style.circle[key]; }"
        "  L.circleMarker(at, circle).addTo(group).bindTooltip('<div>' + r[3] + '</div>',"
        " {sticky: true});"
        "  L.marker(at, {interactive: false, icon: L.divIcon({"
        "html: '<div class=\"' + style.labelClass + '\">' + r[4] + '</div>',"
        " iconSize: style.iconSize, iconAnchor: style.iconAnchor, className: style.iconClass"
        "})}).addTo(group);"
        " }"
        "})({{ this.get_name() }}, {{ this.rows|tojson }}, {{ this.style|tojson }});"
        "{% endmacro %}"
    )

    def __init__(self, rows: list[tuple[float, float, float, str, str]], *,
                 circle: dict, label_class: str, icon_class: str,
                 icon_size: tuple[int, int] = (60, 16), icon_anchor: tuple[int, int] = (30, 8),
                 name: str = "Regions (totals)", show: bool = False):
        """``rows``: (lat, lon, radius px, tooltip HTML -- escaped already --, count label) per
        region; ``circle``: Leaflet circle marker options."""
        super().__init__(name=name, overlay=True, control=True, show=show)
        self._name = "RegionCircles"
        self.rows = [[float(lat), float(lon), float(radius), str(tip), str(label)]
                     for lat, lon, radius, tip, label in rows]
        self.style = {"circle": circle, "labelClass": label_class, "iconClass": icon_class,
                      "iconSize": list(icon_size), "iconAnchor": list(icon_anchor)}
        self.options: dict = {}


def _legend_html(colors: dict[str, str], other_color: str, types: list[str],
                 classes: list[tuple[str, str]], classes_title: str | None) -> str:
    e = escape_html
    parts = ["<details open><summary>Legend</summary><b>Event type</b>"]
    for name in types:
        color = colors.get(name, other_color)
        parts.append(f'<div><i style="background:{e(color)}"></i>{e(name)}</div>')
    parts.append("<b>Size: fatalities</b><div>")
    for fatalities in (0, 5, 25, 100):
        r = marker_radius(fatalities)
        size = int(2 * r + 4)
        parts.append(
            f'<svg width="{size}" height="{size}"><circle cx="{size / 2}" cy="{size / 2}" '
            f'r="{r:.1f}" fill="#999" fill-opacity=".5" stroke="#555"/></svg>'
            f"{fatalities}{'+' if fatalities == 100 else ''} ")
    parts.append("</div><div>dashed ring: background event</div>")
    if classes:
        parts.append(f"<b>{e(classes_title or 'Regions')}</b>")
        for label, color in classes:
            parts.append(f'<div><i class="cm-box" style="background:{e(color)}"></i>'
                         f"{e(label)}</div>")
    parts.append("</details>")
    return "".join(parts)


class Legend(MacroElement):
    """A Leaflet control (bottom right) with pre-escaped legend HTML."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "var {{ this.get_name() }} = L.control({position: 'bottomright'});"
        "{{ this.get_name() }}.onAdd = function () {"
        " var div = L.DomUtil.create('div', 'cm-legend');"
        " div.innerHTML = {{ this.html|tojson }};"
        " L.DomEvent.disableClickPropagation(div); return div; };"
        "{{ this.get_name() }}.addTo({{ this._parent.get_name() }});"
        "{% endmacro %}"
    )

    def __init__(self, colors: dict[str, str], other_color: str, types: list[str],
                 classes: list[tuple[str, str]] = (), classes_title: str | None = None):
        super().__init__()
        self._name = "Legend"
        self.html = _legend_html(colors, other_color, types, list(classes), classes_title)


class ShowEvents(MacroElement):
    """Puts the events layer on the map; with ``regions``, switches between the two by zoom.

    Add it to the map last, after anything that sets the view (fitBounds). markercluster
    throws when a group that is empty or still loading its markers in chunks zooms (its
    bounds are not computed yet), so the group must not be on the map before the view settles.

    With ``regions`` (many events): region totals below ``zoom``, the clustered events from
    ``zoom`` on; the markers are made and clustered the first time the events are shown, so the
    first view draws at once. The (still empty) events layer is on the map at the end of the
    page script, where streamlit-folium binds its click handlers to the layers present, and is
    taken off straight after. Switching stops once the visitor ticks either layer.
    """

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "{% if not this.regions %}"
        "{{ this._parent.get_name() }}.addLayer({{ this.events.get_name() }});"
        "{% else %}"
        "(function (map, events, regions, minZoom) {"
        " var auto = true, switching = false;"
        " events.cmDeferred = true;"
        " function show(layer) { if (!map.hasLayer(layer)) { map.addLayer(layer); } }"
        " function hide(layer) { if (map.hasLayer(layer)) { map.removeLayer(layer); } }"
        " function apply() {"
        "  if (!auto) { return; }"
        "  if (events.cmFilling && !events.cmReady) { events.once('cm:ready', apply); return; }"
        "  switching = true;"
        "  if (map.getZoom() >= minZoom) { show(events); events.cmFill(); hide(regions); }"
        "  else { hide(events); show(regions); }"
        "  switching = false;"
        " }"
        " map.on('overlayadd', function (e) {"
        "  if (switching) { return; }"
        "  if (e.layer === events || e.layer === regions) { auto = false; }"
        "  if (e.layer === events) { events.cmFill(); } });"
        " map.on('overlayremove', function (e) {"
        "  if (!switching && (e.layer === events || e.layer === regions)) { auto = false; } });"
        " map.on('zoomend', apply);"
        " switching = true; show(events); switching = false;"
        " setTimeout(apply, 0);"
        # The events' markers are made once the regions are painted (a frame, then tasks of a
        # few thousand), so that zooming in later need not wait for them.
        " requestAnimationFrame(function () { setTimeout(events.cmPrepare, 0); });"
        "})({{ this._parent.get_name() }}, {{ this.events.get_name() }},"
        " {{ this.regions.get_name() }}, {{ this.zoom }});"
        "{% endif %}"
        "{% endmacro %}"
    )

    def __init__(self, events: EventClusterLayer, regions: Layer | None = None,
                 zoom: int = 0):
        super().__init__()
        self._name = "ShowEvents"
        self.events = events
        self.regions = regions
        self.zoom = int(zoom)
