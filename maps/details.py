"""One event, in full, for the panel beside the map: its fields and the article text around it.

Pure functions; the page renders their HTML with ``st.html``. Every piece of article text is
escaped here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import pandas as pd

from maps.safe import escape_html, safe_url

# (field, label) in the order the panel lists them.
FIELDS = (
    ("id", "Event id"), ("event_type", "Event type"), ("sub_event_type", "Sub-event type"),
    ("event_date", "Date"), ("time_precision", "Time precision"), ("actor1", "Actor 1"),
    ("actor2", "Actor 2"), ("assoc_actors", "Associated actors"), ("fatalities", "Fatalities"),
    ("injuries", "Injuries"), ("location", "Location"), ("admin1", "Admin1"),
    ("country", "Country"), ("country_code", "Country code"), ("lat", "Latitude"),
    ("lon", "Longitude"), ("geo_precision", "Geo precision"), ("background", "Background"),
    ("trigger", "Trigger"), ("confidence", "Confidence"), ("origin", "Origin"),
    ("reviewed", "Reviewed"), ("article_id", "Article id"), ("article_published", "Published"),
)
TIME_PRECISION = {1: "day", 2: "week", 3: "month"}
GEO_PRECISION = {1: "town", 2: "near a town / part of a region", 3: "region only"}
# A sentence ends at . ! or ? (and any closing quotes/brackets) before white space, or at a
# blank line.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)\]]*\s+|\n\s*\n")


def _missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _display(name: str, value: Any) -> str:
    if name == "time_precision":
        return f"{value} ({TIME_PRECISION.get(int(value), '?')})"
    if name == "geo_precision":
        return f"{value} ({GEO_PRECISION.get(int(value), '?')})"
    if name in ("background", "reviewed"):
        return "yes" if value else "no"
    if name == "confidence":
        return f"{float(value):.2f}"
    if name in ("lat", "lon"):
        return f"{float(value):.5f}"
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return str(value)


def event_fields(event: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(label, value) for every field the event has a value for."""
    return [(label, _display(name, event[name])) for name, label in FIELDS
            if name in event and not _missing(event[name]) and event[name] != ""]


def sentence_starts(text: str) -> list[int]:
    """Offsets where the text's sentences start (a simple splitter: no model needed here)."""
    return [0] + [m.end() for m in _SENTENCE_END.finditer(text) if m.end() < len(text)]


def context(text: str, start: int, end: int, around: int = 2) -> tuple[str, str, str]:
    """(before, sentence, after): ``text[start:end]`` with ``around`` sentences either side."""
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    if end <= start:
        return "", "", ""
    starts = sentence_starts(text)
    first = [s for s in starts if s <= start]
    lo = first[max(len(first) - 1 - around, 0)] if first else 0
    later = [s for s in starts if s >= end]
    hi = later[around] if len(later) > around else len(text)
    return text[lo:start], text[start:end], text[end:hi]


def _marked(sentence: str, place: str | None) -> str:
    """The escaped sentence with the place's first mention in <b>."""
    at = sentence.lower().find(place.lower()) if place else -1
    if at < 0 or len(sentence.lower()) != len(sentence):
        return escape_html(sentence)
    stop = at + len(place)
    return (escape_html(sentence[:at]) + "<b>" + escape_html(sentence[at:stop]) + "</b>"
            + escape_html(sentence[stop:]))


def context_html(text: str, start: int, end: int, place: str | None = None,
                 around: int = 2, expect: str | None = None) -> str:
    """The article around the event, escaped, its sentence in <mark> and the place in <b>.

    '' when the span is empty, or when it does not hold ``expect`` (the event's sentence as
    stored: a reviewer's event has no span, an edited text may have moved it).
    """
    before, sentence, after = context(text, start, end, around)
    if not sentence or (expect is not None and " ".join(sentence.split())
                        != " ".join(expect.split())):
        return ""
    lead = "\u2026 " if before and text[:start].strip() != before.strip() else ""
    tail = " \u2026" if after and text[end:].strip() != after.strip() else ""
    body = (escape_html(lead + before) + "<mark>" + _marked(sentence, place) + "</mark>"
            + escape_html(after.rstrip() + tail))
    return ('<div class="cm-context" style="white-space:pre-wrap;line-height:1.5">'
            f"{body}</div>")


def sentence_html(sentence: str, place: str | None = None) -> str:
    """The event's own sentence (when the article text is not at hand), place in <b>."""
    return f"<blockquote><mark>{_marked(sentence or '', place)}</mark></blockquote>"


def article_link_html(title: str | None, url: str | None) -> str:
    """The article's title, linked when its URL is http(s); escaped."""
    label = escape_html(title or url or "untitled article")
    link = safe_url(url)
    if link is None:
        return f"<span>{label}</span>"
    return (f'<a href="{escape_html(link)}" target="_blank" rel="noopener noreferrer">'
            f"{label}</a>")
