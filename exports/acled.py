"""Stored events -> ACLED's export columns, and a CSV a spreadsheet opens safely.

One row per event, in ACLED's column order (FACTS.md "ACLED conventions"; ACLED Codebook), with
one column of ours after them: ``injuries`` (ACLED does not count injuries; ConflictMap does).

How the fields are filled:

- ``event_id_cnty``: ISO 3166-1 alpha-3 of the event's country + ConflictMap's event id
  (``IRQ123``); ``XXX`` when the country is unknown. ``iso``: the ISO 3166-1 numeric code.
- ``event_date`` ISO ``YYYY-MM-DD``, ``year``, ``time_precision`` (1 day, 2 week, 3 month).
- ``inter1``/``inter2``/``interaction`` as ACLED's current exports write them: actor type
  labels ("State forces"), "State forces-Civilians", "Protesters only".
- ``assoc_actor_1`` holds every associated actor ("; "-joined): extraction does not tell which
  side they were with, so ``assoc_actor_2`` stays empty.
- ``civilian_targeting`` is "Civilian targeting" or empty, as in ACLED.
- ``admin2``, ``admin3`` and ``source_scale`` are empty (not extracted).
- ``source``: the article's title, else its URL. ``notes``: the sentence the event came from.
- ``fatalities``: ACLED writes 0 when no number is reported, and so does this export; the
  ``injuries`` column is empty when none are reported.
- ``tags``: ``map=<map name>`` and, when they apply, ``background`` (an event the article
  mentions as context), ``reviewed`` (checked or corrected by a reviewer).
- ``timestamp``: when the file was made (Unix seconds); ACLED's is its last edit of the event.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timezone
from functools import lru_cache
from typing import Any

import pandas as pd

import settings
from exports.countries import country

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp",
)
EXTRA_COLUMNS = ("injuries",)  # not ACLED's: kept after its columns so ACLED readers ignore it
COLUMNS = ACLED_COLUMNS + EXTRA_COLUMNS

UNKNOWN_ISO3 = "XXX"  # ISO 3166's user-assigned range: no country has it
COORD_DECIMALS = 4    # ACLED's precision (about 11 m)
INT_COLUMNS = ("year", "time_precision", "iso", "geo_precision", "fatalities", "timestamp",
               "injuries")
FLOAT_COLUMNS = ("latitude", "longitude")

# A cell starting with one of these is a formula to Excel, LibreOffice and Google Sheets
# (OWASP "CSV injection"); tab and carriage return start one in some of them too.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@lru_cache(maxsize=1)
def _inter_labels() -> dict[str, str]:
    """ACLED's numeric actor-type codes -> labels, from data/acled_vocabulary.json."""
    path = settings.ROOT / "data" / "acled_vocabulary.json"
    return dict(json.loads(path.read_text(encoding="utf-8"))["inter"])


def _missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # lists and other containers are values, not missing
        return False


def _text(value: Any) -> str | None:
    """A clean single-line string, or None."""
    if _missing(value):
        return None
    text = " ".join(str(value).split())
    return text or None


def _inter(value: Any) -> str | None:
    text = _text(value)
    if text is None:
        return None
    return _inter_labels().get(text, text)  # a reviewer may have typed ACLED's number


def _event_date(value: Any) -> date | None:
    if _missing(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _int(value: Any) -> int | None:
    return None if _missing(value) else int(value)


def _tags(event: dict, map_name: str) -> str:
    tags = [f"map={' '.join(map_name.split())}"] if map_name and map_name.strip() else []
    if event.get("background") is True or event.get("background") == 1:
        tags.append("background")
    if event.get("reviewed") is True or event.get("reviewed") == 1:
        tags.append("reviewed")
    return "; ".join(tags)


def _row(event: dict, map_name: str, stamp: int) -> dict[str, Any]:
    info = country(_text(event.get("country_code")))
    day = _event_date(event.get("event_date"))
    lat, lon = event.get("lat"), event.get("lon")
    located = not (_missing(lat) or _missing(lon))
    fatalities = _int(event.get("fatalities"))
    return {
        "event_id_cnty": f"{info.iso3 if info else UNKNOWN_ISO3}{_int(event.get('id'))}",
        "event_date": day.isoformat() if day else None,
        "year": day.year if day else None,
        "time_precision": _int(event.get("time_precision")),
        "disorder_type": _text(event.get("disorder_type")),
        "event_type": _text(event.get("event_type")),
        "sub_event_type": _text(event.get("sub_event_type")),
        "actor1": _text(event.get("actor1")),
        "assoc_actor_1": _text(event.get("assoc_actors")),
        "inter1": _inter(event.get("inter1")),
        "actor2": _text(event.get("actor2")),
        "assoc_actor_2": None,
        "inter2": _inter(event.get("inter2")),
        "interaction": _text(event.get("interaction")),
        "civilian_targeting": "Civilian targeting" if event.get("civilian_targeting") in (
            True, 1) else None,
        "iso": info.numeric if info else None,
        "region": info.region if info else None,
        "country": _text(event.get("country")) or (info.name if info else None),
        "admin1": _text(event.get("admin1")),
        "admin2": None,
        "admin3": None,
        "location": _text(event.get("location")),
        "latitude": round(float(lat), COORD_DECIMALS) if located else None,
        "longitude": round(float(lon), COORD_DECIMALS) if located else None,
        "geo_precision": _int(event.get("geo_precision")),
        "source": _text(event.get("article_title")) or _text(event.get("article_url")),
        "source_scale": None,
        "notes": _text(event.get("sentence")),
        "fatalities": fatalities if fatalities is not None else 0,
        "tags": _tags(event, map_name) or None,
        "timestamp": stamp,
        "injuries": _int(event.get("injuries")),
    }


def to_acled_frame(events: pd.DataFrame, map_name: str, *,
                   timestamp: datetime | None = None) -> pd.DataFrame:
    """``Store.events_frame`` rows -> one row per event in ACLED's columns (+ ``injuries``).

    Text columns hold str or None; counts are nullable integers; coordinates floats (NaN when
    the event has none: such rows stay in the table, see :mod:`exports.spatial`).
    """
    moment = timestamp or datetime.now(timezone.utc)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    stamp = int(moment.timestamp())
    rows = [_row(e, map_name, stamp) for e in events.to_dict("records")]
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    for name in COLUMNS:
        if name in INT_COLUMNS:
            frame[name] = frame[name].astype("Int64")
        elif name in FLOAT_COLUMNS:
            frame[name] = pd.to_numeric(frame[name], errors="coerce").astype("float64")
        else:
            frame[name] = frame[name].astype(object).where(frame[name].notna(), None)
    return frame


def neutralise_formula(value: Any) -> Any:
    """``=HYPERLINK(...)`` -> ``'=HYPERLINK(...)``: a spreadsheet shows it, never runs it."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Every text cell made safe to open in a spreadsheet; numbers are left as numbers."""
    out = frame.copy()
    for name in out.columns:
        if out[name].dtype == object or pd.api.types.is_string_dtype(out[name]):
            out[name] = out[name].map(neutralise_formula)
    return out


CSV_ENCODING = "utf-8-sig"  # UTF-8 with a byte-order mark: Excel then reads it as UTF-8


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """``frame`` as CSV: UTF-8 with BOM, comma-separated, CRLF line ends (RFC 4180), empty
    cells for missing values, formulas neutralised."""
    text = neutralise_formulas(frame).to_csv(index=False, lineterminator="\r\n")
    return text.encode(CSV_ENCODING)

