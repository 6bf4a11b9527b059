"""Stored events -> one compact GeoJSON FeatureCollection for the browser.

Tens of thousands of events reach the page as data, not as one folium object each: the map's
script turns the features into clustered circle markers itself (maps/layers.py). To keep the
payload small, property names are one letter, coordinates are rounded to 5 decimals (about a
metre), empty values are left out, and strings many events share (actors, places, dates, type
pairs, articles) sit once in lookup tables beside the features (foreign members, which GeoJSON
readers ignore):

=====  ==========================================================================================
``i``  event id
``k``  index into ``kinds``: ``[event_type, sub_event_type]``
``d``  event date (ISO), ``a`` actor 1, ``b`` actor 2, ``l`` location, ``r`` admin1,
       ``c`` country: indexes into ``strings``
``f``  fatalities; ``j`` injuries; ``g`` geo_precision
``s``  the source sentence: a string, or ``[before, place name, after]`` when the location's
       name is found in it (the popup marks the middle part); long sentences are cut to a
       window around the place
``n``  index into ``articles``: ``[title, url]`` (url only when http(s), else null)
``x``  1 for a background event (reported as context)
=====  ==========================================================================================

``sentences`` (top level) says how many characters of each sentence were kept (0: none).

Text is not HTML-escaped here: the map builds popups with DOM ``textContent``. It is made safe
for the ``<script>`` it is embedded in by :func:`maps.safe.script_json`.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from maps.safe import safe_url, script_json

COORD_DECIMALS = 5
MAX_SENTENCE = 300  # characters of the source sentence kept for a popup
ELLIPSIS = "\u2026"
_STRING_PROPS = {"d": "event_date", "a": "actor1", "b": "actor2", "l": "location",
                 "r": "admin1", "c": "country"}
_INT_PROPS = {"f": "fatalities", "j": "injuries", "g": "geo_precision"}

__all__ = ["COORD_DECIMALS", "MAX_SENTENCE", "bounds", "events_geojson", "excerpt",
           "script_json"]


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


def _objects(frame: pd.DataFrame, name: str) -> list:
    """A column as a list with None for every missing value (NaN, NA, NaT)."""
    if name not in frame.columns:
        return [None] * len(frame)
    column = frame[name]
    return column.astype(object).where(column.notna(), None).tolist()


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    return value.isoformat()[:10] if hasattr(value, "isoformat") else str(value)[:10]


def events_geojson(frame: pd.DataFrame, *, sentence_chars: int = MAX_SENTENCE) -> dict:
    """The events of ``frame`` (columns as ``Store.events_frame``) that have coordinates.

    Rows without both coordinates are skipped (the page counts them, the map cannot place
    them). ``sentence_chars=0`` leaves the sentences out (the details panel still shows them).
    """
    lat = pd.to_numeric(frame.get("lat", pd.Series(index=frame.index, dtype=float)),
                        errors="coerce").to_numpy(dtype=float)
    lon = pd.to_numeric(frame.get("lon", pd.Series(index=frame.index, dtype=float)),
                        errors="coerce").to_numpy(dtype=float)
    placed = np.flatnonzero(~(np.isnan(lat) | np.isnan(lon)))
    lat = np.round(lat, COORD_DECIMALS).tolist()
    lon = np.round(lon, COORD_DECIMALS).tolist()
    ids = _objects(frame, "id")
    types, subs = _objects(frame, "event_type"), _objects(frame, "sub_event_type")
    strings_in = {key: _objects(frame, col) for key, col in _STRING_PROPS.items()}
    strings_in["d"] = [_iso(v) for v in strings_in["d"]]
    ints_in = {key: _objects(frame, col) for key, col in _INT_PROPS.items()}
    sentences, background = _objects(frame, "sentence"), _objects(frame, "background")
    article_ids = _objects(frame, "article_id")
    titles, urls = _objects(frame, "article_title"), _objects(frame, "article_url")

    kinds: dict[tuple[str, str], int] = {}
    strings: dict[str, int] = {}
    articles: dict[Any, int] = {}
    article_rows: list[list[str | None]] = []
    features = []
    for n in placed.tolist():
        props: dict[str, Any] = {
            "i": int(ids[n]), "k": kinds.setdefault((types[n] or "", subs[n] or ""), len(kinds))}
        for key, values in strings_in.items():
            value = values[n]
            if value not in (None, ""):
                props[key] = strings.setdefault(str(value), len(strings))
        for key, values in ints_in.items():
            if values[n] is not None:
                props[key] = int(values[n])
        if sentence_chars and sentences[n]:
            props["s"] = excerpt(sentences[n], strings_in["l"][n], sentence_chars)
        if background[n]:
            props["x"] = 1
        article = article_ids[n]
        if article not in articles:
            articles[article] = len(article_rows)
            article_rows.append([titles[n] or "", safe_url(urls[n])])
        props["n"] = articles[article]
        features.append({"type": "Feature",
                         "geometry": {"type": "Point", "coordinates": [lon[n], lat[n]]},
                         "properties": props})
    return {"type": "FeatureCollection", "features": features,
            "kinds": [list(k) for k in kinds], "strings": list(strings),
            "articles": article_rows, "sentences": int(sentence_chars)}


def bounds(collection: dict) -> tuple[float, float, float, float] | None:
    """(south, west, north, east) of the collection's points, or None when it has none."""
    if not collection["features"]:
        return None
    coords = np.array([f["geometry"]["coordinates"] for f in collection["features"]])
    return (float(coords[:, 1].min()), float(coords[:, 0].min()),
            float(coords[:, 1].max()), float(coords[:, 0].max()))
