"""The Map page's Streamlit side: cached events and map data, the view and the selected event
in the URL, and what a map interaction (click, drawing, pan) means for the page.

URL parameters (besides the map token and the filters of web/sidebar.py):
``lat``, ``lon``, ``z`` the map view; ``event`` the event shown in the details panel.
"""

from __future__ import annotations

import hashlib
import logging
import math
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from maps import snapshot
from maps.eventmap import FULL_SENTENCES_UP_TO, EventMapData, View, prepare
from maps.layers import event_id_from_tooltip
from maps.select import drawn_area
from maps.snapshot import MapSnapshot
from store import EventFilter, Store
from web import snapshots
from web.futures import FutureTable

log = logging.getLogger(__name__)

VIEW_PARAMS = ("lat", "lon", "z")
EVENT_PARAM = "event"
# What the page reads back from the map: anything else changing in the browser (hover, layer
# toggles) does not re-run the page.
RETURNED = ["last_object_clicked_tooltip", "last_object_clicked_count", "last_active_drawing",
            "center", "zoom"]
_STATE = "cm_mapview"


# -- data ------------------------------------------------------------------------------------

def filter_key(flt: EventFilter) -> tuple:
    return tuple(sorted(flt.to_params().items()))


# The events frame and the map data of (database, map, filter, data version) are kept as
# futures shared by every session, computed on two small thread pools rather than with
# st.cache_data/st.cache_resource, so that the page can start them before it needs them: a
# first visit asks for the URL's filter (:func:`prefetch`) while the sidebar reads the filter
# choices (SQLite work that leaves the interpreter free). Frames are shared, not copied
# (cache_data pickled 29 MB when storing a 50k frame and unpickled a 37 MB copy on every
# re-run): read them, never modify them. They hold the Map page's columns only
# (``Store.map_frame``): no sentences, titles or links for a map whose popups do not quote them
# (over FULL_SENTENCES_UP_TO events; 50,000 events: 0.4 s to read instead of 1.0 s); the
# details panel reads the clicked event whole (``Store.event``). The unfiltered view comes from
# the map's stored snapshot when its writer left one for this data version (maps/snapshot.py).
MAX_FRAMES = 8
MAX_MAP_DATA = 4
_frames = FutureTable(MAX_FRAMES, ThreadPoolExecutor(max_workers=2,
                                                     thread_name_prefix="cm-events"))
_map_datas = FutureTable(MAX_MAP_DATA, ThreadPoolExecutor(max_workers=2,
                                                          thread_name_prefix="cm-map-data"))
_publish_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cm-publish")


def _snapshot(store: Store, map_id: int, key: tuple, version: tuple) -> MapSnapshot | None:
    """The map's stored snapshot when ``key`` is the unfiltered view it holds."""
    return None if key else snapshots.get(store, map_id, version)


def _frame_future(store: Store, map_id: int, key: tuple, version: tuple) -> Future:
    def work() -> pd.DataFrame:
        snap = _snapshot(store, map_id, key, version)
        if snap is not None:
            return snap.frame
        return store.map_frame(map_id, EventFilter.from_params(dict(key)),
                               texts_up_to=FULL_SENTENCES_UP_TO)

    return _frames.get((str(store.engine.url), map_id, key, version), work)


def _map_data_future(store: Store, map_id: int, key: tuple, version: tuple) -> Future:
    # Waits on the other pools only, so no pool can fill with work waiting on itself.
    frame = _frame_future(store, map_id, key, version)

    def work() -> EventMapData:
        snap = _snapshot(store, map_id, key, version)
        return snap.data if snap is not None else prepare(frame.result())

    return _map_datas.get((str(store.engine.url), map_id, key, version), work)


def _result(future: Future, message: str) -> Any:
    if not future.done():
        with st.spinner(message):
            return future.result()
    return future.result()


def prefetch(store: Store, map_id: int, version: tuple, params: Any = None) -> None:
    """Start loading the events and map data of the filter in ``params`` (default: the URL's)
    in the background; :func:`events` and :func:`map_data` pick them up when the page's filter
    turns out the same."""
    flt = EventFilter.from_params(st.query_params if params is None else params)
    _map_data_future(store, map_id, filter_key(flt), version)


def warm(store: Store, map_id: int) -> tuple:
    """After the map's data changed (an upload): start its unfiltered events and map data in
    the background, so that the next visit to the Map page, by anyone, finds them ready.
    Returns the data version they are kept under."""
    version = store.data_version(map_id)
    prefetch(store, map_id, version, params={})
    _publish_pool.submit(_publish, store, map_id, version)
    return version


def _publish(store: Store, map_id: int, version: tuple) -> None:
    """Store the map's snapshot from what :func:`warm` prepared, for visits to other servers
    (or this one after a restart); a failure costs only the snapshot, never the upload."""
    try:
        frame = _frame_future(store, map_id, (), version).result()
        data = _map_data_future(store, map_id, (), version).result()
        snap = MapSnapshot(version, frame, data, store.filter_options(map_id))
        # publish drops the old snapshot of a map too small for one
        if store.data_version(map_id) == version and snapshot.publish(store, map_id, snap=snap):
            snapshots.remember(store, map_id, snap)
    except Exception:  # noqa: BLE001 - logged; the page computes what a snapshot would hold
        log.exception("could not store the snapshot of map %s", map_id)


def events(store: Store, map_id: int, flt: EventFilter, version: tuple) -> pd.DataFrame:
    """``store.map_frame`` (the Map page's columns) kept per map, filter and data version;
    shared by every session (do not modify it)."""
    return _result(_frame_future(store, map_id, filter_key(flt), version), "Loading events...")


def map_data(store: Store, map_id: int, flt: EventFilter, version: tuple) -> EventMapData:
    """The map's event data and region totals, computed once per filter and data version
    (immutable, so shared rather than copied on every re-run)."""
    return _result(_map_data_future(store, map_id, filter_key(flt), version),
                   "Preparing the map...")


# -- URL state -------------------------------------------------------------------------------

def _float(raw: Any, lo: float, hi: float) -> float | None:
    try:
        value = float(raw)
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) and lo <= value <= hi else None


def read_view() -> View | None:
    """The view in the URL, or None when absent or malformed."""
    lat = _float(st.query_params.get("lat"), -90, 90)
    lon = _float(st.query_params.get("lon"), -180, 180)
    zoom = _float(st.query_params.get("z"), 0, 20)
    if lat is None or lon is None or zoom is None:
        return None
    return View(lat, lon, int(round(zoom)))


def write_view(center: Any, zoom: Any) -> None:
    """Keep the URL on the map's current view (4 decimals: about 10 m)."""
    if not isinstance(center, dict) or zoom is None:
        return
    lat = _float(center.get("lat"), -90, 90)
    lon = _float(center.get("lng"), -1e6, 1e6)
    if lat is None or lon is None:
        return
    lon = (lon + 180.0) % 360.0 - 180.0  # the map may have been panned round the globe
    wanted = {"lat": f"{lat:.4f}", "lon": f"{lon:.4f}", "z": str(int(zoom))}
    for name, value in wanted.items():
        if st.query_params.get(name) != value:
            st.query_params[name] = value


def selected_event() -> int | None:
    raw = st.query_params.get(EVENT_PARAM)
    try:
        return int(raw) if raw is not None else None
    except ValueError:
        return None


def select_event(event_id: int | None) -> None:
    if event_id is None:
        if EVENT_PARAM in st.query_params:
            del st.query_params[EVENT_PARAM]
    elif st.query_params.get(EVENT_PARAM) != str(event_id):
        st.query_params[EVENT_PARAM] = str(event_id)


# -- map interactions ------------------------------------------------------------------------

@dataclass
class MapSession:
    """Per visitor: the view a map instance opened on, what it last reported, the selection."""

    key: str = ""                     # the map instance (changes when its script changes)
    anchor: View | None = None        # the view it was built with (None: fit the events)
    seen: tuple = (None, None, None)  # (tooltip, click count, drawing) last reported
    area: dict | None = None          # the drawn area selecting events
    nonce: int = 0                    # bumped to discard drawings (a fresh map instance)
    drawn: bool = False               # a map has been drawn and reported back in this session


def session() -> MapSession:
    if _STATE not in st.session_state:
        st.session_state[_STATE] = MapSession()
    return st.session_state[_STATE]


def instance_key(map_id: int, version: tuple, flt: EventFilter, measure: str,
                 nonce: int) -> str:
    """Names one map instance: what its script depends on, plus the clear-drawings nonce."""
    digest = hashlib.sha1(repr((version, filter_key(flt), measure)).encode()).hexdigest()[:12]
    return f"map-{map_id}-{digest}-{nonce}"


def anchor_for(key: str) -> View | None:
    """The view to build map instance ``key`` with.

    Fixed for the instance's life, so panning (which rewrites the URL) does not change the
    map's script and remount it; a new instance (other filters) opens where the URL says.
    """
    state = session()
    if state.key != key:
        state.key, state.anchor, state.seen = key, read_view(), (None, None, None)
    return state.anchor


def handle(returned: dict | None) -> None:
    """Apply what the map reported: the view to the URL, a clicked event, a drawn area."""
    if not returned:
        return
    state = session()
    if returned.get("center") is not None:  # only the browser's report has it, not the default
        state.drawn = True
    write_view(returned.get("center"), returned.get("zoom"))
    tooltip = returned.get("last_object_clicked_tooltip")
    count = returned.get("last_object_clicked_count")
    drawing = returned.get("last_active_drawing")
    seen_tooltip, seen_count, seen_drawing = state.seen
    state.seen = (tooltip, count, drawing)
    area = drawn_area(drawing)
    if area is not None and drawing != seen_drawing:
        state.area = area  # a new rectangle or polygon (drawing also counts as a click)
        return
    if (tooltip, count) != (seen_tooltip, seen_count):
        event_id = event_id_from_tooltip(tooltip)
        if event_id is not None:
            select_event(event_id)


def map_drawn() -> bool:
    """Whether a map has been drawn in this session: the map reports its view once drawn, which
    re-runs the page. Until then the page leaves out what can wait (the timeline: Vega's 1 MB of
    script would compete with the map's for the browser and the server on a first visit)."""
    return session().drawn


def clear_selection() -> None:
    state = session()
    state.area = None
    state.nonce += 1  # a new map instance, without the drawn shape
