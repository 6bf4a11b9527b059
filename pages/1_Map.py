"""Map: the map's events (clustered, heat, per region), filters, timeline, details, selection."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError
from streamlit_folium import st_folium

from maps import missing_assets
from maps.bundle import bundle
from maps.details import article_link_html, context_html, event_fields, sentence_html
from maps.eventmap import View, event_map
from maps.select import events_in_area
from maps.timeline import timeline_chart, timeline_counts
from store import NotFound
from web import mapview
from web.context import current_access
from web.nav import carried_params, nav
from web.resources import load_store
from web.sidebar import describe, filter_options, sidebar_filters

MAP_HEIGHT = 620
TIMELINE_HEIGHT = 220  # what the timeline chart takes on the page (maps.timeline: height 220)
TABLE_COLUMNS = ["id", "event_date", "event_type", "sub_event_type", "actor1", "actor2",
                 "fatalities", "injuries", "location", "admin1", "country", "article_title"]

st.set_page_config(page_title="Map - ConflictMap", layout="wide")
access = current_access()
nav(access)
store = load_store()
version = store.data_version(access.map_id)  # cache key of the filters, events and map data
if version[0] != "0":
    # The URL's filter is, nearly always, the one the sidebar is about to return: its events
    # load in the background while the sidebar reads the filter choices.
    mapview.prefetch(store, access.map_id, version)
flt = sidebar_filters(store, access.map_id, version=version)
measure = st.sidebar.radio("Choropleth shows", ["events", "fatalities"], key="map_measure",
                           format_func=str.capitalize, horizontal=True,
                           help="What the per-region choropleth layer counts.")

st.title("Map")
if version[0] == "0":
    st.info("This map has no events yet. Upload articles and their events will appear here.")
    try:
        st.page_link("app.py", label="Upload articles", icon=":material/upload_file:",
                     query_params=carried_params(access))
    except StreamlitPageNotFoundError:  # the page run on its own (AppTest)
        st.caption("Upload articles on the Upload page.")
    st.stop()

frame = mapview.events(store, access.map_id, flt, version)
data = mapview.map_data(store, access.map_id, flt, version)

fatalities = int(pd.to_numeric(frame["fatalities"], errors="coerce").fillna(0).sum())
c1, c2, c3, c4 = st.columns(4)
c1.metric("Events", f"{len(frame):,}")
c2.metric("Fatalities", f"{fatalities:,}")
c3.metric("Articles", f"{frame['article_id'].nunique():,}")
c4.metric("Not mappable", f"{data.n_events - data.n_points:,}",
          help="Events whose place has no coordinates.")
st.caption(f"Showing {describe(flt)}.")
if frame.empty:
    st.info("No events match these filters. Widen them in the sidebar.")
    st.stop()

state = mapview.session()
map_key = mapview.instance_key(access.map_id, version, flt, measure, state.nonce)
anchor: View | None = mapview.anchor_for(map_key)

left, right = st.columns([3, 2], gap="medium")
map_drawn = True  # without a map, nothing to wait for
with left:
    m = event_map(data, measure=measure, view=anchor)
    missing = missing_assets(m)
    if missing:
        st.error(f"The map's JavaScript/CSS is not installed ({', '.join(missing[:3])} ...): "
                 "run `bash scripts/install.sh`.")
    else:
        # One script and one stylesheet instead of a request for each file (maps/bundle.py).
        returned = st_folium(bundle(m), key=map_key, height=MAP_HEIGHT,
                             use_container_width=True, returned_objects=mapview.RETURNED)
        mapview.handle(returned)
        map_drawn = mapview.map_drawn()
    st.caption("Click a marker for its details; draw a rectangle or polygon (toolbar, top "
               "left) to select the events inside it. Layers: top right.")

with right:
    event_id = mapview.selected_event()
    if event_id is None:
        st.subheader("Event details")
        st.caption("Click an event on the map to see it here, with the article around it.")
    else:
        # The whole event (the page's frame has the map's columns only).
        try:
            event = store.event(access.map_id, event_id)
        except NotFound:
            event = None
        if event is None:
            st.warning(f"There is no event {event_id} on this map.")
            mapview.select_event(None)
        else:
            st.subheader(f"Event #{event_id}")
            if not (frame["id"] == event_id).any():
                st.caption("This event is outside the current filters.")
            link = article_link_html(event.get("article_title"), event.get("article_url"))
            st.html(f"<div>Article: {link}</div>")
            st.dataframe(pd.DataFrame(event_fields(event), columns=["Field", "Value"]),
                         hide_index=True, width="stretch", key="event_fields")
            st.markdown("**In the article**")
            try:
                article = store.article(access.map_id, int(event["article_id"]))
                snippet = context_html(article.text, int(event["start"] or 0),
                                       int(event["end"] or 0), event.get("location"),
                                       expect=event.get("sentence") or "")
            except NotFound:
                snippet = ""
            st.html(snippet or sentence_html(event.get("sentence") or "", event.get("location")))
            st.button("Close details", key="close_event",
                      on_click=mapview.select_event, args=(None,))

area = state.area
if area is not None:
    chosen = events_in_area(frame, area)
    if "article_title" not in chosen.columns:  # a map whose frame has no titles
        titles = dict(filter_options(store, access.map_id, version).articles)
        chosen = chosen.assign(article_title=chosen["article_id"].map(titles))
    st.subheader(f"{len(chosen):,} events selected")
    st.button("Clear selection", key="clear_selection", on_click=mapview.clear_selection)
    st.dataframe(chosen[[c for c in TABLE_COLUMNS if c in chosen.columns]], hide_index=True,
                 width="stretch", key="selected_events")

st.subheader("Timeline")
if not map_drawn:
    # A first visit: the chart comes with the re-run the drawn map's report triggers, so that
    # its script does not hold the map up; its space is kept so that nothing moves.
    st.container(height=TIMELINE_HEIGHT, border=False)
else:
    counts, unit = timeline_counts(frame)
    if counts.empty:
        st.caption("None of these events has a date.")
    else:
        st.altair_chart(timeline_chart(counts, unit), width="stretch")
        undated = int(frame["event_date"].isna().sum())
        if undated:
            st.caption(f"{undated:,} undated events are not in the timeline.")
