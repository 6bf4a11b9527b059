"""Articles: read one with its places and events highlighted, and correct what extraction got wrong.

    /Article                  the map's articles
    /Article?article=<id>     one article (with the map token the sidebar links carry)

Every correction goes through the store, which keeps it and replays it after re-processing. The
controls show only with an edit link; the store refuses a read-only one anyway. Article text only
reaches the page as HTML built and escaped by web.highlight, or in tables and option lists, which
Streamlit shows as plain text.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

import settings
from review import candidates as cands
from review import events as ev
from review.locate import BadCoordinates, pinned_place
from review.places import distinct_mentions, place_label, records, resolved_places
from store import Access, EventFilter, NotFound, PermissionDenied, Store
from web import highlight, mapview
from web.context import current_access, link_params, require_edit
from web.nav import nav
from web.resources import load_gazetteer, load_store

ARTICLE_PARAM = "article"
_FLASH = "cm_article_flash"
EVENT_TABLE = ["id", "reviewed", "origin", "event_type", "sub_event_type", "event_date", "actor1",
               "actor2", "fatalities", "injuries", "location", "admin1", "country", "background",
               "sentence"]
PLACE_TABLE = ["id", "reviewed", "text", "name", "admin1", "country_code", "feature", "lat", "lon",
               "score", "note"]


# -- small helpers ---------------------------------------------------------------------------------

def flash(message: str) -> None:
    """A message for the next run (writes end with st.rerun so every table shows the change)."""
    st.session_state[_FLASH] = message


def show_flash() -> None:
    if _FLASH in st.session_state:
        st.success(st.session_state.pop(_FLASH))


def write(action, message: str, access: Access, *args, **kwargs) -> None:
    """Run a store write; on success say ``message`` after a rerun, else show why it failed."""
    try:
        action(access, *args, **kwargs)
    except (PermissionDenied, NotFound, ValueError) as exc:
        st.error(str(exc))
        return
    map_changed(access)
    flash(message)
    st.rerun()


def map_changed(access: Access) -> None:
    """Re-prepare the map (and its stored snapshot) for its next visitor, in the background."""
    mapview.warm(load_store(), access.map_id)


def gazetteer_or_none():
    """The gazetteer when its index exists (never a slow build from this page)."""
    if not Path(settings.get("GAZETTEER_PATH")).exists():
        return None
    return load_gazetteer()


def short(text: str | None, limit: int = 90) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[:limit - 3] + "..."


def now(description: str) -> None:
    """What the chosen item is now; its text may come from the article, so it goes out escaped."""
    st.html(f'<div class="cm-now" style="color:#555;font-size:.9em">Now: '
            f"{highlight.esc(description)}</div>")


def _open_chosen() -> None:
    chosen = st.session_state.get("open_article")
    if chosen is not None:
        st.query_params[ARTICLE_PARAM] = str(chosen)


def _close_article() -> None:
    if ARTICLE_PARAM in st.query_params:
        del st.query_params[ARTICLE_PARAM]


# -- the list of articles --------------------------------------------------------------------------

def list_view(store: Store, access: Access) -> None:
    st.title("Articles")
    show_flash()
    frame = store.articles_frame(access.map_id)
    if frame.empty:
        st.info("No articles on this map yet: add some on the Upload page.")
        return
    params = link_params(access)
    titles = {int(r.id): r.title or r.source or f"article {r.id}" for r in frame.itertuples()}
    table = pd.DataFrame({
        "open": [f"Article?{urlencode({ARTICLE_PARAM: int(i), **params})}" for i in frame["id"]],
        "title": [titles[int(i)] for i in frame["id"]],
        "source": frame["source"], "published": frame["published"],
        "events": frame["n_events"], "places": frame["n_places"],
        "warnings": ["; ".join(json.loads(w or "[]")) for w in frame["warnings"]],
    })
    st.dataframe(table, hide_index=True, key="articles_table", column_config={
        "open": st.column_config.LinkColumn("Open", display_text="Open", width="small"),
        "title": st.column_config.TextColumn("Title", width="large")})
    st.selectbox("Open an article", list(titles), index=None, key="open_article",
                 format_func=lambda i: f"#{i} {titles[i][:100]}", on_change=_open_chosen,
                 placeholder="Choose an article")


# -- events ----------------------------------------------------------------------------------------

def event_form(store: Store, access: Access, row: dict, options: dict[str, dict], gaz) -> None:
    eid = int(row["id"])
    types = ev.event_types(row["event_type"])
    etype = st.selectbox("Event type", types, index=types.index(row["event_type"]),
                         key=f"ev{eid}_type")
    with st.form(f"ev{eid}_form"):
        subs = ev.sub_event_types(etype, row["sub_event_type"] if etype == row["event_type"]
                                  else None)
        sub = st.selectbox("Sub-event type", subs, key=f"ev{eid}_sub_{highlight.type_class(etype)}",
                           index=subs.index(row["sub_event_type"])
                           if row["sub_event_type"] in subs else 0)
        left, right = st.columns(2)
        day = left.date_input("Date", value=row["event_date"], format="YYYY-MM-DD",
                              key=f"ev{eid}_date")
        where = right.selectbox("Move to place", ["", *options], key=f"ev{eid}_where",
                                format_func=lambda k: place_label(options[k]) if k else
                                "(keep the current location)")
        actor1 = left.text_input("Actor 1", value=row["actor1"] or "", key=f"ev{eid}_actor1")
        actor2 = right.text_input("Actor 2", value=row["actor2"] or "", key=f"ev{eid}_actor2")
        fatalities = left.number_input("Fatalities", min_value=0, step=1, value=row["fatalities"],
                                       key=f"ev{eid}_fatalities")
        injuries = right.number_input("Injuries", min_value=0, step=1, value=row["injuries"],
                                      key=f"ev{eid}_injuries")
        saved = st.form_submit_button("Save and mark reviewed", key=f"ev{eid}_save",
                                      type="primary")
    if saved:
        changes = ev.changed_fields(row, {
            "event_type": etype, "sub_event_type": sub,
            "disorder_type": ev.disorder_type(etype, sub), "event_date": day, "actor1": actor1,
            "actor2": actor2, "fatalities": fatalities, "injuries": injuries})
        if {"actor1", "actor2", "event_type"} & set(changes):
            # The codes follow the actors (an edited actor must not keep the old one's inter).
            changes.update(ev.changed_fields(row, ev.actor_codes(etype, actor1, actor2)))
        changes.update(ev.event_location(options.get(where), "", gaz))
        write(store.correct_event, f"Event #{eid} saved and marked reviewed.", access, eid,
              **changes)
    with st.form(f"ev{eid}_delete_form"):
        sure = st.checkbox("Yes, this is not a real event", key=f"ev{eid}_sure")
        delete = st.form_submit_button("Delete this event", key=f"ev{eid}_delete")
    if delete:
        if not sure:
            st.warning("Tick the box to confirm the deletion.")
        else:
            write(store.delete_event, f"Event #{eid} deleted; re-processing will not bring it "
                  "back.", access, eid)


def add_event_form(store: Store, access: Access, art, options: dict[str, dict], gaz) -> None:
    etype = st.selectbox("Event type", ev.event_types(), key="add_type")
    with st.form("add_form"):
        subs = ev.sub_event_types(etype)
        sub = st.selectbox("Sub-event type", subs, key=f"add_sub_{highlight.type_class(etype)}")
        left, right = st.columns(2)
        day = left.date_input("Date", value=art.published, format="YYYY-MM-DD",
                               key="add_date")
        where = right.selectbox("Place", ["", *options], key="add_where",
                                format_func=lambda k: place_label(options[k]) if k else
                                "(none, or type coordinates)")
        typed = right.text_input("or coordinates: latitude, longitude", key="add_latlon")
        actor1 = left.text_input("Actor 1", key="add_actor1")
        actor2 = right.text_input("Actor 2", key="add_actor2")
        fatalities = left.number_input("Fatalities", min_value=0, step=1, value=None,
                                       key="add_fatalities")
        injuries = right.number_input("Injuries", min_value=0, step=1, value=None,
                                      key="add_injuries")
        sentence = st.text_area("The sentence reporting it (copy it from the article)",
                                key="add_sentence")
        added = st.form_submit_button("Add event", key="add_submit", type="primary")
    if not added:
        return
    try:
        location = ev.event_location(options.get(where), typed, gaz)
    except BadCoordinates as exc:
        st.error(str(exc))
        return
    values, found = ev.new_event(
        art.text, event_type=etype, sub_event_type=sub, event_date=day, actor1=actor1,
        actor2=actor2, fatalities=fatalities, injuries=injuries, sentence=sentence,
        location=location)
    note = "" if found or not sentence.strip() else (
        " Its sentence is not in the article's text, so it is not highlighted.")
    write(store.add_event, f"Event added.{note}", access, art.id, **values)


def events_section(store: Store, access: Access, art, events: pd.DataFrame,
                   places: pd.DataFrame, gaz) -> None:
    if events.empty:
        st.caption("No events were found in this article.")
    else:
        st.dataframe(events[EVENT_TABLE], hide_index=True, key="events_table", column_config={
            "reviewed": st.column_config.CheckboxColumn("Reviewed"),
            "background": st.column_config.CheckboxColumn("Background")})
    if not access.can_edit:
        return
    options = resolved_places(records(places))
    rows = {int(r["id"]): r for r in records(events)}
    if rows:
        st.subheader("Fix an event")
        # Labels that a correction does not change: a stale label would outlive the rerun.
        eid = st.selectbox("Event", list(rows), key="event_pick", format_func=lambda i: (
            f"#{i}: {short(rows[i]['sentence']) or 'added by a reviewer'}"))
        now(highlight.event_tooltip(rows[eid]))
        event_form(store, access, rows[eid], options, gaz)
    st.subheader("Add a missed event")
    add_event_form(store, access, art, options, gaz)


# -- places ----------------------------------------------------------------------------------------

def pin_map(pid: int, point: tuple[float, float] | None,
            around: list[tuple[float, float]]) -> tuple[float, float] | None:
    """A small map to click on, on the mention's point or else the article's other places; the
    last click, or None (also when the map's scripts are not installed)."""
    import folium
    from streamlit_folium import st_folium

    from maps.assets import localize, missing_assets
    from maps.build import add_boundaries, base_map

    m = base_map()
    view = [point] if point else around
    if point:
        folium.Marker(point, tooltip="current point").add_to(m)
    if view:
        lats, lons = [p[0] for p in view], [p[1] for p in view]
        m.fit_bounds([(min(lats), min(lons)), (max(lats), max(lons))], max_zoom=8)
        add_boundaries(m, (min(lats), min(lons), max(lats), max(lons)))
    else:
        add_boundaries(m, None)
    m = localize(m)
    if missing_assets(m):
        st.caption("The map is not installed (scripts/install.sh): type the coordinates.")
        return None
    out = st_folium(m, height=320, returned_objects=["last_clicked"], key=f"pin_map_{pid}",
                    use_container_width=True)
    clicked = (out or {}).get("last_clicked")
    return (round(clicked["lat"], 5), round(clicked["lng"], 5)) if clicked else None


def choose_form(store: Store, access: Access, pid: int, choices: list, key: str) -> None:
    by_id = {c.geonameid: c for c in choices}
    with st.form(f"{key}_choose_form"):
        gid = st.selectbox("Gazetteer entry", list(by_id), key=f"{key}_pick",
                           format_func=lambda g: by_id[g].label())
        use = st.form_submit_button("Use this place", key=f"{key}_use", type="primary")
    if use:
        write(store.correct_place, "Place corrected; its mentions and events moved with it.",
              access, pid, **by_id[gid].place_fields())


def place_fixer(store: Store, access: Access, row: dict, around: list[tuple[float, float]],
                gaz) -> None:
    pid = int(row["id"])
    near = (row["lat"], row["lon"]) if row["lat"] is not None and row["lon"] is not None else None
    how = st.radio("How", ["candidates", "search", "pin"], horizontal=True, key="place_how",
                   format_func={"candidates": "Other candidates", "search": "Search another name",
                                "pin": "Drop a pin or type coordinates"}.get)
    if how == "candidates":
        order = cands.NEAREST if near else cands.BEST
        if near:
            order = st.radio("Order", [cands.NEAREST, cands.BEST], horizontal=True,
                             key="cand_order", format_func={
                                 cands.NEAREST: "nearest to the current point first",
                                 cands.BEST: "best match first"}.get)
        choices = cands.candidates(gaz, row["text"], near=near, order=order,
                                   current_id=row["geonameid"])
        if not choices:
            st.info("The gazetteer has no entry by this name: search another name or drop a pin.")
            return
        st.dataframe(pd.DataFrame([{
            "name": c.name, "admin1": c.admin1, "country": c.country, "population": c.population,
            "feature": c.feature, "km from current": None if c.distance_km is None
            else round(c.distance_km), "current": c.current} for c in choices]),
            hide_index=True, key=f"cand_{pid}_table")
        choose_form(store, access, pid, choices, f"cand_{pid}")
    elif how == "search":
        with st.form(f"search_{pid}_form"):
            name = st.text_input("Name", key=f"search_{pid}_name")
            country = st.text_input("Country code (optional, e.g. IQ)", max_chars=2,
                                    key=f"search_{pid}_country")
            go = st.form_submit_button("Search the gazetteer", key=f"search_{pid}_go")
        if go:
            st.session_state[f"search_{pid}_hits"] = cands.candidates(
                gaz, name, near=near, order=cands.BEST, country=country.strip() or None,
                current_id=row["geonameid"])
        hits = st.session_state.get(f"search_{pid}_hits")
        if hits == []:
            st.info("Nothing in the gazetteer by that name.")
        elif hits:
            choose_form(store, access, pid, hits, f"search_{pid}")
    else:
        clicked = pin_map(pid, near, around)
        start = clicked or near
        default = f"{start[0]}, {start[1]}" if start else ""
        with st.form(f"pin_{pid}_form"):
            typed = st.text_input("Latitude, longitude", value=default,
                                  key=f"pin_{pid}_latlon_{default}")
            name = st.text_input("Name", value=row["name"] or row["text"], key=f"pin_{pid}_name")
            put = st.form_submit_button("Put the place here", key=f"pin_{pid}_go", type="primary")
        if put:
            try:
                fields = pinned_place(typed, name.strip() or row["text"], gaz)
            except BadCoordinates as exc:
                st.error(str(exc))
                return
            write(store.correct_place, "Place moved to the given point.", access, pid, **fields)


def places_section(store: Store, access: Access, places: pd.DataFrame, gaz) -> None:
    if places.empty:
        st.caption("No place names were found in this article.")
        return
    st.dataframe(places[PLACE_TABLE], hide_index=True, key="places_table", column_config={
        "reviewed": st.column_config.CheckboxColumn("Reviewed")})
    if not access.can_edit:
        return
    st.subheader("Fix a place")
    if gaz is None:
        st.error("No gazetteer index: run `bash scripts/install.sh` to correct places.")
        return
    mentions = distinct_mentions(records(places))
    pid = st.selectbox("Mention", list(mentions), key="place_pick", format_func=lambda i: (
        f"{mentions[i]['text']} (character {mentions[i]['start']})"))
    chosen = highlight.place_marks([mentions[pid]], lambda code: cands.country_name(gaz, code))
    where = mentions[pid]
    point = (f" ({where['lat']:.4f}, {where['lon']:.4f})" if where["lat"] is not None else "")
    now(chosen[0].tooltip + point)
    around = [(r["lat"], r["lon"]) for r in mentions.values() if r["lat"] is not None]
    place_fixer(store, access, mentions[pid], around, gaz)


# -- the article -----------------------------------------------------------------------------------

def reprocess(store: Store, access: Access, art) -> None:
    from extract.nlp import ModelMissing
    from extract.pipeline import process
    from extract.types import Article
    from gazetteer import GazetteerMissing
    from web.resources import load_nlp

    try:
        with st.spinner("Extracting places and events again..."):
            result = process(Article(id=str(art.id), text=art.text, published=art.published,
                                     title=art.title, url=art.url),
                             nlp=load_nlp(), gazetteer=load_gazetteer())
    except (ModelMissing, GazetteerMissing) as exc:
        st.error(str(exc))
        return
    n_corrections = len(store.corrections(access.map_id, art.id))
    try:
        outcome = store.reprocess(access, art.id, result)
    except (PermissionDenied, NotFound) as exc:
        st.error(str(exc))
        return
    map_changed(access)
    events = store.events_frame(access.map_id, EventFilter(article_ids=(art.id,)))
    places = store.places(access.map_id, art.id)
    flash(f"Re-processed with the current pipeline: {outcome.n_places} places and "
          f"{outcome.n_events} events. {n_corrections} correction(s) re-applied: "
          f"{int(events['reviewed'].sum())} event(s) and {int(places['reviewed'].sum())} "
          "place(s) are marked reviewed.")
    st.rerun()


def article_actions(store: Store, access: Access, art) -> None:
    st.caption("Run today's extraction on this text again; your corrections are re-applied.")
    if st.button("Re-process the article", key="reprocess"):
        reprocess(store, access, art)
    st.divider()
    with st.form("delete_article_form"):
        sure = st.checkbox("Yes, delete this article with its places, events and corrections",
                           key="delete_article_sure")
        delete = st.form_submit_button("Delete the article", key="delete_article")
    if delete:
        if not sure:
            st.warning("Tick the box to confirm the deletion.")
            return
        try:
            store.delete_article(access, art.id)
        except (PermissionDenied, NotFound) as exc:
            st.error(str(exc))
            return
        map_changed(access)
        _close_article()
        flash("Article deleted.")
        st.rerun()


def article_view(store: Store, access: Access, article_id: int) -> None:
    try:
        art = store.article(access.map_id, article_id)
    except NotFound:
        st.warning(f"There is no article {article_id} on this map.")
        list_view(store, access)
        return
    st.button("All articles", icon=":material/arrow_back:", key="back", on_click=_close_article)
    show_flash()
    gaz = gazetteer_or_none()
    places = store.places(access.map_id, article_id)
    events = store.events_frame(access.map_id, EventFilter(article_ids=(article_id,)))
    st.html(highlight.render_header(art.title, art.url, art.published, art.source, art.warnings,
                                    date_found=art.date_found,
                                    fallback_title=f"Article {article_id}"))
    resolved = int(places["lat"].notna().sum()) if not places.empty else 0
    st.caption(f"{len(places)} place mentions ({resolved} resolved, "
               f"{int(places['reviewed'].sum()) if not places.empty else 0} reviewed); "
               f"{len(events)} events ({int(events['reviewed'].sum()) if not events.empty else 0}"
               " reviewed). Hover over a highlight for details.")
    st.html(highlight.render_legend(sorted(set(events["event_type"].dropna()))))
    country = lambda code: cands.country_name(gaz, code)  # noqa: E731
    st.html(highlight.render_text(art.text, highlight.place_marks(records(places), country),
                                  highlight.event_marks(records(events))))
    can_edit = require_edit(access)
    # Keyed and tracked, so the open tab stays open after a correction reruns the page.
    tabs = st.tabs(["Events", "Places", "Corrections"] + (["Article"] if can_edit else []),
                   key="article_tab", on_change="rerun")
    with tabs[0]:
        events_section(store, access, art, events, places, gaz)
    with tabs[1]:
        places_section(store, access, places, gaz)
    with tabs[2]:
        done = store.corrections(access.map_id, article_id)
        if not done:
            st.caption("No corrections yet.")
        else:
            st.dataframe(pd.DataFrame([ev.correction_summary(c, art.text) for c in done]),
                         hide_index=True, key="corrections_table")
    if can_edit:
        with tabs[3]:
            article_actions(store, access, art)


def main() -> None:
    access = current_access()
    nav(access)
    store = load_store()
    raw = st.query_params.get(ARTICLE_PARAM)
    if not raw:
        list_view(store, access)
        return
    try:
        article_id = int(raw)
    except ValueError:
        st.warning("The article in this link is not a number.")
        list_view(store, access)
        return
    article_view(store, access, article_id)


st.set_page_config(page_title="Article - ConflictMap", layout="wide")
main()
