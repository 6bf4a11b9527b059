"""Coordinates written in the text: "Medina is located at 41°8′9″N 81°51′51″W", "the camp
(36.34 N, 43.13 E)". They say where a named place is more precisely than any gazetteer reading,
so the name they follow is placed by them.

Only forms with hemisphere letters are read: a bare pair of signed numbers ("(36.3, 43.1)")
may be anything, and which of the two is the latitude is a convention the text does not state.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Coordinate:
    start: int
    end: int
    lat: float
    lon: float
    precision_km: float  # half the last unit written: 41°8′N is good to about 1 km


_KM_PER_DEGREE = 111.2


# One axis: degrees, then optional minutes and seconds (any of the marks writers use), then the
# hemisphere; or decimal degrees and the hemisphere.
_MIN = r"[′'’`]"
_SEC = r"(?:″|''|’’|\"|”)"
_AXIS = (r"(?P<{a}d>\d{{1,3}}(?:\.\d+)?)\s*(?:°|º|˚|\s?deg(?:rees?)?\.?)?\s*"
         r"(?:(?P<{a}m>\d{{1,2}}(?:\.\d+)?)\s*" + _MIN + r"\s*"
         r"(?:(?P<{a}s>\d{{1,2}}(?:\.\d+)?)\s*" + _SEC + r"\s*)?)?"
         r"(?P<{a}h>[{h}])\b")
_PAIR = re.compile(
    r"(?<![\w.])" + _AXIS.format(a="y", h="NS") + r"\s*[,;/]?\s*" + _AXIS.format(a="x", h="EW"))


def _degrees(m: re.Match, axis: str) -> float | None:
    d, mins, secs = (m.group(axis + k) for k in "dms")
    deg = float(d)
    if (mins or secs) and "." in d:
        return None  # "36.5°12′": not a way anyone writes an angle
    total = deg + float(mins or 0) / 60 + float(secs or 0) / 3600
    if float(mins or 0) >= 60 or float(secs or 0) >= 60:
        return None
    return -total if m.group(axis + "h") in "SW" else total


def _precision_km(m: re.Match) -> float:
    if m.group("ys") is not None:
        unit = 1 / 3600
    elif m.group("ym") is not None:
        unit = 1 / 60
    else:
        digits = m.group("yd").partition(".")[2]
        unit = 10.0 ** -len(digits)
    return max(0.1, round(_KM_PER_DEGREE * unit / 2, 1))


def find_coordinates(text: str) -> list[Coordinate]:
    """Every latitude-longitude pair with hemisphere letters, in order of appearance."""
    out = []
    for m in _PAIR.finditer(text):
        lat, lon = _degrees(m, "y"), _degrees(m, "x")
        if lat is None or lon is None or abs(lat) > 90 or abs(lon) > 180:
            continue
        if m.group("ym") is None and "°" not in m.group(0) and "." not in m.group("yd"):
            continue  # "in 2 N 3 E"? Whole numbers with bare letters are too easily not a point
        out.append(Coordinate(m.start(), m.end(), round(lat, 6), round(lon, 6), _precision_km(m)))
    return out


# What may stand between a name and the coordinates that say where it is:
# "Medina is located at", "Medina, at", "Medina (", "the village lies at coordinates".
_SAYS_WHERE = re.compile(
    r"^\s*,?\s*(?:\([^()]{0,40}\)\s*)?(?:(?:is|was|are|lies|sits)\s+)?"
    r"(?:(?:located|situated|centred|centered)\s+)?(?:(?:at|on|near)\s+)?"
    r"(?:(?:the\s+)?(?:geographic\s+)?coordinates?\s*)?:?\s*[(\[]?\s*$", re.I)


def says_where(text_between: str) -> bool:
    """True when the text between a name and coordinates after it ties them to the name."""
    return bool(_SAYS_WHERE.match(text_between))


# How far after a name its coordinates may start and end
_REACH = 120


def point_after(text: str, end: int, points: list[Coordinate]) -> Coordinate | None:
    """The point of ``points`` (the text's, in order) that the name ending at ``end`` is
    followed by ("X (34.91 N, 43.52 E)", "X is located at 41°8′N 81°51′W"), if any."""
    for p in points:
        if p.start >= end:
            return p if p.end - end <= _REACH and says_where(text[end:p.start]) else None
    return None


def followed_by_coordinates(after: str) -> bool:
    """True when the text after a name starts by giving its coordinates: the name is a place
    whatever NER called it."""
    return point_after(after, 0, find_coordinates(after[:_REACH])) is not None
