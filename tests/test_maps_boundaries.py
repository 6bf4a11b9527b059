"""maps.boundaries: bounding boxes and the view filter, a value in and a value out."""

from __future__ import annotations

import json

import pytest

from maps import boundaries


def feature(geometry: dict) -> dict:
    return {"type": "Feature", "properties": {"name": "x"}, "geometry": geometry}


@pytest.mark.parametrize("geometry,expected", [
    ({"type": "Point", "coordinates": [43.3, 33.4]}, (33.4, 43.3, 33.4, 43.3)),
    ({"type": "Polygon", "coordinates": [[[40, 30], [45, 30], [45, 37], [40, 30]]]},
     (30, 40, 37, 45)),
    ({"type": "MultiPolygon", "coordinates": [[[[40, 30], [41, 31], [40, 30]]],
                                              [[[-5, -2], [-4, -1], [-5, -2]]]]},
     (-2, -5, 31, 41)),
    ({"type": "GeometryCollection", "geometries": [{"type": "Point", "coordinates": [1, 2]},
                                                    {"type": "Point", "coordinates": [3, 4]}]},
     (2, 1, 4, 3)),
    ({"type": "Polygon", "coordinates": []}, None),
])
def test_maps_boundaries_feature_bounds(geometry, expected):
    assert boundaries.feature_bounds(feature(geometry)) == expected


def test_maps_boundaries_feature_bounds_null_geometry():
    assert boundaries.feature_bounds({"type": "Feature", "geometry": None}) is None


@pytest.mark.parametrize("view,names", [
    ((33.0, 43.0, 34.0, 44.0), {"iraq"}),
    ((10.0, 10.0, 11.0, 11.0), set()),
    (None, {"iraq", "chile"}),
])
def test_maps_boundaries_in_view(tmp_path, view, names):
    def box(name, s, w, n, e):
        ring = [[w, s], [e, s], [e, n], [w, n], [w, s]]
        return {"type": "Feature", "properties": {"name": name},
                "geometry": {"type": "Polygon", "coordinates": [ring]}}

    (tmp_path / "countries.geojson").write_text(json.dumps({
        "type": "FeatureCollection",
        "features": [box("iraq", 29, 38.8, 37.4, 48.6), box("chile", -56, -76, -17, -66)]}))
    outlines = boundaries.load("countries", tmp_path)
    got = boundaries.in_view(outlines, view)
    assert {f["properties"]["name"] for f in got["features"]} == names


def test_maps_boundaries_missing_file_is_empty(tmp_path):
    assert boundaries.load("admin1", tmp_path) == ()


def test_maps_boundaries_pad_clamps_to_the_globe():
    assert boundaries.pad((-89.0, 179.0, 89.0, 179.5), 5) == (-90.0, 174.0, 90.0, 180.0)


def test_boundaries_geometry_collections_become_multi_geometries(tmp_path):
    """folium's bounds code (streamlit-folium calls it) cannot read a GeometryCollection."""
    import json

    import folium

    from maps import boundaries

    collection = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "Antarctica"}, "geometry": {
            "type": "GeometryCollection", "geometries": [
                {"type": "LineString", "coordinates": [[-180, -89.9], [-170, -89.9]]},
                {"type": "LineString", "coordinates": [[170, -80], [180, -80]]}]}},
        {"type": "Feature", "properties": {"name": "empty"}, "geometry": None},
    ]}
    (tmp_path / "countries.geojson").write_text(json.dumps(collection))
    outlines = boundaries.load("countries", tmp_path)
    assert len(outlines) == 1
    geometry = outlines[0].feature["geometry"]
    assert geometry["type"] == "MultiLineString" and len(geometry["coordinates"]) == 2
    layer = folium.GeoJson(boundaries.in_view(outlines, None))
    assert layer.get_bounds() == [[-89.9, -180], [-80, 180]]
