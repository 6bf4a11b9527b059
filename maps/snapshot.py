"""A map's unfiltered Map page, prepared when its data is written instead of when it is visited.

A first visit to a 50,000-event map spent about 0.9 s of its 3 s on the server: reading the
events (0.35 s), preparing the map data (0.2-0.3 s) and the sidebar's choices (0.3 s). Whoever
writes a big map's data (``extract run --db`` at its end, an upload in the app) has just spent
minutes on it and can spend that second once, storing the result beside the data
(``Store.save_snapshot``); the page then reads one row. A snapshot names the data version it
shows and is used only while the map still has that version: a change by anything that does not
publish one (a correction, an older writer) makes the page compute as before, never show stale
events.

The payload is a zip of Parquet and JSON (no pickle: a database shared with others must not be
able to run code in the app):

=================  =========================================================================
``meta.json``      format, version, counts, bounds, event types, sidebar choices
``events.json``    the map data's compact event columns (``EventMapData.json``)
``frame.parquet``  the page's events frame (``Store.map_frame``'s columns and dtypes)
``regions.parquet``  the per-region totals (GeoParquet), absent when the map has none
=================  =========================================================================
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import asdict, dataclass
from datetime import date

import geopandas as gpd
import pandas as pd

from maps.choropleth import RegionTotals
from maps.eventmap import FULL_SENTENCES_UP_TO, EventMapData, prepare
from store import FilterOptions, Store
from store.repository import typed_frame

FORMAT = 1
# Below this many events a visit prepares the map in well under 0.3 s: not worth a stored copy
# rewritten on every upload.
SNAPSHOT_FROM = 5_000


@dataclass(frozen=True)
class MapSnapshot:
    version: tuple
    frame: pd.DataFrame      # shared by every session: read it, never modify it
    data: EventMapData
    options: FilterOptions


def build(store: Store, map_id: int) -> MapSnapshot | None:
    """The map's unfiltered page as it is now; None when its data changed while being read."""
    version = store.data_version(map_id)
    frame = store.map_frame(map_id, texts_up_to=FULL_SENTENCES_UP_TO)
    options = store.filter_options(map_id)
    if store.data_version(map_id) != version:
        return None
    return MapSnapshot(version, frame, prepare(frame), options)


def _parquet(frame: pd.DataFrame) -> bytes:
    out = io.BytesIO()
    frame.to_parquet(out, index=False)
    return out.getvalue()


def encode(snap: MapSnapshot) -> bytes:
    data, options = snap.data, snap.options
    meta = {
        "format": FORMAT, "version": list(snap.version),
        "n_events": data.n_events, "n_points": data.n_points,
        "bounds": list(data.bounds) if data.bounds is not None else None,
        "types": data.types,
        "unmatched": data.totals.unmatched if data.totals is not None else None,
        "options": {k: (v.isoformat() if isinstance(v, date) else v)
                    for k, v in asdict(options).items()},
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("meta.json", json.dumps(meta, ensure_ascii=False))
        z.writestr("events.json", data.json)
        # Parquet compresses itself: stored, not deflated again.
        z.writestr("frame.parquet", _parquet(snap.frame), zipfile.ZIP_STORED)
        if data.totals is not None:
            z.writestr("regions.parquet", _parquet(data.totals.regions), zipfile.ZIP_STORED)
    return out.getvalue()


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def decode(raw: bytes) -> MapSnapshot:
    """The snapshot in ``raw``; ValueError when it is damaged or of another format."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            meta = json.loads(z.read("meta.json"))
            if meta.get("format") != FORMAT:
                raise ValueError(f"snapshot format {meta.get('format')!r}, not {FORMAT}")
            events = z.read("events.json").decode("utf-8")
            frame = typed_frame(pd.read_parquet(io.BytesIO(z.read("frame.parquet"))))
            totals = None
            if meta["unmatched"] is not None:
                regions = gpd.read_parquet(io.BytesIO(z.read("regions.parquet")))
                totals = RegionTotals(regions, int(meta["unmatched"]))
        o = meta["options"]
        options = FilterOptions(
            date_min=_date(o["date_min"]), date_max=_date(o["date_max"]),
            event_types=o["event_types"], actors=o["actors"], countries=o["countries"],
            admin1=o["admin1"], articles=[(int(i), label) for i, label in o["articles"]],
            max_fatalities=int(o["max_fatalities"]))
        bounds = tuple(meta["bounds"]) if meta["bounds"] is not None else None
        data = EventMapData(events, int(meta["n_events"]), int(meta["n_points"]), bounds,
                            list(meta["types"]), totals)
        return MapSnapshot(tuple(meta["version"]), frame, data, options)
    except (zipfile.BadZipFile, KeyError, TypeError, UnicodeDecodeError, OSError) as e:
        raise ValueError(f"damaged snapshot: {e}") from e


def publish(store: Store, map_id: int, *, min_events: int | None = None,
            snap: MapSnapshot | None = None) -> int:
    """Store the map's snapshot (``snap`` when the caller has it, else built now); bytes stored,
    0 when the map is too small to need one (any old snapshot is dropped) or its data changed
    meanwhile (the next write publishes). ``min_events`` defaults to SNAPSHOT_FROM."""
    n_events = snap.data.n_events if snap is not None else store.count_events(map_id)
    if n_events < (SNAPSHOT_FROM if min_events is None else min_events):
        store.drop_snapshot(map_id)
        return 0
    snap = snap or build(store, map_id)
    if snap is None:
        return 0
    payload = encode(snap)
    store.save_snapshot(map_id, snap.version, payload)
    return len(payload)


def load(store: Store, map_id: int, version: tuple) -> MapSnapshot | None:
    """The map's snapshot of data ``version``; None when it has none, a stale or a damaged one
    (the caller then computes the page)."""
    raw = store.snapshot(map_id, version)
    if raw is None:
        return None
    try:
        return decode(raw)
    except ValueError:
        return None
