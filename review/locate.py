"""A point a reviewer gave (a dropped pin or typed coordinates) -> the country and admin1 it is in.

Read from the boundary files the gazetteer build writes (``maps.boundaries``); names come from the
gazetteer when it knows the region, so a corrected place reads like an extracted one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from shapely.geometry import Point, shape

from gazetteer.index import Gazetteer
from maps import boundaries
from review.candidates import country_name

_NUMBER = r"[-+]?\d+(?:\.\d+)?"
_LATLON = re.compile(rf"^\s*\(?\s*({_NUMBER})\s*[,;\s]\s*({_NUMBER})\s*\)?\s*$")


class BadCoordinates(ValueError):
    """Typed coordinates that do not read as 'lat, lon' within the world's ranges."""


@dataclass(frozen=True)
class Located:
    lat: float
    lon: float
    country_code: str | None = None
    country: str | None = None
    admin1: str | None = None
    admin1_code: str | None = None


def parse_latlon(text: str) -> tuple[float, float]:
    """'34.5, 43.2' (or '34.5 43.2', '(34.5; 43.2)') -> (34.5, 43.2), latitude first."""
    match = _LATLON.match(text or "")
    if not match:
        raise BadCoordinates("type the coordinates as latitude, longitude (e.g. 33.31, 44.36)")
    lat, lon = float(match.group(1)), float(match.group(2))
    check_latlon(lat, lon)
    return lat, lon


def check_latlon(lat: float, lon: float) -> None:
    if not -90.0 <= lat <= 90.0:
        raise BadCoordinates(f"latitude {lat} is outside -90..90 (is it the longitude?)")
    if not -180.0 <= lon <= 180.0:
        raise BadCoordinates(f"longitude {lon} is outside -180..180")


def _containing(kind: str, lat: float, lon: float, directory: Path | None) -> dict | None:
    point = Point(lon, lat)
    for outline in boundaries.load(kind, directory):
        south, west, north, east = outline.bounds
        if south <= lat <= north and west <= lon <= east:
            # only the few regions whose box holds the point are turned into shapes
            if shape(outline.feature["geometry"]).covers(point):
                return outline.feature.get("properties") or {}
    return None


def locate(lat: float, lon: float, gazetteer: Gazetteer | None = None,
           directory: Path | None = None) -> Located:
    """The country and first-level region containing the point (None where none does: at sea,
    or when the boundary files are missing)."""
    check_latlon(lat, lon)
    region = _containing("admin1", lat, lon, directory)
    props = region or _containing("countries", lat, lon, directory) or {}
    code = (props.get("country_code") or "").upper() or None
    admin1 = admin1_code = None
    if region:
        raw = str(region.get("admin1_code") or "")
        admin1_code = raw.split(".", 1)[1] if "." in raw else (raw or None)
        if gazetteer is not None and code and admin1_code:
            admin1 = gazetteer.admin1_name(code, admin1_code)
        admin1 = admin1 or region.get("name")
    return Located(lat, lon, code, country_name(gazetteer, code), admin1, admin1_code)


def pinned_place(typed: str, name: str, gazetteer: Gazetteer | None = None) -> dict:
    """Keyword arguments for :meth:`store.Store.correct_place` putting a mention at typed
    coordinates (raises :class:`BadCoordinates`); it no longer names a gazetteer entry."""
    lat, lon = parse_latlon(typed)
    found = locate(lat, lon, gazetteer)
    return {"name": name, "lat": lat, "lon": lon, "geonameid": None,
            "country_code": found.country_code, "admin1": found.admin1,
            "admin1_code": found.admin1_code, "country": found.country, "precision_km": None,
            "note": "placed by a reviewer"}
