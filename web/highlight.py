"""An article as HTML: its place mentions marked, its event sentences shaded by event type.

Everything here is pure (no streamlit): text in, an HTML string out. Every character that comes
from an article, a gazetteer or a reviewer passes through :func:`html.escape` (attribute values
too), and a link is only made for an http(s) URL, so the page may show the result with
``st.html`` without trusting the text.

Spans may overlap: an event is a sentence and the places it names lie inside it; two events can
share one sentence; a stored span may even cross another's edge. The text is cut at every span
edge, consecutive pieces under the same events are wrapped in one event ``<span>``, and places
are ``<mark>``s inside it (a mark crossing an event's edge is split in two), so the markup is
always well nested.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import groupby
from typing import Any

from maps.build import EVENT_COLORS, OTHER_EVENT_COLOR
from maps.safe import safe_url

PLACE_RESOLVED_BG = "#cfe2ff"
PLACE_UNRESOLVED_BG = "#eeeeee"
PLACE_UNRESOLVED_BORDER = "#c0392b"
REVIEWED_BORDER = "#1a7f37"


@dataclass(frozen=True)
class PlaceMark:
    """A place mention to mark: its character span and what a hover should say."""

    start: int
    end: int
    tooltip: str
    resolved: bool = True
    reviewed: bool = False


@dataclass(frozen=True)
class EventMark:
    """An event's sentence to shade: its span, ACLED type, hover text and short tag."""

    start: int
    end: int
    event_type: str
    tooltip: str
    label: str = ""
    reviewed: bool = False


def esc(value: Any) -> str:
    """Any value as HTML text (also safe inside a double-quoted attribute); None is empty."""
    if value is None:
        return ""
    if isinstance(value, date):
        value = value.isoformat()
    return html.escape(str(value), quote=True)


def event_color(event_type: str | None) -> str:
    return EVENT_COLORS.get(event_type or "", OTHER_EVENT_COLOR)


def type_class(event_type: str | None) -> str:
    """A CSS class naming the event type: letters and digits only, whatever the type says."""
    slug = re.sub(r"[^a-z0-9]+", "-", (event_type or "other").lower()).strip("-")
    return f"cm-ev-{slug or 'other'}"


# -- tooltips from stored rows -------------------------------------------------------------------

def _present(value: Any) -> bool:
    if value is None:
        return False
    try:
        return not (value != value)  # NaN and pandas' NA are not values to show
    except TypeError:  # pd.NA refuses comparison in a boolean context
        return False


def place_tooltip(name: str | None, admin1: str | None, country: str | None, *,
                  resolved: bool, reviewed: bool = False, note: str | None = None) -> str:
    if not resolved:
        text = "unresolved"
    else:
        text = ", ".join(str(v) for v in (name, admin1, country) if _present(v) and v) or "resolved"
        if _present(note) and note:
            text += f" ({note})"
    return text + (" - reviewed" if reviewed else "")


def place_marks(rows: Iterable[Mapping[str, Any]],
                country_name: Callable[[str | None], str | None] = lambda code: code,
                ) -> list[PlaceMark]:
    """Marks from stored place rows (``Store.places`` records)."""
    marks = []
    for r in rows:
        resolved = _present(r.get("lat")) and _present(r.get("lon"))
        code = r.get("country_code") if _present(r.get("country_code")) else None
        reviewed = bool(r.get("reviewed")) if _present(r.get("reviewed")) else False
        tip = place_tooltip(r.get("name") if _present(r.get("name")) else None,
                            r.get("admin1") if _present(r.get("admin1")) else None,
                            country_name(code) or code, resolved=resolved, reviewed=reviewed,
                            note=r.get("note") if _present(r.get("note")) else None)
        marks.append(PlaceMark(int(r["start"]), int(r["end"]), tip, resolved, reviewed))
    return marks


def _date_text(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)[:10]


def event_tooltip(row: Mapping[str, Any]) -> str:
    g = lambda name: row.get(name) if _present(row.get(name)) else None  # noqa: E731
    kind = ": ".join(str(v) for v in (g("event_type"), g("sub_event_type")) if v)
    parts = [kind or "event"]
    if g("event_date"):
        parts.append(_date_text(g("event_date")))
    actors = " vs ".join(str(v) for v in (g("actor1"), g("actor2")) if v)
    if actors:
        parts.append(actors)
    if g("fatalities") is not None:
        parts.append(f"{int(g('fatalities'))} killed")
    if g("injuries") is not None:
        parts.append(f"{int(g('injuries'))} injured")
    if g("location"):
        parts.append(str(g("location")))
    tip = " - ".join(parts)
    if g("id") is not None:
        tip = f"#{int(g('id'))} {tip}"
    return tip + (" (reviewed)" if g("reviewed") else "")


def event_marks(rows: Iterable[Mapping[str, Any]]) -> list[EventMark]:
    """Marks from stored event rows (``Store.events_frame`` records)."""
    marks = []
    for r in rows:
        reviewed = bool(r.get("reviewed")) if _present(r.get("reviewed")) else False
        label = f"#{int(r['id'])}" if _present(r.get("id")) else ""
        marks.append(EventMark(int(r.get("start") or 0), int(r.get("end") or 0),
                               str(r.get("event_type") or "event"), event_tooltip(r), label,
                               reviewed))
    return marks


# -- rendering ------------------------------------------------------------------------------------

def _clip(start: int, end: int, n: int) -> tuple[int, int] | None:
    start, end = max(0, min(n, int(start))), max(0, min(n, int(end)))
    return (start, end) if start < end else None


def _place_open(mark: PlaceMark) -> str:
    classes = ["cm-place", "cm-resolved" if mark.resolved else "cm-unresolved"]
    if mark.resolved:
        style = f"background:{PLACE_RESOLVED_BG};"
    else:
        style = (f"background:{PLACE_UNRESOLVED_BG};"
                 f"border-bottom:2px dashed {PLACE_UNRESOLVED_BORDER};")
    if mark.reviewed:
        classes.append("cm-reviewed")
        style += f"outline:1px solid {REVIEWED_BORDER};"
    style += "padding:0 .1em;border-radius:3px;color:inherit"
    return f'<mark class="{" ".join(classes)}" title="{esc(mark.tooltip)}" style="{style}">'


def _event_open(marks: Sequence[EventMark]) -> str:
    first = marks[0]
    color = event_color(first.event_type)
    classes = ["cm-event", *dict.fromkeys(type_class(m.event_type) for m in marks)]
    if len(marks) > 1:
        classes.append("cm-multi")
    if all(m.reviewed for m in marks):
        classes.append("cm-reviewed")
    title = "\n".join(m.tooltip for m in marks)
    style = (f"background:{color}1f;border-bottom:2px solid {color};"
             "text-decoration:none;padding-bottom:1px")
    return f'<span class="{" ".join(classes)}" title="{esc(title)}" style="{style}">'


def _event_tag(mark: EventMark) -> str:
    text = " ".join(v for v in (mark.label, mark.event_type) if v)
    if mark.reviewed:
        text += " \u2713"
    color = event_color(mark.event_type)
    return (f'<sup class="cm-tag {type_class(mark.event_type)}" '
            f'style="color:{color};font-size:.7em;margin:0 .25em">{esc(text)}</sup>')


def render_text(text: str, places: Iterable[PlaceMark] = (),
                events: Iterable[EventMark] = ()) -> str:
    """The article text as escaped HTML with places marked and event sentences shaded.

    Spans outside the text are clipped to it; empty spans are ignored; of two overlapping place
    mentions the earlier (then the longer) is kept.
    """
    text = text or ""
    n = len(text)
    evs = [(span, m) for m in events if (span := _clip(m.start, m.end, n))]
    pls: list[tuple[tuple[int, int], PlaceMark]] = []
    for span, m in sorted(((s, m) for m in places if (s := _clip(m.start, m.end, n))),
                          key=lambda sm: (sm[0][0], -sm[0][1])):
        if not pls or span[0] >= pls[-1][0][1]:
            pls.append((span, m))
    cuts = sorted({0, n, *(x for s, _ in evs for x in s), *(x for s, _ in pls for x in s)})
    segments = [(a, b) for a, b in zip(cuts, cuts[1:]) if a < b]

    def events_over(seg: tuple[int, int]) -> tuple[int, ...]:
        return tuple(i for i, ((s, e), _) in enumerate(evs) if s <= seg[0] and seg[1] <= e)

    def place_over(seg: tuple[int, int]) -> int | None:
        for i, ((s, e), _) in enumerate(pls):
            if s <= seg[0] and seg[1] <= e:
                return i
        return None

    out: list[str] = []
    for ev_ids, group in groupby(segments, key=events_over):
        group = list(group)
        inner = []
        for place, pieces in groupby(group, key=place_over):
            pieces = list(pieces)
            body = esc(text[pieces[0][0]:pieces[-1][1]])
            inner.append(body if place is None else f"{_place_open(pls[place][1])}{body}</mark>")
        if not ev_ids:
            out.extend(inner)
            continue
        out.append(_event_open([evs[i][1] for i in ev_ids]) + "".join(inner) + "</span>")
        group_end = group[-1][1]
        out.extend(_event_tag(evs[i][1]) for i in ev_ids if evs[i][0][1] == group_end)
    return ('<div class="cm-article" style="white-space:pre-wrap;line-height:1.8;'
            f'font-size:1rem">{"".join(out)}</div>')


def render_header(title: str | None, url: str | None, published: date | None, source: str | None,
                  warnings: Iterable[str] = (), *, date_found: bool = False,
                  fallback_title: str = "Untitled article") -> str:
    """Title (a link only for an http(s) URL), publication date, source and warnings."""
    shown = esc(title.strip() if title and title.strip() else fallback_title)
    href = safe_url(url)
    if href:
        shown = (f'<a href="{esc(href)}" target="_blank" rel="noopener noreferrer nofollow">'
                 f"{shown}</a>")
    meta = []
    if published:
        how = " (from the text)" if date_found else ""
        meta.append(f"Published {esc(published)}{how}")
    else:
        meta.append("No publication date")
    if source:
        meta.append(f"Source: {esc(source)}")
    if url and not href:
        meta.append(f"Address (not a web link): {esc(url)}")
    parts = [f'<h2 class="cm-title" style="margin:0 0 .2em 0">{shown}</h2>',
             f'<div class="cm-meta" style="color:#666">{" &middot; ".join(meta)}</div>']
    items = "".join(f"<li>{esc(w)}</li>" for w in warnings if w)
    if items:
        parts.append('<ul class="cm-warnings" style="background:#fff8e1;border-left:4px solid '
                     f'#f0ad4e;padding:.4em .4em .4em 1.6em;margin:.5em 0">{items}</ul>')
    return f'<div class="cm-article-head">{"".join(parts)}</div>'


def render_legend(event_types: Iterable[str]) -> str:
    """What the colours mean: place marks, then one swatch per event type shown."""
    items = [
        _place_open(PlaceMark(0, 0, "resolved place")) + "resolved place</mark>",
        _place_open(PlaceMark(0, 0, "unresolved place", resolved=False))
        + "unresolved place</mark>",
        _place_open(PlaceMark(0, 0, "reviewed place", reviewed=True)) + "reviewed place</mark>",
    ]
    for event_type in dict.fromkeys(event_types):
        items.append(_event_open([EventMark(0, 0, event_type, event_type)]) + esc(event_type)
                     + "</span>")
    return ('<div class="cm-legend" style="font-size:.85em;display:flex;flex-wrap:wrap;'
            f'gap:.4em 1em;margin:.3em 0 .8em 0">{"".join(items)}</div>')
