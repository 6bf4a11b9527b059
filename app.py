"""ConflictMap: add news articles to a map — upload files, give a URL or paste text.

    streamlit run app.py

The start page. Articles are read by ``ingest`` (files, URLs, batch files), extracted by
``extract.pipeline`` (places, then events) and stored by ``store`` on the visitor's map; the
Map, Events and Articles pages read them back from there.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import pandas as pd
import streamlit as st
from sqlalchemy.exc import DataError
from streamlit_folium import st_folium

import settings
from extract.types import Article, ArticleResult
from maps import build_map, missing_assets
from store import Access, NotFound, PermissionDenied, Store
from store.jobs import FAILED, PENDING
from web.context import current_access, remember_map, share_url
from web.nav import nav
from web.resources import load_gazetteer, load_nlp, load_store
from web.text import md_escape

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
DEMO_TITLE = "Attacks near Ramadi and on the Fallujah highway; protests in Mosul (demo)"

CREDITS = (
    "Place names: [GeoNames](https://www.geonames.org/) (CC-BY 4.0). "
    "Boundaries: [Natural Earth](https://www.naturalearthdata.com/) (public domain). "
    "Map tiles and data © [OpenStreetMap](https://www.openstreetmap.org/copyright) contributors. "
    "Map: [Leaflet](https://leafletjs.com/) via folium."
)
UPLOAD_TYPES = ["txt", "md", "html", "htm", "pdf", "docx", "jsonl", "json", "csv", "tsv", "zip"]
NOT_ENGLISH = "does not look English"


@dataclass(frozen=True)
class Outcome:
    """What happened to one article of an upload, as listed to the user."""

    source: str
    title: str | None
    status: str              # added, already on the map, not added, failed
    events: int = 0
    places: int = 0
    message: str = ""
    article_id: int | None = None


def extract_one(text: str, published: date | None, title: str | None = None,
                url: str | None = None) -> ArticleResult:
    from extract.pipeline import process

    article = Article(id="upload", text=text, published=published, title=title, url=url)
    return process(article, nlp=load_nlp(), gazetteer=load_gazetteer())


def add_drafts(access: Access, drafts: list, progress=None) -> tuple[list[Outcome], list]:
    """Extract and store each draft; one failing article never stops the others."""
    store = load_store()
    max_chars = int(settings.get("MAX_ARTICLE_CHARS"))
    outcomes: list[Outcome] = []
    results: list[ArticleResult] = []
    for n, draft in enumerate(drafts, start=1):
        _step(progress, n, len(drafts), draft.source)
        outcome, result = add_one(store, access, draft, max_chars)
        outcomes.append(outcome)
        if result is not None:
            results.append(result)
    _step(progress, None, len(drafts))
    return outcomes, results


def run_job(access: Access, job_id: int, progress=None) -> tuple[list[Outcome], list]:
    """Add an upload job's pending drafts to the map, each marked done or failed in the store
    as soon as it is, so a run cut short anywhere leaves the rest for a resume."""
    store = load_store()
    # Loaded before the loop: a missing model or gazetteer stops the batch with its fix,
    # instead of failing every draft one by one.
    load_nlp()
    load_gazetteer()
    max_chars = int(settings.get("MAX_ARTICLE_CHARS"))
    todo = store.job_items(access.map_id, job_id)
    outcomes: list[Outcome] = []
    results: list[ArticleResult] = []
    for n, item in enumerate(todo, start=1):
        _step(progress, n, len(todo), item.source)
        item = store.start_item(access, item.id)
        if item.status != PENDING:  # given up after runs died on it, or done by another tab
            outcomes.append(Outcome(item.source, item.title, item.status, message=item.message))
            continue
        outcome, result = add_one(store, access, item, max_chars)
        outcomes.append(outcome)
        if outcome.status == "failed":
            store.mark_failed(access, item.id, outcome.message)
            continue
        store.mark_done(access, item.id, "; ".join(filter(None, [outcome.status,
                                                                  outcome.message])),
                        outcome.article_id)
        if result is not None:
            results.append(result)
    store.close_job(access, job_id)
    _step(progress, None, len(todo))
    return outcomes, results


def _step(progress, n: int | None, total: int, source: str = "") -> None:
    if progress is None:
        return
    if n is None:
        progress.progress(1.0, text=f"Done: {total} article(s)")
    else:
        progress.progress((n - 1) / total, text=f"Extracting {n} of {total}: {source}")


def add_one(store: Store, access: Access, draft, max_chars: int
            ) -> tuple[Outcome, ArticleResult | None]:
    """Extract and store one draft; the result comes back only for a newly added article."""
    title = draft.title
    if not draft.text.strip():
        return Outcome(draft.source, title, "not added", message="empty text"), None
    if len(draft.text) > max_chars:
        return Outcome(draft.source, title, "not added", message=(
            f"{len(draft.text):,} characters; the limit is {max_chars:,} "
            "(setting MAX_ARTICLE_CHARS)")), None
    existing = store.find_article(access.map_id, draft.text)
    if existing is not None:
        return Outcome(draft.source, title, "already on the map", message=f"article {existing}",
                       article_id=existing), None
    try:
        result = extract_one(draft.text, draft.published, title, draft.url)
    except Exception as exc:  # noqa: BLE001 - reported per article; the batch goes on
        return Outcome(draft.source, title, "failed", message=f"{type(exc).__name__}: {exc}"), None
    warnings = list(result.warnings)
    if any(NOT_ENGLISH in w for w in warnings):
        # Not stored: a map of mis-geocoded words would be worse than no map.
        return Outcome(draft.source, title, "not added", message="; ".join(warnings)), None
    if draft.published is not None and not draft.date_found:
        warnings = [w for w in warnings if not w.startswith("no publication date")]
        warnings.append(f"no publication date in the document; {draft.published} was used")
        result = replace(result, warnings=warnings)
    try:
        added = store.add_article(access, result, source=draft.source,
                                  date_found=draft.date_found, external_id=draft.external_id)
    except DataError as exc:  # this article's values (an over-long id); a lost database raises
        return Outcome(draft.source, title, "failed", message=f"not storable: {exc.orig}"), None
    outcome = Outcome(draft.source, title, "added" if added.created else "already on the map",
                      added.n_events, added.n_places, "; ".join(warnings), added.article_id)
    return outcome, result if added.created else None


def _outcome_table(outcomes: list[Outcome]) -> pd.DataFrame:
    return pd.DataFrame([o.__dict__ for o in outcomes],  # article_id stays out of the table
                        columns=["source", "title", "status", "events", "places", "message"])


def show_outcomes(outcomes: list[Outcome], results: list[ArticleResult]) -> None:
    added = sum(o.status == "added" for o in outcomes)
    events = sum(o.events for o in outcomes if o.status == "added")
    st.subheader(f"{added} article(s) added, {events} event(s)")
    st.dataframe(_outcome_table(outcomes), hide_index=True, key="outcomes")
    places = [p for r in results for p in r.places]
    found = [e for r in results for e in r.events]
    if not (places or found):
        return
    m = build_map(places, found)
    missing = missing_assets(m)
    if missing:
        st.error(f"The map's JavaScript/CSS is not installed ({', '.join(missing[:3])} ...): "
                 "run `bash scripts/install.sh`.")
        offer_setup()
        return
    st.caption("Places and events of this upload. The Map page shows the whole map.")
    st_folium(m, returned_objects=[], height=480, use_container_width=True, key="upload_map")


def _drafts_from_inputs(files, url: str) -> tuple[list, list]:
    """Read uploaded files and a URL into drafts; problems come back as messages."""
    from ingest import Limits, fetch_url, read_files

    limits = Limits.from_settings()
    drafts, problems = [], []
    if files:
        result = read_files([(f.name, f.getvalue()) for f in files], limits)
        drafts += result.drafts
        problems += result.problems
    if url.strip():
        result = fetch_url(url.strip(), limits=limits)
        drafts += result.drafts
        problems += result.problems
    return drafts, problems


def _with_dates(drafts: list, edited: pd.DataFrame | None) -> list:
    """Apply the dates (and inclusion) the user set in the review table."""
    if edited is None:
        return drafts
    out = []
    for draft, (_, row) in zip(drafts, edited.iterrows()):
        if not row.get("add", True):
            continue
        published = row.get("published")
        if isinstance(published, pd.Timestamp):
            published = published.date()
        if published is not None and pd.isna(published):
            published = None
        if published != draft.published:
            draft = replace(draft, published=published, date_found=False)
        out.append(draft)
    return out


def _job_name(files, url: str) -> str:
    names = [f.name for f in files or []] + ([url.strip()] if url.strip() else [])
    more = f" and {len(names) - 3} more" if len(names) > 3 else ""
    return ", ".join(names[:3]) + more


def jobs_section(access: Access) -> None:
    """Batches of this map cut short or with failures: resume, retry the failed, or discard."""
    store = load_store()
    for job in store.open_jobs(access.map_id):
        with st.container(border=True):
            st.markdown(f"**Batch '{md_escape(job.name)}'** (started "
                        f"{job.created_at:%Y-%m-%d %H:%M} UTC): {job.done} of {job.total} "
                        f"done, {job.failed} failed")
            if job.failed:
                failed = store.job_items(access.map_id, job.id, status=FAILED)
                with st.expander(f"Failed articles ({job.failed}) and why"):
                    st.dataframe(pd.DataFrame(
                        [(i.source, i.title, i.message) for i in failed],
                        columns=["source", "title", "reason"]),
                        hide_index=True, key=f"failed_{job.id}")
            left, middle, right = st.columns(3)
            resume = bool(job.pending) and left.button(
                f"Resume ({job.pending} left)", key=f"resume_{job.id}", type="primary")
            retry = bool(job.failed) and middle.button(
                f"Retry the {job.failed} failed", key=f"retry_{job.id}",
                help="Failed articles are not retried by Resume.")
            if right.button("Discard", key=f"discard_{job.id}",
                            help="Forget the articles not yet done; those added stay on the map."):
                store.discard_job(access, job.id)
                st.rerun()
            if retry:
                store.retry_failed(access, job.id)
            if resume or retry:
                _run_job(access, job.id)


def _date_origin(draft) -> str:
    """Where an upload's publication date came from, for the table the user checks."""
    if draft.date_found:
        return "document"
    return "file name (check it)" if draft.published is not None else "today (edit it)"


def upload_section(access: Access) -> None:
    jobs_section(access)
    st.subheader("Add articles")
    tab_files, tab_paste = st.tabs(["Files or a web address", "Paste text"])
    with tab_files:
        files = st.file_uploader(
            "Articles: .txt .md .html .pdf .docx, or many at once in .jsonl/.json/.csv/.tsv/.zip "
            "(a 'text' column)", type=UPLOAD_TYPES, accept_multiple_files=True, key="files")
        url = st.text_input("Or a web address (fetched by the server)", key="url",
                            placeholder="https://...")
        if files or url.strip():
            drafts, problems = _drafts_from_inputs(files, url)
            for problem in problems:
                st.warning(f"{problem.source}: {problem.message}")
            if drafts:
                today = date.today()
                table = pd.DataFrame({
                    "add": [True] * len(drafts),
                    "source": [d.source for d in drafts],
                    "title": [d.title or "" for d in drafts],
                    "published": [d.published or today for d in drafts],
                    "date from": [_date_origin(d) for d in drafts],
                    "characters": [len(d.text) for d in drafts],
                })
                st.caption("Check the publication dates: relative dates in the text ('on "
                           "Tuesday') are counted from them.")
                edited = st.data_editor(
                    table, hide_index=True, key="drafts_table",
                    disabled=["source", "title", "date from", "characters"],
                    column_config={"published": st.column_config.DateColumn(
                        "published", format="YYYY-MM-DD")})
                if st.button(f"Extract {len(drafts)} article(s) and add to the map",
                             type="primary", key="run_files"):
                    chosen = _with_dates(drafts, edited)
                    if chosen:
                        job_id = load_store().start_job(access, _job_name(files, url), chosen)
                        _run_job(access, job_id)
    with tab_paste:
        st.button("Load demo article", key="demo", on_click=_load_demo)
        st.text_input("Title (optional)", key="article_title")
        text = st.text_area("Article text", key="article_text", height=240,
                            placeholder="Paste the text of a news article here.")
        published = st.date_input("Publication date", key="published", format="YYYY-MM-DD",
                                  value=None,
                                  help="Anchors 'on Saturday' etc.; left empty, today is used.")
        if st.button("Extract", key="run", type="primary"):
            if not text.strip():
                st.info("Paste some text first, or load the demo article.")
            else:
                from ingest import read_text

                result = read_text(text)
                for problem in result.problems:
                    st.warning(f"{problem.source}: {problem.message}")
                title = st.session_state.get("article_title") or None
                drafts = [replace(d, title=title or d.title,
                                  published=published or d.published or date.today(),
                                  date_found=published is None and d.date_found)
                          for d in result.drafts]
                if drafts:
                    _run(access, drafts)


def _run(access: Access, drafts: list) -> None:
    from extract.nlp import ModelMissing
    from gazetteer import GazetteerMissing

    progress = st.progress(0.0, text="Starting...")
    try:
        outcomes, results = add_drafts(access, drafts, progress)
    except (ModelMissing, GazetteerMissing) as exc:
        st.error(str(exc))  # their messages say how to fix it
        return
    st.session_state["last_upload"] = (outcomes, results)
    _warm_map(access)


def _warm_map(access: Access) -> None:
    """The map's data changed: have the Map page's events, map data and sidebar choices ready
    for its next visitor (the events and map data are prepared in the background)."""
    from web import mapview
    from web.sidebar import filter_options

    store = load_store()
    filter_options(store, access.map_id, mapview.warm(store, access.map_id))


def _run_job(access: Access, job_id: int) -> None:
    from extract.nlp import ModelMissing
    from gazetteer import GazetteerMissing

    progress = st.progress(0.0, text="Starting...")
    try:
        outcomes, results = run_job(access, job_id, progress)
    except (ModelMissing, GazetteerMissing) as exc:
        st.error(str(exc))  # the drafts stay pending, to resume once it is fixed
        return
    except NotFound:
        st.warning("This batch was discarded while it ran (in another tab?): stopped.")
        return
    except PermissionDenied as exc:  # the edit link was replaced while the batch ran
        st.error(str(exc))
        return
    st.session_state["last_upload"] = (outcomes, results)
    _warm_map(access)
    st.rerun()  # the batch list above was drawn before this run


def _load_demo() -> None:
    st.session_state["article_text"] = DEMO_ARTICLE
    st.session_state["published"] = DEMO_PUBLISHED
    st.session_state["article_title"] = DEMO_TITLE


def share_section(access: Access) -> None:
    store = load_store()
    with st.expander("Maps and share links"):
        st.markdown("**Read-only link** (view, filter, export):")
        st.code(share_url(access), language=None)
        if access.can_edit:
            st.markdown("**Edit link** (add articles, correct, delete): share with care.")
            st.code(share_url(access, edit=True), language=None)
            if st.button("Replace the edit link (the old one stops working)", key="rotate"):
                remember_map(store.rotate_edit_token(access).edit_token)
                st.rerun()
        name = st.text_input("New map's name", key="new_map_name")
        if st.button("Create a new map", key="new_map"):
            info = store.create_map(name or "Untitled map")
            st.query_params.clear()  # the old map's filters
            remember_map(info.edit_token)
            st.rerun()


def offer_setup() -> None:
    """Hosts that install requirements.txt but run no setup script (Streamlit Community Cloud)
    can finish the install from here: npm assets and the gazetteer, about a minute."""
    if not st.button("Set up this server now", key="setup"):
        return
    import subprocess
    import sys

    with st.spinner("Fetching map assets and building the gazetteer..."):
        done = subprocess.run(["bash", str(settings.ROOT / "scripts" / "install.sh")],
                              env={**os.environ, "CONFLICTMAP_PYTHON": sys.executable},
                              capture_output=True, text=True, timeout=1800)
    if done.returncode == 0:
        st.success("Set up: reload the page.")
    else:
        st.error("Setup failed; its last lines:")
        st.code((done.stdout + done.stderr)[-3000:], language=None)


def main() -> None:
    st.set_page_config(page_title="ConflictMap", layout="wide")
    access = current_access(allow_none=True)
    nav(access)
    st.title("ConflictMap")
    st.caption("Add news articles; ConflictMap finds the places and conflict events they report "
               "and puts them on a map you can explore, correct, export and share.")

    gazetteer_path = Path(settings.get("GAZETTEER_PATH"))
    if not gazetteer_path.exists():
        st.error(f"No gazetteer at {gazetteer_path}: run `bash scripts/install.sh` "
                 "(or `.venv/bin/python -m extract gazetteer build`).")
        offer_setup()
        st.stop()
    if access is None:  # a shared deployment and no link: offer a map of one's own
        name = st.text_input("Name of your map", key="new_map_name")
        if st.button("Create a map", key="new_map", type="primary"):
            remember_map(load_store().create_map(name or "Untitled map").edit_token)
            st.rerun()
        st.stop()

    if access.can_edit:
        upload_section(access)
    else:
        st.info("This is a read-only link: open the Map, Events or Articles pages to explore.")
    if "last_upload" in st.session_state:
        show_outcomes(*st.session_state["last_upload"])
    share_section(access)
    st.divider()
    st.caption(CREDITS)


main()
