"""Where an event happened: choosing among a sentence's place mentions.

Reference points are never the event's place: "bordering Syria", "the border with Syria",
"100 km west of X", "300 km north of Baghdad". "near X" / "outside X" / "20 km from X" code the
event to X with geo_precision 2. "between the cities of X and Y" places an unknown village at
their midpoint (precision 2). A dateline ("AL-SAGARA, Iraq:") is where the reporter is, used
only when nothing else is said. geo_precision: 1 town, 2 near a town or part of a region,
3 a region only (admin1, country).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from extract.resolve import haversine_km
from extract.types import Place

_DIR = r"(?:north|south|east|west|northeast|northwest|southeast|southwest|north-east|north-west|south-east|south-west)(?:ern)?"
# "the border town of Tal Abyad", "the border crossing of Rafah": the place is on the border,
# the event's own place, not a reference point
_ON_THE_BORDER = r"(?:towns?|city|cities|villages?|crossings?|posts?|areas?|districts?|regions?)\b"
_REFERENCE = re.compile(
    rf"(?:\bborder(?:s|ing|ed)?(?!\s+{_ON_THE_BORDER})(?:\s+(?:with|on))?|\bfrontier(?:\s+with)?|"
    rf"\bboundary\s+with|"
    rf"(?P<dist>\d[\d,.]*)\s*(?:-\s*)?(?:km|kms|kilometres|kilometers|miles|mi)\b[^.;]{{0,40}}?(?:of|from)|"
    rf"\bclose\s+to\s+the\s+border\s+with)\s+(?:the\s+)?(?:[\w’'-]+\s+){{0,3}}$", re.I)
_NEAR = re.compile(rf"(?:\bnear(?:by)?|\boutside(?:\s+of)?|\boutskirts\s+of|\bclose\s+to|"
                   rf"\b{_DIR}\s+of|\bsuburbs?\s+of|\baround)\s+(?:the\s+)?(?:[\w’'-]+\s+){{0,2}}$", re.I)
_BETWEEN = re.compile(r"\bbetween\s+(?:the\s+(?:cities|towns|villages|provinces)\s+of\s+)?"
                      r"(?:[\w’'-]+\s+){0,3}?(?:and\s+)?$", re.I)
# "BAGHDAD (Reuters) - ", "AL-SAGARA, Iraq: ", and with the day: "ADEN, Yemen, April 8 — ",
# "KYIV, May 11, 2024 — ", "GOMA, Democratic Republic of Congo, Oct. 20 - "
_DATELINE = re.compile(r"^\s*[A-Z][A-Z’' .-]{2,40}(?:,\s+[A-Z][\w .]{1,30}?)?"
                       r"(?:,?\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}"
                       r"(?:,\s+\d{4})?)?\s*(?:\([\w .]+\))?\s*[:—–-]+\s")

_FEATURE_PRECISION = {"city": 1, "other": 1, "admin2": 2, "admin1": 3, "region": 3, "country": 3,
                      "continent": 3}


@dataclass(frozen=True)
class EventPlace:
    location: str
    lat: float | None
    lon: float | None
    admin1: str | None
    admin1_code: str | None
    country_code: str | None
    feature: str
    geo_precision: int

    def contains(self, other: "EventPlace") -> bool:
        """Whether ``other`` lies inside this (coarser) place, judged by admin names/codes."""
        if not self.country_code or self.country_code != other.country_code:
            return False
        if self.feature in ("country", "region") and other.feature not in ("country",):
            return True
        if self.feature == "admin1" and other.feature != "admin1" and other.feature != "country":
            if self.admin1_code and other.admin1_code:
                return self.admin1_code == other.admin1_code
            return same_name(self.admin1 or self.location, other.admin1 or "")
        return False

    def same(self, other: "EventPlace") -> bool:
        if self.lat is not None and other.lat is not None:
            return haversine_km(self.lat, self.lon, other.lat, other.lon) < 10 and self.feature == other.feature
        return same_name(self.location, other.location)

    def rank(self) -> int:
        """Smaller is finer: precision first, then the feature's level, resolved before not."""
        level = {"country": 4, "continent": 5, "region": 3, "admin1": 2, "admin2": 1}.get(self.feature, 0)
        return self.geo_precision * 100 + level * 10 + (0 if self.lat is not None else 5)


def same_name(a: str, b: str) -> bool:
    def norm(s: str) -> str:
        s = re.sub(r"^(?:al|el|ar|as|ad|an)[- ]", "", s.lower().replace("’", "'"))
        return re.sub(r"\b(?:province|governorate|region)\b", "", s).strip(" -'")
    return bool(a and b) and fuzz.ratio(norm(a), norm(b)) >= 85


def classify(prefix: str) -> str:
    """'reference', 'near', 'between' or 'plain' from the text before the mention."""
    m = _REFERENCE.search(prefix)
    if m:
        dist = m.group("dist")
        if dist and float(dist.replace(",", "").rstrip(".") or 0) < 25:
            return "near"
        return "reference"
    if _BETWEEN.search(prefix):
        return "between"
    if _NEAR.search(prefix):
        return "near"
    return "plain"


def dateline_end(unit_text: str) -> int:
    """Length of a leading dateline ("AL-SAGARA, Iraq: ", "BAGHDAD (Reuters) - "), else 0."""
    m = _DATELINE.match(unit_text)
    return m.end() if m else 0


def to_event_place(place: Place, how: str) -> EventPlace:
    prec = _FEATURE_PRECISION.get(place.feature, 1)
    if how == "near" and prec < 2:
        prec = 2
    if place.precision_km and place.precision_km > 10 and prec < 2:
        prec = 2
    admin1 = place.name if place.feature == "admin1" else place.admin1
    return EventPlace(place.name or place.text, place.lat, place.lon, admin1, place.admin1_code,
                      place.country_code, place.feature, prec)


def sentence_places(places: list[Place], start: int, end: int, text: str,
                    excluded: list[tuple[int, int]]) -> list[tuple[Place, str]]:
    """The sentence's place mentions with their role, minus those inside actor names."""
    out = []
    prev: Place | None = None
    for p in places:
        if not (start <= p.start < end):
            continue
        if any(a <= p.start < b for a, b in excluded):
            continue
        if p.feature == "continent":
            continue
        if p.start < start + dateline_end(text[start:end]):
            out.append((p, "dateline"))
        elif prev is not None and prev.resolved and _BEARING_FROM.fullmatch(
                text, prev.end, p.start):
            # "the village of Krasnohorivka, west of Donetsk": Donetsk says where the
            # village is; the event is in the village
            out.append((p, "reference"))
        else:
            out.append((p, classify(text[max(start, p.start - 90):p.start])))
        prev = p
    return out


# what says the name before is placed from this one: ", west of", ", just south of the city of"
_BEARING_FROM = re.compile(rf"\s*,\s*(?:(?:just|about|some)\s+)?{_DIR}\s+of\s+(?:the\s+)?"
                           r"(?:(?:city|town|village)\s+of\s+)?", re.I)


def choose(candidates: list[tuple[Place, str]], anchor: int) -> EventPlace | None:
    """The event's place: the usable mention nearest the trigger (char offset ``anchor``)."""
    usable = [(p, how) for p, how in candidates if how in ("plain", "near") and p.resolved]
    if usable:
        def key(item):
            p, how = item
            return (abs(p.start - anchor) + (40 if p.start < anchor else 0),
                    _FEATURE_PRECISION.get(p.feature, 1))
        p, how = min(usable, key=key)
        best = to_event_place(p, how)
        # A town named right after its region ("in Anbar province, in the town of X") is finer.
        for q, qhow in usable:
            e = to_event_place(q, qhow)
            if e.geo_precision < best.geo_precision and best.contains(e) and abs(q.start - p.start) < 80:
                best = e
        unresolved = [p for p, how in candidates if how == "plain" and not p.resolved]
        between = [p for p, how in candidates if how == "between" and p.resolved]
        if unresolved and len(between) >= 2 and best.geo_precision >= 3:
            return _midpoint(unresolved[0], between[:2])
        return best
    unresolved = [p for p, how in candidates if how == "plain" and not p.resolved]
    between = [p for p, how in candidates if how == "between" and p.resolved]
    if len(between) >= 2:
        return _midpoint(unresolved[0] if unresolved else None, between[:2])
    return None


def _midpoint(village: Place | None, towns: list[Place]) -> EventPlace:
    a, b = towns
    name = (village.name or village.text) if village else f"between {a.name or a.text} and {b.name or b.text}"
    return EventPlace(name, (a.lat + b.lat) / 2, (a.lon + b.lon) / 2, a.admin1, a.admin1_code,
                      a.country_code, "city", 2)


def dateline_place(candidates: list[tuple[Place, str]]) -> EventPlace | None:
    for p, how in candidates:
        if how == "dateline" and p.resolved:
            return to_event_place(p, "near")
    return None


def article_dateline(places: list[Place], text: str) -> EventPlace | None:
    """The place of the article's dateline ("MOGADISHU, Somalia (AP) —" opening a line), for
    an event whose sentences name no place the gazetteer has."""
    for p in places:
        line_start = text.rfind("\n", 0, p.start) + 1
        if p.resolved and not text[line_start:p.start].strip() and dateline_end(
                text[p.start:p.start + 200]):
            return to_event_place(p, "near")
    return None
