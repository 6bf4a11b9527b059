"""The region circles (maps.eventmap.region_circles): one element drawing what
maps.choropleth.region_circles_layer draws with four folium elements per region."""

from __future__ import annotations

import folium

from maps.choropleth import admin1_regions, region_circles_layer, region_totals
from maps.eventmap import region_circles
from tests.test_maps_layers import boundaries_dir, event_row, frame  # noqa: F401 (fixture)


def test_region_circles_match_the_folium_layer(boundaries_dir):  # noqa: F811
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
