"""ConflictMap: paste a news article, see the places (and events) it reports on a map.

    streamlit run app.py

A thin page over the library: extract.pipeline.process() finds places and events,
maps.build_map() draws them with Leaflet served from static/vendor/ (works offline).
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

import settings
from extract.types import Article, ArticleResult
from maps import build_map, missing_assets

# An invented wire-style report written for this demo (not a real news story).
DEMO_ARTICLE = """\
BAGHDAD, March 3 (ConflictMap Wire) - Gunmen attacked an army checkpoint on the outskirts of \
Ramadi in Anbar province late on Saturday, killing two soldiers and wounding four others, a \
police officer said.

The attackers fled towards the desert west of the city, the officer said, speaking on condition \
of anonymity because he was not authorised to talk to the media. No group claimed \
responsibility.

In a separate incident on Sunday morning, a roadside bomb struck a police patrol on the highway \
between Fallujah and Baghdad, wounding three policemen, the Interior Ministry said in a \
statement.

Security forces later arrested five suspects in a raid on a farm near Haditha, the statement \
added.

In the northern city of Mosul, several hundred people protested peacefully outside the \
provincial council building on Sunday over power cuts, witnesses said. Smaller protests were \
reported in Kirkuk and Tikrit.
"""
DEMO_PUBLISHED = date(2024, 3, 4)

CREDITS = (
    "Place names: [GeoNames](https://www.geonames.org/) (CC-BY 4.0). "
    "Boundaries: [Natural Earth](https://www.naturalearthdata.com/) (public domain). "
    "Map tiles and data © [OpenStreetMap](https://www.openstreetmap.org/copyright) contributors. "
    "Map: [Leaflet](https://leafletjs.com/) via folium."
)


@st.cache_resource(show_spinner="Loading the language model...")
def load_nlp():
    from extract.nlp import get_nlp

    return get_nlp()


@st.cache_resource(show_spinner="Opening the gazetteer...")
def load_gazetteer():
    from gazetteer import get_gazetteer

    return get_gazetteer()


def extract(text: str, published: date | None) -> ArticleResult:
    from extract.pipeline import process

    article_id = hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]
    article = Article(id=article_id, text=text, published=published)
    return process(article, nlp=load_nlp(), gazetteer=load_gazetteer())


def _load_demo() -> None:
    st.session_state["article_text"] = DEMO_ARTICLE
    st.session_state["published"] = DEMO_PUBLISHED


def _table(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    return frame[[c for c in columns if c in frame.columns]] if rows else frame


PLACE_COLUMNS = ["text", "name", "admin1", "country_code", "feature", "score", "lat", "lon",
                 "geonameid", "precision_km", "note"]
EVENT_COLUMNS = ["date", "event_type", "sub_event_type", "actor1", "actor2", "fatalities",
                 "injuries", "location", "admin1", "country", "geo_precision", "background",
                 "lat", "lon", "sentence"]


def show_result(result: ArticleResult) -> None:
    for warning in result.warnings:
        st.warning(warning)
    resolved = sum(p.resolved for p in result.places)
    st.subheader(f"{resolved} places and {len(result.events)} events on the map")
    m = build_map(result.places, result.events)
    missing = missing_assets(m)
    if missing:
        st.error(f"The map's JavaScript/CSS is not installed ({', '.join(missing[:3])} ...): "
                 "run `bash scripts/install.sh`.")
    else:
        st_folium(m, returned_objects=[], height=540, use_container_width=True, key="map")

    if result.events:
        st.subheader(f"Events: {len(result.events)}")
        st.dataframe(_table([e.to_json() for e in result.events], EVENT_COLUMNS),
                     hide_index=True, key="events_table")
    st.subheader(f"Places: {resolved} resolved, {len(result.places) - resolved} unresolved")
    st.dataframe(_table([p.to_json() for p in result.places], PLACE_COLUMNS), hide_index=True,
                 key="places_table")


def main() -> None:
    st.set_page_config(page_title="ConflictMap", layout="wide")
    st.title("ConflictMap")
    st.caption("Paste a news article to map the places (and conflict events) it reports.")

    gazetteer_path = Path(settings.get("GAZETTEER_PATH"))
    if not gazetteer_path.exists():
        st.error(f"No gazetteer at {gazetteer_path}: run `bash scripts/install.sh` "
                 "(or `.venv/bin/python -m extract gazetteer build`).")
        st.stop()

    st.button("Load demo article", key="demo", on_click=_load_demo)
    text = st.text_area("Article text", key="article_text", height=260,
                        placeholder="Paste the text of a news article here.")
    published = st.date_input("Publication date (optional, anchors 'on Saturday' etc.)",
                              value=None, key="published", format="YYYY-MM-DD")
    max_chars = int(settings.get("MAX_ARTICLE_CHARS"))
    if st.button("Extract", key="run", type="primary"):
        if not text.strip():
            st.info("Paste some text first, or load the demo article.")
            st.stop()
        if len(text) > max_chars:
            st.error(f"The text has {len(text):,} characters; the limit is {max_chars:,} "
                     "(setting MAX_ARTICLE_CHARS).")
            st.stop()
        from extract.nlp import ModelMissing
        from gazetteer import GazetteerMissing

        try:
            with st.spinner("Extracting places and events..."):
                st.session_state["result"] = extract(text, published)
        except (ModelMissing, GazetteerMissing) as exc:
            st.error(str(exc))  # their messages say how to fix it
            st.stop()

    if "result" in st.session_state:
        show_result(st.session_state["result"])

    st.divider()
    st.caption(CREDITS)


main()
