"""The sidebar filters shared by the map, events and export pages, mirrored in the URL.

The widgets start from the query string (so a shared link opens on the sender's filters) and
write their values back to it on every run (so the address bar is always a link to this view).
"""

from __future__ import annotations

from dataclasses import fields
import streamlit as st

from store import EventFilter, FilterOptions, Store
from web import snapshots

FILTER_PARAMS = tuple(f.name for f in fields(EventFilter))
# The Article filter lists at most this many (the most recently added, plus any the URL picks):
# a multiselect sends every option to the browser on every run, and a map of 16,667 articles
# made that 0.6 MB of labels before the map itself.
MAX_ARTICLE_CHOICES = 500


def sync_query_params(flt: EventFilter) -> None:
    """Replace the filter part of the URL with ``flt``, leaving other parameters alone."""
    wanted = flt.to_params()
    for name in FILTER_PARAMS:
        if name in wanted:
            if st.query_params.get(name) != wanted[name]:
                st.query_params[name] = wanted[name]
        elif name in st.query_params:
            del st.query_params[name]


def _kept(values: tuple, offered: list) -> list:
    """URL values the map still offers (a stale link must not break the widget)."""
    return [v for v in values if v in offered]


@st.cache_data(max_entries=16, show_spinner=False)
def _options(_store: Store, url: str, map_id: int, version: tuple) -> FilterOptions:
    snap = snapshots.get(_store, map_id, version)  # what the map's writer stored with its data
    return snap.options if snap is not None else _store.filter_options(map_id)


def filter_options(store: Store, map_id: int, version: tuple | None = None) -> FilterOptions:
    """The sidebar's choices, recomputed only when the map's data changes (``version``: the
    map's ``Store.data_version`` when the page already has it)."""
    if version is None:
        version = store.data_version(map_id)
    return _options(store, str(store.engine.url), map_id, version)


def article_choices(article_ids: list[int], chosen: tuple[int, ...],
                    limit: int = MAX_ARTICLE_CHOICES) -> list[int]:
    """The articles the Article filter offers: the ``limit`` most recent of ``article_ids``
    (oldest first, as the store lists them), with the ``chosen`` ones always among them."""
    if len(article_ids) <= limit:
        return article_ids
    recent = article_ids[-limit:]
    known = set(article_ids)
    shown = set(recent)
    extra = [i for i in chosen if i in known and i not in shown]
    return sorted(extra) + recent


def sidebar_filters(store: Store, map_id: int, *, key: str = "flt",
                    version: tuple | None = None) -> EventFilter:
    options: FilterOptions = filter_options(store, map_id, version)
    start = EventFilter.from_params(st.query_params)
    sb = st.sidebar
    sb.header("Filters")
    date_from = date_to = None
    if options.date_min and options.date_max:
        lo, hi = options.date_min, options.date_max
        chosen = sb.date_input(
            "Dates", key=f"{key}_dates", min_value=lo, max_value=hi, format="YYYY-MM-DD",
            value=(max(lo, start.date_from or lo), min(hi, start.date_to or hi)))
        if isinstance(chosen, (tuple, list)) and len(chosen) == 2:
            date_from = chosen[0] if chosen[0] != lo else None
            date_to = chosen[1] if chosen[1] != hi else None
    event_types = sb.multiselect("Event type", options.event_types, key=f"{key}_types",
                                 default=_kept(start.event_types, options.event_types))
    actors = sb.multiselect("Actor", options.actors, key=f"{key}_actors",
                            default=_kept(start.actors, options.actors))
    countries = sb.multiselect("Country", options.countries, key=f"{key}_countries",
                               default=_kept(start.countries, options.countries))
    admin1 = sb.multiselect("Region (admin1)", options.admin1, key=f"{key}_admin1",
                            default=_kept(start.admin1, options.admin1))
    min_fatalities = int(sb.number_input(
        "Minimum fatalities", min_value=0, max_value=max(options.max_fatalities, 0) or 100000,
        step=1, key=f"{key}_minfat", value=min(start.min_fatalities,
                                               max(options.max_fatalities, 0) or 100000)))
    labels = dict(options.articles)
    offered = article_choices(list(labels), start.article_ids)
    article_ids = sb.multiselect(
        "Article", offered, key=f"{key}_articles", default=_kept(start.article_ids, offered),
        format_func=lambda i: labels.get(i, str(i))[:80],
        help=(f"The {MAX_ARTICLE_CHOICES:,} most recently added of {len(labels):,} articles. "
              "The Events page links every event to its article."
              if len(offered) < len(labels) else None))
    text = sb.text_input("Words in the sentence, place or actors", key=f"{key}_text",
                         value=start.text)
    include_background = sb.checkbox(
        "Include background events", key=f"{key}_background", value=start.include_background,
        help="Events an article mentions as context rather than as that day's news.")
    flt = EventFilter(date_from=date_from, date_to=date_to, event_types=tuple(event_types),
                      actors=tuple(actors), countries=tuple(countries), admin1=tuple(admin1),
                      min_fatalities=min_fatalities, article_ids=tuple(article_ids),
                      include_background=include_background, text=text.strip())
    sync_query_params(flt)
    return flt


def describe(flt: EventFilter) -> str:
    """A one-line summary of the active filters, for captions and exported files."""
    if flt.is_empty():
        return "all events"
    parts = []
    if flt.date_from or flt.date_to:
        parts.append(f"{flt.date_from or '...'} to {flt.date_to or '...'}")
    for name, label in (("event_types", "type"), ("actors", "actor"), ("countries", "country"),
                        ("admin1", "region")):
        values = getattr(flt, name)
        if values:
            parts.append(f"{label}: {', '.join(values)}")
    if flt.min_fatalities:
        parts.append(f"fatalities >= {flt.min_fatalities}")
    if flt.article_ids:
        parts.append(f"{len(flt.article_ids)} article(s)")
    if flt.text:
        parts.append(f"'{flt.text}'")
    if not flt.include_background:
        parts.append("no background events")
    return "; ".join(parts)

