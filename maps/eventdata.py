"""Stored events -> the compact, columnar event data the browser draws.

Tens of thousands of events reach the page as data, not as one folium object each: the map's
script turns them into clustered circle markers itself (maps/layers.py). The data is laid out
by column, one array per property with one entry per event, rather than as a GeoJSON
FeatureCollection: at 50,000 events a Feature's wrapper (type, geometry, properties and their
keys) was two thirds of its bytes (10.2 MB for the collection against 3.2 MB for the columns),
and every byte is serialised by the server, decoded by Streamlit's frontend and parsed again in
the map's frame. Coordinates are rounded to 5 decimals (about a metre), and strings many events
share (actors, places, dates, type pairs, articles) sit once in lookup tables. The GeoJSON and
GeoPackage downloads (exports/spatial.py) are the interchange formats; this is the wire format.

==========  ===================================================================================
``count``   events in the arrays (those with both coordinates)
``i``       event ids
``lon``     longitudes; ``lat`` latitudes
``k``       index into ``kinds``: ``[event_type, sub_event_type]``
``d``       event date (ISO), ``a`` actor 1, ``b`` actor 2, ``l`` location, ``r`` admin1,
            ``c`` country: indexes into ``strings``, whose entry 0 is "" (none)
``f``       fatalities; ``j`` injuries; ``g`` geo_precision: -1 when not known
``n``       (only when sentences are kept) index into ``articles``: ``[title, url]`` (url only
            when http(s), else null)
``s``       (only when sentences are kept) the source sentence: 0 for none, a string, or
            ``[before, place name, after]`` when the location's name is found in it (the popup
            marks the middle part); long sentences are cut to a window around the place
``x``       (only when some event is) 1 for a background event (reported as context), else 0
==========  ===================================================================================

``sentences`` says how many characters of each sentence were kept (0: none, and no
``articles`` either: at 50,000 events the titles and links alone were 1.3 MB; the details panel
beside the map shows both for a clicked event).

Text is not HTML-escaped here: the map builds popups with DOM ``textContent``. It is made safe
for the ``<script>`` it is embedded in by :func:`maps.safe.script_json`.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from maps.safe import safe_url

COORD_DECIMALS = 5
MAX_SENTENCE = 300  # characters of the source sentence kept for a popup
ELLIPSIS = "\u2026"
MISSING = -1        # an unknown count or precision in the integer columns
STRING_COLUMNS = {"d": "event_date", "a": "actor1", "b": "actor2", "l": "location",
                  "r": "admin1", "c": "country"}
INT_COLUMNS = {"f": "fatalities", "j": "injuries", "g": "geo_precision"}

__all__ = ["COORD_DECIMALS", "MAX_SENTENCE", "MISSING", "bounds", "event_data", "event_props",
           "excerpt"]


def excerpt(sentence: str, place: str | None, limit: int = MAX_SENTENCE) -> str | list[str]:
    """The sentence, or ``[before, place, after]`` around the place's first (case-insensitive)
    occurrence; cut to about ``limit`` characters around the place, with ellipses."""
    sentence = " ".join(str(sentence or "").split())
    at = -1
    if place and len(sentence.lower()) == len(sentence):  # lower() must keep the offsets
        at = sentence.lower().find(place.lower())
    if at < 0:
        if len(sentence) > limit:
            return sentence[:max(limit - 1, 0)].rstrip() + ELLIPSIS
        return sentence
    end = at + len(place)
    before, mark, after = sentence[:at], sentence[at:end], sentence[end:]
    room = max(limit - len(mark), 0)
    if len(before) + len(after) > room:
        keep_before = min(len(before), room // 2)
        keep_after = min(len(after), room - keep_before)
        keep_before = min(len(before), room - keep_after)
        if keep_before < len(before):
            before = ELLIPSIS + before[len(before) - keep_before:].lstrip()
        if keep_after < len(after):
            after = after[:keep_after].rstrip() + ELLIPSIS
    return [before, mark, after]


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    if name in frame.columns:
        return frame[name]
    return pd.Series([None] * len(frame), index=frame.index, dtype=object)


def _texts(frame: pd.DataFrame, name: str) -> np.ndarray:
    """A column as str values with "" for every missing one (dates as ISO days).

    Each distinct value is converted once (a column holds a few hundred distinct values for
    tens of thousands of events: 50,000 events, 2-10 ms per column instead of 11-13)."""
    codes, distinct = pd.factorize(_column(frame, name))  # missing: code -1
    distinct = pd.Series(distinct, dtype=object)
    if name == "event_date":
        labels = pd.to_datetime(distinct, errors="coerce").dt.strftime("%Y-%m-%d").fillna("")
    else:
        labels = distinct.map(str)
    return np.append(labels.to_numpy(dtype=object), "")[codes]


def _ints(frame: pd.DataFrame, name: str) -> list[int]:
    values = pd.to_numeric(_column(frame, name), errors="coerce")
    return values.fillna(MISSING).astype("int64").tolist()


def _flags(frame: pd.DataFrame, name: str) -> np.ndarray:
    column = _column(frame, name)
    return column.astype(object).where(column.notna(), False).astype(bool).to_numpy()


def event_data(frame: pd.DataFrame, *, sentence_chars: int = MAX_SENTENCE) -> dict:
    """The events of ``frame`` (columns as ``Store.events_frame``) that have coordinates.

    Rows without both coordinates are left out (the page counts them, the map cannot place
    them). ``sentence_chars=0`` leaves the sentences and articles out (the details panel still
    shows them).
    Built column by column (pandas factorize), not row by row.
    """
    lat = pd.to_numeric(_column(frame, "lat"), errors="coerce").to_numpy(dtype=float)
    lon = pd.to_numeric(_column(frame, "lon"), errors="coerce").to_numpy(dtype=float)
    keep = ~(np.isnan(lat) | np.isnan(lon))
    placed = frame.iloc[np.flatnonzero(keep)]
    count = len(placed)
    data: dict[str, Any] = {
        "count": count,
        "i": pd.to_numeric(_column(placed, "id")).astype("int64").tolist(),
        "lon": np.round(lon[keep], COORD_DECIMALS).tolist(),
        "lat": np.round(lat[keep], COORD_DECIMALS).tolist(),
    }
    # Kinds: the (type, sub-type) pairs, in order of first appearance.
    pairs = pd.Series(_texts(placed, "event_type") + "\x1f" + _texts(placed, "sub_event_type"),
                      dtype=object)
    codes, kinds = pd.factorize(pairs)
    data["k"] = codes.tolist()
    data["kinds"] = [str(k).split("\x1f", 1) for k in kinds]
    # One string table for the six text columns, "" first so that code 0 means none.
    texts = {key: _texts(placed, col) for key, col in STRING_COLUMNS.items()}
    every = np.concatenate([np.array([""], dtype=object), *texts.values()])
    codes, strings = pd.factorize(pd.Series(every, dtype=object))
    for n, key in enumerate(texts):
        data[key] = codes[1 + n * count: 1 + (n + 1) * count].tolist()
    data["strings"] = [str(s) for s in strings]
    for key, col in INT_COLUMNS.items():
        data[key] = _ints(placed, col)
    if sentence_chars:
        # Articles: [title, url] once each, in order of first appearance.
        codes, _ = pd.factorize(_column(placed, "article_id").astype(object))
        _, first = np.unique(codes, return_index=True) if count else ([], [])
        titles, urls = _texts(placed, "article_title"), _column(placed, "article_url").tolist()
        data["n"] = codes.tolist()
        data["articles"] = [[titles[row], safe_url(urls[row])] for row in first]
        places = texts["l"]
        data["s"] = [excerpt(sentence, places[row] or None, sentence_chars) if sentence else 0
                     for row, sentence in enumerate(_texts(placed, "sentence"))]
    background = _flags(placed, "background")
    if background.any():
        data["x"] = background.astype(int).tolist()
    data["sentences"] = int(sentence_chars)
    return data


def event_props(data: dict, row: int) -> dict[str, Any]:
    """Event ``row`` of ``data`` with its values looked up, as the map's popup reads them
    (for tests and debugging; the browser does the same in maps/layers.py)."""
    props: dict[str, Any] = {"i": data["i"][row], "kind": data["kinds"][data["k"][row]],
                             "lat": data["lat"][row], "lon": data["lon"][row]}
    for key in STRING_COLUMNS:
        code = data[key][row]
        if code:
            props[key] = data["strings"][code]
    for key in INT_COLUMNS:
        if data[key][row] != MISSING:
            props[key] = data[key][row]
    if "n" in data:
        props["article"] = data["articles"][data["n"][row]]
    if data.get("s") and data["s"][row]:
        props["s"] = data["s"][row]
    if data.get("x") and data["x"][row]:
        props["x"] = 1
    return props


def bounds(data: dict) -> tuple[float, float, float, float] | None:
    """(south, west, north, east) of the events' points, or None when there are none."""
    if not data["count"]:
        return None
    return (float(min(data["lat"])), float(min(data["lon"])),
            float(max(data["lat"])), float(max(data["lon"])))
