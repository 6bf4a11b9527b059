"""An article's stored place mentions as the correction forms list them."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from review.events import blank


def records(frame: pd.DataFrame) -> list[dict]:
    """A frame's rows as dicts, with NaN/NA/NaT as None and numpy scalars as Python values."""
    return [{k: blank(v) for k, v in row.items()} for row in frame.to_dict("records")]


def resolved_places(rows: Iterable[dict]) -> dict[str, dict]:
    """The resolved mentions, one per name and point (keyed by place id as text), in order:
    the places an event can be moved to."""
    out: dict[str, dict] = {}
    seen = set()
    for row in rows:
        if row["lat"] is None or row["lon"] is None:
            continue
        key = (row["name"] or row["text"], round(row["lat"], 5), round(row["lon"], 5))
        if key not in seen:
            seen.add(key)
            out[str(row["id"])] = row
    return out


def distinct_mentions(rows: Iterable[dict]) -> dict[int, dict]:
    """One mention per name and resolution (keyed by place id): correcting one corrects the
    article's other mentions resolved the same way, so they are listed once."""
    out: dict[int, dict] = {}
    seen = set()
    for row in rows:
        key = (row["text"], row["geonameid"])
        if key not in seen:
            seen.add(key)
            out[int(row["id"])] = row
    return out


def place_label(row: dict) -> str:
    name = row["name"] or row["text"]
    where = ", ".join(v for v in (row["admin1"], row["country_code"]) if v)
    return f"{name} ({where})" if where else name
