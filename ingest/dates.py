"""Publication dates: a field value from a batch file, or a dateline in an article's first lines.

English month names and ISO dates only; numeric dates like 03/04/2024 are ambiguous between
day-first and month-first and are not guessed. Anything unreadable is None, never an error.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime

_MONTHS = {name: i for i, name in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}
_MONTHS.update({name[:3]: i for name, i in list(_MONTHS.items())})
_MONTHS["sept"] = 9

_MONTH = (r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|"
          r"Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WEEKDAY = r"(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?\s+)?"
_DATE_PATTERNS = [
    re.compile(rf"\b{_WEEKDAY}{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE),  # March 3, 2024
    re.compile(rf"\b{_WEEKDAY}{_DAY}\s+{_MONTH},?\s+{_YEAR}\b", re.IGNORECASE),  # 3 March 2024
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mon>[01]\d)-(?P<day>[0-3]\d)\b"),  # 2024-03-03
]
_LEAD_LINES = 5
_SHORT_LINE = 100  # a byline or "Published ..." line, not a sentence of the story
_DATELINE_START = 60  # "BAGHDAD, March 3, 2024 -" puts the date near the line's start
_DATELINE_END = re.compile(r"\s*(?:\(\w+\)\s*)?[-–—:]")


def parse_date(value: object) -> date | None:
    """A date from a batch file's date field: ISO date/time, RFC 2822 or "March 3, 2024"."""
    if isinstance(value, datetime):
        return _plausible(value.date())
    if isinstance(value, date):
        return _plausible(value)
    if not isinstance(value, str) or not value.strip():
        return None
    s = value.strip()
    iso = re.fullmatch(r"((?:19|20)\d\d-[01]\d-[0-3]\d)(?:[T ][\d:.]+(?:Z|[+-]\d\d:?\d\d)?)?", s)
    if iso:
        return _plausible(_ymd(*map(int, iso.group(1).split("-"))))
    try:
        return _plausible(parsedate_to_datetime(s).date())
    except (TypeError, ValueError, IndexError):
        pass
    for pattern in _DATE_PATTERNS[:2]:
        m = pattern.fullmatch(s)
        if m:
            return _from_match(m)
    return None


def date_in_lead(text: str) -> date | None:
    """The publication date a dateline or byline gives in the first lines of an article.

    Only where papers put it: a short line ("Published March 3, 2024", "By A. Writer | 3 March
    2024") or a dateline opening a line ("MOSUL, Iraq, March 3, 2024 —"). A date inside a
    sentence of the story ("On March 3, 2003, troops ...") is an event, not the publication.
    """
    lines = [line.strip() for line in text[:2000].split("\n") if line.strip()][:_LEAD_LINES]
    for line in lines:
        for pattern in _DATE_PATTERNS:
            for m in pattern.finditer(line):
                dateline = (m.start() <= _DATELINE_START
                            and _DATELINE_END.match(line, m.end()) is not None)
                if len(line) <= _SHORT_LINE or dateline:
                    found = _from_match(m)
                    if found:
                        return found
    return None


def _from_match(m: re.Match) -> date | None:
    groups = m.groupdict()
    month = int(groups["mon"]) if groups.get("mon") else \
        _MONTHS.get(groups["month"].lower().rstrip("."))
    if month is None:
        return None
    return _plausible(_ymd(int(groups["year"]), month, int(groups["day"])))


def _ymd(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:  # 31 February and the like
        return None


def _plausible(d: date | None) -> date | None:
    """News is not published before 1900 or more than a day in the future."""
    if d is None or d.year < 1900 or (d - date.today()).days > 1:
        return None
    return d


# "anbar-offensive-2017-09-19.txt", "report_20170919.pdf": saved articles often carry their day
# in the file name. Only year-first forms: "09-10-2017" could be either day-first or month-first.
_NAME_DATE = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d\d)([-_.]?)(?P<mon>[01]\d)\2(?P<day>[0-3]\d)"
                        r"(?!\d)")


def date_in_name(name: str) -> date | None:
    """The date a file's name gives (year first), for an article whose text gives none."""
    for m in _NAME_DATE.finditer(name):
        found = _plausible(_ymd(int(m["year"]), int(m["mon"]), int(m["day"])))
        if found:
            return found
    return None
