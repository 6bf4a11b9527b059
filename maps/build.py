"""Places and events -> a folium map that works offline.

Every piece of article text reaching the map passes through :func:`maps.safe.escape_html`:
popups and tooltips are inserted into the page as HTML (and re-read by branca as Jinja).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from typing import Any

import folium

import settings
from extract.types import Place
from maps import boundaries
from maps.assets import APP_PREFIX, localize
from maps.safe import escape_html

WORLD_CENTER = (25.0, 20.0)
WORLD_ZOOM = 2
MAX_FIT_ZOOM = 9  # a single town should not fill the screen

PLACE_COLOR = "#1f6feb"
# ACLED's six event types; anything else is drawn grey.
EVENT_COLORS = {
    "Battles": "#d62728",
    "Explosions/Remote violence": "#ff7f0e",
    "Violence against civilians": "#8c1d82",
    "Protests": "#2ca02c",
    "Riots": "#bcbd22",
    "Strategic developments": "#7f7f7f",
}
OTHER_EVENT_COLOR = "#555555"


def event_type_order(event_type: str) -> tuple[int, str]:
    """Sort key for event types (legend, chart): ACLED's six in the order above, then any other
    by name."""
    order = list(EVENT_COLORS)
    return (order.index(event_type) if event_type in EVENT_COLORS else len(order), event_type)


# CSS classes on the circle markers, so tests and pages can tell them from boundary paths.
PLACE_CLASS = "cm-place"
EVENT_CLASS = "cm-event"

_TILE_NAMES = {"openstreetmap": "OpenStreetMap", "cartodb positron": "CartoDB positron"}


def _table(rows: Sequence[tuple[str, Any]]) -> str:
    cells = "".join(
        f'<tr><th style="padding-right:.6em">{escape_html(k)}</th>'
        f"<td>{escape_html(v)}</td></tr>"
        for k, v in rows if v not in (None, "")
    )
    return f'<table class="cm-popup">{cells}</table>'


def base_map(tiles: str | None = None) -> folium.Map:
    """An empty world map with the TILES setting ('none' for no tile layer)."""
    tiles = settings.get("TILES") if tiles is None else tiles
    key = tiles.strip().lower()
    if key in ("", "none"):
        m = folium.Map(location=WORLD_CENTER, zoom_start=WORLD_ZOOM, tiles=None)
    elif key in _TILE_NAMES:
        m = folium.Map(location=WORLD_CENTER, zoom_start=WORLD_ZOOM, tiles=_TILE_NAMES[key])
    else:  # a URL template of the user's own tile server
        m = folium.Map(location=WORLD_CENTER, zoom_start=WORLD_ZOOM, tiles=tiles,
                       attr=f"Tiles: {escape_html(tiles)}")
    return m


def place_popup(place: Place) -> str:
    return _table([
        ("Text", place.text),
        ("Gazetteer name", place.name),
        ("Admin1", place.admin1),
        ("Country", place.country_code),
        ("Feature", place.feature),
        ("Score", f"{place.score:.2f}" if place.score is not None else None),
        ("Precision", f"±{place.precision_km:g} km" if place.precision_km else None),
        ("Note", place.note),
        ("GeoNames id", place.geonameid),
    ])


def event_popup(event: Any) -> str:
    g = lambda name: getattr(event, name, None)  # noqa: E731 - events are defined elsewhere
    return _table([
        ("Event", g("event_type")),
        ("Sub-event", g("sub_event_type")),
        ("Date", g("date")),
        ("Location", getattr(g("location"), "name", None) or g("location")),
        ("Admin1", g("admin1")),
        ("Country", g("country")),
        ("Geo precision", g("geo_precision")),
        ("Actor 1", g("actor1")),
        ("Actor 2", g("actor2")),
        ("Fatalities", g("fatalities")),
        ("Injuries", g("injuries")),
        ("Background", "reported as context" if g("background") else None),
        ("Sentence", g("sentence")),
    ])


def _event_latlon(event: Any) -> tuple[float, float] | None:
    lat, lon = getattr(event, "lat", None), getattr(event, "lon", None)
    if lat is None or lon is None:  # fall back to the event's resolved Place, if it has one
        location = getattr(event, "location", None)
        lat, lon = getattr(location, "lat", None), getattr(location, "lon", None)
    if lat is None or lon is None:
        return None
    return float(lat), float(lon)


def add_boundaries(m: folium.Map, view: boundaries.Bounds | None,
                   directory=None) -> None:
    """Country and admin1 outlines meeting ``view`` (countries only, worldwide, when None)."""
    countries = boundaries.load("countries", directory)
    if countries:
        folium.GeoJson(
            boundaries.in_view(countries, None if view is None else boundaries.pad(view, 5)),
            name="Countries", interactive=False, control=False,
            style_function=lambda _: {"color": "#444444", "weight": 1.2, "fill": False},
        ).add_to(m)
    if view is None:
        return
    admin1 = boundaries.load("admin1", directory)
    if admin1:
        folium.GeoJson(
            boundaries.in_view(admin1, boundaries.pad(view, 1)),
            name="Admin1", interactive=False, control=False,
            style_function=lambda _: {"color": "#888888", "weight": 0.6, "dashArray": "3",
                                      "fill": False},
        ).add_to(m)


def build_map(places: Iterable[Place] = (), events: Iterable[Any] = (),
              m: folium.Map | None = None, *, asset_prefix: str | None = APP_PREFIX,
              boundaries_dir=None) -> folium.Map:
    """Resolved places (blue) and events (by ACLED type) as circle markers on ``m``.

    Returns the base map, with a warning, when nothing has coordinates. ``asset_prefix`` is where
    the vendored JS/CSS is served (see :func:`maps.assets.localize`); None keeps folium's CDNs.
    """
    m = base_map() if m is None else m
    points: list[tuple[float, float]] = []

    place_layer = folium.FeatureGroup(name="Places")
    for place in places:
        if not place.resolved:
            continue
        if place.precision_km:
            folium.Circle((place.lat, place.lon), radius=place.precision_km * 1000,
                          color=PLACE_COLOR, weight=1, dash_array="4", fill=False,
                          interactive=False).add_to(place_layer)
        folium.CircleMarker(
            (place.lat, place.lon), radius=7, color=PLACE_COLOR, fill=True, fill_opacity=0.7,
            weight=2, className=PLACE_CLASS,
            popup=folium.Popup(place_popup(place), max_width=320),
            tooltip=folium.Tooltip(escape_html(place.name or place.text)),
        ).add_to(place_layer)
        points.append((place.lat, place.lon))

    event_layer = folium.FeatureGroup(name="Events")
    n_events = 0
    for event in events:
        latlon = _event_latlon(event)
        if latlon is None:
            continue
        color = EVENT_COLORS.get(getattr(event, "event_type", None), OTHER_EVENT_COLOR)
        kind = getattr(event, "sub_event_type", None) or getattr(event, "event_type", None)
        label = " - ".join(str(v) for v in (kind, getattr(event, "date", None)) if v)
        background = bool(getattr(event, "background", False))  # context, not this day's news
        folium.CircleMarker(
            latlon, radius=9, color=color, fill=True, fill_opacity=0.2 if background else 0.6,
            weight=2, dash_array="3" if background else None,
            className=EVENT_CLASS,
            popup=folium.Popup(event_popup(event), max_width=360),
            tooltip=folium.Tooltip(escape_html(label or "event")),
        ).add_to(event_layer)
        points.append(latlon)
        n_events += 1

    if not points:
        warnings.warn("build_map: no place or event has coordinates; returning the base map",
                      UserWarning, stacklevel=2)
        add_boundaries(m, None, boundaries_dir)
        return localize(m, asset_prefix) if asset_prefix else m

    lats, lons = [p[0] for p in points], [p[1] for p in points]
    view = (min(lats), min(lons), max(lats), max(lons))
    add_boundaries(m, view, boundaries_dir)
    if n_events:  # under the places: the smaller place dots stay visible inside event rings
        event_layer.add_to(m)
    place_layer.add_to(m)
    if n_events:
        folium.LayerControl(collapsed=True).add_to(m)
    m.fit_bounds([[view[0], view[1]], [view[2], view[3]]], max_zoom=MAX_FIT_ZOOM)
    return localize(m, asset_prefix) if asset_prefix else m
