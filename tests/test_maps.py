"""maps: build_map on small Place lists, checked on the rendered HTML (no browser)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date

import folium
import folium.plugins
import pytest

from extract.types import Place
from maps import APP_PREFIX, UnknownAsset, build_map, localize, missing_assets
from maps.assets import LOCAL_ASSETS, VENDOR_DIR
from maps.build import EVENT_CLASS, PLACE_CLASS

CDN_HOSTS = ("cdn.jsdelivr.net", "cdnjs.cloudflare.com", "code.jquery.com", "netdna.bootstrapcdn",
             "unpkg.com", "d3js.org")


def place(text: str, lat: float | None, lon: float | None, **kw) -> Place:
    fields = dict(start=0, end=len(text), text=text, name=kw.pop("name", text), lat=lat, lon=lon,
                  geonameid=None, country_code="IQ", admin1="Al Anbar", feature="city", score=0.9)
    fields.update(kw)
    return Place(**fields)


@dataclass
class FakeEvent:
    """Only the attributes build_map reads; the real Event lives in extract.events."""

    lat: float | None
    lon: float | None
    event_type: str = "Battles"
    sub_event_type: str = "Armed clash"
    date: date | None = date(2024, 3, 2)
    fatalities: int | None = 3
    actor1: str = "Military Forces"
    actor2: str = "Rebels"
    sentence: str = "Clashes broke out."
    background: bool = False


PLACES = [place("Ramadi", 33.42, 43.30), place("Hit", 33.64, 42.83),
          place("Nowhere", None, None, name=None)]


def render(m: folium.Map) -> str:
    return m.get_root().render()


def asset_urls(page: str) -> list[str]:
    return re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', page)


@pytest.fixture
def no_tiles(monkeypatch):
    monkeypatch.setenv("CONFLICTMAP_TILES", "none")


def test_maps_build_uses_local_assets_only(no_tiles):
    page = render(build_map(PLACES))
    urls = asset_urls(page)
    assert f"{APP_PREFIX}/leaflet/dist/leaflet.js" in urls
    assert f"{APP_PREFIX}/jquery/dist/jquery.min.js" in urls
    assert all(u.startswith(APP_PREFIX + "/") for u in urls), urls
    assert not [h for h in CDN_HOSTS if h in page]
    assert f'L.Icon.Default.imagePath = "{APP_PREFIX}/leaflet/dist/images/"' in page


def test_maps_build_draws_resolved_places_only(no_tiles):
    page = render(build_map(PLACES))
    assert page.count(f'"className": "{PLACE_CLASS}"') == 2
    assert "Nowhere" not in page
    assert "fitBounds" in page


def test_maps_build_escapes_article_text(no_tiles):
    evil = "<script>alert('x')</script>"
    m = build_map([place(evil, 33.0, 43.0, name=evil, note=evil)],
                  [FakeEvent(33.1, 43.1, sentence=evil, actor1=evil)])
    page = render(m)
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(" in page


def test_maps_build_empty_input_returns_base_map(no_tiles):
    m = folium.Map()
    with pytest.warns(UserWarning, match="base map"):
        out = build_map([], [], m=m)
    assert out is m
    page = render(out)
    assert PLACE_CLASS not in page and EVENT_CLASS not in page
    assert all(u.startswith(APP_PREFIX + "/") for u in asset_urls(page))


def test_maps_build_plots_events_by_type(no_tiles):
    events = [FakeEvent(33.0, 43.0), FakeEvent(None, None),
              FakeEvent(34.0, 44.0, event_type="Protests", sub_event_type="Peaceful protest")]
    page = render(build_map([], events))
    assert page.count(f'"className": "{EVENT_CLASS}"') == 2
    assert "2024-03-02" in page and "Peaceful protest" in page


def test_maps_build_background_events_are_dashed(no_tiles):
    page = render(build_map([], [FakeEvent(33.0, 43.0, background=True)]))
    assert '"dashArray": "3"' in page and "reported as context" in page


def test_maps_build_tiles_setting(monkeypatch):
    monkeypatch.setenv("CONFLICTMAP_TILES", "none")
    assert "tile.openstreetmap.org" not in render(build_map(PLACES))
    monkeypatch.setenv("CONFLICTMAP_TILES", "OpenStreetMap")
    assert "tile.openstreetmap.org" in render(build_map(PLACES))


def test_maps_build_draws_boundaries_near_the_places(no_tiles, tmp_path):
    def square(lat, lon, **props):
        ring = [[lon, lat], [lon + 1, lat], [lon + 1, lat + 1], [lon, lat + 1], [lon, lat]]
        return {"type": "Feature", "properties": props,
                "geometry": {"type": "Polygon", "coordinates": [ring]}}

    countries = [square(33, 43, name="Near", country_code="IQ"),
                 square(-40, -60, name="Far", country_code="AR")]
    (tmp_path / "countries.geojson").write_text(
        json.dumps({"type": "FeatureCollection", "features": countries}))
    (tmp_path / "admin1.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": [
        square(33, 42.5, name="Al Anbar", country_code="IQ", admin1_code="IQ.01")]}))
    page = render(build_map(PLACES, boundaries_dir=tmp_path))
    assert '"Near"' in page and '"Al Anbar"' in page
    assert '"Far"' not in page


def test_maps_localize_rejects_unknown_cdn_asset():
    m = folium.Map(tiles=None)
    folium.plugins.Fullscreen().add_to(m)
    with pytest.raises(UnknownAsset, match="leaflet.fullscreen"):
        localize(m)


def test_maps_localize_supports_plugins_and_relative_prefix():
    m = folium.Map(tiles=None)
    folium.plugins.MarkerCluster().add_to(m)
    folium.plugins.HeatMap([[33.0, 43.0]]).add_to(m)
    page = render(localize(m, "vendor"))
    assert "vendor/leaflet.markercluster/dist/leaflet.markercluster.js" in page
    assert "vendor/folium/leaflet_heat.min.js" in page
    assert not [h for h in CDN_HOSTS if h in page]


def test_maps_assets_cover_folium_map_defaults():
    urls = [u for _, u in folium.Map.default_js + folium.Map.default_css]
    assert set(urls) <= set(LOCAL_ASSETS), "folium changed its assets: update maps/assets.py"


def test_maps_assets_installed():
    m = folium.Map(tiles=None)
    folium.plugins.MarkerCluster().add_to(m)
    folium.plugins.HeatMap([[33.0, 43.0]]).add_to(m)
    folium.plugins.Draw().add_to(m)
    missing = missing_assets(localize(m))
    assert not missing, f"missing under {VENDOR_DIR}: {missing}; run `bash scripts/install.sh`"


def test_maps_export_writes_page_and_assets(no_tiles, tmp_path):
    from maps.export import EXPORT_PREFIX, save_html

    out = save_html(build_map(PLACES, asset_prefix=EXPORT_PREFIX), tmp_path / "map.html")
    page = out.read_text()
    assert f'src="{EXPORT_PREFIX}/leaflet/dist/leaflet.js"' in page
    assert (tmp_path / EXPORT_PREFIX / "leaflet/dist/leaflet.js").is_file()
    assert (tmp_path / EXPORT_PREFIX / "leaflet/dist/images/marker-icon.png").is_file()
    assert not [h for h in CDN_HOSTS if h in page]


def test_maps_export_needs_relative_assets(no_tiles, tmp_path):
    from maps.export import save_html

    with pytest.raises(ValueError, match="asset_prefix"):
        save_html(build_map(PLACES), tmp_path / "map.html")
