"""Event dates from a sentence, resolved against the publication date (pure functions).

``time_precision`` follows ACLED: 1 day, 2 week (coded to its middle), 3 month (mid-month).
Weekdays mean the most recent such day on or before publication ("on Tuesday"), strictly
before for "last Tuesday". "N days after" counts back from the reference date of the story
(the event it is compared with), "N days ago" from publication. Year-only expressions ("in
2014", "three years after") are too coarse for ACLED and come back with ``coarse=True``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}
_MONTH_ABBR = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
               "sept": 9, "oct": 10, "nov": 11, "dec": 12}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_NUMS = {"one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
         "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
         "fourteen": 14, "fifteen": 15, "twenty": 20, "thirty": 30, "several": 3, "few": 3}

_MONTH_RE = (r"(?P<month>January|February|March|April|May|June|July|August|September|October|"
             r"November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|"
             r"Oct\.?|Nov\.?|Dec\.?)")
_YEAR = r"(?:,?\s+(?P<year>(?:19|20)\d\d))?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_WD = r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_N = r"(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|fifteen|twenty|thirty|several|a few|a|an)"

_PATTERNS: list[tuple[str, str]] = [
    ("mdy", rf"\b{_MONTH_RE}\s+{_DAY}\b{_YEAR}"),
    ("dmy", rf"\b{_DAY}\s+{_MONTH_RE}\b{_YEAR}"),
    ("rel", rf"\b{_N}\s+(?P<unit>day|week|month|year)s?\s+(?P<dir>ago|earlier|before|after|later|previously)\b"),
    ("yesterday", r"\b(?:yesterday|last night|overnight)\b"),
    ("today", r"\b(?:today|tonight|this morning|this afternoon|this evening|earlier today)\b"),
    ("lastweek", r"\blast week\b"),
    ("thisweek", r"\b(?:earlier this week|this week)\b"),
    ("lastmonth", r"\blast month\b"),
    ("thismonth", r"\b(?:earlier this month|this month)\b"),
    ("weekday", rf"\b(?P<mod>(?i:last|this past|on|early|late|since))?\s*{_WD}(?:['’]s)?\b"),
    ("month", rf"\b(?P<mod>(?i:in|since|during|early|late|mid-?|by|last|until|from|of))\s+(?:early\s+|late\s+|mid-?)?{_MONTH_RE}{_YEAR}\b"),
    ("month", rf"\b{_MONTH_RE}\s+(?P<year>(?:19|20)\d\d)\b"),
    ("year", r"\b(?:in|since|during|of)\s+(?:19|20)\d\d\b"),
    # a year's tally: "so far this year", "last year", "in the first five months of this year"
    ("year", r"\b(?:so far |earlier )?(?:this|last|the past|the previous)\s+year\b|"
             r"\bin\s+the\s+first\s+\w+\s+months\s+of\b|\bin\s+recent\s+(?:years|months)\b|"
             r"\b(?:over|in|during)\s+the\s+(?:past|last)\s+(?:\w+\s+)?(?:years|decades?)\b"),
    ("year", r"\bfor\s+(?:more than\s+|over\s+|nearly\s+|almost\s+|about\s+)?(?:a|an|\d+|two|three|four|five|six|"
             r"several|many)\s+(?:years?|months|decades?)\b"),
]
# Month and weekday names are matched as written ("may", "march" are verbs); the other
# expressions in any case: a sentence may open with them ("Yesterday, gunmen ...", "Last week")
_COMPILED = [(k, re.compile(p, 0 if k in ("mdy", "dmy", "month", "weekday") else re.I))
             for k, p in _PATTERNS]


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    date: date | None
    precision: int | None
    coarse: bool = False     # a year or more: not an ACLED event date
    relative_to_ref: bool = False


def _month_number(token: str) -> int:
    t = token.lower().rstrip(".")
    return MONTHS.get(t) or _MONTH_ABBR[t]


def _n(word: str) -> int:
    w = word.lower()
    return int(w) if w.isdigit() else _NUMS.get(w.replace("a few", "few"), 3)


def _mid_month(year: int, month: int, published: date | None) -> date:
    d = date(year, month, 15)
    if published and d > published and (year, month) == (published.year, published.month):
        d = published
    return d


def _past_year(month: int, day: int, published: date) -> int:
    year = published.year
    try:
        if date(year, month, day) > published:
            year -= 1
    except ValueError:
        pass
    return year


def weekday_on_or_before(published: date, weekday: int, strictly: bool = False) -> date:
    back = (published.weekday() - weekday) % 7
    if strictly and back == 0:
        back = 7
    return published - timedelta(days=back)


def _resolve(kind: str, m: re.Match, published: date | None, ref: date | None):
    """(date, precision, coarse, relative_to_ref) for one match."""
    g = m.groupdict()
    if kind in ("mdy", "dmy"):
        month, day = _month_number(g["month"]), int(g["day"])
        if not 1 <= day <= 31:
            return None
        year = int(g["year"]) if g.get("year") else (_past_year(month, day, published) if published else None)
        if year is None:
            return None, None, False, False
        try:
            return date(year, month, day), 1, False, False
        except ValueError:
            return None
    if kind == "month":
        if g["month"] == "May" and not g.get("year") and not g.get("mod"):
            return None
        month = _month_number(g["month"])
        if g.get("year"):
            year = int(g["year"])
        elif published:
            year = published.year if month <= published.month else published.year - 1
        else:
            return None, 3, False, False
        return _mid_month(year, month, published), 3, False, False
    if kind == "year":
        return None, None, True, False
    if kind == "rel":
        n, unit, direction = _n(g["n"]), g["unit"], g["dir"]
        if unit == "year":
            return None, None, True, False
        base = published if direction == "ago" else (ref or published)
        if base is None:
            return None, None, False, direction != "ago"
        days = n * {"day": 1, "week": 7, "month": 30}[unit]
        sign = 1 if direction == "later" else -1
        prec = {"day": 1, "week": 2, "month": 3}[unit]
        return base + timedelta(days=sign * days), prec, False, direction != "ago"
    if published is None:
        return None, None, False, False
    if kind == "yesterday":
        return published - timedelta(days=1), 1, False, False
    if kind == "today":
        return published, 1, False, False
    if kind == "lastweek":
        monday = published - timedelta(days=published.weekday() + 7)
        return monday + timedelta(days=3), 2, False, False
    if kind == "thisweek":
        monday = published - timedelta(days=published.weekday())
        return monday + (published - monday) / 2, 2, False, False
    if kind == "lastmonth":
        first = published.replace(day=1) - timedelta(days=1)
        return first.replace(day=15), 3, False, False
    if kind == "thismonth":
        return _mid_month(published.year, published.month, published), 3, False, False
    if kind == "weekday":
        wd = WEEKDAYS.index(g["wd"].lower())
        strictly = (g.get("mod") or "").lower() in ("last", "this past")
        return weekday_on_or_before(published, wd, strictly), 1, False, False
    return None


def find_dates(text: str, published: date | None, ref: date | None = None,
               offset: int = 0) -> list[DateMention]:
    """Every date expression in ``text`` (offsets shifted by ``offset``), leftmost-longest."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for kind, rx in _COMPILED:
        for m in rx.finditer(text):
            s, e = m.span()
            if any(s < b and a < e for a, b in taken):
                continue
            res = _resolve(kind, m, published, ref)
            if res is None:
                continue
            d, prec, coarse, rel = res
            taken.append((s, e))
            found.append(DateMention(s + offset, e + offset, m.group(0).strip(), d, prec, coarse, rel))
    return sorted(found, key=lambda x: x.start)


def resolve_date(expression: str, published: date | None, ref: date | None = None):
    """The (date, time_precision) of the first expression in ``expression``; (None, None) if none.

    >>> resolve_date("on Tuesday", date(2017, 9, 19))
    (datetime.date(2017, 9, 19), 1)
    """
    found = [d for d in find_dates(expression, published, ref) if not d.coarse]
    return (found[0].date, found[0].precision) if found else (None, None)
