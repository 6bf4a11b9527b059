"""A map's stored events -> the interactive event map of the Map page.

Two steps, so the page can cache the expensive one:

- :func:`prepare` (events frame -> :class:`EventMapData`): the compact event data as script text,
  the events' bounds and types, and the per-region totals of a spatial join with the admin1
  polygons. Seconds for 50,000 events, so the page caches it per filter and data version.
- :func:`event_map` (data -> ``folium.Map``): cheap; layers are Events (clustered circle
  markers), Heat map, a choropleth of events or fatalities per admin1 region, Regions (a circle
  per region with its count), country and admin1 outlines (so the map reads without tiles), a
  legend and a draw control for selecting events by area.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import folium
import folium.plugins
import pandas as pd
from folium.map import CustomPane, FitBounds

from maps import boundaries
from maps.assets import APP_PREFIX, localize
from maps.build import (EVENT_COLORS, MAX_FIT_ZOOM, OTHER_EVENT_COLOR, add_boundaries, base_map,
                        event_type_order)
from maps.choropleth import (MEASURES, REGION_CLASS, REGION_COLOR, RegionTotals, _tooltip,
                             admin1_regions, choropleth_layer, region_totals)
from maps.eventdata import MAX_SENTENCE, bounds, event_data
from maps.layers import (EventClusterLayer, EventData, EventHeatMap, Legend, RegionCircles,
                         ShowEvents)
from maps.safe import script_json

MAX_ZOOM = 18          # markercluster needs one, and a map without tiles has none
MIN_ZOOM = 2
# Up to this many events popups quote the sentence (cut at MAX_SENTENCE). Beyond, sentences
# stay out of the page (at 50,000 events they are 40% of it: 18 MB instead of 10); a click shows
# the event, sentence and article in the details panel.
FULL_SENTENCES_UP_TO = 10_000
# Above this many events the map opens on region totals and clusters the events only from
# REGION_ZOOM on (issue 6: a map of 50,000 events must open in seconds).
REGIONS_FIRST_ABOVE = 20_000
REGION_ZOOM = 7
# Admin1 outlines are drawn for an area up to this many degrees across; beyond, countries only.
OUTLINE_SPAN = 40.0
REGION_PANE = "cm-regions"


@dataclass(frozen=True)
class View:
    """A map view: centre and zoom (what the page keeps in the URL)."""

    lat: float
    lon: float
    zoom: int


@dataclass(frozen=True)
class EventMapData:
    json: str                       # the compact event columns (maps.eventdata), script-safe
    n_events: int                   # rows in the frame
    n_points: int                   # ... of which have coordinates
    bounds: boundaries.Bounds | None
    types: list[str] = field(default_factory=list)
    totals: RegionTotals | None = None

    @property
    def payload_bytes(self) -> int:
        return len(self.json.encode("utf-8"))


def prepare(frame: pd.DataFrame, *, boundaries_dir=None,
            sentence_chars: int | None = None) -> EventMapData:
    """Everything :func:`event_map` needs from an events frame (``Store.events_frame``, or
    ``Store.map_frame``: without a ``sentence`` column the popups quote no sentences)."""
    placed = int(frame[["lat", "lon"]].notna().all(axis=1).sum()) if len(frame) else 0
    if sentence_chars is None:
        quoted = placed <= FULL_SENTENCES_UP_TO and "sentence" in frame.columns
        sentence_chars = MAX_SENTENCE if quoted else 0
    collection = event_data(frame, sentence_chars=sentence_chars)
    view = bounds(collection)
    types = sorted({k[0] for k in collection["kinds"] if k[0]}, key=event_type_order)
    totals = None
    if view is not None:
        regions = admin1_regions(view, boundaries_dir)
        if not regions.empty:
            totals = region_totals(frame, regions)
    return EventMapData(script_json(collection), len(frame), collection["count"],
                        view, types, totals)


def _outline_view(view: boundaries.Bounds | None) -> boundaries.Bounds | None:
    if view is None:
        return None
    south, west, north, east = view
    return view if max(north - south, east - west) <= OUTLINE_SPAN else None


# folium.CircleMarker's options for the region circles (what choropleth.region_circles_layer
# draws), less the radius.
_REGION_CIRCLE = {"bubblingMouseEvents": True, "className": REGION_CLASS, "color": REGION_COLOR,
                  "dashArray": None, "dashOffset": None, "fill": True, "fillColor": REGION_COLOR,
                  "fillOpacity": 0.35, "fillRule": "evenodd", "lineCap": "round",
                  "lineJoin": "round", "opacity": 1.0, "stroke": True, "weight": 1.5}


def region_circles(totals: RegionTotals, *, show: bool = False) -> RegionCircles:
    """A circle per region at a point inside it, area proportional to its events, with its
    count and totals: :func:`maps.choropleth.region_circles_layer` as one element."""
    regions = totals.regions
    largest = max(int(regions["events"].max()), 1) if not regions.empty else 1
    rows = [(row["lat"], row["lon"], 6 + 24 * math.sqrt(row["events"] / largest),
             _tooltip(row), f"{int(row['events']):,}") for _, row in regions.iterrows()]
    return RegionCircles(rows, circle=_REGION_CIRCLE, label_class="cm-region-count",
                         icon_class="cm-region-label", show=show)


def _draw_control() -> folium.plugins.Draw:
    shape = {"shapeOptions": {"color": "#1f6feb", "weight": 2, "fillOpacity": 0.08}}
    return folium.plugins.Draw(
        export=False, position="topleft", show_geometry_on_click=False,
        draw_options={"polyline": False, "circle": False, "marker": False,
                      "circlemarker": False, "rectangle": shape,
                      "polygon": {**shape, "allowIntersection": False}},
        edit_options={"edit": False, "remove": False})


def event_map(data: EventMapData, *, measure: str = "events", view: View | None = None,
              tiles: str | None = None, asset_prefix: str | None = APP_PREFIX,
              boundaries_dir=None, regions_first: bool | None = None,
              select: bool = True) -> folium.Map:
    """The interactive map of ``data``; the world with outlines when it has no events.

    ``view`` opens the map there (else it fits the events); ``measure`` is what the choropleth
    shows (events or fatalities); ``regions_first`` overrides the REGIONS_FIRST_ABOVE choice;
    ``select`` adds the draw control whose shapes the app reads (a standalone page has nothing
    to read them).
    """
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {', '.join(MEASURES)}, not {measure!r}")
    m = base_map(tiles)
    m.options["max_zoom"] = MAX_ZOOM
    m.options["min_zoom"] = MIN_ZOOM
    add_boundaries(m, _outline_view(data.bounds), boundaries_dir)

    show = None
    if data.n_points:
        totals = data.totals if data.totals is not None and not data.totals.is_empty() else None
        if regions_first is None:
            regions_first = data.n_points > REGIONS_FIRST_ABOVE
        regions_first = bool(regions_first and totals is not None)

        source = EventData(data.json)
        m.add_child(source)
        events = EventClusterLayer(source, EVENT_COLORS, OTHER_EVENT_COLOR)
        events.add_to(m)
        show = ShowEvents(events)
        EventHeatMap(source).add_to(m)
        classes: list[tuple[str, str]] = []
        if totals is not None:
            CustomPane(REGION_PANE, z_index=350, pointer_events=True).add_to(m)
            choropleth, classes = choropleth_layer(totals, measure, pane=REGION_PANE)
            choropleth.add_to(m)
            regions = region_circles(totals, show=False)
            regions.add_to(m)
            if regions_first:
                show = ShowEvents(events, regions, REGION_ZOOM)
        Legend(EVENT_COLORS, OTHER_EVENT_COLOR, data.types, classes,
               f"Choropleth: {MEASURES[measure].lower()} per region").add_to(m)
        if select:
            _draw_control().add_to(m)
        folium.LayerControl(collapsed=False, position="topright").add_to(m)

    if view is not None:
        m.location = [float(view.lat), float(view.lon)]
        m.options["zoom"] = int(view.zoom)
    elif data.bounds is not None:
        south, west, north, east = data.bounds
        fit = FitBounds([[south, west], [north, east]], max_zoom=MAX_FIT_ZOOM)
        # Not animated: the view must be final when the events layer goes on the map (an
        # animated zoom over a markercluster group still loading its markers throws and leaves
        # the map stuck mid-zoom).
        fit.options["animate"] = False
        m.add_child(fit)
    if show is not None:
        show.add_to(m)  # last: after the view is set (see ShowEvents)
    return localize(m, asset_prefix) if asset_prefix else m
