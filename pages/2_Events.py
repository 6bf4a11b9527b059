"""Events: the map's events as a sortable table, their totals, and downloads.

Thin: the rows come from the store with the sidebar filters, the table's columns and the files
from ``exports``. Exports are reads, so read-only links may download too.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

import streamlit as st

from exports import (count_unlocated, export_filename, safe_stem, to_acled_frame, to_csv_bytes,
                     to_geodataframe, to_geojson_bytes, to_geopackage_bytes)
from exports.table import counts, events_table
from web.context import current_access, link_params
from web.nav import nav
from web.resources import load_store
from web.text import md_escape
from web.sidebar import describe, sidebar_filters

ARTICLE_PAGE = "Article"  # URL path of pages/3_Article.py


st.set_page_config(page_title="Events · ConflictMap", layout="wide")
access = current_access()
nav(access)
store = load_store()
flt = sidebar_filters(store, access.map_id)
events = store.events_frame(access.map_id, flt)

st.title("Events")
st.caption(md_escape(f"{access.map.name}: {describe(flt)}"))
if events.empty:
    if flt.is_empty():
        st.info("No events on this map yet: add articles on the Upload page.")
    else:
        st.info("No events match these filters: widen them in the sidebar.")
    st.stop()

totals = counts(events)
for column, (label, value) in zip(st.columns(4), (
        ("Events", totals.events), ("Fatalities", totals.fatalities),
        ("Injuries", totals.injuries), ("Articles", totals.articles))):
    column.metric(label, f"{value:,}")

# Relative link: resolves next to this page, also when the app is served under a base path.
token = link_params(access)


def article_page(article_id: int) -> str:
    return f"{ARTICLE_PAGE}?{urlencode({'article': article_id, **token})}"


st.dataframe(
    events_table(events, article_page),
    key="events_table", hide_index=True, placeholder="—",
    column_config={
        "event_date": st.column_config.DateColumn("Date", format="YYYY-MM-DD"),
        "event_type": st.column_config.TextColumn("Event type"),
        "sub_event_type": st.column_config.TextColumn("Sub-event type"),
        "actor1": st.column_config.TextColumn("Actor 1"),
        "actor2": st.column_config.TextColumn("Actor 2"),
        "fatalities": st.column_config.NumberColumn("Fatalities", format="%d"),
        "injuries": st.column_config.NumberColumn("Injuries", format="%d"),
        "location": st.column_config.TextColumn("Location"),
        "admin1": st.column_config.TextColumn("Admin1"),
        "country": st.column_config.TextColumn("Country"),
        "sentence": st.column_config.TextColumn("Sentence", width="large"),
        "article_title": st.column_config.TextColumn("Article"),
        "article_page": st.column_config.LinkColumn(
            "Review", display_text="Open", help="The article with its places and events"),
        "source_url": st.column_config.LinkColumn(
            "Source", display_text=r"https?://(?:www\.)?([^/?#]+)",
            help="The article online"),
        "background": st.column_config.CheckboxColumn(
            "Background", help="Mentioned as context, not as the news of the day"),
        "reviewed": st.column_config.CheckboxColumn("Reviewed"),
        "geo_precision": st.column_config.NumberColumn(
            "Geo precision", format="%d", help="1 town, 2 near a town, 3 region only"),
        "time_precision": st.column_config.NumberColumn(
            "Time precision", format="%d", help="1 day, 2 week, 3 month"),
        "confidence": st.column_config.ProgressColumn(
            "Confidence", min_value=0.0, max_value=1.0, format="%.2f"),
        "id": st.column_config.NumberColumn("Event id", format="%d"),
    },
)

st.subheader("Download")
name, today = access.map.name, date.today()
unlocated = count_unlocated(events)
mapped = len(events) - unlocated


# The files are made on click (callables), on a worker thread: not on every rerun.
def csv_file() -> bytes:
    return to_csv_bytes(to_acled_frame(events, name))


def geojson_file() -> bytes:
    return to_geojson_bytes(to_geodataframe(events, name))


def geopackage_file() -> bytes:
    return to_geopackage_bytes(to_geodataframe(events, name))


def map_file() -> bytes:
    from exports.html import map_archive_bytes

    return map_archive_bytes(events, f"{safe_stem(name)}-map-{today.isoformat()}")


no_points = "None of these events has coordinates." if not mapped else None
csv_col, geojson_col, gpkg_col, html_col = st.columns(4)
csv_col.download_button(
    "CSV (ACLED columns)", csv_file, file_name=export_filename(name, "csv", today),
    mime="text/csv", key="dl_csv", on_click="ignore", icon=":material/table:",
    help="ACLED's columns plus injuries; UTF-8 with BOM, opens in Excel.")
geojson_col.download_button(
    "GeoJSON", geojson_file, file_name=export_filename(name, "geojson", today),
    mime="application/geo+json", key="dl_geojson", on_click="ignore", disabled=not mapped,
    icon=":material/data_object:", help=no_points)
gpkg_col.download_button(
    "GeoPackage", geopackage_file, file_name=export_filename(name, "gpkg", today),
    mime="application/geopackage+sqlite3", key="dl_gpkg", on_click="ignore",
    disabled=not mapped, icon=":material/layers:", help=no_points)
html_col.download_button(
    "Map (HTML, zip)", map_file, file_name=export_filename(name, "zip", today, kind="map"),
    mime="application/zip", key="dl_html", on_click="ignore", disabled=not mapped,
    icon=":material/map:",
    help=no_points or "Unzip and open the .html file: works offline, with the vendor/ folder "
                      "beside it.")
if unlocated:
    st.caption(f"{unlocated:,} of {len(events):,} events have no coordinates: they are in the "
               "CSV but not in the GeoJSON, GeoPackage or map.")
