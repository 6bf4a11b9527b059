"""Events inside a shape drawn on the map (Leaflet.draw rectangle or polygon)."""

from __future__ import annotations

from typing import Any

import geopandas as gpd
import pandas as pd
from shapely import make_valid
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

AREA_TYPES = ("Polygon", "MultiPolygon")


def drawn_area(drawing: Any) -> dict | None:
    """The polygon geometry of a drawing (a GeoJSON Feature or geometry), else None.

    streamlit-folium also reports a clicked marker as the "last active drawing" (a Point);
    only areas select events.
    """
    if not isinstance(drawing, dict):
        return None
    geometry = drawing.get("geometry") if drawing.get("type") == "Feature" else drawing
    if not isinstance(geometry, dict) or geometry.get("type") not in AREA_TYPES:
        return None
    if not geometry.get("coordinates"):
        return None
    return geometry


def _area(geometry: dict | BaseGeometry) -> BaseGeometry:
    area = geometry if isinstance(geometry, BaseGeometry) else shape(geometry)
    if not area.is_valid:
        area = make_valid(area)  # a self-crossing hand-drawn polygon: both of its lobes
    return area


def events_in_area(frame: pd.DataFrame, geometry: dict | BaseGeometry) -> pd.DataFrame:
    """The rows of ``frame`` whose point lies in ``geometry`` (edges included), in order."""
    area = _area(geometry)
    placed = frame.dropna(subset=["lat", "lon"])
    if placed.empty or area.is_empty:
        return frame.iloc[0:0]
    points = gpd.GeoSeries(
        gpd.points_from_xy(placed["lon"].astype(float), placed["lat"].astype(float)),
        index=placed.index, crs="EPSG:4326")
    return placed[points.covered_by(area).to_numpy()]
