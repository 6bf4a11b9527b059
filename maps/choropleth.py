"""Events per admin1 region: a spatial join of event points with the admin1 polygons.

The polygons are the gazetteer build's ``admin1.geojson`` (see maps/boundaries.py), cut to the
events' area before the join. A point is given to the first polygon that contains it; events
outside every polygon (at sea, or in a country the file lacks) are counted apart.

Two layers come out of the totals: a choropleth of events or fatalities per region, and a
circle per region sized by its count (the map's low-zoom summary when there are many events).
Region names are escaped here, as everything else that reaches the map's HTML.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import folium
import geopandas as gpd
import numpy as np
import pandas as pd

from maps import boundaries
from maps.safe import escape_html

MEASURES = {"events": "Events", "fatalities": "Fatalities"}
# ColorBrewer Reds, 5 classes.
CLASS_COLORS = ("#fee5d9", "#fcae91", "#fb6a4a", "#de2d26", "#a50f15")
REGION_COLOR = "#3b3b98"
REGION_CLASS = "cm-region"
_COLUMNS = ["name", "country_code", "admin1_code"]


@dataclass(frozen=True)
class RegionTotals:
    """Regions holding at least one event, and how many events fell in none."""

    regions: gpd.GeoDataFrame   # _COLUMNS + events, fatalities, lat, lon (a point inside), geometry
    unmatched: int

    def is_empty(self) -> bool:
        return self.regions.empty


def admin1_regions(view: boundaries.Bounds | None, directory=None) -> gpd.GeoDataFrame:
    """Admin1 polygons meeting ``view`` (all when None), as a GeoDataFrame in EPSG:4326."""
    outlines = boundaries.load("admin1", directory)
    area = None if view is None else boundaries.pad(view, 0.5)
    features = boundaries.in_view(outlines, area)["features"]
    if not features:
        return gpd.GeoDataFrame(columns=[*_COLUMNS, "geometry"], geometry="geometry",
                                crs="EPSG:4326")
    regions = gpd.GeoDataFrame.from_features(features, crs="EPSG:4326")
    for column in _COLUMNS:
        if column not in regions.columns:
            regions[column] = None
    return regions[[*_COLUMNS, "geometry"]].reset_index(drop=True)


def event_points(frame: pd.DataFrame) -> gpd.GeoDataFrame:
    """The frame's events with coordinates as points (index kept), with their fatalities."""
    placed = frame.dropna(subset=["lat", "lon"])
    fatalities = pd.to_numeric(placed.get("fatalities"), errors="coerce")
    return gpd.GeoDataFrame(
        {"fatalities": fatalities.fillna(0).astype("int64").to_numpy()},
        geometry=gpd.points_from_xy(placed["lon"].astype(float), placed["lat"].astype(float)),
        index=placed.index, crs="EPSG:4326")


def region_totals(frame: pd.DataFrame, regions: gpd.GeoDataFrame) -> RegionTotals:
    """Events and fatalities per region (a spatial join, points within polygons)."""
    points = event_points(frame)
    if points.empty or regions.empty:
        empty = regions.iloc[0:0].assign(events=pd.Series(dtype="int64"),
                                         fatalities=pd.Series(dtype="int64"),
                                         lat=pd.Series(dtype=float), lon=pd.Series(dtype=float))
        return RegionTotals(empty, len(points))
    # intersects, not within: a point on a region's edge belongs to it (and, on a shared
    # border, to the first of the two only)
    joined = gpd.sjoin(points, regions[["geometry"]], how="inner", predicate="intersects")
    joined = joined[~joined.index.duplicated(keep="first")]
    totals = joined.groupby("index_right").agg(events=("fatalities", "size"),
                                               fatalities=("fatalities", "sum"))
    out = regions.loc[totals.index].copy()
    out["events"] = totals["events"].astype("int64").to_numpy()
    out["fatalities"] = totals["fatalities"].astype("int64").to_numpy()
    inside = out.geometry.representative_point()
    out["lat"], out["lon"] = inside.y.to_numpy(), inside.x.to_numpy()
    out = out.sort_values(["events", "fatalities"], ascending=False).reset_index(drop=True)
    return RegionTotals(out, int(len(points) - len(joined)))


def class_breaks(values, k: int = len(CLASS_COLORS)) -> list[int]:
    """Upper bounds of up to ``k`` classes (quantiles of the values, whole numbers, rising)."""
    values = np.asarray([v for v in values if v is not None], dtype=float)
    if values.size == 0:
        return []
    qs = np.quantile(values, np.linspace(0, 1, k + 1)[1:])
    breaks: list[int] = []
    for q in qs:
        upper = int(math.ceil(q))
        if not breaks or upper > breaks[-1]:
            breaks.append(upper)
    return breaks


def class_color(value: float, breaks: list[int]) -> str:
    colors = CLASS_COLORS[-len(breaks):] if breaks else CLASS_COLORS
    for upper, color in zip(breaks, colors):
        if value <= upper:
            return color
    return colors[-1]


def class_legend(breaks: list[int]) -> list[tuple[str, str]]:
    """(label, colour) per class, e.g. ("1-3", "#fee5d9")."""
    out, lower = [], 0
    colors = CLASS_COLORS[-len(breaks):]
    for upper, color in zip(breaks, colors):
        lo = lower + 1 if lower or upper > 0 else 0
        out.append((f"{lo}" if lo >= upper else f"{lo}\u2013{upper}", color))
        lower = upper
    return out


def _tooltip(row) -> str:
    place = escape_html(row["name"] or row["admin1_code"] or "region")
    country = f" ({escape_html(row['country_code'])})" if row["country_code"] else ""
    return (f"<b>{place}</b>{country}<br>{int(row['events']):,} events, "
            f"{int(row['fatalities']):,} fatalities")


def choropleth_layer(totals: RegionTotals, measure: str = "events", *, show: bool = False,
                     name: str | None = None, pane: str | None = None,
                     ) -> tuple[folium.GeoJson, list[tuple[str, str]]]:
    """Regions filled by ``measure`` (events or fatalities), and the legend's classes.

    ``pane``: a map pane below the event markers, so regions never cover them.
    """
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {', '.join(MEASURES)}, not {measure!r}")
    regions = totals.regions
    breaks = class_breaks(regions[measure].tolist())
    features = []
    for _, row in regions.iterrows():
        features.append({
            "type": "Feature", "geometry": row.geometry.__geo_interface__,
            "properties": {"tip": _tooltip(row), "fill": class_color(row[measure], breaks)}})
    layer = folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        name=name or f"Choropleth: {MEASURES[measure].lower()} by region", show=show,
        overlay=True, control=True, zoom_on_click=False,
        style_function=lambda f: {"fillColor": f["properties"]["fill"], "fillOpacity": 0.65,
                                  "color": "#7a0000", "weight": 0.8},
        highlight_function=lambda _: {"weight": 2.5, "fillOpacity": 0.8},
        tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False, sticky=True),
        **({"pane": pane} if pane else {}))
    return layer, class_legend(breaks)


def region_circles_layer(totals: RegionTotals, *, show: bool = False,
                         name: str = "Regions (totals)") -> folium.FeatureGroup:
    """A circle per region at a point inside it, area proportional to its events."""
    group = folium.FeatureGroup(name=name, show=show, overlay=True, control=True)
    regions = totals.regions
    largest = max(int(regions["events"].max()), 1) if not regions.empty else 1
    for _, row in regions.iterrows():
        radius = 6 + 24 * math.sqrt(row["events"] / largest)
        folium.CircleMarker(
            (row["lat"], row["lon"]), radius=radius, color=REGION_COLOR, weight=1.5,
            fill=True, fill_color=REGION_COLOR, fill_opacity=0.35, className=REGION_CLASS,
            tooltip=folium.Tooltip(_tooltip(row)),
        ).add_to(group)
        count = f"{int(row['events']):,}"
        folium.Marker(
            (row["lat"], row["lon"]), interactive=False,
            icon=folium.DivIcon(html=f'<div class="cm-region-count">{count}</div>',
                                icon_size=(60, 16), icon_anchor=(30, 8),
                                class_name="cm-region-label"),
        ).add_to(group)
    return group
