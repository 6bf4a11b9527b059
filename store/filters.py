"""The event filters every page shares, and their form in a URL's query string.

A filter is a value: pages build one from the sidebar, the store turns it into SQL, and share
links carry it as query parameters (so a link opens on the view the sender saw). Parsing a query
string never fails: a parameter that does not parse is dropped, because a mangled link should
open the map, not an error.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from datetime import date

LIST_SEPARATOR = "|"  # actor names contain commas; pipes are rare in names and URL-safe enough


@dataclass(frozen=True)
class EventFilter:
    date_from: date | None = None
    date_to: date | None = None
    event_types: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()          # actor1 or actor2 or an associated actor
    countries: tuple[str, ...] = ()
    admin1: tuple[str, ...] = ()
    min_fatalities: int = 0
    article_ids: tuple[int, ...] = ()
    include_background: bool = True       # events the article mentions as context
    text: str = ""                        # words in the event's sentence, location or actors

    def is_empty(self) -> bool:
        return self == EventFilter()

    def to_params(self) -> dict[str, str]:
        """Only what differs from the default, so links stay short."""
        out: dict[str, str] = {}
        default = EventFilter()
        for f in fields(self):
            value = getattr(self, f.name)
            if value == getattr(default, f.name):
                continue
            if isinstance(value, tuple):
                out[f.name] = LIST_SEPARATOR.join(str(v) for v in value)
            elif isinstance(value, bool):
                out[f.name] = "1" if value else "0"
            elif isinstance(value, date):
                out[f.name] = value.isoformat()
            else:
                out[f.name] = str(value)
        return out

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> EventFilter:
        flt = cls()
        for f in fields(cls):
            raw = params.get(f.name)
            if raw is None:
                continue
            if isinstance(raw, (list, tuple)):  # st.query_params.get_all style values
                raw = raw[-1] if raw else ""
            try:
                value = _parse(f.name, str(raw))
            except ValueError:
                continue
            flt = replace(flt, **{f.name: value})
        return flt


def _parse(name: str, raw: str):
    if name in ("date_from", "date_to"):
        return date.fromisoformat(raw[:10])
    if name == "article_ids":
        return tuple(int(v) for v in raw.split(LIST_SEPARATOR) if v.strip())
    if name in ("event_types", "actors", "countries", "admin1"):
        return tuple(v for v in raw.split(LIST_SEPARATOR) if v.strip())
    if name == "min_fatalities":
        value = int(raw)
        if value < 0:
            raise ValueError(raw)
        return value
    if name == "include_background":
        if raw not in ("0", "1"):
            raise ValueError(raw)
        return raw == "1"
    if name == "text":
        return raw[:200]
    raise ValueError(name)
