"""Event corrections as values: ACLED type choices, what a reviewer changed, the inter codes
of corrected actors, where a typed sentence lies in the article.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from extract.events.lexicon import vocabulary
from gazetteer.index import Gazetteer
from review.candidates import country_name
from review.locate import locate, parse_latlon


def event_types(current: str | None = None) -> list[str]:
    """ACLED's event types (data/acled_vocabulary.json); an unknown stored type stays offered."""
    types = list(vocabulary().event_types)
    if current and current not in types:
        types.append(current)
    return types


def sub_event_types(event_type: str | None, current: str | None = None) -> list[str]:
    """The sub-types of ``event_type``; a stored sub-type that is not one of them stays offered."""
    voc = vocabulary()
    subs = list(voc.sub_types(event_type)) if event_type in voc.event_types else []
    if current and current not in subs:
        subs.append(current)
    return subs


def disorder_type(event_type: str | None, sub_event_type: str | None) -> str | None:
    voc = vocabulary()
    if event_type not in voc.event_types:
        return None
    return voc.disorder(event_type, sub_event_type or "")


@functools.lru_cache(maxsize=1)
def _actor_patterns() -> tuple[tuple[re.Pattern, int], ...]:
    """(full-name pattern, inter code) for every actor of data/actor_aliases.json: its ACLED
    name with any country (or none) in the '{country}' slot, and each of its aliases."""
    actors = vocabulary().actors
    entries = list(actors["actors"])
    for group in ("state_forces", "generic"):
        entries += [a for k, a in actors[group].items() if not k.startswith("_")]
    out = []
    for entry in entries:
        name = entry["actor"]
        forms = {name}
        if "{country}" in name:  # as extract.events.actors.actor_name writes it, known or not
            forms |= {name.replace(" ({country})", ""), name.replace(" of {country}", "")}
        for form in forms:
            pattern = re.escape(form).replace(re.escape("{country}"), ".+")
            out.append((re.compile(pattern + r"(?:\s*\(\d{4}-(?:\d{4})?\))?", re.I),
                        entry["inter"]))
        for alias in entry.get("aliases", ()):
            out.append((re.compile(re.escape(alias), re.I), entry["inter"]))
        for alias in entry.get("case_sensitive", ()):
            out.append((re.compile(re.escape(alias)), entry["inter"]))
    return tuple(out)


def actor_inter(name: str | None) -> int | None:
    """ACLED's inter code of an actor name a reviewer typed, when it is one the lexicon knows
    ('Military Forces of Syria', 'Civilians (Iraq)', 'ISIS'); None when it is not (an unknown
    code is better than the old actor's)."""
    name = " ".join(str(name or "").split())
    if not name:
        return None
    for pattern, code in _actor_patterns():
        if pattern.fullmatch(name):
            return code
    return None


def actor_codes(event_type: str | None, actor1: str | None,
                actor2: str | None) -> dict[str, Any]:
    """inter1, inter2, interaction and civilian_targeting for these actors, as extraction
    derives them, so a corrected actor carries its own codes."""
    return vocabulary().actor_codes(actor_inter(actor1), actor_inter(actor2), event_type)


def blank(value: Any) -> Any:
    """None for the many spellings of 'no value' a frame row holds (NaN, NA, NaT, '')."""
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, float) and math.isnan(value):
        return None
    try:
        if value != value:  # NaT
            return None
    except TypeError:  # pandas NA cannot be compared
        return None
    if isinstance(value, datetime):
        return value.date()
    if hasattr(value, "item") and not isinstance(value, date):  # numpy scalar -> Python
        return value.item()
    return value


def changed_fields(current: Mapping[str, Any], submitted: Mapping[str, Any]) -> dict[str, Any]:
    """The submitted fields whose value differs from the stored one (blank == blank)."""
    out = {}
    for name, value in submitted.items():
        new, old = blank(value), blank(current.get(name))
        if isinstance(new, float) and isinstance(old, float) and math.isclose(new, old,
                                                                               abs_tol=1e-9):
            continue
        if new != old:
            out[name] = new
    return out


def find_sentence(text: str, sentence: str) -> tuple[int, int] | None:
    """Where ``sentence`` lies in ``text``: exactly, else ignoring how whitespace is spelled."""
    sentence = (sentence or "").strip()
    if not sentence:
        return None
    at = text.find(sentence)
    if at >= 0:
        return at, at + len(sentence)
    pattern = r"\s+".join(re.escape(word) for word in sentence.split())
    match = re.search(pattern, text)
    return (match.start(), match.end()) if match else None


def location_from_place(place: Mapping[str, Any], country: str | None) -> dict[str, Any]:
    """An event's location fields from a stored place row (a resolved mention)."""
    feature = blank(place.get("feature"))
    precision = 1 if feature == "city" else (3 if feature in ("admin1", "country") else 2)
    return {"location": blank(place.get("name")) or blank(place.get("text")),
            "lat": blank(place.get("lat")), "lon": blank(place.get("lon")),
            "admin1": blank(place.get("admin1")), "country_code": blank(place.get("country_code")),
            "country": country, "geo_precision": precision}


def event_location(place: Mapping[str, Any] | None, typed: str = "",
                   gazetteer: Gazetteer | None = None) -> dict[str, Any]:
    """An event's location fields from typed "lat, lon" (which wins) or a place row; {} for
    neither. Raises :class:`review.locate.BadCoordinates` for coordinates that do not read."""
    if typed.strip():
        lat, lon = parse_latlon(typed)
        found = locate(lat, lon, gazetteer)
        return {"location": f"{lat:.5f}, {lon:.5f}", "lat": lat, "lon": lon,
                "admin1": found.admin1, "country": found.country,
                "country_code": found.country_code, "geo_precision": 1}
    if place is not None:
        return location_from_place(place, country_name(gazetteer, place.get("country_code")))
    return {}


def correction_summary(correction: Mapping[str, Any], text: str) -> dict[str, Any]:
    """One stored correction as a row for people: what it touched and what it set."""
    kind, action, target = correction["kind"], correction["action"], correction.get("target")
    if kind == "place" and target and ":" in target:
        start, end = (int(v) for v in target.split(":", 1))
        what = f"place '{text[start:end]}'"
    elif kind == "event" and action == "add":
        what = "new event"
    else:
        _span, _, rest = (target or "").partition("|")
        event_type, _, location = rest.partition("|")
        what = f"event {event_type or '?'}" + (f" at {location}" if location else "")
    changes = correction.get("changes") or {}
    return {"when": correction.get("created_at"), "action": f"{kind} {action}", "target": what,
            "changes": "; ".join(f"{k} = {'(empty)' if v is None else v}"
                                 for k, v in changes.items())}


def new_event(text: str, *, event_type: str, sub_event_type: str | None, event_date: date | None,
              actor1: str = "", actor2: str = "", fatalities: int | None = None,
              injuries: int | None = None, sentence: str = "",
              location: Mapping[str, Any] | None = None) -> tuple[dict[str, Any], bool]:
    """Values for :meth:`store.Store.add_event`, and whether the sentence was found in ``text``
    (a found sentence is stored as the text spells it, with its span, so it is highlighted)."""
    values: dict[str, Any] = dict(location or {})
    values.update({"event_type": event_type, "sub_event_type": sub_event_type,
                   "disorder_type": disorder_type(event_type, sub_event_type),
                   "event_date": event_date, "time_precision": 1 if event_date else None,
                   "actor1": actor1.strip() or None, "actor2": actor2.strip() or None,
                   "fatalities": fatalities, "injuries": injuries})
    values.update(actor_codes(event_type, values["actor1"], values["actor2"]))
    span = find_sentence(text, sentence)
    if span:
        values.update(sentence=text[span[0]:span[1]], start=span[0], end=span[1])
    elif sentence.strip():
        values["sentence"] = sentence.strip()
    return values, span is not None
