"""Stored events -> GeoJSON and GeoPackage with ACLED's columns, for QGIS, ArcGIS and the like.

The attributes are those of :func:`exports.acled.to_acled_frame` (same names, same values), with
a point geometry in WGS 84 (EPSG:4326). Events without coordinates are left out of these
formats — a feature without a place cannot be drawn — and stay in the CSV;
:func:`count_unlocated` says how many, so a page can tell the user.
"""

from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path

import geopandas as gpd
import pandas as pd

from exports.acled import INT_COLUMNS, to_acled_frame

CRS = "EPSG:4326"
LAYER = "events"


def located(events: pd.DataFrame) -> pd.Series:
    """True for the events with both coordinates."""
    if events.empty:
        return pd.Series([], dtype=bool, index=events.index)
    return events["lat"].notna() & events["lon"].notna()


def count_unlocated(events: pd.DataFrame) -> int:
    return int((~located(events)).sum())


def to_geodataframe(events: pd.DataFrame, map_name: str = "", *,
                    timestamp: datetime | None = None) -> gpd.GeoDataFrame:
    """The events that have coordinates as EPSG:4326 points with ACLED's attribute columns.

    Dates are ISO strings and every attribute is text, a whole number or a float, which both
    GeoJSON and GeoPackage store as they are.
    """
    frame = to_acled_frame(events[located(events)], map_name, timestamp=timestamp)
    geometry = gpd.points_from_xy(frame["longitude"], frame["latitude"], crs=CRS)
    return gpd.GeoDataFrame(frame, geometry=geometry, crs=CRS)


def to_geojson_bytes(gdf: gpd.GeoDataFrame) -> bytes:
    """An RFC 7946 FeatureCollection (UTF-8, no byte-order mark); missing values are null."""
    return gdf.to_crs(CRS).to_json(na="null", drop_id=True, ensure_ascii=False).encode("utf-8")


def to_geopackage_bytes(gdf: gpd.GeoDataFrame, layer: str = LAYER) -> bytes:
    """A GeoPackage file holding ``gdf`` as the point layer ``layer``.

    GDAL writes GeoPackages only to files, so this goes through a temporary directory.
    """
    out = gdf.copy()
    for name in INT_COLUMNS:  # pandas' nullable integers -> 64-bit integer fields with NULLs
        if name in out.columns:
            out[name] = out[name].astype("Int64")
    for name in out.columns:
        if name != out.geometry.name and out[name].dtype == object:
            out[name] = out[name].astype(pd.StringDtype())  # all-empty columns stay text
    with tempfile.TemporaryDirectory(prefix="cm-gpkg-") as tmp:
        path = Path(tmp) / "events.gpkg"
        out.to_file(path, layer=layer, driver="GPKG", engine="pyogrio")
        return path.read_bytes()
