"""maps.eventdata / layers / choropleth / select / eventmap: the Map page's map, without a browser.

Events are hand-made frames with the columns of ``Store.events_frame``; maps are checked on
their rendered HTML.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import date

import folium
import pandas as pd
import pytest

from maps import APP_PREFIX, missing_assets
from maps.choropleth import (admin1_regions, choropleth_layer, class_breaks, class_legend,
                             region_circles_layer, region_totals)
from maps.eventmap import EventMapData, View, event_map, prepare, region_circles
from maps.eventdata import COORD_DECIMALS, MISSING, event_data, event_props, excerpt
from maps.layers import event_id_from_tooltip, marker_radius
from maps.select import drawn_area, events_in_area

CDN_HOSTS = ("cdn.jsdelivr.net", "cdnjs.cloudflare.com", "code.jquery.com", "netdna.bootstrapcdn",
             "unpkg.com", "d3js.org")


def event_row(i: int, lat: float | None, lon: float | None, **kw) -> dict:
    row = dict(id=i, article_id=kw.pop("article_id", 1), origin="extracted", reviewed=False,
               event_type="Battles", sub_event_type="Armed clash",
               actor1="Military Forces of Iraq", actor2="Islamic State", assoc_actors=None,
               fatalities=3, injuries=None, event_date=date(2024, 3, 2), time_precision=1,
               background=False, location="Ramadi", lat=lat, lon=lon, admin1="Al Anbar",
               country="Iraq", country_code="IQ", geo_precision=1,
               sentence="Clashes broke out in Ramadi on Saturday.", start=0, end=40,
               trigger="clashes", confidence=0.8, article_title="Fighting in Anbar",
               article_url="https://example.org/a", article_published=date(2024, 3, 3))
    row.update(kw)
    return row


def frame(*rows: dict) -> pd.DataFrame:
    out = pd.DataFrame(list(rows))
    for name in ("fatalities", "injuries", "geo_precision", "time_precision"):
        out[name] = out[name].astype("Int64")
    return out


def square(name: str, west: float, south: float, size: float = 1.0, code: str = "IQ") -> dict:
    ring = [[west, south], [west + size, south], [west + size, south + size],
            [west, south + size], [west, south]]
    return {"type": "Feature", "properties": {"name": name, "country_code": code,
                                              "admin1_code": f"{code}.{name}"},
            "geometry": {"type": "Polygon", "coordinates": [ring]}}


@pytest.fixture
def boundaries_dir(tmp_path):
    """Two admin1 squares side by side (A: lon 40-41, B: lon 41-42; lat 33-34) and a country."""
    (tmp_path / "admin1.geojson").write_text(json.dumps({
        "type": "FeatureCollection", "features": [square("A", 40, 33), square("B", 41, 33)]}))
    (tmp_path / "countries.geojson").write_text(json.dumps({
        "type": "FeatureCollection", "features": [square("Iraq", 38, 29, 10)]}))
    return tmp_path


@pytest.fixture
def no_tiles(monkeypatch):
    monkeypatch.setenv("CONFLICTMAP_TILES", "none")


def render(m: folium.Map) -> str:
    return m.get_root().render()


def embedded_data(page: str) -> dict:
    """The event data an event map embeds, read back as JSON."""
    match = re.search(r'<script type="application/json" id="cm-events-\w+">(.*?)</script>',
                      page, re.S)
    assert match, "no EventData in the page"
    return json.loads(match.group(1))


# -- event data (the wire format) -----------------------------------------------------------

def test_maps_event_data_columns_rounded_and_skip_missing_coordinates():
    data = event_data(frame(
        event_row(1, 33.123456789, 43.987654321),
        event_row(2, None, 43.0),
        event_row(3, 34.5, float("nan")),
        event_row(4, 34.0, 44.0, event_type="Protests", sub_event_type="Peaceful protest",
                  fatalities=None, actor2=None, background=True)))
    assert data["count"] == 2 and data["i"] == [1, 4]
    assert (data["lon"][0], data["lat"][0]) == (43.98765, 33.12346)
    for value in data["lon"] + data["lat"]:
        assert round(value, COORD_DECIMALS) == value
    # every per-event column has one entry per event
    for key in ("i", "lon", "lat", "k", "d", "a", "b", "l", "r", "c", "f", "j", "g", "n", "s",
                "x"):
        assert len(data[key]) == 2, key
    first, second = event_props(data, 0), event_props(data, 1)
    assert first["d"] == "2024-03-02" and first["a"] == "Military Forces of Iraq"
    assert first["f"] == 3 and first["kind"] == ["Battles", "Armed clash"]
    assert second["kind"] == ["Protests", "Peaceful protest"]
    assert data["f"][1] == MISSING and "f" not in second and "b" not in second
    assert second["x"] == 1 and "x" not in first
    assert data["strings"][0] == ""  # code 0: no value
    # one article, listed once
    assert data["articles"] == [["Fighting in Anbar", "https://example.org/a"]]
    assert first["article"] == second["article"]


def test_maps_event_data_has_no_background_column_when_none_is():
    data = event_data(frame(event_row(1, 33.0, 43.0), event_row(2, 34.0, 44.0)))
    assert "x" not in data and data["count"] == 2


def test_maps_event_data_of_no_events():
    data = event_data(frame(event_row(1, None, None)))
    assert data["count"] == 0 and data["i"] == [] and data.get("articles", []) == []


@pytest.mark.parametrize("sentence,place,limit,expected", [
    ("Clashes in Ramadi today.", "Ramadi", 300, ["Clashes in ", "Ramadi", " today."]),
    ("Clashes in RAMADI today.", "Ramadi", 300, ["Clashes in ", "RAMADI", " today."]),
    ("Clashes  in\nRamadi.", "Ramadi", 300, ["Clashes in ", "Ramadi", "."]),
    ("No place named.", "Ramadi", 300, "No place named."),
    ("No place named.", None, 300, "No place named."),
    ("A" * 50, None, 10, "A" * 9 + "\u2026"),
    ("x" * 40 + " Hit " + "y" * 40, "Hit", 21, ["\u2026" + "x" * 8 + " ", "Hit",
                                                 " " + "y" * 8 + "\u2026"]),
])
def test_maps_event_data_excerpt_marks_the_place(sentence, place, limit, expected):
    assert excerpt(sentence, place, limit) == expected


def test_maps_event_data_sentences_can_be_left_out():
    data = event_data(frame(event_row(1, 33.0, 43.0)), sentence_chars=0)
    assert "s" not in data and data["sentences"] == 0
    assert "n" not in data and "articles" not in data  # in the details panel, as sentences
    assert "article" not in event_props(data, 0)


def test_maps_event_data_only_http_urls():
    collection = event_data(frame(
        event_row(1, 33.0, 43.0, article_id=1, article_url="javascript:alert(1)"),
        event_row(2, 33.0, 43.0, article_id=2, article_url="data:text/html,<b>x</b>"),
        event_row(3, 33.0, 43.0, article_id=3, article_url="HTTPS://example.org/x")))
    assert [a[1] for a in collection["articles"]] == [None, None, "HTTPS://example.org/x"]


# -- the rendered event map ------------------------------------------------------------------

EVIL = "<script>alert('x')</script> {{ 7*7 }} {% if 1 %}x{% endif %} `${alert(2)}` \\ \u2028"


def test_maps_event_map_escapes_article_text(no_tiles, boundaries_dir):
    rows = frame(event_row(1, 33.5, 40.5, sentence=f"In Ramadi {EVIL}", actor1=EVIL,
                           location="Ramadi", article_title=EVIL,
                           article_url="javascript:alert(1)"),
                 event_row(2, 33.5, 41.5, article_id=2, admin1=EVIL, location=EVIL,
                           sentence=EVIL))
    page = render(event_map(prepare(rows, boundaries_dir=boundaries_dir),
                            boundaries_dir=boundaries_dir))
    assert "<script>alert" not in page
    assert "javascript:" not in page
    assert "{{ 7*7 }}" not in page and "{%" not in page  # never left for Jinja to evaluate
    outside_data = re.sub(r'<script type="application/json".*?</script>', "", page, flags=re.S)
    assert "`${alert" not in outside_data and "${alert" not in outside_data
    # The text reaches the browser intact, as data (popups use textContent).
    data = embedded_data(page)
    assert EVIL in data["strings"]
    assert data["articles"][0] == [EVIL, None]
    assert data["s"][0][1] == "Ramadi"


def test_maps_event_map_uses_local_assets_only(no_tiles, boundaries_dir):
    m = event_map(prepare(frame(event_row(1, 33.5, 40.5)), boundaries_dir=boundaries_dir),
                  boundaries_dir=boundaries_dir)
    page = render(m)
    urls = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', page)
    assert f"{APP_PREFIX}/leaflet.markercluster/dist/leaflet.markercluster.js" in urls
    assert f"{APP_PREFIX}/folium/leaflet_heat.min.js" in urls
    assert f"{APP_PREFIX}/leaflet-draw/dist/leaflet.draw.js" in urls
    assert all(u.startswith(APP_PREFIX + "/") for u in urls), urls
    assert not [h for h in CDN_HOSTS if h in page]
    assert missing_assets(m) == [], "run `bash scripts/install.sh`"


def test_maps_event_map_layers_and_legend(no_tiles, boundaries_dir):
    page = render(event_map(prepare(frame(event_row(1, 33.5, 40.5)),
                                    boundaries_dir=boundaries_dir),
                            measure="fatalities", boundaries_dir=boundaries_dir))
    for name in ("Events", "Heat map", "Choropleth: fatalities by region", "Regions (totals)"):
        assert f'"{name}"' in page
    assert "L.markerClusterGroup" in page and "L.heatLayer" in page
    assert "L.Control.Draw" in page and "cm-legend" in page
    assert '"circle": false' in page and '"marker": false' in page  # areas only
    assert "fitBounds" in page
    assert "cmDeferred = true" not in page and "cmFill" in page


def test_maps_event_map_opens_on_a_given_view(no_tiles, boundaries_dir):
    data = prepare(frame(event_row(1, 33.5, 40.5)), boundaries_dir=boundaries_dir)
    page = render(event_map(data, view=View(33.25, 40.75, 9), boundaries_dir=boundaries_dir))
    assert "center: [33.25, 40.75]" in page and '"zoom": 9' in page
    assert "fitBounds" not in page


def test_maps_event_map_regions_first_switches_by_zoom(no_tiles, boundaries_dir):
    data = prepare(frame(event_row(1, 33.5, 40.5)), boundaries_dir=boundaries_dir)
    page = render(event_map(data, regions_first=True, boundaries_dir=boundaries_dir))
    assert "cmDeferred = true" in page and "zoomend" in page
    assert page.count("cm-region-count") >= 2  # the count label (CSS and the region's icon)


def test_maps_event_map_without_events_is_the_world(no_tiles, boundaries_dir):
    data = prepare(frame(event_row(1, None, None)), boundaries_dir=boundaries_dir)
    assert data.n_events == 1 and data.n_points == 0 and data.bounds is None
    page = render(event_map(data, boundaries_dir=boundaries_dir))
    assert "cm-events-" not in page and "markerClusterGroup" not in page
    assert '"Iraq"' in page  # country outlines still give a sense of place


def test_maps_event_map_rejects_unknown_measure(boundaries_dir):
    with pytest.raises(ValueError, match="measure"):
        event_map(EventMapData("{}", 0, 0, None), measure="deaths")


@pytest.mark.parametrize("tooltip,expected", [
    ("#12 \u00b7 Armed clash \u00b7 2024-03-02 \u00b7 Ramadi", 12),
    ("  #7", 7), ("<b>Al-Anbar</b> (IQ)", None), ("12 events", None), (None, None), ("", None),
])
def test_maps_event_id_from_tooltip(tooltip, expected):
    assert event_id_from_tooltip(tooltip) == expected


def test_maps_marker_radius_grows_with_fatalities_and_is_capped():
    sizes = [marker_radius(f) for f in (None, 0, 1, 4, 25, 10_000)]
    assert sizes[0] == sizes[1] < sizes[2] < sizes[3] < sizes[4] <= sizes[5] == 16.0


# -- choropleth ------------------------------------------------------------------------------

def test_maps_choropleth_counts_events_per_region(boundaries_dir):
    rows = frame(event_row(1, 33.5, 40.2, fatalities=2), event_row(2, 33.6, 40.8, fatalities=None),
                 event_row(3, 33.5, 41.5, fatalities=5),
                 event_row(4, 33.5, 41.0, fatalities=1),   # on the A|B border: counted once
                 event_row(5, 10.0, 10.0, fatalities=7),   # in no region
                 event_row(6, None, None))
    regions = admin1_regions((33.0, 40.0, 34.0, 42.0), boundaries_dir)
    assert sorted(regions["name"]) == ["A", "B"]
    totals = region_totals(rows, regions)
    got = {r["name"]: (r["events"], r["fatalities"]) for _, r in totals.regions.iterrows()}
    assert sum(e for e, _ in got.values()) == 4
    assert got["A"][0] + got["B"][0] == 4 and got["B"][0] in (1, 2)
    assert got["A"][1] + got["B"][1] == 8
    assert totals.unmatched == 1
    for _, r in totals.regions.iterrows():  # the label point lies inside its region
        assert r.geometry.contains(__import__("shapely").Point(r["lon"], r["lat"]))


def test_maps_choropleth_layer_escapes_names_and_colours_by_measure(boundaries_dir, tmp_path):
    evil = square("<img src=x onerror=alert(1)>{{ 7*7 }}", 40, 33)
    (tmp_path / "admin1.geojson").write_text(json.dumps(
        {"type": "FeatureCollection", "features": [evil]}))
    totals = region_totals(frame(event_row(1, 33.5, 40.5, fatalities=9)),
                           admin1_regions(None, tmp_path))
    layer, classes = choropleth_layer(totals, "fatalities")
    m = folium.Map(tiles=None)
    layer.add_to(m)
    page = render(m)
    assert "<img src=x" not in page and "{{ 7*7 }}" not in page
    assert "\\u0026lt;img src=x" in page and "9 fatalities" in page  # escaped, then JSON
    assert classes == [("1\u20139", "#a50f15")]


def test_maps_region_circles_match_the_folium_layer(boundaries_dir):
    """maps.eventmap.region_circles: one element drawing what choropleth.region_circles_layer
    draws with four folium elements per region."""
    rows = frame(event_row(1, 33.5, 40.5, fatalities=3), event_row(2, 33.6, 40.4),
                 event_row(3, 33.5, 41.5), event_row(4, 10.0, 10.0))
    totals = region_totals(rows, admin1_regions(None, boundaries_dir))
    layer = region_circles_layer(totals)
    children = list(layer._children.values())
    circles = [c for c in children if isinstance(c, folium.CircleMarker)]
    labels = [c for c in children if type(c) is folium.Marker]
    assert len(circles) == len(labels) == 2

    ours = region_circles(totals)
    assert len(ours.rows) == 2
    for (lat, lon, radius, tip, count), circle, label in zip(ours.rows, circles, labels):
        assert [lat, lon] == circle.location == label.location
        assert radius == circle.options["radius"]
        tooltip, = [c for c in circle._children.values() if isinstance(c, folium.Tooltip)]
        assert tip == tooltip.text
        icon = label.icon
        assert f'<div class="{ours.style["labelClass"]}">{count}</div>' == icon.options["html"]
        assert ours.style["iconClass"] == icon.options["class_name"]
        assert ours.style["iconSize"] == list(icon.options["icon_size"])
        assert ours.style["iconAnchor"] == list(icon.options["icon_anchor"])
        options = {k: v for k, v in circle.options.items() if k != "radius"}
        assert options == ours.style["circle"]
    assert ours.rows[0][4] == "2" and ours.rows[1][4] == "1"  # the busiest region first
    assert (ours.layer_name, ours.overlay, ours.control, ours.show) == \
        (layer.layer_name, layer.overlay, layer.control, layer.show)


@pytest.mark.parametrize("values,expected", [
    ([], []), ([3, 3, 3], [3]), ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [3, 5, 7, 9, 10]),
    ([0, 0, 5], [0, 2, 4, 5]), ([1, 1, 1, 1, 50], [1, 11, 50]),
])
def test_maps_choropleth_class_breaks(values, expected):
    assert class_breaks(values) == expected


def test_maps_choropleth_class_legend_labels():
    assert [label for label, _ in class_legend([2, 4, 10])] == ["1\u20132", "3\u20134", "5\u201310"]
    assert [label for label, _ in class_legend([0, 5])] == ["0", "1\u20135"]


# -- selection -------------------------------------------------------------------------------

RECT = {"type": "Feature", "properties": {},
        "geometry": {"type": "Polygon", "coordinates": [[[40, 33], [41, 33], [41, 34],
                                                         [40, 34], [40, 33]]]}}


def test_maps_select_events_in_a_drawn_rectangle():
    rows = frame(event_row(1, 33.5, 40.5), event_row(2, 33.5, 41.5), event_row(3, 34.0, 41.0),
                 event_row(4, None, None))
    chosen = events_in_area(rows, drawn_area(RECT))
    assert chosen["id"].tolist() == [1, 3]  # the corner point counts


def test_maps_select_polygon_and_bow_tie():
    triangle = {"type": "Polygon", "coordinates": [[[40, 33], [42, 33], [40, 35], [40, 33]]]}
    rows = frame(event_row(1, 34.0, 40.3), event_row(2, 34.0, 41.7), event_row(3, 33.3, 41.0))
    assert events_in_area(rows, triangle)["id"].tolist() == [1, 3]
    # A self-crossing polygon (drawn as a bow tie) selects what is inside either lobe.
    bow_tie = {"type": "Polygon", "coordinates": [[[40, 33], [42, 35], [42, 33], [40, 35],
                                                   [40, 33]]]}
    assert events_in_area(rows, bow_tie)["id"].tolist() == [1, 2]


@pytest.mark.parametrize("drawing", [
    None, {}, {"type": "Feature", "geometry": {"type": "Point", "coordinates": [40, 33]}},
    {"type": "Feature", "geometry": None}, {"type": "Polygon", "coordinates": []}, "x",
])
def test_maps_select_ignores_what_is_not_an_area(drawing):
    assert drawn_area(drawing) is None


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_maps_event_map_scripts_parse(no_tiles, tmp_path):
    """Region names and article text with backticks, ${...} or quotes keep the scripts valid."""
    (tmp_path / "admin1.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": [
        square("Dar`a ${alert(1)} \\ '\"", 40, 33), square("B", 41, 33)]}))
    rows = frame(event_row(1, 33.5, 40.5, sentence=EVIL, location="Dar`a", actor1=EVIL,
                           article_title=EVIL),
                 event_row(2, 33.5, 41.5, admin1=EVIL))
    for regions_first in (False, True):
        page = render(event_map(prepare(rows, boundaries_dir=tmp_path), boundaries_dir=tmp_path,
                                regions_first=regions_first))
        for n, script in enumerate(re.findall(r"<script>(.*?)</script>", page, re.S)):
            path = tmp_path / f"script{n}.js"
            path.write_text(script, encoding="utf-8")
            result = subprocess.run([shutil.which("node"), "--check", str(path)],
                                    capture_output=True, text=True)
            assert result.returncode == 0, result.stderr


# -- details panel ---------------------------------------------------------------------------

def test_maps_details_context_sentences_either_side():
    from maps.details import context, context_html

    text = "One. Two here. Three in Hit <b>. Four! Five? Six."
    start = text.index("Three")
    end = text.index("Four")
    assert context(text, start, end - 1, around=1) == ("Two here. ", "Three in Hit <b>.",
                                                       " Four! ")
    html = context_html(text, start, end - 1, place="hit", around=1)
    assert "<mark>Three in <b>Hit</b> &lt;b&gt;.</mark>" in html
    assert html.count("\u2026") == 2  # more text on both sides
    assert context_html(text, start, end - 1, expect="Something else.") == ""
    assert context_html(text, 0, 0) == ""


def test_maps_details_fields_and_link():
    from maps.details import article_link_html, event_fields

    fields = dict(event_fields({"id": 3, "event_type": "Battles", "fatalities": pd.NA,
                                "geo_precision": 2, "background": False, "lat": 33.123456789,
                                "actor2": "", "event_date": date(2024, 3, 2)}))
    assert fields == {"Event id": "3", "Event type": "Battles",
                      "Geo precision": "2 (near a town / part of a region)",
                      "Background": "no", "Latitude": "33.12346", "Date": "2024-03-02"}
    assert (article_link_html("<i>T</i>", "javascript:alert(1)")
            == "<span>&lt;i&gt;T&lt;/i&gt;</span>")
    assert 'href="https://x.org/?a=1&amp;b=2"' in article_link_html("T", "https://x.org/?a=1&b=2")
