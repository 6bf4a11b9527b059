"""Scoring events against annotated expectations (the ``*.expected.json`` format).

An expected event may give ``event_type`` or ``event_type_any_of``, ``sub_event_type_any_of``,
``date``, ``lat``/``lon``/``within_km``, ``fatalities`` (null = nothing said) or
``fatalities_between``, ``injuries``, and ``actors_include_any_of`` (groups of words, one of each
group must appear among the event's actors). ``must_not_be_events_on_<date>`` lists mentions
that must not be the place of an event on that date. Used by the golden tests and bench/events.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extract.resolve import haversine_km as km
from extract.types import Place


def _type_ok(ev: dict, exp: dict) -> bool:
    types = exp.get("event_type_any_of") or [exp.get("event_type")]
    if ev["event_type"] not in types:
        return False
    subs = exp.get("sub_event_type_any_of")
    return not subs or ev["sub_event_type"] in subs


def _place_ok(ev: dict, exp: dict, tolerance_km: float | None = None) -> bool:
    if exp.get("lat") is None:
        return True
    if ev.get("lat") is None:
        return False
    limit = tolerance_km if tolerance_km is not None else exp.get("within_km", 25)
    return km(ev["lat"], ev["lon"], exp["lat"], exp["lon"]) <= limit


def _actors_ok(ev: dict, exp: dict) -> bool:
    names = " | ".join(str(x) for x in [ev.get("actor1"), ev.get("actor2"), ev.get("actor1_raw"),
                                        ev.get("actor2_raw"), *ev.get("assoc_actors", [])] if x)
    for group in exp.get("actors_include_any_of", []):
        if not any(re.search(rf"\b{re.escape(word)}\b", names, re.I) for word in group):
            return False
    return True


def fatalities_ok(ev: dict, exp: dict) -> bool:
    if "fatalities_between" in exp:
        lo, hi = exp["fatalities_between"]
        return ev["fatalities"] is not None and lo <= ev["fatalities"] <= hi
    if "fatalities" in exp:
        return ev["fatalities"] == exp["fatalities"]
    return True


def matches(ev: dict, exp: dict, tolerance_km: float | None = None) -> bool:
    """Type, date and place: the identity of an event."""
    return (_type_ok(ev, exp) and (exp.get("date") is None or ev["date"] == exp["date"])
            and _place_ok(ev, exp, tolerance_km))


def full_match(ev: dict, exp: dict) -> bool:
    """Everything the annotation asks: identity, actors, fatalities, injuries."""
    return (matches(ev, exp) and _actors_ok(ev, exp) and fatalities_ok(ev, exp)
            and ("injuries" not in exp or ev["injuries"] == exp["injuries"]))


@dataclass
class Score:
    expected: int = 0
    produced: int = 0
    matched: int = 0          # type + date + place within tolerance
    type_only: int = 0
    type_date: int = 0
    fatalities_right: int = 0
    full: int = 0
    violations: list[str] = field(default_factory=list)

    def add(self, other: "Score") -> None:
        for name in ("expected", "produced", "matched", "type_only", "type_date",
                     "fatalities_right", "full"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.violations += other.violations

    @property
    def precision(self) -> float:
        return self.matched / self.produced if self.produced else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 1.0


def score(events: list[dict], expected: dict, tolerance_km: float = 25) -> Score:
    """One-to-one greedy matching of produced events to ``expected['events_must_include']``."""
    wanted = expected.get("events_must_include", [])
    s = Score(expected=len(wanted), produced=len(events))
    free = list(events)
    for exp in wanted:
        s.type_only += any(_type_ok(e, exp) for e in events)
        s.type_date += any(_type_ok(e, exp) and e["date"] == exp.get("date", e["date"]) for e in events)
        hit = next((e for e in free if matches(e, exp, tolerance_km)), None)
        if hit is not None:
            free.remove(hit)
            s.matched += 1
            s.fatalities_right += fatalities_ok(hit, exp)
            s.full += full_match(hit, exp)
    s.violations = violations(events, expected)
    return s


def violations(events: list[dict], expected: dict) -> list[str]:
    """Events placed at a mention the annotation says is no event on that day."""
    places = {p["mention"]: p for p in expected.get("places_must_resolve", [])}
    out = []
    for key, items in expected.items():
        m = re.fullmatch(r"must_not_be_events_on_(\d{4}-\d\d-\d\d)", key)
        if not m:
            continue
        day = m.group(1)
        for item in items:
            ref = places.get(item["mention"], {})
            for ev in events:
                if ev["date"] != day:
                    continue
                if _at(ev, item["mention"], ref):
                    out.append(f"{item['mention']} on {day}: {ev['event_type']} ({ev['sentence'][:60]})")
    return out


def _at(ev: dict, mention: str, ref: dict) -> bool:
    """Whether the event is placed at the mention: by name, or within 5 km (neighbouring towns
    such as 'Anah and Rawah, 14 km apart, stay distinct)."""
    names = {mention.lower(), str(ref.get("name", mention)).lower()}
    if (ev.get("location") or "").lower() in names:
        return True
    if ref.get("lat") is not None and ev.get("lat") is not None:
        return km(ev["lat"], ev["lon"], ref["lat"], ref["lon"]) <= 5
    if ref.get("feature") == "country":
        return ev.get("country_code") == ref.get("country_code") and ev.get("geo_precision") == 3 \
            and (ev.get("location") or "").lower() == mention.lower()
    return (ev.get("location") or "").lower() == mention.lower()


def annotated_places(text: str, expected: dict, extra: dict[str, dict] | None = None) -> list[Place]:
    """Places from the annotation itself (every occurrence of each mention): lets the event
    layer be scored without the geoparser. ``extra`` adds fields per mention (admin1, centroid)."""
    out = []
    for p in expected.get("places_must_resolve", []):
        p = {**p, **(extra or {}).get(p["mention"], {})}
        lat, lon = p.get("lat"), p.get("lon")
        if lat is None:
            lat, lon = p.get("centroid", [None, None])
        for m in re.finditer(rf"(?<!\w){re.escape(p['mention'])}(?!\w)", text):
            out.append(Place(m.start(), m.end(), p["mention"], p.get("name", p["mention"]), lat, lon,
                             None, p.get("country_code"), p.get("admin1"),
                             p.get("feature", "city"), 1.0, admin1_code=p.get("admin1_code")))
    return sorted(out, key=lambda q: q.start)
