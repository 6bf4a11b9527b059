"""Names the gazetteer lacks, placed where the sentence puts them, with that precision.

"Hajjaj, in Salaheddin province between the cities of Tikrit and Baiji" puts an unknown village
between two known towns; "the nearby village of X" puts X by the town named before it; "X is a
village in Y County" puts X in the county. Each such place keeps lat/lon with ``precision_km``
and a note saying what it was placed by; nothing is guessed from a far-away namesake.
"""

from __future__ import annotations

import math
import re
from typing import Callable

from spacy.tokens import Doc

from extract.containment import POSSESSIVE_GAP, WITHIN_KM
from extract.mentions import Mention
from extract.spans import is_street
from extract.resolve import haversine_km
from extract.types import Place
from gazetteer.index import Candidate

_BETWEEN = re.compile(r"\bbetween\b(?:\s+the)?(?:\s+(?:cities|towns|villages|city|town))?(?:\s+of)?\s*$", re.I)
_AND = re.compile(r"^\s*(?:and|&)\s*$")
# The kind a name is said to be before where it is: "the Nur Shams refugee camp near Tulkarm"
_KIND_AFTER = (r"^(?:\s+(?:(?:refugee|displacement|IDP|military|army|air)\s+)?(?:camp|village|"
               r"town|neighbou?rhood|base|checkpoint|crossing|suburb|township))?")
# What may stand between a name and what the sentence says about where it is: "Mahaday, a town
# 100 km north of Mogadishu", "Fraser Valley, a farming community near Vancouver", "X, which
# lies 20 km from Y", "a village some 30 km (19 miles) south of Mosul".
_APPOSED = (_KIND_AFTER + r"\s*,?\s*(?:(?:which|that)\s+)?(?:(?:is|was|lies|sits)\s+)?"
            r"(?:(?:located|situated)\s+)?"
            r"(?:(?:a|an|the)\s+(?:[\w\-]+\s+){0,3}?)?")
# ... and what may name the town: "the town of", "the state capital" (of Raipur)
_TOWN_OF = (r"(?:the\s+(?:(?:state|provincial|regional|district|county|border|port|market)\s+)?"
            r"(?:city|town|village|capital)\s+(?:of\s+)?)?$")
# A distance with a bearing ("north of") places a name; without one ("from", "outside")
# it still bounds where the name is: within that distance of the town.
_OFFSET = re.compile(
    _APPOSED + r"(?:(?:about|some|around|roughly|nearly|approximately|almost|just)\s+)?"
    r"(?P<dist>\d[\d,]*(?:\.\d+)?)\s*(?:-\s*)?(?P<unit>km|kms|kilomet(?:re|er)s?|miles?|mi)\b\.?\s*"
    r"(?:\([^()]{0,30}\)\s*)?(?:(?P<dir>(?:north|south)(?:-?(?:east|west))?|east|west)(?:ern)?\s+of"
    r"|(?:away\s+)?from|outside(?:\s+of)?)\s+" + _TOWN_OF, re.I)
_NEAR_AFTER = re.compile(
    _APPOSED + r"(?:near|close\s+to|next\s+to|outside(?:\s+of)?|on\s+the\s+(?:(?:north|south|east|"
    r"west)\w*\s+)?(?:outskirts|edge|fringes?)\s+of)\s+"
    + _TOWN_OF, re.I)
_BEARING = {"north": 0, "northeast": 45, "east": 90, "southeast": 135, "south": 180,
            "southwest": 225, "west": 270, "northwest": 315}
_NEAR = re.compile(r"\b(?:near|nearby|close to|outside|next to|neighbo(?:u)?ring|adjacent)\b", re.I)
NEAR_KM = 15.0  # how far "near" a town a place named without coordinates is taken to lie


def place_relative(doc: Doc, text: str, mentions: list[Mention], places: list[Place],
                   reach: Callable[[int | None], float | None] = lambda gid: None,
                   regions: bool = True) -> list[Place]:
    """Give unresolved mentions the position the sentence describes, with its precision.
    ``reach(geonameid)`` is a region's radius when its polygon gave one; ``regions=False``
    keeps to positions the sentence states (between, near), not a region merely nearby."""
    out = list(places)
    for i, p in enumerate(places):
        if p.resolved:
            continue
        sent = doc.char_span(p.start, p.end, alignment_mode="expand")
        if sent is None:
            continue
        s_start, s_end = sent.sent.start_char, sent.sent.end_char
        after = [j for j in range(i + 1, len(places))
                 if places[j].resolved and places[j].start < s_end]
        before = [j for j in range(i) if places[j].resolved and places[j].end > s_start]
        placed = (_between(text, p, places, after) or _offset(text, p, places, after)
                  or _near(text, p, places, before) or _of_town(text, p, places, before)
                  or _part_of_town(text, p, places, before, after)
                  or regions and _within_region(text, p, places, after + before, reach))
        if placed:
            out[i] = placed
    # one name, one place: repeats of a relatively placed name take its position
    by_key: dict[str, Place] = {}
    for i, p in enumerate(out):
        if p.resolved and p.note:
            by_key.setdefault(mentions[i].key, p)
    for i, p in enumerate(out):
        q = by_key.get(mentions[i].key)
        if not p.resolved and q is not None:
            out[i] = moved(p, q.lat, q.lon, q.precision_km, q.note, q.country_code,
                            q.admin1, q.admin1_code, q.score)
    return out

def stated_offset(text: str, places: list[Place], i: int) -> tuple[Place, Place] | None:
    """Where the words right after ``places[i]`` put it ("X, about 20 km east of Y", "X, a
    village near Y"), placed from the next resolved name, and that name's place; None when
    they say nothing."""
    after = [j for j in range(i + 1, len(places)) if places[j].resolved][:1]
    said = _offset(text, places[i], places, after)
    return (said, places[after[0]]) if said is not None else None


def _between(text: str, p: Place, places: list[Place], after: list[int]) -> Place | None:
    for a, b in zip(after, after[1:]):
        pa, pb = places[a], places[b]
        if _BETWEEN.search(text[p.end:pa.start]) and _AND.match(text[pa.end:pb.start]):
            if pa.feature != "city" or pb.feature != "city":
                continue
            lat, lon = (pa.lat + pb.lat) / 2, (pa.lon + pb.lon) / 2
            half = haversine_km(pa.lat, pa.lon, pb.lat, pb.lon) / 2
            return moved(p, lat, lon, round(half + 5, 1),
                          f"between {pa.name} and {pb.name} (not in the gazetteer)",
                          pa.country_code, pa.admin1, pa.admin1_code, 0.5)
    return None

def _offset(text: str, p: Place, places: list[Place], after: list[int]) -> Place | None:
    """"X, a town 100 km north of Y": X at that distance and bearing from Y, good to a fifth
    of the distance (news rounds them), at least 5 km. "X, 20 km from Y": X at Y, good to the
    distance and a fifth. "X, a village near Y": X at Y, good to :data:`NEAR_KM`."""
    if not after:
        return None
    q = places[after[0]]
    if q.feature not in ("city", "other") or q.lat is None:
        return None
    between = text[p.end:q.start]
    said = _OFFSET.match(between)
    if said is None:
        # near a town, not a lake or a river (which may lie anywhere along them)
        return _near_town(p, q) if q.feature == "city" and _NEAR_AFTER.match(between) else None
    km = float(said.group("dist").replace(",", ""))
    if said.group("unit").lower().startswith("mi"):
        km *= 1.609344
    how_far = f"{said.group('dist')} {said.group('unit')}"
    if said.group("dir") is None:
        return moved(p, q.lat, q.lon, round(max(5.0, km * 1.2), 1),
                     f"{how_far} from {q.name or q.text} (not in the gazetteer)", q.country_code,
                     q.admin1, q.admin1_code, 0.4)
    lat, lon = destination(q.lat, q.lon, _BEARING[said.group("dir").lower().replace("-", "")], km)
    return moved(p, lat, lon, round(max(5.0, km / 5), 1),
                 f"{how_far} {said.group('dir').lower()} of "
                 f"{q.name or q.text} (not in the gazetteer)", q.country_code, q.admin1,
                 q.admin1_code, 0.5)


def destination(lat: float, lon: float, bearing_deg: float, km: float) -> tuple[float, float]:
    """The point ``km`` from (lat, lon) along the initial bearing (great circle)."""
    d, b = km / 6371.0088, math.radians(bearing_deg)
    p1, l1 = math.radians(lat), math.radians(lon)
    p2 = math.asin(math.sin(p1) * math.cos(d) + math.cos(p1) * math.sin(d) * math.cos(b))
    l2 = l1 + math.atan2(math.sin(b) * math.sin(d) * math.cos(p1), math.cos(d) - math.sin(p1) * math.sin(p2))
    return math.degrees(p2), (math.degrees(l2) + 540) % 360 - 180


def _near(text: str, p: Place, places: list[Place], before: list[int]) -> Place | None:
    if not _NEAR.search(text[max(0, p.start - 40):p.start]):
        return None
    town = _last_town(places, before)
    return _near_town(p, town) if town else None


def _last_town(places: list[Place], idxs: list[int]) -> Place | None:
    """The last of these places that is a town."""
    return next((places[j] for j in reversed(idxs) if places[j].feature == "city"), None)


# The words for a town's part; between the town and the part's name: "in Nairobi slum Kibera"
_PART = r"neighbou?rhood|quarter|suburb|slum"
_PART_WORD_GAP = re.compile(rf"\s+(?:{_PART}|district|township)\s+")


def _of_town(text: str, p: Place, places: list[Place], before: list[int]) -> Place | None:
    """"Nairobi's Kibera", "Tripoli's Abu Salim district", "Nairobi slum Kibera": a part of the
    town named just before it, placed at the town, good to :data:`NEAR_KM`."""
    if not before:
        return None
    q = places[before[-1]]
    if q.feature != "city" or not (POSSESSIVE_GAP.fullmatch(text, q.end, p.start)
                                   or _PART_WORD_GAP.fullmatch(text, q.end, p.start)):
        return None
    return _near_town(p, q, "in")


# A town's part by its kind word after the name: "the Shejaiya neighbourhood" (not a district,
# which may lie well outside the town: "Kabul ... the Surobi district")
# (or before the town: "the Jobar neighbourhood of Damascus", "the Karrada district of Baghdad")
_PART_WORD_AFTER = re.compile(rf"\s+(?:{_PART}|refugee camp)\b(?!\s+(?:of|in)\b)", re.I)
# (or the first of a list of them: "the Souq al-Juma and Ain Zara districts of Tripoli")
_LISTED = r"(?-i:[A-Z])[\w'’-]*(?:\s+[\w'’-]+){0,3}?"
_PART_OF = re.compile(rf"(?:(?:\s*,\s*{_LISTED})*\s*,?\s+and\s+{_LISTED})?"
                      rf"\s+(?:{_PART}|district|(?:refugee\s+)?camp)s?\s+(?:of|in)\s+(?:the\s+)?"
                      r"(?:(?:city|town)\s+of\s+)?", re.I)


def names_a_part(text: str, end: int) -> bool:
    """Whether the words after a name say it is a part of a town ("the Zeitoun neighbourhood")."""
    return _PART_WORD_AFTER.match(text, end) is not None


def _part_of_town(text: str, p: Place, places: list[Place], before: list[int],
                  after: list[int]) -> Place | None:
    """"In Gaza City, an airstrike on a school in the Shejaiya neighbourhood", "the Jobar
    neighbourhood of Damascus": a part of the town its sentence names, placed at the town,
    good to :data:`NEAR_KM`."""
    if after and places[after[0]].feature == "city" and _PART_OF.fullmatch(
            text, p.end, places[after[0]].start):
        return _near_town(p, places[after[0]], "in")
    town = _last_town(places, before) if _PART_WORD_AFTER.match(text, p.end) else None
    return _near_town(p, town, "in") if town else None


def _near_town(p: Place, q: Place, how: str = "near") -> Place:
    """``p`` at the town ``q`` the sentence puts it near (or in), good to :data:`NEAR_KM`."""
    return moved(p, q.lat, q.lon, NEAR_KM, f"{how} {q.name or q.text} (not in the gazetteer)",
                 q.country_code, q.admin1, q.admin1_code, 0.5)


# What parts a region named before a name from it: another clause ("near Tame, Arauca,
# killing three, and in Catatumbo": Catatumbo is not in Arauca), not a comma alone ("In Borno,
# fighters attacked Kabasa village")
_NEXT_CLAUSE = re.compile(r",.*\band\b|;|\band\s+in\b")


def _within_region(text: str, p: Place, places: list[Place], nearby: list[int],
                   reach: Callable[[int | None], float | None]) -> Place | None:
    regions = [j for j in nearby if places[j].feature in ("admin1", "admin2")
               and _gap(places[j], p) < 60
               and not (places[j].end <= p.start and _NEXT_CLAUSE.search(text, places[j].end,
                                                                           p.start))]
    if not regions:
        return None
    q = places[regions[0]]
    return moved(p, q.lat, q.lon, reach(q.geonameid) or WITHIN_KM[q.feature],
                  f"somewhere in {q.name} (not in the gazetteer)",
                  q.country_code, q.admin1 or q.name, q.admin1_code, 0.3)


def _gap(q: Place, p: Place) -> int:
    """Characters between two mentions, whichever comes first (a long name is no farther)."""
    return p.start - q.end if q.end <= p.start else q.start - p.end


def within(p: Place, outer: Candidate, reach_km: float | None = None) -> Place:
    """``p`` placed at the container the text names for it (not in the gazetteer), good to
    the container's reach (its radius when known)."""
    return moved(p, outer.lat, outer.lon, reach_km or WITHIN_KM[outer.level],
                  f"in {outer.name} (not in the gazetteer)", outer.country_code or None,
                  None, outer.admin1_code or None, 0.3)


def moved(p: Place, lat, lon, precision_km, note, cc, admin1, admin1_code, score) -> Place:
    return Place(p.start, p.end, p.text, None, round(lat, 5), round(lon, 5), None, cc, admin1,
                 p.feature if p.feature != "other" or is_street(p.text) else "city", score,
                 admin1_code, precision_km, note)
