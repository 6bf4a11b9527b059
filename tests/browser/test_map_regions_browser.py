"""The regions-first event map (many events) in headless Chromium, from a standalone export
opened over file:// with no network: a circle per region with its count, a tooltip on hover."""

from __future__ import annotations

import pytest

import pandas as pd

from maps.eventmap import REGION_ZOOM, View, event_map, prepare
from maps.export import EXPORT_PREFIX, save_html

pytestmark = pytest.mark.browser


def square(name: str, west: float, south: float) -> dict:
    ring = [[west, south], [west + 1, south], [west + 1, south + 1], [west, south + 1],
            [west, south]]
    return {"type": "Feature", "properties": {"name": name, "country_code": "IQ",
                                              "admin1_code": f"IQ.{name}"},
            "geometry": {"type": "Polygon", "coordinates": [ring]}}


def events(*points: tuple[float, float]) -> pd.DataFrame:
    return pd.DataFrame([{
        "id": n, "article_id": 1, "event_type": "Battles", "sub_event_type": "Armed clash",
        "event_date": "2024-01-01", "lat": lat, "lon": lon, "fatalities": 1,
        "location": "Ramadi", "admin1": "Anbar", "country": "Iraq"}
        for n, (lat, lon) in enumerate(points, start=1)])


def test_map_regions_first_draws_a_circle_and_count_per_region(chromium, tmp_path, monkeypatch):
    import json

    monkeypatch.setenv("CONFLICTMAP_TILES", "none")
    (tmp_path / "admin1.geojson").write_text(json.dumps({
        "type": "FeatureCollection", "features": [square("Anbar <i>x</i>", 40, 33),
                                                  square("B", 41, 33)]}))
    data = prepare(events((33.5, 40.5), (33.5, 40.5), (33.5, 40.5), (33.5, 41.5)),
                   boundaries_dir=tmp_path)
    # Opened below REGION_ZOOM, where the map shows region totals instead of events.
    m = event_map(data, asset_prefix=EXPORT_PREFIX, regions_first=True, select=False,
                  boundaries_dir=tmp_path, view=View(33.5, 41.0, REGION_ZOOM - 1))
    page_path = save_html(m,
                          tmp_path / "out" / "map.html")
    context = chromium.new_context(viewport={"width": 1000, "height": 700})
    blocked = []
    context.route("http*://**/*", lambda route: (blocked.append(route.request.url),
                                                 route.abort()))
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(page_path.as_uri())
        page.locator("path.cm-region").first.wait_for(state="attached", timeout=30_000)
        assert page.locator("path.cm-region").count() == 2
        assert sorted(page.locator(".cm-region-label .cm-region-count").all_inner_texts()) \
            == ["1", "3"]
        page.locator("path.cm-region").first.hover(force=True)
        tooltip = page.locator(".leaflet-tooltip")
        tooltip.wait_for(timeout=10_000)
        assert "3 events" in tooltip.inner_text()
        assert "<i>x</i>" in tooltip.inner_text()  # the region's name, as text
        assert tooltip.locator("i").count() == 0
        assert not errors, errors
    finally:
        context.close()
