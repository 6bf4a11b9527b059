"""Country and admin1 outlines for the map, cut down to the area on screen.

The gazetteer build writes ``countries.geojson`` and ``admin1.geojson`` (FeatureCollections with
``name`` and ``country_code``; admin1 also ``admin1_code``) to the BOUNDARIES_DIR setting. The
whole world's admin1 polygons are far too much to embed in every map, so only features whose
bounding box meets the map's view are drawn.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import settings

Bounds = tuple[float, float, float, float]  # south, west, north, east


@dataclass(frozen=True)
class Outline:
    feature: dict
    bounds: Bounds


def _coords(geometry: dict):
    stack = [geometry.get("coordinates", [])]
    for g in geometry.get("geometries", []):  # GeometryCollection
        stack.append(g.get("coordinates", []))
    while stack:
        item = stack.pop()
        if item and isinstance(item[0], (int, float)):
            yield item
        else:
            stack.extend(item)


def feature_bounds(feature: dict) -> Bounds | None:
    """(south, west, north, east) of a GeoJSON feature, or None for an empty geometry."""
    lons, lats = [], []
    for lon, lat, *_ in _coords(feature.get("geometry") or {}):
        lons.append(lon)
        lats.append(lat)
    if not lons:
        return None
    return min(lats), min(lons), max(lats), max(lons)


@lru_cache(maxsize=4)
def _load(path: str, mtime: float) -> tuple[Outline, ...]:
    with open(path, encoding="utf-8") as f:
        collection = json.load(f)
    outlines = []
    for feature in collection.get("features", []):
        feature = _without_collection(feature)
        bounds = feature_bounds(feature) if feature else None
        if bounds is not None:
            outlines.append(Outline(feature, bounds))
    return tuple(outlines)


_MULTI = {"Polygon": "MultiPolygon", "MultiPolygon": "MultiPolygon",
          "LineString": "MultiLineString", "MultiLineString": "MultiLineString"}


def _without_collection(feature: dict) -> dict | None:
    """The feature with a GeometryCollection folded into one Multi* geometry.

    Leaflet draws collections, but folium's bounds code (run by streamlit-folium on every
    map) reads ``geometry["coordinates"]`` and fails on them; Antarctica's outline is one.
    Polygons win over lines when a collection mixes both; points are dropped.
    """
    geometry = feature.get("geometry")
    if not geometry:
        return None
    if geometry.get("type") != "GeometryCollection":
        return feature
    parts: dict[str, list] = {"MultiPolygon": [], "MultiLineString": []}
    for part in geometry.get("geometries") or []:
        kind = _MULTI.get(part.get("type"))
        if kind is None or not part.get("coordinates"):
            continue
        single = part["type"] in ("Polygon", "LineString")
        parts[kind].extend([part["coordinates"]] if single else part["coordinates"])
    kind = "MultiPolygon" if parts["MultiPolygon"] else "MultiLineString"
    if not parts[kind]:
        return None
    return {**feature, "geometry": {"type": kind, "coordinates": parts[kind]}}


def load(kind: str, directory: Path | None = None) -> tuple[Outline, ...]:
    """Outlines from ``<directory>/<kind>.geojson`` (kind: countries, admin1); () if absent."""
    directory = Path(directory or settings.get("BOUNDARIES_DIR"))
    path = directory / f"{kind}.geojson"
    if not path.is_file():
        return ()
    return _load(str(path), path.stat().st_mtime)


def _meets(a: Bounds, b: Bounds) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def in_view(outlines: tuple[Outline, ...], view: Bounds | None) -> dict:
    """A FeatureCollection of the outlines meeting ``view`` (all of them when view is None)."""
    features = [o.feature for o in outlines if view is None or _meets(o.bounds, view)]
    return {"type": "FeatureCollection", "features": features}


def pad(bounds: Bounds, degrees: float) -> Bounds:
    south, west, north, east = bounds
    return (max(south - degrees, -90.0), max(west - degrees, -180.0),
            min(north + degrees, 90.0), min(east + degrees, 180.0))
